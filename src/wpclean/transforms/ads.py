"""`ads.remove`: auto-blog ad markers, scripts, tracking pixels, skip links, share blocks, pullquotes, Source trailers."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from ..config import AdsConfig
from ..document import Document, LineCounter, Segment
from ..links.urls import split_url
from ..parsing import regions
from ..parsing.yamlload import Scalar
from ..visible import link_key, structure_keys
from .base import Context, Transform

PULLQUOTE_SELECTOR = ".pullquote, .pull-quote, blockquote.pull, aside.pullquote"
_SOURCE_TEXT_RE = re.compile(r"\s*(?:source|read more at source|original article|read the original(?: article)?)\s*:?\s*", re.I)
_SOURCE_KEYS = ("source_url", "original_link", "source", "syndication_source_uri")
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _rules(
    ads: AdsConfig,
) -> tuple[re.Pattern[str], tuple[CSSSelector, tuple[tuple[str, CSSSelector], ...]], re.Pattern[str], CSSSelector]:
    # Markdown converters escape the underscore: `\[ad\_1\]` is the same marker.
    names = "|".join("(?:" + m.replace("_", r"\\?_") + ")" for m in ads.markers) or "(?!)"
    markers = re.compile(rf"(?:\\\[|\[)\s*(?:{names})\s*\\?\]", re.I)
    selectors = tuple((s, CSSSelector(s, translator="html")) for s in ads.selectors)
    # One pass over the tree finds whether any selector (or a pullquote) matches; only then is each asked.
    any_selector = CSSSelector(", ".join((*ads.selectors, PULLQUOTE_SELECTOR)), translator="html")
    link_texts = re.compile("|".join(f"(?:{t})" for t in ads.link_texts) or "(?!)", re.I)
    return markers, (any_selector, selectors), link_texts, CSSSelector(PULLQUOTE_SELECTOR, translator="html")


def _select(selector: CSSSelector, root: HtmlElement) -> list[HtmlElement]:
    # An element selector finds elements; the XPath result type says it could find anything.
    return cast(list[HtmlElement], selector(root))


class RemoveAds(Transform):
    """Remove ad markers and scraped-site debris; each removal is ledgered with its text and rule.

    Before:
        [ad_1]
        <p>Text.</p>
        <p class="pullquote">Text.</p>
        <a class="skip" href="#top">Go Back to Top. Skip To: Start of Article.</a>
    After:
        Text.
    """

    name = "ads.remove"
    codes = "WPC302-WPC307"
    drops_text = True

    def apply(self, doc: Document, ctx: Context) -> Document:
        ads = ctx.config.ads
        markers, selectors, link_texts, pullquotes = _rules(ads)
        for segment in doc.segments:
            if not segment.editable:
                continue
            if segment.tree is None:
                self._remove_markers(doc, segment, markers)
                if not regions.needs_tree(segment):
                    continue
            root = regions.tree_of(segment, doc.autop)
            any_selector, each = selectors
            if any_selector(root):
                self._select_and_drop(doc, segment, root, each, pullquotes, ads.pullquotes)
            for link in list(root.iter("a")):
                if link_texts.fullmatch(_SPACE_RE.sub(" ", link.text_content()).strip()):
                    self._drop(doc, segment, link, "WPC304", "skip link removed")
            for img in list(root.iter("img")):
                if _is_tracking_pixel(img, ads.tracker_hosts):
                    self._drop(doc, segment, img, "WPC307", "tracking pixel removed")
        self._source_trailer(doc, ctx)
        return doc

    def _select_and_drop(
        self, doc: Document, segment: Segment, root: HtmlElement,
        each: tuple[tuple[str, CSSSelector], ...], pullquotes: CSSSelector, pullquote_rule: str,
    ) -> None:  # fmt: skip
        for selector_text, selector in each:
            for el in _select(selector, root):
                self._drop(doc, segment, el, "WPC303", f"removed by selector {selector_text!r}")
        for el in _select(pullquotes, root):
            if pullquote_rule == "remove":
                self._drop(doc, segment, el, "WPC305", "pullquote removed (it repeats the body)")
            else:
                el.tag = "blockquote"

    def _remove_markers(self, doc: Document, segment: Segment, markers: re.Pattern[str]) -> None:
        if not markers.search(segment.text):
            return
        removed = []
        lines = LineCounter(segment.text, segment.line)

        def take(match: re.Match[str]) -> str:
            removed.append((lines.at(match.start()), match.group(0)))
            return ""

        new = regions.sub_outside(markers, take, segment.text, regions.not_prose(segment.text, segment.kind, segment.refs))
        for line, marker in removed:
            doc.change(self.name, line, marker, "", "ad marker")  # as it stood, escapes and all
            line, col = doc.locate(marker, line)
            doc.find("WPC302", f"ad marker {marker} removed", line=line, col=col, fixed=True)
        if removed:
            segment.text, segment.touched = regions.tidy_removal(segment.text, new) if segment.kind == "markdown" else new, True

    def _drop(self, doc: Document, segment: Segment, el: HtmlElement, code: str, reason: str) -> None:
        if el.getparent() is None:
            return  # already gone with an ancestor
        text = _SPACE_RE.sub(" ", el.text_content()).strip()
        # wpautop moved lines about: find the removed text where the source has it.
        line, col = doc.locate(text[:40], segment.line + (el.sourceline or 1) - 1) if len(text) >= 8 else (
            segment.line + (el.sourceline or 1) - 1, 1)
        alts = " ".join(img.get("alt", "") for img in el.iter("img"))
        doc.change(self.name, line, " ".join(filter(None, (text, alts))) or f"<{el.tag}>", "", reason, structure_keys(el))
        doc.find(code, f"{reason}: {text[:60]!r}" if text else reason, line=line, col=col, fixed=True)
        el.drop_tree()
        segment.touched = True

    def _source_trailer(self, doc: Document, ctx: Context) -> None:
        """A last link reading "Source" points at the scraped article: it belongs in source_url."""
        last = next((s for s in reversed(doc.segments) if s.tree is not None), None)
        if last is None:
            return
        anchors = list(last.tree.iter("a"))  # the last one reading "Source", its text read from the end back
        link = next((a for a in reversed(anchors) if a.get("href") and _SOURCE_TEXT_RE.fullmatch(a.text_content())), None)
        if link is None or any(t.strip() for t in link.xpath("following::text()")):
            return
        data = doc.front_matter.data
        href = link.get("href").strip()
        if data is not None and not any(data.get(key) for key in _SOURCE_KEYS):
            data["source_url"] = Scalar(href, "'")
            doc.front_matter.dirty = True
        if ctx.config.ads.source_attribution:
            shown = link.text_content()
            link.text = split_url(href).netloc or href
            for child in list(link):
                link.remove(child)
            line = last.line + (link.sourceline or 1) - 1
            doc.change(self.name, line, shown, f"Source: {link.text}", "Source trailer kept as an attribution line", (f"link:{link_key(shown)}",))
            prefix = link.makeelement("span", {})
            prefix.text = "Source: "
            link.addprevious(prefix)
            return
        self._drop(doc, last, link, "WPC306", f"Source trailer removed (source_url: {href})")


def _is_tracking_pixel(img: HtmlElement, hosts: tuple[str, ...]) -> bool:
    if img.get("width", "").strip().rstrip("px") == "1" and img.get("height", "").strip().rstrip("px") == "1":
        return True
    host = split_url((img.get("src") or "").strip()).netloc.lower()
    return any(host == h or host.endswith("." + h) for h in hosts)
