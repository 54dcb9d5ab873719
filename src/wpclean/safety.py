"""The safety net run before anything is written: output parses and is stable."""
from __future__ import annotations

from typing import Callable

from .errors import SafetyError
from .parsing import frontmatter
from .render import frontmatter as emit


def check_front_matter(text: str) -> None:
    """The written front matter must be YAML that any reader loads as a mapping."""
    split = frontmatter.split(text)
    if split.kind != "yaml":
        return
    data = emit.meaning(split.yaml_text or "")
    if split.yaml_text and split.yaml_text.strip() and not isinstance(data, dict):
        raise SafetyError("the front matter wpclean wrote does not load as a YAML mapping")


def check_stable(output: str, clean_again: Callable[[str], str]) -> None:
    """Cleaning the output again must change nothing (black's stability pass)."""
    second = clean_again(output)
    if second != output:
        line = next(
            (i for i, (a, b) in enumerate(zip(output.split("\n"), second.split("\n")), 1) if a != b),
            min(output.count("\n"), second.count("\n")) + 1,
        )
        raise SafetyError(f"output is not stable: cleaning it again changes line {line}")
