"""What earlier runs learned about files that have not changed since, so a second run skips them.

One JSON file per cache folder (default `.wpclean_cache/` in the working directory, as ruff
keeps `.ruff_cache/`; `WPCLEAN_CACHE_DIR` or `--cache-dir` move it, `--no-cache` turns it
off).  It is keyed by wpclean's version and files, the run's configuration and its command
(`salt`): any change starts that kind of run afresh (four kinds are kept side by side).
Inside, a file's index entry is keyed by the sha256 of its bytes and its path below SRC, and
its outcome by those bytes, its place in the run and the digest of the whole site index (a
link's target may have moved).  JSON, not pickle: a cache in a shared repository must not be
able to run code.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .writing import write_atomic

DEFAULT_DIR = ".wpclean_cache"
#: kinds of run (configuration, command, options) remembered side by side
KEPT_RUNS = 4
_FILE = "cache.json"


def folder_for(chosen: Path | None, off: bool) -> Path | None:
    """`--cache-dir`, else `WPCLEAN_CACHE_DIR`, else `.wpclean_cache`; None with `--no-cache` or
    `WPCLEAN_NO_CACHE=1` (unless a folder is named on the command line)."""
    if chosen is not None:
        return chosen
    if off or os.environ.get("WPCLEAN_NO_CACHE", "") not in ("", "0"):
        return None
    return Path(os.environ.get("WPCLEAN_CACHE_DIR") or DEFAULT_DIR)


def code_fingerprint() -> str:
    """wpclean's own files as installed (name, size, time): an upgrade, or an edit to a checkout
    installed for development, starts the cache afresh even where the version did not change."""
    package = Path(__file__).resolve().parent.parent
    stats = sorted((str(p.relative_to(package)), p.stat().st_size, p.stat().st_mtime_ns) for p in package.rglob("*.py"))
    return key(repr(stats))


def entry_key(sha256: str, rel: str) -> str:
    """An index entry's key: the file's bytes and its path below SRC (its fields hold the path too)."""
    return key(sha256, rel)


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Cache:
    def __init__(self, folder: Path, salt: str) -> None:
        self.folder, self.salt = folder, salt
        self.entries: dict[str, Any] = {}
        self.outcomes: dict[str, Any] = {}
        #: this run's files: path as shown -> sha256 of the bytes the index pass read
        self.digests: dict[str, str] = {}
        self._loaded_entries: dict[str, Any] = {}
        self._loaded_outcomes: dict[str, Any] = {}
        self._others: dict[str, Any] = {}
        self._load(folder / _FILE)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None  # none yet, or unreadable: start afresh
        runs = data.get("runs") if isinstance(data, dict) else None
        self._others = {k: v for k, v in runs.items() if k != self.salt} if isinstance(runs, dict) else {}
        mine = runs.get(self.salt) if isinstance(runs, dict) else None
        if isinstance(mine, dict):
            self._loaded_entries = mine.get("entries") or {}
            self._loaded_outcomes = mine.get("outcomes") or {}

    @property
    def knows_entries(self) -> bool:
        """Whether an earlier run of this kind left any index entry to look up."""
        return bool(self._loaded_entries)

    def entry(self, entry_key: str) -> Any:
        return self._loaded_entries.get(entry_key)

    def outcome(self, outcome_key: str) -> Any:
        return self._loaded_outcomes.get(outcome_key)

    def save(self) -> None:
        """Keep what this run saw (files gone or changed since drop out), atomically; a run that
        learned nothing new (every file as it was) leaves the file as it is."""
        if self.entries.keys() == self._loaded_entries.keys() and self.outcomes.keys() == self._loaded_outcomes.keys():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():  # the cache keeps itself out of git, as ruff's does
            ignore.write_text("# written by wpclean\n*\n", encoding="utf-8")
        # This run's memory first, then up to KEPT_RUNS - 1 other kinds of run (check, clean -o, clean
        # --in-place alternate in one repository), newest first.
        others = list(self._others.items())[: KEPT_RUNS - 1]
        payload = {"runs": {self.salt: {"entries": self.entries, "outcomes": self.outcomes}, **dict(others)}}
        write_atomic(self.folder / _FILE, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
