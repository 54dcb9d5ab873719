"""WordPress's shortcode grammar, read in one linear pass.

`[name attr="v" flag]`, `[name /]`, `[name]content[/name]`, `[[name]]` (an
escaped, literal shortcode), and the backslash-escaped `\\[name\\]` that
HTML-to-Markdown converters leave behind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .regions import OutsideCode

_OPEN_RE = re.compile(r"(?:(\\)\[|\[)(\[?)([A-Za-z_][\w-]*)(?=[\s\]/=\\])")
_ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|(\S+)(?:\s|$)"""
)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\r?\n")
_MARKDOWN_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MAX_TAG = 4000  # a shortcode's opening tag is short; bounding it keeps the scan linear


@dataclass
class Shortcode:
    name: str
    attrs: dict[str, str]
    positional: list[str]
    start: int
    end: int
    content: str | None = None
    escaped: bool = False  # `[[name]]`: WordPress prints it literally
    backslashed: bool = False
    raw: str = field(default="", repr=False)
    #: where the opening tag ends and the closing tag starts (`end` when there is none)
    open_end: int = 0
    close_start: int = 0

    def tags_touch(self, guard: OutsideCode) -> bool:
        """Whether the opening or closing tag touches a range `guard` protects (its content may)."""
        return guard.touches(self.start, self.open_end) or (self.close_start < self.end and guard.touches(self.close_start, self.end))


def unescape_markdown(text: str) -> str:
    """`\\[` back to `[`: what a converter escaped as Markdown prose."""
    return _MARKDOWN_ESCAPE_RE.sub(r"\1", text)


def parse_attrs(text: str) -> tuple[dict[str, str], list[str]]:
    attrs: dict[str, str] = {}
    positional: list[str] = []
    for match in _ATTR_RE.finditer(text.replace("\u00a0", " ").replace("\u200b", " ")):
        if match.group(1):
            attrs[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            attrs[match.group(3).lower()] = match.group(4)
        elif match.group(5):
            attrs[match.group(5).lower()] = match.group(6)
        elif match.group(7) is not None:
            positional.append(match.group(7))
        elif match.group(8):
            positional.append(match.group(8))
    return attrs, positional


class _NextClose:
    """The next `[/name]` at or after a position, remembered so that no text is searched twice."""

    def __init__(self, text: str, name: str, backslashed: bool):
        self.text = text
        self.needle = f"\\[/{name}\\]" if backslashed else f"[/{name}]"
        self.found = -2  # not searched yet

    def at_or_after(self, pos: int) -> int:
        if self.found == -1 or (self.found >= pos):
            return self.found
        self.found = self.text.find(self.needle, pos)
        return self.found


def scan(text: str, enclosing: frozenset[str]) -> list[Shortcode]:
    """Every shortcode in `text`, outermost first; `enclosing` names may wrap content."""
    found: list[Shortcode] = []
    closers: dict[tuple[str, bool], _NextClose] = {}
    pos = 0
    while True:
        match = _OPEN_RE.search(text, pos)
        if match is None:
            return found
        backslashed, double, name = bool(match.group(1)), bool(match.group(2)), match.group(3)
        close_bracket = "\\]" if backslashed else "]"
        limit = min(len(text), match.end() + _MAX_TAG)
        tag_end = text.find(close_bracket, match.end(), limit)
        bad = text.find("[", match.end(), tag_end if tag_end != -1 else limit)
        inner = text[match.end() : tag_end] if tag_end != -1 else ""
        if tag_end == -1 or bad != -1 or _BLANK_LINE_RE.search(inner):  # a tag never spans paragraphs
            pos = match.end()
            continue
        end = tag_end + len(close_bracket)
        if backslashed:  # turndown and html2text escaped the attributes too: `id="attachment\_42"`
            inner = unescape_markdown(inner)
        self_closing = inner.rstrip().endswith("/")
        attrs, positional = parse_attrs(inner.rstrip()[:-1] if self_closing else inner)
        content = None
        open_end = close_start = end
        if name.lower() in enclosing and not self_closing:
            key = (name, backslashed)
            closer = closers.setdefault(key, _NextClose(text, name, backslashed))
            close_at = closer.at_or_after(end)
            if close_at != -1:
                content = text[end:close_at]
                close_start, end = close_at, close_at + len(closer.needle)
        if double and text.startswith("]", end):
            end += 1
        found.append(
            Shortcode(
                name.lower(), attrs, positional, match.start(), end, content, double, backslashed,
                text[match.start() : end], open_end, close_start if content is not None else end,
            )
        )  # fmt: skip
        pos = end
