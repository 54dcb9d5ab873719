"""Finding codes (stable, never reused), their severities, and the Finding record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"

#: code -> (severity, one-line description).  Codes are never renumbered or reused.
CODES: dict[str, tuple[str, str]] = {
    # front matter
    "WPC100": (ERROR, "front matter is not valid YAML and could not be repaired"),
    "WPC101": (ERROR, "front matter is opened but never closed, and its end is ambiguous"),
    "WPC102": (WARNING, "missing closing front-matter fence added"),
    "WPC103": (INFO, "Pelican-style 'Key: value' header converted to YAML front matter"),
    "WPC104": (WARNING, "tab indentation in front matter replaced with spaces"),
    "WPC105": (WARNING, "unquoted ': ' or ' #' inside a value quoted"),
    "WPC106": (WARNING, "invalid escape in a double-quoted string repaired"),
    "WPC107": (WARNING, "unbalanced quotes in a value repaired"),
    "WPC108": (WARNING, "duplicate front-matter key; the last value wins"),
    "WPC109": (INFO, "PHP-serialized value unserialized"),
    "WPC110": (WARNING, "PHP-serialized value could not be read and was dropped"),
    "WPC111": (WARNING, "front-matter entry with an empty key dropped"),
    "WPC112": (ERROR, "front matter uses a YAML tag that is not allowed"),
    "WPC113": (ERROR, "front matter uses YAML anchors or aliases, which are refused"),
    "WPC114": (ERROR, "front matter is not a mapping"),
    "WPC115": (INFO, "folded scalar or single-item list unwrapped to a string"),
    "WPC116": (INFO, "HTML entities in a text field decoded"),
    "WPC117": (INFO, "base64 !binary value decoded to text"),
    "WPC118": (WARNING, "missing opening front-matter fence added"),
    "WPC120": (WARNING, "post has no title"),
    "WPC121": (WARNING, "date is not a valid date and was dropped"),
    "WPC122": (INFO, "slug derived from the title"),
    "WPC123": (WARNING, "two posts want the same output path; a suffix was added"),
    "WPC124": (WARNING, "another post has the same slug"),
    "WPC126": (INFO, "front matter keys or values are not normalized"),
    "WPC125": (WARNING, "another post has the same title"),
    "WPC127": (WARNING, "output file name too long for a file system; shortened, with a hash"),
    "WPC128": (INFO, "post has no date"),
    # links
    "WPC201": (WARNING, "link to an old-site page that is not in the export"),
    "WPC202": (INFO, "feed-proxy link whose target is not written in the URL"),
    "WPC203": (INFO, "media still hosted on the old site"),
    "WPC204": (WARNING, "http link to a host that serves https"),
    "WPC205": (WARNING, "tracking parameters in a link"),
    "WPC206": (WARNING, "redirect wrapper around a link"),
    "WPC207": (WARNING, "link to the old site"),
    "WPC208": (INFO, "link is not in canonical form"),
    "WPC209": (INFO, "Pelican {static}/{filename} path prefix made a plain path"),
    # ads, boilerplate, shortcodes
    "WPC301": (WARNING, "unknown shortcode kept as written"),
    "WPC302": (INFO, "ad marker removed"),
    "WPC303": (INFO, "element removed by an ads selector (script, share block, hidden text)"),
    "WPC304": (INFO, "skip link removed"),
    "WPC305": (INFO, "pullquote removed"),
    "WPC306": (INFO, "Source trailer removed; its URL is the source_url"),
    "WPC307": (INFO, "tracking pixel removed"),
    "WPC308": (WARNING, "WordPress shortcode"),
    "WPC309": (WARNING, "Gutenberg block comments"),
    "WPC310": (WARNING, "code-plugin tag stranded inside a code fence"),
    "WPC311": (INFO, "pandoc/kramdown attribute block after an image removed"),
    # figures and media
    "WPC401": (WARNING, "image without alt text"),
    "WPC402": (WARNING, "embed from an unknown provider kept as HTML"),
    "WPC403": (WARNING, "gallery of attachment ids without image URLs"),
    "WPC404": (INFO, "thumbnail linked to its own original"),
    "WPC405": (WARNING, "image with a script URL (javascript:) dropped; its alt text kept"),
    "WPC406": (INFO, "WordPress smiley or emoji image written as the emoji"),
    # HTML / Markdown
    "WPC501": (INFO, "element has no Markdown form and was kept as cleaned HTML"),
    "WPC502": (WARNING, "raw WordPress HTML (wpclean converts it to Markdown)"),
    "WPC503": (WARNING, "inline HTML or HTML entities in Markdown"),
    "WPC504": (INFO, "the body is empty or only an embed"),
    "WPC505": (WARNING, "code fence glued to a line of prose"),
    "WPC506": (INFO, "HTML entity in Markdown written as its character"),
    # media (--media)
    "WPC601": (ERROR, "media file could not be downloaded; the post refers to where it should be"),
    "WPC602": (ERROR, "media file not written: another file is already there (or claims the place)"),
    # input / IO / internal
    "WPC901": (ERROR, "file is not valid UTF-8"),
    "WPC902": (ERROR, "file is binary or contains NUL bytes"),
    "WPC903": (ERROR, "file is empty"),
    "WPC904": (INFO, "file decoded with the fallback encoding"),
    "WPC905": (ERROR, "file could not be read or written"),
    "WPC906": (ERROR, "output path would leave the output directory"),
    "WPC907": (ERROR, "not a regular file (a FIFO, device or socket); skipped without reading"),
    "WPC908": (ERROR, "file changed on disk while wpclean ran; not overwritten"),
    "WPC909": (ERROR, "file or front matter over its size limit; skipped"),
    "WPC910": (ERROR, "file took longer than the time limit; skipped, the run went on"),
    "WPC911": (ERROR, "file has several hard links; not replaced, which would split them"),
    "WPC912": (ERROR, "symlink to a file or folder outside the source tree; not followed"),
    "WPC913": (ERROR, "a file in OUT that this tool did not write (or that was edited since); not replaced without --force"),
    "WPC914": (ERROR, "an item of a WordPress XML export could not be read; the other items went on"),
    "WPC915": (WARNING, "a WordPress XML item is password-protected or private; written as a draft"),
    "WPC990": (ERROR, "internal error in wpclean (a bug: please report it)"),
    "WPC991": (ERROR, "safety check failed; the file was not written (a bug: please report it)"),
}


#: code -> a short example of what triggers it (for `wpclean rules`)
EXAMPLES: dict[str, str] = {
    "WPC100": "tags: [one, two", "WPC101": '---\ntitle: "Hi\nBody', "WPC102": "---\ntitle: Hi\n<p>Body",
    "WPC103": "Title: Hi\nDate: 2019-09-14", "WPC104": "categories:\n\t- News", "WPC105": "title: Tips: tricks",
    "WPC106": 'path: "C:\\Users"', "WPC107": "title: 'It's here'", "WPC108": "title: A\ntitle: B",
    "WPC109": "meta: a:1:{s:1:\"k\";s:1:\"v\";}", "WPC110": "meta: a:1:{s:9:\"k", "WPC111": ": value",
    "WPC112": "title: !!python/object/apply:os.system", "WPC113": "b: *a", "WPC114": "---\n- a list\n---",
    "WPC115": "original_link:\n  - >\n    http://x/", "WPC116": "post_title: A &amp; B",
    "WPC117": "title: !binary |-\n  SGk=", "WPC118": "title: Hi\n---",
    "WPC120": "(no title key)", "WPC121": "date: 0000-00-00 00:00:00", "WPC122": "(no permalink or slug)",
    "WPC123": "two posts with slug hello", "WPC124": "two posts with slug hello", "WPC125": "two posts titled Hello",
    "WPC126": "post_title: Hello", "WPC201": "[old](http://oldsite.com/2015/gone/)",
    "WPC202": "http://feeds.feedburner.com/~r/site/~3/abc/", "WPC203": "http://oldsite.com/wp-content/uploads/a.jpg",
    "WPC204": "http://www.nytimes.com/a", "WPC205": "https://x.com/?utm_source=feed",
    "WPC206": "https://news.google.com/news/url?url=https://x.com/a", "WPC207": "[post](http://oldsite.com/hello/)",
    "WPC208": "HTTP://X.COM:80/a", "WPC209": "![a]({static}/images/a.png)", "WPC301": '[wbcr_snippet id="514"]', "WPC302": "[ad_1]",
    "WPC303": '<ins class="adsbygoogle">', "WPC304": "Go Back to Top. Skip To: Start of Article.",
    "WPC305": '<p class="pullquote">', "WPC306": '<a href="...">Source</a>', "WPC307": '<img width="1" height="1">',
    "WPC308": "[caption]...[/caption]", "WPC309": "<!-- wp:paragraph -->", "WPC310": '```\n<pre class="brush: bash">',
    "WPC311": "![a](a.png){.aligncenter width=300}",
    "WPC401": '<img src="a.png" alt="">', "WPC402": '<iframe src="https://maps.example.com/">',
    "WPC403": '[gallery ids="1,2"]', "WPC404": '<a href="a.jpg"><img src="a-300x200.jpg"></a>',
    "WPC405": '<img src="javascript:alert(1)" alt="x">', "WPC406": '<img class="wp-smiley" src=".../smilies/icon_smile.gif">',
    "WPC501": "<sup>2</sup>", "WPC502": "<p>Hello</p>", "WPC503": "Some &hellip; and <span>x</span>",
    "WPC504": "(empty body)", "WPC505": "as follows:```", "WPC506": "Tom &amp; Jerry", "WPC901": "caf\\xe9 in cp1252", "WPC902": "a NUL byte", "WPC903": "(empty file)",
    "WPC904": "--encoding-fallback cp1252", "WPC905": "(unreadable file)", "WPC906": "--path-template '../{slug}.md'", "WPC907": "mkfifo export/x.md", "WPC908": "an edit saved during clean --in-place",
    "WPC909": "a 50 MB post", "WPC910": "a post that takes over 30 s", "WPC911": "ln post.md other.md",
    "WPC912": "ln -s /etc export/x.md", "WPC913": "a hand-written OUT/about.md", "WPC127": "a 300-character slug", "WPC128": "(no date: key)",
    "WPC601": "a 404 for wp-content/uploads/2016/05/a.jpg", "WPC602": "a hand-made OUT/media/2016/05/a.jpg",
    "WPC914": "an <item> cut off by a truncated export", "WPC915": "<wp:post_password>secret</wp:post_password>",
    "WPC990": "(a wpclean bug)", "WPC991": "(a wpclean bug caught before writing)",
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """Something worth telling about a file, at a position, with a stable code."""

    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str
    fixed: bool = False

    @classmethod
    def make(cls, path: str, line: int, col: int, code: str, message: str, *, fixed: bool = False) -> "Finding":
        return cls(path, line, col, code, CODES[code][0], message, fixed)

    def line_text(self) -> str:
        """The one-line form: `path:line:col: CODE message`."""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fixed": self.fixed,
        }
