"""Line-level repairs for the broken YAML that WordPress exporters write.

Each repair is a small function from one line to a repaired line (or None when
it does not apply); `repair` runs them and says which fired where.  They only
run on text that failed to load, except `quote_comment_hazard`, which guards
against YAML silently cutting `Issue #5` down to `Issue`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

_ENTRY_RE = re.compile(r"(?P<lead>[ \t]*(?:-[ \t]+)?(?P<key>[^\s'\"#\-\[\]{}][^:\n]*?)):[ \t]+(?P<value>\S.*?)[ \t]*")
_LEADING_TABS_RE = re.compile(r"^[ \t]*\t[ \t]*")
_VALID_DQ_ESCAPE_RE = re.compile(r'\\(?:[0abtnvfre "/\\N_LP\t]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})')
_SQ_SCALAR_RE = re.compile(r"'(?:[^']|'')*'")
_DQ_SCALAR_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_PLAIN_STARTERS = set("'\"[{|>&*!%@`")


@dataclass(frozen=True)
class LineRepair:
    code: str
    line: int  # 0-based within the YAML text
    before: str
    after: str


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def repair_tabs(line: str) -> str | None:
    match = _LEADING_TABS_RE.match(line)
    if match is None:
        return None
    return match.group(0).replace("\t", "  ") + line[match.end():]


def quote_comment_hazard(line: str) -> str | None:
    """Quote a plain value holding ': ' or ' #', which YAML would reject or truncate."""
    match = _ENTRY_RE.fullmatch(line)
    if match is None:
        return None
    value = match.group("value")
    if value[0] in _PLAIN_STARTERS or value.startswith("- "):
        return None
    if ": " not in value and " #" not in value and not value.endswith(":"):
        return None
    return f"{match.group('lead')}: {single_quoted(value)}"


def repair_bad_escapes(line: str) -> str | None:
    match = _ENTRY_RE.fullmatch(line)
    if match is None or not match.group("value").startswith('"'):
        return None
    value = match.group("value")
    if _DQ_SCALAR_RE.fullmatch(value) is None:
        return None
    repaired = _escape_invalid(value)
    if repaired == value:
        return None
    return f"{match.group('lead')}: {repaired}"


def _escape_invalid(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            valid = _VALID_DQ_ESCAPE_RE.match(value, i)
            if valid:
                out.append(valid.group(0))
                i = valid.end()
                continue
            out.append("\\\\")
            i += 1
            continue
        out.append(value[i])
        i += 1
    return "".join(out)


def repair_unbalanced_quotes(line: str) -> str | None:
    match = _ENTRY_RE.fullmatch(line)
    if match is None:
        return None
    value = match.group("value")
    quote = value[0]
    if quote not in "'\"":
        return None
    whole = (_SQ_SCALAR_RE if quote == "'" else _DQ_SCALAR_RE).match(value)
    if whole and (whole.end() == len(value) or value[whole.end():].lstrip().startswith("#")):
        return None  # balanced
    if len(value) > 1 and value.endswith(quote):
        inner = value[1:-1]  # `'It's here'`: inner quotes not doubled
        if quote == "'":
            inner = inner.replace("''", "'")
    elif whole and value[whole.end()].isspace():
        inner = value  # `"Foo" bar`: the quotes are part of the text
    else:
        inner = value[1:]  # `'It's here`: opened, never closed
    return f"{match.group('lead')}: {single_quoted(inner)}"


REPAIRS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("WPC104", repair_tabs),
    ("WPC107", repair_unbalanced_quotes),
    ("WPC106", repair_bad_escapes),
    ("WPC105", quote_comment_hazard),
)


_BLOCK_INDICATOR_RE = re.compile(r"(?P<lead>[ \t]*)(?P<dash>-[ \t]+)?(?:[^\s#'\"][^:]*:[ \t]+)?[>|][-+0-9]*[ \t]*")


def repair_block_indent(lines: list[str]) -> list[LineRepair]:
    """Indent the lines of a `>`/`|` block scalar that sit no deeper than their indicator line.

    Tab-indented exports lose the difference between `- >` and its text once
    tabs become spaces; YAML needs the text deeper than the indicator.
    """
    done: list[LineRepair] = []
    i = 0
    while i < len(lines):
        match = _BLOCK_INDICATOR_RE.fullmatch(lines[i])
        i += 1
        if match is None:
            continue
        lead, dash = len(match.group("lead")), bool(match.group("dash"))
        need = lead + 2
        while i < len(lines) and _inside_block(lines[i], lead, dash):
            if lines[i].strip() and _indent(lines[i]) < need:
                fixed = " " * need + lines[i].lstrip()
                done.append(LineRepair("WPC104", i, lines[i], fixed))
                lines[i] = fixed
            i += 1
    return done


def _inside_block(line: str, lead: int, dash: bool) -> bool:
    """Whether a line continues a block scalar whose indicator line is indented `lead`.

    After `- >`, text at the dash's own indentation is the scalar's (a sibling
    item would start with `- `, and a key cannot follow a dash there).
    """
    if not line.strip() or _indent(line) > lead:
        return True
    return dash and _indent(line) == lead and not line.lstrip().startswith("- ")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def repair(
    text: str, *, only: tuple[str, ...] | None = None, keys: frozenset[str] | None = None
) -> tuple[str, list[LineRepair]]:
    """Apply the line repairs to YAML text: those whose codes are in `only`, on lines with `keys`."""
    lines = text.split("\n")
    done: list[LineRepair] = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        if keys is not None:
            entry = _ENTRY_RE.fullmatch(line)
            if entry is None or entry.group("key").strip() not in keys:
                continue
        for code, fix in REPAIRS:
            if only is not None and code not in only:
                continue
            fixed = fix(line)
            if fixed is not None and fixed != line:
                done.append(LineRepair(code, index, line, fixed))
                line = fixed
        lines[index] = line
    if only is None and any(r.code == "WPC104" for r in done):
        done += repair_block_indent(lines)
    return "\n".join(lines), done
