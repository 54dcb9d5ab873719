"""What a reader sees in a body: its words, link texts, images and code lines, read alike from HTML and Markdown.

The no-prose-lost check compares these between input and output.  Words are
read as a browser shows them: a tag inside a word does not split it
(`<span>F</span>ix` is "fix"), a block or cell boundary does.  Links are
known by their visible text (a target may be canonicalized), images by their
file name (a thumbnail may become its original), code by its lines.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from lxml.html import HtmlElement

from .links.urls import split_url
from .parsing.body import BLOCK_TAGS
from .parsing.html import parse_fragment
from .parsing.markdown import References, code_blocks, read_inline
from .parsing.regions import paired, protect_markdown, restore_markdown
from .render.mdwriter import text_with_breaks

_WORD_RE = re.compile(r"[^\W_]+(?:_+[^\W_]+)*")
_HIDDEN_OPEN_RE = re.compile(r"<(script|style|noscript|template)\b[^>]*>|<!--", re.I)
_HIDDEN_CLOSE_RES: dict[str | None, re.Pattern[str]] = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "template")}
_HIDDEN_CLOSE_RES[None] = re.compile("-->")
# As the HTML tokenizer reads them: `<` (or `</`), a letter, anything up to `>` is a tag (`</a/b>` too).
_TAG_RE = re.compile(r"</?([A-Za-z][\w:-]*)[^<>]*>|<[!?][A-Za-z][^<>]*>?")
_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
_STRUCTURE_RE = re.compile(r"<(?:a|img|pre|code|kbd|samp|tt)\b", re.I)
_URL_TEXT_RE = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*\s*", re.I)
_SIZED_RE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w{2,5}$)")
_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: tags that separate the words around them, as a browser lays them out
_SEPARATING = BLOCK_TAGS | {"br", "hr", "img", "li", "td", "th", "tr", "dt", "dd", "figcaption", "caption"}
_INLINE_CODE = ("code", "kbd", "samp", "tt")
_FENCE_LINE_RE = re.compile(r"(`{3,}|~{3,})")
_HUGO_FIGURE_RE = re.compile(r"\{\{<\s*figure\s+((?:[^>]|>(?!\}\}))*?)\s*>\}\}")
_HUGO_PARAM_RE = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


@dataclass
class Seen:
    """Multisets of what a reader sees; `a - b` is what `a` shows that `b` does not."""

    words: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    images: Counter[str] = field(default_factory=Counter)
    code: Counter[str] = field(default_factory=Counter)

    def __iadd__(self, other: "Seen") -> "Seen":
        for name in ("words", "links", "images", "code"):
            getattr(self, name).update(getattr(other, name))
        return self

    def __sub__(self, other: "Seen") -> "Seen":
        return Seen(self.words - other.words, self.links - other.links, self.images - other.images, self.code - other.code)

    def take(self, keys: tuple[str, ...]) -> None:
        """Take structural keys (`link:…`, `image:…`, `code:…`) a ledgered removal declared."""
        for key in keys:
            kind, _, value = key.partition(":")
            counter = {"link": self.links, "image": self.images, "code": self.code}[kind]
            if counter[value] > 0:
                counter[value] -= 1
                if not counter[value]:
                    del counter[value]

    def __bool__(self) -> bool:
        return bool(self.words or self.links or self.images or self.code)


def words(text: str) -> Counter[str]:
    return Counter(_WORD_RE.findall(text.lower()))


def link_key(text: str) -> str:
    """A link known by its visible words; a link that shows a URL by that fact alone (it may be canonicalized)."""
    if _URL_TEXT_RE.fullmatch(text):
        return "<url>"
    return " ".join(w.lower() for w in _WORD_RE.findall(text))


def image_key(src: str) -> str:
    """An image known by its file name: what survives canonical URLs, tracking removal and thumbnails."""
    parts = split_url(src.strip())
    name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return _SIZED_RE.sub("", name).lower() or (parts.netloc or src.strip()).lower()


# -- HTML ------------------------------------------------------------------


def html_words(text: str) -> Counter[str]:
    """The words a reader sees in HTML: its text, joined across inline tags, and its images' alt text."""
    text = _drop_invisible(text)
    alts = " ".join(next(g for g in m.groups() if g is not None) for tag in _IMG_RE.findall(text) for m in _ALT_RE.finditer(tag))
    visible = _TAG_RE.sub(lambda m: " " if (m.group(1) or "!").lower() in _SEPARATING or not m.group(1) else "", text)
    return words(html.unescape(visible + " " + alts))


def _drop_invisible(text: str) -> str:
    """Comments and script/style bodies, each closer searched once (an unclosed one runs to the end)."""
    if "<" not in text:
        return text
    out, pos = [], 0
    close = lambda m: _HIDDEN_CLOSE_RES[m.group(1).lower() if m.group(1) else None]  # noqa: E731
    for match, end in paired(text, _HIDDEN_OPEN_RE, close):
        out.append(text[pos : match.start()])
        out.append(" ")
        pos = end if end != -1 else len(text)
        if end == -1:
            break
    out.append(text[pos:])
    return "".join(out)


def html_seen(text: str) -> Seen:
    seen = Seen(html_words(text))
    if _STRUCTURE_RE.search(text):
        seen += element_structure(parse_fragment(text))
    return seen


def element_structure(root: HtmlElement, shown: Callable[[str], str] = lambda text: text) -> Seen:
    """The links with visible text, images and code lines of a parsed HTML element.

    `shown` turns an element's text into what is shown (placeholders restored).
    """
    seen = Seen()
    for el in root.iter("a", "img", "pre", *_INLINE_CODE):
        if el.tag == "a":
            href = (el.get("href") or "").strip()
            text = shown(" ".join([el.text_content(), *(img.get("alt") or "" for img in el.iter("img"))]))
            key = link_key(text)
            if href and not href.lower().startswith("javascript:") and key:
                seen.links[key] += 1
        elif el.tag == "img":
            if (el.get("src") or el.get("data-src") or "").strip():
                seen.images[image_key(el.get("src") or el.get("data-src"))] += 1
        elif el.tag == "pre":
            seen.code.update(code_lines(shown("".join(text_with_breaks(el, "\n")))))
        elif not any(parent.tag == "pre" for parent in el.iterancestors()):
            inline = " ".join(shown("".join(text_with_breaks(el, " "))).split())
            if inline:
                seen.code[inline] += 1
    return seen


def structure_keys(el: HtmlElement) -> tuple[str, ...]:
    """What an element about to be removed takes with it, as `Change.lost` keys."""
    seen = element_structure(el)
    return tuple(
        f"{kind}:{key}" for kind, counter in (("link", seen.links), ("image", seen.images), ("code", seen.code))
        for key in counter.elements()
    )  # fmt: skip


def code_lines(code: str) -> list[str]:
    return [line.rstrip() for line in code.split("\n") if line.strip()]


# -- Markdown --------------------------------------------------------------


#: what only a Markdown reading can tell: inline markup, and an ordered-list marker (`1984.`
#: alone on a line, or after `- ` or `> `, is an empty list item: its number a marker, not a word)
_NEEDS_READING_RE = re.compile(r"[\[`<&\\!*]|^[ \t>+-]*(?:\d{1,9}[.)][ \t]+)*\d{1,9}[.)](?:[ \t]|$)", re.M)


def markdown_seen(text: str, refs: References = ()) -> Seen:
    """What a reader sees in Markdown prose: escapes undone, destinations dropped, code literal."""
    if not _NEEDS_READING_RE.search(text):
        return Seen(words(text))
    seen = Seen()
    if "{{<" in text:
        text = _hugo_figures(text, seen)
    inline = read_inline(text, refs)
    source, text = text, _prose_only(text, inline.prose)
    visible, pos = [], 0
    for span in inline.spans:
        if span.start < pos:
            continue
        visible.append(text[pos : span.start])
        chunk = text[span.start : span.end]
        if span.kind == "code":  # shown inline: a code span inside a word does not split it
            content = " ".join(chunk.strip("`").split())
            if content:
                seen.code[content] += 1
            visible.append(html.escape(content))
        elif span.kind == "escape":
            shown = chunk[1:] if _MD_ESCAPE_RE.fullmatch(chunk) or chunk == "\\\n" else chunk  # `\b` shows both
            visible.append(" " if shown == "\n" else html.escape(shown))
        elif span.kind == "image":
            visible.append(" ")
        elif span.kind == "delimiter":
            visible.append("" if set(chunk) == {"*"} else chunk)  # emphasis is shown, its asterisks are not
        elif span.kind == "autolink":  # a link that shows its own URL (or address)
            seen.links[link_key(chunk[1:-1])] += 1
            visible.append(" " + html.escape(chunk[1:-1]) + " ")
        elif span.kind != "link_open" and span.kind != "link_tail":
            visible.append(chunk)  # html, entities, autolinks: read as HTML text
        pos = span.end
    visible.append(text[pos:])
    seen.words.update(html_words("".join(visible)))
    for image in inline.images:
        seen.words.update(words(image.alt))
        if image.src.strip():
            seen.images[image_key(image.src)] += 1
    for link in inline.links:
        key = link_key(link.text)
        if key:
            seen.links[key] += 1
    if any(span.kind == "html" for span in inline.spans) and _STRUCTURE_RE.search(text):
        seen += _html_islands(source, refs)  # as written: blanked, its lines could read as indented code
    return seen


def _hugo_figures(text: str, seen: Seen) -> str:
    """Hugo's figure shortcode shows an image, its alt text, caption and credit, linked when `link` is set."""

    def figure(match: re.Match[str]) -> str:
        params = {k: re.sub(r"\\(.)", r"\1", v) for k, v in _HUGO_PARAM_RE.findall(match.group(1))}
        if params.get("src"):
            seen.images[image_key(params["src"])] += 1
        if params.get("link") and link_key(params.get("alt", "")):
            seen.links[link_key(params.get("alt", ""))] += 1
        for key in ("caption", "attr"):  # Hugo renders these as Markdown
            if params.get(key):
                seen.__iadd__(markdown_seen(params[key]))
        return " " + html.escape(params.get("alt", "")) + " "

    return _HUGO_FIGURE_RE.sub(figure, text)


def _prose_only(text: str, prose: list[tuple[int, int]]) -> str:
    """The text with what is not shown (reference definitions) blanked, offsets kept."""
    pieces, pos = [], 0
    for start, end in prose:
        pieces.append(" " * (start - pos))
        pieces.append(text[start:end])
        pos = end
    pieces.append(" " * (len(text) - pos))
    return "".join(pieces)


def _html_islands(text: str, refs: References) -> Seen:
    """Links, images and code written as HTML inside Markdown, read with the Markdown held out."""
    protected, saved = protect_markdown(text, refs)
    return element_structure(parse_fragment(protected), lambda shown: restore_markdown(shown, saved))


def code_block_seen(text: str) -> Seen:
    """Fenced or indented code, literally: not its fence, info string or container prefixes (`> `)."""
    lines = text.rstrip("\n").split("\n")
    opening = _FENCE_LINE_RE.match(lines[0])
    if opening and len(lines) > 1 and lines[-1].strip() == opening.group(1) and not any(
        _FENCE_LINE_RE.match(line) for line in lines[1:-1]
    ):  # one top-level fence, as wpclean writes them: no need to ask the parser
        code = "\n".join(lines[1:-1])
    else:
        code = "\n".join(code_blocks(text))
    return Seen(words(code), code=Counter(code_lines(code)))


def removal_words(text: str) -> Counter[str]:
    """The words a ledgered removal took, read both ways: in HTML `\\_` is two characters, in Markdown one."""
    return html_words(text) | html_words(_MD_ESCAPE_RE.sub(r"\1", text))
