"""The real CLI, in subprocesses, against what a file system can hold besides files: nothing hangs, nothing is lost.

Every run has a timeout: a hang fails the test instead of the suite.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, written

COMMANDS = {
    "clean": ["clean", "{src}", "-o", "{out}"],
    "check": ["check", "{src}"],
    "diff": ["diff", "{src}"],
    "shortcodes": ["shortcodes", "{src}"],
    "redirects": ["redirects", "{src}", "--format", "csv"],
}


def wpclean(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wpclean", *args], capture_output=True, text=True, timeout=60)


def unmeasured() -> dict[str, str]:
    """The environment for a run the test will kill: a killed process cannot save coverage data,
    and coverage's hooks in its worker processes keep them from following it (they would linger)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS_")}


def seed_export(tmp_path: Path, copies: int = 1) -> Path:
    """`tmp_path/export` holding the seed post (`post.md`), or `copies` of it with distinct slugs."""
    export = tmp_path / "export"
    export.mkdir()
    source = next(SEED.glob("*.md")).read_text(encoding="utf-8")
    if copies == 1:
        (export / "post.md").write_text(source, encoding="utf-8")
    for i in range(copies if copies > 1 else 0):
        (export / f"post-{i:03d}.md").write_text(source.replace("---\n", f"---\nslug: post-{i}\n", 1), encoding="utf-8")
    return export


@pytest.fixture
def export_with_a_fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    export = seed_export(tmp_path)
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
        assert written(tmp_path / "out") == [
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
    seed_export(tmp_path)
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
    assert len(written(tmp_path / "cleaned")) == 1


def test_json_names_are_claimed_after_their_suffix(tmp_path: Path):
    """`{source_stem}` as JSON: `p.one.md` and `p.two.md` become two files, never one `p.json`."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "p.one.md").write_text("---\ntitle: One\n---\nA.\n", encoding="utf-8")
    (export / "p.two.md").write_text("---\ntitle: Two\n---\nB.\n", encoding="utf-8")
    run = wpclean("clean", str(export), "-o", str(tmp_path / "out"), "--format", "json", "--path-template", "{source_stem}")
    assert run.returncode == 0, run.stderr
    assert written(tmp_path / "out") == ["p.one.json", "p.two.json"]


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
        assert written(tmp_path / "out") == ["small.md"]


def test_in_place_keeps_hard_links_whole(tmp_path: Path):
    export = seed_export(tmp_path)
    os.link(export / "post.md", tmp_path / "other-name.md")
    run = wpclean("clean", str(export), "--in-place")
    assert run.returncode == 1 and "WPC911" in run.stderr and "has 2 hard links" in run.stderr
    assert os.stat(export / "post.md").st_nlink == 2
    assert (export / "post.md").read_bytes() == (tmp_path / "other-name.md").read_bytes()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_in_place_keeps_the_owner(tmp_path: Path):
    export = seed_export(tmp_path)
    os.chown(export / "post.md", 4321, 4321)
    os.chmod(export / "post.md", 0o640)
    run = wpclean("clean", str(export), "--in-place")
    assert run.returncode == 0, run.stderr
    info = os.stat(export / "post.md")
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (4321, 4321, 0o640)


def test_stray_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path):
    export, out = seed_export(tmp_path), tmp_path / "out"
    (out / "2016").mkdir(parents=True)
    strays = [out / ".a.md.x1.wpclean-tmp", out / "2016" / ".b.md.x2.wpclean-tmp", export / ".post.md.x3.wpclean-tmp"]
    for stray in strays:
        stray.write_text("half a file", encoding="utf-8")
    assert wpclean("clean", str(export), "-o", str(out)).returncode == 0
    assert [s.exists() for s in strays] == [False, False, True], "OUT is cleaned up; SRC is not touched by -o"
    assert wpclean("clean", str(export), "--in-place").returncode == 0
    assert not strays[2].exists()


def test_a_killed_ndjson_run_leaves_the_previous_file_whole(tmp_path: Path):
    import signal
    import time

    export = seed_export(tmp_path, copies=400)
    target = tmp_path / "all.ndjson"
    target.write_text('{"old": true}\n', encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "wpclean", "clean", str(export), "--format", "ndjson", "-o", str(target), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=unmeasured(),
    )  # fmt: skip
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    text = target.read_text(encoding="utf-8")
    if text != '{"old": true}\n':  # the run finished before the kill: then it is the whole new file
        records = [json.loads(line) for line in text.splitlines()]
        assert len(records) == 400


@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_means_no_styling_at_all(tmp_path: Path, no_color: bool):
    """NO_COLOR: no colour, bold, dim or italic codes (FORCE_COLOR makes rich treat the pipe as a terminal)."""
    import re

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["FORCE_COLOR"] = "1"
    if no_color:
        env["NO_COLOR"] = "1"
    run = subprocess.run(
        [sys.executable, "-m", "wpclean", "clean", str(SEED), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    styled = re.findall(r"\x1b\[[0-9;]*m", run.stderr)
    assert (styled == []) is no_color, styled[:5]


def test_an_internal_error_on_stdin_is_one_line(tmp_path: Path, monkeypatch):
    """A wpclean bug met while cleaning stdin is one WPC990 line and exit 3, never a traceback (without -v)."""
    from typer.testing import CliRunner

    from wpclean import api
    from wpclean.cli import app

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(api, "clean_bytes", broken)
    run = CliRunner().invoke(app, ["clean", "-"], input="---\ntitle: t\n---\nx\n")
    assert run.exit_code == 3
    assert run.stderr.strip() == "<stdin>:1:1: WPC990 internal error: KeyError: 'a bug'"


def test_workers_end_with_a_killed_run(tmp_path: Path):
    """SIGKILL the run: its worker processes go too (Linux parent-death signal)."""
    import signal
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    export = seed_export(tmp_path, copies=400)
    proc = subprocess.Popen(
        [sys.executable, "-m", "wpclean", "clean", str(export), "-o", str(tmp_path / "out"), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=unmeasured(),
    )  # fmt: skip
    children: list[str] = []
    started = time.monotonic() + 30
    while len(children) < 2 and time.monotonic() < started and proc.poll() is None:
        time.sleep(0.1)
        children = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p.name) == str(proc.pid)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in children if os.path.exists(f"/proc/{pid}") and "Z" not in _state(pid)]
    assert children, "the run had started workers"
    assert alive == []


def _parent(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[1]
    except OSError:
        return ""


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "gone"
