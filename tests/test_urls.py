"""links.canonicalize, URL by URL: hand-written expectations, including URLs that must not change."""
from __future__ import annotations

import pytest

from wpclean.config import LinksConfig
from wpclean.links import urls
from wpclean.transforms.links import policy

POLICY = policy(LinksConfig(tracker_hosts=("example.org",)))

CASES = [
    # (input, expected) -- changed
    ("  http://www.wired.com/2016/05/x/  ", "https://www.wired.com/2016/05/x/"),
    ("HTTP://WWW.Example.COM/Path", "http://www.example.com/Path"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("//cdn.example.com/x.js", "https://cdn.example.com/x.js"),
    ("http://example.com/a?utm_source=feed&utm_medium=rss&id=7", "http://example.com/a?id=7"),
    ("http://example.com/a?id=7&fbclid=IwAR0&gclid=x#frag", "http://example.com/a?id=7#frag"),
    ("http://example.com/a?mc_cid=1&mc_eid=2&_ga=3&_hsenc=4&_hsmi=5&igshid=6&msclkid=7&dclid=8", "http://example.com/a"),
    ("http://example.org/post?ref=home&source=rss&x=1", "http://example.org/post?x=1"),
    ("http://example.net/post?ref=home&source=rss", "http://example.net/post?ref=home&source=rss"),
    ("http://example.com/%7Euser/%41bc", "http://example.com/~user/Abc"),
    ("http://example.com/a%2fb%3a", "http://example.com/a%2Fb%3A"),
    ("http://example.com/a?x=1&amp;y=2", "http://example.com/a?x=1&y=2"),
    (
        "http://feeds.wired.com/c/35185/f/661370/s/4e83f548/sc/23/l/0L0Swired0N0C20A160C0A50Cbernie0Ewont0Eget0Enomination0Eonline0Earmy0Eisnt0Edone0C/story01.htm",
        "https://www.wired.com/2016/05/bernie-wont-get-nomination-online-army-isnt-done/",
    ),
    (
        "http://news.google.com/news/url?sa=t&#038;fd=R&#038;ct2=us&#038;usg=AFQjCNEj5vdbIMfisu4tymY-1Yn1Qog5uw&#038;url=http://www.cnn.com/2016/01/12/europe/turkey-istanbul-explosion/",
        "https://www.cnn.com/2016/01/12/europe/turkey-istanbul-explosion/",
    ),
    ("https://www.google.com/url?q=http://example.com/a&sa=D&ust=1", "http://example.com/a"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2Fb%3Fx%3D1&h=AT0", "https://example.com/b?x=1"),
    ("https://t.umblr.com/redirect?z=http%3A%2F%2Fexample.com%2Fc&t=abc", "http://example.com/c"),
    ("https://out.reddit.com/t3_abc?url=https%3A%2F%2Fexample.com%2Fd&token=x", "https://example.com/d"),
    ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/e", "https://www.example.com/news/e"),
    ("https://example.com/2016/05/story/amp/", "https://example.com/2016/05/story/"),
    ("https://example.com/story?amp=1&id=2", "https://example.com/story?id=2"),
    # unchanged
    ("https://s3.amazonaws.com/b/k?X-Amz-Signature=abc&utm_source=x", None),
    ("https://example.com/Case/Sensitive/Path", None),
    ("https://example.com/a+b/c%2Fd", None),
    ("https://bücher.example/straße", None),
    ("mailto:someone@example.com?subject=Hi", None),
    ("tel:+1-555-0100", None),
    ("https://example.com/page#Section-2", None),
    ("../relative/path.html", None),
    ("images/photo-300x200.png", None),
    # a feed proxy hides its target: only the https rule (subdomains of reuters.com) applies
    ("http://feeds.reuters.com/~r/reuters/topNews/~3/qUJDIj7L45M/story01.htm",
     "https://feeds.reuters.com/~r/reuters/topNews/~3/qUJDIj7L45M/story01.htm"),
    ("http://[\\w-]+", None),
]


@pytest.mark.parametrize("url, expected", CASES, ids=[c[0][:60] for c in CASES])
def test_canonicalize(url, expected):
    result, reasons = urls.canonicalize(url, POLICY)
    assert result == (expected if expected is not None else url)
    assert bool(reasons) == (expected is not None and expected != url)


def test_canonicalize_is_idempotent():
    for url, expected in CASES:
        once, _ = urls.canonicalize(url, POLICY)
        assert urls.canonicalize(once, POLICY) == (once, ())


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://x.com/wp-content/uploads/2020/01/shot-1024x658.png", "https://x.com/wp-content/uploads/2020/01/shot.png"),
        ("https://x.com/wp-content/uploads/a-300x200.jpg?v=2", "https://x.com/wp-content/uploads/a.jpg?v=2"),
        ("https://x.com/wp-content/uploads/1920x1080-wallpaper.jpg", "https://x.com/wp-content/uploads/1920x1080-wallpaper.jpg"),
    ],
)
def test_sized_variants(url, expected):
    assert urls.same_file_without_size(url) == expected
