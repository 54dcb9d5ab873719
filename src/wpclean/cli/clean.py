"""`wpclean clean`: the main job, from SRC into OUT, in place, or stdin to stdout."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .. import runner
from ..config import MEDIA_MODES, Config
from ..errors import ConfigError
from ..findings import Finding
from ..io import cache, paths, writing
from ..report.summary import print_summary
from ..targets import TARGETS
from .common import (
    CacheDirOption, ConfigFileOption, ExcludeOption, ForceExcludeOption, GitignoreOption, HtmlReportSink, JobsOption,
    NoCacheOption, app, choice, discover, for_exports, listeners, load_config, names, progress, say, side_file, stderr, usage_error, wxr_exports,
)

if TYPE_CHECKING:
    from ..media.fetch import MediaList


@app.command()
def clean(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories; '-' reads one document on stdin.")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Output directory (for ndjson: a file).")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the source files atomically.")] = False,
    format: Annotated[
        str, typer.Option("--format", click_type=choice(runner.FORMATS), help="Markdown files, JSON (one file per post) or NDJSON.")
    ] = "markdown",
    target: Annotated[
        Optional[str], typer.Option("--target", click_type=choice(TARGETS), help="The site generator whose layout, front matter and URLs to write.")
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
    media: Annotated[
        Optional[str],
        typer.Option("--media", click_type=choice(MEDIA_MODES),
                     help="Images and attachments: leave them linked where they are, download them into OUT, or list them in OUT/media-manifest.json."),
    ] = None,
    post_types: Annotated[
        Optional[list[str]], typer.Option("--post-types", help="From a WordPress XML export: the post types to write (default: post,page).")
    ] = None,
    comments: Annotated[
        bool, typer.Option("--comments", help="From a WordPress XML export: approved comments as a Comments section at the end of each post.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do everything but write; print the summary.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in OUT that wpclean did not write (or that were edited since).")
    ] = False,
    fast: Annotated[
        bool, typer.Option("--fast", help="Skip the stability pass (cleaning each output again); the prose check still runs.")
    ] = False,
    jobs: JobsOption = 0,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Run only these transforms (names, comma-separated).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these transforms (names, comma-separated).")] = None,
    config_file: ConfigFileOption = None,
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
    try:
        config = load_config(
            sources,
            config_file,
            target=target,
            path_template=path_template,
            select=names(select) or None,
            ignore=names(ignore) or None,
            encoding_fallback=encoding_fallback,
            fast=fast or None,
            timezone=timezone,
        )
        if media is not None:
            config = config.replace(media=dataclasses.replace(config.media, mode=media))
        config = for_exports(config, sources)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    if config.media.mode != "link" and (output is None or in_place or format == "ndjson"):
        raise usage_error(f"--media {config.media.mode} brings media into OUT: use -o OUT (Markdown or JSON)")
    if in_place and wxr_exports(sources):
        raise usage_error("a WordPress XML export is not rewritten in place; write its posts with -o OUT")
    if scaffold and (config.target == "generic" or format != "markdown" or output is None or in_place):
        raise usage_error("--scaffold needs a site --target (hugo, jekyll, eleventy, astro), Markdown output and -o OUT")
    if sources == ["-"]:
        raise typer.Exit(_clean_stdin(config, format, verbose))
    if "-" in sources:
        raise usage_error("'-' (stdin) cannot be combined with other sources")
    plan = _plan(sources, output, in_place, format, dry_run, jobs, ledger=report_html is not None, force=force)
    plan = dataclasses.replace(plan, cache_dir=cache.folder_for(cache_dir, no_cache), inventory=report_html is not None)
    found = discover(sources, config, plan.out_dir, exclude, respect_gitignore, force_exclude, names(post_types) or ("post", "page"), comments, quiet)

    def tell(outcome: runner.Outcome) -> None:
        if verbose:
            for finding in outcome.findings:
                say(finding.line_text())
            if outcome.detail:
                say(outcome.detail.rstrip())

    sink = HtmlReportSink(report_html, "wpclean clean", plan.out_dir, config) if report_html else None
    media_list = None
    if config.media.mode != "link":
        from ..media.fetch import MediaList  # here: only --media loads urllib

        media_list = MediaList()
    with side_file(output if format == "ndjson" else None), contextlib.ExitStack() as stack:
        ndjson_file = None  # NDJSON to a file: renamed into place only when the run ends
        if format == "ndjson":
            ndjson_file = stack.enter_context(writing.atomic_stream(output)) if output else sys.stdout
        emit = (lambda line: print(line, file=ndjson_file)) if ndjson_file else None
        report = runner.run(
            found,
            config,
            plan,
            ndjson_out=emit,
            progress=progress(stderr.is_terminal and not quiet),
            listener=listeners(tell, sink, media_list.take if media_list is not None else None),
        )
    for failure in report.failures:
        say(failure.line_text())
    if not quiet:
        for notice in report.notices:
            say(notice.line_text())
        print_summary(stderr, report, dry_run=dry_run)
    exit_code = report.exit_code()
    if media_list is not None and output is not None and not dry_run:
        with side_file(output):
            exit_code = max(exit_code, _bring_media(media_list, output, config, quiet))
    if scaffold and output is not None:
        with side_file(output):
            _scaffold(output, config, dry_run, quiet)
    if sink is not None:
        with side_file(report_html):
            sink.finish(report)
    if summary_json:
        with side_file(summary_json), writing.atomic_stream(summary_json) as fh:
            fh.write(json.dumps(report.as_dict(), indent=2) + "\n")
    raise typer.Exit(exit_code)


def _bring_media(media_list: MediaList, out: Path, config: Config, quiet: bool) -> int:
    """`--media`: list the run's media files, or fetch them; 1 when one could not be brought."""
    from ..media import fetch

    if config.media.mode == "manifest":
        written = fetch.write_manifest(media_list, out)
        findings = media_list.findings
        if not quiet:
            say(f"media: {len(media_list.files)} files listed in {written}")
    else:
        done = fetch.download(media_list, out, config.media)
        findings = done.findings
        if not quiet:
            say(f"media: {done.downloaded} downloaded, {done.already_there} already there, {len(findings)} not brought")
    for finding in findings:
        say(finding.line_text())
    return 1 if findings else 0


def _scaffold(out_dir: Path, config: Config, dry_run: bool, quiet: bool) -> None:
    from ..targets import scaffold

    done = scaffold.write(out_dir, config.target, config.site.new_base, dry_run=dry_run)
    if quiet:
        return
    kept = f" (kept yours: {', '.join(done.kept)})" if done.kept else ""
    verb = "would write" if dry_run else "wrote"
    say(f"scaffold: {verb} {len(done.written)} files for {config.target}{kept}; "
         f"look at the site with: {scaffold.BUILD_COMMANDS[config.target].format(out=out_dir)}")


def _check_writable(output: Path, dry_run: bool) -> None:
    """OUT that is a file, or a folder this user cannot write to, is said once, before any work."""
    if output.exists() and not output.is_dir():
        raise usage_error(f"output {output} is a file, not a directory")
    existing = next((p for p in (output, *output.parents) if p.exists()), None)
    if not dry_run and existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise usage_error(f"cannot write to {output}: {existing} is not writable")


def _plan(
    sources: list[str], output: Optional[Path], in_place: bool, format: str, dry_run: bool, jobs: int, ledger: bool, force: bool
) -> runner.Plan:
    if output and in_place:
        raise usage_error("use either -o OUT or --in-place, not both")
    if in_place and format != "markdown":
        raise usage_error("--in-place writes Markdown; use -o OUT for json or ndjson")
    if not output and not in_place and not dry_run and format != "ndjson":
        raise usage_error("say where to write: -o OUT, --in-place, or --dry-run")
    if output and format != "ndjson":
        _check_writable(output, dry_run)
        for src in sources:
            src_path = Path(src)
            if not src_path.is_dir():
                if output.resolve() == src_path.resolve().parent:  # a post whose slug is its file name would overwrite it
                    raise usage_error(f"output directory {output} holds the source file {src}; choose another")
                continue
            if paths.inside(output, src_path):
                raise usage_error(f"output directory {output} is inside the source tree {src}; choose another")
            if paths.inside(src_path, output):  # `-o .` over `export/`: the run would skip its own sources
                raise usage_error(f"output directory {output} holds the source tree {src}; choose another")
    if output and format == "ndjson" and output.is_dir():
        raise usage_error(f"--format ndjson writes one file; {output} is a directory")
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
    from .. import api
    from ..render import record as records

    data = sys.stdin.buffer.read()
    seconds = config.limits.seconds_per_file
    try:
        with runner.deadline(seconds):
            result = api.clean_bytes(data, "<stdin>", config)
    except runner.TimeLimitExceeded:
        result = api.Result("<stdin>", error=runner.time_limit_finding("<stdin>", seconds))
    except Exception as exc:  # noqa: BLE001 - one line, as for a file in a directory run; -v shows where
        if verbose:
            say(traceback.format_exc().rstrip())
        result = api.Result("<stdin>", error=Finding.make("<stdin>", 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}"))
    if result.error is not None:
        if verbose and result.detail:
            say(result.detail.rstrip())
        say(result.error.line_text())
        return 3 if result.error.code.startswith("WPC99") else 1
    if format == "markdown":
        sys.stdout.buffer.write(result.encoded())
    else:
        assert result.document is not None
        indent = 2 if format == "json" else None
        sys.stdout.write(records.dumps(records.record(result.document, "-"), indent=indent) + "\n")
    sys.stdout.flush()
    return 0


