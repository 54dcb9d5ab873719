"""Shared helpers: where the fixtures are, and the front-matter / body split used by assertions."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

# Each test cleans what it cleans: no run remembers another's results (tests of the cache name a folder).
os.environ["WPCLEAN_NO_CACHE"] = "1"

FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "real"
REAL2 = FIXTURES / "real2"
#: real exports that truly cannot be read as they are: each has its exact one-line error in test_errors.py
UNREADABLE = {"qmatteoq-qmatteoq.github.io__2012-06-29-using-sqlite-in-your-windows-8-metro-style-applications.md"}
SEED = FIXTURES / "seed"
ERRORS = FIXTURES / "errors"
EXAMPLES = Path(__file__).parent.parent / "examples" / "export"
#: a small export written for the targets: cross-links, old URLs, a draft, a duplicate slug, smilies, a gallery
TARGETS_EXPORT = FIXTURES / "targets" / "export"

#: every whole-document fixture: the invariants of DESIGN.md §5 run on each
DOCUMENTS = sorted(
    p for p in [*REAL.glob("*.md"), *REAL2.glob("*.md"), *SEED.glob("*.md"), *TARGETS_EXPORT.glob("*.md")] if p.name not in UNREADABLE
)


def written(out: Path) -> list[str]:
    """The files a run wrote below `out` (relative, sorted): all but wpclean's manifest of them."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != ".wpclean-manifest")


def split_output(text: str) -> tuple[dict | None, str]:
    """(front matter as any YAML reader sees it, body) of a cleaned file."""
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]


@pytest.fixture(params=DOCUMENTS, ids=lambda p: p.name[:60])
def document(request) -> Path:
    return request.param
