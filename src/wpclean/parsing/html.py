"""Parsing one HTML region with lxml, hardened: no network, no entity expansion, bounded depth."""
from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from .body import BLOCK_TAGS

#: nesting deeper than this is flattened before parsing: real posts nest a few
#: dozen levels, and libxml2 silently drops the text of anything past 255
MAX_DEPTH = 96
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame isindex keygen".split()
)
_PARSER = lxml.html.HTMLParser(
    remove_comments=False,
    remove_pis=True,
    no_network=True,
    huge_tree=True,  # 10 MB single lines are real (minified exports); without it libxml2 drops them
    default_doctype=False,
)  # type: ignore[call-arg]  # lxml-stubs predates default_doctype
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SELF_CLOSING_RE = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]*?)?/>")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*>")


def _expand_self_closing(match: re.Match[str]) -> str:
    """`<span id="x"/>` means an empty span in the XHTML WordPress plugins write; HTML
    parsers read it as an open tag that swallows the rest of the post."""
    name = match.group(1)
    if name.lower() in VOID_TAGS:
        return match.group(0)
    return f"<{name}{match.group(2) or ''}></{name}>"


def _flatten_deep(html: str) -> str:
    """Drop the tags (never the text, nor the word breaks blocks make) of elements nested deeper than MAX_DEPTH."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    open_count: dict[str, int] = {}
    kept_depth = 0
    pos = 0
    for match in _TAG_RE.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        out.append(html[pos : match.start()])
        pos = match.end()
        if name in VOID_TAGS or match.group(0).endswith("/>"):
            out.append(match.group(0))
        elif not closing:
            kept = kept_depth < MAX_DEPTH
            stack.append((name, kept))
            open_count[name] = open_count.get(name, 0) + 1
            kept_depth += kept
            if kept:
                out.append(match.group(0))
            elif name in BLOCK_TAGS:
                out.append(" ")  # a dropped block still separates the words around it, as a browser shows
        elif open_count.get(name):
            # Close everything opened since, as the HTML parser would; each
            # element is popped once, so the pass stays linear.
            while stack:
                tag, kept = stack.pop()
                open_count[tag] -= 1
                kept_depth -= kept
                if tag == name:
                    if kept:
                        out.append(match.group(0))
                    elif name in BLOCK_TAGS:
                        out.append(" ")
                    break
    out.append(html[pos:])
    return "".join(out)


def _max_depth_exceeds(html: str, limit: int) -> bool:
    depth = 0
    for match in _TAG_RE.finditer(html):
        name = match.group(2).lower()
        if name in VOID_TAGS or match.group(0).endswith("/>"):
            continue
        depth += -1 if match.group(1) else 1
        if depth > limit:
            return True
    return False


def parse_fragment(html: str) -> HtmlElement:
    """Parse a region into a `<div>` holding its nodes; comments kept, processing instructions dropped."""
    html = _CONTROL_RE.sub("", html)  # invisible, and lxml refuses them in text
    html = _SELF_CLOSING_RE.sub(_expand_self_closing, html)
    if html.count("<") > MAX_DEPTH and _max_depth_exceeds(html, MAX_DEPTH):
        html = _flatten_deep(html)
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
