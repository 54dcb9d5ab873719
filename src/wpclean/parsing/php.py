"""Reading PHP-serialized values, which WordPress writes into post meta, as plain data."""
from __future__ import annotations

import re
from typing import Any

_LOOKS_SERIALIZED_RE = re.compile(r"(?:[aO]:\d+:|s:\d+:\"|[idb]:[^;]*;\Z|N;\Z)")
_MAX_DEPTH = 64


class PHPError(ValueError):
    """The text looked PHP-serialized but is not."""


def looks_serialized(text: str) -> bool:
    return _LOOKS_SERIALIZED_RE.match(text) is not None


def unserialize(text: str) -> Any:
    """Decode a PHP-serialized string into strings, lists and dicts.

    Scalars become strings, as everything in front matter is text until a
    transform gives it a type.  Arrays with keys 0..n-1 become lists.
    """
    data = text.encode("utf-8")
    value, end = _Reader(data).read(0, 0)
    if end != len(data):
        raise PHPError(f"trailing data at byte {end}")
    return value


class _Reader:
    def __init__(self, data: bytes):
        self.data = data

    def _until(self, pos: int, stop: bytes) -> tuple[str, int]:
        end = self.data.find(stop, pos)
        if end == -1:
            raise PHPError(f"expected {stop!r} after byte {pos}")
        return self.data[pos:end].decode("utf-8", "replace"), end + 1

    def _expect(self, pos: int, token: bytes) -> int:
        if not self.data.startswith(token, pos):
            raise PHPError(f"expected {token!r} at byte {pos}")
        return pos + len(token)

    def read(self, pos: int, depth: int) -> tuple[Any, int]:
        if depth > _MAX_DEPTH:
            raise PHPError("nested too deeply")
        if pos >= len(self.data):
            raise PHPError(f"the value ends early, at byte {pos}")
        kind = self.data[pos : pos + 2]
        if kind == b"N;":
            return "", pos + 2
        if kind in (b"i:", b"d:"):
            return self._until(pos + 2, b";")
        if kind == b"b:":
            raw, end = self._until(pos + 2, b";")
            return ("true" if raw == "1" else "false"), end
        if kind == b"s:":
            return self._string(pos + 2)
        if kind == b"a:":
            return self._array(pos + 2, depth)
        if kind == b"O:":
            _, pos = self._string(pos + 2, closing=b'":')  # the class name, e.g. stdClass
            return self._array(pos, depth, obj=True)
        raise PHPError(f"unknown type {kind!r} at byte {pos}")

    def _string(self, pos: int, closing: bytes = b'";') -> tuple[str, int]:
        raw_len, pos = self._until(pos, b":")
        if not raw_len.isdigit():
            raise PHPError(f"bad string length {raw_len!r}")
        pos = self._expect(pos, b'"')
        end = pos + int(raw_len)
        if end > len(self.data):
            raise PHPError("string runs past the end")
        value = self.data[pos:end].decode("utf-8", "replace")
        return value, self._expect(end, closing)

    def _array(self, pos: int, depth: int, *, obj: bool = False) -> tuple[Any, int]:
        raw_count, pos = self._until(pos, b":")
        if not raw_count.isdigit():
            raise PHPError(f"bad element count {raw_count!r}")
        pos = self._expect(pos, b"{")
        items: dict[str, Any] = {}
        for _ in range(int(raw_count)):
            key, pos = self.read(pos, depth + 1)
            value, pos = self.read(pos, depth + 1)
            if not isinstance(key, str):
                raise PHPError("array key is not a scalar")
            items[key] = value
        pos = self._expect(pos, b"}")
        if not obj and list(items) == [str(i) for i in range(len(items))]:
            return list(items.values()), pos
        return items, pos
