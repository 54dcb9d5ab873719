"""The safety net run before anything is written: no prose lost, output parses, output stable."""
from __future__ import annotations

from typing import Callable, Iterable

from . import visible
from .document import Change, Segment
from .errors import SafetyError
from .parsing import frontmatter
from .parsing.body import segment as segment_body
from .render import frontmatter as emit
from .visible import Seen

def body_seen(text: str) -> Seen:
    """What a reader sees in a Markdown body (wpclean's output): its segments, each read in its own way."""
    seen = Seen()
    for segment in segment_body(text, "markdown"):
        seen += segment_seen(segment)
    return seen


def segment_seen(segment: Segment) -> Seen:
    if segment.kind == "code":
        return visible.code_block_seen(segment.text)
    return visible.html_seen(segment.text) if segment.kind == "html" else visible.markdown_seen(segment.text, segment.refs)


def check_prose(
    input_segments: Iterable[Segment], output_body: str, changes: Iterable[Change], dropping: frozenset[str]
) -> None:
    """Every word, link, image and code line of the input is in the output, or a ledgered edit took it.

    The input is read as wpclean read it: its segments, HTML regions as HTML,
    Markdown as Markdown; the output as Markdown.  Only the `dropping`
    transforms may take words; any edit may name the links and images it took
    (`Change.lost`) and the code it made of text, which the output must keep (`Change.code`).
    """
    before = Seen()
    for segment in input_segments:
        before += segment_seen(segment)
    changes = list(changes)
    for change in changes:
        before.code.update(change.code)
    missing = before - body_seen(output_body)
    for change in changes:
        if not missing:
            return
        if change.transform in dropping:
            missing.words -= visible.removal_words(change.before) - visible.removal_words(change.after)
        missing.take(change.lost)
    if missing:
        raise SafetyError(_describe(missing))


def _describe(missing: Seen) -> str:
    """The first losses of each kind, in words a user can search the file for."""
    parts = []
    if missing.words:
        listed = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in missing.words.most_common(8))
        parts.append(f"{sum(missing.words.values())} visible words would be lost: {listed}")
    if missing.links:
        parts.append(f"{sum(missing.links.values())} links would be lost, the first with text {next(iter(missing.links))!r}")
    if missing.images:
        parts.append(f"{sum(missing.images.values())} images would be lost, the first {next(iter(missing.images))!r}")
    if missing.code:
        parts.append(f"{sum(missing.code.values())} code lines would change, the first {next(iter(missing.code))!r}")
    return "; ".join(parts)


def check_front_matter(text: str) -> None:
    """The written front matter must be YAML that any reader loads as a mapping."""
    split = frontmatter.split(text)
    if split.kind != "yaml":
        return
    data = emit.meaning(split.yaml_text or "")
    if split.yaml_text and split.yaml_text.strip() and not isinstance(data, dict):
        raise SafetyError("the front matter wpclean wrote does not load as a YAML mapping")


def check_stable(output: str, clean_again: Callable[[str], str]) -> None:
    """Cleaning the output again must change nothing (black's stability pass)."""
    second = clean_again(output)
    if second != output:
        line = next(
            (i for i, (a, b) in enumerate(zip(output.split("\n"), second.split("\n")), 1) if a != b),
            min(output.count("\n"), second.count("\n")) + 1,
        )
        raise SafetyError(f"output is not stable: cleaning it again changes line {line}")
