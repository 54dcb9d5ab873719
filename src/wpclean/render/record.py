"""The JSON view of a Document: one versioned record per post (schema in `schema.py`)."""
from __future__ import annotations

import json
from typing import Any

from markdown_it import MarkdownIt

from ..document import Document
from ..transforms.frontmatter_normalize import KEY_ORDER

SCHEMA_VERSION = 1
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_NEWLINE_NAMES = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}


def plain(value: Any) -> Any:
    """Front-matter values as JSON values: str subclasses become str."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def record(doc: Document, source_path: str) -> dict[str, Any]:
    data = doc.front_matter.data or {}

    def get(key: str, default: Any = None) -> Any:
        return plain(data.get(key, default))

    return {
        "schema_version": SCHEMA_VERSION,
        "source_path": source_path,
        "id": get("wordpress_id"),
        "slug": get("slug"),
        "title": get("title"),
        "date": get("date"),
        "modified": get("modified"),
        "author": get("author"),
        "status": "draft" if data.get("draft") else "publish",
        "draft": bool(data.get("draft")),
        "categories": get("categories", []),
        "tags": get("tags", []),
        "excerpt": get("excerpt"),
        "image": get("image"),
        "canonical_url": get("canonical_url"),
        "source_url": get("source_url"),
        "aliases": get("aliases", []),
        "extra": {str(k): plain(v) for k, v in data.items() if k not in KEY_ORDER},
        "body_markdown": doc.body,
        "body_html": _MARKDOWN.render(doc.body),
        "figures": doc.figures,
        "links": doc.links,
        "findings": [f.as_dict() for f in doc.findings],
        "source": {
            "encoding": doc.source.encoding,
            "newline": _NEWLINE_NAMES.get(doc.source.newline, "lf"),
            "bom": doc.source.bom,
            "dialect": doc.dialect,
        },
    }


def dumps(rec: dict[str, Any], *, indent: int | None = 2) -> str:
    return json.dumps(rec, ensure_ascii=False, indent=indent)
