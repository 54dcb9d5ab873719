"""`--report report.html`: one self-contained page (no network, no external assets) about a run."""
from __future__ import annotations

import difflib
import html
import shutil
import tempfile
from collections import Counter
from typing import IO

from ..findings import CODES
from ..runner import Outcome, RunReport

MAX_DIFFS = 300  # side-by-side diffs kept in the page; the rest are counted
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d2b3a;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#b9c6d3}main{padding:18px 28px;max-width:1500px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:14px 18px;margin:0 0 18px}
h2{font-size:17px;margin:0 0 10px}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#f0f4f8;border-radius:6px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:22px}.card span{color:#5a6775;font-size:12px}
table.list{border-collapse:collapse;width:100%}table.list td,table.list th{border-bottom:1px solid #eef1f4;
padding:4px 8px;text-align:left;vertical-align:top}table.list th{color:#5a6775;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}.error{color:#b3261e}.warning{color:#9a6700}.info{color:#0b6bcb}
details{border-top:1px solid #eef1f4;padding:6px 0}summary{cursor:pointer;font-weight:600}
ul.ledger{margin:6px 0 8px 18px;padding:0;color:#3d4853}ul.ledger code{background:#f0f4f8;padding:0 3px}
table.diff{font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;border-collapse:collapse;width:100%}
table.diff td{padding:0 4px;white-space:pre-wrap;word-break:break-all;vertical-align:top}
table.diff td:nth-child(2),table.diff td:nth-child(4){width:47%}
table.diff td.diff_header{color:#8a96a3;width:3em;text-align:right}table.diff th{color:#5a6775;text-align:left}
.diff_add{background:#dafbe1}.diff_chg{background:#fff3b0}.diff_sub{background:#ffe1e1}
"""


class HtmlReport:
    """What a run did, file by file, written as one page.

    Each file's entry is rendered when the file finishes and kept in a temp
    file, so memory stays flat in the number of files; `write` assembles the page.
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self.transforms: Counter[str] = Counter()
        self.shortcodes: list[tuple[str, int, int]] = []
        self.diffs_shown = self.changed_files = self.entries = 0
        self._entries: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")

    def add(self, outcome: Outcome, old: str | None, new: str | None, target: str) -> None:
        self.transforms.update(transform for _, transform, _, _, _ in outcome.ledger)
        self.changed_files += outcome.changed
        if not outcome.changed and not outcome.error and not outcome.findings:
            return
        diff = ""
        if outcome.changed and old is not None and new is not None and self.diffs_shown < MAX_DIFFS:
            diff = side_by_side(old.splitlines(), new.splitlines())
            self.diffs_shown += 1
        self._entries.write(self._entry(outcome, target, diff) + "\n")
        self.entries += 1

    def _entry(self, outcome: Outcome, target: str, diff: str) -> str:
        status = "failed" if outcome.error else ("changed" if outcome.changed else "unchanged")
        summary = (f"{html.escape(outcome.job.display)} <span style='color:#5a6775;font-weight:400'>→ {html.escape(target)}"
                   f" · {status} · {len(outcome.findings)} findings</span>")  # fmt: skip
        items = []
        if outcome.error:
            items.append(f"<li class='error'>{html.escape(outcome.error.line_text())}</li>")
        for line, transform, reason, before, _ in outcome.ledger[:200]:
            short = " ".join(before.split())[:90]
            items.append(f"<li>line {line}: <code>{html.escape(transform)}</code> {html.escape(reason)}"
                         + (f" — <i>{html.escape(short)}</i>" if short else "") + "</li>")  # fmt: skip
        for f in outcome.findings[:200]:
            if not f.fixed:
                items.append(f"<li class='{f.severity}'>{f.line}:{f.col} {f.code} {html.escape(f.message)}</li>")
        opened = " open" if not self.entries else ""  # the first file shown opened, as an example of the rest
        return f"<details{opened}><summary>{summary}</summary><ul class='ledger'>{''.join(items)}</ul>{diff}</details>"

    def write(self, out: IO[str], report: RunReport) -> None:
        out.write("\n".join([
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width,initial-scale=1'>",
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>",
            f"<header><h1>{html.escape(self.title)}</h1><p>{report.files} files in {report.seconds:.2f} s "
            f"({report.files_per_second:.0f} files/s)</p></header><main>",
            self._summary(report),
            self._findings(report),
            "<section><h2>Files</h2>",
        ]))  # fmt: skip
        self._entries.seek(0)
        shutil.copyfileobj(self._entries, out)
        self._entries.close()
        if not self.entries:
            out.write("<p>Nothing changed.</p>")
        more = self.changed_files - self.diffs_shown
        if more > 0:
            out.write(f"<p>{more} more changed files are listed without their diff.</p>")
        out.write("</section>\n" + "\n".join([self._shortcodes(), self._links(report), "</main></body></html>"]))

    def _summary(self, report: RunReport) -> str:
        cards = [("files", report.files), ("changed", report.changed), ("unchanged", report.unchanged),
                 ("failed", report.failed), ("findings", sum(report.findings.values()))]  # fmt: skip
        html_cards = "".join(f"<div class='card'><b>{n}</b><span>{label}</span></div>" for label, n in cards)
        rows = "".join(
            f"<tr><td><code>{html.escape(name)}</code></td><td class='num'>{n}</td></tr>"
            for name, n in self.transforms.most_common()
        )
        table = f"<table class='list'><tr><th>transform</th><th class='num'>changes</th></tr>{rows}</table>" if rows else ""
        return f"<section><h2>Summary</h2><div class='cards'>{html_cards}</div><h2 style='margin-top:14px'>Changes by transform</h2>{table}</section>"

    def _findings(self, report: RunReport) -> str:
        rows = "".join(
            f"<tr><td><code>{code}</code></td><td class='{CODES.get(code, ('info',))[0]}'>{CODES.get(code, ('info',))[0]}</td>"
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


_ROW_CLASSES = {"equal": ("", ""), "replace": ("diff_chg", "diff_chg"), "delete": ("diff_sub", ""), "insert": ("", "diff_add")}


def side_by_side(old: list[str], new: list[str], context: int = 2) -> str:
    """The changed lines of a file before and after, side by side, with `context` lines around each change.

    Lines are compared whole (difflib.HtmlDiff's character-level marking took ~0.3 s for a
    long post, most of a `--report` run).
    """
    rows = ["<table class=\"diff\"><tr><th></th><th>before</th><th></th><th>after</th></tr>"]
    for n, group in enumerate(difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(context)):
        if n:
            rows.append("<tr><td class='diff_header'>⋯</td><td></td><td class='diff_header'>⋯</td><td></td></tr>")
        for tag, i1, i2, j1, j2 in group:
            left_class, right_class = _ROW_CLASSES[tag]
            for k in range(max(i2 - i1, j2 - j1)):
                left = f"<td class='diff_header'>{i1 + k + 1}</td><td class='{left_class}'>{html.escape(old[i1 + k])}</td>" if i1 + k < i2 else "<td></td><td></td>"
                right = f"<td class='diff_header'>{j1 + k + 1}</td><td class='{right_class}'>{html.escape(new[j1 + k])}</td>" if j1 + k < j2 else "<td></td><td></td>"
                rows.append(f"<tr>{left}{right}</tr>")
    rows.append("</table>")
    return "".join(rows)
