"""Per-transform case files (tests/cases/*.txt): body in, Markdown out, finding codes.

Each case runs the whole pipeline on a post with a minimal front matter, in
the WordPress HTML dialect unless its title ends in `{markdown}`, for the generic
target unless the file is `target-NAME.txt`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import wpclean
from conftest import split_output

CASES_DIR = Path(__file__).parent / "cases"
_TITLE_RE = re.compile(r"^=== (.+?)(?: \{(markdown|html|auto)\})?$")


@dataclass(frozen=True)
class Case:
    file: str
    title: str
    target: str
    dialect: str
    body: str
    markdown: str
    findings: tuple[str, ...]


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.txt")):
        chunks = re.split(r"^(?==== )", path.read_text(encoding="utf-8"), flags=re.M)
        for chunk in chunks[1:]:
            head, rest = chunk.split("\n", 1)
            title_match = _TITLE_RE.match(head)
            body, rest = rest.split("\n--- markdown\n", 1)
            markdown, findings = rest.split("\n--- findings\n", 1)
            target = path.stem.removeprefix("target-") if path.stem.startswith("target-") else "generic"
            cases.append(
                Case(path.stem, title_match.group(1), target, title_match.group(2) or "html", body, markdown,
                     tuple(sorted(findings.split())))
            )  # fmt: skip
    return cases


CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.file}: {c.title}")
def test_case(case: Case):
    config = wpclean.Config(dialect=case.dialect, target=case.target)
    result = wpclean.clean_text(f"---\ntitle: T\n---\n{case.body}\n", config)
    assert result.error is None, result.error.line_text()
    _, body = split_output(result.text)
    assert body.rstrip("\n") == case.markdown.rstrip("\n")
    codes = tuple(sorted(f.code for f in result.findings if f.code[3] in "2345"))
    assert codes == case.findings
    again = wpclean.clean_text(result.text, wpclean.Config(dialect="auto", target=case.target))
    assert again.text == result.text, "cleaning the output again changes nothing"


def test_every_body_transform_has_cases():
    assert {c.file for c in CASES} >= {"shortcodes", "ads", "figures", "html"}
    assert len(CASES) >= 50
