"""Placing every post of a run: a slug no other post has, its file below OUT, its URL on the new site."""
from __future__ import annotations

from typing import Callable

from ..config import Config
from ..findings import Finding
from ..io import paths
from ..links.siteindex import Entry, Placement
from . import get


class Places:
    """Hands each post its place: a slug no earlier post has (`-2`, `-3`...), then its file and URL.

    Slugs are claimed case-folded and before paths, so two posts never share a
    URL on the new site even where their files differ (Hugo, Astro and Jekyll
    serve a post at its slug); later posts are told which name they got.
    """

    def __init__(self, config: Config, suffix: str, in_place: bool, notify: Callable[[Finding], None]) -> None:
        self.target = get(config.target)
        self.template = config.path_template
        self.in_place = in_place
        self.notify = notify
        self.paths = paths.PathClaims(suffix)
        self.first_slug: dict[str, str] = {}
        self.first_title: dict[str, str] = {}

    def place(self, entry: Entry) -> Placement | None:
        fields = {**entry.fields, "slug": self._slug(entry)}
        self._title(entry)
        if self.in_place:
            return Placement(entry.display, fields["slug"], in_place=True)
        rel = self._path(entry, fields)
        return None if rel is None else self.target.place(rel, fields["slug"], fields)

    def _slug(self, entry: Entry) -> str:
        slug = entry.fields.get("slug") or "untitled"
        unique, n = slug, 1
        while unique.casefold() in self.first_slug:
            n += 1
            unique = f"{slug}-{n}"
        if n > 1:
            self._notice(entry, "WPC124", f"slug {slug!r} is also {self.first_slug[slug.casefold()]}'s; written as {unique!r}")
        self.first_slug[unique.casefold()] = entry.display
        return unique

    def _title(self, entry: Entry) -> None:
        title = (entry.title or "").strip().casefold()
        if title and title in self.first_title:
            self._notice(entry, "WPC125", f"title is also {self.first_title[title]}'s")
        self.first_title.setdefault(title, entry.display)

    def _path(self, entry: Entry, fields: dict[str, str]) -> str | None:
        rel, suffixed, shortened = self.paths.claim(self.target.path_template(self.template, fields), fields)
        if rel is not None and suffixed:
            self._notice(entry, "WPC123", f"output path already taken by another post; writing {rel}")
        if rel is not None and shortened:
            self._notice(entry, "WPC127", f"output file name is longer than file systems allow; writing {rel}")
        return rel

    def _notice(self, entry: Entry, code: str, message: str) -> None:
        self.notify(Finding.make(entry.display, 1, 1, code, message))
