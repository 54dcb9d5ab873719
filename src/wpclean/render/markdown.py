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
    # A file with no front matter (a README, a hand-written page) never gains any; and with
    # nothing to say, a Pelican header aside, neither does any other.
    if fm.absent or (fm.raw is None and not data):
        return body
    return "---\n" + (fm.emitted if fm.emitted is not None else emit.dump(data)) + "---\n" + body
