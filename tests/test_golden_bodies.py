"""Golden bodies: for the seed and real exports, the Markdown a careful editor would write.

`fixtures/expected/NAME.md` is the body (after the front matter) that cleaning
`fixtures/real/NAME.md` (or `fixtures/seed/NAME.md`) must give, written by hand
from the input.  A golden that says `same as input` holds Markdown that was
never HTML: it must come out byte for byte as it went in.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import wpclean
from conftest import FIXTURES, REAL, SEED

EXPECTED = sorted((FIXTURES / "expected").glob("*.md"))
SAME_AS_INPUT = "<!-- same as input -->\n"


def _input_for(golden: Path) -> Path:
    for folder in (REAL, SEED):
        if (folder / golden.name).exists():
            return folder / golden.name
    raise AssertionError(f"no input for {golden.name}")


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def test_enough_goldens_across_exporters():
    assert len(EXPECTED) >= 11
    assert (FIXTURES / "expected" / "bernie-online-army.md") in EXPECTED


@pytest.mark.parametrize("golden", EXPECTED, ids=lambda p: p.stem[:50])
def test_body_matches_golden(golden: Path):
    source = _input_for(golden)
    result = wpclean.clean_path(source)
    assert result.error is None, result.error.line_text()
    expected = golden.read_text(encoding="utf-8")
    if expected == SAME_AS_INPUT:
        expected = _body(source.read_text(encoding="utf-8"))
    assert _body(result.text) == expected
