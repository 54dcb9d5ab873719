"""`--report report.html`: one self-contained page (no network, no external assets) about a run.

The page is made to stay light for a whole export: every changed, failed or flagged
file is one small JSON row (filtered, searched and paged by the page's script), and
its details (the changes, the findings, a unified diff) are kept deflate-compressed
and unpacked only when the file is opened, until a size budget is spent.  Rows are
written to a temp file as files finish, so the run's memory stays flat too.
"""
from __future__ import annotations

import base64
import difflib
import html
import json
import tempfile
import zlib
from collections import Counter
from importlib import resources
from typing import IO, Any

from ..findings import CODES
from ..runner import Outcome, RunReport

#: compressed details kept in the page, in bytes: with the rows (~400 bytes a file),
#: a report on 20,000 posts stays under 30 MB
DETAIL_BUDGET = 18_000_000
MAX_ITEMS = 200  # ledger lines, and findings, shown per file
MAX_DIFF_LINES = 3000


class HtmlReport:
    """What a run did, file by file, written as one page."""

    def __init__(self, title: str, detail_budget: int = DETAIL_BUDGET) -> None:
        self.title = title
        self.transforms: Counter[str] = Counter()
        self.shortcodes: list[tuple[str, int, int]] = []
        self.detail_budget = detail_budget
        self.detail_bytes = self.rows = self.rows_without_detail = 0
        self._rows: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")

    def add(self, outcome: Outcome, old: str | None, new: str | None, target: str) -> None:
        self.transforms.update(transform for _, transform, _, _, _ in outcome.ledger)
        if not outcome.changed and not outcome.error and not outcome.findings:
            return
        status = "failed" if outcome.error else ("changed" if outcome.changed else "unchanged")
        row: dict[str, Any] = {
            "p": outcome.job.display, "o": target, "s": status, "n": len(outcome.ledger),
            "c": dict(Counter(f.code for f in outcome.findings)), "x": sorted({t for _, t, _, _, _ in outcome.ledger}),
        }  # fmt: skip
        if outcome.error:
            row["e"] = outcome.error.line_text()
        packed = pack(details(outcome, old, new))
        if self.detail_bytes + len(packed) <= self.detail_budget:
            self.detail_bytes += len(packed)
            row["d"] = packed
        else:
            self.rows_without_detail += 1
            row["m"] = f"details left out (the report's size limit): `wpclean diff --explain {outcome.job.display}` shows them"
        if self.rows:
            self._rows.write(",")
        self._rows.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))
        self.rows += 1

    def write(self, out: IO[str], report: RunReport) -> None:
        out.write("\n".join([
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width,initial-scale=1'>",
            f"<title>{html.escape(self.title)}</title><style>{_asset('report.css')}</style></head><body>",
            f"<header><h1>{html.escape(self.title)}</h1><p>{report.files} files in {report.seconds:.2f} s "
            f"({report.files_per_second:.0f} files/s)</p></header><main>",
            self._summary(report),
            self._findings(report),
            self._files_section(),
        ]))  # fmt: skip
        out.write("<script type='application/json' id='wpc-files'>[")
        self._rows.seek(0)
        while chunk := self._rows.read(1 << 20):
            out.write(chunk)
        self._rows.close()
        out.write("]</script>\n" + "\n".join([self._shortcodes(), self._links(report), "</main>"]))
        out.write(f"<script>{_asset('report.js')}</script></body></html>\n")

    def _files_section(self) -> str:
        note = ""
        if self.rows_without_detail:
            note = (f"<p class='dim'>The details of {self.rows_without_detail} files were left out to keep this page light; "
                    "<code>wpclean diff --explain FILE</code> shows them.</p>")  # fmt: skip
        empty = "<p>Nothing changed.</p>" if not self.rows else ""
        return (
            "<section id='wpc-files-section'><h2>Files</h2>"
            "<div class='filters'><input id='wpc-q' type='search' placeholder='search paths, codes, transforms'>"
            "<select id='wpc-code'><option value=''>every code and transform</option></select>"
            "<select id='wpc-status'><option value=''>every file</option><option value='changed'>changed</option>"
            "<option value='failed'>failed</option><option value='findings'>with findings</option></select></div>"
            f"<p id='wpc-count'></p><div id='wpc-list'></div><button id='wpc-more' hidden></button>{note}{empty}"
            "<noscript>The file list needs JavaScript.</noscript></section>"
        )

    def _summary(self, report: RunReport) -> str:
        cards = [("files", report.files), ("changed", report.changed), ("unchanged", report.unchanged),
                 ("failed", report.failed), ("findings", sum(report.findings.values()))]  # fmt: skip
        html_cards = "".join(f"<div class='card'><b>{n}</b><span>{label}</span></div>" for label, n in cards)
        rows = "".join(
            f"<tr><td>{_filter_link(name)}</td><td class='num'>{n}</td></tr>" for name, n in self.transforms.most_common()
        )
        table = f"<table class='list'><tr><th>transform</th><th class='num'>changes</th></tr>{rows}</table>" if rows else ""
        return f"<section><h2>Summary</h2><div class='cards'>{html_cards}</div><h2 style='margin-top:14px'>Changes by transform</h2>{table}</section>"

    def _findings(self, report: RunReport) -> str:
        rows = "".join(
            f"<tr><td>{_filter_link(code)}</td><td class='{CODES.get(code, ('info',))[0]}'>{CODES.get(code, ('info',))[0]}</td>"
            f"<td class='num'>{n}</td><td>{html.escape(CODES.get(code, ('', ''))[1])}</td></tr>"
            for code, n in sorted(report.findings.items())
        )
        body = rows or "<tr><td>none</td></tr>"
        return f"<section><h2>Findings by code</h2><table class='list'><tr><th>code</th><th>severity</th><th class='num'>count</th><th>meaning</th></tr>{body}</table></section>"

    def _shortcodes(self) -> str:
        rows = "".join(
            f"<tr><td><code>[{html.escape(name)}]</code></td><td class='num'>{files}</td><td class='num'>{count}</td></tr>"
            for name, files, count in self.shortcodes
        )
        body = rows or "<tr><td>none</td></tr>"
        return f"<section><h2>Shortcodes</h2><table class='list'><tr><th>shortcode</th><th class='num'>files</th><th class='num'>occurrences</th></tr>{body}</table></section>"

    def _links(self, report: RunReport) -> str:
        counts = "".join(f"<div class='card'><b>{report.links.get(k, 0)}</b><span>{k}</span></div>"
                         for k in ("canonicalized", "unwrapped", "internal", "media", "broken"))  # fmt: skip
        rows = "".join(
            f"<tr><td>{html.escape(domain)}</td><td class='num'>{n}</td></tr>" for domain, n in report.domains.most_common(40)
        )
        table = f"<table class='list'><tr><th>domain</th><th class='num'>links</th></tr>{rows}</table>" if rows else ""
        return f"<section><h2>Links</h2><div class='cards'>{counts}</div>{table}</section>"


def details(outcome: Outcome, old: str | None, new: str | None) -> dict[str, Any]:
    """One file's changes, findings still open, and diff: what the page shows when the file is opened."""
    ledger = [[line, transform, reason, " ".join(before.split())[:90]] for line, transform, reason, before, _ in outcome.ledger]
    findings = [[f.line, f.col, f.code, f.severity, f.message] for f in outcome.findings if not f.fixed]
    left_out = max(0, len(ledger) - MAX_ITEMS) + max(0, len(findings) - MAX_ITEMS)
    diff = unified_diff(old, new) if outcome.changed and old is not None and new is not None else ""
    return {
        "ledger": ledger[:MAX_ITEMS], "findings": findings[:MAX_ITEMS], "diff": diff,
        "more": f"{left_out} more changes and findings are not listed" if left_out else "",
    }  # fmt: skip


def unified_diff(old: str, new: str, context: int = 2) -> str:
    """The changed lines and `context` lines around each, as hunks (no file header: the row names the file)."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context))[2:]
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"@@ diff cut at {MAX_DIFF_LINES} lines @@"]
    return "\n".join(lines)


def pack(detail: dict[str, Any]) -> str:
    """JSON, deflated (zlib, which the page's DecompressionStream('deflate') reads), base64."""
    return base64.b64encode(zlib.compress(json.dumps(detail, ensure_ascii=False).encode("utf-8"), 6)).decode("ascii")


def unpack(packed: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(zlib.decompress(base64.b64decode(packed)))
    return result


def _filter_link(name: str) -> str:
    return f"<a class='code' data-code='{html.escape(name)}'><code>{html.escape(name)}</code></a>"


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")
