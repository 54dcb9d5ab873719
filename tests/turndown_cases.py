"""turndown's own test cases (MIT, Copyright (c) Dom Christie; see fixtures/turndown/PROVENANCE.md).

Each case's input HTML is converted by wpclean's writer; the case passes when
wpclean's Markdown and turndown's expected Markdown render to the same HTML
(CommonMark + GFM tables and strikethrough, whitespace-normalized).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from markdown_it import MarkdownIt

HERE = Path(__file__).parent / "fixtures" / "turndown"
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class Case:
    name: str
    html: str
    expected: str


def cases() -> list[Case]:
    page = lxml.html.fromstring((HERE / "turndown-index.html").read_text(encoding="utf-8"))
    out, seen = [], {}
    for div in page.xpath('//div[@class="case"]'):
        name = div.get("data-name")
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        source = div.xpath('./div[@class="input"]')[0]
        inner = (source.text or "") + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in source
        )
        expected = div.xpath('./pre[@class="expected"]')[0].text_content()
        out.append(Case(name, inner, expected))
    return out


def rendered(markdown: str) -> str:
    html = _MD.render(markdown)
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"\s+", " ", html).strip()


def known_failures() -> set[str]:
    path = HERE / "known-failures.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
