"""`smilies.emoji`: WordPress's smiley and emoji images become the characters they stand for.

WordPress turns `:)` into `<img class="wp-smiley" src=".../wp-includes/images/smilies/simple-smile.png">`
and, since 4.2, emoji into `<img class="emoji" src="https://s.w.org/images/core/emoji/…/1f389.png" alt="🎉">`;
both are hot-linked to a site that is going away (or to WordPress.org) for what is one character.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..document import Document, Segment
from ..parsing import markdown, regions
from ..visible import image_key, structure_keys
from .base import Context, Transform

_SMILEY_PATH_RE = re.compile(r"/wp-includes/images/smilies/(?:icon_)?([\w-]+)\.(?:gif|png|svg)$|/images/core/emoji/[^/]+/(?:72x72|svg)/([0-9a-f-]+)\.(?:png|svg)$", re.I)
#: WordPress's smiley files (icon_*.gif before 4.2, the few it still draws after), as their emoji
SMILEY_FILES = {
    "smile": "🙂", "simple-smile": "🙂", "biggrin": "😀", "sad": "🙁", "frownie": "🙁", "surprised": "😯", "eek": "😮",
    "confused": "😕", "cool": "😎", "lol": "😆", "mad": "😡", "razz": "😛", "redface": "😳", "cry": "😥",
    "evil": "👿", "twisted": "😈", "rolleyes": "🙄", "wink": "😉", "exclaim": "❗", "question": "❓", "idea": "💡",
    "arrow": "➡", "neutral": "😐", "mrgreen": "😁",
}  # fmt: skip


def emoji_for(src: str, alt: str) -> str | None:
    """The character a smiley or emoji image stands for; None for any other image."""
    match = _SMILEY_PATH_RE.search(src.split("?", 1)[0].strip())
    if match is None:
        return None
    if match.group(2):  # the file is named by its code points: 1f1fa-1f1f8.png is 🇺🇸
        try:
            return "".join(chr(int(point, 16)) for point in match.group(2).split("-"))
        except ValueError:
            return None
    if alt and not alt.isascii():
        return alt
    return SMILEY_FILES.get(match.group(1).lower())


class EmojiSmilies(Transform):
    """Replace WordPress smiley and emoji images with the emoji they stand for.

    Before:
        <p>Done <img src="https://old.example/wp-includes/images/smilies/icon_smile.gif" alt=":smile:" class="wp-smiley" /></p>
    After:
        Done 🙂
    """

    name = "smilies.emoji"
    codes = "WPC406"
    drops_text = True  # the alt text (`:smile:`) goes with its image; the ledger says so

    def apply(self, doc: Document, ctx: Context) -> Document:
        for segment in doc.segments:
            if not segment.editable or not ("smilies/" in segment.text or "/emoji/" in segment.text):
                continue
            if segment.kind == "markdown":
                self._markdown(doc, segment)
            if regions.needs_tree(segment):
                for img in list(regions.tree_of(segment, doc.autop).iter("img")):
                    self._element(doc, segment, img)
        return doc

    def _element(self, doc: Document, segment: Segment, img: HtmlElement) -> None:
        src, alt = img.get("src") or "", img.get("alt") or ""
        emoji = emoji_for(src, alt)
        if emoji is None:
            return
        line = segment.line + (img.sourceline or 1) - 1
        self._record(doc, line, src, alt, emoji, structure_keys(img))
        text = emoji + (img.tail or "")
        previous, parent = img.getprevious(), img.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(img)  # its tail was moved above
        segment.touched = True

    def _markdown(self, doc: Document, segment: Segment) -> None:
        if "![" not in segment.text:
            return
        text = segment.text
        for image in reversed(markdown.read_inline(text, segment.refs).images):
            emoji = emoji_for(image.src or "", image.alt)
            if emoji is None:
                continue
            line, _ = doc.locate(text[image.start : image.end], segment.line)
            self._record(doc, line, image.src or "", image.alt, emoji, ())
            text = text[: image.start] + emoji + text[image.end :]
        if text != segment.text:
            segment.text, segment.touched = text, True

    def _record(self, doc: Document, line: int, src: str, alt: str, emoji: str, lost: tuple[str, ...]) -> None:
        lost = lost or (f"image:{image_key(src)}",)
        doc.change(self.name, line, alt or src, emoji, "smiley image written as the emoji", lost)
        doc.find("WPC406", f"smiley image {alt or src!r} written as {emoji}", line=line, fixed=True)
