"""Loading front-matter YAML as strings only, keeping each scalar's style, refusing hostile YAML."""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, cast

import yaml

from ..errors import InputError

try:  # the C loader is several times faster; BaseLoader semantics either way
    _Loader: Any = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.BaseLoader

_BINARY_TAGS = frozenset({"!binary", "tag:yaml.org,2002:binary"})
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {_STR, _SEQ, _MAP}


class Scalar(str):
    """A front-matter string that remembers how it was written.

    `plain` scalars are written back plain, so `comments: true` stays a YAML
    boolean for the site generator while wpclean itself only ever sees text.
    """

    style: str | None = None

    def __new__(cls, value: str, style: str | None = None) -> "Scalar":
        obj = super().__new__(cls, value)
        obj.style = style
        return obj

    @property
    def plain(self) -> bool:
        return self.style is None


@dataclass(frozen=True)
class Note:
    """Something the loader noticed and repaired while loading (duplicate or empty keys)."""

    code: str
    message: str
    line: int


def load(text: str, first_line: int = 1) -> tuple[dict[str, Any], list[Note]]:
    """Load front-matter YAML into dicts, lists and Scalars; raise InputError if it cannot be."""
    try:
        if "*" in text:
            _refuse_aliases(text, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError("WPC100", f"invalid YAML in front matter: {problem}", line=line, col=col) from None
    except yaml.reader.ReaderError as exc:  # a control character: one line, at its own column
        line = first_line + text.count("\n", 0, exc.position)
        col = exc.position - text.rfind("\n", 0, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError("WPC100", f"control character U+{code:04X} in front matter", line=line, col=col) from None
    except yaml.YAMLError as exc:
        raise InputError("WPC100", f"invalid YAML in front matter: {' '.join(str(exc).split())}", line=first_line) from None
    if node is None:
        return {}, []
    builder = _Builder(first_line)
    data = builder.build(node)
    if not isinstance(data, dict):
        raise InputError("WPC114", "front matter is not a mapping of keys to values", line=first_line)
    return data, builder.notes


def _refuse_aliases(text: str, first_line: int) -> None:
    """Refuse any alias, at its own position: aliases are how YAML bombs multiply."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            assert mark is not None  # the parser marks every event it emits
            raise InputError(
                "WPC113",
                "YAML aliases are not allowed in front matter",
                line=first_line + mark.line,
                col=mark.column + 1,
            )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.notes: list[Note] = []
        self.seen: set[int] = set()

    def _line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node) -> Any:
        # compose() turns every alias into a second reference to the anchored
        # node: a node seen twice is an alias, which is how billion-laughs works.
        if id(node) in self.seen:
            raise InputError("WPC113", "YAML aliases are not allowed in front matter", line=self._line(node))
        self.seen.add(id(node))
        if node.tag in _BINARY_TAGS and isinstance(node, yaml.ScalarNode):
            return self._binary(node)
        if node.tag not in _ALLOWED_TAGS:
            raise InputError(
                "WPC112",
                f"YAML tag {_short_tag(node.tag)} is not allowed in front matter",
                line=self._line(node),
                col=node.start_mark.column + 1,
            )
        if isinstance(node, yaml.ScalarNode):
            return Scalar(node.value, node.style or None)  # libyaml marks plain as ""
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item) for item in node.value]
        return self._mapping(cast(yaml.MappingNode, node))  # the only other node kind

    def _binary(self, node: yaml.ScalarNode) -> "Scalar":
        """jekyll-import under Ruby 1.9 wrote UTF-8 text as base64 `!binary`: it is text again."""
        try:
            text = base64.b64decode("".join(node.value.split()), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise InputError(
                "WPC112", "YAML !binary value is not UTF-8 text", line=self._line(node), col=node.start_mark.column + 1
            ) from None
        self.notes.append(Note("WPC117", f"base64 !binary value decoded to {text[:40]!r}", self._line(node)))
        return Scalar(text, "'")

    def _mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("WPC100", "front-matter keys must be plain strings", line=self._line(key_node))
            key = str(self.build(key_node)).strip()
            value = self.build(value_node)
            if not key:
                self.notes.append(Note("WPC111", "entry with an empty key dropped", self._line(key_node)))
                continue
            if key in result:
                self.notes.append(Note("WPC108", f"duplicate key {key!r}; the last value wins", self._line(key_node)))
                del result[key]  # the last one wins, in its own position
            result[key] = value
        return result
