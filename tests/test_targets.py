"""Each target's contract on the seed post, whole, and on the targets export: layout, front matter
each generator reads, links between posts as served URLs, drafts, duplicates, dates, old URLs."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SEED, TARGETS_EXPORT, split_output, written
from wpclean.cli import app

runner = CliRunner()
EXPECTED = FIXTURES / "expected" / "targets"
SEED_SLUG = "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
LAYOUTS = {
    "hugo": f"content/posts/{SEED_SLUG}.md",
    "jekyll": f"_posts/2016-05-29-{SEED_SLUG}.md",
    "eleventy": f"posts/{SEED_SLUG}.md",
    "astro": f"src/content/blog/{SEED_SLUG}.md",
}


def _clean(tmp_path: Path, src: Path, *options: str) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "-j", "1", *options])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("target", sorted(LAYOUTS))
def test_the_seed_post_in_each_target(tmp_path: Path, target: str):
    out = _clean(tmp_path, SEED, "--target", target)
    assert written(out) == [LAYOUTS[target]]
    assert (out / LAYOUTS[target]).read_text(encoding="utf-8") == (EXPECTED / f"{target}.md").read_text(encoding="utf-8")


def _targets_export(tmp_path: Path, target: str, *options: str) -> dict[str, tuple[dict, str]]:
    out = _clean(tmp_path, TARGETS_EXPORT, "--target", target, *options)
    return {rel: split_output((out / rel).read_text(encoding="utf-8")) for rel in written(out)}


def test_jekyll_layout_drafts_undated_posts_and_permalinks(tmp_path: Path):
    posts = _targets_export(tmp_path, "jekyll")
    assert sorted(posts) == [
        "_drafts/an-idea-unfinished.md",  # Jekyll publishes _drafts only with --drafts
        "_posts/2019-03-04-hello-world.md",
        "_posts/2019-03-10-second-post.md",
        "_posts/2019-04-01-hello-world-2.md",  # WordPress called both hello-world
        "a-note.md",  # no date: a page, since _posts/ reads no file without one in its name
    ]
    draft, _ = posts["_drafts/an-idea-unfinished.md"]
    assert draft["published"] is False and "draft" not in draft
    first, body = posts["_posts/2019-03-04-hello-world.md"]
    assert first["permalink"] == "/2019/03/04/hello-world/"
    assert first["redirect_from"] == ["/2019/03/04/héllo-world/"]  # decoded: what a server matches
    assert first["render_with_liquid"] is False  # the post shows {{ title }} as text
    assert body.startswith("Welcome 🙂 Read [the second part](/2019/03/10/second-post/#part-2), "
                           "or [the other hello](/2019/04/01/hello-world-2/).")  # fmt: skip
    second, _ = posts["_posts/2019-03-10-second-post.md"]
    assert "redirect_from" not in second  # its old URL is its new one
    assert posts["a-note.md"][0]["permalink"] == "/a-note/"


def test_dates_carry_the_offset_wordpress_was_set_to(tmp_path: Path):
    posts = _targets_export(tmp_path, "hugo")
    raw = (tmp_path / "out" / "content/posts/hello-world.md").read_text(encoding="utf-8")
    assert "\ndate: 2019-03-04T10:30:00+01:00\n" in raw  # post_date 10:30, post_date_gmt 09:30
    assert "\ndate: 2019-04-01T08:00:00+02:00\n" in (tmp_path / "out" / "content/posts/hello-world-2.md").read_text(encoding="utf-8")
    assert "\ndate: 2019-05-01T12:00:00+00:00\n" in (tmp_path / "out" / "content/posts/an-idea-unfinished.md").read_text(encoding="utf-8")
    assert posts["content/posts/hello-world.md"][0]["categories"] == ["Notes"]  # "Uncategorized" dropped


def test_timezone_option_reads_dates_in_that_zone(tmp_path: Path):
    out = _clean(tmp_path, TARGETS_EXPORT, "--target", "hugo", "--timezone", "America/New_York")
    assert "\ndate: 2019-03-04T10:30:00-05:00\n" in (out / "content/posts/hello-world.md").read_text(encoding="utf-8")
    assert "\ndate: 2019-04-01T08:00:00-04:00\n" in (out / "content/posts/hello-world-2.md").read_text(encoding="utf-8")  # summer time


def test_unknown_timezone_is_a_usage_error():
    result = runner.invoke(app, ["clean", str(TARGETS_EXPORT), "--dry-run", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2
    assert "unknown timezone 'Mars/Olympus'" in result.stderr


def test_duplicate_slugs_are_made_unique_in_front_matter_too(tmp_path: Path):
    posts = _targets_export(tmp_path, "hugo")
    assert posts["content/posts/hello-world.md"][0]["slug"] == "hello-world"
    assert posts["content/posts/hello-world-2.md"][0]["slug"] == "hello-world-2"  # Hugo would serve both at one URL


@pytest.mark.parametrize(
    "target, heading",
    [
        ("hugo", "## Part 2 {#part-2}"),
        ("jekyll", "## Part 2 {#part-2}"),
        ("eleventy", '<h2 id="part-2">Part 2</h2>'),  # Eleventy's Markdown gives headings no ids
        ("astro", "## Part 2"),  # Astro gives it the id part-2 itself
        ("generic", "## Part 2"),
    ],
)
def test_heading_ids_stay_where_in_page_links_need_them(tmp_path: Path, target: str, heading: str):
    posts = _targets_export(tmp_path, target)
    body = next(body for rel, (_, body) in posts.items() if rel.endswith("second-post.md"))
    assert f"\n{heading}\n" in body
    assert body.endswith('Our trip:\n\n\\[gallery ids="12,13"]\n')  # kept where it stood, never nothing


def test_eleventy_drafts_are_not_written_and_astro_gets_its_required_fields(tmp_path: Path):
    draft, _ = _targets_export(tmp_path / "e", "eleventy")["posts/an-idea-unfinished.md"]
    assert draft["draft"] is True and draft["permalink"] is False and draft["eleventyExcludeFromCollections"] is True
    note, _ = _targets_export(tmp_path / "a", "astro")["src/content/blog/a-note.md"]
    assert note["description"] == "Written some time."


def test_scaffold_is_written_once_and_never_replaces_a_file(tmp_path: Path):
    out = tmp_path / "site"
    (out).mkdir()
    (out / "hugo.toml").write_text("# mine\n")
    result = runner.invoke(app, ["clean", str(TARGETS_EXPORT), "-o", str(out), "--target", "hugo", "--scaffold", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert (out / "hugo.toml").read_text() == "# mine\n"
    assert (out / "layouts" / "_default" / "single.html").is_file()
    assert f"scaffold: wrote 6 files for hugo (kept yours: hugo.toml); look at the site with: hugo server -s {out}" in result.stderr


def test_scaffold_needs_a_site_target(tmp_path: Path):
    result = runner.invoke(app, ["clean", str(TARGETS_EXPORT), "-o", str(tmp_path / "o"), "--scaffold"])
    assert result.exit_code == 2
    assert "--scaffold needs a site --target" in result.stderr


def test_redirect_maps_match_decoded_paths_and_nginx_maps_query_ids(tmp_path: Path):
    config = FIXTURES / "targets" / "wpclean.yaml"
    result = runner.invoke(app, ["redirects", str(TARGETS_EXPORT), "--format", "nginx", "--target", "jekyll", "--config", str(config), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "# in the http block\n"
        "map $arg_p $wpclean_post {\n"
        '    default "";\n'
        "    101 /2019/03/04/hello-world/;\n"
        "    102 /2019/03/10/second-post/;\n"
        "    103 /2019/04/01/hello-world-2/;\n"
        "    105 /a-note/;\n"
        "}\n"
        "# inside the server block\n"
        "if ($wpclean_post) { return 301 $wpclean_post; }\n"
        "location = /2019/03/04/héllo-world/ { return 301 /2019/03/04/hello-world/; }\n"
    )


def test_site_targets_drop_the_bom_and_generic_keeps_it(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.md").write_bytes(b"\xef\xbb\xbf---\ntitle: P\ndate: 2020-01-02\n---\nHi.\n")
    jekyll = _clean(tmp_path / "j", src, "--target", "jekyll")
    assert (jekyll / "_posts" / "2020-01-02-p.md").read_bytes().startswith(b"---\n")  # Jekyll misreads front matter after a BOM
    generic = _clean(tmp_path / "g", src)
    assert (generic / "p.md").read_bytes().startswith(b"\xef\xbb\xbf---\n")


@pytest.mark.parametrize("key", ["coverImage", "featured_image", "thumbnail"])
def test_featured_image_keys_become_the_targets_image(key: str):
    import wpclean

    result = wpclean.clean_text(f"---\ntitle: T\n{key}: /img/a.png\ncover:\n  image: x.png\n---\nHi.\n", wpclean.Config(target="astro"))
    fm, _ = split_output(result.text)
    assert fm["heroImage"] == "/img/a.png" and key not in fm
    assert fm["cover"] == {"image": "x.png"}  # a theme's mapping is not an image URL: kept as it was
