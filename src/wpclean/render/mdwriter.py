"""Serializing a parsed HTML region to CommonMark + GFM, once, one rule per element kind.

Two text modes: `html` text is literal (whitespace collapsed, Markdown syntax
escaped); `markdown` text is already Markdown that carried some inline HTML,
so it is written as it was and only the elements are converted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree
from markdown_it.common.normalize_url import validateLink
from lxml.html import HtmlElement

from .. import embeds
from ..parsing.body import BLOCK_TAGS
from . import escape, htmlkeep
from .blocks import BlockRules, has_class

BR = "\ue000"  # a hard line break, placed while inline text is assembled
CODE_OPEN, CODE_CLOSE = "\ue001", "\ue002"  # around code spans, whose spaces are content
_CODE_SPAN_RE = re.compile(f"{CODE_OPEN}(.*?){CODE_CLOSE}", re.S)
_COLLAPSE_RE = re.compile(r"[ \t\n\r\f]+")
_BR_RUN_RE = re.compile(rf"[ \t]*{BR}(?:[ \t\n]*{BR})+[ \t\n]*")
_BR_ONE_RE = re.compile(rf"[ \t]*{BR}[ \t]*\n?[ \t]*")
_BLANK_RE = re.compile(r"\n{3,}")
_SPACES_RE = re.compile(r"  (?<=\S  ) *")  # `(?<=\S) {2,}`, written to start with what it finds
_AUTOLINKABLE_RE = re.compile(r"(?:https?|ftp|mailto):[^\s<>]+")

#: elements that make blocks: HTML's block-level tags (not <ins>, which region detection counts
#: only for ad markup), and the ones wpclean's own transforms insert
BLOCK = (BLOCK_TAGS - {"ins"}) | frozenset("html dl dt dd summary wpc-embed wpc-gallery svg math canvas map select textarea".split())
#: marks where an element's Markdown text begins, in Markdown-text mode (removed before output)
_FROM_HTML = "\ue022"
DROPPED = frozenset("script style noscript template meta link base title head wbr".split())
EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "strong": "**", "b": "**", "del": "~~", "s": "~~", "strike": "~~"}
CODE = frozenset({"code", "kbd", "samp", "tt"})
KEPT_INLINE = frozenset({"sup", "sub"})


@dataclass
class Kept:
    """An element written as cleaned HTML because Markdown cannot say it."""

    tag: str
    reason: str
    line: int | None


@dataclass
class MarkdownWriter(BlockRules):
    markdown_text: bool = False
    kept: list[Kept] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    #: an element being rendered elsewhere (a figure's credit), skipped where it stands
    skip: HtmlElement | None = None
    #: `hugo` writes figures and embeds as Hugo shortcodes; every other target as plain Markdown
    target: str = "generic"
    #: inside a link's text a `]` would end it early, so it is escaped there
    in_link: int = 0
    #: images whose URL no Markdown renderer accepts (`javascript:`): dropped, their alt text kept
    unsafe_images: list[str] = field(default_factory=list)

    def convert(self, root: HtmlElement) -> str:
        self._has_block = _elements_with_block_descendants(root)
        self._root = root
        blocks = self.blocks(root)
        return _BLANK_RE.sub("\n\n", "\n\n".join(b for b in blocks if b.strip())).replace(_FROM_HTML, "")

    # -- text -------------------------------------------------------------

    def text(self, text: str | None) -> str:
        if not text:
            return ""
        if self.markdown_text:
            return escape.markup_safe(text)
        text = escape.escape_inline(_COLLAPSE_RE.sub(" ", text))
        return text.replace("]", "\\]") if self.in_link and "]" in text else text

    def is_block(self, el: HtmlElement) -> bool:
        return isinstance(el.tag, str) and (el.tag in BLOCK or el in self._has_block)

    # -- blocks -----------------------------------------------------------

    def blocks(self, el: HtmlElement) -> list[str]:
        """The blocks of a container: runs of inline content become paragraphs."""
        out: list[str] = []
        run: list[str] = [self.text(el.text)]
        for child in el:
            if isinstance(child.tag, str) and self.is_block(child):
                out.extend(self.paragraphs("".join(run)))
                run = []
                out.extend(self.block(child))
            else:
                run.append(self.inline(child))
            run.append(self.text(child.tail))
        out.extend(self.paragraphs("".join(run)))
        return out

    def paragraphs(self, inline: str) -> list[str]:
        """Finish a run of inline Markdown: breaks resolved, whitespace tidied, line starts escaped."""
        if self.markdown_text:
            text = _BR_ONE_RE.sub("\\\\\n", _BR_RUN_RE.sub("\n\n", _unmark_code(inline)))
            text = "\n".join("" if not line.strip(" \t\xa0") else line for line in text.split("\n"))
            text = _BLANK_RE.sub("\n\n", text)  # a dropped `&nbsp;` spacer leaves one blank line
            if not text.strip():
                return []
            # A run cut out of a line by a block (a figure mid-paragraph) keeps no space at that edge;
            # a run that starts on a line of its own keeps its indentation, which Markdown reads.
            mid_line = not text.startswith("\n")
            text = text.strip("\n").rstrip(" \t\xa0")
            if _FROM_HTML in text:
                text = _escape_converted_line_starts(text)
            return [text.lstrip(" \t\xa0") if mid_line else text]
        if CODE_OPEN in inline:  # odd pieces are code spans, whose spaces are kept
            text = "".join(p if i % 2 else _SPACES_RE.sub(" ", p) for i, p in enumerate(_CODE_SPAN_RE.split(inline)))
        else:
            text = _SPACES_RE.sub(" ", inline)
        out = []
        for para in _BR_RUN_RE.split(text) if BR in text else (text,):
            para = para.strip(f" \t\n\xa0{BR}")
            if BR in para:
                para = _BR_ONE_RE.sub("\\\\\n", para)
            if para.strip(" \xa0\\\n"):
                out.append(escape.escape_line_starts(para))
        return out

    # -- inline -----------------------------------------------------------

    def inline_children(self, el: HtmlElement) -> str:
        # Markdown text inside an element: if the element opened a line, its text now will (below).
        parts = [(_FROM_HTML if self.markdown_text and el is not self._root else "") + self.text(el.text)]
        for child in el:
            parts.append(self.inline(child))
            parts.append(self.text(child.tail))
        return "".join(parts)

    def inline(self, el: HtmlElement) -> str:
        if el is self.skip:
            return ""
        tag = el.tag
        if not isinstance(tag, str):
            return self.comment(el)
        tag = tag.lower()
        if tag in DROPPED:
            self.dropped.append(tag)
            return ""
        if tag == "br":
            return BR
        if tag == "img":
            return self.image(el)
        if tag == "a":
            return self.link(el)
        if tag in EMPHASIS:
            return _wrap(self.inline_children(el), EMPHASIS[tag])
        if tag in CODE or (tag == "span" and has_class(el, "crayon-inline")):
            return self.code(el)
        if tag in KEPT_INLINE:
            self.kept.append(Kept(tag, f"<{tag}> has no Markdown form", el.sourceline))
            if is_footnote_reference(el):  # its link's id is what the note's way back points at
                return htmlkeep.clean_html(el, keep_ids=True)
            return f"<{tag}>{self.inline_children(el)}</{tag}>"
        if tag == "q":
            return f"“{self.inline_children(el)}”"
        if tag == "input":
            return ""
        if self.is_block(el):  # a block inside inline context (a <p> in a <span>): keep its words
            return f" {BR}{BR}".join(self.blocks(el)) + BR + BR
        return self.inline_children(el)

    def comment(self, node: etree._Comment) -> str:
        """`<!--more-->` (the excerpt break), `<!--nextpage-->` (a page break) and `<!-- wpclean: ... -->`
        directives are kept; others go."""
        text = (node.text or "").strip() if isinstance(node, etree._Comment) else ""
        if text.lower() in ("more", "nextpage"):
            return f"{BR}{BR}<!--{text.lower()}-->{BR}{BR}"
        if text.startswith("wpclean:"):
            return f"{BR}{BR}<!-- {text} -->{BR}{BR}"
        return ""

    def code(self, el: HtmlElement) -> str:
        content = "".join(text_with_breaks(el, " ")).replace("\n", " ")
        return f"{CODE_OPEN}{escape.code_span(content)}{CODE_CLOSE}" if content.strip() else content

    def image(self, el: HtmlElement) -> str:
        src = (el.get("src") or el.get("data-src") or "").strip()
        if not src:
            return ""
        alt = _COLLAPSE_RE.sub(" ", el.get("alt") or "").strip()
        if not validateLink(src):  # `javascript:` and the like: no renderer shows it, so its alt text stands
            self.unsafe_images.append(src)
            return escape.escape_inline(alt)
        alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        return f"![{alt}]({escape.link_destination(src)}{escape.link_title(el.get('title') or '')})"

    def link(self, el: HtmlElement) -> str:
        href = (el.get("href") or "").strip()
        self.in_link += 1
        inner = self.inline_children(el)
        self.in_link -= 1
        if not href or href.lower().startswith("javascript:"):
            return inner
        if not validateLink(href):  # file:, vbscript:, data: are no links to markdown-it (Eleventy, VitePress)
            self.kept.append(Kept("a", f"link to {href.split(':', 1)[0]}: URL kept as HTML: markdown-it renders no link", el.sourceline))
            return f'<a href="{escape.attribute(href)}">{inner}</a>'
        if not inner.strip(f" {BR}\xa0"):
            return inner  # a link with nothing to click on
        lead, core, trail = _split_space(inner)
        title = el.get("title") or ""
        if not title and _AUTOLINKABLE_RE.fullmatch(href) and core in (href, escape.escape_inline(href)):
            return f"{lead}<{href}>{trail}"  # the link shows its own URL: an autolink says it once
        return f"{lead}[{core}]({escape.link_destination(href)}{escape.link_title(title)}){trail}"

    def keep(self, el: HtmlElement, reason: str, keep_ids: bool = False) -> list[str]:
        self.kept.append(Kept(el.tag, reason, el.sourceline))
        return [htmlkeep.clean_html(el, keep_ids)]

    def embed(self, el: HtmlElement) -> list[str]:
        src = el.get("src") or el.get("data-src") or ""
        url = el.get("data-url") if el.tag == "wpc-embed" else embeds.canonical_embed_url(src)
        if url:
            shortcode = embeds.hugo_shortcode(url) if self.target == "hugo" else None
            return [shortcode or escape.markup_safe(url)]
        return self.keep(el, f"<{el.tag}> from an unknown provider kept as HTML")


def is_footnote_reference(el: HtmlElement) -> bool:
    """`<sup><a href="#fn1" id="fnref1">1</a></sup>` (WordPress's footnotes block and the plugins)."""
    return len(el) == 1 and el[0].tag == "a" and (el[0].get("href") or "").startswith("#") and bool(el[0].get("id"))


def _escape_converted_line_starts(text: str) -> str:
    """`<span>1984.</span> was` opened its line with a tag; converted, `1984.` opens it and must
    not become a list marker. Lines the Markdown source opened keep their meaning."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip(" \t\xa0").startswith(_FROM_HTML):
            lines[i] = escape.escape_line_starts(line.replace(_FROM_HTML, ""))
    return "\n".join(lines)


def _unmark_code(text: str) -> str:
    return text.replace(CODE_OPEN, "").replace(CODE_CLOSE, "")


def _wrap(inner: str, marker: str) -> str:
    lead, core, trail = _split_space(inner)
    if not core.strip(BR):
        return inner
    return f"{lead}{marker}{core}{marker}{trail}"


def _split_space(text: str) -> tuple[str, str, str]:
    stripped = text.strip(" \xa0")
    if not stripped:
        return text, "", ""
    start = text.index(stripped)
    return text[:start], stripped, text[start + len(stripped) :]


def text_with_breaks(el: HtmlElement, br: str) -> Iterator[str]:
    """The text of an element with `<br>` as `br`, comments and dropped elements skipped."""
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            if child.tag == "br":
                yield br
            elif child.tag not in DROPPED:
                yield from text_with_breaks(child, br)
        if child.tail:
            yield child.tail


def _elements_with_block_descendants(root: HtmlElement) -> set[HtmlElement]:
    """Every element that contains a block-level element, in one pass over the tree."""
    marked: set[HtmlElement] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in BLOCK:
            parent = el.getparent()
            while parent is not None and parent not in marked:
                marked.add(parent)
                parent = parent.getparent()
    return marked
