"""`wpclean check` output: human (grouped, with the offending line), JSON, GitHub annotations, JUnit XML."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape, quoteattr

from rich.console import Console
from rich.text import Text

from ..errors import InputError
from ..findings import ERROR, INFO, WARNING, Finding
from ..io.reading import read_regular

FORMATS = ("human", "json", "github", "junit")
JSON_SCHEMA_VERSION = 1
_STYLES = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}


@dataclass
class FileResult:
    path: str
    would_change: bool
    findings: list[Finding] = field(default_factory=list)
    failed: bool = False


#: formats written file by file as files finish (nothing held to the end)
STREAMED = frozenset({"human", "github"})


def render(results: list[FileResult], fmt: str) -> str:
    """The formats written as one document at the end: json, junit."""
    return {"json": _json, "junit": _junit}[fmt](results)


class HumanStream:
    """The human report, printed a file at a time: styled on a terminal, plain text (fast) elsewhere."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.files = self.changing = self.findings = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.changing += result.would_change
        self.findings += len(result.findings)
        if not result.findings and not result.would_change:
            return
        if self.console.is_terminal:
            for pieces in _human_lines(result):
                self.console.print(Text.assemble(*pieces), soft_wrap=True)
        else:
            self.console.file.write("".join("".join(text for text, _ in pieces) + "\n" for pieces in _human_lines(result)))

    def finish(self) -> None:
        self.console.print(
            Text(f"{self.files} files checked: {self.changing} would change, {self.findings} findings"), soft_wrap=True
        )


def _human_lines(result: FileResult) -> Iterator[list[tuple[str, str]]]:
    """A file's report, line by line, as (text, style) pieces: the path, each finding, the line it points at."""
    yield [(result.path, "bold")] + ([("  (clean would change this file)", "dim")] if result.would_change else [])
    try:  # read once per file, not once per finding
        lines = read_regular(result.path).decode("utf-8", "replace").splitlines()
    except InputError:  # unreadable, or a FIFO that would block
        lines = []
    for f in result.findings:
        yield [(f"  {f.line}:{f.col}  ", ""), (f.code, _STYLES.get(f.severity, "")), (f"  {f.message}", "")]
        snippet = lines[f.line - 1].strip() if 0 < f.line <= len(lines) else ""
        if snippet:
            yield [("      " + snippet[:160], "dim")]


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


def github_lines(r: FileResult) -> str:
    """Workflow commands for one file: `::warning file=...,line=...,col=...,title=CODE::message`."""
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    path = _github_escape(str(Path(r.path)), property_=True)
    lines = [
        f"::{level.get(f.severity, 'warning')} file={path},line={f.line},col={f.col},"
        f"title={f.code}::{_github_escape(f.code + ' ' + f.message)}\n"
        for f in r.findings
    ]
    if r.would_change and not r.findings:
        lines.append(f"::warning file={path},line=1,col=1,title=wpclean::wpclean clean would change this file\n")
    return "".join(lines)


def _junit(results: list[FileResult]) -> str:
    """One test case per file; it fails when clean would change the file or a finding is an error."""
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
