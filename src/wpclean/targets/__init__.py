"""The site generators wpclean writes for: each one's layout, the URLs it serves, and where posts go.

One `Target` per generator is the contract README's target table states; the
front matter each one reads is `targets.frontmatter`, the smallest site that
builds the output is `targets.scaffold`.  `generic` is no generator: files at
`{slug}.md`, links between posts as relative paths to the Markdown files.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Callable

from ..io import paths
from ..links.siteindex import Placement, url_path


def _hugo_url(rel: str, slug: str, fields: dict[str, str]) -> str:
    """Hugo serves `content/<section>/<name>.md` (or a bundle's `index.md`) at `/<section>/<slug>/`."""
    path = rel[len("content/"):] if rel.startswith("content/") else rel
    folder = posixpath.dirname(path)
    if posixpath.basename(path).rsplit(".", 1)[0] in ("index", "_index"):
        folder = posixpath.dirname(folder)
    return "/" + (folder + "/" if folder else "") + slug + "/"


def _jekyll_url(rel: str, slug: str, fields: dict[str, str]) -> str:
    """Written into each post as `permalink`, so a site's own `permalink:` style or categories cannot move it."""
    if fields.get("page") == "true":
        return url_path(posixpath.join(posixpath.dirname(rel), slug))
    if fields.get("year", "undated") == "undated":
        return f"/{slug}/"
    return f"/{fields['year']}/{fields['month']}/{fields['day']}/{slug}/"


def _eleventy_url(rel: str, slug: str, fields: dict[str, str]) -> str:
    """Eleventy serves `posts/<name>.md` at `/posts/<name>/`, from the file's path."""
    return url_path(rel)


_ASTRO_COLLECTION = "src/content/blog/"


def _astro_url(rel: str, slug: str, fields: dict[str, str]) -> str:
    """The scaffold's `src/pages/blog/[...slug].astro` serves an entry at `/blog/<id>/`; the glob loader's id is `slug`."""
    if rel.startswith(_ASTRO_COLLECTION):
        return f"/blog/{slug}/"
    return url_path(rel)


@dataclass(frozen=True)
class Target:
    name: str
    #: where a post goes below OUT, which is the site's root
    layout: str
    #: where a draft goes, for a generator with a place of its own for them
    draft_layout: str | None = None
    #: where a post with no date goes, for a generator whose layout needs one
    undated_layout: str | None = None
    #: where a WordPress page (`type: page`) goes: below its parent pages, served at its old path
    #: (for Hugo, each a section's `_index.md`: a page named as a folder of pages would hide it)
    page_layout: str | None = None
    #: the URL the generator serves a post at; None: links between posts stay file paths
    url: Callable[[str, str, dict[str, str]], str] | None = None
    #: figures and embeds written as Hugo's shortcodes
    shortcodes: bool = False

    def path_template(self, chosen: str | None, fields: dict[str, str]) -> str:
        """`--path-template` when given; else the generator's layout (for drafts, its drafts folder)."""
        if chosen:
            return chosen
        if fields.get("page") == "true" and self.page_layout:
            return self.page_layout
        if fields.get("draft") == "true" and self.draft_layout:
            return self.draft_layout
        if fields.get("year") == "undated" and self.undated_layout:
            return self.undated_layout
        return self.layout

    def place(self, rel: str, slug: str, fields: dict[str, str]) -> Placement:
        return Placement(rel, slug, self.url(rel, slug, fields) if self.url else None)


TARGETS: dict[str, Target] = {
    "generic": Target("generic", "{slug}.md"),
    "hugo": Target("hugo", "content/posts/{slug}.md", page_layout="content/{source_dir}/{slug}/_index.md", url=_hugo_url, shortcodes=True),
    # Jekyll reads no `_posts/` file without a date in its name: an undated post is a page.
    "jekyll": Target("jekyll", "_posts/{year}-{month}-{day}-{slug}.md", "_drafts/{slug}.md", "{slug}.md", "{source_dir}/{slug}.md", url=_jekyll_url),
    "eleventy": Target("eleventy", "posts/{slug}.md", page_layout="{source_dir}/{slug}.md", url=_eleventy_url),
    "astro": Target("astro", _ASTRO_COLLECTION + "{slug}.md", url=_astro_url),
}

def get(name: str) -> Target:
    return TARGETS[name]


def place_alone(target: Target, template: str | None, fields: dict[str, str]) -> Placement | None:
    """Where a post cleaned on its own (stdin, the library) would go: as in a run, with no other
    post to collide with."""
    rel = paths.expand(target.path_template(template, fields), fields)
    return None if rel is None else target.place(rel, fields["slug"], fields)

