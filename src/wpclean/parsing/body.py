"""Reading a body: which dialect it is, and cutting it into code, HTML and Markdown segments."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import lxml.html

from ..document import Segment
from . import markdown
from .markdown import code_spans
from .shortcodes import unescape_markdown

_FENCE_OPEN_RE = re.compile(r"( {0,3})(`{3,}|~{3,})([^`]*)")
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr iframe li main menu nav noscript ol p pre script section "
    "style summary table tbody td tfoot th thead tr ul video audio object embed ins".split()
)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w-]*)(?:\s[^<>]*)?(/?)>")
_MARKDOWN_ONLY_RE = re.compile(r"!?\[[^\]\n]{0,200}\]\([^)\s]|<[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s<>]*>|^#{1,6}[ \t]+\S|^ {0,3}(?:```|~~~)", re.M)
_HTML_SIGNAL_RE = re.compile(r"<(?:p|div|br)[\s/>]|</p>", re.I)
_MARKDOWN_SIGNAL_RE = re.compile(r"^(?:#{1,6}\s|```|~~~|\s*[-*+]\s|\s*\d+\.\s|>\s)|\]\(|\*\*", re.M)
#: front-matter keys only the WordPress-to-Jekyll exporter writes; it exports raw post_content
_RAW_CONTENT_KEYS = ("post_title", "post_date", "post_excerpt")


@dataclass
class Reading:
    """How a body was read: its dialect, its segments, and fences set on their own lines (body line numbers)."""

    dialect: str
    segments: list[Segment]
    body: str
    unglued: list[int]


def read(body: str, front_matter_keys: Iterable[str], forced: str, first_line: int = 1) -> Reading:
    """The body's dialect (`forced` unless it is `auto`) and its segments, fences found once."""
    lines = body.split("\n")
    fences = _fence_kinds(lines) if forced != "markdown" else None  # for the dialect, and HTML's code
    dialect = forced if forced != "auto" else _detect_dialect(front_matter_keys, lines, fences or [])
    if dialect == "html":
        return Reading(dialect, _segments(lines, dialect, first_line, fences), body, [])
    lines, unglued = unglue_fences(lines) if "```" in body else (lines, [])
    return Reading(dialect, _segments(lines, dialect, first_line), "\n".join(lines) if unglued else body, unglued)


_CONTAINER_START_RE = re.compile(r"[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])")
_WORD_RE = re.compile(r"\w")
_TAG_START_RE = re.compile(r"<[A-Za-z/]")
_SPACED_FENCE_RE = re.compile(r"( {0,3}`{3,})[ \t]*[\u00a0\u200b\ufeff][\s\u200b\ufeff]*")
_GLUED_CLOSE_RE = re.compile(r"(`{3,})([^`\w]?[ \t]*\S.*\s.*)")
#: in a fence whose opening was glued to prose, its closing one was too, even before one word
_GLUED_CLOSE_WORD_RE = re.compile(r"(`{3,})([^`\s].*)")


def _glued_open(line: str) -> tuple[str, str] | None:
    """(prose, fence) for a line of prose that ends in an opening fence: `as follows:```."""
    stripped = line.rstrip(" \t")
    if not stripped.endswith("```"):
        return None
    fence = stripped[len(stripped.rstrip("`")) :]
    prose = stripped[: -len(fence)]
    if "`" in prose or not _WORD_RE.search(prose) or _CONTAINER_START_RE.match(prose) or _TAG_START_RE.search(prose):
        return None
    return prose, fence


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _opens(line: str) -> str:
    """The fence a line opens (its run of backticks or tildes), or ""."""
    opening = _FENCE_OPEN_RE.fullmatch(line.rstrip())
    if opening is None or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
        return ""
    return opening.group(2)


def _in_pre(line: str, inside: bool) -> tuple[bool, bool]:
    """Whether a line is inside an HTML `<pre>` (so a fence-like line there is its content), and after it."""
    if not inside and "pre" not in line:
        return False, False
    lowered = line.lower()
    opened, closed = lowered.rfind("<pre"), lowered.rfind("</pre")
    return inside, opened > closed if opened != closed else inside


def _pre_lines(lines: list[str]) -> frozenset[int]:
    """Lines inside HTML `<pre>` elements: read line by line, as damaged fences make a parser's reading unreliable."""
    found, inside = set(), False
    for i, line in enumerate(lines):
        was, inside = _in_pre(line, inside)
        if was:
            found.add(i)
    return frozenset(found)


def _damaged_fences(lines: list[str], pre: frozenset[int]) -> bool:
    """Whether a line outside code ends in a fence, or a fence is followed by a non-breaking space."""
    fence = ""
    for i, line in enumerate(lines):
        if _SPACED_FENCE_RE.fullmatch(line):
            return True
        if fence:
            fence = "" if _closes(line, fence) else fence
        elif i not in pre:
            if _glued_open(line):
                return True
            fence = _opens(line)
    return False


def unglue_fences(lines: list[str]) -> tuple[list[str], list[int]]:
    """Code fences an exporter glued to prose (blog2md: `...as follows:```` and ````Then we...`), set on their own lines.

    Only a body that has a prose line ending in a fence outside code (or a
    fence followed by a non-breaking space) is repaired: that is the signature
    of the damage, and elsewhere a line such as ````Putting it together`
    inside a fence is code's content.  Code inside a glued fence was escaped
    as prose by the converter (`uint8\\_t`); those escapes are undone.
    """
    pre = _pre_lines(lines)
    if not _damaged_fences(lines, pre):
        return lines, []
    out: list[str] = []
    fixed: list[int] = []
    fence = ""
    recovered = False  # the fence was glued, so turndown escaped its code as prose
    for number, line in enumerate(lines, 1):
        pending = [line]
        while pending:
            current = pending.pop()
            stripped = current.strip()
            if fence:
                close = _GLUED_CLOSE_RE.fullmatch(current) or (recovered and _GLUED_CLOSE_WORD_RE.fullmatch(current))
                spaced = _SPACED_FENCE_RE.fullmatch(current)
                if spaced:  # `&nbsp;` after a closing fence: CommonMark would run the code to the end
                    out.append(spaced.group(1))
                    fence, recovered = "", False
                    fixed.append(number)
                    continue
                if _closes(current, fence):
                    fence, recovered = "", False
                elif close and fence[0] == "`":
                    out.extend([close.group(1), ""])
                    pending.append(close.group(2).lstrip())
                    fence, recovered = "", False
                    fixed.append(number)
                    continue
                elif current.rstrip().endswith("```") and not stripped.startswith("`") and fence[0] == "`":
                    code = current.rstrip()[:-3].rstrip()
                    out.extend([unescape_markdown(code) if recovered else code, "```"])
                    fence, recovered = "", False
                    fixed.append(number)
                    continue
                out.append(unescape_markdown(current) if recovered else current)
                continue
            if number - 1 in pre:
                out.append(current)
                continue
            glued = _glued_open(current)
            if glued:
                out.extend([glued[0].rstrip(), "", glued[1]])
                fence, recovered = glued[1], True
                fixed.append(number)
                continue
            fence = _opens(current)
            out.append(current)
    return out, sorted(set(fixed))


def _detect_dialect(front_matter_keys: Iterable[str], lines: list[str], kinds: list[str]) -> str:
    """`html` for raw WordPress post content (wpautop rules), else `markdown`."""
    keys = list(front_matter_keys)
    if any(key in _RAW_CONTENT_KEYS for key in keys):
        return "html"
    prose = "\n".join(line for line, kind in zip(lines, kinds) if kind != "code")
    if "`" in prose:  # `<br>` in a code span is code, not HTML
        spans = code_spans(prose)
        prose = "".join(prose[end:start] for end, start in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(prose)]))
    if _MARKDOWN_ONLY_RE.search(prose):
        return "markdown"  # raw WordPress content never has Markdown links, autolinks, images, headings or fences
    html = len(_HTML_SIGNAL_RE.findall(prose))
    markdown = len(_MARKDOWN_SIGNAL_RE.findall(prose))
    if html == markdown == 0:  # a fragment with no front matter that opens with a tag is HTML
        return "html" if not keys and prose.lstrip().startswith("<") else "markdown"
    return "html" if html > markdown else "markdown"


def _fence_kinds(lines: list[str]) -> list[str]:
    """"code" or "text" for each line of a body read line by line (HTML's wpautop content).

    A fence-like line inside an HTML `<pre>` is code's content, not a fence; a
    fence never closed is text, as WordPress shows a lone ``` as written.
    """
    kinds: list[str] = []
    fence = ""
    opened_at = 0
    in_pre = False
    for line in lines:
        if not fence:
            was_in_pre, in_pre = _in_pre(line, in_pre)
            if was_in_pre:
                kinds.append("text")
                continue
            fence, opened_at = _opens(line), len(kinds)
            kinds.append("code" if fence else "text")
        else:
            if _closes(line, fence) and len(line) - len(line.lstrip()) < 4:
                fence = ""
            kinds.append("code")
    if fence:
        kinds[opened_at:] = ["text"] * (len(kinds) - opened_at)
    return kinds


def segment(body: str, dialect: str, first_line: int = 1) -> list[Segment]:
    """Cut a body into segments whose texts join back into the body exactly."""
    return _segments(body.split("\n"), dialect, first_line)


def _segments(lines: list[str], dialect: str, first_line: int, fences: list[str] | None = None) -> list[Segment]:
    """Markdown is cut where markdown-it sees code and HTML blocks; HTML only at its fences (`fences` if known)."""
    references: markdown.References = ()
    if dialect == "markdown":
        kinds, references = _markdown_kinds(lines)
    else:
        kinds = ["html" if kind == "text" else kind for kind in (fences if fences is not None else _fence_kinds(lines))]
    segments: list[Segment] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and kinds[i] == kinds[start]:
            continue
        kind = kinds[start]
        kind = "markdown" if kind == "text" else "html" if kind.startswith("region") else kind
        text = "\n".join(lines[start:i]) + ("\n" if i < len(lines) else "")
        if text:
            segments.append(Segment(kind, text, first_line + start, refs=references))
        start = i
    return segments


def _markdown_kinds(lines: list[str]) -> tuple[list[str], markdown.References]:
    """Code lines as markdown-it reads them, and HTML regions from its top-level HTML blocks.

    An HTML block that opens a block-level element (or a comment) runs, unlike
    CommonMark's, across blank lines until that element closes, because
    WordPress HTML ignores blank lines; but not into Markdown that follows a
    blank line, which a converter left inside a wrapper it kept.
    """
    structure = markdown.blocks("\n".join(lines))
    kinds = ["code" if i in structure.code_lines else "text" for i in range(len(lines))]
    region = 0
    for first, last, tag in structure.html_blocks:
        if kinds[first] != "text" or (tag != "!--" and tag not in BLOCK_TAGS) or markdown.MARKDOWN_INSIDE_RE.match(lines[first]):
            continue
        end = max(last, _region_end(lines, kinds, first, None if tag == "!--" else tag))
        region += 1
        for j in range(first, end + 1):
            if kinds[j] == "text":
                kinds[j] = f"region{region}"
    return kinds, structure.references


def _region_end(lines: list[str], kinds: list[str], first: int, tag: str | None) -> int:
    if tag is None:  # a comment: to the line holding `-->`
        for j in range(first, len(lines)):
            if kinds[j] != "text":
                return max(first, j - 1)
            if "-->" in lines[j]:
                return j
        return len(lines) - 1
    depth, last_filled = 0, first
    for j in range(first, len(lines)):
        if kinds[j] != "text":
            return max(first, j - 1)
        stripped = lines[j].lstrip()
        if not stripped:
            continue
        if j > last_filled + 1 and not stripped.startswith("<"):
            return last_filled  # Markdown after a blank line: the HTML around it is a wrapper (pandoc's divs)
        last_filled = j
        for match in _TAG_RE.finditer(lines[j]):
            if match.group(2).lower() == tag and not match.group(3):
                depth += -1 if match.group(1) else 1
        if depth <= 0:
            return j
    return len(lines) - 1


#: a text whose last line is a list item's, or indented as its continuation
_LIST_END_RE = re.compile(r"(?:^|\n)(?:[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t][^\n]*)?|[ \t]+\S[^\n]*)\n*$")


_TRAILING_SPACES_RE = re.compile(r"[ \t]+(\n*)$")


def _after_list(parts: list[str]) -> bool:
    last = next((part for part in reversed(parts) if part.strip()), "")
    return bool(_LIST_END_RE.search(last))


def assemble(segments: list[Segment], original: str) -> str:
    """The body again, from its segments; a converted region is set off by exactly one blank line.

    A body no transform touched is returned as it was, byte for byte.
    """
    if not any(s.touched for s in segments):
        return original
    parts: list[str] = []
    seam = False  # the next join borders a converted (or removed) region
    for s in segments:
        if s.output is not None:
            text = s.output
        elif s.tree is not None and s.touched:
            text = _inner_html(s.tree)
        else:
            text = s.text
        region = s.kind == "html"
        if region:
            text = text.strip("\n")
        elif s.kind == "markdown":  # spaces ending a paragraph show nothing; the writer drops them too
            text = _TRAILING_SPACES_RE.sub(r"\1", text)
        if (seam or region) and parts:
            while len(parts) > 1 and not parts[-1].strip("\n"):
                parts.pop()  # a segment of blank lines between two blocks: the seam is the one blank line
            parts[-1] = parts[-1].rstrip("\n") + "\n\n"
            text = text.lstrip("\n")
        if s.kind == "code" and text[:1] in (" ", "\t") and _after_list(parts):
            # Indented code after a converted list would continue its last item: CommonMark's own
            # separator, set off by one blank line on each side as any converted block is.
            while len(parts) > 1 and not parts[-1].strip("\n"):
                parts.pop()
            parts[-1] = parts[-1].rstrip("\n") + "\n\n"
            parts.append("<!-- -->\n\n")
        if text:
            parts.append(text)
        seam = region
    body = "".join(parts).strip("\n")
    return body + "\n" if body else ""


def _inner_html(tree: lxml.html.HtmlElement) -> str:
    """A region whose tree was edited but not converted (html.to_markdown deselected)."""
    return (tree.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in tree)
