"""Shared helpers: where the fixtures are, and the front-matter / body split used by assertions."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "real"
SEED = FIXTURES / "seed"
ERRORS = FIXTURES / "errors"
EXAMPLES = Path(__file__).parent.parent / "examples" / "export"

#: every whole-document fixture: the invariants of DESIGN.md §5 run on each
DOCUMENTS = sorted([*REAL.glob("*.md"), *SEED.glob("*.md")])


def split_output(text: str) -> tuple[dict | None, str]:
    """(front matter as any YAML reader sees it, body) of a cleaned file."""
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]


@pytest.fixture(params=DOCUMENTS, ids=lambda p: p.name[:60])
def document(request) -> Path:
    return request.param
