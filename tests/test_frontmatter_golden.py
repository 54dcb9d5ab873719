"""Golden front matter: hand-written expectations for the seed and the real exports."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import wpclean
from conftest import FIXTURES, REAL, SEED, split_output

GOLDEN = sorted((FIXTURES / "frontmatter").glob("*.yaml"))


def _input_for(golden: Path) -> Path:
    for folder in (REAL, SEED):
        candidate = folder / f"{golden.stem}.md"
        if candidate.exists():
            return candidate
    raise AssertionError(f"no input for {golden.name}")


def test_there_are_enough_goldens():
    assert len(GOLDEN) >= 11
    assert any(g.stem == "bernie-online-army" for g in GOLDEN)


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem[:50])
def test_front_matter_matches_golden(golden: Path):
    expected = yaml.safe_load(golden.read_text(encoding="utf-8"))
    result = wpclean.clean_path(_input_for(golden))
    assert result.error is None, result.error
    actual, _ = split_output(result.text)
    assert actual == expected
    if result.document.front_matter.dirty:  # a kept block keeps its own order
        assert list(actual) == list(expected), "keys are written in the documented order"


def test_seed_acceptance_values():
    """Issue 2's acceptance, value by value, as yaml.safe_load reads them."""
    import datetime

    result = wpclean.clean_path(SEED / "bernie-online-army.md")
    fm, _ = split_output(result.text)
    assert fm["title"] == "Bernie Won’t Get the Nomination. But His Online Army Isn’t Done"
    assert fm["date"] == datetime.datetime(2016, 5, 29, 18, 38, 6)
    assert fm["slug"] == "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
    assert fm["author"] == "Staff Writer"
    assert fm["categories"] == ["Business", "Bernie Sanders", "election 2016", "Hillary Clinton"]
    assert fm["draft"] is False
    wired = "https://www.wired.com/2016/05/bernie-wont-get-nomination-online-army-isnt-done/"
    assert fm["canonical_url"] == wired and fm["source_url"] == wired
    assert fm["aliases"] == ["/bernie-wont-get-the-nomination-but-his-online-army-isnt-done/"]
    assert fm["wordpress_id"] == 4078


def test_seed_json_record_carries_the_same_values():
    from wpclean.render.record import record

    result = wpclean.clean_path(SEED / "bernie-online-army.md")
    rec = record(result.document, "bernie-online-army.md")
    assert rec["title"] == "Bernie Won’t Get the Nomination. But His Online Army Isn’t Done"
    assert rec["date"] == "2016-05-29T18:38:06"
    assert rec["slug"] == "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
    assert rec["author"] == "Staff Writer"
    assert rec["categories"] == ["Business", "Bernie Sanders", "election 2016", "Hillary Clinton"]
    assert rec["draft"] is False and rec["status"] == "publish"
    assert rec["canonical_url"] == rec["source_url"] == (
        "https://www.wired.com/2016/05/bernie-wont-get-nomination-online-army-isnt-done/"
    )
    assert rec["aliases"] == ["/bernie-wont-get-the-nomination-but-his-online-army-isnt-done/"]
    assert rec["id"] == 4078


def test_front_matter_that_needs_no_fix_keeps_its_bytes():
    source = (REAL / "abdala__2011-12-30-construindo-um-framework-php.md").read_text(encoding="utf-8")
    result = wpclean.clean_text(source)
    block = source[: source.index("\n---\n", 3) + 5]
    assert result.text.startswith(block)


@pytest.mark.parametrize(
    "front_matter, key, expected",
    [
        ("time: 10:00", "time", "10:00"),
        ("zip: 012345", "zip", "012345"),
        ("answer: no", "answer", "no"),
        ("version: 1.10", "version", "1.10"),
    ],
)
def test_scalars_survive_as_written(front_matter, key, expected):
    """Strings-only loading: wpclean never turns `1.10` into 1.1 or `no` into False."""
    text = f"---\ntitle: T\n{front_matter}\nstatus: publish\n---\nBody.\n"
    result = wpclean.clean_text(text)
    line = next(line for line in result.text.splitlines() if line.startswith(f"{key}:"))
    assert line == f"{key}: {expected}"


@pytest.mark.parametrize(
    "target, names",
    [
        ("generic", {"date", "aliases", "image"}),
        ("hugo", {"date", "aliases", "image"}),
        ("jekyll", {"date", "redirect_from", "image"}),
        ("astro", {"pubDate", "aliases", "heroImage", "description"}),
        ("eleventy", {"date", "aliases", "image"}),
    ],
)
def test_targets_name_keys_their_way_and_read_them_back(target, names):
    result = wpclean.clean_path(SEED / "bernie-online-army.md", wpclean.Config(target=target))
    fm, _ = split_output(result.text)
    assert names <= set(fm)
    assert wpclean.clean_text(result.text, wpclean.Config(target=target)).text == result.text
    from wpclean.render.record import record

    rec = record(result.document, "seed.md")  # JSON keeps one schema whatever the target
    # a site generator would guess the zone of a date without one: the seed says none, so UTC
    assert rec["date"] == ("2016-05-29T18:38:06" if target == "generic" else "2016-05-29T18:38:06+00:00")
    assert rec["aliases"] and rec["image"]
