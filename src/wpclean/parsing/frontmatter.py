"""Finding the front-matter block: `---` fences, a missing closing fence, Pelican headers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..errors import InputError

_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

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
    #: the block had a closing `---` but no opening one (hexo-migrator-wordpress 0.x)
    missing_opening: bool = False


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
    unopened = _split_unopened(text, lines, starts, start)
    if unopened is not None:
        return unopened
    pelican = _split_pelican(text, lines, starts, start)
    if pelican is not None:
        return pelican
    return Split("none", body=text)


_KEY_LINE_RE = re.compile(r"[A-Za-z_][\w-]*:(?:[ \t]|$)")


def _split_unopened(text: str, lines: list[str], starts: list[int], start: int) -> Split | None:
    """`key: value` lines from the top down to a `---`, with no blank line, that load as a mapping."""
    if start >= len(lines) or not _KEY_LINE_RE.match(lines[start]):
        return None
    for i in range(start + 1, min(len(lines), start + 200)):
        if _OPEN_RE.fullmatch(lines[i]):
            yaml_text = "\n".join(lines[start:i])
            if not _loads_as_mapping(yaml_text):
                return None
            body_start = starts[i + 1] if i + 1 < len(lines) else len(text)
            return Split(
                "yaml", opening=text[: starts[start]], yaml_text=yaml_text, closing=text[starts[i] - 1 : body_start],
                body=text[body_start:], first_line=start + 1, body_line=i + 2, missing_opening=True,
            )  # fmt: skip
        if not lines[i].strip() or _certainly_body(lines[i]):
            return None
    return None


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


_BACK_OFF = 3  # lines a YAML block may be followed by before its body is certain


def _unambiguous_yaml_end(lines: list[str], first: int) -> int | None:
    """Index of the first body line when only one cut gives YAML followed by a body, else None.

    The body starts at the latest at the first line no YAML could hold (a tag,
    a shortcode, prose at the margin).  The cut is the last line before it at
    which the YAML loads as a mapping; an exporter's stray indented line (` [ad_1]`)
    may sit between them.
    """
    limit = next((i for i in range(first, len(lines)) if _certainly_body(lines[i])), len(lines))
    for end in range(limit, max(first, limit - _BACK_OFF) - 1, -1):
        if end > first and _loads_as_mapping("\n".join(lines[first:end])):
            return end
    return None


def _certainly_body(line: str) -> bool:
    """Markup, or prose at the margin that is not a `key:`, `- item` or comment."""
    stripped = line.strip()
    if not stripped:
        return False
    return stripped[0] == "<" or (not line[0].isspace() and _YAML_LINE_RE.match(line) is None)


def _loads_as_mapping(text: str) -> bool:
    try:
        return isinstance(yaml.load(text, Loader=_BaseLoader), dict)
    except yaml.YAMLError:
        return False


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
