"""One URL made canonical: redirect wrappers unwrapped, tracking removed, scheme and host tidied.

Nothing here fetches anything: a wrapper is unwrapped only when its target is
written inside the URL itself.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}
_UNRESERVED_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SIGNED_PARAMS = re.compile(r"(?:^|_|-)(?:signature|sig|x-amz-signature|expires|token|hmac)$", re.I)
# feedsportal's URL encoding: 0L0Swired0N0C... is http://www.wired.com/...
_FEEDSPORTAL = {
    "A": "0", "B": ".", "C": "/", "D": "?", "E": "-", "F": "=", "G": "&", "H": ",", "I": "_", "J": "%",
    "K": "+", "L": "http://", "M": "https://", "N": ".com", "O": ".co.uk", "P": ";", "Q": "|", "R": ":",
    "S": "www.", "T": "#", "U": "$", "V": "~", "W": "!", "X": "(", "Y": ")", "Z": "Z",
}  # fmt: skip
_FEEDSPORTAL_RE = re.compile(r"/l/(0[LM][0-9A-Za-z]+?)(?:/story\d+\.htm|/?$)")
_AMP_CACHE_RE = re.compile(r"^[\w-]+\.cdn\.ampproject\.org$")


def split_url(url: str) -> SplitResult:
    """`urlsplit`, except that a URL Python refuses (`t://]`, a broken bracketed host) is all path, left as written."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")


@dataclass(frozen=True)
class Policy:
    """What canonicalization may do; built from `links:` config."""

    https_hosts: frozenset[str] = frozenset()
    tracking_params: frozenset[str] = frozenset()
    tracking_prefixes: tuple[str, ...] = ("utm_",)
    #: hosts where `ref` and `source` are tracking too
    tracker_hosts: frozenset[str] = frozenset()


def host_in(host: str, hosts: frozenset[str]) -> bool:
    """`host` or one of its parent domains is in `hosts` (`www.wired.com` is in `{wired.com}`)."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in hosts for i in range(len(labels)))


def decode_feedsportal(encoded: str) -> str:
    out, i = [], 0
    while i < len(encoded):
        if encoded[i] == "0" and i + 1 < len(encoded) and encoded[i + 1] in _FEEDSPORTAL:
            out.append(_FEEDSPORTAL[encoded[i + 1]])
            i += 2
        else:
            out.append(encoded[i])
            i += 1
    return "".join(out)


_WRAPPER_HINT_RE = re.compile(r"0L0[SM]|/l/0|news/url|google\.[a-z.]+/url|l\.php|/l/|umblr|reddit|ampproject|/redirect", re.I)


def unwrap(url: str) -> tuple[str, str | None]:
    """The URL a redirect wrapper hides, and which wrapper it was; (url, None) when none."""
    if not _WRAPPER_HINT_RE.search(url):
        return url, None
    parts = split_url(url)
    host, path = parts.netloc.lower(), parts.path
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "feedsportal.com" in host or "/0L0S" in path or "/0L0M" in path or "/l/0L" in path:
        match = _FEEDSPORTAL_RE.search(path)
        if match:
            return decode_feedsportal(match.group(1)), "feedsportal"
    if host.endswith("news.google.com") and path.startswith("/news/url") and query.get("url"):
        return query["url"], "Google News"
    if re.fullmatch(r"(?:www\.)?google\.[a-z.]+", host) and path == "/url":
        target = query.get("q") or query.get("url")
        if target and target.startswith(("http://", "https://")):
            return target, "Google redirect"
    if re.fullmatch(r"(?:l|lm|m|www)\.facebook\.com", host) and path in ("/l.php", "/l/") and query.get("u"):
        return query["u"], "Facebook redirect"
    if host == "t.umblr.com" and path.startswith("/redirect") and query.get("z"):
        return query["z"], "Tumblr redirect"
    if host == "out.reddit.com" and query.get("url"):
        return query["url"], "Reddit redirect"
    if host.endswith("youtube.com") and path == "/redirect" and query.get("q"):
        return query["q"], "YouTube redirect"
    if _AMP_CACHE_RE.match(host) and re.match(r"/[cvi]/(?:s/)?", path):
        rest = re.sub(r"^/[cvi]/(s/)?", "", path)
        scheme = "https" if "/s/" in path[:5] else "http"
        return f"{scheme}://{rest}" + (f"?{parts.query}" if parts.query else ""), "AMP cache"
    return url, None


def _normalize_escapes(component: str) -> str:
    """Decode escapes of unreserved characters; uppercase the rest (RFC 3986 §6.2.2)."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _UNRESERVED_ESCAPE_RE.sub(fix, component)


_CACHE: dict[tuple[str, Policy], tuple[str, tuple[str, ...]]] = {}


def canonicalize(url: str, policy: Policy) -> tuple[str, tuple[str, ...]]:
    """The canonical form of `url` and the reasons it changed (empty when it did not).

    Text that does not parse as a URL (`http://[\\w-]` in a regex tutorial) is left alone.
    Cached: the same URLs come back in every post of a site, and their canonical forms in the
    stability pass (canonical forms are fixed points, so each is cached as its own answer).
    """
    cached = _CACHE.get((url, policy))
    if cached is not None:
        return cached
    try:
        result, reasons = _canonicalize(url, policy)
    except ValueError:
        result, reasons = url, []
    if len(_CACHE) > 1 << 16:
        _CACHE.clear()
    answer = _CACHE[(url, policy)] = (result, tuple(reasons))
    _CACHE.setdefault((result, policy), (result, ()))
    return answer


@lru_cache(maxsize=1 << 14)
def host_of(url: str) -> str:
    """The lowercased host of a URL; "" for relative links and text that is no URL."""
    try:
        return (split_url(url).hostname or "").lower()
    except ValueError:
        return ""


def _canonicalize(url: str, policy: Policy) -> tuple[str, list[str]]:
    original = url
    reasons: list[str] = []
    url = html.unescape(url.strip())
    if url != original:
        reasons.append("whitespace or entities")
    for _ in range(3):  # wrappers can nest (a Google redirect to a feedsportal link)
        url, wrapper = unwrap(url)
        if wrapper is None:
            break
        reasons.append(f"{wrapper} unwrapped")
    if url.startswith("//"):
        url = "https:" + url
        reasons.append("protocol-relative made https")
    parts = split_url(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "ftp"):
        return url, reasons if url != original else []
    host = parts.hostname or ""
    netloc = parts.netloc
    if "@" not in netloc:
        port = parts.port if _valid_port(parts) else None
        netloc = host + (f":{port}" if port and str(port) != _DEFAULT_PORTS.get(scheme) else "")
    path = _normalize_escapes(parts.path)
    query = _clean_query(parts.query, host, policy, reasons)
    if scheme == "http" and host_in(host, policy.https_hosts):
        scheme = "https"
        reasons.append("https for a host that serves it")
    path, query = _amp(path, query, reasons)
    result = urlunsplit((scheme, netloc, path, query, parts.fragment))
    if result != original and not reasons:
        reasons.append("scheme, host or escapes normalized")
    return result, reasons if result != original else []


def _valid_port(parts: SplitResult) -> bool:
    try:
        return parts.port is not None
    except ValueError:
        return False


def _clean_query(query: str, host: str, policy: Policy, reasons: list[str]) -> str:
    """Drop tracking parameters; the others are kept exactly as written, in their order."""
    if not query:
        return query
    pairs = query.split("&")
    keys = [unquote(pair.split("=", 1)[0]).lower() for pair in pairs]
    if any(_SIGNED_PARAMS.search(key) for key in keys):
        return query  # signed: any change breaks it
    kept = [
        pair
        for pair, key in zip(pairs, keys)
        if not (
            key in policy.tracking_params
            or key.startswith(policy.tracking_prefixes)
            or (key in ("ref", "source") and host_in(host, policy.tracker_hosts))
        )
    ]
    if len(kept) != len(pairs):
        reasons.append("tracking parameters removed")
    return _normalize_escapes("&".join(kept))


def _amp(path: str, query: str, reasons: list[str]) -> tuple[str, str]:
    if re.search(r"(?:^|&)amp(?:=1)?(?:&|$)", query):
        query = re.sub(r"(?:^|&)amp(?:=1)?(?=&|$)", "", query).lstrip("&")
        reasons.append("AMP parameter removed")
    if re.search(r"/amp/?$", path) and path.count("/") > 2:
        path = re.sub(r"/amp/?$", "/", path)
        reasons.append("AMP path made canonical")
    return path, query


def same_file_without_size(url: str) -> str:
    """`.../photo-300x200.jpg` -> `.../photo.jpg` (WordPress's sized variants of an upload)."""
    return re.sub(r"-\d{2,5}x\d{2,5}(?=\.\w{2,5}(?:[?#]|$))", "", url)


def path_key(url: str) -> str:
    """The path of a URL as an index key: unquoted, no trailing slash, no `index.html`."""
    path = unquote(split_url(url).path)
    path = re.sub(r"/(?:index\.(?:html?|php))?$", "", path)
    return path or "/"
