"""Fetching the media a run's posts use into OUT (`--media download`), or listing them (`manifest`).

Downloads run in threads (the work is waiting on servers), at most `per_host` at once from one
host, each with a timeout and `tries` attempts with backoff (a 404 is not tried again).  A file
is written to a temp file beside its place and renamed when whole, and recorded in
`.wpclean-media.jsonl` as it lands, so an interrupted run resumes where it stopped: what is
recorded and there is not fetched again, and a file wpclean did not fetch from that URL is
never overwritten.  Only the network, and only here.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..config import MediaConfig
from ..findings import Finding
from ..io import paths, writing
from ..io.manifest import digest
from ..links.urls import host_of
from ..workers import Outcome
from . import MediaFile

RECORD = ".wpclean-media.jsonl"
MANIFEST = "media-manifest.json"
_HEADERS = {"User-Agent": f"wpclean/{__version__} (+media download)"}


@dataclass
class Fetched:
    downloaded: int = 0
    already_there: int = 0
    findings: list[Finding] = field(default_factory=list)


class MediaList:
    """The run's media files, one per place in OUT (the first URL that claims a place keeps it)."""

    def __init__(self) -> None:
        self.files: dict[str, MediaFile] = {}
        self.findings: list[Finding] = []
        self._clashes: set[tuple[str, str]] = set()

    def take(self, outcome: Outcome) -> None:
        self.add(outcome.media)

    def add(self, found: Iterable[tuple[str, str, str]]) -> None:
        for url, original, path in found:
            known = self.files.get(path)
            if known is None:
                self.files[path] = MediaFile(url, original, path)
            elif known.original != original and (path, original) not in self._clashes:
                self._clashes.add((path, original))
                self.findings.append(Finding.make(path, 1, 1, "WPC602", f"{url} and {known.url} are both {path}; the first is kept"))


def write_manifest(media: MediaList, out: Path) -> Path:
    """Every file's URL (the original, and the size as written), and its place below OUT."""
    rows = [{"url": f.original, "as_written": f.url, "path": f.path} for f in sorted(media.files.values(), key=lambda f: f.path)]
    target = out / MANIFEST
    writing.write_atomic(target, (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return target


def download(media: MediaList, out: Path, config: MediaConfig) -> Fetched:
    record_path = out / config.folder / RECORD
    done = _recorded(record_path)
    fetched = Fetched(findings=list(media.findings))
    lock = threading.Lock()
    per_host: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(config.per_host))
    record_path.parent.mkdir(parents=True, exist_ok=True)

    def one(file: MediaFile) -> None:
        target = out / file.path
        if not paths.inside(target, out):
            _found(file.path, "WPC601", f"{file.url}: its place {file.path} would be outside OUT; not fetched")
            return
        if target.exists():
            if done.get(file.path) in (file.original, file.url):
                with lock:
                    fetched.already_there += 1
            else:
                _found(file.path, "WPC602", f"{target} is there and was not fetched from {file.original}; not overwritten")
            return
        error = ""
        for url in dict.fromkeys((file.original, file.url)):  # the original first; the size as written if it has none
            with per_host[host_of(url) or ""]:
                data, error = _get(url, config)
            if data is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                writing.write_atomic(target, data)
                with lock:
                    with record_path.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps({"path": file.path, "url": url, "sha256": digest(data)}) + "\n")
                    fetched.downloaded += 1
                return
        _found(file.path, "WPC601", f"{file.url}: {error}")

    def _found(path: str, code: str, message: str) -> None:
        with lock:
            fetched.findings.append(Finding.make(path, 1, 1, code, message))

    hosts = {host_of(f.original) for f in media.files.values()}
    with ThreadPoolExecutor(max_workers=max(1, min(32, config.per_host * len(hosts)))) as pool:
        list(pool.map(one, sorted(media.files.values(), key=lambda f: f.path)))
    fetched.findings.sort(key=lambda f: f.path)
    return fetched


def _get(url: str, config: MediaConfig) -> tuple[bytes | None, str]:
    """The body of `url`, or None and why not; a server error or a timeout is tried again after a
    pause that doubles, a client error (404, 403) is final."""
    why = ""
    for attempt in range(int(config.tries)):
        if attempt:
            time.sleep(min(8.0, 0.25 * 2**attempt))
        try:
            request = urllib.request.Request(url, headers=_HEADERS)
            with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310 - http(s) only, by MediaPlan
                return response.read(), ""
        except urllib.error.HTTPError as exc:
            why = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:
                return None, why
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            why = f"no answer within {config.timeout:g} s" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else str(reason)
    return None, f"{why} (tried {int(config.tries)} times)"


def _recorded(path: Path) -> dict[str, str]:
    """What earlier runs fetched: place -> URL (a line cut short by a killed run is skipped)."""
    done: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return done
    for line in lines:
        try:
            row = json.loads(line)
            done[row["path"]] = row["url"]
        except (ValueError, KeyError, TypeError):
            continue
    return done
