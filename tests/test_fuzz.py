"""Property tests: WordPress-like documents built from the pieces real exports hold, and mutated real exports.

Properties: no exception escapes `clean_text`; output that is written is stable
(cleaning it again changes nothing); a generated document (not garbage) is
never refused by the safety net.  The quick profile runs with the suite,
derandomized so CI sees what a developer saw; `WPCLEAN_FUZZ_EXAMPLES=10000
pytest -m fuzz` runs the long one.  Every crash found here becomes a named case
in test_crashes.py.
"""
from __future__ import annotations

import html
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wpclean
from conftest import DOCUMENTS

EXAMPLES = int(os.environ.get("WPCLEAN_FUZZ_EXAMPLES", "120"))
PROFILE = settings(
    max_examples=EXAMPLES, derandomize=EXAMPLES <= 500, deadline=None, suppress_health_check=list(HealthCheck)
)
pytestmark = pytest.mark.fuzz

WORDS = st.sampled_from(
    "the post café 2016 voters Über naïve data_set foo-bar x y z 1984. # - + > * _ ~ | ! ( ) [ ] { } & ; : ' \"".split()
)
URLS = st.sampled_from([
    "https://example.com/a", "http://www.wired.com/2016/05/x/?utm_source=feed", "/wp-content/uploads/2016/05/a-300x200.jpg",
    "https://example.com/My File.pdf", "t://]", "h://[", "http://[::1", "mailto:a@example.org", "#top", "../2020/01/x.md",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "{static}/images/a.png", "javascript:alert(1)", "file:///C:/x.txt",
])  # fmt: skip


@st.composite
def prose(draw) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=12)))


@st.composite
def html_piece(draw) -> str:
    text, url = draw(prose()), draw(URLS)
    attr = html.escape(text)  # WordPress escapes attribute values (esc_attr)
    return draw(st.sampled_from([
        f"<p>{text}</p>", f"<p><strong>{text}</strong> <em>{text}</em></p>", f'<p><a href="{url}">{text}</a></p>',
        f'<p><img src="{url}" alt="{attr}"></p>', f"<p>curre<span>n</span>tly {text}<br>{text}</p>",
        f"<ul><li>{text}</li><li>{text}</li></ul>", f"<blockquote><p>{text}</p></blockquote>",
        f"<pre><code>{text}\n~~~\n```\n{text}</code></pre>", f"<h2>{text}</h2>", f"<div class=\"x\">\n{text}\n\n{text}\n</div>",
        f'<figure><img src="{url}" alt="{attr}"><figcaption>{text}</figcaption></figure>', f"{text} &amp; &nbsp; &#8217;",
        f"<table><tr><td>{text}</td><td>{text}</td></tr></table>", f"<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->",
    ]))  # fmt: skip


@st.composite
def markdown_piece(draw) -> str:
    text, url = draw(prose()), draw(URLS)
    return draw(st.sampled_from([
        text, f"## {text}", f"- {text}\n- {text}", f"> {text}", f"[{text}]({url})", f"![{text}]({url})", f"[{text}](<{url}>)",
        f"`{text}`", f"```\n{text}\n```", f"    {text}", f"*{text}* and **{text}**", f"<{url}>", f"[{text}][ref]\n\n[ref]: {url}",
        f"{text}\\[{text}\\]", f"<span>{text}</span> {text}", f'<p markdown="1">[{text}]({url})</p>', f"{text}```\n{text}\n```{text}",
    ]))  # fmt: skip


@st.composite
def shortcode_piece(draw) -> str:
    text, url = draw(prose()), draw(URLS)
    return draw(st.sampled_from([
        f'[caption id="attachment_1" width="300"]<img src="{url}" alt="{html.escape(text)}"> {text}[/caption]',
        f'[caption id="a"]![{text}]({url}) {text}[/caption]', f'\\[caption id="attachment\\_2"\\][![{text}]({url})]({url}) {text}\\[/caption\\]',
        '[gallery ids="1,2,3"]', f"[embed]{url}[/embed]", f"[youtube {url}]", f"[code]{text}[/code]", f"\\[js\\]{text}\\[/js\\]",
        f"[vc_row][vc_column]{text}[/vc_column][/vc_row]", "[ad_1]", "\\[ad\\_2\\]", f"[unknown_plugin x=1]{text}", f"[{text}]",
        f"[caption]{text}", "[gallery ",
    ]))  # fmt: skip


FRONT_MATTER = st.sampled_from([
    "", "---\ntitle: A post\n---\n", "---\ntitle: 'It''s: here'\ndate: 2016-05-29 18:38:06\ncategories: [News, Tips]\n---\n",
    "---\npost_title: Real Title\ntitle: >\npost_date: 2011-03-02 10:00:00\n---\n", "Title: Pelican\nDate: 2019-09-14\n\n",
    "---\ntitle: x\npermalink: http://old.example/2016/05/post/\ntags:\n- a\n- b\n---\n", "title: Hexo\ndate: 2008-09-29\n---\n",
    "---\ntitle: !binary |-\n  RnVu\n---\n",
])  # fmt: skip


@st.composite
def document(draw, glues: tuple[str, ...] = ("\n\n",)) -> str:
    """Front matter and pieces; by default each piece a block of its own, as exports write them."""
    pieces = draw(st.lists(st.one_of(html_piece(), markdown_piece(), shortcode_piece()), min_size=1, max_size=8))
    return draw(FRONT_MATTER) + draw(st.sampled_from(glues)).join(pieces) + "\n"


def _clean(text: str) -> wpclean.Result:
    return wpclean.clean_text(text)  # an exception escaping here fails the property


def _stable(text: str) -> bool:
    """Cleaning the output again changes nothing (an empty output, from a post that was only an ad
    marker, is refused as empty input by design: there is nothing to clean twice)."""
    return not text.strip() or wpclean.clean_text(text, wpclean.Config(dialect="markdown")).text == text


@PROFILE
@given(document())
def test_generated_documents_are_written_and_stable(text: str):
    result = _clean(text)
    assert result.error is None, f"{result.error.line_text()}\n--- input ---\n{text}"
    assert _stable(result.text), f"unstable\n--- input ---\n{text}"


@PROFILE
@given(document(glues=("\n", " ")))
def test_glued_pieces_never_crash_and_what_is_written_is_stable(text: str):
    """Pieces glued on one line or without blank lines: a refusal is allowed (it names what it would lose), a crash is not."""
    result = _clean(text)
    if result.error is None:
        assert _stable(result.text), f"unstable\n--- input ---\n{text}"


@st.composite
def mutated_fixture(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(DOCUMENTS)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if action == "insert":
            data[at:at] = chunk
        elif action == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


@PROFILE
@given(mutated_fixture())
def test_mutated_exports_never_crash_and_what_is_written_is_stable(data: bytes):
    result = wpclean.clean_bytes(data, "mutated.md")
    if result.error is None:
        assert _stable(result.text)
