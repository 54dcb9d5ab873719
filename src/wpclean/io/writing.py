"""Atomic, permission-keeping writes that leave every file either old or new, never half."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class ChangedMeanwhile(Exception):
    """The file on disk is no longer what was read: someone edited it during the run."""


def write_atomic(path: Path, data: bytes, *, expect: str | None = None) -> bool:
    """Write `data` to `path` unless it already holds exactly that; returns whether it wrote.

    With `expect` (the sha256 of the bytes read), the file is replaced only if it
    still holds them, so an edit made while the run was going is never lost.
    A symlink is written through (its target is replaced), so links in a
    content tree stay links.  The temp file lives in the target's directory so
    the final rename never crosses file systems.
    """
    target = Path(os.path.realpath(path))
    try:
        current = target.read_bytes()
        if current == data:
            return False
        if expect is not None and hashlib.sha256(current).hexdigest() != expect:
            raise ChangedMeanwhile(str(target))
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        if expect is not None:
            raise ChangedMeanwhile(str(target)) from None
        mode = None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".wpclean-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
