"""Which files in an output directory wpclean wrote, and what it wrote in them.

A file in OUT that a run did not write is never replaced unasked: a hand-written
`about.md` beside the posts, or a post someone edited after the last run. The
manifest (`.wpclean-manifest` in OUT, JSON: a dotfile with no extension, so no site generator
builds it) maps each file wpclean wrote to the sha256 of what it wrote; a file
may be replaced when it still holds exactly that.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .writing import write_atomic

MANIFEST_NAME = ".wpclean-manifest"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Manifest:
    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.files = self._load()
        self._dirty = False

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            # None yet, or unreadable: then no file in OUT is known to be wpclean's,
            # which errs on the side of asking for --force.
            return {}
        files = data.get("files") if isinstance(data, dict) else None
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}

    def wrote(self, rel: str, current: bytes) -> bool:
        """Whether the file at `rel` holds exactly what wpclean last wrote there."""
        return self.files.get(rel) == digest(current)

    def record(self, rel: str, data: bytes) -> str | None:
        """Note that `rel` holds `data`; returns what was noted before (for `restore`)."""
        previous = self.files.get(rel)
        if previous != (value := digest(data)):
            self.files[rel] = value
            self._dirty = True
        return previous

    def restore(self, rel: str, previous: str | None) -> None:
        """Take back a `record` whose write failed."""
        if previous is None:
            self.files.pop(rel, None)
        else:
            self.files[rel] = previous

    def save(self) -> None:
        if self._dirty:
            payload = {"about": "files wpclean wrote here, and the sha256 of what it wrote", "files": dict(sorted(self.files.items()))}
            write_atomic(self.path, (json.dumps(payload, indent=1) + "\n").encode("utf-8"))
            self._dirty = False
