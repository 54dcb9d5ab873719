"""Table-driven cases for the small readers: dates, PHP serialization, YAML line repairs."""
from __future__ import annotations

import pytest

from wpclean.parsing import dates, frontmatter, php, yamlrepair


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2016-05-29 18:38:06", "2016-05-29T18:38:06"),
        ("2011-12-30 19:30:04+00:00", "2011-12-30T19:30:04+00:00"),
        ("2010-09-24 10:05:39 +0100", "2010-09-24T10:05:39+01:00"),
        ("2020-01-09T09:31:28.000Z", "2020-01-09T09:31:28Z"),
        ("2020-01-09T09:31:28.250Z", "2020-01-09T09:31:28.250Z"),
        ("2011-07-13 16:32", "2011-07-13T16:32:00"),
        ("2018-05-04", "2018-05-04"),
        ("2014-02-09T19:35:05-05:00", "2014-02-09T19:35:05-05:00"),
        ("0000-00-00 00:00:00", None),
        ("-001-11-30T00:00:00+00:00", None),
        ("2016-02-30", None),
        ("yesterday", None),
        ("Fri, 06 Jan 2017 11:11:24 +0000", "2017-01-06T11:11:24+00:00"),  # blog2md copies the WXR pubDate
        ("6 Jan 2017 09:00:00 -0500", "2017-01-06T09:00:00-05:00"),
        ("Fri, 31 Feb 2017 11:11:24 +0000", None),
    ],
)
def test_dates(text, iso):
    assert dates.to_iso(text) == iso


@pytest.mark.parametrize(
    "text, value",
    [
        ('a:2:{i:0;s:1:"x";i:1;s:1:"y";}', ["x", "y"]),
        ('a:1:{s:3:"key";s:3:"hé";}', {"key": "hé"}),  # lengths count UTF-8 bytes
        ('O:8:"stdClass":1:{s:2:"id";s:2:"-1";}', {"id": "-1"}),
        ("b:1;", "true"),
        ("i:42;", "42"),
        ("N;", ""),
    ],
)
def test_php_unserialize(text, value):
    assert php.unserialize(text) == value


@pytest.mark.parametrize(
    "text, says",
    [
        ('a:2:{i:0;s:1:"x";', "the value ends early, at byte 17"),
        ('s:10:"short";', "string runs past the end"),
        ('a:1:{s:1:"k";X:1;}', "unknown type b'X:' at byte 13"),
        ('O:8:"stdClass":1:{', "the value ends early, at byte 18"),
        ("a:99999999999:{", "the value ends early, at byte 15"),
        ('s:x:"a";', "bad string length 'x'"),
        ("a:y:{}", "bad element count 'y'"),
        ("a:1{}", "expected b':' after byte 2"),
        ('s:1:"ab";', "expected b'\";' at byte 6"),
        ('s:1:"a";x', "trailing data at byte 8"),
        ("a:1:{a:0:{}s:1:\"v\";}", "array key is not a scalar"),
        ("a:1:{i:0;" * 70 + "N;" + "}" * 70, "nested too deeply"),
        ("a:1:[]", "expected b'{' at byte 4"),
    ],
)
def test_php_rejects_damaged_values(text, says):
    with pytest.raises(php.PHPError) as raised:
        php.unserialize(text)
    assert str(raised.value) == says


@pytest.mark.parametrize(
    "line, repaired",
    [
        ("title: Tips: and tricks", "title: 'Tips: and tricks'"),
        ("title: Issue #5 fixed", "title: 'Issue #5 fixed'"),
        ("title: 'It's here'", "title: 'It''s here'"),
        ("title: 'It's here", "title: 'It''s here'"),
        ('title: "The "Best" Post"', "title: 'The \"Best\" Post'"),
        ('title: "Quoted" and more', "title: '\"Quoted\" and more'"),
        ('path: "C:\\Users\\me"', 'path: "C:\\\\Users\\\\me"'),
        ('path: "tab\\there"', None),
        ("\t- item", "  - item"),
        ("title: plain words", None),
        ("title: 'fine: quoted'", None),
        ("url: http://example.com/a", None),
    ],
)
def test_yaml_line_repairs(line, repaired):
    fixed, done = yamlrepair.repair(line)
    assert (fixed if done else None) == repaired


@pytest.mark.parametrize(
    "text, kind, yaml_text, body",
    [
        ("---\na: 1\n---\nbody\n", "yaml", "a: 1", "body\n"),
        ("\n\n---\na: 1\n---\nbody", "yaml", "a: 1", "body"),
        ("---\n---\nbody\n", "yaml", "", "body\n"),
        ("---\na: 1\n...\nbody\n", "yaml", "a: 1", "body\n"),
        ("---\na: 1\nb: 2\n\nBody text.\n", "yaml", "a: 1\nb: 2", "Body text.\n"),
        ("---\na: 1\nb: 2\nBody text.\n", "yaml", "a: 1\nb: 2", "Body text.\n"),
        ("---\nurl:\n  - >\n    http://x/\n [ad_1]\n<br><p>Text</p>\n", "yaml", "url:\n  - >\n    http://x/", " [ad_1]\n<br><p>Text</p>\n"),
        ("Title: T\nDate: 2020-01-01\n\nBody\n", "pelican", None, "Body\n"),
        ("Note: this is prose.\nIt goes on.\n", "none", None, "Note: this is prose.\nIt goes on.\n"),
        ("Just text\n", "none", None, "Just text\n"),
    ],
)
def test_front_matter_split(text, kind, yaml_text, body):
    split = frontmatter.split(text)
    assert (split.kind, split.yaml_text, split.body) == (kind, yaml_text, body)
    if kind == "yaml" and not split.repaired_fence:
        assert split.opening + split.yaml_text + split.closing + split.body == text


def test_tab_indented_block_scalars_are_reindented():
    text = "original_title:\n\t- >\n\tAnalysis: Change Transit Tour\n\tCommunity Day\noriginal_link:\n\t- >\n\thttp://x/\n"
    fixed, done = yamlrepair.repair(text)
    assert fixed == (
        "original_title:\n  - >\n    Analysis: Change Transit Tour\n    Community Day\n"
        "original_link:\n  - >\n    http://x/\n"
    )
    assert {r.code for r in done} == {"WPC104"}
