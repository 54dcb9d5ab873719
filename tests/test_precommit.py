"""The pre-commit hooks in .pre-commit-hooks.yaml, run by pre-commit itself against a temporary repo."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SEED

ROOT = Path(__file__).parent.parent
PRE_COMMIT = shutil.which("pre-commit") or next(
    (str(p) for p in [Path(sys.executable).with_name("pre-commit")] if p.exists()), None
)


def test_hooks_file_declares_both_hooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["wpclean-check"]["entry"] == "wpclean check --force-exclude"  # pre-commit names every file: excludes must apply
    assert hooks["wpclean-fix"]["entry"].startswith("wpclean clean --in-place") and hooks["wpclean-fix"]["entry"].endswith("--force-exclude")
    assert all(hook["language"] == "python" and hook["types"] == ["markdown"] for hook in hooks.values())


@pytest.mark.skipif(PRE_COMMIT is None or shutil.which("git") is None, reason="pre-commit (pip install pre-commit) and git are needed")
def test_hooks_run_under_pre_commit(tmp_path: Path):
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs this project as a git checkout")
    repo = tmp_path / "content"
    repo.mkdir()
    shutil.copy(SEED / "bernie-online-army.md", repo / "post.md")
    run = lambda *args: subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=600)  # noqa: E731
    run("git", "init", "-q")
    run("git", "add", "post.md")
    check = run(PRE_COMMIT, "try-repo", str(ROOT), "wpclean-check", "--all-files")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "WPC302" in check.stdout
    fix = run(PRE_COMMIT, "try-repo", str(ROOT), "wpclean-fix", "--all-files")
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout
    assert (repo / "post.md").read_text(encoding="utf-8").startswith("---\ntitle: Bernie Won’t Get")
    again = run(PRE_COMMIT, "try-repo", str(ROOT), "wpclean-check", "--all-files")
    assert again.returncode == 0, again.stdout
