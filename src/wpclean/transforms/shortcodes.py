"""`shortcodes.expand`: WordPress shortcodes and Gutenberg block comments become the HTML they stand for."""
from __future__ import annotations

import html
import re
from collections import Counter

from ..config import AdsConfig
from ..document import Document, LineCounter, Segment
from ..embeds import canonical_embed_url, is_oembed_url
from ..parsing import markdown, regions, shortcodes
from ..parsing.html import parse_fragment
from ..parsing.shortcodes import Shortcode, unescape_markdown
from ..render.blocks import code_language
from ..visible import code_lines, link_key
from .base import Context, Transform

CAPTION = frozenset({"caption", "wp_caption"})
EMBEDS = frozenset({"embed", "youtube", "vimeo", "soundcloud", "dailymotion", "spotify"})
MEDIA = frozenset({"video", "audio"})
CODE = frozenset({"code", "sourcecode", "source", "cc", "syntax"})
#: SyntaxHighlighter Evolved's per-language shortcodes; only their enclosing form is code
LANGUAGE_CODE = frozenset(
    "php js javascript jscript css html xml xhtml python py bash shell sh sql java cpp c csharp cs ruby rb perl pl "
    "go swift json yaml powershell ps vb vbnet as3 actionscript3 objc scala groovy delphi pascal diff patch erlang "
    "r matlab latex tex clojure fsharp haskell coldfusion plain text".split()
)
#: page builders (WPBakery/Visual Composer, Divi, Avada, Enfold, Shortcodes Ultimate) wrap real
#: content in layout shortcodes, opening and closing, raw or escaped: the tags go, the content stays
_PAGE_BUILDER_NAME_RE = re.compile(r"(?:vc|et_pb|fusion|av|su)_[\w-]*", re.I)
_PAGE_BUILDER_TAG_RE = re.compile(r"(?:\\\[|\[)/?(?:vc|et_pb|fusion|av|su)_[\w-]*(?:\s[^\[\]\n]*)?\\?\]", re.I)
ENCLOSING = CAPTION | EMBEDS | MEDIA | CODE | LANGUAGE_CODE | {"gallery"}
# Cheap test for "may hold a shortcode worth a scan": a closing tag, a known name, `name attr=` or `[plugin_name]`.
_WORTH_SCANNING_RE = re.compile(
    r"(?:\\\[|\[)(?:\[|/|(?:" + "|".join(sorted(ENCLOSING)) + r")(?![\w-])|[A-Za-z_][\w-]*\s+[\w-]+\s*=|[A-Za-z][\w-]*_[\w-]*\\?\])", re.I
)
_GUTENBERG_OPEN_RE = re.compile(r"<!--\s*/?wp:[a-z]")
_COMMENT_CLOSE_RE = re.compile("-->")
_BARE_URL_LINE_RE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
_BLANK_RUN_RE = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
# A code-plugin tag left on the first line of a fence by an exporter that
# fenced the plugin's <pre> instead of converting it (wordpress-to-hugo-exporter).
_FENCE_DEBRIS_RE = re.compile(r"\A( {0,3}(?:`{3,}|~{3,}))([^\n]*)\n[ \t]*(<pre\b[^>\n]*>)[ \t]*\n")
_WPAUTOP_DAMAGE = ((re.compile(r"</p>\s*<p>"), "\n\n"), (re.compile(r"<br\s*/?>\n?"), "\n"), (re.compile(r"^\s*</p>|<p>\s*$"), ""))
# pandoc and kramdown write an image's classes and size after it: `![a](a.png){.aligncenter width="300"}`
_ATTRIBUTE_BLOCK_RE = re.compile(r"\{[ \t\n]*[.#]?[\w-]+(?:=(?:\"[^\"\n]*\"|[^\s{}]*))?(?:[ \t\n]+[.#]?[\w-]+(?:=(?:\"[^\"\n]*\"|[^\s{}]*))?)*[ \t\n]*\}")
_MEDIA_EXTENSIONS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a")


class ExpandShortcodes(Transform):
    """Expand WordPress shortcodes (caption, gallery, embed, video, audio, code) and drop Gutenberg comments.

    Before:
        <!-- wp:paragraph -->
        [caption id="attachment_7" width="300"]<img src="a.jpg" alt="A"> A cat[/caption]
        <!-- /wp:paragraph -->
    After:
        ![A](a.jpg)

        *A cat*
    """

    name = "shortcodes.expand"
    codes = "WPC301, WPC308-WPC311"
    drops_text = True  # shortcode markup and Gutenberg comments are not prose

    def apply(self, doc: Document, ctx: Context) -> Document:
        ignored = ad_marker_names(ctx.config.ads)
        for segment in doc.segments:
            if segment.editable and segment.tree is None:
                self._expand(doc, segment, ignored, ctx.config.target)
            elif segment.kind == "code":
                self._fence_debris(doc, segment)
        return doc

    def _fence_debris(self, doc: Document, segment: Segment) -> None:
        """Drop a stray `<pre class="brush: bash">` opening a fence; its language becomes the fence's."""
        match = _FENCE_DEBRIS_RE.match(segment.text)
        if match is None:
            return
        fence, info, tag = match.groups()
        language = info.strip() or code_language(parse_fragment(tag + "</pre>").find(".//pre"))
        segment.text = f"{fence}{language}\n" + segment.text[match.end() :]
        segment.touched = True
        doc.change(self.name, segment.line + 1, html.escape(tag), "", "code-plugin tag inside a fence removed", (f"code:{tag}",))

    def _expand(self, doc: Document, segment: Segment, ignored: re.Pattern[str], target: str) -> None:
        text = segment.text
        if "<!--" in text:
            text, removed = _remove_block_comments(text)
            if removed:
                text = _BLANK_RUN_RE.sub("\n\n", text)
                doc.change(self.name, segment.line, f"{removed} Gutenberg block comments", "", "Gutenberg block comments")
        if segment.kind == "markdown" and "){" in text:
            text = self._attribute_blocks(doc, segment, text)
        if _WORTH_SCANNING_RE.search(text):
            text = self._replace(doc, segment, text, ignored)
        if "_" in text and _PAGE_BUILDER_TAG_RE.search(text):
            text = self._unwrap_page_builder(doc, segment, text)
        if "://" in text and (segment.kind == "html" or target == "hugo"):
            text = self._bare_embeds(doc, segment, text)
        if text != segment.text:
            segment.text, segment.touched = text, True

    def _attribute_blocks(self, doc: Document, segment: Segment, text: str) -> str:
        """Drop the `{.class width=…}` a converter wrote after an image; Markdown has no such syntax."""
        out, pos = [], 0
        lines = LineCounter(text, segment.line)
        inline = markdown.read_inline(text, segment.refs)
        for image in inline.images:
            block = _ATTRIBUTE_BLOCK_RE.match(text, image.end)
            if block is None or image.end < pos:
                continue
            out.append(text[pos : image.end])
            pos = block.end()
            line = lines.at(image.end)
            # inside a link's label the block was part of what the link shows: that text changes
            lost = tuple(f"link:{link_key(link.text)}" for link in inline.links if link.start < image.end < link.end)
            doc.change(self.name, line, block.group(0), "", "converter attribute block after an image", lost)
            doc.find("WPC311", f"attribute block {' '.join(block.group(0).split())} after an image removed", line=line, fixed=True)
        out.append(text[pos:])
        return "".join(out)

    def _unwrap_page_builder(self, doc: Document, segment: Segment, text: str) -> str:
        lines = LineCounter(text, segment.line)

        def unwrap(match: re.Match[str]) -> str:
            doc.change(self.name, lines.at(match.start()), match.group(0), "", "page-builder layout shortcode unwrapped")
            return ""

        new = regions.sub_outside(_PAGE_BUILDER_TAG_RE, unwrap, text, regions.not_prose(text, segment.kind, segment.refs))
        return regions.tidy_removal(text, new) if segment.kind == "markdown" else new

    def _replace(self, doc: Document, segment: Segment, text: str, ignored: re.Pattern[str]) -> str:
        out, pos = [], 0
        lines = LineCounter(text, segment.line)
        guard = regions.OutsideCode(regions.not_prose(text, segment.kind, segment.refs))
        for code in shortcodes.scan(text, ENCLOSING):
            if ignored.fullmatch(code.name) or code.tags_touch(guard) or _PAGE_BUILDER_NAME_RE.fullmatch(code.name):
                continue  # page-builder tags are unwrapped in a pass of their own
            replacement = self.expansion(code, doc.dialect)
            line = lines.at(code.start)
            if replacement is None:
                if _looks_like_shortcode(code):
                    doc.find("WPC301", f"unknown shortcode [{code.name}] kept as written", line=line)
                continue
            out.append(text[pos : code.start])
            out.append(replacement)
            pos = code.end
            if code.name == "gallery":
                continue  # settled in figures.extract: its images, or kept as written (then no change)
            made = tuple(code_lines(code_text(code))) if replacement.lstrip().startswith("<pre><code") else ()
            doc.change(self.name, line, code.raw, replacement, f"[{code.name}] expanded", code=made)
        out.append(text[pos:])
        return "".join(out)

    def _bare_embeds(self, doc: Document, segment: Segment, text: str) -> str:
        """WordPress embeds a URL alone on its line when the provider supports oEmbed.

        In Markdown the URL must be a paragraph of its own, and it becomes an
        embed only for a target that writes embeds differently (Hugo's shortcodes).
        """
        lines = LineCounter(text, segment.line)
        markdown_text = segment.kind == "markdown"

        def embed(match: re.Match[str]) -> str:
            url = html.unescape(match.group(1))
            if not is_oembed_url(url):
                return match.group(0)
            if markdown_text and not (_blank_around(text, match.start(), match.end())):
                return match.group(0)
            doc.change(self.name, lines.at(match.start()), url, "(embed)", "URL alone on its line is an embed")
            return f'<wpc-embed data-url="{html.escape(url)}"></wpc-embed>'

        if markdown_text:
            return regions.sub_outside(_BARE_URL_LINE_RE, embed, text, regions.not_prose(text, "markdown", segment.refs))
        return _BARE_URL_LINE_RE.sub(embed, text)

    def expansion(self, code: Shortcode, dialect: str) -> str | None:
        """The HTML a shortcode stands for, or None to keep it as written."""
        name = code.name
        if code.escaped:
            return html.escape(code.raw[1:-1], quote=False)
        if name in CAPTION:
            return _caption(code)
        if name == "gallery":
            attrs = " ".join(f'data-{k}="{html.escape(v)}"' for k, v in sorted(code.attrs.items()) if k in ("ids", "columns", "link", "size"))
            return f'<wpc-gallery {attrs} data-raw="{html.escape(code.raw)}"></wpc-gallery>'
        if name in EMBEDS:
            url = (code.content or code.attrs.get("url") or code.attrs.get("src") or " ".join(code.positional)).strip()
            url = url.lstrip("=")
            if not url:
                return None
            return f'<wpc-embed data-url="{html.escape(canonical_embed_url(url) or url)}"></wpc-embed>'
        if name in MEDIA:
            src = next((code.attrs[k] for k in _MEDIA_EXTENSIONS if code.attrs.get(k)), "")
            return f'<wpc-embed data-url="{html.escape(src)}" data-kind="{name}"></wpc-embed>' if src else None
        if name in CODE or (name in LANGUAGE_CODE and code.content is not None):
            if code.content is None:
                return None
            language = code.attrs.get("language") or code.attrs.get("lang") or (name if name in LANGUAGE_CODE else "")
            return _code_block(code_text(code), language.lower())
        return None


def _blank_around(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before.endswith("\n\n") or before == "\n") and (not after or after.startswith("\n\n") or after == "\n")


def _remove_block_comments(text: str) -> tuple[str, int]:
    """Drop `<!-- wp:name {...} -->` and `<!-- /wp:name -->`, keeping what they wrap."""
    out, pos, removed = [], 0, 0
    for match, end in regions.paired(text, _GUTENBERG_OPEN_RE, lambda m: _COMMENT_CLOSE_RE):
        if end == -1:
            break  # unterminated: left for the HTML parser, which reads it as a comment
        out.append(text[pos : match.start()])
        pos = end
        removed += 1
    out.append(text[pos:])
    return "".join(out), removed


def _caption(code: Shortcode) -> str | None:
    content = (code.content or "").strip()
    media = re.match(r"\s*(<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>)", content, re.I | re.S)
    if media is not None:
        html_media, rest = media.group(1), content[media.end() :]
    else:
        found = _markdown_media(content)
        if found is None:
            return None
        html_media, rest = found
    caption = code.attrs.get("caption") or " ".join(rest.split())
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="wp-caption">{html_media}{figcaption}</figure>'


def _markdown_media(content: str) -> tuple[str, str] | None:
    """A Markdown image (or a linked one) opening a caption's content, as HTML, and the text after it."""
    inline = markdown.read_inline(content)
    image = inline.images[0] if inline.images else None
    if image is None:
        return None
    link = inline.links[0] if inline.links and inline.links[0].start == 0 else None
    if image.start != 0 and not (link is not None and image.start == 1 and content.startswith("]", image.end)):
        return None
    title = f' title="{html.escape(image.title)}"' if image.title else ""
    tag = f'<img src="{html.escape(image.src)}" alt="{html.escape(image.alt)}"{title}>'
    if image.start == 0:
        return tag, content[image.end :]
    assert link is not None
    return f'<a href="{html.escape(link.href)}">{tag}</a>', content[link.end :]


def code_text(code: Shortcode) -> str:
    """The code a code shortcode holds, as its author typed it.

    WordPress's autop damage and HTML entities are undone; a backslash-escaped
    shortcode (turndown, html2text) had its code escaped as Markdown prose, so
    those escapes are undone too.
    """
    content = code.content or ""
    for pattern, replacement in _WPAUTOP_DAMAGE:
        content = pattern.sub(replacement, content)
    content = html.unescape(content)
    if code.backslashed:
        content = unescape_markdown(content)
    if not content.startswith("\n"):  # `[js] var x;`: the space after the tag is not indentation
        content = content.lstrip(" ")
    return "\n".join(line.rstrip() for line in content.strip("\n").split("\n"))


def _code_block(content: str, language: str) -> str:
    cls = f' class="language-{html.escape(language)}"' if language else ""
    return f"\n<pre><code{cls}>{html.escape(content, quote=False)}</code></pre>\n"


def _looks_like_shortcode(code: Shortcode) -> bool:
    """`[name attr=...]`, `[name]...[/name]`, `[plugin_name]`: plain `[word]` in prose is not reported."""
    return bool(code.attrs) or code.content is not None or "/" in code.raw[-3:] or "_" in code.name.strip("_")


def ad_marker_names(ads: AdsConfig) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{m})" for m in ads.markers) or "(?!)", re.I)


def shortcode_counts(segments: list[Segment], markers: re.Pattern[str]) -> Counter[str]:
    """How often each shortcode (and ad marker) stands in a file's prose segments, outside code."""
    counts: Counter[str] = Counter()
    for segment in segments:
        if not segment.editable:
            continue
        guard = regions.OutsideCode(regions.not_prose(segment.text, segment.kind, segment.refs))
        for code in shortcodes.scan(segment.text, ENCLOSING):
            if code.escaped or code.tags_touch(guard):
                continue
            if _looks_like_shortcode(code) or code.name in ENCLOSING or markers.fullmatch(code.name):
                counts[code.name] += 1
    return counts


class Inventory:
    """(shortcode, files, occurrences) over files' prose segments, a file at a time; ad markers count too."""

    def __init__(self, markers: re.Pattern[str]) -> None:
        self.markers = markers
        self.files: Counter[str] = Counter()
        self.occurrences: Counter[str] = Counter()

    def add(self, segments: list[Segment]) -> None:
        self.add_counts(shortcode_counts(segments, self.markers))

    def add_counts(self, counts: Counter[str]) -> None:
        """One file's `shortcode_counts`, counted once more (a worker counts them where it read the file)."""
        self.occurrences.update(counts)
        self.files.update(counts.keys())

    def rows(self) -> list[tuple[str, int, int]]:
        return sorted(((name, self.files[name], n) for name, n in self.occurrences.items()), key=lambda r: (-r[2], r[0]))
