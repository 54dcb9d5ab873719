"""turndown's test suite as a yardstick for the HTML-to-Markdown writer (render-equivalence).

The cases are turndown's (MIT, Copyright (c) Dom Christie), from
fixtures/turndown/turndown-index.html; see PROVENANCE.md there.
"""
from __future__ import annotations

import pytest

import wpclean
from turndown_cases import cases, known_failures, rendered
from wpclean.parsing.html import parse_fragment
from wpclean.render.mdwriter import MarkdownWriter

CASES = cases()
KNOWN = known_failures()


def convert(html: str) -> str:
    return MarkdownWriter().convert(parse_fragment(html))


def test_suite_is_complete():
    assert len(CASES) == 136
    assert KNOWN <= {case.name for case in CASES}, "known failures name real cases"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case):
    matches = rendered(convert(case.html)) == rendered(case.expected)
    if case.name in KNOWN:
        assert not matches, f"{case.name!r} passes now: remove it from known-failures.txt"
    else:
        assert matches, f"wpclean:\n{convert(case.html)}\n\nturndown:\n{case.expected}"


def test_pass_rate_is_at_least_95_percent():
    passed = sum(rendered(convert(c.html)) == rendered(c.expected) for c in CASES)
    assert passed / len(CASES) >= 0.95


def through_the_pipeline(case) -> str | None:
    """`wpclean clean -` on the case's input element, no front matter, auto dialect."""
    result = wpclean.clean_text(f'<div class="input">{case.html}</div>', path="<stdin>")
    return None if result.error else result.text


def test_pipeline_pass_rate_is_at_least_95_percent():
    """The whole pipeline (dialect detection, safety net, stability) agrees with turndown as often."""
    outputs = {case.name: through_the_pipeline(case) for case in CASES}
    passed = [name for name, case in zip(outputs, CASES) if outputs[name] is not None and rendered(outputs[name]) == rendered(case.expected)]
    assert len(passed) / len(CASES) >= 0.95, sorted(set(outputs) - set(passed))


def test_pipeline_writes_every_case():
    """No turndown case is refused by the safety net or left unstable."""
    assert [case.name for case in CASES if through_the_pipeline(case) is None] == []
