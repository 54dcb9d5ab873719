"""Malformed inputs: each gives its exact one line, never a traceback, and the run goes on."""
from __future__ import annotations

from pathlib import Path

import pytest

import wpclean
from conftest import ERRORS

CASES = sorted(ERRORS.glob("*.md"))


def test_errors_suite_covers_the_issue_list():
    names = {case.stem for case in CASES}
    assert {
        "unterminated-fence", "tabs", "unbalanced-quotes", "duplicate-keys", "invalid-utf8",
        "nul-bytes", "binary", "empty", "alias-bomb", "python-tag", "control-character",
    } <= names  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_exact_line(case: Path):
    expected = case.with_suffix(".txt").read_text(encoding="utf-8").strip()
    result = wpclean.clean_path(case, display=case.name)
    if result.error is not None:
        assert result.error.line_text() == expected
        assert result.text is None, "a refused file produces no output"
    else:
        lines = [f.line_text() for f in result.findings]
        assert expected in lines
        assert result.text is not None and result.text.startswith("---\n")


def test_real_export_with_invalid_utf8_gets_its_one_line():
    """A WordPress-to-Jekyll export holding lone 0xC2 bytes (a truncated NBSP) is refused in one line, at the byte."""
    from conftest import REAL2, UNREADABLE

    (name,) = UNREADABLE
    result = wpclean.clean_path(REAL2 / name, display=name)
    assert result.error.line_text() == f"{name}:28:158: WPC901 invalid UTF-8 byte 0xc2 (try --encoding-fallback cp1252)"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be"])
def test_wide_encodings_with_a_byte_order_mark_are_decoded_and_reported(encoding: str):
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    data = bom + "---\ntitle: Café\n---\nBody é.\n".encode(encoding)
    result = wpclean.clean_bytes(data, "x.md")
    assert result.error is None, result.error.line_text()
    assert "title: Café" in result.text and "Body é." in result.text
    assert [f.message for f in result.findings if f.code == "WPC904"] == [f"decoded as {encoding[:6]}, written as UTF-8"]


def test_encoding_fallback_is_opt_in_and_reported():
    data = (ERRORS / "invalid-utf8.md").read_bytes()
    result = wpclean.clean_bytes(data, "x.md", wpclean.Config(encoding_fallback="cp1252"))
    assert result.error is None
    assert "title: Café" in result.text
    assert any(f.code == "WPC904" for f in result.findings)
