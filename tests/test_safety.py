"""The safety net trips: a transform that loses words unledgered gets the file refused (exit 3)."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import wpclean
from conftest import SEED
from wpclean.cli import app
from wpclean.render import blocks

SEED_FILE = SEED / "bernie-online-army.md"


def test_a_lossy_writer_is_caught_and_nothing_is_written(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(blocks.BlockRules, "heading", lambda self, el, level: [])  # a bug: headings vanish
    result = CliRunner().invoke(app, ["clean", str(SEED_FILE), "-o", str(tmp_path), "-j", "1"])
    assert result.exit_code == 3
    line = next(line for line in result.stderr.splitlines() if "WPC991" in line)
    assert line.startswith(f"{SEED_FILE}:1:1: WPC991 safety check failed, not written: ")
    assert "brand" in line and "local" in line  # "Brand New Congress", "Change Is Local"
    assert not any(tmp_path.iterdir())


def test_ledgered_removals_are_not_losses():
    result = wpclean.clean_path(SEED_FILE)
    assert result.error is None
    removed = " ".join(c.before for c in result.document.changes if c.transform == "ads.remove")
    assert "The movement needs something to focus on" in removed  # the pullquote, ledgered
    assert "Go Back to Top" in removed
    assert "[ad_1]" in removed and "[ad_2]" in removed


def test_an_unstable_output_is_refused(monkeypatch):
    from wpclean import api

    calls = []
    real = api.markdown.render

    def flapping(doc):  # a bug: every pass adds a line
        calls.append(1)
        return real(doc) + f"\npass {len(calls)}\n"

    monkeypatch.setattr(api.markdown, "render", flapping)
    result = wpclean.clean_path(SEED_FILE)
    assert result.error is not None and result.error.code == "WPC991"
    assert "not stable" in result.error.message


def test_fast_skips_only_the_stability_pass(monkeypatch):
    """`--fast` writes what the flapping writer made (no second clean), yet a lost word is still refused."""
    from wpclean import api

    real = api.markdown.render
    monkeypatch.setattr(api.markdown, "render", lambda doc: real(doc) + "\nadded\n")
    fast = wpclean.clean_path(SEED_FILE, wpclean.Config(fast=True))
    assert fast.error is None and fast.text.endswith("\nadded\n")
    monkeypatch.setattr(blocks.BlockRules, "heading", lambda self, el, level: [])
    lossy = wpclean.clean_path(SEED_FILE, wpclean.Config(fast=True))
    assert lossy.error is not None and "visible words would be lost" in lossy.error.message


def test_fast_on_the_command_line(tmp_path: Path):
    result = CliRunner().invoke(app, ["clean", str(SEED_FILE), "-o", str(tmp_path / "out"), "--fast", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out").joinpath(
        "bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md"
    ).read_bytes() == wpclean.clean_path(SEED_FILE).encoded()
