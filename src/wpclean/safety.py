"""The safety net run before anything is written: no prose lost, output parses, output stable."""
from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable

from markdown_it import MarkdownIt

from .document import Change
from .errors import SafetyError
from .parsing import frontmatter
from .parsing.body import segment as segment_body
from .parsing.html import parse_fragment
from .render import frontmatter as emit
from .render.mdwriter import BLOCK

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# markdown-it refuses file:, javascript: and data: links for safety when it renders a
# page; here it only reads structure, and a refused link would look like lost words.
_MARKDOWN.validateLink = lambda url: True
_WORD_RE = re.compile(r"\w+")
_INVISIBLE = ("script", "style", "noscript", "template")


def html_words(html: str) -> Counter:
    """The words a reader sees in HTML: its text and its images' alt text."""
    if not html.strip():
        return Counter()
    root = parse_fragment(html)
    for el in list(root.iter(*_INVISIBLE)):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and (el.tag in BLOCK or el.tag == "br"):
            # blocks end words: `<h3>Photo</h3><p>Matt` is two words, not `PhotoMatt`
            el.text, el.tail = " " + (el.text or ""), " " + (el.tail or "")
    text = " ".join([root.text_content(), *(img.get("alt", "") for img in root.iter("img"))])
    return Counter(word.lower() for word in _WORD_RE.findall(text))


def markdown_words(markdown: str) -> Counter:
    return html_words(_MARKDOWN.render(markdown))


def input_words(body: str, dialect: str) -> Counter:
    """The visible words of a body as wpclean reads it: HTML regions as HTML, Markdown as Markdown."""
    words: Counter = Counter()
    for segment in segment_body(body, dialect):
        words += html_words(segment.text) if segment.kind == "html" else markdown_words(segment.text)
    return words


def check_prose(input_body: str, dialect: str, output_body: str, removals: Iterable[Change]) -> None:
    """Every visible word of the input is in the output, or was taken by a ledgered removal."""
    before = input_words(input_body, dialect)
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
