"""Unified diffs of what `clean` would write, in the form `git apply` reproduces byte for byte."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass

_NO_NEWLINE = "\\ No newline at end of file\n"


def git_quote(path: str) -> str:
    """A path as git writes it in a patch: C-quoted when it holds non-ASCII or special characters."""
    if all(32 < ord(c) < 127 and c not in '"\\' for c in path):
        return path
    out = []
    for byte in path.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\t":
            out.append("\\t")
        elif char == "\n":
            out.append("\\n")
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def _prefixed(prefix: str, path: str) -> str:
    quoted = git_quote(path)
    return f'"{prefix}{quoted[1:]}' if quoted.startswith('"') else f"{prefix}{path}"


@dataclass(frozen=True)
class FileDiff:
    old_path: str
    new_path: str
    text: str
    added: int
    removed: int


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").splitlines(keepends=True)


def _emit(line: str, marker: str) -> str:
    if line.endswith("\n"):
        return marker + line
    return marker + line + "\n" + _NO_NEWLINE


def file_diff(old: bytes, new: bytes, old_path: str, new_path: str, *, context: int = 3) -> FileDiff | None:
    """The patch turning `old` at `old_path` into `new` at `new_path` (a copy when they differ)."""
    if old == new and old_path == new_path:
        return None
    a, b = _lines(old), _lines(new)
    header = [f"diff --git {_prefixed('a/', old_path)} {_prefixed('b/', new_path)}\n"]
    if old_path != new_path:
        header += [f"copy from {git_quote(old_path)}\n", f"copy to {git_quote(new_path)}\n"]
    hunks, added, removed = [], 0, 0
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        a_start, a_end, b_start, b_end = first[1], last[2], first[3], last[4]
        hunks.append(f"@@ -{_range(a_start, a_end)} +{_range(b_start, b_end)} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunks += [_emit(line, " ") for line in a[i1:i2]]
                continue
            hunks += [_emit(line, "-") for line in a[i1:i2]]
            hunks += [_emit(line, "+") for line in b[j1:j2]]
            removed += i2 - i1
            added += j2 - j1
    if hunks:
        header += [f"--- {_prefixed('a/', old_path)}\n", f"+++ {_prefixed('b/', new_path)}\n"]
    return FileDiff(old_path, new_path, "".join(header + hunks), added, removed)


def _range(start: int, end: int) -> str:
    length = end - start
    if length == 0:
        return f"{start},0"
    return f"{start + 1}" if length == 1 else f"{start + 1},{length}"


def relative(path: str) -> str:
    """A path relative to the current directory, with `/` separators, as patches want."""
    rel = os.path.relpath(os.path.abspath(path))
    return rel.replace(os.sep, "/")


def colour(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith(("+++", "---", "diff --git", "copy ")):
            out.append(f"\x1b[1m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("@@"):
            out.append(f"\x1b[36m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("+"):
            out.append(f"\x1b[32m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("-"):
            out.append(f"\x1b[31m{line.rstrip(chr(10))}\x1b[0m\n")
        else:
            out.append(line)
    return "".join(out)


def stat_line(diff: FileDiff, width: int) -> str:
    name = diff.new_path if diff.old_path == diff.new_path else f"{diff.old_path} => {diff.new_path}"
    total = diff.added + diff.removed
    scale = min(1.0, 40 / total) if total else 1.0
    bar = "+" * round(diff.added * scale) + "-" * round(diff.removed * scale)
    return f" {name.ljust(width)} | {total:4d} {bar}"
