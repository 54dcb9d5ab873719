"""Bringing the media along (`--media download|manifest`): which URLs are media, where each file
goes below OUT, how a post refers to it there (`MediaPlan`), and fetching them (`fetch`).

A post's images and attachments are rewritten to their local place while it is cleaned (in
`links.canonicalize`, the one pass over every URL), and each is listed as (url, original,
file); after the run the files are fetched (`fetch.download`) or only listed (`manifest`).
Paths mirror `wp-content/uploads/` (`media/2016/05/a.jpg`); files from other hosts keep their
host (`media/i.imgur.com/a.png`).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote

from ..links.urls import same_file_without_size, split_url

#: where a site generator serves files from, below OUT (generic: OUT itself)
STATIC_DIRS = {"generic": "", "hugo": "static", "jekyll": "", "eleventy": "", "astro": "public"}
_MEDIA_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp avif svg bmp tif tiff ico heic mp3 m4a ogg oga wav flac mp4 m4v mov webm ogv pdf zip".split()
)
_UPLOADS_RE = re.compile(r"/wp-content/uploads/(.+)$")
_WPCOM_FILES_RE = re.compile(r"^[a-z0-9-]+\.files\.wordpress\.com$")
_UNSAFE_RE = re.compile(r"[\x00-\x1f<>:\"\\|?*]")


class MediaFile(NamedTuple):
    """One file a post uses: as written, the original it is a size of (or the same URL), where it goes."""

    url: str
    original: str
    path: str  # below OUT, POSIX


@dataclass(frozen=True)
class MediaPlan:
    """Where a run puts media, and how a post at `rel` below OUT refers to one."""

    folder: str = "media"
    target: str = "generic"
    originals: bool = True

    def place(self, url: str) -> MediaFile | None:
        """The media file a URL names, or None when it is no media file (a page, a feed, a mail address)."""
        parts = split_url(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        path = unquote(parts.path)
        uploads = _UPLOADS_RE.search(path)
        host = parts.netloc.lower().split("@")[-1].split(":")[0]
        if uploads:
            below = uploads.group(1)
        elif _WPCOM_FILES_RE.match(host):
            below = path.lstrip("/")
        elif _extension(path) in _MEDIA_EXTENSIONS:
            below = f"{host}/{path.lstrip('/')}"
        else:
            return None
        original = url.split("#", 1)[0].split("?", 1)[0]  # `?w=604` asks WordPress for a size: the file is the file
        if self.originals:  # `a-300x200.jpg` is kept as `a.jpg`, fetched from the original when there is one
            original, below = same_file_without_size(original), same_file_without_size(below)
        safe = _safe(below)
        if safe is None:
            return None
        return MediaFile(url, original, posixpath.join(STATIC_DIRS.get(self.target, ""), self.folder, safe))

    def reference(self, file: MediaFile, rel: str | None) -> str:
        """How the post refers to the file: a site serves it from the root; a plain Markdown tree
        needs a path relative to the post's own file."""
        if self.target != "generic" or rel is None:
            return "/" + posixpath.relpath(file.path, STATIC_DIRS.get(self.target) or ".")
        return posixpath.relpath(file.path, posixpath.dirname(rel) or ".")


def _extension(path: str) -> str:
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _safe(below: str) -> str | None:
    """A relative path that stays below the media folder: no `..`, no empty or hidden parts, no
    characters a file system refuses; None when nothing is left."""
    parts = [_UNSAFE_RE.sub("_", p) for p in below.split("/") if p not in ("", ".", "..")]
    parts = [p.lstrip(".") or "_" for p in parts]
    return "/".join(parts) or None
