"""The JSON Schema of a post record; `wpclean schema` prints it and the tests validate against it."""
from __future__ import annotations

from typing import Any

from .record import SCHEMA_VERSION

_STR_OR_NULL = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://wpclean.dev/schema/post-v{SCHEMA_VERSION}.json",
    "title": "wpclean post record",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "schema_version", "source_path", "id", "slug", "title", "date", "modified", "author", "status",
        "draft", "categories", "tags", "excerpt", "image", "canonical_url", "source_url", "aliases",
        "extra", "body_markdown", "body_html", "figures", "links", "findings", "source",
    ],  # fmt: skip
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "source_path": {"type": "string", "description": "the input file, relative to its SRC argument"},
        "id": {"type": ["integer", "null"], "description": "WordPress post ID"},
        "slug": {"type": "string", "minLength": 1, "pattern": "^[^/\\\\]+$"},
        "title": _STR_OR_NULL,
        "date": {**_STR_OR_NULL, "description": "ISO 8601; the offset is kept when the export had one"},
        "modified": _STR_OR_NULL,
        "author": {"type": ["string", "object", "null"]},
        "status": {"enum": ["publish", "draft"]},
        "draft": {"type": "boolean"},
        "categories": _STRINGS,
        "tags": _STRINGS,
        "excerpt": _STR_OR_NULL,
        "image": _STR_OR_NULL,
        "canonical_url": _STR_OR_NULL,
        "source_url": _STR_OR_NULL,
        "aliases": _STRINGS,
        "extra": {"type": "object", "description": "other front-matter keys, as written"},
        "body_markdown": {"type": "string"},
        "body_html": {"type": "string", "description": "body_markdown rendered as CommonMark + GFM tables"},
        "figures": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "src": _STR_OR_NULL,
                    "alt": _STR_OR_NULL,
                    "caption": _STR_OR_NULL,
                    "credit": _STR_OR_NULL,
                    "link": _STR_OR_NULL,
                    "width": {"type": ["integer", "null"]},
                    "height": {"type": ["integer", "null"]},
                },
            },
        },
        "links": {"type": "array", "items": {"type": "object"}},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["line", "col", "code", "severity", "message", "fixed"],
                "properties": {
                    "line": {"type": "integer", "minimum": 1},
                    "col": {"type": "integer", "minimum": 1},
                    "code": {"type": "string", "pattern": "^WPC[0-9]{3}$"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "message": {"type": "string"},
                    "fixed": {"type": "boolean"},
                },
            },
        },
        "source": {
            "type": "object",
            "required": ["encoding", "newline", "bom", "dialect"],
            "properties": {
                "encoding": {"type": "string"},
                "newline": {"enum": ["lf", "crlf", "cr"]},
                "bom": {"type": "boolean"},
                "dialect": {"enum": ["html", "markdown"]},
            },
        },
    },
}
