"""Front matter as each site generator reads it: key names, drafts, old URLs, required fields.

wpclean's own keys (`frontmatter.normalize`) are one documented set; a target
renames and reshapes them at the moment they are written, so the JSON record
and every rule see one vocabulary.  Each shape reads back as the same canonical
front matter, which is what makes a second clean change nothing.
"""
from __future__ import annotations

import functools
from typing import Any, Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..links.urls import split_url

#: wpclean's names -> the names a target's generator (or its starter template) reads
RENAMES: dict[str, dict[str, str]] = {
    "hugo": {"modified": "lastmod"},
    "jekyll": {"aliases": "redirect_from"},  # jekyll-redirect-from
    "astro": {"date": "pubDate", "modified": "updatedDate", "excerpt": "description", "image": "heroImage"},
}
#: Liquid (Jekyll, and Eleventy's default for Markdown) would run these in a post's text
_TEMPLATE_SYNTAX = ("{{", "{%")
DESCRIPTION_LENGTH = 160
_MARKDOWN = MarkdownIt("commonmark")
_AFTER_SLUG = ("slug", "modified", "date", "title")


def shaped(data: dict[str, Any], target: str, url: str | None, body: Callable[[], str]) -> dict[str, Any]:
    """`data` (wpclean's keys) as `target`'s generator reads it; `body` gives the cleaned Markdown."""
    if target == "generic":
        return data
    body = functools.cache(body)  # assembled once, and only if a rule needs it
    out = dict(data)
    # the old site's template name (jekyll-import writes `layout: post`): the new site has its own
    out.pop("layout", None)
    if "aliases" in out:
        out["aliases"] = served_aliases(out["aliases"], url)
        if not out["aliases"]:
            del out["aliases"]
    draft = out.get("draft") is True
    if target == "jekyll":
        out.pop("draft", None)
        if draft:
            _insert_after(out, _AFTER_SLUG, "published", False)
        if url:
            _insert_after(out, _AFTER_SLUG, "permalink", url)
        if any(mark in body() for mark in _TEMPLATE_SYNTAX):
            out["render_with_liquid"] = False
    elif target == "eleventy":
        if draft:  # Eleventy has no drafts of its own: a page with no permalink is not written
            _insert_after(out, ("draft",), "permalink", False)
            _insert_after(out, ("permalink",), "eleventyExcludeFromCollections", True)
        if any(mark in body() for mark in _TEMPLATE_SYNTAX):
            out["templateEngineOverride"] = "md"
    elif target == "astro":  # Astro's blog schema requires a title and a description
        tokens = functools.cache(lambda: _MARKDOWN.parse(body()))  # read once for both
        if not out.get("title"):
            title = first_text(tokens(), "heading_open") or str(out.get("slug") or "")
            if title:
                _insert_after(out, (), "title", title)
        if not out.get("excerpt"):
            description = first_text(tokens(), "paragraph_open") or str(out.get("title") or "")
            if description:
                _insert_after(out, ("tags", "categories", "author", "draft", *_AFTER_SLUG), "excerpt", description)
    names = RENAMES.get(target, {})
    return {names.get(key, key): value for key, value in out.items()}


def served_aliases(aliases: Any, url: str | None) -> list[str]:
    """The old URLs a static site can answer: paths, decoded (a server matches the decoded path),
    without query strings (`?p=12` needs a server's redirect map) or the post's own new URL."""
    kept: list[str] = []
    for alias in aliases if isinstance(aliases, list) else []:
        if not isinstance(alias, str):
            continue
        parts = split_url(alias)
        if parts.query or not parts.path.startswith("/") or parts.path == "/":
            continue
        path = unquote(parts.path)
        if path != url and path not in kept:
            kept.append(path)
    return kept


def first_text(tokens: list[Token], block: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The text of the first `block` (`paragraph_open`, `heading_open`) of a parsed Markdown body
    that has any, on one line, cut at a word before `limit`."""
    for opening, token in zip(tokens, tokens[1:]):
        if opening.type != block or token.type != "inline" or not token.children:
            continue
        text = " ".join(
            "".join(child.content for child in token.children if child.type in ("text", "code_inline", "softbreak")).split()
        )
        if text:
            if len(text) <= limit:
                return text
            return text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"  # a word ending at `limit` is whole
    return ""


def _insert_after(data: dict[str, Any], anchors: tuple[str, ...], key: str, value: Any) -> None:
    """Set `key` right after the first of `anchors` the data has (else first), moving it if it is
    there already, so that a second clean puts it in the same place."""
    data.pop(key, None)
    items = list(data.items())
    keys = [name for name, _ in items]
    position = next((keys.index(anchor) + 1 for anchor in anchors if anchor in keys), 0)
    items.insert(position, (key, value))
    data.clear()
    data.update(items)
