import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

// The fields of Astro's blog starter, plus what wpclean writes besides.
const blog = defineCollection({
  loader: glob({ base: "./src/content/blog", pattern: "**/*.md" }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    pubDate: z.coerce.date().optional(),
    updatedDate: z.coerce.date().optional(),
    heroImage: z.string().optional(),
    draft: z.boolean().optional(),
    categories: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    aliases: z.array(z.string()).optional(),
  }),
});

export const collections = { blog };
