"""Reading a WordPress export (WXR 1.0–1.2) as a stream of items, in flat memory.

lxml's `iterparse` reads one `<item>` at a time and each is cleared once read, so a 1 GB
export costs what its largest item costs.  What items refer to by id (attachments: their URL,
alt text and caption) is gathered in a first pass (`Site`), so a post can use an attachment
exported after it.  Exports are often damaged: control characters WordPress never escaped are
dropped while reading (`_CleanBytes`), and lxml's recovering parser reads past the rest; an
item that cannot be read is reported by its line and the run goes on.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import unquote

from lxml import etree

#: the namespaces of every WXR version (1.0 and 1.1 exports say /1.0/ and /1.1/)
_WP = re.compile(r"^\{https?://wordpress\.org/export/1\.\d/\}")
_EXCERPT = re.compile(r"^\{https?://wordpress\.org/export/1\.\d/excerpt/\}")
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
#: bytes XML 1.0 forbids (WordPress exports them unescaped from pasted text)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: a CDATA end that is not followed by a closing tag or the next section: text of the post
_EARLY_CDATA_END = re.compile(rb"\]\]>(?!\s*</|<!\[CDATA\[)")


@dataclass
class Attachment:
    url: str
    alt: str = ""
    caption: str = ""
    title: str = ""
    parent: str = ""
    order: int = 0


@dataclass
class Item:
    """One `<item>`, its fields as WordPress wrote them (strings), its terms and its meta."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    #: (domain, nicename, name) of each `<category>`: category, post_tag, post_format, custom taxonomies
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[dict[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def post_id(self) -> str:
        return self.get("post_id")

    @property
    def post_type(self) -> str:
        return self.get("post_type") or "post"

    @property
    def slug(self) -> str:
        return unquote(self.get("post_name"))  # non-ASCII slugs are exported percent-encoded


@dataclass
class Site:
    """What items refer to by id, read in a first pass: authors, categories, attachments, pages."""

    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    #: nicename -> (name, parent nicename)
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)
    #: page id -> (slug, parent id), for the path of a page below its parents
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def page_path(self, post_id: str) -> list[str]:
        """The slugs from the top page down to this one."""
        return _lineage(self.pages, post_id)

    def category_path(self, nicename: str) -> list[str]:
        """The names from the top category down to this one."""
        return _lineage(self.categories, nicename)

    def gallery(self, parent: str) -> list[Attachment]:
        """The images attached to a post, in the order WordPress shows them (`[gallery]` without ids)."""
        found = [a for a in self.attachments.values() if a.parent == parent and a.url]
        return sorted(found, key=lambda a: a.order)


def _lineage(parents: dict[str, tuple[str, str]], key: str) -> list[str]:
    """Each name from the top down to `key`, in a mapping of key -> (name, parent key); a loop in
    damaged data is cut where it closes."""
    names: list[str] = []
    seen: set[str] = set()
    while key in parents and key not in seen:
        seen.add(key)
        name, key = parents[key]
        names.insert(0, name)
    return names


class WxrError(Exception):
    """An export that cannot be read at all (not XML, or not a WordPress export)."""


def read_site(path: Path) -> Site:
    site = Site()
    for kind, element in _elements(path):
        if kind == "author":
            login, name = _child_text(element, "author_login"), _child_text(element, "author_display_name")
            site.authors[login] = name or login
        elif kind == "category":
            nicename = _child_text(element, "category_nicename")
            site.categories[nicename] = (html.unescape(_child_text(element, "cat_name")), _child_text(element, "category_parent"))
        elif kind == "item" and _child_text(element, "post_type") in ("attachment", "page"):  # posts are read in pass two
            item = _item(element)
            if item.post_type == "attachment":
                site.attachments[item.post_id] = Attachment(
                    item.get("attachment_url") or item.get("guid"), item.meta.get("_wp_attachment_image_alt", ""),
                    item.get("excerpt"), item.get("title"), item.get("post_parent"), _int(item.get("menu_order")),
                )  # fmt: skip
            elif item.post_type == "page":
                site.pages[item.post_id] = (item.slug or item.post_id, item.get("post_parent"))
    return site


def read_items(path: Path) -> Iterator[Item]:
    """Every item of the export, as it comes."""
    for kind, element in _elements(path):
        if kind == "item":
            yield _item(element)


def _elements(path: Path) -> Iterator[tuple[str, etree._Element]]:
    """The channel's parts as they end, by name: ("item", el), ("author", el), ("category", el)…;
    each cleared once the caller has it."""
    with open(path, "rb") as raw:
        stream = _CleanBytes(raw)
        parser = etree.iterparse(stream, events=("end",), recover=True, huge_tree=True, resolve_entities=False, no_network=True)
        try:
            for _, element in parser:
                parent = element.getparent()
                if parent is None or parent.tag != "channel":
                    continue
                yield _local(element.tag), element
                element.clear()
                while element.getprevious() is not None:  # what came before is read: let it go
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise WxrError(f"not a readable WordPress export: {exc.msg} (line {exc.lineno or 1})") from None


def _item(element: etree._Element) -> Item:
    item = Item(element.sourceline if isinstance(element.sourceline, int) else 0)
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        name = _local(child.tag)
        if child.tag == _CONTENT:
            item.fields["content"] = child.text or ""
        elif _EXCERPT.match(child.tag):
            item.fields["excerpt"] = child.text or ""
        elif child.tag == _DC_CREATOR:
            item.fields["creator"] = (child.text or "").strip()
        elif name == "category":
            item.terms.append((child.get("domain", "category"), unquote(child.get("nicename", "")), html.unescape(child.text or "").strip()))
        elif name == "postmeta":
            key, value = _child_text(child, "meta_key"), _child_text(child, "meta_value", strip=False)
            if key:
                item.meta[key] = value
        elif name == "comment":
            item.comments.append({_local(c.tag): (c.text or "") for c in child if isinstance(c.tag, str) and _local(c.tag) != "commentmeta"})
        else:
            item.fields[name] = (child.text or "").strip()
    return item


def _child_text(element: etree._Element, name: str, strip: bool = True) -> str:
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            text = child.text or ""
            return text.strip() if strip else text
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


class _CleanBytes:
    """A binary file read with two kinds of damage repaired on the way: the control characters
    XML forbids are taken out, and a `]]>` inside a CDATA section (a post that quotes one, from an
    exporter that did not split it as WordPress does) is split, so the rest of the post is not
    lost.  A CDATA section in WXR only ever ends before a closing tag or another section."""

    _SPAN = 64  # bytes held back, so a `]]>` and what follows it are seen together

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.held = b""
        self.ready = bytearray()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.ready) < size:
            chunk = self.raw.read(1 << 16)
            self._take(chunk, last=not chunk)
            if not chunk:
                break
        if size < 0:
            size = len(self.ready)
        out = bytes(self.ready[:size])
        del self.ready[:size]
        return out

    def _take(self, chunk: bytes, last: bool) -> None:
        text = self.held + _CONTROL.sub(b"", chunk)
        cut = len(text) if last else max(0, len(text) - self._SPAN)
        out, pos = [], 0
        for match in _EARLY_CDATA_END.finditer(text):
            if match.start() >= cut:
                break
            out += [text[pos : match.start()], b"]]]]><![CDATA[>"]
            pos = match.end()
        cut = max(cut, pos)
        out.append(text[pos:cut])
        self.ready += b"".join(out)
        self.held = text[cut:]
