"""What every command shares: the typer app, the consoles, the options that choose files, loading
the config, one-line errors, the HTML report sink and the progress bar.

Each command module (`clean`, `review`, `info`) imports from here and nothing from another
command, so there is no circle: `wpclean.cli` imports the command modules to register them.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Iterator, Literal, Optional

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .. import __version__, runner
from ..config import Config, find_config, load_file, validate
from ..errors import ConfigError, InputError
from ..findings import Finding
from ..io import paths, reading, writing
from ..io.excludes import Excludes

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


#: options clean, check and diff share (so their help reads the same)
ConfigFileOption = Annotated[
    Optional[Path], typer.Option("--config", help="Config file (default: nearest wpclean.yaml or pyproject.toml).")
]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")]
ReportOption = Annotated[Optional[Path], typer.Option("--report", help="Also write a self-contained HTML report.")]

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


def choice(values: Iterable[str]) -> click.Choice[str]:
    """An option's allowed values, listed in --help and checked by click (exit 2, naming them)."""
    return click.Choice(list(values))


def discover(
    sources: list[str], config: Config, out_dir: Optional[Path] = None,
    exclude: Optional[list[str]] = None, respect_gitignore: Optional[bool] = None, force_exclude: bool = False,
    post_types: tuple[str, ...] = ("post", "page"), comments: bool = False, quiet: bool = False,
) -> list[paths.Job]:  # fmt: skip
    """The files to work on: Markdown files, and the posts of WordPress XML exports (named, or at
    the top of a folder named); a source that holds none is said once, before any work (as ruff does)."""
    excludes = Excludes(
        config.exclude + config.extend_exclude + names(exclude),
        config.respect_gitignore if respect_gitignore is None else respect_gitignore,
        force_exclude,
    )
    exports = wxr_exports(sources)
    try:
        found = paths.discover([s for s in sources if Path(s) not in exports], exclude=out_dir, excludes=excludes)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    found += stage_exports(exports, post_types, comments, quiet)
    for src in sources:
        root = Path(src)
        if root.is_dir() and not any(paths.inside(Path(job.path), root) for job in found) and not any(root in x.parents for x in exports):
            say(f"wpclean: warning: no Markdown files in {src}")
    return found


def for_exports(config: Config, sources: list[str]) -> Config:
    """A WordPress XML export's pages go below their parent pages (`about/team.md`), unless a
    template or a site target says where posts go."""
    if config.path_template is None and config.target == "generic" and wxr_exports(sources):
        return config.replace(path_template="{source_dir}/{slug}.md")
    return config


def wxr_exports(sources: list[str]) -> list[Path]:
    """The WordPress XML exports among SRC, and at the top of each folder in SRC."""
    exports = [Path(s) for s in sources if paths.is_wxr(Path(s))]
    for src in sources:
        if Path(src).is_dir():
            exports += [p for p in sorted(Path(src).glob("*.xml")) if paths.is_wxr(p)]
    return exports


def stage_exports(exports: list[Path], post_types: tuple[str, ...], comments: bool = False, quiet: bool = False) -> list[paths.Job]:
    """Each export's posts as Markdown files in a folder of the run's own (removed when it ends),
    with one line per export saying what it held and left out (unless `quiet`)."""
    if not exports:
        return []
    from .. import wxr

    folder = Path(tempfile.mkdtemp(prefix="wpclean-wxr-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    jobs: list[paths.Job] = []
    for n, export in enumerate(exports):
        try:
            staged = wxr.stage(export, folder / str(n), post_types, comments)
        except wxr.WxrError as exc:
            jobs.append(paths.Job(str(export), str(export), export.name, Finding.make(str(export), 1, 1, "WPC914", str(exc))))
            continue
        left_out = ", ".join(f"{count} {why}" for why, count in sorted(staged.left_out.items()))
        if not quiet:
            say(f"wpclean: {export}: a WordPress XML export: {len(staged.jobs)} posts and pages" + (f"; left out: {left_out}" if left_out else ""))
        jobs += staged.jobs
    return jobs


def names(values: Optional[list[str]]) -> tuple[str, ...]:
    return tuple(n.strip() for v in values or () for n in v.split(",") if n.strip())


def say(line: str) -> None:
    """One diagnostic line on stderr, never wrapped, so editors and CI can parse it."""
    print(line, file=sys.stderr, flush=True)


def usage_error(message: str) -> typer.Exit:
    say(f"wpclean: error: {message}")
    return typer.Exit(2)


def load_config(sources: list[str], config_file: Optional[Path], **overrides: object) -> Config:
    path = config_file or (find_config(Path(sources[0])) if sources and sources[0] != "-" else None)
    base = load_file(path) if path else Config()
    config = validate(base.replace(**overrides))
    if config.select is not None or config.ignore:
        from .. import registry

        registry.resolve(config.select, config.ignore)  # unknown names fail here, before any work
    if config.path_template:
        paths.check_template(config.path_template)
    return config


class HtmlReportSink:
    """Feeds each outcome to the HTML report as it finishes and writes the page at the end (`--report FILE`)."""

    def __init__(self, path: Path, title: str, out_dir: Optional[Path], config: Config):
        from ..report.html_report import HtmlReport
        from ..transforms.shortcodes import Inventory, ad_marker_names

        from ..api import prose_segments

        self.path, self.out_dir, self.prose_segments = path, out_dir, prose_segments
        self.page = HtmlReport(title)
        self.inventory = Inventory(ad_marker_names(config.ads))

    def __call__(self, outcome: runner.Outcome) -> None:
        old: str | None = None
        try:
            data = reading.read_regular(outcome.job.path)
            old = data.decode("utf-8", "replace")
            if outcome.shortcodes is not None:  # counted by the worker, where it read the file
                self.inventory.add_counts(outcome.shortcodes)
            else:  # a file that was not cleaned: read here, as `wpclean shortcodes` reads it
                self.inventory.add(self.prose_segments(outcome.job.path, data))
        except InputError:  # unreadable: its error is the report's; a file that does not parse has no shortcodes to count
            pass
        new = outcome.data.decode("utf-8", "replace") if outcome.data is not None else None
        target = str(self.out_dir / outcome.rel) if self.out_dir and outcome.rel else outcome.job.display
        self.page.add(outcome, old, new, target)

    def finish(self, report: runner.RunReport) -> None:
        self.page.shortcodes = self.inventory.rows()
        with writing.atomic_stream(self.path) as fh:
            self.page.write(fh, report)


def listeners(*functions: Callable[[runner.Outcome], None] | None) -> Callable[[runner.Outcome], None]:
    active = [f for f in functions if f is not None]

    def tell(outcome: runner.Outcome) -> None:
        for listener in active:
            listener(outcome)

    return tell


def progress(enabled: bool, label: str = "cleaning") -> runner.Progress:
    """A bar on stderr for each pass, named ("indexing", then `label`), while files finish
    (a terminal only: never in a log or a pipe)."""

    def wrap(items: Iterable[Any], total: int, phase: str | None) -> Iterable[Any]:
        if not enabled:
            yield from items
            return
        name = phase or label
        columns = (TextColumn(f"{name:<9}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=stderr, transient=True) as bar:
            task = bar.add_task(name, total=total)
            for item in items:
                bar.advance(task)
                yield item

    return wrap


@contextlib.contextmanager
def side_file(path: Optional[Path]) -> Iterator[None]:
    """A file the run writes besides the posts (report, summary, NDJSON): a full disk or a
    read-only folder is one line and exit 1; the file is left as it was (atomic writes)."""
    try:
        yield
    except OSError as exc:
        if path is None:
            raise
        say(f"wpclean: error: cannot write {path}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


