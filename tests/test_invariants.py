"""DESIGN.md §5 on every whole-document fixture, automatically: adding a fixture adds its checks."""
from __future__ import annotations

from pathlib import Path

import yaml

import wpclean
from conftest import split_output


def _input_has_title(text: str) -> bool:
    if not text.startswith("---"):
        return text.lower().startswith("title:")
    head = text.split("\n---", 1)[0]
    return any(line.split(":")[0].strip() in ("title", "post_title") for line in head.splitlines())


def test_front_matter_is_a_mapping_with_a_one_line_title(document: Path):
    text = document.read_text(encoding="utf-8")
    result = wpclean.clean_path(document)
    assert result.error is None, result.error.line_text()
    fm, _ = split_output(result.text)
    assert isinstance(fm, dict)
    if _input_has_title(text):
        assert isinstance(fm["title"], str) and fm["title"].strip()
        assert "\n" not in fm["title"]


def test_idempotent(document: Path):
    once = wpclean.clean_path(document).text
    twice = wpclean.clean_text(once).text
    assert twice == once


def test_crlf_and_bom_variants_give_the_same_output(document: Path):
    data = document.read_bytes()
    lf = wpclean.clean_bytes(data, document.name)
    crlf = wpclean.clean_bytes(data.replace(b"\n", b"\r\n"), document.name)
    bom = wpclean.clean_bytes(b"\xef\xbb\xbf" + data, document.name)
    assert crlf.text == lf.text and bom.text == lf.text
    assert crlf.encoded() == lf.encoded().replace(b"\n", b"\r\n"), "CRLF is restored on output"
    assert bom.encoded() == b"\xef\xbb\xbf" + lf.encoded(), "the BOM is restored on output"


def test_deterministic(document: Path):
    assert wpclean.clean_path(document).text == wpclean.clean_path(document).text


def test_output_front_matter_is_safe_yaml(document: Path):
    """Written by the YAML library: safe_load reads it, and it has no tags or aliases."""
    text = wpclean.clean_path(document).text
    block = text[4 : text.index("\n---\n", 3)]
    events = list(yaml.parse(block, Loader=yaml.SafeLoader))
    assert not any(isinstance(e, yaml.AliasEvent) for e in events)
    assert not any(getattr(e, "tag", None) for e in events if isinstance(e, yaml.ScalarEvent))
