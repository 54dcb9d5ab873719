"""Cleaned HTML for the elements Markdown cannot express: no class, style or id noise, no blank lines."""
from __future__ import annotations

import copy
import re

import lxml.html
from lxml.html import HtmlElement

#: attributes that carry meaning; everything else is presentation or tracking
KEEP_ATTRIBUTES = frozenset(
    "href src alt title colspan rowspan scope headers start type datetime cite allow allowfullscreen "
    "frameborder width height lang dir".split()
)
_BLANK_LINES_RE = re.compile(r"\n\s*\n")


def clean_html(el: HtmlElement, keep_ids: bool = False) -> str:
    """The element as HTML on consecutive lines (a blank line would end a Markdown HTML block);
    `keep_ids`: ids stay (a heading or a footnote that in-page links point at)."""
    kept = KEEP_ATTRIBUTES | {"id"} if keep_ids else KEEP_ATTRIBUTES
    el = copy.deepcopy(el)
    el.tail = None
    for node in list(el.iter()):
        if not isinstance(node.tag, str):
            node.drop_tree()  # keeps the comment's tail text
            continue
        for name in list(node.attrib):
            if name not in kept:
                del node.attrib[name]
    html = lxml.html.tostring(el, encoding="unicode", method="html")
    html = _BLANK_LINES_RE.sub("\n", html.strip())
    return html
