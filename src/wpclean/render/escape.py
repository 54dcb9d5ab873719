"""Escaping text for Markdown: only where CommonMark would otherwise read syntax."""
from __future__ import annotations

import re

_ASCII_PUNCT = r"!-/:-@\[-`{-~"
_BACKSLASH_RE = re.compile(rf"\\(?=[{_ASCII_PUNCT}]|$)")
# `]` never needs escaping once every `[` is escaped; leaving it keeps `\[gallery]`
# (a literal shortcode) from reading as a backslash-escaped shortcode later.
_ALWAYS_RE = re.compile(r"[`*\[]")
_UNDERSCORE_RE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # `_` that touches a non-word character
_TILDES_RE = re.compile(r"~(?=~)|(?<=~)~")
_TAG_START_RE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")

_LINE_START_RULES = (
    (re.compile(r"^(\s*)(#{1,6})(?=\s|$)", re.M), r"\1\\\2"),
    (re.compile(r"^(\s*)([-+*])(?=\s)", re.M), r"\1\\\2"),
    (re.compile(r"^(\s*)(\d{1,9})([.)])(?=\s|$)", re.M), r"\1\2\\\3"),
    (re.compile(r"^(\s*)>", re.M), r"\1\\>"),
    (re.compile(r"^(\s*)(=+|-+)(\s*)$", re.M), r"\1\\\2\3"),
)


def markup_safe(text: str) -> str:
    """Keep text from becoming HTML: a `<` that could open a tag, an `&` that could start an entity.

    `\\&` rather than `&amp;`: the text then reads as itself, and no entity is left for a
    reader (or a residue check) to trip on.
    """
    return _TAG_START_RE.sub("&lt;", _ENTITY_LIKE_RE.sub(r"\\&", text))


_NEEDS_ESCAPE_RE = re.compile(r"[\\`*_\[~<&]")


def escape_inline(text: str) -> str:
    """Escape characters inside a line of literal text (from HTML) that Markdown would read as syntax."""
    if not _NEEDS_ESCAPE_RE.search(text):
        return text  # most text nodes: nothing to do
    text = _BACKSLASH_RE.sub(r"\\\\", text)
    text = _ALWAYS_RE.sub(r"\\\g<0>", text)
    text = _UNDERSCORE_RE.sub(r"\\_", text)
    text = _TILDES_RE.sub(r"\\~", text)
    return markup_safe(text)


_RISKY_LINE_START_RE = re.compile(r"^\s*[#>+=*\d-]", re.M)


def escape_line_starts(text: str) -> str:
    """Escape what would start a heading, list, quote, rule or fence at the start of a line."""
    if not _RISKY_LINE_START_RE.search(text):
        return text
    for pattern, replacement in _LINE_START_RULES:
        text = pattern.sub(replacement, text)
    return text


def code_span(content: str) -> str:
    """Inline code fenced with one more backtick than the longest run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") or (
        content.startswith(" ") and content.endswith(" ") and content.strip()
    ) else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def link_destination(url: str) -> str:
    url = url.strip().replace("\n", "")
    if re.search(r"[\s<>]", url) or url.count("(") != url.count(")"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def link_title(title: str) -> str:
    """` "title"`, its lines tidied: a blank line inside a title would end the link."""
    title = re.sub(r"\s*\n\s*", "\n", title.strip())
    return ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
