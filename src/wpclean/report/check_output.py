"""`wpclean check` output: concise and full lines, statistics, JSON, GitHub annotations, JUnit XML.

Every line a finding gets starts `path:line:col: CODE`, so editors and terminals make it a link
and `grep path` finds it; only findings that fail the check are shown unless `-v` asks for all.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from rich.console import Console
from rich.text import Text

from ..errors import InputError
from ..findings import CODES, ERROR, INFO, WARNING, Finding
from ..io.reading import read_regular

FORMATS = ("concise", "full", "json", "github", "junit", "sarif", "gitlab")
JSON_SCHEMA_VERSION = 1
_STYLES = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}


@dataclass
class FileResult:
    path: str
    would_change: bool
    findings: list[Finding] = field(default_factory=list)
    failed: bool = False


#: formats written file by file as files finish (nothing held to the end)
STREAMED = frozenset({"concise", "full", "github"})
#: GitHub shows at most 10 annotations of each level per step; the rest are summed up in one notice
GITHUB_LIMIT = 10


def render(results: list[FileResult], fmt: str) -> str:
    """The formats written as one document at the end: json, junit, sarif, gitlab."""
    return {"json": _json, "junit": _junit, "sarif": _sarif, "gitlab": _gitlab}[fmt](results)


class LineStream:
    """`concise` (one line per finding) or `full` (with the source line and a caret under the
    column), printed a file at a time as files finish; styled on a terminal, plain text elsewhere.
    With `show_fixes`, what `clean` fixes is marked `[*]`, as ruff marks what `--fix` fixes."""

    def __init__(self, console: Console, full: bool = False, show_fixes: bool = False) -> None:
        self.console = console
        self.full = full
        self.show_fixes = show_fixes

    def add(self, result: FileResult) -> None:
        if not result.findings:
            return
        if self.console.is_terminal:
            for pieces in _lines(result, self.full, self.show_fixes):
                self.console.print(Text.assemble(*pieces), soft_wrap=True)
        else:
            lines = _lines(result, self.full, self.show_fixes)
            self.console.file.write("".join("".join(text for text, _ in pieces) + "\n" for pieces in lines))


def _lines(result: FileResult, full: bool, show_fixes: bool = False) -> Iterator[list[tuple[str, str]]]:
    lines: list[str] = []
    if full:
        try:  # read once per file, not once per finding
            lines = read_regular(result.path).decode("utf-8", "replace").splitlines()
        except InputError:  # unreadable, or a FIFO that would block
            lines = []
    for f in result.findings:
        fix = " [*]" if show_fixes and f.fixed else ""
        yield [(f"{f.path}:{f.line}:{f.col}: ", "bold"), (f.code, _STYLES.get(f.severity, "")), (fix, "green"), (f" {f.message}", "")]
        source = lines[f.line - 1] if full and 0 < f.line <= len(lines) else ""
        if source.strip():
            gutter = f"{f.line:>5} | "
            yield [(gutter + source.expandtabs(4)[:200], "dim")]
            yield [(" " * (len(gutter) + min(f.col - 1, 200)) + "^", _STYLES.get(f.severity, ""))]


def statistics(counts: Counter[str]) -> str:
    """`--statistics`: how many of each code, most first, with what the code means."""
    return "".join(f"{count:>6}  {code}  {CODES[code][1]}\n" for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _json(results: list[FileResult]) -> str:
    return json.dumps(
        {
            "schema_version": JSON_SCHEMA_VERSION,
            "files": [
                {"path": r.path, "would_change": r.would_change, "failed": r.failed,
                 "findings": [f.as_dict() for f in r.findings]}
                for r in results
            ],  # fmt: skip
        },
        indent=2,
        ensure_ascii=False,
    ) + "\n"


def _github_escape(text: str, *, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


class GithubStream:
    """Workflow commands: `::error` for what fails the check, `::warning`, `::notice` (with -v).

    GitHub shows at most ten annotations of a level in a step: past that, the rest are still
    printed as plain `path:line:col:` lines for the log, and one notice at the end counts them.
    """

    def __init__(self) -> None:
        self.shown: Counter[str] = Counter()
        self.held = 0

    def lines(self, r: FileResult, failing: Callable[[Finding], bool]) -> str:
        path = _github_escape(str(Path(r.path)), property_=True)
        out = []
        for f in r.findings:
            level = "error" if failing(f) else "warning" if f.severity == WARNING else "notice"  # what fails the check fails the job
            self.shown[level] += 1
            if self.shown[level] > GITHUB_LIMIT:
                self.held += 1
                out.append(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}\n")
                continue
            out.append(
                f"::{level} file={path},line={f.line},col={f.col},title={f.code}::{_github_escape(f.code + ' ' + f.message)}\n"
            )
        return "".join(out)

    def finish(self) -> str:
        if not self.held:
            return ""
        return f"::notice title=wpclean::{self.held} more findings past GitHub's {GITHUB_LIMIT} annotations per level; see the log above or run wpclean check locally\n"


def _junit(results: list[FileResult]) -> str:
    """One test case per file; it fails when clean would change the file or a finding is an error."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib.request, 20 ms of every run's start

    failures = sum(1 for r in results if r.would_change or r.failed or any(f.severity == ERROR for f in r.findings))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="wpclean" tests="{len(results)}" failures="{failures}">',
        f'<testsuite name="wpclean check" tests="{len(results)}" failures="{failures}">',
    ]
    for r in results:
        out.append(f"<testcase classname=\"wpclean\" name={quoteattr(r.path)}>")
        failing = r.would_change or r.failed or any(f.severity == ERROR for f in r.findings)
        body = "\n".join(f"{r.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in r.findings)
        if failing:
            message = "wpclean clean would change this file" if r.would_change else "errors found"
            out.append(f"<failure message={quoteattr(message)}>{escape(body)}</failure>")
        elif body:
            out.append(f"<system-out>{escape(body)}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


#: SARIF's levels and GitLab Code Quality's severities for wpclean's
_SARIF_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}
_GITLAB_SEVERITIES = {ERROR: "major", WARNING: "minor", INFO: "info"}


def _sarif(results: list[FileResult]) -> str:
    """SARIF 2.1.0 (GitHub code scanning): one run, a rule per code used, a result per finding."""
    from .. import __version__
    from ..checks import fails

    used = sorted({f.code for r in results for f in r.findings})
    rules = [
        {"id": code, "shortDescription": {"text": CODES[code][1]},
         "defaultConfiguration": {"level": _SARIF_LEVELS[CODES[code][0]]}}
        for code in used
    ]  # fmt: skip
    found = [
        {
            "ruleId": f.code,
            "ruleIndex": used.index(f.code),
            "level": "error" if fails(f) else _SARIF_LEVELS.get(f.severity, "warning"),  # as the check decides
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": Path(r.path).as_posix()},
                "region": {"startLine": f.line, "startColumn": f.col},
            }}],
        }
        for r in results for f in r.findings
    ]  # fmt: skip
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "wpclean", "version": __version__, "rules": rules}}, "results": found}],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _gitlab(results: list[FileResult]) -> str:
    """GitLab Code Quality: a JSON array of issues, each with a stable fingerprint."""
    from ..checks import fails

    seen: Counter[str] = Counter()  # two findings that read the same are two issues: the n-th is in the fingerprint

    def fingerprint(r: FileResult, f: Finding) -> str:
        text = f"{r.path}\0{f.line}\0{f.col}\0{f.code}\0{f.message}"
        seen[text] += 1
        return hashlib.sha256(f"{text}\0{seen[text]}".encode("utf-8", "surrogatepass")).hexdigest()

    issues = [
        {
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint(r, f),
            "severity": "major" if fails(f) else _GITLAB_SEVERITIES.get(f.severity, "minor"),
            "location": {"path": Path(r.path).as_posix(), "lines": {"begin": f.line}},
        }
        for r in results for f in r.findings
    ]  # fmt: skip
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
