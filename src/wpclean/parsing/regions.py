"""Parsing a segment into its one lxml tree, in the way its dialect asks."""
from __future__ import annotations

import re
from typing import Callable, Iterator

from lxml.html import HtmlElement

from ..document import Segment
from ..render.escape import escape_line_starts
from .html import parse_fragment
from .markdown import References, code_spans, read_inline
from .wpautop import wpautop

_PLACEHOLDER_RE = re.compile("\ue020(\\d+)\ue021")
#: what may make a Markdown segment worth parsing as HTML: a tag (not an autolink), a comment or an entity
#: (each branch starts with its character, so the scan skips to the next `<` or `&`)
NEEDS_PARSE_RE = re.compile(r"<(?:/?[A-Za-z][\w-]*(?=[\s/>])|!)|&(?<!\\&)(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
#: Markdown syntax that stays as written around HTML islands: held out of the HTML parse whole
_HELD_OUT_KINDS = frozenset({"code", "autolink", "escape", "link_tail", "image"})
#: characters that mean markup to an HTML parser but are literal text in Markdown outside HTML
_LITERAL_MARKUP_RE = re.compile(r"[<&]")


def needs_tree(segment: Segment) -> bool:
    """Whether a segment has HTML to parse: always for HTML, for Markdown only real HTML islands."""
    if segment.tree is not None or segment.kind == "html":
        return True
    return segment.kind == "markdown" and bool(NEEDS_PARSE_RE.search(segment.text)) and read_inline(segment.text, segment.refs).has_html


def tree_of(segment: Segment, autop: str) -> HtmlElement:
    """The segment's tree, parsed on first use; later transforms edit this same tree.

    `autop` says which of WordPress's paragraph rules the HTML follows: `breaks`
    (post content: a blank line is a paragraph, a newline a line break),
    `paragraphs` (HTML left in a Markdown export) or `none` (a plain fragment).
    """
    if segment.tree is None:
        if segment.kind == "html":
            html = segment.text if autop == "none" else wpautop(segment.text, line_breaks=autop == "breaks")
            segment.tree = parse_fragment(html)
        else:
            protected, segment.placeholders = protect_markdown(segment.text, segment.refs)
            segment.tree = parse_fragment(protected)
    return segment.tree


def protect_markdown(text: str, refs: References = ()) -> tuple[str, list[str]]:
    """Markdown text with everything but its HTML held out of an HTML parse, and what was held out.

    markdown-it says which `<` open real HTML and which `&` start entities;
    code spans, autolinks, escapes, link destinations, images and every other
    `<` or `&` become placeholders, restored as written after the HTML islands
    are converted.
    """
    saved: list[str] = []

    def save(chunk: str) -> str:
        saved.append(chunk)
        return f"\ue020{len(saved) - 1}\ue021"

    def literal(chunk: str) -> str:
        return _LITERAL_MARKUP_RE.sub(lambda m: save(m.group(0)), chunk)

    pieces, pos = [], 0
    for span in read_inline(text, refs).spans:
        if span.start < pos:
            continue  # inside a span already taken (an escape in an image's alt text)
        pieces.append(literal(text[pos : span.start]))
        chunk = text[span.start : span.end]
        pieces.append(save(chunk) if span.kind in _HELD_OUT_KINDS else chunk)
        pos = span.end
    pieces.append(literal(text[pos:]))
    return "".join(pieces), saved


def restore_markdown(text: str, saved: list[str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: saved[int(m.group(1))], text) if saved else text


_HTML_CODE_OPEN_RE = re.compile(r"<(pre|code)\b[^>]*>", re.I)
_HTML_CODE_CLOSE_RES = {"pre": re.compile(r"</pre\s*>", re.I), "code": re.compile(r"</code\s*>", re.I)}


def paired(
    text: str, opener: re.Pattern[str], closer_for: Callable[[re.Match[str]], re.Pattern[str]]
) -> Iterator[tuple[re.Match[str], int]]:
    """Each opener outside an earlier pair, with the end of its closer (-1 when it has none).

    Each closer is searched for once past each point and remembered, so hostile
    input (thousands of unterminated openers) stays linear.
    """
    pos = 0
    next_close: dict[str, int] = {}
    for match in opener.finditer(text):
        if match.start() < pos:
            continue
        closer = closer_for(match)
        end = next_close.get(closer.pattern)
        if end is None or (end != -1 and end < match.end()):
            found = closer.search(text, match.end())
            end = next_close[closer.pattern] = found.end() if found else -1
        yield match, end
        if end != -1:
            pos = end


def not_prose(text: str, kind: str, refs: References = ()) -> list[tuple[int, int]]:
    """Where text-level transforms (shortcodes, ad markers) may not edit a segment's text.

    In Markdown: code, link brackets and destinations, images, autolinks and
    everything outside inline content (markers, reference definitions), as
    markdown-it reads it; in HTML: `<pre>` and `<code>` elements.
    """
    return read_inline(text, refs).protected if kind == "markdown" else code_ranges(text, kind)


def code_ranges(text: str, kind: str, refs: References = ()) -> list[tuple[int, int]]:
    """Where code sits in a segment's text: Markdown code spans and blocks, or HTML `<pre>`/`<code>` elements."""
    if kind == "markdown":
        return read_inline(text, refs).code if "`" in text else []  # code blocks are segments of their own
    if kind == "written":  # Markdown wpclean's writer produced: backtick fences and code spans only
        return code_spans(text)
    close = lambda m: _HTML_CODE_CLOSE_RES[m.group(1).lower()]  # noqa: E731
    return [(m.start(), end) for m, end in paired(text, _HTML_CODE_OPEN_RE, close) if end != -1]


class OutsideCode:
    """Answers "does this span touch code?" for increasing offsets, in one pass."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges, self.index = ranges, 0

    def touches(self, start: int, end: int) -> bool:
        while self.index < len(self.ranges) and self.ranges[self.index][1] <= start:
            self.index += 1
        return self.index < len(self.ranges) and self.ranges[self.index][0] < end


def sub_outside(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str, ranges: list[tuple[int, int]]) -> str:
    """`pattern.sub(repl, text)`, except where a match touches one of `ranges` (sorted)."""
    guard = OutsideCode(ranges)
    out, pos = [], 0
    for match in pattern.finditer(text):
        if guard.touches(match.start(), match.end()):
            continue
        out.append(text[pos : match.start()])
        out.append(repl(match))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def tidy_removal(old: str, new: str) -> str:
    """Markdown `new` (markup removed from `old`, line for line) as an editor would leave it.

    A line that held only what was removed goes, and with it the blank line that
    set it off (`[ad_1]` as a paragraph of its own leaves no gap); what a removal
    uncovered at a line's start reads as the text it was (`[vc_column]1984.`
    unwrapped is `1984\\.`, not an ordered list's marker).
    """
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):
        return new
    out: list[str] = []
    for before, after in zip(old_lines, new_lines):
        if before == after:
            out.append(after)
        elif not after.strip():
            if out and not out[-1].strip():
                out.pop()
        else:
            out.append(escape_line_starts(after) if after.lstrip()[:1] != before.lstrip()[:1] else after)
    return "\n".join(out)
