"""Known embed providers: from an iframe or oEmbed URL to the provider's canonical page URL."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote

from .links.urls import split_url

# (provider, pattern on the URL, canonical URL template)
_IFRAME_RULES = (
    ("youtube", re.compile(r"(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})"), "https://www.youtube.com/watch?v={0}"),
    ("vimeo", re.compile(r"(?:https?:)?//player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{0}"),
    ("spotify", re.compile(r"(?:https?:)?//open\.spotify\.com/embed/(\w+)/(\w+)"), "https://open.spotify.com/{0}/{1}"),
    ("dailymotion", re.compile(r"(?:https?:)?//(?:www\.)?dailymotion\.com/embed/video/(\w+)"), "https://www.dailymotion.com/video/{0}"),
)  # fmt: skip
_OEMBED_RE = re.compile(
    r"https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?|shorts/)|youtu\.be/|vimeo\.com/\d|twitter\.com/\w+/status/|"
    r"x\.com/\w+/status/|soundcloud\.com/|open\.spotify\.com/|gist\.github\.com/|instagram\.com/p/|"
    r"flickr\.com/photos/|(?:www\.)?ted\.com/talks/|slideshare\.net/|dailymotion\.com/video/|tiktok\.com/@)\S*",
    re.I,
)


def canonical_embed_url(src: str) -> str | None:
    """The page URL an embed plugin understands, for an iframe `src`; None for unknown providers."""
    src = src.strip()
    for _, pattern, template in _IFRAME_RULES:
        match = pattern.match(src)
        if match:
            return template.format(*match.groups())
    parts = split_url(src if "//" in src else "https://" + src)
    if parts.netloc.endswith("w.soundcloud.com"):
        target = parse_qs(parts.query).get("url")
        if target and target[0].startswith("http"):
            return unquote(target[0])
    return None


def is_oembed_url(text: str) -> bool:
    """Whether a bare URL is one WordPress (and Hugo, Astro, Eleventy plugins) would embed."""
    return _OEMBED_RE.fullmatch(text.strip()) is not None


_HUGO_RULES = (
    (re.compile(r"https://www\.youtube\.com/watch\?v=([\w-]+)$"), "{{{{< youtube {0} >}}}}"),
    (re.compile(r"https://vimeo\.com/(\d+)$"), "{{{{< vimeo {0} >}}}}"),
    (re.compile(r"https?://(?:www\.)?(?:twitter|x)\.com/(\w+)/status/(\d+)"), '{{{{< x user="{0}" id="{1}" >}}}}'),
    (re.compile(r"https://gist\.github\.com/([\w-]+)/(\w+)$"), "{{{{< gist {0} {1} >}}}}"),
    (re.compile(r"https?://(?:www\.)?instagram\.com/p/([\w-]+)"), "{{{{< instagram {0} >}}}}"),
)


def hugo_shortcode(url: str) -> str | None:
    """The Hugo built-in shortcode for an embed URL, or None when Hugo has none."""
    for pattern, template in _HUGO_RULES:
        match = pattern.match(url)
        if match:
            return template.format(*match.groups())
    return None


def shortcode_value(text: str) -> str:
    """A value for a Hugo shortcode parameter, in double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
