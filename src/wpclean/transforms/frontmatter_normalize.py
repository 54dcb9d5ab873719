"""`frontmatter.normalize`: map the exporters' keys onto one documented set, in a fixed order."""
from __future__ import annotations

import html
from datetime import timezone
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from slugify import slugify

from .. import targets
from ..document import Document
from ..io import paths
from ..links.siteindex import Placement
from ..links.urls import split_url
from ..parsing import body, dates
from ..render import frontmatter as emit
from ..render.frontmatter import Timestamp
from ..targets.frontmatter import shaped
from .base import Context, Transform

#: the order of the keys wpclean writes; other keys follow in their original order
KEY_ORDER = (
    "title", "date", "modified", "slug", "draft", "author", "categories", "tags", "excerpt",
    "image", "canonical_url", "source_url", "aliases", "wordpress_id",
)  # fmt: skip

TITLE_KEYS: tuple[str, ...] = ("title", "post_title")
LOCAL_DATE_KEYS: tuple[str, ...] = ("date", "post_date", "pubDate")
GMT_DATE_KEYS: tuple[str, ...] = ("date_gmt", "post_date_gmt")
DATE_KEYS = LOCAL_DATE_KEYS + GMT_DATE_KEYS
MODIFIED_KEYS: tuple[str, ...] = ("modified", "post_modified", "lastmod", "last_modified", "updatedDate")
GMT_MODIFIED_KEYS: tuple[str, ...] = ("modified_gmt", "post_modified_gmt")
PERMALINK_KEYS: tuple[str, ...] = ("permalink", "link", "url")
ID_KEYS: tuple[str, ...] = ("wordpress_id", "ID", "id", "post_id")
SLUG_KEYS: tuple[str, ...] = ("slug", "post_name")
EXCERPT_KEYS: tuple[str, ...] = ("excerpt", "post_excerpt", "description", "summary")
STATUS_KEYS: tuple[str, ...] = ("draft", "published", "status")
CATEGORY_KEYS: tuple[str, ...] = ("categories", "category", "original_cats")
TAG_KEYS: tuple[str, ...] = ("tags", "tag", "post_tag")
CANONICAL_KEYS: tuple[str, ...] = ("canonical_url",)
SOURCE_KEYS: tuple[str, ...] = ("source_url", "original_link")
#: where exporters and themes put the featured image; the first that holds a URL becomes `image`
IMAGE_KEYS: tuple[str, ...] = ("image", "heroImage", "featured_image", "featuredImage", "cover_image", "coverImage", "thumbnail", "cover", "banner")
#: every key the canonical fields are made from; they do not reappear under their old names
CONSUMED = frozenset(
    TITLE_KEYS + DATE_KEYS + MODIFIED_KEYS + PERMALINK_KEYS + ID_KEYS + SLUG_KEYS + EXCERPT_KEYS
    + STATUS_KEYS + CATEGORY_KEYS + TAG_KEYS + CANONICAL_KEYS + SOURCE_KEYS + GMT_MODIFIED_KEYS
    + ("aliases", "redirect_from", "author", "image", "heroImage")
)  # fmt: skip
_TRUE = frozenset({"true", "yes", "on", "1", "y"})
_DRAFT_STATUSES = frozenset({"draft", "pending", "private", "auto-draft", "future", "trash"})
_PAGE_SUFFIXES = (".html", ".htm", ".php", ".aspx", ".shtml")


class NormalizeFrontMatter(Transform):
    """Give every post the same front-matter keys: title, date, slug, draft, categories, tags, ...

    Before:
        post_title: Hello &amp; welcome
        post_date: 2016-05-29 18:38:06
        permalink: https://example.com/hello-welcome/
        published: true
    After:
        title: Hello & welcome
        date: 2016-05-29T18:38:06
        slug: hello-welcome
        draft: false
        aliases:
        - /hello-welcome/
    """

    name = "frontmatter.normalize"
    codes = "WPC120-WPC122, WPC126"

    def apply(self, doc: Document, ctx: Context) -> Document:
        fm = doc.front_matter
        if fm.data is None:
            return doc
        before = fm.data
        after = self.normalized(doc, before, ctx)
        for key in ctx.config.frontmatter.drop_keys:
            after.pop(key, None)
        placement = ctx.placement or _alone(after, doc, ctx)
        url = placement.url if placement else None
        written = shaped(after, ctx.config.target, url, lambda: body.assemble(doc.segments, doc.body))
        if "slug" in written and _source_slug(before) is None:
            if ctx.placement is not None and ctx.placement.in_place and _name_gives(doc, written["slug"]):
                del written["slug"]  # the file keeps a name that says it already: a hand-written page stays as written
            elif written["slug"] == slugify(str(after.get("title") or "")):
                doc.find("WPC122", "slug derived from the title", line=fm.first_line)
        emitted = emit.dump(written)
        if fm.absent:  # never written (render.markdown): nothing to normalize
            fm.data, fm.emitted = after, emitted
            return doc
        if not fm.dirty:
            fm.dirty = fm.raw is None or (fm.raw != emitted and emit.meaning(fm.raw) != emit.meaning(emitted))
        if fm.dirty:
            doc.change(self.name, fm.first_line, fm.raw or "", emitted, f"front matter normalized: {_what_changed(before, emit.meaning(emitted))}")
        fm.data, fm.emitted = after, emitted
        return doc

    def normalized(self, doc: Document, data: dict[str, Any], ctx: Context) -> dict[str, Any]:
        line, fm_absent = doc.front_matter.first_line, doc.front_matter.absent
        out: dict[str, Any] = {}
        title = _first_text(data, TITLE_KEYS)
        if title:
            out["title"] = " ".join(html.unescape(title).split())
        elif not fm_absent:  # a file with no front matter does not claim to be a post
            doc.find("WPC120", "post has no title", line=line)
        for key, local_keys, gmt_keys in (("date", LOCAL_DATE_KEYS, GMT_DATE_KEYS), ("modified", MODIFIED_KEYS, GMT_MODIFIED_KEYS)):
            when = self._date(doc, data, local_keys + gmt_keys, line, required=key == "date" and not fm_absent)
            if when:
                out[key] = Timestamp(_zoned(when, data, local_keys, gmt_keys, ctx))
        slug = ctx.placement.slug if ctx.placement and ctx.placement.slug else self._slug(doc, data, out.get("title"))
        if slug:
            out["slug"] = slug
        draft = _is_draft(data)
        if draft is not None:
            out["draft"] = draft
        author = _author(data.get("author"))
        if author:
            out["author"] = author
        for key, sources in (("categories", CATEGORY_KEYS), ("tags", TAG_KEYS)):
            terms = _terms(data, sources)
            if key == "categories" and not ctx.config.frontmatter.keep_uncategorized:
                terms = [term for term in terms if term.casefold() != "uncategorized"]
            if terms:
                out[key] = terms
        excerpt = _first_text(data, EXCERPT_KEYS)
        if excerpt and excerpt.strip():
            out["excerpt"] = " ".join(html.unescape(excerpt).split())
        image_key = next((key for key in IMAGE_KEYS if isinstance(data.get(key), str) and data[key].strip()), None)
        if image_key:  # only the key read is consumed: a theme's `cover: {image: …}` mapping stays
            out["image"] = data[image_key]
        for key, sources in (("canonical_url", CANONICAL_KEYS), ("source_url", SOURCE_KEYS)):
            url = _first_text(data, sources)
            if url and url.strip():
                out[key] = html.unescape(url.strip())
        aliases = _aliases(data)
        if ctx.site is not None and ctx.placement is not None:  # an old URL two posts claim is the first one's
            aliases = [alias for alias in aliases if ctx.site.target(alias) in (None, ctx.placement.rel)]
        if aliases:
            out["aliases"] = aliases
        wp_id = _first_text(data, ID_KEYS)
        if wp_id and wp_id.strip().isdigit():
            out["wordpress_id"] = int(wp_id)
        for key, value in data.items():
            if key not in CONSUMED and key not in out and key != image_key:
                out[key] = value
        if "author" in data and "author" not in out:
            out["author"] = data["author"]  # an author we could not read: kept as written
        return out

    def _date(self, doc: Document, data: dict[str, Any], keys: tuple[str, ...], line: int, required: bool = True) -> Any:
        raw = _first_text(data, keys)
        if raw is None or not raw.strip():
            if required:
                doc.find("WPC128", "post has no date", line=line)
            return None
        iso = dates.to_iso(raw)
        if iso is None:
            doc.find("WPC121", f"date {raw.strip()!r} is not a valid date; dropped", line=line, fixed=True)
            return None
        return Timestamp(iso)

    def _slug(self, doc: Document, data: dict[str, Any], title: str | None) -> str | None:
        """From the permalink, a slug key, the title, or the file name; a document read from stdin has none."""
        given = _source_slug(data)
        if given:
            return given
        if title and slugify(title):
            return slugify(title)
        return _name_slug(doc) if doc.source.from_a_file else None


def _what_changed(before: dict[str, Any], after: Any) -> str:
    """Which keys a normalization added, dropped or rewrote, for the finding that names them."""
    after = after if isinstance(after, dict) else {}
    before_plain = emit.meaning(emit.dump(before)) or {}
    added = [k for k in after if k not in before_plain]
    dropped = [k for k in before_plain if k not in after]
    rewritten = [k for k in after if k in before_plain and after[k] != before_plain[k]]
    parts = [f"{label} {', '.join(map(str, keys[:5]))}{' …' if len(keys) > 5 else ''}"
             for label, keys in (("added", added), ("dropped or renamed", dropped), ("rewritten", rewritten)) if keys]  # fmt: skip
    return "; ".join(parts) or "keys put in order"


def _alone(data: dict[str, Any], doc: Document, ctx: Context) -> Placement | None:
    target = targets.get(ctx.config.target)
    if target.url is None or not data.get("slug"):
        return None
    return targets.place_alone(target, ctx.config.path_template, paths.template_fields(data, doc.source.path))


def _zoned(iso: str, data: dict[str, Any], local_keys: tuple[str, ...], gmt_keys: tuple[str, ...], ctx: Context) -> str:
    """A date and time with the offset it was written in: `--timezone`; else WordPress's own zone,
    told by the GMT copy of the date; else, for a site generator that would guess, UTC."""
    if not dates.has_clock_without_offset(iso):
        return iso
    if ctx.config.timezone:
        return dates.localized(iso, dates.zone(ctx.config.timezone))
    local, gmt = _first_text(data, local_keys), _first_text(data, gmt_keys)
    if local is None:  # only the GMT copy was exported
        return dates.localized(iso, timezone.utc)
    gmt_iso = dates.to_iso(gmt) if gmt else None
    zone = dates.offset_between(iso, gmt_iso) if gmt_iso else None
    if zone is None and ctx.config.target != "generic":
        zone = timezone.utc
    return dates.localized(iso, zone) if zone else iso


def _first_text(data: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that holds text: an empty `title:` never hides a filled `post_title:`."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str) and value.strip():
            return value
    return None


def _is_draft(data: dict[str, Any]) -> bool | None:
    """Whether the post is a draft; None when the export does not say (nothing is invented)."""
    draft = _first_text(data, ("draft",))
    if draft is not None:
        return draft.strip().lower() in _TRUE
    published = _first_text(data, ("published",))
    if published is not None:
        return published.strip().lower() not in _TRUE
    status = _first_text(data, ("status",))
    if status is None:
        return None
    return status.strip().lower() in _DRAFT_STATUSES


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("display_name", "name", "login"):
            if isinstance(value.get(key), str) and value[key].strip():
                return " ".join(value[key].split())
        return None
    if isinstance(value, str) and value.strip():
        return " ".join(html.unescape(value).split())
    return None


def _terms(data: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """Category or tag names: comma-joined strings split, mappings read by name, duplicates dropped."""
    terms: list[str] = []
    for key in keys:
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                item = item.get("name") or item.get("slug")
            if not isinstance(item, str):
                continue
            for part in item.split(","):
                name = " ".join(html.unescape(part).split())
                if name and name not in terms:
                    terms.append(name)
    return terms


def _source_slug(data: dict[str, Any]) -> str | None:
    """The slug the export gives: its permalink's last part, or a slug key."""
    for key in PERMALINK_KEYS:
        candidate = _slug_from_permalink(data.get(key))
        if candidate:
            return candidate
    for key in SLUG_KEYS:
        value = data.get(key)
        if isinstance(value, str) and slugify(value):
            return str(slugify(value))
    return None


def _name_slug(doc: Document) -> str:
    stem = PurePosixPath(doc.source.path).stem
    return slugify(dates.strip_date_prefix(stem)) or slugify(stem) or "untitled"


def _name_gives(doc: Document, slug: str) -> bool:
    """Whether the file's own name already says `slug` (generators read it from the name): an
    `index.md` or `_index.md` is named by its folder, so a slug made up for it says nothing."""
    return PurePosixPath(doc.source.path).stem in ("index", "_index") or _name_slug(doc) == slug


def _slug_from_permalink(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str) or not value.strip() or value.strip() == "false":  # Eleventy's "not written"
        return None
    path = split_url(html.unescape(value.strip())).path
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return None
    last = unquote(segments[-1])
    for suffix in _PAGE_SUFFIXES:
        if last.lower().endswith(suffix):
            last = last[: -len(suffix)]
    return slugify(last) or None


def _aliases(data: dict[str, Any]) -> list[str]:
    aliases: list[str] = []
    existing = data.get("aliases", data.get("redirect_from"))
    for item in existing if isinstance(existing, list) else [existing]:
        if isinstance(item, str) and item.strip():
            aliases.append(item.strip())
    permalink = _first_text(data, PERMALINK_KEYS)
    if permalink:
        parts = split_url(html.unescape(permalink.strip()))
        if (parts.scheme or permalink.startswith("/")) and parts.path not in ("", "/"):
            alias = parts.path if not parts.query else f"{parts.path}?{parts.query}"
            if alias not in aliases:
                aliases.append(alias)
    return aliases
