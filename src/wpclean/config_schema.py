"""`wpclean schema --config`: the JSON Schema of `wpclean.yaml`, made from the config dataclasses
themselves, so an editor's completion and checks can never drift from what `config.load_file` takes."""
from __future__ import annotations

import dataclasses
from typing import Any

from .config import DIALECTS, MEDIA_MODES, TARGETS, Config

#: keys whose values are one of a few words
_CHOICES: dict[str, tuple[str, ...]] = {
    "target": TARGETS,
    "dialect": DIALECTS,
    "ads.pullquotes": ("remove", "keep"),
    "media.mode": MEDIA_MODES,
}
_LEVELS = ("error", "warning", "info", "ignore")


def config_schema() -> dict[str, Any]:
    schema = _object(Config, "")
    schema.update({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wpclean.invalid/schema/wpclean.yaml.json",
        "title": "wpclean.yaml",
        "description": "wpclean's configuration (also the [tool.wpclean] table of pyproject.toml).",
    })  # fmt: skip
    return schema


def _object(cls: type, prefix: str) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        name = prefix + f.name
        factory = f.default_factory
        if factory is not dataclasses.MISSING and dataclasses.is_dataclass(factory):
            properties[f.name] = _object(factory, name + ".")
        elif factory is not dataclasses.MISSING:  # check.severity: code or prefix -> level
            properties[f.name] = {"type": "object", "additionalProperties": {"enum": list(_LEVELS)}}
        else:
            properties[f.name] = _value(name, f.default)
        if "_" in f.name:  # the loader takes `extend-exclude` for `extend_exclude`
            properties[f.name.replace("_", "-")] = properties[f.name]
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _value(name: str, default: Any) -> dict[str, Any]:
    if name in _CHOICES:
        return {"enum": list(_CHOICES[name]), "default": default}
    if isinstance(default, bool):
        return {"type": "boolean", "default": default}
    if isinstance(default, (int, float)):
        return {"type": "number", "exclusiveMinimum": 0, "default": default}
    if isinstance(default, tuple):  # a list of strings; one string means a list of one
        return {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}], "default": list(default)}
    if isinstance(default, str):
        return {"type": "string", "default": default}
    if name == "select":  # unset: every transform
        return {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}], "default": None}
    # unset: path_template, timezone, encoding_fallback, site.new_base, site.media_base
    return {"type": ["string", "null"], "default": None}
