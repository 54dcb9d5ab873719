"""Every input shape that once raised an uncaught exception, by name: each is now harmless in every mode.

The 0.4 reliability audit found four signatures (a control character before
the first tag, `<img src=t://]>`, `![](h://[`, `permalink: p://]`); a URL that
Python's `urlsplit` refuses is now left as written wherever wpclean splits one.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wpclean
from wpclean.cli import app

CRASHES = {
    "entity for a control character before the first tag": "---\ntitle: t\n---\n&#7;<p>x</p>\n",
    "raw control character before the first tag": "---\ntitle: t\n---\n\x07<p>x</p>\n",
    "image whose URL has a broken bracketed host": "---\ntitle: t\n---\n<p>A <img src=t://]> b</p>\n",
    "Markdown image whose URL opens a bracketed host": "---\ntitle: t\n---\nA ![](h://[ b\n",
    "permalink with a broken bracketed host": "---\ntitle: t\npermalink: p://]\n---\nBody.\n",
    "link with a broken bracketed host": "---\ntitle: t\n---\n<p><a href=\"http://[::1\">x</a></p>\n",
}


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_library_writes_it(name: str):
    result = wpclean.clean_text(CRASHES[name])
    assert result.error is None, result.error.line_text()


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_stdin_gives_no_traceback(name: str):
    run = subprocess.run(
        [sys.executable, "-m", "wpclean", "clean", "-"], input=CRASHES[name].encode(), capture_output=True, timeout=60
    )
    assert run.returncode == 0, run.stderr.decode()
    assert b"Traceback" not in run.stderr


@pytest.mark.parametrize("name", sorted(CRASHES))
def test_directory_run_and_redirects_keep_the_post(tmp_path: Path, name: str):
    export = tmp_path / "export"
    export.mkdir()
    (export / "post.md").write_text(CRASHES[name], encoding="utf-8")
    clean = CliRunner().invoke(app, ["clean", str(export), "-o", str(tmp_path / "out")])
    assert clean.exit_code == 0, clean.output
    assert (tmp_path / "out" / "t.md").exists()
    redirects = CliRunner().invoke(app, ["redirects", str(export), "--format", "csv"])
    assert redirects.exit_code == 0, redirects.output
    assert "WPC990" not in redirects.output


def test_a_kept_file_link_with_a_bracket_is_stable():
    """Found by the property suite: wpclean's output `<a href="file:…">\\[</a>` was read back as an HTML fragment."""
    once = wpclean.clean_text('<p><a href="file:///C:/x.txt">[</a></p>\n').text
    assert once == '<a href="file:///C:/x.txt">\\[</a>\n'
    assert wpclean.clean_text(once, wpclean.Config(dialect="markdown")).text == once


def test_a_control_character_before_the_front_matter():
    """Found by the property suite: `\\x01---` reached lxml, which refuses control characters in text."""
    data = (Path(__file__).parent / "fixtures/real/andrewcbancroft-blog__drafts_2014-08-07-.md").read_bytes()
    result = wpclean.clean_bytes(b"\x01" + data, "x.md")
    assert result.error is None or result.error.code != "WPC990"
