"""Reading Markdown with markdown-it-py: which lines are code or HTML blocks, and where inline syntax sits.

markdown-it-py gives block tokens with line maps but no character offsets for
inline tokens.  The inline rules that consume syntax rather than prose (code
spans, links, images, autolinks, inline HTML, entities, escapes) are wrapped so
that each records the source range it consumed; the range is then mapped from
the paragraph's content back to the text that was read.  Text-level edits and
the HTML-island writer use these spans instead of guessing with patterns.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

#: inline rules whose source is syntax, not prose, and the kind of span each records
_RECORDED_RULES = {
    "escape": "escape",
    "backticks": "code",
    "link": "link",
    "image": "image",
    "autolink": "autolink",
    "html_inline": "html",
    "entity": "entity",
    "emphasis": "delimiter",
}
#: spans a text-level edit (a shortcode, an ad marker) must never touch
PROTECTED_KINDS = frozenset({"code", "link_open", "link_tail", "image", "autolink"})
_TAG_NAME_RE = re.compile(r"\s*<(/?)([A-Za-z][\w-]*)")
_BACKTICKS_RE = re.compile(r"`+")
#: kramdown's and Python-Markdown's `<div markdown="1">`: what the element holds is Markdown
MARKDOWN_INSIDE_RE = re.compile(r"\s*<([A-Za-z][\w-]*)\b[^>]*\smarkdown\s*=\s*[\"']?(?:1|block|span)\b[^>]*>", re.I)


#: a body's reference definitions, (label, href, title), so that every segment of it resolves `[text][label]`
References = tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Span:
    """A range of the text read, `start` to `end`, that holds one inline construct."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Image:
    """A Markdown image as markdown-it read it, with where it sits in the text."""

    src: str
    alt: str
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    """A Markdown link (inline or by reference) and where its brackets and label sit."""

    href: str
    title: str
    start: int
    end: int
    #: what the link shows: its label's text, code and image alt text, without markup
    text: str = ""


@dataclass
class Inline:
    """What a Markdown text holds inline: spans by kind, images, and where text edits may not go."""

    spans: list[Span] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: sorted, merged ranges that are not prose (code, link syntax, container markers, definitions)
    protected: list[tuple[int, int]] = field(default_factory=list)
    #: sorted ranges of code: code spans, fenced and indented code blocks
    code: list[tuple[int, int]] = field(default_factory=list)
    #: sorted ranges of inline content and HTML blocks: what is shown, markup and all
    prose: list[tuple[int, int]] = field(default_factory=list)

    @property
    def has_html(self) -> bool:
        return any(span.kind in ("html", "entity") for span in self.spans)


def _recording(rule: Callable[[StateInline, bool], bool], kind: str) -> Callable[[StateInline, bool], bool]:
    def record(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        records = state.env.get("wpc_spans")
        # An image's alt text is parsed again as a string of its own: offsets there are not the block's.
        if silent or records is None or state.src is not state.env.get("wpc_src"):
            return True
        block = state.env["wpc_block"]
        if kind == "link":
            label_end = parseLinkLabel(state, start, True)
            records.append((block, start, start + 1, "link_open", None))
            records.append((block, label_end, state.pos, "link_tail", None))
            tokens = state.tokens[count:]  # what it shows is read now: `text_join` merges tokens later
            opener = next((i for i, t in enumerate(tokens) if t.type == "link_open"), None)
            if opener is not None:
                records.append((block, start, state.pos, "link", (tokens[opener], _shown(tokens[opener + 1 :]))))
        elif kind == "delimiter":  # whether it is emphasis is known only after post-processing
            records.append((block, start, state.pos, kind, state.tokens[count:]))
        else:
            records.append((block, start, state.pos, kind, state.tokens[-1] if kind == "image" else None))
        return True

    return record


def _inline_with_positions(state: StateCore) -> None:
    """The core `inline` rule, telling the recording rules which block they are in."""
    for index, token in enumerate(state.tokens):
        if token.type == "inline":
            state.env["wpc_block"], state.env["wpc_src"] = index, token.content
            token.children = token.children or []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _as_written(url: str) -> str:
    return url


#: a link destination without brackets, parentheses or escapes, up to what ends it (a space or control character)
_PLAIN_DESTINATION_RE = re.compile(r"[^\x00-\x20\x7f\\()]+")
_DESTINATION_ENDS = frozenset(map(chr, range(0x21))) | {"\x7f"}


class _Destination:
    """A link destination read, in the shape markdown-it's link rules expect."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool, pos: int, text: str) -> None:
        self.ok, self.pos, self.str = ok, pos, text


def _link_destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's `parseLinkDestination`, the common case matched at once instead of character by character.

    A destination of plain characters ends where markdown-it's loop would stop
    it (a space, a control character, the end); anything else (`<…>`,
    parentheses, escapes) is left to markdown-it's own function.
    """
    match = _PLAIN_DESTINATION_RE.match(string, pos, maximum) if string[pos : pos + 1] != "<" else None
    if match is not None and (match.end() == maximum or string[match.end()] in _DESTINATION_ENDS):
        return _Destination(True, match.end(), unescapeAll(match.group()))
    return parseLinkDestination(string, pos, maximum)


def _parser(*, inline: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkDestination=_link_destination, parseLinkLabel=parseLinkLabel, parseLinkTitle=parseLinkTitle
    )
    # Destinations are wanted as their authors wrote them, not percent-encoded for an HTML page
    # (which is also where most of markdown-it's time on links goes).
    md.normalizeLink = md.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
    if not inline:
        md.core.ruler.disable(["inline", "text_join"])
        return md
    for rule in md.inline.ruler.__rules__:
        if rule.name in _RECORDED_RULES:
            md.inline.ruler.at(rule.name, _recording(rule.fn, _RECORDED_RULES[rule.name]))
    md.core.ruler.at("inline", _inline_with_positions)
    return md


_BLOCKS = _parser(inline=False)
_FULL = _parser(inline=True)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each CommonMark code span: a backtick run up to the next run of equal length.

    Linear: each run is looked at once, and the next run of each length is
    found through a per-length queue instead of a search.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    cursor = {length: 0 for length in by_length}
    spans, consumed_until = [], -1
    for index, (start, end) in enumerate(runs):
        if index <= consumed_until:
            continue
        queue, length = by_length[end - start], end - start
        while cursor[length] < len(queue) and queue[cursor[length]] <= index:
            cursor[length] += 1
        if cursor[length] < len(queue):
            closing = queue[cursor[length]]
            spans.append((start, runs[closing][1]))
            consumed_until = closing
    return spans


@dataclass(frozen=True)
class Blocks:
    """The block structure of a Markdown text: code lines, and top-level HTML blocks."""

    code_lines: frozenset[int]
    #: (first line, last line, first tag name or "!--") of each top-level HTML block
    html_blocks: tuple[tuple[int, int, str], ...]
    references: References = ()


@lru_cache(maxsize=64)
def blocks(text: str) -> Blocks:
    """Which lines are code (fenced or indented, at any depth) and where top-level HTML blocks are."""
    code: set[int] = set()
    html: list[tuple[int, int, str]] = []
    env: dict[str, Any] = {}
    for token in _BLOCKS.parse(text, env):
        if token.map is None:
            continue
        first, end = token.map
        if token.type in ("fence", "code_block"):
            code.update(range(first, end))
        elif token.type == "html_block" and token.level == 0:
            html.append((first, end - 1, _first_tag(token.content)))
    references = tuple(sorted((label, ref["href"], ref.get("title") or "") for label, ref in env.get("references", {}).items()))
    return Blocks(frozenset(code), tuple(html), references)


def code_blocks(text: str) -> list[str]:
    """The content of each fenced or indented code block in a text."""
    return [token.content for token in _BLOCKS.parse(text) if token.type in ("fence", "code_block")]


def _first_tag(html: str) -> str:
    if html.lstrip().startswith("<!--"):
        return "!--"
    match = _TAG_NAME_RE.match(html)
    return match.group(2).lower() if match else ""


_MAX_WRAPPER_DEPTH = 8  # `markdown="1"` inside `markdown="1"`: deeper ones are read as plain HTML


@lru_cache(maxsize=256)
def read_inline(text: str, references: References = (), depth: int = 0) -> Inline:
    """Every inline construct of a Markdown text, at its offsets in `text`; `references` are the whole body's."""
    env: dict[str, Any] = {"wpc_spans": [], "references": {label: {"href": href, "title": title} for label, href, title in references}}
    tokens = _FULL.parse(text, env)
    line_starts = _line_starts(text)
    lines = text.split("\n")
    inline = Inline()
    prose: list[tuple[int, int]] = []
    block_code: list[tuple[int, int]] = []
    offsets: dict[int, _Offsets | None] = {}
    used_on_line: dict[int, int] = {}  # table cells share a line: search each after the last
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type in ("fence", "code_block"):
            block_code.append((line_starts[token.map[0]], min(line_starts[token.map[1]], len(text))))
        elif token.type == "html_block":
            start, end = line_starts[token.map[0]], min(line_starts[token.map[1]], len(text))
            prose.append((start, end))
            wrapper = MARKDOWN_INSIDE_RE.match(text, start, end) if depth < _MAX_WRAPPER_DEPTH else None
            if wrapper is None:
                inline.spans.append(Span(start, end, "html"))
                continue
            close = text.rfind(f"</{wrapper.group(1)}", wrapper.end(), end)
            close = close if close != -1 else end
            inline.spans += [Span(start, wrapper.end(), "html"), Span(close, end, "html")]
            _add_shifted(inline, read_inline(text[wrapper.end() : close], references, depth + 1), wrapper.end())
        elif token.type == "inline":
            mapped = offsets[index] = _content_offsets(token, lines, line_starts, used_on_line)
            if mapped is not None:
                prose.extend(mapped.ranges())
            else:  # shown all the same: its whole lines count as prose, without inline detail
                prose.append((line_starts[token.map[0]], min(line_starts[token.map[1]], len(text))))
    for block, start, end, kind, token in env["wpc_spans"]:
        base = offsets.get(block)
        if base is None:
            continue
        span = Span(base.at(start), base.at(end - 1) + 1, kind)
        if kind == "delimiter" and not any(t.type.endswith(("_open", "_close")) for t in token):
            continue  # an unmatched `*` is shown as written
        if kind == "link":
            opener, shown = token
            href, title = str(opener.attrGet("href") or ""), str(opener.attrGet("title") or "")
            inline.links.append(Link(href, title, span.start, span.end, shown))
            continue
        inline.spans.append(span)
        if kind == "image" and token is not None:
            inline.images.append(_image(token, span))
    inline.spans.sort(key=lambda s: (s.start, -s.end))
    inline.images.sort(key=lambda i: i.start)
    inline.links.sort(key=lambda i: i.start)
    inline.prose = _merged(prose)
    inline.protected = _protected(len(text), inline.prose, inline.spans)
    inline.code = sorted(block_code + [(s.start, s.end) for s in inline.spans if s.kind == "code"])
    return inline


def _add_shifted(inline: Inline, inner: Inline, offset: int) -> None:
    """Add what a Markdown fragment at `offset` holds (the inside of a `markdown="1"` element)."""
    inline.spans += [Span(s.start + offset, s.end + offset, s.kind) for s in inner.spans]
    inline.images += [Image(i.src, i.alt, i.title, i.start + offset, i.end + offset) for i in inner.images]
    inline.links += [Link(k.href, k.title, k.start + offset, k.end + offset, k.text) for k in inner.links]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    starts.append(len(text) + 1)
    return starts


class _Offsets:
    """Where each line of an inline token's content starts in its content and in the text."""

    def __init__(self) -> None:
        self.content_starts: list[int] = []
        self.text_starts: list[int] = []
        self.lengths: list[int] = []

    def add(self, content_start: int, text_start: int, length: int) -> None:
        self.content_starts.append(content_start)
        self.text_starts.append(text_start)
        self.lengths.append(length)

    def at(self, index: int) -> int:
        line = bisect_right(self.content_starts, index) - 1
        return self.text_starts[line] + index - self.content_starts[line]

    def ranges(self) -> list[tuple[int, int]]:
        return [(start, start + length) for start, length in zip(self.text_starts, self.lengths) if length]


def _content_offsets(token: Token, lines: list[str], line_starts: list[int], used_on_line: dict[int, int]) -> _Offsets | None:
    """Where an inline token's content lines sit in the text (None if a line cannot be found).

    A paragraph's content is its source lines with the container prefixes
    (`> `, list indentation) and the outer whitespace taken off; each content
    line is found on its source line.  Tabs expanded inside a prefix make a
    line unfindable: the block is then left alone.
    """
    assert token.map is not None
    offsets, content_start = _Offsets(), 0
    for k, content_line in enumerate(token.content.split("\n")):
        number = token.map[0] + k
        if number >= len(lines):
            return None
        col = lines[number].find(content_line, used_on_line.get(number, 0))
        if col == -1:
            return None
        used_on_line[number] = col + len(content_line)
        offsets.add(content_start, line_starts[number] + col, len(content_line))
        content_start += len(content_line) + 1
    return offsets


def _shown(tokens: list[Token]) -> str:
    """The text inline tokens show: text, code and alt text, breaks as spaces, HTML tags not at all."""
    parts = []
    for token in tokens:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type == "image":
            parts.append(_shown(token.children or []))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _image(token: Token, span: Span) -> Image:
    alt = _shown(token.children or [])
    return Image(str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""), span.start, span.end)


def _protected(length: int, prose: list[tuple[int, int]], spans: list[Span]) -> list[tuple[int, int]]:
    """The complement of prose, plus the spans no text edit may touch, sorted and merged."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for start, end in prose:
        if start > pos:
            ranges.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        ranges.append((pos, length))
    ranges.extend((s.start, s.end) for s in spans if s.kind in PROTECTED_KINDS)
    return _merged(ranges)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
