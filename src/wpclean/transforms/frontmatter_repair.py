"""`frontmatter.repair`: make the YAML that exporters wrote loadable, and undo their wrappings."""
from __future__ import annotations

import html
from typing import Any

from ..document import Document, FrontMatter
from ..errors import InputError
from ..findings import CODES
from ..parsing import php, yamlload, yamlrepair
from ..parsing.yamlload import Scalar
from .base import Context, Transform

#: keys whose values are prose, where HTML entities are decoded
TEXT_KEYS = frozenset({"title", "post_title", "original_title", "excerpt", "post_excerpt", "description", "summary"})
#: keys that hold one value even when a WordPress custom field wraps it in a list
SINGLE_VALUED_KEYS = frozenset(
    {"original_link", "canonical_url", "original_title", "source_url", "source_link", "original_date"}
)
#: keys whose values are lists by nature, never unwrapped
LIST_KEYS = frozenset({"categories", "tags", "aliases", "authors", "original_cats", "keywords"})


class RepairFrontMatter(Transform):
    """Repair broken front-matter YAML and unwrap exporter wrappings, keeping every value as text.

    Before:
        post_title: 'It's here: # 1'
        original_link:
          - >
            http://example.com/a
    After:
        post_title: 'It''s here: # 1'
        original_link: http://example.com/a
    """

    name = "frontmatter.repair"
    codes = "WPC100-WPC118"

    def apply(self, doc: Document, ctx: Context) -> Document:
        fm = doc.front_matter
        if fm.raw is None:
            return doc
        self._guard_title_comments(doc, fm)
        if fm.data is None:
            self._repair_yaml(doc, fm)
        if fm.data is not None:
            fm.data = self._unwrap(doc, fm, fm.data)
        return doc

    def _guard_title_comments(self, doc: Document, fm: FrontMatter) -> None:
        """Quote titles such as `title: Issue #5`, which YAML loads as `Issue` without a word."""
        fixed, repairs = yamlrepair.repair(fm.raw or "", only=("WPC105",), keys=TEXT_KEYS)
        if repairs:
            self._reload(doc, fm, fixed, repairs)

    def _repair_yaml(self, doc: Document, fm: FrontMatter) -> None:
        fixed, repairs = yamlrepair.repair(fm.raw or "")
        if repairs:
            self._reload(doc, fm, fixed, repairs)

    def _reload(self, doc: Document, fm: FrontMatter, text: str, repairs: list[yamlrepair.LineRepair]) -> None:
        try:
            data, notes = yamlload.load(text, fm.first_line)
        except InputError:
            return  # the original error stands and is reported
        by_code: dict[str, list[yamlrepair.LineRepair]] = {}
        for repair in repairs:
            by_code.setdefault(repair.code, []).append(repair)
            doc.change(self.name, fm.first_line + repair.line, repair.before, repair.after, _describe(repair.code))
        for code, same in by_code.items():
            first = same[0]
            detail = first.after.strip() if len(same) == 1 else f"{len(same)} lines, first: {first.after.strip()}"
            doc.find(code, f"{_describe(code)}: {detail}", line=fm.first_line + first.line, fixed=True)
        for note in notes:
            doc.find(note.code, note.message, line=note.line, fixed=True)
        fm.raw, fm.data, fm.error, fm.dirty = text, data, None, True

    def _unwrap(self, doc: Document, fm: FrontMatter, data: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_lines = _top_level_key_lines(fm.raw or "", fm.first_line)
        for key, value in data.items():
            line = key_lines.get(key, fm.first_line)
            try:
                new, reasons = unwrap_value(key, value)
            except php.PHPError as exc:
                doc.find("WPC110", f"{key}: PHP-serialized value dropped ({exc})", line=line, fixed=True)
                doc.change(self.name, line, f"{key}: {value}", "", "unreadable PHP-serialized value dropped")
                fm.dirty = True
                continue
            if reasons:
                doc.find(reasons[0][0], f"{key}: {'; '.join(r for _, r in reasons)}", line=line, fixed=True)
                why = "; ".join(reason for _, reason in reasons)
                doc.change(self.name, line, f"{key}: {value!r}", f"{key}: {new!r}", why)
                fm.dirty = True
            result[key] = new
        return result


def unwrap_value(key: str, value: Any) -> tuple[Any, list[tuple[str, str]]]:
    """Undo an exporter's wrappings of one value; returns the value and (code, reason) pairs."""
    reasons: list[tuple[str, str]] = []
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str) and key not in LIST_KEYS:
        item = value[0]
        if key in SINGLE_VALUED_KEYS or _is_block_scalar(item) or php.looks_serialized(item):
            value = item
            reasons.append(("WPC115", "single-item list unwrapped"))
    if _is_block_scalar(value):
        value = Scalar(value.strip(), "'")
        reasons.append(("WPC115", "folded scalar unwrapped"))
    if isinstance(value, str) and php.looks_serialized(value):
        value = php.unserialize(value)
        reasons.append(("WPC109", "PHP-serialized value unserialized"))
    if isinstance(value, str) and key in TEXT_KEYS:
        decoded = html.unescape(value)
        if decoded != value:
            value = Scalar(decoded, "'")
            reasons.append(("WPC116", "HTML entities decoded"))
    return value, reasons


def _top_level_key_lines(raw: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for index, text in enumerate(raw.split("\n")):
        key, colon, _ = text.partition(":")
        if colon and key and not key[0].isspace() and key[0] not in "#-":
            lines.setdefault(key.strip().strip("'\""), first_line + index)
    return lines


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, Scalar) and value.style in (">", "|")


def _describe(code: str) -> str:
    return CODES[code][1]
