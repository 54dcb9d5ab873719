"""Finding the front-matter block: `---` fences, a missing closing fence, Pelican headers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError

_OPEN_RE = re.compile(r"---[ \t]*")
_CLOSE_RE = re.compile(r"(?:---|\.\.\.)[ \t]*")
# A line that can belong to a block-style YAML mapping: `key: ...`, an indented
# continuation, a `- item`, or a comment.
_YAML_LINE_RE = re.compile(r"(?:[^\s:#\-][^:]*:(?:[ \t]|$)|[ \t]+\S|-(?:[ \t]|$)|#)")
_PELICAN_LINE_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)")
# Keys pelican-import writes; a header must start with one of them.
PELICAN_KEYS = frozenset(
    "title date modified author authors category tags slug status summary lang "
    "translation save_as url template attachments".split()
)


@dataclass
class Split:
    """A source's text cut into front-matter block and body; the parts join back to the text."""

    kind: str  # "yaml", "pelican" or "none"
    opening: str = ""  # leading blank lines and the opening fence line
    yaml_text: str | None = None
    closing: str = ""  # the newline before the closing fence, the fence, its newline
    body: str = ""
    first_line: int = 1  # 1-based line where the YAML text (or header) starts
    body_line: int = 1
    pelican: dict[str, str] = field(default_factory=dict)
    repaired_fence: bool = False


def split(text: str) -> Split:
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and _OPEN_RE.fullmatch(lines[start]):
        return _split_fenced(text, lines, starts, start)
    pelican = _split_pelican(text, lines, starts, start)
    if pelican is not None:
        return pelican
    return Split("none", body=text)


def _split_fenced(text: str, lines: list[str], starts: list[int], open_at: int) -> Split:
    yaml_start = starts[open_at + 1] if open_at + 1 < len(lines) else len(text)
    for i in range(open_at + 1, len(lines)):
        if _CLOSE_RE.fullmatch(lines[i]):
            yaml_end = max(starts[i] - 1, yaml_start)
            body_start = starts[i + 1] if i + 1 < len(lines) else len(text)
            return Split(
                "yaml",
                opening=text[:yaml_start],
                yaml_text=text[yaml_start:yaml_end],
                closing=text[yaml_end:body_start],
                body=text[body_start:],
                first_line=open_at + 2,
                body_line=i + 2,
            )
    end = _unambiguous_yaml_end(lines, open_at + 1)
    if end is None:
        raise InputError(
            "WPC101",
            f"front matter opened on line {open_at + 1} is never closed by '---'",
            line=open_at + 1,
        )
    body_start = starts[end] if end < len(lines) else len(text)
    return Split(
        "yaml",
        opening=text[:yaml_start],
        yaml_text=text[yaml_start:body_start].rstrip("\n"),
        body=text[body_start:],
        first_line=open_at + 2,
        body_line=end + 1,
        repaired_fence=True,
    )


def _unambiguous_yaml_end(lines: list[str], first: int) -> int | None:
    """Index of the first body line when the YAML's end is certain, else None.

    The YAML ends for certain at a blank line followed by a line no YAML
    mapping could continue with, or at the end of the file.  A non-YAML line
    right under a YAML line could be a wrapped value: that is ambiguous.
    """
    for i in range(first, len(lines)):
        line = lines[i]
        if not line.strip() or _YAML_LINE_RE.match(line):
            continue
        if i > first + 1 and not lines[i - 1].strip():
            return i
        return None
    return len(lines) if any(line.strip() for line in lines[first:]) else None


def _split_pelican(text: str, lines: list[str], starts: list[int], start: int) -> Split | None:
    header: dict[str, str] = {}
    i = start
    while i < len(lines) and lines[i].strip():
        match = _PELICAN_LINE_RE.fullmatch(lines[i].rstrip())
        if match is None:
            return None
        key = match.group(1).lower()
        if i == start and key not in PELICAN_KEYS:
            return None
        header[key] = match.group(2).strip()
        i += 1
    if len(header) < 2 or "title" not in header:
        return None
    body_start = starts[i + 1] if i + 1 < len(lines) else len(text)
    return Split("pelican", body=text[body_start:], first_line=start + 1, body_line=i + 2, pelican=header)
