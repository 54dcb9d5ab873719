"""The site-wide view on a small export written for the test: internal links, media, redirects, duplicates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SEED, split_output, written
from wpclean.cli import app

SITE = FIXTURES / "site"
runner = CliRunner()


def _clean(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(SITE / "export"), "-o", str(out), "-j", "1", *extra])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("name", ["first-post", "second-post", "about"])
def test_internal_links_become_relative_paths(tmp_path: Path, name: str):
    out = _clean(tmp_path)
    _, body = split_output((out / f"{name}.md").read_text(encoding="utf-8"))
    assert body == (SITE / "expected" / f"{name}.md").read_text(encoding="utf-8")


def test_front_matter_image_follows_the_media(tmp_path: Path):
    fm, _ = split_output((_clean(tmp_path) / "first-post.md").read_text(encoding="utf-8"))
    assert fm["image"] == "/media/2016/05/pic.jpg"


def test_missing_post_is_reported_at_its_position(tmp_path: Path):
    result = runner.invoke(app, ["clean", str(SITE / "export"), "--dry-run", "-v", "-j", "1"])
    line = next(line for line in result.stderr.splitlines() if "WPC201" in line)
    assert line == (
        f"{SITE / 'export' / '2016-05-10-first-post.md'}:10:35: WPC201 link to an old-site page "
        "that is not in the export: http://www.oldsite.com/2015/01/gone-post/"
    )


def test_new_base_gives_absolute_links(tmp_path: Path):
    config = tmp_path / "wpclean.yaml"
    config.write_text("site:\n  old_urls: [http://oldsite.com]\n  new_base: https://new.example\n")
    out = _clean(tmp_path, "--config", str(config))
    _, body = split_output((out / "second-post.md").read_text(encoding="utf-8"))
    assert body == "Back to the [first post](https://new.example/first-post/#comments); see also [about](https://new.example/about/).\n"


def test_links_follow_the_path_template(tmp_path: Path):
    out = _clean(tmp_path, "--path-template", "{year}/{slug}/index.md")
    _, body = split_output((out / "2016" / "second-post" / "index.md").read_text(encoding="utf-8"))
    assert body.startswith("Back to the [first post](../first-post/index.md#comments); see also [about](../about/index.md).")


@pytest.mark.parametrize("fmt", ["netlify", "nginx", "apache", "caddy", "csv", "json"])
def test_redirect_maps(fmt: str):
    result = runner.invoke(app, ["redirects", str(SITE / "export"), "--format", fmt, "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SITE / "redirects" / fmt).read_text(encoding="utf-8")


def test_summary_json_counts_links(tmp_path: Path):
    summary = tmp_path / "summary.json"
    runner.invoke(app, ["clean", str(SITE / "export"), "--dry-run", "-j", "1", "--summary-json", str(summary)])
    links = json.loads(summary.read_text())["links"]
    assert links["internal"] == 4 and links["broken"] == 1 and links["canonicalized"] == 1
    assert links["domains"]["www.oldsite.com"] == 5


def test_duplicate_slugs_and_titles_are_reported_and_resolved_the_same_way_every_time(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("b.md", "a.md", "c.md"):
        shutil.copy(SEED / "bernie-online-army.md", src / name)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["clean", str(src), "-o", str(out), "-j", jobs])
        outputs.append(written(out))
        assert result.stderr.count(": WPC124 ") == 2 and result.stderr.count(": WPC125 ") == 2
        assert f"{src / 'b.md'}:1:1: WPC124 slug 'bernie-wont-get-the-nomination-but-his-online-army-isnt-done' is also {src / 'a.md'}'s" in result.stderr
    slug = "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
    assert outputs[0] == outputs[1] == [f"{slug}-2.md", f"{slug}-3.md", f"{slug}.md"]


@pytest.mark.parametrize(
    "name, source_url",
    [
        ("teftst__2016-01-12-explosion-reported-in-central-istanbul-cnn.md", "https://www.cnn.com/2016/01/12/europe/turkey-istanbul-explosion/"),
        ("teftst__2016-01-11-golden-globes-2016-live-updates-new-york-times.md", "https://www.nytimes.com/live/2016-golden-globes/"),
        ("teftst__2016-01-11-aid-convoy-enters-besieged-starving-syrian-town-reuters.md", "https://www.reuters.com/article/us-mideast-crisis-syria-idUSKCN0UP0VM20160111"),
        # a Reuters feed proxy hides its article: nothing in the URL says where it goes
        ("teftst__2016-01-14-south-korea-china-defense-officials-to-discuss-north-korea-test-yonhap.md", "https://feeds.reuters.com/~r/reuters/topNews/~3/qUJDIj7L45M/story01.htm"),
    ],
)
def test_auto_blog_sources_are_the_articles_they_hide(name: str, source_url: str):
    import wpclean

    result = wpclean.clean_path(FIXTURES / "real" / name)
    fm, _ = split_output(result.text)
    assert fm["source_url"] == fm["canonical_url"] == source_url
    if "feeds.reuters" in source_url:
        assert any(f.code == "WPC202" for f in result.findings)
