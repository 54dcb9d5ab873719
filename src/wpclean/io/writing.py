"""Atomic, permission-keeping writes that leave every file either old or new, never half."""
from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


TEMP_SUFFIX = ".wpclean-tmp"


def _temp_file(target: Path) -> tuple[int, str]:
    # The name's start only: a 255-byte file name plus the temp decoration would not fit.
    return tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=TEMP_SUFFIX, dir=target.parent)


@contextmanager
def atomic_stream(path: Path) -> Iterator[TextIO]:
    """A text file written in a temp file beside `path` and renamed over it only when the block ends
    without an error: a killed run or a full disk leaves the old file (or none), never half of one."""
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_file(target)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stray_temp_files(folder: Path) -> int:
    """Remove the temp files a killed run left in `folder` (not below it); returns how many."""
    removed = 0
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for stray in candidates:
        try:
            stray.unlink()
            removed += 1
        except OSError:
            pass
    return removed


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C waits until the block ends, so a file being written is finished (or removed) first.

    An interrupt raised between creating a temp file and the code that would remove it
    could otherwise leave the temp file behind; one file's write is short.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a Ctrl-C held meanwhile is delivered now


class ChangedMeanwhile(Exception):
    """The file on disk is no longer what was read: someone edited it during the run."""


class HardLinked(Exception):
    """The file has other names; replacing it would silently split them into two files."""

    def __init__(self, links: int):
        super().__init__(links)
        self.links = links


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
        info = target.stat()
        if info.st_nlink > 1:
            raise HardLinked(info.st_nlink)
        mode: int | None = info.st_mode & 0o7777
        owner: tuple[int, int] | None = (info.st_uid, info.st_gid)
    except FileNotFoundError:
        if expect is not None:
            raise ChangedMeanwhile(str(target)) from None
        mode, owner = None, None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_file(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if owner is not None and hasattr(os, "chown"):
            try:
                os.chown(tmp, *owner)  # a file another user owned stays theirs (when we may say so)
            except PermissionError:
                pass
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
