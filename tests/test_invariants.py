"""DESIGN.md §5 on every whole-document fixture, automatically: adding a fixture adds its checks."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from markdown_it import MarkdownIt

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
    data = document.read_bytes().replace(b"\r\n", b"\n")  # some exports are CRLF already
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


# Debris that must not survive outside code unless a finding reports it (issue 3's acceptance).
_FENCE_RE = re.compile(r"^(```+|~~~+).*?^\1[ \t]*$", re.S | re.M)
_INDENTED_RE = re.compile(r"(?:^(?: {4}|\t).*\n?)+", re.M)
_INLINE_CODE_RE = re.compile(r"(`+)[^`].*?\1", re.S)
RESIDUE = {
    "html tag": (re.compile(
        r"</?(?:p|div|span|br|font|center|figure|figcaption|img|a|strong|em|b|i|u|ul|ol|li|h[1-6]|table|"
        r"thead|tbody|tr|td|th|blockquote|pre|code|script|style|ins|aside|section|article|small|sup|sub|"
        r"hr|dl|dt|dd|iframe)\b[^>]*>", re.I), {"WPC501", "WPC402"}),
    "shortcode": (re.compile(
        r"\\?\[/?(?:caption|gallery|embed|video|audio|ad_\d+|sourcecode|source|code|cc|youtube|vimeo|"
        r"playlist|source_link|matched_content)\b[^\]\n]*\\?\]", re.I), {"WPC403"}),  # a gallery with no URLs, kept
    "unknown shortcode": (re.compile(r"\\?\[[a-z_][\w-]*\s+[\w-]+=[^\]\n]*\\?\]", re.I), {"WPC301", "WPC403"}),
    "block comment": (re.compile(r"<!--\s*/?wp:"), set()),
    "entity": (re.compile(r"(?<!\\)&(?:nbsp|#\d+|#x[0-9a-f]+|[lr]squo|[lr]dquo|hellip|ndash|mdash|amp);", re.I), set()),
    "skip link": (re.compile(r"Go Back to Top|Skip To: Start of Article", re.I), set()),
    "target attribute": (re.compile(r'target="?_blank', re.I), set()),
}  # fmt: skip


def _outside_code(body: str) -> str:
    body = _FENCE_RE.sub("\n", body)
    body = _INDENTED_RE.sub("\n", body)
    return _INLINE_CODE_RE.sub(" ", body).replace("\\_", "_")


_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
#: debris a reader would see: looked for in the rendered text, where link text and reference labels are no longer bracketed
_SEEN_KINDS = {"shortcode", "unknown shortcode", "skip link"}


def _shown_outside_code(body: str) -> str:
    root = lxml.html.fragment_fromstring(_MD.render(body) or "<p></p>", create_parent="div")
    for code in root.xpath("//pre|//code"):
        code.drop_tree()
    return root.text_content()


@pytest.mark.parametrize("kind", sorted(RESIDUE))
def test_no_wordpress_debris_outside_code(document: Path, kind: str):
    result = wpclean.clean_path(document)
    _, body = split_output(result.text)
    pattern, reported_by = RESIDUE[kind]
    hits = pattern.findall(_shown_outside_code(body) if kind in _SEEN_KINDS else _outside_code(body))
    codes = {f.code for f in result.findings}
    assert not hits or reported_by & codes, f"{kind} left without a finding: {hits[:3]}"
