"""The informational commands: shortcodes, redirects, init, rules, transforms, schema."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from .. import runner
from ..links import redirects as redirect_maps
from ..targets import TARGETS
from .common import app, choice, discover, for_exports, load_config, say, stdout, usage_error
from ..errors import ConfigError, InputError
from ..io import paths


@app.command()
def shortcodes(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (its ad markers count too).")] = None,
) -> None:
    """Inventory of the shortcodes in SRC (outside code): name, files, occurrences."""
    try:
        config = load_config(sources, config_file)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    from ..api import prose_segments
    from ..transforms.shortcodes import Inventory, ad_marker_names

    found = discover(sources, config)
    inventory = Inventory(ad_marker_names(config.ads))
    for job in found:
        try:
            inventory.add(prose_segments(job.path))
        except InputError as exc:
            say(f"{job.display}:{exc.line}:{exc.col}: {exc.code} {exc.message}")
    table = Table(box=None, header_style="bold")
    table.add_column("shortcode")
    table.add_column("files", justify="right")
    table.add_column("occurrences", justify="right")
    for name, files, count in inventory.rows():
        table.add_row(Text(f"[{name}]"), str(files), str(count))
    stdout.print(table)


@app.command()
def redirects(
    sources: Annotated[list[str], typer.Argument(help="Export files or directories.")],
    format: Annotated[str, typer.Option("--format", click_type=choice(redirect_maps.FORMATS), help="The map's format.")] = "netlify",
    path_template: Annotated[Optional[str], typer.Option("--path-template", help="As for clean: where each post goes.")] = None,
    target: Annotated[
        Optional[str], typer.Option("--target", click_type=choice(TARGETS), help="As for clean: the site generator whose URLs the map points to.")
    ] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Config file (site.old_urls, site.new_base).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")] = 0,
) -> None:
    """Print a redirect map from every post's old URLs (permalink, ?p=ID, aliases) to its new path."""
    try:
        config = for_exports(load_config(sources, config_file, path_template=path_template, target=target), sources)
    except ConfigError as exc:
        raise usage_error(str(exc)) from None
    found = discover(sources, config)
    report = runner.RunReport(files=len(found))
    site, _, entries, _ = runner.build_index(found, config, runner.Plan(jobs=jobs), report, keep_entries=True)
    for notice in (*report.notices, *report.index_errors):
        say(notice.line_text())  # a post left out of the map says so, in one line
    pairs = redirect_maps.redirect_pairs(entries, site.hosts, config.site.new_base)
    sys.stdout.write(redirect_maps.render(pairs, format))
    if report.index_errors:
        raise typer.Exit(1)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path("wpclean.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented default config (wpclean.yaml)."""
    from ..config_template import DEFAULT_CONFIG

    if path.exists() and not force:
        raise usage_error(f"{path} exists; use --force to overwrite it")
    path.write_text(DEFAULT_CONFIG, encoding="utf-8")
    say(f"wrote {path}")


@app.command()
def rules(
    format: Annotated[
        str, typer.Option("--format", click_type=choice(("table", "json")), help="A table (tab-separated lines when piped) or JSON.")
    ] = "table",
) -> None:
    """List every finding code with its severity, one line of description and an example."""
    from ..checks import NORMALIZATIONS
    from ..findings import CODES, EXAMPLES

    if format == "json":
        rows = [
            {"code": code, "severity": severity, "description": description, "example": EXAMPLES.get(code, ""),
             "normalization": code in NORMALIZATIONS}
            for code, (severity, description) in CODES.items()
        ]  # fmt: skip
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not stdout.is_terminal:  # never wrapped: one line per code, for grep and cut
        for code, (severity, description) in CODES.items():
            example = EXAMPLES.get(code, "").replace("\n", "\\n")
            print(f"{code}\t{severity}\t{description}\t{example}")
        return
    table = Table(box=None, header_style="bold")
    for column in ("code", "severity", "description", "example"):
        table.add_column(column)
    for code, (severity, description) in CODES.items():
        table.add_row(code, severity, description, Text(EXAMPLES.get(code, "")))
    stdout.print(table)


@app.command()
def transforms() -> None:
    """List the transforms in the order they run: name, finding codes, what each does."""
    from .. import registry

    table = Table(box=None, header_style="bold")
    for column in ("name", "codes", "default", "what it does"):
        table.add_column(column)
    for transform in registry.TRANSFORMS:
        table.add_row(transform.name, transform.codes, "on", transform.summary())
    stdout.print(table)


@app.command()
def schema(
    config: Annotated[bool, typer.Option("--config", help="The schema of wpclean.yaml instead (for an editor's completion).")] = False,
) -> None:
    """Print the JSON Schema of the records `--format json|ndjson` writes (or, with --config, of wpclean.yaml)."""
    from ..config_schema import config_schema

    from ..render.schema import SCHEMA

    print(json.dumps(config_schema() if config else SCHEMA, indent=2))
