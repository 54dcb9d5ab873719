"""WordPress's `wpautop` paragraph rules, applied to raw post content before it is parsed.

A blank line separates paragraphs and a single newline is a line break,
except next to block-level tags, inside a tag (a multi-line `alt` or `title`)
and inside `<pre>`, `<script>` and `<style>`, which is what WordPress itself
does when it displays the post.
"""
from __future__ import annotations

import re

from .body import BLOCK_TAGS

_PROTECTED_RE = re.compile(r"<(pre|script|style|textarea)\b[^>]*>.*?</\1\s*>|<[A-Za-z/!][^<>]*\n[^<>]*>", re.S | re.I)
_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n\s*")
_BLOCK_TAG_RE = re.compile(r"</?([A-Za-z][\w-]*)")
_SINGLE_NEWLINE_RE = re.compile(r"[ \t]*\n[ \t]*")
_ENDS_WITH_BR_RE = re.compile(r"<br\s*/?>$", re.I)


def _starts_block(text: str) -> bool:
    match = _BLOCK_TAG_RE.match(text)
    return match is not None and match.group(1).lower() in BLOCK_TAGS


def _ends_block(text: str) -> bool:
    end = text.rfind("<")
    if end == -1 or not text.endswith(">"):
        return False
    return _starts_block(text[end:])


def _line_breaks(chunk: str) -> str:
    """Single newlines become `<br>` where both sides are text, not tags."""
    pieces = _SINGLE_NEWLINE_RE.split(chunk)
    out = [pieces[0]]
    for piece in pieces[1:]:
        before = out[-1]
        if _ENDS_WITH_BR_RE.search(before):
            out.append("\n")
        elif before and piece and not before.endswith(">") and not piece.startswith("<"):
            out.append("<br>\n")
        elif before and piece and not _ends_block(before) and not _starts_block(piece):
            out.append("<br>\n")
        else:
            out.append("\n")
        out.append(piece)
    return "".join(out)


def wpautop(html: str, *, line_breaks: bool = True) -> str:
    """`<p>` around blank-line-separated text; with `line_breaks`, `<br>` for single newlines."""
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\ue010{len(protected) - 1}\ue011"

    text = _PROTECTED_RE.sub(protect, html.replace("\r", ""))
    paragraphs = []
    for chunk in _BLANK_LINES_RE.split(text.strip("\n")):
        if not chunk.strip():
            continue
        chunk = _line_breaks(chunk.strip()) if line_breaks else chunk.strip()
        if _starts_block(chunk) or chunk.startswith("\ue010"):
            paragraphs.append(chunk)
        else:
            paragraphs.append(f"<p>{chunk}</p>")
    text = "\n\n".join(paragraphs)
    if protected:
        text = re.sub("\ue010(\\d+)\ue011", lambda m: protected[int(m.group(1))], text)
    return text
