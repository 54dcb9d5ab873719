"""The safety net run before anything is written: no prose lost, output parses, output stable."""
from __future__ import annotations

import html
import re
from collections import Counter
from typing import Callable, Iterable

from .document import Change
from .errors import SafetyError
from .parsing import frontmatter
from .parsing.body import segment as segment_body
from .parsing.regions import code_spans, paired
from .render import frontmatter as emit

# Words are read from text, not from a rendered tree: both sides lose their markup
# the same way (tags and Markdown punctuation are not word characters), link
# targets and attributes are dropped, alt text is kept.  This keeps the check
# linear and cheap enough to run on every file.
_WORD_RE = re.compile(r"\w+")
_HIDDEN_OPEN_RE = re.compile(r"<(script|style|noscript|template)\b[^>]*>|<!--", re.I)
_HIDDEN_CLOSE_RES = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "template")}
_HIDDEN_CLOSE_RES[None] = re.compile("-->")
_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|<[!?][A-Za-z][^<>]*>?")  # tags, DOCTYPEs, PIs
_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
_MD_DESTINATION_RE = re.compile(r"\]\(\s*(?:<[^<>\n]*>|[^()\[\]\s]*)(?:\s+\"[^\"\n]*\")?\s*\)")
_FENCE_RE = re.compile(r" {0,3}(?:`{3,}|~{3,})")
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _words(text: str) -> Counter:
    return Counter(_WORD_RE.findall(html.unescape(text).lower()))


def _drop_invisible(text: str) -> str:
    """Drop comments and script/style bodies (an unclosed one runs to the end)."""
    out, pos = [], 0
    close = lambda m: _HIDDEN_CLOSE_RES[m.group(1).lower() if m.group(1) else None]  # noqa: E731
    for match, end in paired(text, _HIDDEN_OPEN_RE, close):
        out.append(text[pos : match.start()])
        pos = end if end != -1 else len(text)
        if end == -1:
            break
    out.append(text[pos:])
    return "".join(out)


def html_words(text: str) -> Counter:
    """The words a reader sees in HTML: its text and its images' alt text."""
    text = _drop_invisible(text)
    alts = " ".join(next(g for g in m.groups() if g is not None) for tag in _IMG_RE.findall(text) for m in _ALT_RE.finditer(tag))
    return _words(_TAG_RE.sub(" ", text) + " " + alts)


def _literal_words(text: str) -> Counter:
    return Counter(_WORD_RE.findall(text.lower()))


def _code_block_words(text: str) -> Counter:
    lines = text.rstrip("\n").split("\n")
    if lines and _FENCE_RE.match(lines[0]):  # the info string (language) is not shown
        lines = lines[1:-1] if len(lines) > 1 and _FENCE_RE.match(lines[-1]) else lines[1:]
    return _literal_words("\n".join(lines))


def _inline_markdown_words(text: str) -> Counter:
    text = _MD_DESTINATION_RE.sub("] ", text).replace("\\&", "&amp;")
    return html_words(_MD_ESCAPE_RE.sub(r"\1", text))


def markdown_words(text: str) -> Counter:
    """The words a reader sees in Markdown: code literally, link targets dropped, escapes undone."""
    words: Counter = Counter()
    for segment in segment_body(text, "markdown"):
        words += _segment_words(segment.kind, segment.text)
    return words


def _markdown_text_words(text: str) -> Counter:
    """Markdown prose: code spans literally, the rest with targets dropped and escapes undone."""
    words: Counter = Counter()
    pos = 0
    for start, end in code_spans(text):
        words += _inline_markdown_words(text[pos:start])
        words += _literal_words(text[start:end])
        pos = end
    return words + _inline_markdown_words(text[pos:])


def _segment_words(kind: str, text: str) -> Counter:
    if kind == "code":
        return _code_block_words(text)
    return html_words(text) if kind == "html" else _markdown_text_words(text)


def check_prose(input_segments: Iterable[tuple[str, str]], output_body: str, removals: Iterable[Change]) -> None:
    """Every visible word of the input is in the output, or was taken by a ledgered removal.

    The input is read as wpclean read it: its segments, HTML regions as HTML, Markdown as Markdown.
    """
    before: Counter = Counter()
    for kind, text in input_segments:
        before += _segment_words(kind, text)
    after = markdown_words(output_body)
    missing = before - after
    if not missing:
        return
    for change in removals:
        missing -= html_words(change.before) - html_words(change.after)
        if not missing:
            return
    words = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in missing.most_common(8))
    raise SafetyError(f"{sum(missing.values())} visible words would be lost: {words}")


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
