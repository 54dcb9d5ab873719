"""Every real post comes out whole, in every target, and the safety net sees each one's links, images and code.

The mutation tests prove the net is not blind on any fixture: a cleaned body
with one link unlinked, one image removed or one code line altered must be
refused, naming what was lost.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import wpclean
from conftest import DOCUMENTS
from wpclean import api, safety
from wpclean.config import TARGETS, Config
from wpclean.errors import SafetyError
from wpclean.io import reading
from wpclean.parsing.markdown import read_inline


@pytest.mark.parametrize("target", TARGETS)
def test_every_fixture_is_written_in_every_target(target: str):
    refused = {}
    for document in DOCUMENTS:
        result = wpclean.clean_path(document, Config(target=target))
        if result.error is not None:
            refused[document.name] = result.error.message
    assert refused == {}


def _cleaned(document: Path):
    source, _ = reading.decode(document.read_bytes(), str(document))
    doc, _ = api._clean_source(source, Config())
    return doc


def _refusal(doc, body: str) -> str | None:
    try:
        safety.check_prose(doc.original_segments, body, doc.changes, api.DROPPING)
    except SafetyError as exc:
        return str(exc)
    return None


def test_the_cleaned_bodies_pass_the_net(document: Path):
    doc = _cleaned(document)
    assert _refusal(doc, doc.body) is None


def test_an_unlinked_link_is_refused(document: Path):
    doc = _cleaned(document)
    links = [link for link in read_inline(doc.body).links if link.text.strip() and re.search(r"\w", link.text)]
    if not links:
        pytest.skip("no Markdown link with text in this post")
    link = links[0]
    unlinked = doc.body[: link.start] + link.text + doc.body[link.end :]
    assert "links would be lost" in (_refusal(doc, unlinked) or "")


def test_a_removed_image_is_refused(document: Path):
    doc = _cleaned(document)
    images = read_inline(doc.body).images
    if not images:
        pytest.skip("no Markdown image in this post")
    image = images[0]
    assert "images would be lost" in (_refusal(doc, doc.body[: image.start] + doc.body[image.end :]) or "")


def test_an_altered_code_line_is_refused(document: Path):
    doc = _cleaned(document)
    fence = re.search(r"^(```+|~~~+)[^\n]*\n((?:(?!\1).*\n)*?)\1", doc.body, re.M)
    line = next((m for m in re.finditer(r"^.*\S.*$", fence.group(2), re.M)), None) if fence else None
    if line is None:
        pytest.skip("no fenced code in this post")
    at = fence.start(2) + line.start()
    altered = doc.body[:at] + "XX" + doc.body[at:]
    assert "code lines would change" in (_refusal(doc, altered) or "")
