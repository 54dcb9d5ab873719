"""The `wpclean` command line: parses options, calls the library, prints, picks the exit code."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Annotated, Callable, Iterable, Iterator, Literal, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__, api, registry, runner
from .config import Config, find_config, load_file, validate
from .errors import ConfigError, InputError
from .findings import Finding
from .io import paths, reading, writing
from .io import cache
from .io.excludes import Excludes
from .render import record as records
from .report.summary import print_summary

app = typer.Typer(
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn WordPress-exported Markdown into clean Markdown or JSON, losing no prose.",
)
# NO_COLOR (no-color.org) means no styling at all: rich's own no_color keeps bold and italic.
_STYLES: Literal["auto"] | None = None if os.environ.get("NO_COLOR") else "auto"
stderr = Console(stderr=True, highlight=False, color_system=_STYLES)
stdout = Console(highlight=False, color_system=_STYLES)


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


#: the options that choose files, shared by clean, check and diff
ExcludeOption = Annotated[
    Optional[list[str]], typer.Option("--exclude", help="Also leave out these files or folders (.gitignore-style patterns).")
]
GitignoreOption = Annotated[
    Optional[bool], typer.Option("--respect-gitignore/--no-respect-gitignore", help="Leave out what .gitignore files ignore (default: yes).")
]
ForceExcludeOption = Annotated[
    bool, typer.Option("--force-exclude", help="Apply the excludes to files named on the command line too (for pre-commit).")
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Clean every file, remembering nothing between runs.")]
CacheDirOption = Annotated[
    Optional[Path], typer.Option("--cache-dir", help="Where results of unchanged files are kept (default: .wpclean_cache).")
]


def _discover(
    sources: list[str], config: Config, out_dir: Optional[Path] = None,
    exclude: Optional[list[str]] = None, respect_gitignore: Optional[bool] = None, force_exclude: bool = False,
) -> list[paths.Job]:  # fmt: skip
    """The files to work on; a source that holds none is said once, before any work (as ruff does)."""
    excludes = Excludes(
        config.exclude + config.extend_exclude + _names(exclude),
        config.respect_gitignore if respect_gitignore is None else respect_gitignore,
        force_exclude,
    )
    try:
        found = paths.discover(sources, exclude=out_dir, excludes=excludes)
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    for src in sources:
        root = Path(src)
        if root.is_dir() and not any(job.path.startswith(str(root)) for job in found):
            wxr = next((p for p in sorted(root.glob("*.xml")) if paths.is_wxr(p)), None)
            hint = f"; {paths.WXR_MESSAGE.format(path=wxr)}" if wxr else ""
            _say(f"wpclean: warning: no Markdown files in {src}{hint}")
    return found


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
    if config.path_template:
        paths.check_template(config.path_template)
    return config


class _HtmlReportSink:
    """Feeds each outcome to the HTML report as it finishes and writes the page at the end (`--report FILE`)."""

    def __init__(self, path: Path, title: str, out_dir: Optional[Path], config: Config):
        from .report.html_report import HtmlReport
        from .transforms.shortcodes import Inventory, ad_marker_names

        self.path, self.out_dir = path, out_dir
        self.page = HtmlReport(title)
        self.inventory = Inventory(ad_marker_names(config.ads))

    def __call__(self, outcome: runner.Outcome) -> None:
        old: str | None = None
        try:
            data = reading.read_regular(outcome.job.path)
            old = data.decode("utf-8", "replace")
            self.inventory.add(api.prose_segments(outcome.job.path, data))
        except InputError:  # unreadable: its error is the report's; a file that does not parse has no shortcodes to count
            pass
        new = outcome.data.decode("utf-8", "replace") if outcome.data is not None else None
        target = str(self.out_dir / outcome.rel) if self.out_dir and outcome.rel else outcome.job.display
        self.page.add(outcome, old, new, target)

    def finish(self, report: runner.RunReport) -> None:
        self.page.shortcodes = self.inventory.rows()
        with writing.atomic_stream(self.path) as fh:
            self.page.write(fh, report)


def _listeners(*functions: Callable[[runner.Outcome], None] | None) -> Callable[[runner.Outcome], None]:
    active = [f for f in functions if f is not None]

    def tell(outcome: runner.Outcome) -> None:
        for listener in active:
            listener(outcome)

    return tell


def _progress(enabled: bool) -> Callable[[Iterable[runner.Outcome], int], Iterable[runner.Outcome]]:
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
    target: Annotated[
        Optional[str], typer.Option("--target", help="generic, hugo, jekyll, eleventy or astro: the site generator's layout, front matter and URLs.")
    ] = None,
    path_template: Annotated[
        Optional[str],
        typer.Option("--path-template", help="Output path below OUT: {slug} {year} {month} {day} {id} {source_stem} {source_dir}."),
    ] = None,
    timezone: Annotated[
        Optional[str], typer.Option("--timezone", help="Zone of dates written without one, e.g. Europe/Berlin or +02:00.")
    ] = None,
    scaffold: Annotated[
        bool, typer.Option("--scaffold", help="Also write the smallest site for --target into OUT (never replacing a file).")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do everything but write; print the summary.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in OUT that wpclean did not write (or that were edited since).")
    ] = False,
    fast: Annotated[
        bool, typer.Option("--fast", help="Skip the stability pass (cleaning each output again); the prose check still runs.")
    ] = False,
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
    report_html: Annotated[
        Optional[Path], typer.Option("--report", help="Also write a self-contained HTML report (summary, diffs, inventories).")
    ] = None,
    exclude: ExcludeOption = None,
    respect_gitignore: GitignoreOption = None,
    force_exclude: ForceExcludeOption = False,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
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
            target=target,
            path_template=path_template,
            select=_names(select) or None,
            ignore=_names(ignore) or None,
            encoding_fallback=encoding_fallback,
            fast=fast or None,
            timezone=timezone,
        )
    except ConfigError as exc:
        raise _usage_error(str(exc)) from None
    if scaffold and (config.target == "generic" or format != "markdown" or output is None or in_place):
        raise _usage_error("--scaffold needs a site --target (hugo, jekyll, eleventy, astro), Markdown output and -o OUT")
    if sources == ["-"]:
        raise typer.Exit(_clean_stdin(config, format, verbose))
    if "-" in sources:
        raise _usage_error("'-' (stdin) cannot be combined with other sources")
    plan = _plan(sources, output, in_place, format, dry_run, jobs, ledger=report_html is not None, force=force)
    plan = dataclasses.replace(plan, cache_dir=cache.folder_for(cache_dir, no_cache))
    found = _discover(sources, config, plan.out_dir, exclude, respect_gitignore, force_exclude)

    def tell(outcome: runner.Outcome) -> None:
        if verbose:
            for finding in outcome.findings:
                _say(finding.line_text())
            if outcome.detail:
                _say(outcome.detail.rstrip())

    sink = _HtmlReportSink(report_html, "wpclean clean", plan.out_dir, config) if report_html else None
    with _side_file(output if format == "ndjson" else None), contextlib.ExitStack() as stack:
        ndjson_file = None  # NDJSON to a file: renamed into place only when the run ends
        if format == "ndjson":
            ndjson_file = stack.enter_context(writing.atomic_stream(output)) if output else sys.stdout
        emit = (lambda line: print(line, file=ndjson_file)) if ndjson_file else None
        report = runner.run(
            found,
            config,
            plan,
            ndjson_out=emit,
            progress=_progress(stderr.is_terminal and not quiet),
            listener=_listeners(tell, sink),
        )
    for failure in report.failures:
        _say(failure.line_text())
    if not quiet:
        for notice in report.notices:
            _say(notice.line_text())
        print_summary(stderr, report, dry_run=dry_run)
    if scaffold and output is not None:
        with _side_file(output):
            _scaffold(output, config, dry_run, quiet)
    if sink is not None:
        with _side_file(report_html):
            sink.finish(report)
    if summary_json:
        with _side_file(summary_json), writing.atomic_stream(summary_json) as fh:
            fh.write(json.dumps(report.as_dict(), indent=2) + "\n")
    raise typer.Exit(report.exit_code())


def _scaffold(out_dir: Path, config: Config, dry_run: bool, quiet: bool) -> None:
    from .targets import scaffold

    done = scaffold.write(out_dir, config.target, config.site.new_base, dry_run=dry_run)
    if quiet:
        return
    kept = f" (kept yours: {', '.join(done.kept)})" if done.kept else ""
    verb = "would write" if dry_run else "wrote"
    _say(f"scaffold: {verb} {len(done.written)} files for {config.target}{kept}; "
         f"look at the site with: {scaffold.BUILD_COMMANDS[config.target].format(out=out_dir)}")


@contextlib.contextmanager
def _side_file(path: Optional[Path]) -> Iterator[None]:
    """A file the run writes besides the posts (report, summary, NDJSON): a full disk or a
    read-only folder is one line and exit 1; the file is left as it was (atomic writes)."""
    try:
        yield
    except OSError as exc:
        if path is None:
            raise
        _say(f"wpclean: error: cannot write {path}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


def _check_writable(output: Path, dry_run: bool) -> None:
    """OUT that is a file, or a folder this user cannot write to, is said once, before any work."""
    if output.exists() and not output.is_dir():
        raise _usage_error(f"output {output} is a file, not a directory")
    existing = next((p for p in (output, *output.parents) if p.exists()), None)
    if not dry_run and existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise _usage_error(f"cannot write to {output}: {existing} is not writable")


def _plan(
    sources: list[str], output: Optional[Path], in_place: bool, format: str, dry_run: bool, jobs: int, ledger: bool, force: bool
) -> runner.Plan:
    if output and in_place:
        raise _usage_error("use either -o OUT or --in-place, not both")
    if in_place and format != "markdown":
        raise _usage_error("--in-place writes Markdown; use -o OUT for json or ndjson")
    if not output and not in_place and not dry_run and format != "ndjson":
        raise _usage_error("say where to write: -o OUT, --in-place, or --dry-run")
    if output and format != "ndjson":
        _check_writable(output, dry_run)
        for src in sources:
            src_path = Path(src)
            if not src_path.is_dir():
                if output.resolve() == src_path.resolve().parent:  # a post whose slug is its file name would overwrite it
                    raise _usage_error(f"output directory {output} holds the source file {src}; choose another")
                continue
            if paths.inside(output, src_path):
                raise _usage_error(f"output directory {output} is inside the source tree {src}; choose another")
            if paths.inside(src_path, output):  # `-o .` over `export/`: the run would skip its own sources
                raise _usage_error(f"output directory {output} holds the source tree {src}; choose another")
    if output and format == "ndjson" and output.is_dir():
        raise _usage_error(f"--format ndjson writes one file; {output} is a directory")
    return runner.Plan(
        format=format,
        out_dir=output if format != "ndjson" else None,
        in_place=in_place,
        dry_run=dry_run,
        force=force,
        jobs=jobs,
        ledger=ledger,
    )


def _clean_stdin(config: Config, format: str, verbose: bool) -> int:
    data = sys.stdin.buffer.read()
    seconds = config.limits.seconds_per_file
    try:
        with runner.deadline(seconds):
            result = api.clean_bytes(data, "<stdin>", config)
    except runner.TimeLimitExceeded:
        result = api.Result("<stdin>", error=runner.time_limit_finding("<stdin>", seconds))
    except Exception as exc:  # noqa: BLE001 - one line, as for a file in a directory run; -v shows where
        if verbose:
            _say(traceback.format_exc().rstrip())
        result = api.Result("<stdin>", error=Finding.make("<stdin>", 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}"))
    if result.error is not None:
        if verbose and result.detail:
            _say(result.detail.rstrip())
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


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would call it "Aborted!" and exit 1)."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def main() -> None:
    signal.signal(signal.SIGINT, _interrupt)
    try:
        app()
    except Interrupted:
        # Every write is a rename of a whole temp file, and temp files are removed on the way out.
        _say("wpclean: interrupted; files written so far are whole, the rest are as they were")
        sys.exit(130)


# The other commands live beside this module; importing them registers them on `app`.
from . import cli_info, cli_review  # noqa: E402,F401
