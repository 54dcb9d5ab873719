"""The site-wide view: every post's old URLs mapped to its new path, built in one pass before cleaning."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qs

from ..config import SiteConfig
from .urls import host_of, path_key
from .urls import split_url

_DATED_RE = re.compile(r"^(?:/\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?)?/([^/]+)$")
_URL_KEYS = ("permalink", "link", "url", "guid", "wordpress_url")


class Placement(NamedTuple):
    """Where one post goes and what it is called there, decided once for the whole run."""

    rel: str  # its file below OUT
    slug: str | None  # unique in the run, so two posts never share a URL (None: as the post says)
    url: str | None = None  # the URL the new site serves it at (None: links between posts are file paths)
    in_place: bool = False  # it stays in its own file, under its own name (clean --in-place, check)


@dataclass(frozen=True)
class Entry:
    """One post as the index knows it: where it goes and every URL it was reachable at."""

    display: str
    fields: dict[str, str]
    title: str | None
    old_urls: tuple[str, ...]
    placement: Placement | None = None

    @property
    def rel(self) -> str:
        return self.placement.rel if self.placement else ""

    @property
    def url(self) -> str:
        """Where the new site serves it: the target's URL, or the Markdown file's path as a URL."""
        return (self.placement.url if self.placement else None) or url_path(self.rel)


def old_urls(raw: dict[str, Any], normalized: dict[str, Any]) -> tuple[str, ...]:
    """A post's URLs on the old site: permalink, guid, `?p=ID`, aliases."""
    urls: list[str] = []
    for key in _URL_KEYS:
        value = raw.get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str) and value.strip():
            urls.append(value.strip())
    urls += [str(a) for a in normalized.get("aliases", []) if isinstance(a, str)]
    if normalized.get("wordpress_id") is not None:
        urls.append(f"/?p={normalized['wordpress_id']}")
    return tuple(dict.fromkeys(urls))


@dataclass
class SiteIndex:
    """Old URL (host, path or `?p=`) to a post's new path; and which hosts were the old site's."""

    hosts: frozenset[str]
    by_path: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, str] = field(default_factory=dict)
    by_slug: dict[str, str] = field(default_factory=dict)
    #: a post's file to the URL its site generator serves it at (a target's index only)
    urls: dict[str, str] = field(default_factory=dict)
    new_base: str | None = None
    media_base: str | None = None

    @classmethod
    def empty(cls, site: SiteConfig) -> "SiteIndex":
        """An index to `add` posts to as the index pass reads them; `finish` it when all are in."""
        return cls(frozenset(host_of(u if "//" in u else "//" + u) for u in site.old_urls), new_base=site.new_base, media_base=site.media_base)

    def add(self, entry: Entry) -> None:
        """One post's old URLs and slug; the first post to claim a URL keeps it."""
        hosts = {host_of(url) for url in entry.old_urls} - {""}
        if not hosts <= self.hosts:
            self.hosts = self.hosts | hosts
        for url in entry.old_urls:
            query = parse_qs(split_url(url).query)
            for key in ("p", "page_id"):
                if query.get(key):
                    self.by_id.setdefault(query[key][0], entry.rel)
            if not split_url(url).query:
                self.by_path.setdefault(path_key(url), entry.rel)
        slug = entry.fields.get("slug")
        if slug:
            self.by_slug.setdefault(slug, entry.rel)
        if entry.placement and entry.placement.url:
            self.urls[entry.rel] = entry.placement.url
            # a link already written as the new URL (cleaned content, checked again) is a link to the post
            self.by_path.setdefault(path_key(entry.placement.url), entry.rel)

    def finish(self) -> "SiteIndex":
        """Every old host with and without `www.`."""
        hosts = set(self.hosts)
        hosts |= {h[4:] if h.startswith("www.") else "www." + h for h in hosts if h}
        self.hosts = frozenset(h for h in hosts if h)
        return self

    def is_internal(self, url: str) -> bool:
        if url.startswith(("http://", "https://", "//")):
            return host_of(url) in self.hosts
        return url.startswith("/")

    def target(self, url: str) -> str | None:
        """The new path of the post an old URL points to; None if it is not in the export."""
        parts = split_url(url)
        query = parse_qs(parts.query)
        for key in ("p", "page_id"):
            if query.get(key) and query[key][0] in self.by_id:
                return self.by_id[query[key][0]]
        key = path_key(url)
        if key in self.by_path:
            return self.by_path[key]
        dated = _DATED_RE.match(key)
        if dated and not parts.query:
            return self.by_slug.get(dated.group(1))
        return None

    def link_to(self, target_rel: str, from_rel: str | None, fragment: str = "") -> str:
        """How one post links to another: the URL its generator serves it at, else relative to the
        Markdown file; under new_base when one is set."""
        suffix = f"#{fragment}" if fragment else ""
        served = self.urls.get(target_rel)
        if served:
            return (self.new_base.rstrip("/") if self.new_base else "") + served + suffix
        if self.new_base:
            return self.new_base.rstrip("/") + url_path(target_rel) + suffix
        start = posixpath.dirname(from_rel) if from_rel else "."
        return posixpath.relpath(target_rel, start or ".") + suffix


def url_path(rel: str) -> str:
    """`2016/05/slug.md` -> `/2016/05/slug/`; `slug/index.md` -> `/slug/`."""
    path = re.sub(r"\.(?:md|markdown|json)$", "", rel)
    path = re.sub(r"(?:^|/)index$", "", path)
    return "/" + (path + "/" if path else "")
