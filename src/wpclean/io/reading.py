"""Bytes to a Source: encoding, BOM and newline style, with one clear error for bad input."""
from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from ..document import Source
from ..errors import InputError

_BOM = b"\xef\xbb\xbf"
#: byte-order marks of the wide encodings, UTF-32 first (its little-endian mark begins like UTF-16's)
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def read_regular(path: str | Path, max_bytes: float | None = None) -> bytes:
    """A file's bytes, if it is a regular file: a FIFO named `x.md` would block the run forever.

    Raises InputError WPC907 for a FIFO, device or socket (without opening it), WPC909 for a
    file over `max_bytes` (without reading it), WPC905 when the file cannot be read.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            mode = info.st_mode
            kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or other special file"
            raise InputError("WPC907", f"not a regular file ({kind}); skipped without reading")
        if max_bytes is not None:
            check_size(info.st_size, max_bytes)
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError("WPC905", f"cannot read file: {exc.strerror}") from None


def check_size(size: int, max_bytes: float) -> None:
    if size > max_bytes:
        raise InputError("WPC909", f"file is {_size(size)}, over the {_size(max_bytes)} limit (limits.max_file_mb); skipped")


def _size(n: float) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of `offset`."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _newline_style(text: str) -> str:
    """The first newline the file uses; files mix styles too rarely to keep more."""
    match = _NEWLINE_RE.search(text)
    return match.group(0) if match else "\n"


def decode(data: bytes, path: str, *, fallback: str | None = None) -> tuple[Source, bool]:
    """Decode `data`; returns the Source and whether an encoding other than UTF-8 was used.

    UTF-16 and UTF-32 with a byte-order mark (Windows editors write them) are decoded as such
    and written as UTF-8, like a fallback encoding.
    """
    if not data.strip():
        raise InputError("WPC903", "file is empty")
    wide = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if wide is not None:
        try:
            data = data.decode(wide).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("WPC901", f"file starts with a {wide.upper()} byte-order mark but is not {wide.upper()} at byte {exc.start}") from None
        source, _ = decode(data, path)
        return Source(source.path, source.text, source.newline, False, wide), True
    nul = data.find(b"\x00")
    if nul != -1:
        line, col = _position(data, nul)
        raise InputError("WPC902", "file contains NUL bytes; is it binary?", line=line, col=col)
    bom = data.startswith(_BOM)
    payload = data[len(_BOM):] if bom else data
    used_fallback = False
    try:
        text = payload.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        if fallback is None:
            line, col = _position(payload, exc.start)
            raise InputError(
                "WPC901",
                f"invalid UTF-8 byte 0x{payload[exc.start]:02x} (try --encoding-fallback cp1252)",
                line=line,
                col=col,
            ) from None
        try:
            text = payload.decode(fallback)
        except UnicodeDecodeError as exc2:
            line, col = _position(payload, exc2.start)
            raise InputError("WPC901", f"not valid UTF-8 nor {fallback}", line=line, col=col) from None
        encoding, used_fallback = fallback, True
    newline = _newline_style(text)
    if newline != "\n":
        text = _NEWLINE_RE.sub("\n", text)
    return Source(path=path, text=text, newline=newline, bom=bom, encoding=encoding), used_fallback


def encode(text: str, source: Source, bom: bool | None = None) -> bytes:
    """The inverse of `decode` for output text: the source's newline style and BOM (unless `bom` says) restored.

    Output is always UTF-8, also for files read with a fallback encoding.
    """
    if source.newline != "\n":
        text = text.replace("\n", source.newline)
    data = text.encode("utf-8")
    return _BOM + data if (source.bom if bom is None else bom) else data
