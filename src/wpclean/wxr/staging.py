"""One WXR item as the Markdown file an exporter would have written: front matter and HTML body.

The file then goes through the same pipeline as any export (so a post read from the XML and
the same post exported to Markdown come out the same), with what only the XML knows filled in:
the author's display name, the featured image's URL, galleries as the images they show.
"""
from __future__ import annotations

import html
import re
from typing import Any

import yaml

from ..parsing.shortcodes import parse_attrs
from .reader import Attachment, Item, Site

#: the post types written by default (`--post-types` chooses others, custom types included)
DEFAULT_TYPES = ("post", "page")
#: never posts: the menu, the media library, the block editor's own records, revisions
NEVER_WRITTEN = frozenset({"attachment", "nav_menu_item", "revision", "wp_block", "wp_template", "wp_template_part",
                           "wp_global_styles", "wp_navigation", "custom_css", "customize_changeset", "oembed_cache"})  # fmt: skip
STATUSES = ("publish", "draft", "pending", "private", "future")
#: post meta WordPress and its plugins keep for themselves (beyond every `_`-prefixed key)
_INTERNAL_META = frozenset({"amp_status", "jetpack_post_was_ever_published", "jetpack_anchor_podcast",
                            "spay_email", "email_notification", "timeline_notification", "geo_public"})  # fmt: skip
_ZERO_DATE = "0000-00-00 00:00:00"
_GALLERY_RE = re.compile(r"\[gallery\b([^\]]*)\]")
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LIBRARY_ID_RE = re.compile(r"\bwp-image-(\d+)\b")
_HAS_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"[^"]*\S[^"]*"|'[^']*\S[^']*')""", re.IGNORECASE)
_EMPTY_ALT_RE = re.compile(r"""\balt\s*=\s*(?:""|'')""", re.IGNORECASE)


def wanted(item: Item, post_types: tuple[str, ...]) -> str | None:
    """Why an item is not written (None: it is): a type not chosen, trash, or a status WordPress
    never shows."""
    if item.post_type in NEVER_WRITTEN:
        return f"{item.post_type} (never a post)"
    if item.post_type not in post_types:
        return f"{item.post_type} (not in --post-types)"
    status = item.get("status") or "publish"
    if status not in STATUSES:
        return f"status {status} (never shown by WordPress)"
    return None


def front_matter(item: Item, site: Site) -> dict[str, Any]:
    status = item.get("status") or "publish"
    protected = bool(item.get("post_password"))
    data: dict[str, Any] = {"title": html.unescape(item.get("title"))}
    for key, field in (("date", "post_date"), ("date_gmt", "post_date_gmt"), ("modified", "post_modified"), ("modified_gmt", "post_modified_gmt")):
        value = item.get(field)
        if value and value != _ZERO_DATE:
            data[key] = value
    if item.slug:
        data["slug"] = item.slug
    # A private or password-protected post was never public: it stays a draft until someone decides.
    data["status"] = "draft" if protected and status == "publish" else status
    if item.post_type != "post":
        data["type"] = item.post_type
    creator = item.get("creator")
    if creator:
        data["author"] = site.authors.get(creator, creator)
    categories = [name for domain, _, name in item.terms if domain == "category" and name]
    tags = [name for domain, _, name in item.terms if domain == "post_tag" and name]
    if categories:
        data["categories"] = categories
    if tags:
        data["tags"] = tags
    if item.get("excerpt").strip():
        data["excerpt"] = item.get("excerpt").strip()
    if item.get("link"):
        data["permalink"] = item.get("link")
    data["wordpress_id"] = item.post_id
    featured = site.attachments.get(item.meta.get("_thumbnail_id", ""))
    if featured is not None and featured.url:
        data["image"] = featured.url
    extra: dict[str, Any] = {}
    formats = [nicename.removeprefix("post-format-") for domain, nicename, _ in item.terms if domain == "post_format"]
    if formats:
        extra["format"] = formats[0]
    hierarchy = {name: " > ".join(site.category_path(nicename)) for domain, nicename, name in item.terms if domain == "category"}
    nested = {name: path for name, path in hierarchy.items() if " > " in path}
    if nested:
        extra["category_paths"] = nested
    for domain, _, name in item.terms:
        if domain not in ("category", "post_tag", "post_format"):
            extra.setdefault(domain, []).append(name)
    if item.get("is_sticky") == "1":
        extra["sticky"] = True
    if protected:
        extra["password_protected"] = True
    if item.get("comment_status"):
        extra["comment_status"] = item.get("comment_status")
    for key, value in sorted(item.meta.items()):
        if not key.startswith("_") and key not in _INTERNAL_META and value.strip():
            extra[key] = value
    if extra:
        data["extra"] = extra
    return data


def body(item: Item, site: Site, comments: bool = False) -> str:
    """The post's HTML as WordPress stores it, with each `[gallery]` whose images the export
    holds written as those images (a gallery of ids the export lacks stays as written), and
    with `comments`, its approved comments in a section of their own at the end."""
    text = _GALLERY_RE.sub(lambda m: _gallery(m, item, site), item.get("content"))
    text = _IMG_RE.sub(lambda m: _with_alt(m.group(0), site), text)
    return text + _comments(item) if comments else text


def _with_alt(tag: str, site: Site) -> str:
    """An image of the media library (`class="wp-image-754"`) with no alt text gets the alt text the
    library gives it, as WordPress itself shows it."""
    library = _LIBRARY_ID_RE.search(tag)
    attachment = site.attachments.get(library.group(1)) if library else None
    if attachment is None or not attachment.alt.strip() or _HAS_ALT_RE.search(tag):
        return tag
    alt = f'alt="{html.escape(attachment.alt.strip(), quote=True)}"'
    if _EMPTY_ALT_RE.search(tag):
        return _EMPTY_ALT_RE.sub(alt, tag, count=1)
    return f"<img {alt}{tag[4:]}"


def document(item: Item, site: Site, comments: bool = False) -> str:
    fm = yaml.safe_dump(front_matter(item, site), allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)
    return f"---\n{fm}---\n{body(item, site, comments)}\n"


def _comments(item: Item) -> str:
    """Approved comments, oldest first, each its author, date and text (pingbacks and trackbacks
    are links, not conversation: left out)."""
    shown = sorted(
        (c for c in item.comments if c.get("comment_approved") == "1" and c.get("comment_type", "") in ("", "comment")),
        key=lambda c: c.get("comment_date_gmt") or c.get("comment_date", ""),
    )
    if not shown:
        return ""
    parts = ["\n\n<h2>Comments</h2>"]
    for comment in shown:
        author = html.escape(comment.get("comment_author", "").strip() or "Anonymous")
        when = html.escape(comment.get("comment_date", "")[:10])
        # A heading each, not a quote: a comment may hold any HTML (lists, tables), which a
        # Markdown blockquote cannot always carry
        parts.append(f"<h3>{author}, {when}</h3>\n\n{comment.get('comment_content', '').strip()}")
    return "\n\n".join(parts)


def _gallery(match: re.Match[str], item: Item, site: Site) -> str:
    attrs, _ = parse_attrs(match.group(1))
    listed = attrs.get("ids") or attrs.get("include") or ""
    if listed:
        images = [site.attachments.get(i.strip()) for i in listed.split(",") if i.strip()]
        if any(image is None or not image.url for image in images):
            return match.group(0)
        shown = [image for image in images if image is not None]
    else:
        shown = site.gallery(attrs.get("id") or item.post_id)
    if not shown:
        return match.group(0)
    return "\n" + "\n".join(_figure(image) for image in shown) + "\n"


def _figure(image: Attachment) -> str:
    alt = html.escape(image.alt or "", quote=True)
    caption = f"<figcaption>{html.escape(image.caption.strip())}</figcaption>" if image.caption.strip() else ""
    return f'<figure class="wp-block-image"><img src="{html.escape(image.url, quote=True)}" alt="{alt}">{caption}</figure>'
