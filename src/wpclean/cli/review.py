"""`wpclean check` and `wpclean diff`: the two ways of reviewing without writing."""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import runner
from ..errors import ConfigError
from ..findings import INFO, Finding
from ..io import cache
from ..report import check_output
from ..targets import TARGETS
from .common import (
    CacheDirOption, ConfigFileOption, ExcludeOption, ForceExcludeOption, GitignoreOption, HtmlReportSink, JobsOption,
    NoCacheOption, ReportOption, app, choice, discover, listeners, load_config, names, progress, say, stderr, stdout, usage_error, wxr_exports,
)


@app.command()
def check(
    sources: Annotated[list[str], typer.Argument(help="Content files or directories to check.")],
    format: Annotated[
        str, typer.Option("--format", click_type=choice(check_output.FORMATS), help="One line per finding (concise), with the source line (full), or for a CI service.")
    ] = "concise",
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Report only these codes or prefixes (WPC3); only they decide the exit status.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Do not report these codes or prefixes.")] = None,
    target: Annotated[Optional[str], typer.Option("--target", click_type=choice(TARGETS), help="As for clean: the site generator the content is for.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count the findings by code instead of listing them.")] = False,
    show_fixes: Annotated[bool, typer.Option("--show-fixes", help="Mark what clean fixes with [*] and count it.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show findings that do not fail the check (info).")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Report, but exit 0 unless wpclean itself failed.")] = False,
    config_file: ConfigFileOption = None,
    jobs: JobsOption = 0,
    report_html: ReportOption = None,
    exclude: ExcludeOption = None,
    respect_gitignore: GitignoreOption = None,
    force_exclude: ForceExcludeOption = False,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Report WordPress debris and problems, one path:line:col line each; never writes.

    Exit 1 when a finding fails the check (WordPress debris that clean removes, or an error) or a file cannot be read.

    Warnings are shown; normalizations of valid content (key order, a slug the file name gives, an entity) need -v.

    With --select, only the selected codes decide the exit status.
    """
    from ..checks import Selection, fails, unknown_code_message
    try:
        config = load_config(sources, config_file, target=target)
        selection = Selection(
            names(select) or config.check.select, names(ignore) + config.check.ignore, tuple(config.check.severity.items())
        )
        for code in (*selection.select, *selection.ignore):
            problem = unknown_code_message(code)
            if problem:
                raise ConfigError(problem)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    found = discover(sources, config, None, exclude, respect_gitignore, force_exclude)

    def failing(finding: Finding) -> bool:  # with --select, a selected finding decides whatever its kind
        return bool(selection.select) or fails(finding)

    results: list[check_output.FileResult] = []  # kept only for the formats written whole at the end
    lines = check_output.LineStream(stdout, full=format == "full", show_fixes=show_fixes) if format in ("concise", "full") else None
    github = check_output.GithubStream() if format == "github" else None
    counts: Counter[str] = Counter()
    failed_files = shown_out = fixable = 0

    def collect(outcome: runner.Outcome) -> None:
        nonlocal failed_files, shown_out, fixable
        findings = selection.apply(outcome.findings + ([outcome.error] if outcome.error else []))
        counts.update(f.code for f in findings)
        unexplained = outcome.changed and not findings and not selection.select  # a change no finding names
        if outcome.error is not None or unexplained or any(failing(f) for f in findings):
            failed_files += 1
        shown = findings if verbose or format in ("json", "junit", "sarif", "gitlab") else [f for f in findings if f.severity != INFO or failing(f)]
        shown_out += len(findings) - len(shown)
        fixable += sum(1 for f in shown if f.fixed)
        result = check_output.FileResult(outcome.job.display, outcome.changed, shown, outcome.error is not None)
        if statistics:
            return
        if lines is not None:  # streamed as files finish: memory stays flat in the number of files
            lines.add(result)
        elif github is not None:
            sys.stdout.write(github.lines(result, failing))
        else:
            results.append(result)

    # what `clean --in-place` would change: each file keeps its place and name
    plan = runner.Plan(dry_run=True, in_place=True, jobs=jobs, check=True, ledger=report_html is not None, inventory=report_html is not None, cache_dir=cache.folder_for(cache_dir, no_cache))
    sink = HtmlReportSink(report_html, "wpclean check", None, config) if report_html else None
    bar = progress(stderr.is_terminal and not stdout.is_terminal, "checking")  # findings on the terminal are the progress
    report = runner.run(found, config, plan, listener=listeners(collect, sink), progress=bar)
    if sink is not None:
        sink.finish(report)
    if statistics:
        sys.stdout.write(check_output.statistics(counts))
    elif github is not None:
        sys.stdout.write(github.finish())
    elif lines is None:
        sys.stdout.write(check_output.render(results, format))
    hidden = f"; {shown_out} more with -v" if shown_out and not statistics else ""
    remembered = f"; {report.cached} unchanged since the last run" if report.cached else ""
    fixes = f"; [*] {fixable} fixable with `wpclean clean --in-place`" if show_fixes else ""
    say(f"wpclean check: {report.files} files, {failed_files} failing, {sum(counts.values())} findings{hidden}{fixes}{remembered}")
    if report.internal_errors:
        raise typer.Exit(3)
    raise typer.Exit(1 if failed_files and not exit_zero else 0)


@app.command()
def diff(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Diff against what clean -o OUT would write there (as copies).")] = None,
    path_template: Annotated[Optional[str], typer.Option("--path-template", help="As for clean, with -o.")] = None,
    stat: Annotated[bool, typer.Option("--stat", help="A per-file summary instead of the patch.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Before each file, the transforms and reasons behind its changes.")] = False,
    config_file: ConfigFileOption = None,
    jobs: JobsOption = 0,
    report_html: ReportOption = None,
    exclude: ExcludeOption = None,
    respect_gitignore: GitignoreOption = None,
    force_exclude: ForceExcludeOption = False,
) -> None:
    """Print the unified diff of what clean would write (in place, or into OUT); `git apply` reproduces it.

    Exit 1 when a file would change, 0 when none would.
    """
    from ..report import diffs

    try:
        config = load_config(sources, config_file, path_template=path_template)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    if output is None and wxr_exports(sources):
        raise usage_error("a WordPress XML export is not rewritten in place: diff what clean writes with -o OUT")
    found = discover(sources, config, output, exclude, respect_gitignore, force_exclude)
    plan = runner.Plan(dry_run=True, jobs=jobs, out_dir=output, in_place=output is None, ledger=explain or report_html is not None,
                       inventory=report_html is not None)  # fmt: skip
    sink = HtmlReportSink(report_html, "wpclean diff", output, config) if report_html else None
    file_diffs: list[diffs.FileDiff] = []
    paint = diffs.colour if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else (lambda text: text)

    def show(outcome: runner.Outcome) -> None:
        if outcome.error is not None or outcome.data is None:
            return
        old_path = diffs.relative(outcome.job.display)  # a WXR post by the export's name, not its staging place
        new_path = diffs.relative(str(output / outcome.rel)) if output and outcome.rel else old_path
        patch = diffs.file_diff(Path(outcome.job.path).read_bytes(), outcome.data, old_path, new_path)
        if patch is None:
            return
        file_diffs.append(patch)
        if not stat:
            notes = "".join(f"# {old_path}:{line}: {transform}: {reason}\n" for line, transform, reason, _, _ in outcome.ledger)
            # bytes, so CRLF lines and undecodable bytes reach the patch as they are in the files
            sys.stdout.buffer.write((notes + paint(patch.text)).encode("utf-8", "surrogateescape"))
            sys.stdout.flush()

    bar = progress(stderr.is_terminal and not sys.stdout.isatty(), "diffing")  # not over a patch on the same terminal
    report = runner.run(found, config, plan, listener=listeners(show, sink), progress=bar)
    if sink is not None:
        sink.finish(report)
    if stat and file_diffs:
        width = max(len(d.new_path) for d in file_diffs)
        for d in file_diffs:
            print(diffs.stat_line(d, min(width, 60)))
        print(f" {len(file_diffs)} files changed, {sum(d.added for d in file_diffs)} insertions(+), "
              f"{sum(d.removed for d in file_diffs)} deletions(-)")
    for failure in report.failures:
        say(failure.line_text())
    raise typer.Exit(report.exit_code() if report.exit_code() else (1 if file_diffs else 0))
