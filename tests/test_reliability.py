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


@pytest.mark.parametrize(
    "limits, post, says",
    [
        ("max_file_mb: 0.01", "big", "WPC909 file is 13.7 KB, over the 10.2 KB limit (limits.max_file_mb); skipped"),
        ("max_front_matter_kb: 1", "big front matter", "WPC909 front matter is 2 KB, over the 1 KB limit"),
        ("seconds_per_file: 0.001", "big", "WPC910 took longer than 0.001 s (limits.seconds_per_file); skipped"),
    ],
)
def test_limits_give_one_line_and_the_run_goes_on(tmp_path: Path, limits: str, post: str, says: str):
    export = tmp_path / "export"
    export.mkdir()
    (export / "small.md").write_text("---\ntitle: Small\n---\nHi.\n", encoding="utf-8")
    body = "<p>" + "word " * 2800 + "</p>\n" if post == "big" else "Hi.\n"
    front = "x" * 2048 if post == "big front matter" else "y"
    (export / "target.md").write_text(f"---\ntitle: Target\nnote: {front}\n---\n{body}", encoding="utf-8")
    (tmp_path / "wpclean.yaml").write_text(f"limits:\n  {limits}\n", encoding="utf-8")
    run = wpclean("clean", str(export), "-o", str(tmp_path / "out"), "--config", str(tmp_path / "wpclean.yaml"), "-j", "1")
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if "WPC9" in line and "target.md" in line]
    assert len(lines) == 1 and says in lines[0], run.stderr
    if "seconds" in limits:  # a millisecond is too short for any post: each gets its line, the run ends
        assert run.stderr.count("WPC910") >= 2
    else:
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["small.md"]
