"""`html.to_markdown`: serialize every parsed region to CommonMark + GFM, once."""
from __future__ import annotations

from ..document import Document, Segment
from ..parsing import regions
from ..render.blocks import EMBED_TAGS
from ..render.mdwriter import MarkdownWriter
from ..visible import image_key
from .base import Context, Transform


class HtmlToMarkdown(Transform):
    """Turn WordPress HTML into Markdown; Markdown that was never HTML is left as written.

    Before:
        <p>Read <a href="https://example.com/" target="_blank">the <em>docs</em></a>.<br>
        Then 1984.</p>
    After:
        Read [the *docs*](https://example.com/).\\
        Then 1984.
    """

    name = "html.to_markdown"
    codes = "WPC405, WPC501-WPC505"

    def apply(self, doc: Document, ctx: Context) -> Document:
        self.target = ctx.config.target
        for segment in doc.segments:
            if segment.editable and regions.needs_tree(segment):
                self._convert(doc, segment)
        return doc

    def _convert(self, doc: Document, segment: Segment) -> None:
        tree = regions.tree_of(segment, doc.autop)
        writer = MarkdownWriter(markdown_text=segment.kind == "markdown", target=self.target)
        markdown = writer.convert(tree)
        if segment.kind == "markdown":
            markdown = regions.restore_markdown(markdown, segment.placeholders)
            core = segment.text.strip("\n")
            lead = segment.text[: len(segment.text) - len(segment.text.lstrip("\n"))]
            trail = segment.text[len(lead) + len(core) :]
            output = lead + markdown + trail if markdown else ""
        else:
            output = markdown
        for kept in writer.kept:
            line = segment.line + (kept.line or 1) - 1
            doc.find("WPC402" if kept.tag in EMBED_TAGS else "WPC501", kept.reason, line=line)
        if writer.dropped:
            doc.change(self.name, segment.line, ", ".join(sorted(set(writer.dropped))), "", "invisible elements dropped")
        for src in writer.unsafe_images:
            doc.change(self.name, segment.line, src, "", "image with a script URL dropped, its alt text kept", (f"image:{image_key(src)}",))
            doc.find("WPC405", f"image with a script URL dropped, its alt text kept: {src[:60]}", line=segment.line, fixed=True)
        segment.output = output
        if output != segment.text:
            segment.touched = True
