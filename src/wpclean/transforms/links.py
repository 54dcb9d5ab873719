"""`links.canonicalize`: every URL once, after conversion: canonical, unwrapped, internal links rewritten."""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Any

from ..config import LinksConfig
from ..document import Document, LineCounter, Segment
from ..links import urls
from ..links.siteindex import SiteIndex
from ..links.urls import split_url
from ..media import MediaPlan
from ..parsing import markdown, regions
from ..parsing.yamlload import Scalar
from ..render import escape
from .base import Context, Transform

# Where URLs sit in Markdown: link and image destinations, autolinks, a URL alone on a
# line (an embed), href/src in kept HTML, reference definitions; each spot with a quick
# test (a substring, or a pattern with a literal prefix) without which it cannot occur.
_ATTRIBUTE_RE = re.compile(r"(?:href|src|link)\s*=")
_URL_SPOTS: tuple[tuple[str | re.Pattern[str], str], ...] = (
    ("](", r"(?P<dest_pre>\]\(\s*)(?P<dest><[^<>\n]*>|[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)"),
    ("<", r"<(?P<auto>(?:https?|ftp)://[^\s<>]+)>"),
    ("http", r"^(?P<bare>https?://[^\s<>]+)$"),
    (_ATTRIBUTE_RE, r"(?P<attr_pre>\b(?:href|src|link)\s*=\s*\")(?P<attr>[^\"\n]*)"),
    ("]:", r"(?P<ref_pre>^ {0,3}\[[^\]\n]+\]:[ \t]*)(?P<ref>\S+)"),
)


@lru_cache(maxsize=32)
def _url_spots_re(present: tuple[bool, ...]) -> re.Pattern[str]:
    return re.compile("|".join(spot for (_, spot), used in zip(_URL_SPOTS, present) if used) or "(?!)", re.M)


def _url_spots(text: str) -> re.Pattern[str]:
    """The pattern for the URL spots `text` can hold: a scan of every branch at every position costs
    more than the substring tests that leave out the branches that cannot match."""
    return _url_spots_re(tuple(
        needle in text if isinstance(needle, str) else needle.search(text) is not None for needle, _ in _URL_SPOTS
    ))  # fmt: skip


_FRONT_MATTER_URL_KEYS = ("canonical_url", "original_link", "source_url", "image", "heroImage")
_FEED_PROXY_RE = re.compile(r"//(?:feeds\.feedburner\.com|feedproxy\.google\.com|feeds\.[\w.-]+)/~r/", re.I)
_UPLOADS_RE = re.compile(r"/wp-content/uploads/(.+)$")
_PELICAN_PREFIX_RE = re.compile(r"\{(?:static|filename|attach)\}")


@lru_cache(maxsize=8)
def policy(links: LinksConfig) -> urls.Policy:
    return urls.Policy(
        https_hosts=frozenset(h.lower() for h in links.https_hosts),
        tracking_params=frozenset(p.lower() for p in links.tracking_params),
        tracker_hosts=frozenset(h.lower() for h in links.tracker_hosts),
    )


class CanonicalizeLinks(Transform):
    """Make every URL canonical and point links to the old site at the new one.

    Before:
        [story](http://feeds.wired.com/c/35185/f/661370/s/4e83f548/sc/23/l/0L0Swired0N0C20A160C0A50Cstory0C/story01.htm?utm_source=feed)
    After:
        [story](https://www.wired.com/2016/05/story/)
    """

    name = "links.canonicalize"
    codes = "WPC201-WPC209"
    drops_text = True  # tracking parameters and redirect wrappers in visible URLs are declared removals

    def apply(self, doc: Document, ctx: Context) -> Document:
        rewriter = _Rewriter(doc, ctx, self.name)
        doc.rewind()
        for segment in doc.segments:
            if segment.editable:
                rewriter.segment(segment)
        data = doc.front_matter.data
        if data is not None:
            for key in _FRONT_MATTER_URL_KEYS:
                value = data.get(key)
                if isinstance(value, str) and value.strip():
                    new = rewriter.url(value, "front_matter", doc.front_matter.first_line, internal=key in ("image", "heroImage"))
                    if new != value:
                        data[key] = Scalar(new, "'")
                        doc.front_matter.dirty = True
        return doc


class _Rewriter:
    def __init__(self, doc: Document, ctx: Context, name: str):
        self.doc, self.name = doc, name
        self.policy = policy(ctx.config.links)
        self.originals = ctx.config.links.originals
        self.site: SiteIndex | None = ctx.site
        self.rel = ctx.placement.rel if ctx.placement else None
        media = ctx.config.media
        # Media are brought along only into OUT: in place (or one text on stdin) there is no OUT.
        in_out = ctx.placement is not None and not ctx.placement.in_place
        self.media = MediaPlan(media.folder, ctx.config.target) if media.mode != "link" and in_out else None
        self.reported: set[tuple[str, str]] = set()

    def segment(self, segment: Segment) -> None:
        text = segment.output if segment.output is not None else segment.text
        if "://" not in text and "](" not in text and "href" not in text and "]:" not in text:
            return
        lines = LineCounter(text, segment.line)
        read: list[_LinkPlaces] = []  # read once, and only if a destination or autolink is met

        def fix(match: re.Match[str]) -> str:
            kind = match.lastgroup
            # The writer's own output is well formed; Markdown as written is read as CommonMark reads it.
            if kind in ("dest", "auto") and segment.kind == "markdown":
                if not read:
                    read.append(_LinkPlaces(text, segment.refs))
                if not read[0].holds(match.start(), kind):
                    return match.group(0)  # `[]](<http://…>)`: CommonMark reads text and an autolink here
            line = lines.at(match.start())
            if kind == "dest":
                old = match.group("dest")
                bare = old[1:-1] if old.startswith("<") else old
                new = self.url(bare, "link", line)
                return match.group("dest_pre") + (old if new == bare else escape.link_destination(new))
            if kind == "auto":
                new = self.url(match.group("auto"), "link", line)
                return f"<{new}>"
            if kind == "bare":
                return self.url(match.group("bare"), "embed", line)
            if kind == "attr":
                return match.group("attr_pre") + self.url(match.group("attr"), "html", line).replace('"', "%22")
            return match.group("ref_pre") + self.url(match.group("ref"), "reference", line)

        new = regions.sub_outside(_url_spots(text), fix, text, regions.code_ranges(text, "written" if segment.kind == "html" else "markdown", segment.refs))
        if new != text:
            segment.output, segment.touched = new, True

    def _where(self, url: str, kind: str, line: int) -> tuple[int, int] | None:
        """Line and column of a URL as the source writes it; None for a front-matter value made
        from the body (the first figure's image), whose finding the body's own URL already has."""
        if kind != "front_matter":
            return self.doc.locate(url, line)
        fm = self.doc.front_matter
        raw = fm.raw or ""
        at = raw.find(url)
        if at == -1:
            return None
        return fm.first_line + raw.count("\n", 0, at), at - raw.rfind("\n", 0, at)

    def url(self, url: str, kind: str, line: int, internal: bool = True) -> str:
        # Located once, as the source writes it, however many findings it gets: `Document.locate`
        # walks on from its last hit, so a second look (or one for the rewritten URL) lands later.
        where = functools.cache(lambda: self._where(url, kind, line))
        pelican = _PELICAN_PREFIX_RE.match(url)
        if pelican:  # pelican-import's `{static}/images/a.png`: a path from the site's root elsewhere
            plain = "/" + url[pelican.end() :].lstrip("/")
            spot = where()
            if spot is not None:
                self.doc.find("WPC209", f"Pelican {pelican.group(0)} prefix made a plain path: {plain}", line=spot[0], col=spot[1], fixed=True)
        new, reasons = urls.canonicalize(plain if pelican else url, self.policy)
        host = urls.host_of(new)
        status = "external"
        plan = self.media
        local = plan.place(new) if plan is not None else None
        if plan is not None and local is not None:  # `--media`: the file is brought into OUT and the post refers to it there
            self.doc.media.append((local.url, local.original, local.path))
            new, status = plan.reference(local, self.rel), "media"
        elif self.site is not None and internal and host is not None and self.site.is_internal(new):
            new, status = self._internal(new, where() or (line, 1))
        elif _FEED_PROXY_RE.search(new):
            self._find("WPC202", f"feed-proxy link whose target is not in the URL: {new}", url, where() or (line, 1))
        if new != url:
            self.doc.change(self.name, line, url, new, "; ".join(reasons) or f"internal link ({status})")
        self.doc.links.append(
            {"url": new, "original": url, "kind": kind, "domain": host, "status": status,
             "unwrapped": any("unwrapped" in r for r in reasons), "changed": new != url}
        )  # fmt: skip
        return new

    def _find(self, code: str, message: str, url: str, spot: tuple[int, int]) -> None:
        if (code, url) in self.reported:
            return  # one finding per URL (an image is often the front matter's image too)
        self.reported.add((code, url))
        self.doc.find(code, message, line=spot[0], col=spot[1])

    def _internal(self, url: str, spot: tuple[int, int]) -> tuple[str, str]:
        assert self.site is not None
        parts = split_url(url)
        uploads = _UPLOADS_RE.search(parts.path)
        if uploads:
            if not self.site.media_base:
                self._find("WPC203", f"media still on the old site: {url}", url, spot)
                return url, "media"
            media = self.site.media_base.rstrip("/") + "/" + uploads.group(1)
            return (urls.same_file_without_size(media) if self.originals else media), "media"
        target = self.site.target(url)
        if target is None:
            if parts.path not in ("", "/") or parts.query:
                self._find("WPC201", f"link to an old-site page that is not in the export: {url}", url, spot)
                return url, "broken"
            return url, "external"
        return self.site.link_to(target, self.rel, parts.fragment), "internal"


class _LinkPlaces:
    """Where CommonMark reads a link or image destination, or an autolink, in a text."""

    def __init__(self, text: str, refs: markdown.References) -> None:
        spans = markdown.read_inline(text, refs).spans
        self.autolinks = {s.start for s in spans if s.kind == "autolink"}
        self.tails = {s.start for s in spans if s.kind == "link_tail"}
        images = sorted((s.start, s.end) for s in spans if s.kind == "image")
        self.image_starts = [start for start, _ in images]
        self.image_ends = [end for _, end in images]

    def holds(self, at: int, kind: str) -> bool:
        if kind == "auto":
            return at in self.autolinks
        if at in self.tails:  # `](` ends a link's text where its `]` is the tail's start
            return True
        i = bisect_right(self.image_starts, at) - 1
        return i >= 0 and at < self.image_ends[i]


def link_stats(links: list[dict[str, Any]]) -> dict[str, Any]:
    """The per-file link inventory the run summary adds up."""
    return {
        "domains": Counter(link["domain"] for link in links if link["domain"]),
        "canonicalized": sum(link["changed"] and link["status"] == "external" for link in links),
        "unwrapped": sum(link["unwrapped"] for link in links),
        "internal": sum(link["status"] == "internal" for link in links),
        "media": sum(link["status"] == "media" for link in links),
        "broken": sum(link["status"] == "broken" for link in links),
    }
