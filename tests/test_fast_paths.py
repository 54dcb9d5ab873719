"""Each fast path taken for speed gives exactly what the slower code it stands in for gives."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.helpers import parseLinkDestination

from wpclean.parsing.markdown import _link_destination

#: the characters link destinations turn on: brackets, parentheses, escapes, spaces, controls, entities
_DESTINATION_TEXT = st.text(alphabet=list("ab()<>\\ \n\t\x00\x1f\x7f&;#x1/:é%"), min_size=1, max_size=16)


@settings(max_examples=3000, deadline=None)
@given(_DESTINATION_TEXT, st.data())
def test_link_destination_reads_as_markdown_it_does(text, data):
    pos = data.draw(st.integers(0, len(text) - 1))
    maximum = data.draw(st.integers(pos + 1, len(text)))
    theirs, ours = parseLinkDestination(text, pos, maximum), _link_destination(text, pos, maximum)
    assert ours.ok == theirs.ok
    if theirs.ok:
        assert (ours.pos, ours.str) == (theirs.pos, theirs.str)


#: what URL spots, shortcodes, ad markers and HTML signals are made of
_MARKUP_TEXT = st.lists(
    st.sampled_from(["](", "<", ">", "http://a", "https://b", "ftp://c", "href", "src", "link", "=", '"', "]:",
                              "[", "]", "\\", "\n", " ", "  ", "\t", "x", "(", ")", "&amp;", "&#1;", "ad_1", "vc_row", "/"]),
    max_size=30,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_MARKUP_TEXT)
def test_url_spots_chosen_for_a_text_find_what_every_spot_finds(text):
    from wpclean.transforms.links import _URL_SPOTS, _url_spots

    every = re.compile("|".join(spot for _, spot in _URL_SPOTS), re.M)

    def found(pattern):
        return [(m.span(), m.lastgroup, {k: v for k, v in m.groupdict().items() if v is not None}) for m in pattern.finditer(text)]

    assert found(_url_spots(text)) == found(every)


#: each pattern rewritten to start with the character it finds, and the form it stands in for
_REWRITTEN = [
    ("wpclean.parsing.regions", "NEEDS_PARSE_RE",
     r"<(?:/?[A-Za-z][\w-]*(?=[\s/>])|!)|(?<!\\)&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"),
    ("wpclean.parsing.shortcodes", "_OPEN_RE", r"(\\?)\[(\[?)([A-Za-z_][\w-]*)(?=[\s\]/=\\])"),
    ("wpclean.render.mdwriter", "_SPACES_RE", r"(?<=\S) {2,}"),
]


@settings(max_examples=2000, deadline=None)
@given(_MARKUP_TEXT)
def test_patterns_written_for_speed_match_where_their_plain_forms_do(text):
    import importlib

    for module, name, plain in _REWRITTEN:
        fast, slow = getattr(importlib.import_module(module), name), re.compile(plain)
        assert [(m.span(), bool(m.group(1)) if m.re.groups else None) for m in fast.finditer(text)] == [
            (m.span(), bool(m.group(1)) if m.re.groups else None) for m in slow.finditer(text)
        ], name


@settings(max_examples=1000, deadline=None)
@given(_MARKUP_TEXT)
def test_ad_marker_pattern_matches_where_its_plain_form_does(text):
    from wpclean.config import AdsConfig
    from wpclean.transforms.ads import _rules

    ads = AdsConfig()
    names = "|".join("(?:" + m.replace("_", r"\\?_") + ")" for m in ads.markers)
    plain = re.compile(rf"\\?\[\s*(?:{names})\s*\\?\]", re.I)
    markers = _rules(ads)[0]
    assert [m.span() for m in markers.finditer(text)] == [m.span() for m in plain.finditer(text)]
