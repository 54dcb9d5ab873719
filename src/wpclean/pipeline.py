"""Source to cleaned Document: parse, run the transforms in order, surface unrepaired input."""
from __future__ import annotations

import re

from .config import Config
from .document import Document, FrontMatter, Segment, Source
from .errors import InputError
from .parsing import body, frontmatter, yamlload
from .parsing.yamlload import Scalar
from .transforms.base import Context, Transform


_RAW_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)


def parse(source: Source, config: Config, *, body_segments: bool = True) -> Document:
    """Cut a Source into front matter and body and load the YAML strictly.

    YAML that does not load is not an error yet: `frontmatter.repair` may fix
    it.  Only if it is still unloaded after the transforms is the file refused.
    """
    split = frontmatter.split(source.text)
    fm = FrontMatter(first_line=split.first_line)
    doc = Document(source=source, front_matter=fm, body=split.body, body_line=split.body_line, original_body=split.body)
    if split.kind == "yaml":
        limit = config.limits.max_front_matter_kb * 1024
        if len(split.yaml_text or "") > limit:  # 3 MB of YAML took 12 s to load in 0.4
            raise InputError(
                "WPC909", f"front matter is {len(split.yaml_text or '') / 1024:.0f} KB, over the {limit / 1024:g} KB limit "
                "(limits.max_front_matter_kb); skipped", line=split.first_line,
            )  # fmt: skip
        fm.raw, fm.opening, fm.closing = split.yaml_text, split.opening, split.closing
        if split.missing_opening:
            fm.dirty = True
            doc.find("WPC118", "missing opening '---' added before the front matter", line=split.first_line, fixed=True)
        if split.repaired_fence:
            fm.dirty = True
            doc.find("WPC102", "missing closing '---' added after the front matter", line=split.body_line, fixed=True)
        try:
            fm.data, notes = yamlload.load(fm.raw or "", fm.first_line)
        except InputError as exc:
            fm.error = exc
        else:
            for note in notes:
                doc.find(note.code, note.message, line=note.line, fixed=True)
            fm.dirty = fm.dirty or bool(notes)
    elif split.kind == "pelican":
        fm.data = {key: Scalar(value, "'") for key, value in split.pelican.items()}
        fm.dirty = True
        doc.find("WPC103", "Pelican-style header converted to YAML front matter", line=split.first_line, fixed=True)
    else:
        fm.data, fm.absent = {}, True
    if body_segments:  # the site index reads front matter only
        keys = fm.data.keys() if fm.data is not None else _RAW_KEY_RE.findall(fm.raw or "")
        reading = body.read(doc.body, keys, config.dialect, doc.body_line)
        doc.dialect, doc.segments, doc.body = reading.dialect, reading.segments, reading.body
        # WordPress shows a newline in post content as a line break; in a plain HTML fragment
        # (no front matter, say on stdin) newlines and blank lines are whitespace, as in a browser.
        if doc.dialect == "html":
            doc.autop = "breaks" if split.kind != "none" else "none"
        for number in reading.unglued:
            line = doc.body_line + number - 1
            doc.find("WPC505", "code fence glued to a line of prose set on a line of its own", line=line, fixed=True)
            doc.change("parse", line, "```", "\n```\n", "code fence glued to prose")
        doc.original_segments = [Segment(s.kind, s.text, s.line, refs=s.refs) for s in doc.segments]
    return doc


def run(source: Source, config: Config, transforms: tuple[Transform, ...], ctx: Context | None = None) -> Document:
    doc = parse(source, config)
    ctx = ctx or Context(config)
    for transform in transforms:
        doc = transform.apply(doc, ctx)
    if doc.front_matter.data is None:
        raise doc.front_matter.error or InputError("WPC100", "front matter could not be loaded")
    doc.body = body.assemble(doc.segments, doc.body)
    return doc
