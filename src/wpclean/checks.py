"""`wpclean check`: a cleaned-in-memory document's findings, positioned on the input, filtered as asked.

Everything a transform would fix becomes a finding with that transform's code
(the ledger says what and where); rules that only report add their own; inline
`<!-- wpclean: ignore CODES -->` comments and `--select/--ignore` take some away.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .document import Document
from .findings import CODES, ERROR, Finding

#: (transform, words in the change's reason) -> code; the first match wins
_CHANGE_CODES: tuple[tuple[str, str, str], ...] = (
    ("frontmatter.normalize", "", "WPC126"),
    ("shortcodes.expand", "Gutenberg", "WPC309"),
    ("shortcodes.expand", "code-plugin", "WPC310"),
    ("shortcodes.expand", "", "WPC308"),
    ("figures.extract", "thumbnail", "WPC404"),
    ("figures.extract", "link to the image", "WPC404"),
    ("links.canonicalize", "unwrapped", "WPC206"),
    ("links.canonicalize", "tracking", "WPC205"),
    ("links.canonicalize", "https", "WPC204"),
    ("links.canonicalize", "internal link", "WPC207"),
    ("links.canonicalize", "", "WPC208"),
)
_TAG_RE = re.compile(r"</?[A-Za-z][^>\n]*>")
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: fixes that only put content that was already valid in wpclean's form: shown with -v, never a
#: failure unless selected (`check` fails on WordPress debris and on what breaks a build or loses content)
#: codes reported once per file with a count
_AGGREGATED = frozenset({"WPC309"})
NORMALIZATIONS = frozenset({"WPC115", "WPC116", "WPC117", "WPC122", "WPC126", "WPC208", "WPC506"})
_IGNORE_RE = re.compile(r"<!--\s*wpclean:\s*ignore\s+([A-Z0-9, ]+?)\s*-->")


def check_findings(doc: Document) -> list[Finding]:
    """All findings for `doc`: its own, one per ledgered fix, and the report-only rules."""
    found = list(doc.findings)
    taken = {(f.line, f.code) for f in found}
    previous = None
    for change in doc.changes:
        if change.transform != previous:  # each transform's changes come in source order
            doc.rewind()
            previous = change.transform
        code = next((c for t, words, c in _CHANGE_CODES if t == change.transform and words in change.reason), None)
        if code is None:
            continue
        line, col = _position(doc, change.before, change.line)
        if (line, code) in taken:
            continue
        taken.add((line, code))
        detail = change.reason.split(": ", 1)[1] if code == "WPC126" and ": " in change.reason else _short(change.before)
        found.append(Finding.make(doc.source.path, line, col, code, f"{CODES[code][1]}: {detail}", fixed=True))
    found += _converted_html(doc, taken)
    found += _empty_body(doc)
    return _aggregated(sorted(_without_inline_ignores(doc, found), key=lambda f: (f.line, f.col, f.code)))


def _aggregated(findings: list[Finding]) -> list[Finding]:
    """One finding per file for codes that come by the dozen (a Gutenberg comment around every
    block), at the first, with the count."""
    counts = {code: sum(1 for f in findings if f.code == code) for code in _AGGREGATED}
    out, seen = [], set()
    for f in findings:
        if f.code in _AGGREGATED and counts[f.code] > 1:
            if f.code in seen:
                continue
            seen.add(f.code)
            f = Finding(f.path, f.line, f.col, f.code, f.severity, f"{CODES[f.code][1]}: {counts[f.code]} in this file, the first here", f.fixed)
        out.append(f)
    return out


def _position(doc: Document, before: str, fallback: int) -> tuple[int, int]:
    needle = before.strip().split("\n")[0][:200]
    if not needle:
        return fallback, 1
    if fallback < doc.body_line:  # front matter: the first place the value is written
        text = doc.source.text
        at = text.find(needle, 0, len(text) - len(doc.original_body))
        if at == -1:
            return fallback, 1
        return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    return doc.locate(needle, fallback)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return repr(text[:60] + ("…" if len(text) > 60 else ""))


def _converted_html(doc: Document, taken: set[tuple[int, str]]) -> list[Finding]:
    """WPC502 for WordPress HTML converted, WPC503 for HTML in Markdown, WPC506 for an entity
    (`&mdash;`), each at the first place it stands; nothing for HTML kept as it was (`<!--more-->`)."""
    out = []
    for read, segment in zip(doc.original_segments, doc.segments):  # the same segments, as read and as cleaned
        before = read.text
        if segment.output is None or segment.output.strip() == before.strip():
            continue
        if segment.kind == "html" and (segment.line, "WPC502") not in taken:
            first_tag = _TAG_RE.search(before)
            line, col = doc.locate(first_tag.group(0), segment.line) if first_tag else (segment.line, 1)
            out.append(Finding.make(doc.source.path, line, col, "WPC502", CODES["WPC502"][1], fixed=True))
        elif segment.kind == "markdown" and segment.touched:
            tag = next((m for m in _TAG_RE.finditer(before) if m.group(0) not in segment.output), None)  # not one kept
            code, spot = ("WPC503", tag) if tag else ("WPC506", _ENTITY_RE.search(before))
            if spot is None:
                continue  # only HTML kept as it was, set on lines of its own (WPC501 says so)
            line, col = doc.locate(spot.group(0), segment.line)
            out.append(Finding.make(doc.source.path, line, col, code, f"{CODES[code][1]}: {spot.group(0)}", fixed=True))
    return out


def _empty_body(doc: Document) -> list[Finding]:
    lines = [line for line in doc.body.split("\n") if line.strip()]
    if not lines:
        return [Finding.make(doc.source.path, doc.body_line, 1, "WPC504", "the body is empty")]
    if len(lines) == 1 and re.fullmatch(r"https?://\S+", lines[0].strip()):
        return [Finding.make(doc.source.path, doc.body_line, 1, "WPC504", "the body is only an embed")]
    return []


def _without_inline_ignores(doc: Document, findings: list[Finding]) -> list[Finding]:
    """`<!-- wpclean: ignore WPC301 -->` first in the body ignores for the file, else for the next block."""
    body = doc.original_body
    rules: list[tuple[int, int, tuple[str, ...]]] = []
    for match in _IGNORE_RE.finditer(body):
        codes = tuple(c for c in re.split(r"[,\s]+", match.group(1)) if c)
        first_line = doc.body_line + body.count("\n", 0, match.start())
        if not body[: match.start()].strip():
            rules.append((0, 10**9, codes))
            continue
        end = body.find("\n\n", body.find("\n", match.end()) + 1)
        last_line = doc.body_line + body.count("\n", 0, end if end != -1 else len(body))
        rules.append((first_line, last_line, codes))
    if not rules:
        return findings
    return [
        f
        for f in findings
        if not any(lo <= f.line <= hi and any(f.code.startswith(c) for c in codes) for lo, hi, codes in rules)
    ]


def unknown_code_message(code: str) -> str | None:
    """Why `code` (a code or a prefix such as `WPC3`) names no finding, with the nearest one; None if it names some."""
    if any(known.startswith(code) for known in CODES):
        return None
    nearest = difflib.get_close_matches(code.upper(), CODES, n=1, cutoff=0.5)
    hint = f" (did you mean {nearest[0]}?)" if nearest else " (see `wpclean rules`)"
    return f"unknown code or prefix {code!r}{hint}"


def fails(finding: Finding) -> bool:
    """Whether a finding fails `check`: an error, or debris that clean removes (a warning that
    only a person can act on, such as an image without alt text, is shown but does not fail)."""
    return finding.severity == ERROR or (finding.fixed and finding.code not in NORMALIZATIONS)


@dataclass(frozen=True)
class Selection:
    """`--select/--ignore` by code or prefix (`WPC3`), and severity overrides from config."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    def apply(self, findings: list[Finding]) -> list[Finding]:
        if not (self.select or self.ignore or self.severity):
            return findings
        out = []
        overrides = dict(self.severity)
        for f in findings:
            if self.select and not any(f.code.startswith(s) for s in self.select):
                continue
            if any(f.code.startswith(i) for i in self.ignore):
                continue
            level = next((v for k, v in overrides.items() if f.code.startswith(k)), None)
            if level == "ignore":
                continue
            out.append(Finding(f.path, f.line, f.col, f.code, level or f.severity, f.message, f.fixed))
        return out
