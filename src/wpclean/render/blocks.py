"""The block-level rules of the Markdown writer: headings, quotes, lists, code, tables, figures."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..embeds import hugo_shortcode, shortcode_value
from . import escape


_LANGUAGE_PATTERNS = (
    re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)"),
    re.compile(r"(?:^|\s)lang:([\w+#.-]+)"),  # Crayon
    re.compile(r"brush:\s*([\w+#.-]+)"),  # SyntaxHighlighter
    re.compile(r"(?:^|\s)highlight-(?:source-)?([\w+#.-]+)"),
)
_HEADING_RE = re.compile(r"h([1-6])")
_ANCHOR_RE = re.compile(r"[A-Za-z][\w.:-]*")
_CELL_BLOCKERS = frozenset("table ul ol pre blockquote h1 h2 h3 h4 h5 h6 figure dl hr iframe".split())
CREDIT_CLASSES = ("credit", "image-credit", "caption-credit", "wp-media-credit", "photo-credit")
EMBED_TAGS = frozenset({"iframe", "object", "embed", "video", "audio"})
#: elements whose meaning is their markup: kept as cleaned HTML, with a finding
KEPT_BLOCKS = frozenset({"details", "form", "svg", "math", "canvas", "dl", "map", "select", "textarea"})


def code_language(*elements: HtmlElement) -> str:
    for el in elements:
        for attr in ("data-enlighter-language", "data-lang", "lang", "data-language"):
            value = el.get(attr)
            if value:
                return str(value).strip().lower()
        cls = el.get("class") or ""
        for pattern in _LANGUAGE_PATTERNS:
            match = pattern.search(cls)
            if match:
                return match.group(1).lower()
    return ""


def fenced(code: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"^[ \t]*(`{3,}|~{3,})", code, re.M)), default=0)
    fence = "`" * max(3, longest + 1)
    if "`" in language:
        fence = "~" * max(3, longest + 1)
    body = code if code.endswith("\n") else code + "\n"
    return f"{fence}{language}\n{body}{fence}"


def has_class(el: HtmlElement, *names: str) -> bool:
    classes = (el.get("class") or "").split()
    return any(name in classes for name in names)


class BlockRules:
    """Block rules, mixed into MarkdownWriter: `block(el)` returns the element's Markdown blocks."""

    if TYPE_CHECKING:  # what the rules use of the writer they are mixed into
        dropped: list[str]
        skip: HtmlElement | None
        target: str

        def blocks(self, el: HtmlElement) -> list[str]: ...
        def paragraphs(self, inline: str) -> list[str]: ...
        def inline_children(self, el: HtmlElement) -> str: ...
        def inline(self, el: HtmlElement) -> str: ...
        def image(self, el: HtmlElement) -> str: ...
        def is_block(self, el: HtmlElement) -> bool: ...
        def keep(self, el: HtmlElement, reason: str, keep_ids: bool = False) -> list[str]: ...
        def embed(self, el: HtmlElement) -> list[str]: ...

    def block(self, el: HtmlElement) -> list[str]:
        from .mdwriter import DROPPED

        tag = el.tag.lower()
        if tag in DROPPED:
            self.dropped.append(tag)
            return []
        heading = _HEADING_RE.fullmatch(tag)
        if heading:
            return self.heading(el, int(heading.group(1)))
        rule = {
            "blockquote": self.blockquote,
            "ul": self.list_block,
            "ol": self.list_block,
            "menu": self.list_block,
            "dir": self.list_block,
            "pre": self.pre,
            "hr": lambda _: ["* * *"],  # `---` first in a body would read as a front-matter fence
            "table": self.table,
            "figure": self.figure,
            "wpc-embed": self.embed,
        }.get(tag)
        if rule is not None:
            return rule(el)
        if tag in EMBED_TAGS:
            return self.embed(el)
        if tag in KEPT_BLOCKS:
            return self.keep(el, f"<{tag}> has no Markdown form")
        return self.blocks(el)

    def heading(self, el: HtmlElement, level: int) -> list[str]:
        text = " ".join(
            part.replace("\\\n", " ").replace("\n", " ").strip()
            for part in self.paragraphs(self.inline_children(el))
        ).strip()
        if not text:
            return self.blocks(el) if len(el) else []
        anchor = (el.get("id") or "").strip()
        if anchor and _ANCHOR_RE.fullmatch(anchor) and self.target != "generic":
            # In-page links (`#part-2`) need the id: Hugo and Jekyll (kramdown) read `{#id}`;
            # Astro makes ids from the text; Eleventy's Markdown makes none.
            if self.target in ("hugo", "jekyll"):
                return ["#" * level + " " + text + " {#" + anchor + "}"]
            if self.target == "eleventy" or anchor != _github_slug(el.text_content()):
                return self.keep(el, "heading id kept for in-page links", keep_ids=True)
        return ["#" * level + " " + text]

    def blockquote(self, el: HtmlElement) -> list[str]:
        if has_class(el, "twitter-tweet", "instagram-media"):
            links = [a.get("href") for a in el.iter("a") if a.get("href")]
            if links and ("/status/" in links[-1] or "/p/" in links[-1]):
                shortcode = hugo_shortcode(links[-1]) if self.target == "hugo" else None
                return self.blocks(el) + [shortcode or escape.markup_safe(links[-1])]
        inner = "\n\n".join(self.blocks(el))
        if not inner.strip():
            return []
        return ["\n".join(("> " + line).rstrip() for line in inner.split("\n"))]

    def list_block(self, el: HtmlElement) -> list[str]:
        if _is_footnote_list(el):  # Markdown lists have no ids: the notes stay HTML, so `#fn1` and the way back resolve
            return self.keep(el, "footnotes kept as HTML so their links resolve", keep_ids=True)
        ordered = el.tag.lower() == "ol"
        try:
            number = int(el.get("start", "1"))
        except ValueError:
            number = 1
        items: list[list[str]] = []
        loose = False
        for child in el:
            if not isinstance(child.tag, str):
                continue
            blocks = self.blocks(child)
            if not blocks:
                continue
            items.append(blocks)
            loose = loose or any(c.tag == "p" for c in child if isinstance(c.tag, str))
        lines = []
        for blocks in items:
            marker = f"{number}." if ordered else "-"
            number += 1
            indent = " " * (len(marker) + 1)
            body = ("\n\n" if loose else "\n").join(blocks)
            first, *rest = body.split("\n")
            lines.append(
                "\n".join([f"{marker} {first}"] + [(indent + line) if line.strip() else "" for line in rest])
            )
        return [("\n\n" if loose else "\n").join(lines)] if lines else []

    def pre(self, el: HtmlElement) -> list[str]:
        from .mdwriter import text_with_breaks

        children = [c for c in el if isinstance(c.tag, str)]
        code_el = children[0] if len(children) == 1 and children[0].tag == "code" and not (el.text or "").strip() else el
        code = "".join(text_with_breaks(el, "\n"))
        if (el.text or "").startswith("\n"):
            code = code[1:]  # HTML ignores a newline right after <pre>, not after <pre><code>
        if not code.strip():
            return []
        return [fenced(code, code_language(el, code_el))]

    def table(self, el: HtmlElement) -> list[str]:
        rows = [tr for tr in el.iter("tr") if _nearest_table(tr) is el]
        grid = [[c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr in rows]
        grid = [row for row in grid if row]
        if not grid:
            return self.blocks(el)
        width = len(grid[0])
        simple = all(len(row) == width for row in grid) and not any(
            c.get("colspan", "1") not in ("", "1") or c.get("rowspan", "1") not in ("", "1")
            or any(isinstance(d.tag, str) and d.tag in _CELL_BLOCKERS for d in c.iterdescendants())
            for row in grid for c in row
        )  # fmt: skip
        if not simple:
            return self.keep(el, "table is not rectangular or has block content; kept as HTML")
        cells = [[self.cell(c) for c in row] for row in grid]
        aligns = [_alignment(c) for c in grid[0]]
        lines = ["| " + " | ".join(cells[0]) + " |", "| " + " | ".join(aligns) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return ["\n".join(lines)]

    def cell(self, el: HtmlElement) -> str:
        text = " ".join(self.blocks(el))
        text = text.replace("\\\n", " ").replace("\n", " ")
        return re.sub(r"(?<!\\)\|", r"\\|", " ".join(text.split()))

    def figure(self, el: HtmlElement) -> list[str]:
        images = list(el.iter("img"))
        if len(images) != 1:
            return self.blocks(el)
        img = images[0]
        link = img.getparent() if img.getparent() is not None and img.getparent().tag == "a" else None
        image = self.image(img)
        if link is not None and link.get("href"):
            image = f"[{image}]({escape.link_destination(link.get('href'))})"
        caption_el = next((c for c in el.iter("figcaption")), None)
        caption = credit = ""
        if caption_el is not None:
            credit_el = next((c for c in caption_el.iterdescendants() if has_class(c, *CREDIT_CLASSES)), None)
            credit = " ".join(self.paragraphs(self.inline_children(credit_el))) if credit_el is not None else ""
            self.skip = credit_el
            caption = " ".join(self.paragraphs(self.inline_children(caption_el)))
            self.skip = None
        if self.target == "hugo" and img.get("src"):
            blocks = [_hugo_figure(img, link, caption, credit)]
        else:
            blocks = [escape.escape_line_starts(image)] if image else []  # alt text of a dropped image is text
            line = (f"*{caption}*" if caption else "") + (f" ({credit})" if credit else "")
            if line.strip():
                blocks.append(line.strip())
        others = [c for c in el if isinstance(c.tag, str) and c.tag not in ("figcaption", "a", "img") and img not in c.iter()]
        for other in others:
            blocks.extend(self.block(other) if self.is_block(other) else self.paragraphs(self.inline(other)))
        return blocks


def _hugo_figure(img: HtmlElement, link: HtmlElement | None, caption: str, credit: str) -> str:
    params = [("src", img.get("src", "").strip()), ("alt", " ".join((img.get("alt") or "").split())),
              ("caption", caption), ("attr", credit), ("link", link.get("href", "").strip() if link is not None else "")]  # fmt: skip
    return "{{< figure " + " ".join(f"{k}={shortcode_value(v)}" for k, v in params if v) + " >}}"


def _nearest_table(el: HtmlElement) -> HtmlElement | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _alignment(cell: HtmlElement) -> str:
    align = (cell.get("align") or "").lower()
    style = (cell.get("style") or "").replace(" ", "").lower()
    if "text-align:center" in style or align == "center":
        return ":---:"
    if "text-align:right" in style or align == "right":
        return "---:"
    return "---"


def _github_slug(text: str) -> str:
    """The id Astro (github-slugger) gives a heading: lower case, punctuation dropped, spaces as `-`."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _is_footnote_list(el: HtmlElement) -> bool:
    """WordPress's footnotes block (and the plugins'): every item has an id and a link back up the page."""
    items = [child for child in el if child.tag == "li"]
    return bool(items) and all(
        li.get("id") and any((a.get("href") or "").startswith("#") for a in li.iter("a")) for li in items
    )
