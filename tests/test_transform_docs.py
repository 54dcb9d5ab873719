"""Each transform's docstring Before/After example is executed, so the documentation cannot drift."""
from __future__ import annotations

import textwrap

import pytest
import yaml

import wpclean
from wpclean.registry import TRANSFORMS


def _example(doc: str) -> tuple[str, str]:
    body = doc.split("Before:", 1)[1]
    before, after = body.split("After:", 1)
    return textwrap.dedent(before).strip("\n"), textwrap.dedent(after).rstrip()


@pytest.mark.parametrize("transform", TRANSFORMS, ids=lambda t: t.name)
def test_docstring_example(transform):
    assert transform.__doc__ and "Before:" in transform.__doc__, f"{transform.name} documents an example"
    before, after = _example(transform.__doc__)
    # Body transforms are shown as Markdown: the writer runs after them.
    config = wpclean.Config(select=(transform.name, "html.to_markdown"))
    if transform.name.startswith("frontmatter."):
        config = wpclean.Config(select=(transform.name,))
        result = wpclean.clean_text(f"---\n{before}\n---\nBody.\n", config)
        text = result.text
        block = text[4 : text.index("\n---\n", 3)]
        assert yaml.safe_load(block) == yaml.safe_load(after)
    else:
        result = wpclean.clean_text(f"---\ntitle: T\n---\n{before}\n", config)
        assert result.text.split("\n---\n", 1)[1].strip() == after.strip()
