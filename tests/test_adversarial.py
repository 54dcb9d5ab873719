"""Hostile inputs finish, harmlessly, in linear time: doubling n at most ~2.5x the time."""
from __future__ import annotations

import gc
import time

import pytest

import wpclean

HEAD = "---\ntitle: t\npost_title: t\n---\n"  # post_title: raw WordPress HTML
MARKDOWN_HEAD = "---\ntitle: t\n---\nSee ![a](b.png) and [x](y).\n\n"  # read with the Markdown reader

CASES = {
    "unterminated caption": (lambda n: '[caption id="x"]<img src="a.jpg" alt="a"> text ' * n, 1500),
    "unclosed div": (lambda n: "<div>text " * n, 40000),
    "deep nesting": (lambda n: "<div>" * n + "deep text" + "</div>" * n, 50000),
    "long single line": (lambda n: "word " * n, 100_000),
    "unterminated gallery": (lambda n: "[gallery " * n, 10000),
    "self-closing spans": (lambda n: "<span id='a'/>x " * n, 10000),
    "backtick runs": (lambda n: "`` ` " * n, 5000),
    "unclosed links": (lambda n: "[a](" * n, 10000),
    "unclosed comments": (lambda n: "<!-- wp:x " * n, 200000),
    "markdown: unclosed link labels": (lambda n: "[x " * n, 4000),
    "markdown: unclosed images": (lambda n: "![x](" * n, 4000),
    "markdown: escaped captions": (lambda n: '\\[caption id="a"\\][![a](b.png)](c) x ' * n, 1000),
    "markdown: HTML islands": (lambda n: "<span>a</span> *b* `c` " * n, 1000),
    "markdown: glued fences": (lambda n: "text```\ncode\n```more\n" * n, 1000),
    'markdown: markdown="1" wrappers': (lambda n: '<div markdown="1">\n\n[a](b)\n\n</div>\n\n' * n, 600),
}


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        gc.collect()
        gc.disable()  # a collection landing in one run and not another is noise, not complexity
        try:
            started = time.process_time()  # CPU time: other processes on the machine do not count
            result = wpclean.clean_text(text)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
        assert result.error is None, result.error
    return best


@pytest.mark.parametrize("name", sorted(CASES))
def test_linear_time(name: str):
    """Doubling n twice may cost at most 2.5 x 2.5 the time: linear, with room for noise, not quadratic."""
    make, n = CASES[name]
    head = MARKDOWN_HEAD if name.startswith("markdown:") else HEAD
    small, large = _best_time(head + make(n)), _best_time(head + make(4 * n))
    assert large / max(small, 0.005) <= 2.5**2, f"{name}: {small:.3f}s for n={n}, {large:.3f}s for n={4 * n}"


def test_deep_nesting_keeps_its_text():
    result = wpclean.clean_text(HEAD + "<div>" * 10000 + "deep text" + "</div>" * 10000)
    assert result.error is None
    assert "deep text" in result.text


def test_ten_megabyte_single_line_is_kept_whole():
    line = "word " * 2_000_000  # 10 MB, no newline
    result = wpclean.clean_text(HEAD + "<p>" + line + "</p>")
    assert result.error is None
    assert result.text.count("word") == 2_000_000


def test_hostile_html_is_inert():
    text = HEAD + '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e; <script>alert(1)</script> safe</p>'
    result = wpclean.clean_text(text)
    assert result.error is None
    assert "root:" not in result.text and "alert" not in result.text
    assert "safe" in result.text


@pytest.mark.parametrize("n", [49, 100, 10_000])
def test_unclosed_blocks_keep_their_word_breaks(n: int):
    """Flattening deep nesting must not glue `x` to `x`: every word is written, none refused."""
    result = wpclean.clean_text(HEAD + "<div><p>x" * n)
    assert result.error is None, result.error.line_text()
    assert result.text.split("---\n", 2)[2].split() == ["x"] * n
