// Written by `wpclean clean --target eleventy --scaffold`: the smallest site that builds the
// migrated posts (`npx @11ty/eleventy`). Yours to change; wpclean never overwrites it.
export default function (eleventyConfig) {
  eleventyConfig.addGlobalData("layout", "post.njk");
  // Every old WordPress URL (a post's `aliases`) becomes a page that redirects to the post.
  eleventyConfig.addCollection("wpcleanRedirects", (collections) =>
    collections.getAll().flatMap((page) =>
      (page.data.aliases || []).map((from) => ({ to: page.url, file: from.endsWith("/") ? `${from}index.html` : from })),
    ),
  );
  return {
    dir: { input: ".", output: "_site" },
    markdownTemplateEngine: false, // a post's {{ }} and {% %} are its text, not templates
  };
}
