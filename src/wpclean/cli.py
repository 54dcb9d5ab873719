"""The `wpclean` command line: parses options, calls the library, prints, picks the exit code."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Iterable, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from . import __version__, api, registry, runner
from .config import Config, find_config, load_file, validate
from .errors import ConfigError, InputError
from .io import paths
from .render import record as records
from .render.schema import SCHEMA
from .report.summary import print_summary

app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    help="Turn WordPress-exported Markdown into clean Markdown or JSON, losing no prose.",
)
stderr = Console(stderr=True, highlight=False)
stdout = Console(highlight=False)


def _version(value: bool) -> None:
    if value:
        print(f"wpclean {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Clean WordPress exports: front matter, shortcodes, ads, figures, HTML."""


def _names(values: Optional[list[str]]) -> tuple[str, ...]:
    return tuple(n.strip() for v in values or () for n in v.split(",") if n.strip())


def _say(line: str) -> None:
    """One diagnostic line on stderr, never wrapped, so editors and CI can parse it."""
    print(line, file=sys.stderr, flush=True)


def _usage_error(message: str) -> typer.Exit:
    _say(f"wpclean: error: {message}")
    return typer.Exit(2)


def _config(sources: list[str], config_file: Optional[Path], **overrides: object) -> Config:
    path = config_file or (find_config(Path(sources[0])) if sources and sources[0] != "-" else None)
    base = load_file(path) if path else Config()
    config = validate(base.replace(**overrides))
    registry.resolve(config.select, config.ignore)  # unknown names fail here, before any work
    paths.check_template(config.path_template)
    return config


def _progress(enabled: bool):
    def wrap(items: Iterable[runner.Outcome], total: int) -> Iterable[runner.Outcome]:
        if not enabled:
            yield from items
            return
        columns = (TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=stderr, transient=True) as bar:
            task = bar.add_task("clean", total=total)
            for item in items:
                bar.advance(task)
                yield item

    return wrap


@app.command()
def clean(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories; '-' reads one document on stdin.")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Output directory (for ndjson: a file).")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the source files atomically.")] = False,
    format: Annotated[str, typer.Option("--format", help="markdown, json (one file per post) or ndjson.")] = "markdown",
    path_template: Annotated[
        Optional[str],
        typer.Option("--path-template", help="Output path below OUT: {slug} {year} {month} {day} {id} {source_stem} {source_dir}."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do everything but write; print the summary.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")] = 0,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Run only these transforms (names, comma-separated).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these transforms (names, comma-separated).")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (default: nearest wpclean.yaml or pyproject.toml).")] = None,
    encoding_fallback: Annotated[
        Optional[str], typer.Option("--encoding-fallback", help="Decode non-UTF-8 files with this encoding, e.g. cp1252.")
    ] = None,
    summary_json: Annotated[
        Optional[Path], typer.Option("--summary-json", help="Also write the run summary (counts, findings, links by domain) as JSON.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print failures.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every finding; tracebacks for internal errors.")] = False,
) -> None:
    """Clean SRC into OUT (or in place, or stdin to stdout). Exit 1 if a file was rejected, 3 on a wpclean bug."""
    if format not in runner.FORMATS:
        raise _usage_error(f"--format must be one of {', '.join(runner.FORMATS)}")
    try:
        config = _config(
            sources,
            config_file,
            path_template=path_template,
            select=_names(select) or None,
            ignore=_names(ignore) or None,
            encoding_fallback=encoding_fallback,
        )
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    if sources == ["-"]:
        raise typer.Exit(_clean_stdin(config, format))
    if "-" in sources:
        raise _usage_error("'-' (stdin) cannot be combined with other sources")
    plan = _plan(sources, output, in_place, format, dry_run, jobs)
    try:
        found = paths.discover(sources, exclude=plan.out_dir)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    ndjson_file = None
    if format == "ndjson":
        ndjson_file = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    emit = (lambda line: print(line, file=ndjson_file)) if ndjson_file else None
    def tell(outcome: runner.Outcome) -> None:
        if verbose:
            for finding in outcome.findings:
                _say(finding.line_text())
            if outcome.detail:
                _say(outcome.detail.rstrip())

    try:
        report = runner.run(
            found, config, plan, ndjson_out=emit, progress=_progress(stderr.is_terminal and not quiet), listener=tell
        )
    finally:
        if ndjson_file not in (None, sys.stdout):
            ndjson_file.close()
    for failure in report.failures:
        _say(failure.line_text())
    if not quiet:
        for notice in report.notices:
            _say(notice.line_text())
        print_summary(stderr, report, dry_run=dry_run)
    if summary_json:
        summary_json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    raise typer.Exit(report.exit_code())


def _plan(sources: list[str], output: Optional[Path], in_place: bool, format: str, dry_run: bool, jobs: int) -> runner.Plan:
    if output and in_place:
        raise _usage_error("use either -o OUT or --in-place, not both")
    if in_place and format != "markdown":
        raise _usage_error("--in-place writes Markdown; use -o OUT for json or ndjson")
    if not output and not in_place and not dry_run and format != "ndjson":
        raise _usage_error("say where to write: -o OUT, --in-place, or --dry-run")
    if output and format != "ndjson":
        for src in sources:
            src_path = Path(src)
            if src_path.is_dir() and paths.inside(output, src_path):
                raise _usage_error(f"output directory {output} is inside the source tree {src}; choose another")
    if output and format == "ndjson" and output.is_dir():
        raise _usage_error(f"--format ndjson writes one file; {output} is a directory")
    return runner.Plan(
        format=format,
        out_dir=output if format != "ndjson" else None,
        in_place=in_place,
        dry_run=dry_run,
        jobs=jobs,
    )


def _clean_stdin(config: Config, format: str) -> int:
    data = sys.stdin.buffer.read()
    result = api.clean_bytes(data, "<stdin>", config)
    if result.error is not None:
        _say(result.error.line_text())
        return 3 if result.error.code.startswith("WPC99") else 1
    if format == "markdown":
        sys.stdout.buffer.write(result.encoded())
    else:
        assert result.document is not None
        indent = 2 if format == "json" else None
        sys.stdout.write(records.dumps(records.record(result.document, "-"), indent=indent) + "\n")
    sys.stdout.flush()
    return 0


@app.command()
def check(
    sources: Annotated[list[str], typer.Argument(help="Content files or directories to check.")],
    format: Annotated[str, typer.Option("--format", help="human, json, github (annotations) or junit (XML).")] = "human",
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Report only these codes or prefixes (WPC3).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Do not report these codes or prefixes.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Report, but exit 0 unless wpclean itself failed.")] = False,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (default: nearest wpclean.yaml or pyproject.toml).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")] = 0,
) -> None:
    """Report WordPress debris and what clean would fix, as path:line:col findings; never writes.

    Exit 1 when a file would change, has an error-level finding or cannot be read; 0 on clean content.
    """
    from .checks import Selection
    from .report import check_output

    if format not in check_output.FORMATS:
        raise _usage_error(f"--format must be one of {', '.join(check_output.FORMATS)}")
    try:
        config = _config(sources, config_file)
        found = paths.discover(sources)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    selection = Selection(
        _names(select) or config.check.select, _names(ignore) + config.check.ignore, tuple(config.check.severity.items())
    )
    results: list[check_output.FileResult] = []

    def collect(outcome: runner.Outcome) -> None:
        findings = selection.apply(outcome.findings + ([outcome.error] if outcome.error else []))
        results.append(check_output.FileResult(outcome.job.display, outcome.changed, findings, outcome.error is not None))

    plan = runner.Plan(dry_run=True, jobs=jobs, check=True)
    report = runner.run(found, config, plan, listener=collect)
    text = check_output.render(results, format, stdout)
    if text is not None:
        sys.stdout.write(text)
    if report.internal_errors:
        raise typer.Exit(3)
    failing = any(r.would_change or r.failed or any(f.severity == "error" for f in r.findings) for r in results)
    raise typer.Exit(1 if failing and not exit_zero else 0)


@app.command()
def diff(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Diff against what clean -o OUT would write there (as copies).")] = None,
    path_template: Annotated[Optional[str], typer.Option("--path-template", help="As for clean, with -o.")] = None,
    stat: Annotated[bool, typer.Option("--stat", help="A per-file summary instead of the patch.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Before each file, the transforms and reasons behind its changes.")] = False,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (default: nearest wpclean.yaml or pyproject.toml).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")] = 0,
) -> None:
    """Print the unified diff of what clean would write (in place, or into OUT); `git apply` reproduces it.

    Exit 1 when a file would change, 0 when none would.
    """
    from .report import diffs

    try:
        config = _config(sources, config_file, path_template=path_template)
        found = paths.discover(sources, exclude=output)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    plan = runner.Plan(dry_run=True, jobs=jobs, out_dir=output, in_place=output is None, ledger=explain)
    file_diffs: list[diffs.FileDiff] = []
    paint = diffs.colour if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else (lambda text: text)

    def show(outcome: runner.Outcome) -> None:
        if outcome.error is not None or outcome.data is None:
            return
        old_path = diffs.relative(outcome.job.path)
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

    report = runner.run(found, config, plan, listener=show)
    if stat and file_diffs:
        width = max(len(d.new_path) for d in file_diffs)
        for d in file_diffs:
            print(diffs.stat_line(d, min(width, 60)))
        print(f" {len(file_diffs)} files changed, {sum(d.added for d in file_diffs)} insertions(+), "
              f"{sum(d.removed for d in file_diffs)} deletions(-)")
    for failure in report.failures:
        _say(failure.line_text())
    raise typer.Exit(report.exit_code() if report.exit_code() else (1 if file_diffs else 0))


@app.command()
def shortcodes(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (its ad markers count too).")] = None,
) -> None:
    """Inventory of the shortcodes in SRC (outside code): name, files, occurrences."""
    try:
        config = _config(sources, config_file)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    from .transforms.shortcodes import ad_marker_names, inventory

    try:
        found = paths.discover(sources)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    texts = {}
    for job in found:
        try:
            texts[job.display] = api.prose_text(job.path)
        except InputError as exc:
            _say(f"{job.display}:{exc.line}:{exc.col}: {exc.code} {exc.message}")
    table = Table(box=None, header_style="bold")
    for column, justify in (("shortcode", "left"), ("files", "right"), ("occurrences", "right")):
        table.add_column(column, justify=justify)
    for name, files, count in inventory(texts, ad_marker_names(config.ads)):
        table.add_row(Text(f"[{name}]"), str(files), str(count))
    stdout.print(table)


@app.command()
def redirects(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    format: Annotated[str, typer.Option("--format", help="netlify, nginx, apache, caddy, csv or json.")] = "netlify",
    path_template: Annotated[Optional[str], typer.Option("--path-template", help="As for clean: where each post goes.")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (site.old_urls, site.new_base).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")] = 0,
) -> None:
    """Print a redirect map from every post's old URLs (permalink, ?p=ID, aliases) to its new path."""
    from .links import redirects as redirect_maps

    if format not in redirect_maps.FORMATS:
        raise _usage_error(f"--format must be one of {', '.join(redirect_maps.FORMATS)}")
    try:
        config = _config(sources, config_file, path_template=path_template)
        found = paths.discover(sources)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    report = runner.RunReport(files=len(found))
    site, _, entries = runner.build_index(found, config, runner.Plan(jobs=jobs), report)
    for notice in report.notices:
        _say(notice.line_text())
    pairs = redirect_maps.redirect_pairs(entries, site.hosts, config.site.new_base)
    sys.stdout.write(redirect_maps.render(pairs, format))


@app.command()
def transforms() -> None:
    """List the transforms in the order they run: name, finding codes, what each does."""
    table = Table(box=None, header_style="bold")
    for column in ("name", "codes", "default", "what it does"):
        table.add_column(column)
    for transform in registry.TRANSFORMS:
        table.add_row(transform.name, transform.codes, "on", transform.summary())
    stdout.print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the records `--format json|ndjson` writes."""
    print(json.dumps(SCHEMA, indent=2))


def main() -> None:
    app()
