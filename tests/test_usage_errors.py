"""Every command's bad invocations: one `wpclean: error:` line and exit 2, before any work.

And the small units behind the diff and the rules table, with expectations written from the
formats they follow (git's path quoting, ANSI colours).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED
from wpclean.cli import app, main
from wpclean.findings import CODES
from wpclean.report import diffs

runner = CliRunner()


def _bad_config(tmp_path: Path, text: str, name: str = "wpclean.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "args, says",
    [
        (["shortcodes", "{missing}"], "{missing}: no such file or directory"),
        (["shortcodes", "{seed}", "--config", "{yaml:target: nope}"], "unknown target 'nope'"),
        (["redirects", "{seed}", "--format", "htaccess"], "Invalid value for '--format': 'htaccess' is not one of 'netlify', 'nginx', 'apache', 'caddy', 'csv', 'json'."),
        (["redirects", "{missing}"], "{missing}: no such file or directory"),
        (["check", "{seed}", "--format", "xml"], "'xml' is not one of 'concise', 'full', 'json', 'github', 'junit', 'sarif', 'gitlab'"),
        (["check", "{seed}", "--target", "zola"], "Invalid value for '--target': 'zola' is not one of 'generic', 'hugo', 'jekyll', 'eleventy', 'astro'."),
        (["clean", "{seed}", "-j", "abc"], "Invalid value for '--jobs' / '-j': 'abc' is not a valid integer range."),
        (["check", "{missing}"], "{missing}: no such file or directory"),
        (["diff", "{missing}"], "{missing}: no such file or directory"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:dialect: latex}"], "unknown dialect 'latex'"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:ads: {pullquotes: maybe}}"], "ads.pullquotes must be 'remove' or 'keep', not 'maybe'"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:check: {severity: {WPC302: loud}}}"], "check.severity.WPC302 must be error, warning, info or ignore, not 'loud'"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:limits: {max_file_mb: -1}}"], "limits.max_file_mb must be a positive number, not -1"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:title: [unclosed}"], "wpclean.yaml:1:17: invalid YAML: expected ',' or ']'"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:ads: {markers: ['x(']}}"], "ads.markers[0]: 'x(' is not a valid regular expression"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:links: {originals: maybe}}"], "links.originals must be true or false, not 'maybe'"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:frontmatter: {drop_keys: {a: 1}}}"], "frontmatter.drop_keys must be a list of strings"),
        (["clean", "{seed}", "--dry-run", "--config", "{yaml:target: [hugo]}"], "target must be a string, not ['hugo']"),
        (["check", "{seed}", "--select", "WPC5O4"], "unknown code or prefix 'WPC5O4' (did you mean WPC504?)"),
        (["clean", "{seed}", "-o", "{seed}/bernie-online-army.md"], "is a file, not a directory"),
        (["clean", "{seed}", "--dry-run", "--config", "{toml:[tool.wpclean\n}"], "invalid TOML"),
        (["clean", "{seed}", "--dry-run", "--config", "{missing}"], "cannot read config"),
        (["clean", "{seed}", "-o", "{tmp}/out", "--in-place"], "use either -o OUT or --in-place, not both"),
        (["clean", "{seed}", "--in-place", "--format", "json"], "--in-place writes Markdown; use -o OUT for json or ndjson"),
        (["clean", "{seed}"], "say where to write: -o OUT, --in-place, or --dry-run"),
        (["clean", "{seed}", "--format", "ndjson", "-o", "{tmp}"], "--format ndjson writes one file"),
        (["clean", "-", "{seed}"], "'-' (stdin) cannot be combined with other sources"),
    ],
)
def test_bad_invocations_are_one_line_and_exit_2(tmp_path: Path, args: list[str], says: str, capsys, monkeypatch):
    def fill(text: str) -> str:
        if text.startswith("{yaml:"):
            return _bad_config(tmp_path, text[6:-1])
        if text.startswith("{toml:"):
            return _bad_config(tmp_path, text[6:-1], "pyproject.toml")
        return text.format(seed=SEED, missing=tmp_path / "missing", tmp=tmp_path)

    monkeypatch.setattr("sys.argv", ["wpclean", *(fill(a) for a in args)])  # through main, as the console script runs
    with pytest.raises(SystemExit) as exited:
        main()
    stderr = capsys.readouterr().err
    assert exited.value.code == 2, stderr
    [line] = stderr.splitlines()
    assert line.startswith("wpclean: error: ") and fill(says) in line


def test_rules_lists_every_code_with_its_example():
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in CODES:
        assert code in result.stdout
    assert "a hand-written OUT/about.md" in " ".join(result.stdout.split())
    # piped: one unwrapped line per code, tab-separated
    assert len(result.stdout.splitlines()) == len(CODES)
    assert "WPC913\terror\ta file in OUT that this tool did not write" in result.stdout
    rows = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    assert [row["code"] for row in rows] == list(CODES)
    assert next(row for row in rows if row["code"] == "WPC126")["normalization"] is True


@pytest.mark.parametrize(
    "path, quoted",
    [
        ("posts/hello.md", "posts/hello.md"),
        ("posts/café.md", '"posts/caf\\303\\251.md"'),
        ('say "hi".md', '"say \\"hi\\".md"'),
        ("back\\slash.md", '"back\\\\slash.md"'),
        ("tab\there.md", '"tab\\there.md"'),
        ("new\nline.md", '"new\\nline.md"'),
    ],
)
def test_paths_in_a_patch_are_quoted_as_git_quotes_them(path: str, quoted: str):
    assert diffs.git_quote(path) == quoted


def test_a_diff_is_coloured_as_git_colours_it():
    patch = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n context\n"
    assert diffs.colour(patch) == (
        "\x1b[1mdiff --git a/x b/x\x1b[0m\n\x1b[1m--- a/x\x1b[0m\n\x1b[1m+++ b/x\x1b[0m\n"
        "\x1b[36m@@ -1 +1 @@\x1b[0m\n\x1b[31m-old\x1b[0m\n\x1b[32m+new\x1b[0m\n context\n"
    )


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title></channel></rss>
"""


def test_a_wordpress_xml_export_is_read_and_said_so_before_any_work(tmp_path: Path):
    export = tmp_path / "blog.wordpress.xml"
    export.write_text(WXR, encoding="utf-8")
    result = runner.invoke(app, ["clean", str(export), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"wpclean: {export}: a WordPress XML export: 0 posts and pages\n")
    folder = runner.invoke(app, ["check", str(tmp_path)])  # an export at the top of a folder is read too
    assert folder.exit_code == 0 and "no Markdown files" not in folder.stderr
    in_place = runner.invoke(app, ["clean", str(export), "--in-place"])
    assert in_place.exit_code == 2
    assert in_place.stderr == "wpclean: error: a WordPress XML export is not rewritten in place; write its posts with -o OUT\n"


def test_an_output_folder_that_cannot_be_written_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import os

    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a user who may not write there (tests run as root)
    result = runner.invoke(app, ["clean", str(SEED), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"wpclean: error: cannot write to {tmp_path / 'out'}: {tmp_path} is not writable\n"


def test_help_has_a_short_flag_and_plain_types():
    result = runner.invoke(app, ["clean", "-h"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--scaffold" in result.stdout and "<bool>" not in result.stdout and "<str>" not in result.stdout
    # every option with a closed set of values lists them
    assert "[markdown|json|ndjson]" in result.stdout and "[generic|hugo|jekyll|eleventy|astro]" in result.stdout
