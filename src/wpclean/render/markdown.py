"""The Markdown view of a Document: front matter (kept or re-emitted) and body."""
from __future__ import annotations

from ..document import Document
from . import frontmatter as emit


def render(doc: Document) -> str:
    """The cleaned file's text, LF newlines; the original block is kept unless it had to change."""
    fm = doc.front_matter
    if not fm.dirty and fm.raw is not None:
        return fm.original + doc.body
    data = fm.data or {}
    body = doc.body
    if fm.raw is None and not data:  # none was read and there is nothing to say
        return body
    return "---\n" + (fm.emitted if fm.emitted is not None else emit.dump(data)) + "---\n" + body
