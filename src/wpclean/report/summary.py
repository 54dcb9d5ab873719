"""The end-of-run summary: a rich table on a terminal, plain lines when piped."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..findings import CODES
from ..runner import RunReport


def _counts(report: RunReport, verb: str) -> str:
    return (
        f"{report.files} files: {report.changed} {verb}, {report.unchanged} unchanged, "
        f"{report.failed} failed in {report.seconds:.2f}s ({report.files_per_second:.0f} files/s)"
        + (f"; {report.cached} unchanged since the last run, from the cache" if report.cached else "")
    )


def print_summary(console: Console, report: RunReport, *, dry_run: bool = False) -> None:
    verb = "would change" if dry_run else "changed"
    if not console.is_terminal:
        console.print(f"wpclean: {_counts(report, verb)}", markup=False, highlight=False, soft_wrap=True)
        if report.findings:
            listed = ", ".join(f"{code}×{n}" for code, n in sorted(report.findings.items()))
            console.print(f"findings: {listed}", markup=False, highlight=False, soft_wrap=True)
        if report.domains:
            console.print(f"links: {_links_line(report)}", markup=False, highlight=False, soft_wrap=True)
        return
    table = Table(title="wpclean", title_justify="left", show_header=True, header_style="bold")
    table.add_column("files", justify="right")
    table.add_column(verb, justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("time", justify="right")
    table.add_column("files/s", justify="right")
    table.add_row(
        str(report.files),
        str(report.changed),
        str(report.unchanged),
        f"[red]{report.failed}[/]" if report.failed else "0",
        f"{report.seconds:.2f}s",
        f"{report.files_per_second:.0f}",
    )
    console.print(table)
    if report.cached:
        console.print(f"{report.cached} files unchanged since the last run, from the cache", highlight=False)
    if report.findings:
        codes = Table(show_header=True, header_style="bold", box=None)
        codes.add_column("code")
        codes.add_column("count", justify="right")
        codes.add_column("meaning")
        for code, n in sorted(report.findings.items()):
            codes.add_row(code, str(n), CODES.get(code, ("", ""))[1])
        console.print(codes)
    if report.domains:
        console.print(f"links: {_links_line(report)}", markup=False, highlight=False)


def _links_line(report: RunReport) -> str:
    counts = ", ".join(f"{n} {k}" for k, n in sorted(report.links.items()) if n)
    top = ", ".join(f"{domain} {n}" for domain, n in report.domains.most_common(5))
    return f"{sum(report.domains.values())} ({counts or 'none changed'}); top domains: {top}"
