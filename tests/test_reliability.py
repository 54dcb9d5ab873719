"""The real CLI, in subprocesses, against what a file system can hold besides files: nothing hangs, nothing is lost.

Every run has a timeout: a hang fails the test instead of the suite.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED

COMMANDS = {
    "clean": ["clean", "{src}", "-o", "{out}"],
    "check": ["check", "{src}"],
    "diff": ["diff", "{src}"],
    "shortcodes": ["shortcodes", "{src}"],
    "redirects": ["redirects", "{src}", "--format", "csv"],
}


def wpclean(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wpclean", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def export_with_a_fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(next(SEED.glob("*.md")), export / "post.md")
    os.mkfifo(export / "x.md")  # nothing ever writes to it: opening it for reading would block
    return export


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_in_src_is_reported_and_skipped(export_with_a_fifo: Path, tmp_path: Path, command: str):
    args = [a.format(src=export_with_a_fifo, out=tmp_path / "out") for a in COMMANDS[command]]
    run = wpclean(*args)
    assert "Traceback" not in run.stderr
    said = run.stderr + run.stdout
    assert "x.md" in said and "WPC907 not a regular file (a FIFO); skipped without reading" in " ".join(said.split())
    if command == "clean":
        assert run.returncode == 1
        assert [p.name for p in (tmp_path / "out").iterdir()] == [
            "bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md"
        ], "the other post is written"


@pytest.mark.parametrize(
    "src, out, says",
    [
        ("export", ".", "output directory . holds the source tree export"),
        ("export", "export", "output directory export is inside the source tree export"),
        ("export", "export/cleaned", "output directory export/cleaned is inside the source tree export"),
        ("export/post.md", "export", "output directory export holds the source file export/post.md"),
    ],
)
def test_out_overlapping_src_is_refused_up_front(tmp_path: Path, src: str, out: str, says: str):
    """OUT being SRC, inside it or holding it is one clear error (exit 2) before any work; nothing is written."""
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(next(SEED.glob("*.md")), export / "post.md")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    run = subprocess.run(
        [sys.executable, "-m", "wpclean", "clean", src, "-o", out], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2 and says in run.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_single_file_cleans_into_a_folder_beside_it(tmp_path: Path):
    shutil.copy(next(SEED.glob("*.md")), tmp_path / "post.md")
    run = subprocess.run(
        [sys.executable, "-m", "wpclean", "clean", "post.md", "-o", "cleaned"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "cleaned").iterdir())) == 1


def test_json_names_are_claimed_after_their_suffix(tmp_path: Path):
    """`{source_stem}` as JSON: `p.one.md` and `p.two.md` become two files, never one `p.json`."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "p.one.md").write_text("---\ntitle: One\n---\nA.\n", encoding="utf-8")
    (export / "p.two.md").write_text("---\ntitle: Two\n---\nB.\n", encoding="utf-8")
    run = wpclean("clean", str(export), "-o", str(tmp_path / "out"), "--format", "json", "--path-template", "{source_stem}")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p.one.json", "p.two.json"]
