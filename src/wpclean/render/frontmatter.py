"""Writing front matter with the YAML library: always valid, quoted only where YAML needs it."""
from __future__ import annotations

import re
from typing import Any

import yaml

from ..parsing.yamlload import Scalar

_CDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class Timestamp(str):
    """An ISO 8601 date or date-time, written as a plain YAML timestamp."""


class _FrontMatterDumper(yaml.SafeDumper):
    pass


class _FastFrontMatterDumper(_CDumper):  # type: ignore[misc]  # libyaml's dumper when present: Any to mypy
    pass


def _represent_scalar(dumper: yaml.SafeDumper, value: Scalar) -> yaml.ScalarNode:
    if value.plain:
        # Written plain, a scalar keeps the type any YAML reader gives it
        # (`comments: true` stays a boolean for the site generator).
        tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))  # type: ignore[no-untyped-call]
        if tag != "tag:yaml.org,2002:str" and "\n" not in value:
            return dumper.represent_scalar(tag, str(value))
    return dumper.represent_str(str(value))


def _represent_timestamp(dumper: yaml.SafeDumper, value: Timestamp) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TIMESTAMP, str(value))


for _dumper in (_FrontMatterDumper, _FastFrontMatterDumper):
    _dumper.add_representer(Scalar, _represent_scalar)
    _dumper.add_representer(Timestamp, _represent_timestamp)
_ASTRAL_RE = re.compile("[\U00010000-\U0010FFFF]")


def dump(data: dict[str, Any]) -> str:
    """The YAML text of a front-matter mapping, keys in the given order, ending in a newline."""
    if not data:
        return ""
    # libyaml is several times faster, but escapes astral characters (`"\U0001F3A7"`),
    # which no editor wants in a title: those go through the pure-Python emitter.
    dumper = _FrontMatterDumper if _ASTRAL_RE.search(repr(data)) else _FastFrontMatterDumper
    return yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    )


def meaning(yaml_text: str) -> Any:
    """What a YAML 1.1 reader (a site generator) gets from the text; None if it cannot read it."""
    try:
        return yaml.load(yaml_text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return None
