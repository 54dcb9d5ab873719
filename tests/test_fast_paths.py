"""Each fast path taken for speed gives exactly what the slower code it stands in for gives."""
from __future__ import annotations

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
