"""`wpclean diff`: `git apply` of its patch gives exactly what `clean` writes, for every fixture."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REAL, SEED
from test_writes import tree_hashes
from wpclean.cli import app

runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to apply the patches")


def _repo(tmp_path: Path, files: dict[str, bytes]) -> Path:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    for name, data in files.items():
        (repo / "src" / name).write_bytes(data)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _diff(repo: Path, *args: str, monkeypatch) -> tuple[int, str]:
    """Through the real entry point: a test runner would turn CRLF in the patch into LF."""
    monkeypatch.chdir(repo)
    done = subprocess.run([sys.executable, "-m", "wpclean", "diff", "src", "-j", "1", *args], capture_output=True)
    return done.returncode, done.stdout.decode("utf-8", "surrogateescape")


def _apply(repo: Path, patch: str) -> None:
    (repo.parent / "patch.diff").write_text(patch, encoding="utf-8", errors="surrogateescape")
    subprocess.run(["git", "apply", "--whitespace=nowarn", str(repo.parent / "patch.diff")], cwd=repo, check=True)


def _fixture_files() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in [*REAL.glob("*.md"), *SEED.glob("*.md")]}
    seed = (SEED / "bernie-online-army.md").read_bytes()
    files["crlf-seed.md"] = seed.replace(b"\n", b"\r\n")
    files["no final newline.md"] = seed.rstrip(b"\n")
    files["café – ünïcödé.md"] = seed
    return files


def test_git_apply_reproduces_clean_in_place(tmp_path: Path, monkeypatch):
    files = _fixture_files()
    repo = _repo(tmp_path, files)
    code, patch = _diff(repo, monkeypatch=monkeypatch)
    assert code == 1 and patch.startswith("diff --git ")
    expected = tmp_path / "expected"
    shutil.copytree(repo / "src", expected)
    assert runner.invoke(app, ["clean", str(expected), "--in-place", "-j", "1"]).exit_code == 0
    _apply(repo, patch)
    assert tree_hashes(repo / "src") == tree_hashes(expected)


def test_git_apply_reproduces_clean_into_out_as_copies(tmp_path: Path, monkeypatch):
    repo = _repo(tmp_path, {p.name: p.read_bytes() for p in SEED.glob("*.md")} | {"rossmounce.md": (REAL / "rossmounce__2011-05-23-first-post.md").read_bytes()})
    code, patch = _diff(repo, "-o", "out", "--path-template", "{year}/{slug}.md", monkeypatch=monkeypatch)
    assert "copy from src/bernie-online-army.md\ncopy to out/2016/bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md\n" in patch
    before = tree_hashes(repo / "src")
    _apply(repo, patch)
    assert tree_hashes(repo / "src") == before, "the sources stay as they were"
    expected = tmp_path / "expected"
    runner.invoke(app, ["clean", str(repo / "src"), "-o", str(expected), "--path-template", "{year}/{slug}.md", "-j", "1"])
    assert tree_hashes(repo / "out") == tree_hashes(expected)


def test_nothing_to_change_is_an_empty_diff_and_exit_0(tmp_path: Path, monkeypatch):
    repo = _repo(tmp_path, {"seed.md": (SEED / "bernie-online-army.md").read_bytes()})
    runner.invoke(app, ["clean", str(repo / "src"), "--in-place", "-j", "1"])
    code, patch = _diff(repo, monkeypatch=monkeypatch)
    assert (code, patch) == (0, "")


def test_stat_and_explain(tmp_path: Path, monkeypatch):
    repo = _repo(tmp_path, {"seed.md": (SEED / "bernie-online-army.md").read_bytes()})
    _, stat = _diff(repo, "--stat", monkeypatch=monkeypatch)
    assert stat.splitlines()[0].startswith(" src/seed.md | ")
    assert stat.splitlines()[-1].startswith(" 1 files changed, ")
    _, explained = _diff(repo, "--explain", monkeypatch=monkeypatch)
    assert "# src/seed.md:28: ads.remove: ad marker\n" in explained
    _apply(repo, explained)  # the explanations sit between files, where git apply allows text
