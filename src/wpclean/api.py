"""The library entry points: clean one text, bytes or path, without the CLI."""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline, registry, safety
from .checks import check_findings, fails
from .config import Config
from .document import Document, Segment, Source
from .errors import InputError, SafetyError
from .findings import Finding
from .io import paths, reading
from .links.siteindex import Entry, Placement, SiteIndex, old_urls
from .transforms.base import Context
from .transforms.frontmatter_normalize import NormalizeFrontMatter
from .transforms.frontmatter_repair import RepairFrontMatter
from .render import markdown


@dataclass
class Result:
    """What cleaning one file gave: the cleaned text and document, or the one error that stopped it."""

    path: str
    source: Source | None = None
    document: Document | None = None
    text: str | None = None  # the cleaned file, LF newlines
    error: Finding | None = None
    notes: list[Finding] = field(default_factory=list)
    #: sha256 of the bytes as read, so an in-place write can tell the file changed meanwhile
    read_digest: str = ""
    #: the traceback of an internal error (WPC990), shown with --verbose
    detail: str = ""

    #: the source's BOM is not written back (a site target: Jekyll's docs warn it breaks front matter)
    bom_dropped: bool = False

    @property
    def changed(self) -> bool:
        return self.source is not None and self.text is not None and (self.text != self.source.text or self.bom_dropped)

    @property
    def findings(self) -> list[Finding]:
        return self.notes + (self.document.findings if self.document else [])

    def encoded(self) -> bytes:
        """The cleaned file as bytes, in the source's newline style and BOM."""
        assert self.source is not None and self.text is not None
        return reading.encode(self.text, self.source, bom=self.source.bom and not self.bom_dropped)


def _clean_source(source: Source, config: Config, site: SiteIndex | None = None, placement: Placement | None = None) -> tuple[Document, str]:
    transforms = registry.resolve(config.select, config.ignore)
    doc = pipeline.run(source, config, transforms, Context(config, site, placement))
    return doc, markdown.render(doc)


#: transforms whose ledgered removals may take words (the safety net exempts them)
DROPPING = frozenset(t.name for t in registry.TRANSFORMS if t.drops_text)


def clean_source(
    source: Source, config: Config | None = None, site: SiteIndex | None = None, placement: Placement | None = None
) -> Result:
    """Clean a decoded Source; bad input and tripped safety checks become `Result.error`.

    With a `site` index, links to the old site become links to the placed post's neighbours.
    """
    config = config or Config()
    result = Result(source.path, source=source)
    try:
        doc, text = _clean_source(source, config, site, placement)
        if doc.front_matter.absent and text != source.text and not any(fails(f) for f in check_findings(doc)):
            text = source.text  # a README or a hand-written page with no WordPress debris is left alone
        if text != source.text:
            safety.check_front_matter(text)
            if doc.body != doc.original_body:
                safety.check_prose(doc.original_segments, doc.body, doc.changes, DROPPING)
            if not config.fast:  # the output is Markdown whatever the input was: it is read back as Markdown
                again = config.replace(dialect="markdown")
                safety.check_stable(text, lambda out: _clean_source(_resource(source, out), again, site, placement)[1])
    except InputError as exc:
        result.error = Finding.make(source.path, exc.line, exc.col, exc.code, exc.message)
        return result
    except SafetyError as exc:
        result.error = Finding.make(source.path, 1, 1, "WPC991", f"safety check failed, not written: {exc}")
        return result
    except Exception as exc:  # noqa: BLE001 - a wpclean bug is that file's one line, in the library as in a run
        result.error = Finding.make(source.path, 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}")
        result.detail = traceback.format_exc()
        return result
    result.document, result.text = doc, text
    result.bom_dropped = source.bom and config.target != "generic"
    return result


def _resource(source: Source, text: str) -> Source:
    return Source(path=source.path, text=text, newline=source.newline, bom=source.bom, encoding=source.encoding)


def clean_bytes(
    data: bytes, path: str, config: Config | None = None, site: SiteIndex | None = None, placement: Placement | None = None
) -> Result:
    config = config or Config()
    try:
        reading.check_size(len(data), config.limits.max_file_mb * 2**20)
        source, used_fallback = reading.decode(data, path, fallback=config.encoding_fallback)
    except InputError as exc:
        return Result(path, error=Finding.make(path, exc.line, exc.col, exc.code, exc.message))
    result = clean_source(source, config, site, placement)
    if used_fallback:
        result.notes.append(Finding.make(path, 1, 1, "WPC904", f"decoded as {source.encoding}, written as UTF-8"))
    return result


def clean_text(text: str, config: Config | None = None, path: str = "<text>") -> Result:
    """Clean one document given as text (LF or CRLF newlines)."""
    return clean_bytes(text.encode("utf-8", "surrogatepass"), path, config)


def clean_path(
    path: str | Path,
    config: Config | None = None,
    display: str | None = None,
    site: SiteIndex | None = None,
    placement: Placement | None = None,
) -> Result:
    """Clean one file; `display` is the path findings name (default: `path` as given)."""
    name = display or str(path)
    config = config or Config()
    try:
        data = reading.read_regular(path, config.limits.max_file_mb * 2**20)
    except InputError as exc:
        return Result(name, error=Finding.make(name, exc.line, exc.col, exc.code, exc.message))
    result = clean_bytes(data, name, config, site, placement)
    result.read_digest = hashlib.sha256(data).hexdigest()
    return result


def index_entry(path: str | Path, config: Config, display: str, source_rel: str, data: bytes | None = None) -> Entry | Finding:
    """What the site index needs of one file: its template fields, title and old URLs (front matter only);
    `data`: its bytes, if already read."""
    try:
        if data is None:
            data = reading.read_regular(path, config.limits.max_file_mb * 2**20)
        source, _ = reading.decode(data, display, fallback=config.encoding_fallback)
        doc = pipeline.parse(source, config, body_segments=False)
        ctx = Context(config)
        doc = RepairFrontMatter().apply(doc, ctx)
        if doc.front_matter.data is None:
            raise doc.front_matter.error or InputError("WPC100", "front matter could not be loaded")
        raw = dict(doc.front_matter.data)
        doc = NormalizeFrontMatter().apply(doc, ctx)
    except InputError as exc:
        return Finding.make(display, exc.line, exc.col, exc.code, exc.message)
    front = doc.front_matter.data or {}
    title = front.get("title")
    return Entry(display, paths.template_fields(front, source_rel), str(title) if title else None, old_urls(raw, front))


def prose_segments(path: str | Path, data: bytes | None = None) -> list[Segment]:
    """A file's body outside code, as wpclean reads it (`data`: its bytes, if already read); for inventories."""
    source, _ = reading.decode(reading.read_regular(path) if data is None else data, str(path))
    doc = pipeline.parse(source, Config())
    return [segment for segment in doc.segments if segment.editable]
