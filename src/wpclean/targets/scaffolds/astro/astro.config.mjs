// Written by `wpclean clean --target astro --scaffold`: the smallest site that builds the
// migrated posts (`npm install && npm run build`). Yours to change; wpclean never overwrites it.
import { defineConfig } from "astro/config";

export default defineConfig({});
