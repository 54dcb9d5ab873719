"""`figures.extract`: figures, captions, credits and galleries, made uniform and recorded for JSON."""
from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from ..document import Document, Segment
from ..links.urls import split_url
from ..parsing import markdown, regions
from ..parsing.yamlload import Scalar
from ..render.blocks import CREDIT_CLASSES, has_class
from ..visible import link_key
from .base import Context, Transform
from .frontmatter_normalize import IMAGE_KEYS

_SIZED_RE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w{2,5}$)")
_IMAGE_PATH_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|tiff?)$", re.I)
_NOT_FIGURES = ("/wp-includes/images/smilies/", "/plugins/", "gravatar.com/avatar")
_SPACE_RE = re.compile(r"\s+")


class ExtractFigures(Transform):
    """Make every figure one shape (image, link, caption, credit) and record it for JSON.

    Before:
        <div class="wp-caption"><a href="/u/cat.jpg"><img src="/u/cat-300x200.jpg" alt="Cat"></a>
        <p class="wp-caption-text">A cat</p></div>
    After:
        ![Cat](/u/cat.jpg)

        *A cat*
    """

    name = "figures.extract"
    codes = "WPC401-WPC404"

    def apply(self, doc: Document, ctx: Context) -> Document:
        for segment in doc.segments:
            if not segment.editable:
                continue
            if segment.kind == "markdown":
                self._markdown_images(doc, segment)
            if not regions.needs_tree(segment):
                continue
            root = regions.tree_of(segment, doc.autop)
            self._captions_to_figures(root)
            for img in list(root.iter("img")):
                self._resolve_sized_variant(doc, segment, img)
            for el in list(root.iter("figure", "img", "wpc-gallery")):
                self._record(doc, segment, el, ctx)
        self._front_matter_image(doc)
        return doc

    @staticmethod
    def _captions_to_figures(root: HtmlElement) -> None:
        """`div.wp-caption` with `p.wp-caption-text` is a rendered [caption]: the same figure."""
        for div in list(root.iter("div")):
            if has_class(div, "wp-caption") and any(True for _ in div.iter("img")):
                div.tag = "figure"
                for p in div.iter("p", "div", "span"):
                    if has_class(p, "wp-caption-text"):
                        p.tag = "figcaption"

    def _resolve_sized_variant(self, doc: Document, segment: Segment, img: HtmlElement) -> None:
        """A thumbnail linked to its own original (`-300x200` variant or the same file) becomes
        the original, unlinked: the link only repeated the image."""
        link = img.getparent()
        if link is None or link.tag != "a" or (link.text or "").strip() or len(link) != 1 or (img.tail or "").strip():
            return
        src, href = (img.get("src") or "").strip(), (link.get("href") or "").strip()
        src_file = _SIZED_RE.sub("", split_url(src).path).rsplit("/", 1)[-1]
        if not src_file or src_file != split_url(href).path.rsplit("/", 1)[-1] or not _IMAGE_PATH_RE.search(href):
            return
        img.set("src", href)
        img.tail, link.tail = link.tail, None
        link.addprevious(img)
        link.getparent().remove(link)
        line = segment.line + (img.sourceline or 1) - 1
        lost = (f"link:{link_key(img.get('alt') or '')}",) if link_key(img.get("alt") or "") else ()  # the link showed the alt
        if src != href:
            doc.change(self.name, line, src, href, "thumbnail resolved to the linked original", lost)
        else:
            doc.change(self.name, line, f"[{src}]({href})", src, "link to the image itself dropped", lost)

    def _record(self, doc: Document, segment: Segment, el: HtmlElement, ctx: Context) -> None:
        line = segment.line + (el.sourceline or 1) - 1
        if el.tag == "wpc-gallery":
            ids = [i.strip() for i in (el.get("data-ids") or "").split(",") if i.strip()]
            doc.figures.append(_figure(src=None, ids=ids, gallery=True))
            # Kept where it stood, as the text WordPress had, so a reader (and a search) finds
            # what to put back: never nothing.
            placeholder = el.makeelement("p", {})
            placeholder.text, placeholder.tail = el.get("data-raw") or "[gallery]", el.tail
            el.getparent().replace(el, placeholder)
            doc.find(
                "WPC403", f"gallery of attachment ids {', '.join(ids) or '(the post’s own)'}: no image URLs in the export; "
                "kept as written for its images to be put back", line=line,
            )  # fmt: skip
            return
        if el.tag == "img" and _inside(el, "figure"):
            return
        img = el if el.tag == "img" else next(el.iter("img"), None)
        if img is None or not img.get("src") or any(n in img.get("src", "") for n in _NOT_FIGURES):
            return
        caption_el = None if el.tag == "img" else next(el.iter("figcaption"), None)
        caption, credit = _caption_and_credit(caption_el)
        alt = (img.get("alt") or "").strip()
        if not alt:
            if caption and ctx.config.figures.alt_from_caption:
                img.set("alt", caption)
                alt = caption
                doc.change(self.name, line, "alt=\"\"", f'alt="{caption}"', "empty alt text filled from the caption")
            else:
                doc.find("WPC401", f"image without alt text: {img.get('src')}", line=line)
        link = img.getparent() if img.getparent() is not None and img.getparent().tag == "a" else None
        doc.figures.append(
            _figure(
                src=img.get("src").strip(), alt=alt or None, caption=caption, credit=credit,
                link=link.get("href") if link is not None else None,
                width=_int(img.get("width")), height=_int(img.get("height")),
            )
        )  # fmt: skip

    def _markdown_images(self, doc: Document, segment: Segment) -> None:
        """Markdown images, as markdown-it reads them (HTML images are met in the tree)."""
        if "![" not in segment.text:
            return
        for image in markdown.read_inline(segment.text, segment.refs).images:
            if image.src and not any(n in image.src for n in _NOT_FIGURES):
                alt = image.alt.strip()
                doc.figures.append(_figure(src=image.src, alt=alt or None))
                if not alt:
                    line, col = doc.locate(segment.text[image.start : image.end], segment.line)
                    doc.find("WPC401", f"image without alt text: {image.src}", line=line, col=col)

    def _front_matter_image(self, doc: Document) -> None:
        data = doc.front_matter.data
        fragment = doc.front_matter.raw is None and not data and not doc.source.from_a_file
        if data is None or fragment or any(data.get(key) for key in IMAGE_KEYS):
            return  # a fragment on stdin gains no front matter
        first = next((f["src"] for f in doc.figures if f["src"] and _IMAGE_PATH_RE.search(split_url(f["src"]).path)), None)
        if first:
            data["image"] = Scalar(first, "'")
            doc.front_matter.dirty = True


def _figure(**fields: Any) -> dict[str, Any]:
    base = {"src": None, "alt": None, "caption": None, "credit": None, "link": None, "width": None, "height": None}
    return {**base, **fields}


def _caption_and_credit(caption_el: HtmlElement | None) -> tuple[str | None, str | None]:
    if caption_el is None:
        return None, None
    credit_el = next((c for c in caption_el.iterdescendants() if has_class(c, *CREDIT_CLASSES)), None)
    credit = _SPACE_RE.sub(" ", credit_el.text_content()).strip() if credit_el is not None else ""
    text = _SPACE_RE.sub(" ", caption_el.text_content()).strip()
    if credit and text.endswith(credit):
        text = text[: -len(credit)].strip()
    return text or None, credit or None


def _inside(el: HtmlElement, tag: str) -> bool:
    return any(parent.tag == tag for parent in el.iterancestors())


def _int(value: str | None) -> int | None:
    value = (value or "").strip().removesuffix("px")
    return int(value) if value.isdigit() else None
