"""Starting from the WordPress export itself (Tools → Export, a WXR `.xml` file).

`stage` reads the export (`reader`) and writes each post, page or chosen custom post type as the
Markdown file an exporter would have written (`staging`) into a folder of its own; those files
are then cleaned like any export, so the XML route has every guarantee the Markdown route has.
Findings name a post as `export.xml/<its file>`: where it is in the export, by its slug.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from slugify import slugify

from ..findings import Finding
from ..io.paths import Job
from ..io.writing import write_atomic
from . import staging
from .reader import Item, Site, WxrError, read_items, read_site

__all__ = ["DEFAULT_TYPES", "Staged", "WxrError", "stage"]
DEFAULT_TYPES = staging.DEFAULT_TYPES


class Staged:
    """What one export gave: a job per written item, and a count of what was left out, by why."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.left_out: Counter[str] = Counter()


def stage(xml: Path, folder: Path, post_types: tuple[str, ...] = DEFAULT_TYPES, comments: bool = False) -> Staged:
    """Write the export's items into `folder` as Markdown files, one job each.

    Two streamed passes: the first learns what items refer to (attachments, pages, authors),
    the second writes the items.  Raises WxrError for a file that is no readable export.
    """
    site = read_site(xml)
    staged = Staged()
    taken: set[str] = set()
    for item in read_items(xml):
        why = staging.wanted(item, post_types)
        if why is not None:
            staged.left_out[why] += 1
            continue
        rel = _unique(_rel(item, site), item, taken)
        display = f"{xml}/{rel}"
        try:
            text = staging.document(item, site, comments)
        except Exception as exc:  # noqa: BLE001 - one damaged item is that item's failure, never the run's
            refusal = Finding.make(display, item.line, 1, "WPC914", f"item {item.post_id or '?'} of {xml} (line {item.line}) could not be read: {exc}")
            staged.jobs.append(Job(str(folder / rel), display, rel, refusal))
            continue
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        staged.jobs.append(Job(str(path), display, rel, notes=_notes(item, display)))
    return staged


def _rel(item: Item, site: Site) -> str:
    """Where the item is staged: a post at the top, a page below its parent pages, a custom type
    in a folder of its name; named by its slug, or its id when it has none (a draft)."""
    name = item.slug or item.post_id or "untitled"
    if item.post_type == "page":  # folders named as the slugs of the parents are written
        return "/".join([*(slugify(p) or p for p in site.page_path(item.get("post_parent"))), name]) + ".md"
    if item.post_type != "post":
        return f"{item.post_type}/{name}.md"
    return f"{name}.md"


def _unique(rel: str, item: Item, taken: set[str]) -> str:
    if rel.casefold() in taken:
        rel = f"{rel[:-3]}-{item.post_id}.md"
    taken.add(rel.casefold())
    return rel


def _notes(item: Item, display: str) -> tuple[Finding, ...]:
    if item.get("post_password"):
        return (Finding.make(display, 1, 1, "WPC915", "password-protected in WordPress; written as a draft"),)
    if item.get("status") == "private":
        return (Finding.make(display, 1, 1, "WPC915", "private in WordPress; written as a draft"),)
    return ()
