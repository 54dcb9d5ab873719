"""Gates on the code itself, run with the tests: the type checker in strict mode.

(Branch coverage has its floor in pyproject.toml, `[tool.coverage.report] fail_under`.)
"""
from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).parent.parent


def test_mypy_strict_finds_nothing():
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--strict", str(ROOT / "src")])
    assert status == 0, stdout + stderr
    assert stdout.startswith("Success: no issues found")
