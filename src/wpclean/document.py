"""The Document that flows through the pipeline, with its Source, ledger and findings."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .findings import Finding


@dataclass(frozen=True)
class Source:
    """A decoded input file and what must be restored when it is written back.

    `text` always has LF newlines; `newline` and `bom` record the original form.
    """

    path: str
    text: str
    newline: str = "\n"
    bom: bool = False
    encoding: str = "utf-8"

    @property
    def from_a_file(self) -> bool:
        """False for a document given as text (`<stdin>`, `<text>`): it has no file name to take a slug from."""
        return not self.path.startswith("<")


@dataclass(frozen=True)
class Change:
    """One edit made by a transform; the diff report and `--explain` read these."""

    transform: str
    line: int
    before: str
    after: str
    reason: str
    #: links, images or code the edit removed on purpose (`link:…`, `image:…`), exempt from the safety net
    lost: tuple[str, ...] = ()
    #: code lines the edit made of input text (a `[sourcecode]` body): the output must keep them as they are
    code: tuple[str, ...] = ()


@dataclass
class FrontMatter:
    """The front-matter block: its original text and, once loaded, its data.

    `opening + raw + closing` is the block exactly as the source wrote it, so
    a block no transform made `dirty` is written back byte for byte.  `data`
    holds Scalars, lists and dicts (strings only, as loaded); it is None while
    the YAML has not loaded, and `error` then says why.
    """

    raw: str | None = None
    opening: str = ""
    closing: str = ""
    data: dict[str, Any] | None = None
    error: InputError | None = None
    dirty: bool = False
    #: `data` as YAML text, once frontmatter.normalize has written it (the last edit to `data`)
    emitted: str | None = None
    #: 1-based line of the source where the YAML text starts
    first_line: int = 2
    #: the source had no front matter at all (a README, a hand-written page): it gains none unless
    #: its body had something to clean
    absent: bool = False

    @property
    def original(self) -> str:
        return self.opening + (self.raw or "") + self.closing


@dataclass
class Segment:
    """A run of body lines that is handled as one unit.

    `code` segments (fenced or indented code) are never edited.  `html`
    segments are WordPress HTML; `markdown` segments are Markdown text that
    may carry inline HTML and entities.  Text-level transforms (shortcodes,
    ad markers) edit `text`; the first tree-level transform parses it once
    into `tree`, after which `text` is history; `html.to_markdown` sets
    `output`.  A segment no transform touched is written back as it was.
    """

    kind: str
    text: str
    line: int
    tree: Any = None
    output: str | None = None
    touched: bool = False
    #: Markdown held out of the HTML parse, restored after it (see parsing.regions)
    placeholders: list[str] = field(default_factory=list)
    #: the body's Markdown reference definitions, (label, href, title)
    refs: tuple[tuple[str, str, str], ...] = ()

    @property
    def editable(self) -> bool:
        return self.kind != "code"


class LineCounter:
    """Line numbers of increasing offsets in a text, in one pass overall (not one scan per lookup)."""

    def __init__(self, text: str, first_line: int):
        self.text, self.line, self.pos = text, first_line, 0

    def at(self, offset: int) -> int:
        if offset < self.pos:  # out of order: count afresh
            self.line -= self.text.count("\n", offset, self.pos)
        else:
            self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


@dataclass
class Document:
    """A post being cleaned: front matter, body and the record of what was done."""

    source: Source
    front_matter: FrontMatter
    body: str
    #: 1-based line of the source where the body starts, for finding positions
    body_line: int = 1
    dialect: str = "markdown"
    #: WordPress's paragraph rules for HTML in this body (see parsing.regions.tree_of)
    autop: str = "paragraphs"
    segments: list[Segment] = field(default_factory=list)
    #: the body as read, kept for finding positions
    original_body: str = ""
    #: each segment as read, for the no-prose-lost check
    original_segments: list[Segment] = field(default_factory=list)
    _cursor: int = field(default=0, repr=False)
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    #: (url, original, path below OUT) of each media file the post now refers to locally (`--media`)
    media: list[tuple[str, str, str]] = field(default_factory=list)

    def locate(self, needle: str, fallback: int) -> tuple[int, int]:
        """Line and column of `needle` in the source body, searching on from the last hit.

        Transforms meet things in source order, so the cursor keeps this linear;
        text that is not in the source (it was rewritten) gets `fallback`.
        """
        body = self.original_body
        at = body.find(needle, self._cursor)
        if at == -1:
            at = body.find(needle)
        if at == -1 or not needle:
            return fallback, 1
        self._cursor = at + len(needle)
        start = body.rfind("\n", 0, at) + 1
        return self.body_line + body.count("\n", 0, at), at - start + 1

    def rewind(self) -> None:
        """Start `locate` from the top again (for a new walk through the document)."""
        self._cursor = 0

    def change(
        self, transform: str, line: int, before: str, after: str, reason: str, lost: tuple[str, ...] = (), code: tuple[str, ...] = ()
    ) -> None:
        self.changes.append(Change(transform, line, before, after, reason, lost, code))

    def find(self, code: str, message: str, *, line: int = 1, col: int = 1, fixed: bool = False) -> None:
        self.findings.append(Finding.make(self.source.path, line, col, code, message, fixed=fixed))
