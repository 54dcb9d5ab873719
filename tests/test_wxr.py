"""Starting from the WordPress XML export (WXR): the Theme Unit Test data, damaged exports, and the
same post read from XML and from a Markdown export."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import FIXTURES, SEED, split_output, written
from wpclean.cli import app

runner = CliRunner()
THEME_DATA = FIXTURES / "wxr" / "themeunittestdata.wordpress.xml"
EXPECTED = FIXTURES / "expected" / "wxr"


@pytest.fixture(scope="module")
def theme_site(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("wxr") / "out"
    result = runner.invoke(app, ["clean", str(THEME_DATA), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    return out, result.stderr


def test_every_post_and_page_is_written_and_the_rest_is_counted(theme_site):
    out, stderr = theme_site
    files = written(out)
    assert len(files) == 58 + 21  # the export's posts and pages; no refusal
    assert stderr.splitlines()[0] == (
        f"wpclean: {THEME_DATA}: a WordPress XML export: 79 posts and pages; "
        "left out: 37 attachment (never a post), 70 nav_menu_item (never a post)"
    )
    assert "0 failed" in stderr
    quiet = runner.invoke(app, ["clean", str(THEME_DATA), "-o", str(out.parent / "quiet"), "-j", "1", "-q"])
    assert quiet.exit_code == 0 and quiet.stderr == ""  # -q: only failures


@pytest.mark.parametrize("name", sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*.md")))
def test_posts_match_their_hand_written_goldens(theme_site, name: str):
    out, _ = theme_site
    expected_front, expected_body = split_output((EXPECTED / name).read_text(encoding="utf-8"))
    actual_front, actual_body = split_output((out / name).read_text(encoding="utf-8"))
    assert list(actual_front) == list(expected_front)  # the keys, in order
    assert actual_front == expected_front
    assert actual_body == expected_body


def test_pages_are_written_below_their_parent_pages(theme_site):
    out, _ = theme_site
    for page in ("level-1.md", "level-1/level-2.md", "level-1/level-2/level-3.md", "level-1/level-2a.md",
                 "about/page-markup-and-formatting.md", "greek/epipedo-2/epipedo-3.md"):  # fmt: skip
        assert (out / page).is_file(), page


def test_statuses(theme_site):
    out, _ = theme_site

    def front(name: str) -> dict:
        return split_output((out / name).read_text(encoding="utf-8"))[0]

    assert front("draft.md")["draft"] is True  # status draft, no slug in the export: named by its title
    assert front("scheduled.md")["draft"] is True  # future
    assert front("template-password-protected.md")["draft"] is True
    assert front("template-sticky.md")["extra"]["sticky"] is True
    assert front("post-format-standard.md")["draft"] is False


def test_galleries_become_the_images_the_export_holds(theme_site):
    out, _ = theme_site
    body = split_output((out / "post-format-gallery.md").read_text(encoding="utf-8"))[1]
    assert "[gallery" not in body
    # ten [gallery] shortcodes, each the 23 images attached to the post (post_parent 555), in the export's order
    assert body.count("![canola](https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg)") == 10
    assert body.count("](https://wpthemetestdata.files.wordpress.com/") == 230
    first = body.index("![canola]")
    assert body.index("![Bell on Wharf]", first) < body.index("![Golden Gate Bridge]", first)
    assert "*Bell on wharf in San Francisco*" in body  # the attachment's caption


def test_the_seed_post_from_xml_and_from_markdown_is_the_same_post(tmp_path: Path):
    seed = (SEED / "bernie-online-army.md").read_text(encoding="utf-8")
    body = seed.split("\n---\n", 1)[1]
    export = tmp_path / "site.wordpress.xml"
    export.write_text(_wxr(_item(
        title="Bernie Won’t Get the Nomination. But His Online Army Isn’t Done", post_id="4078",
        link="https://www.whenitson.com/bernie-wont-get-the-nomination-but-his-online-army-isnt-done/",
        post_name="bernie-wont-get-the-nomination-but-his-online-army-isnt-done", post_date="2016-05-29 18:38:06",
        creator="staff", content=body, categories=("Business", "Bernie Sanders", "election 2016", "Hillary Clinton"),
    ), authors={"staff": "Staff Writer"}), encoding="utf-8")  # fmt: skip
    from_xml = tmp_path / "xml"
    from_markdown = tmp_path / "md"
    assert runner.invoke(app, ["clean", str(export), "-o", str(from_xml), "-j", "1"]).exit_code == 0
    assert runner.invoke(app, ["clean", str(SEED), "-o", str(from_markdown), "-j", "1"]).exit_code == 0
    name = "bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md"
    xml_front, xml_body = split_output((from_xml / name).read_text(encoding="utf-8"))
    md_front, md_body = split_output((from_markdown / name).read_text(encoding="utf-8"))
    assert xml_body == md_body
    shared = ("title", "slug", "draft", "author", "categories", "aliases", "wordpress_id")
    assert {k: xml_front[k] for k in shared} == {k: md_front[k] for k in shared}
    # the XML knows WordPress's zone (no post_date_gmt here: UTC); the Markdown export only a local time
    assert str(xml_front["date"]).startswith(str(md_front["date"])[:19].replace(" ", "T")[:10])


@pytest.mark.parametrize(
    "damage, post",
    [
        ("control", "A form feed\x0c and a bell\x07 pasted into a post."),
        ("cdata", "A post quoting ]]> in its text, which ends its CDATA early."),
    ],
)
def test_a_damaged_item_is_read_or_reported_and_the_others_go_on(tmp_path: Path, damage: str, post: str):
    export = tmp_path / "damaged.wordpress.xml"
    export.write_text(_wxr(_item(title="Damaged", post_id="1", content=post) + _item(title="Fine", post_id="2", content="All well.")),
                      encoding="utf-8")  # fmt: skip
    result = runner.invoke(app, ["clean", str(export), "-o", str(tmp_path / "out"), "-j", "1"])
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "fine.md").read_text(encoding="utf-8").endswith("\nAll well.\n")
    assert result.exit_code == 0
    expected = "A form feed and a bell pasted into a post." if damage == "control" else post  # nothing of the post lost
    assert (tmp_path / "out" / "damaged.md").read_text(encoding="utf-8").endswith(f"\n{expected}\n")


def test_a_truncated_export_gives_what_it_holds(tmp_path: Path):
    whole = _wxr(_item(title="First", post_id="1", content="One.") + _item(title="Second", post_id="2", content="Two, cut off here"))
    export = tmp_path / "cut.wordpress.xml"
    export.write_text(whole[: whole.index("cut off here") + 4], encoding="utf-8")
    result = runner.invoke(app, ["clean", str(export), "-o", str(tmp_path / "out"), "-j", "1"])
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "first.md").read_text(encoding="utf-8").endswith("\nOne.\n")


def test_post_types_choose_custom_types(tmp_path: Path):
    export = tmp_path / "shop.wordpress.xml"
    export.write_text(_wxr(_item(title="A post", post_id="1", content="Post.") + _item(title="A product", post_id="2", content="Buy.", post_type="product")),
                      encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(export), "-o", str(out), "-j", "1"]).exit_code == 0
    assert written(out) == ["a-post.md"]
    both = tmp_path / "both"
    assert runner.invoke(app, ["clean", str(export), "-o", str(both), "-j", "1", "--post-types", "post,product"]).exit_code == 0
    assert written(both) == ["a-post.md", "product/a-product.md"]
    assert split_output((both / "product" / "a-product.md").read_text(encoding="utf-8"))[0]["type"] == "product"


def _item(*, title: str, post_id: str, content: str, link: str = "", post_name: str = "", post_date: str = "2020-01-02 03:04:05",
          creator: str = "", categories: tuple[str, ...] = (), post_type: str = "post", status: str = "publish") -> str:  # fmt: skip
    terms = "".join(f'<category domain="category" nicename="c{n}"><![CDATA[{name}]]></category>' for n, name in enumerate(categories))
    return (
        f"<item><title>{title}</title><link>{link}</link><dc:creator>{creator}</dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{post_date}</wp:post_date><wp:post_name>{post_name}</wp:post_name>"
        f"<wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_password></wp:post_password>{terms}</item>\n"
    )


def _wxr(items: str, authors: dict[str, str] | None = None) -> str:
    people = "".join(
        f"<wp:author><wp:author_login>{login}</wp:author_login><wp:author_display_name>{name}</wp:author_display_name></wp:author>"
        for login, name in (authors or {}).items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Blog</title><wp:wxr_version>1.2</wp:wxr_version>\n{people}\n{items}'
        "</channel></rss>\n"
    )


def test_the_staged_front_matter_is_yaml_any_reader_reads():
    from wpclean.wxr.reader import Item, Site
    from wpclean.wxr.staging import document

    item = Item(1, {"title": "A: title", "post_id": "7", "post_type": "post", "status": "publish", "content": "x"})
    text = document(item, Site())
    assert yaml.safe_load(text.split("---\n")[1]) == {"title": "A: title", "status": "publish", "wordpress_id": "7"}


def test_comments_are_a_section_of_their_own_when_asked_for(tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(THEME_DATA), "-o", str(out), "-j", "1", "--comments"])
    assert result.exit_code == 0, result.stderr
    body = split_output((out / "template-password-protected.md").read_text(encoding="utf-8"))[1]
    assert body == (
        "This content, comments, pingbacks, and trackbacks should not be visible until the password is entered.\n\n"
        "## Comments\n\n### Jane Doe, 2013-03-14\n\nThis comment should not be visible until the password is entered.\n"
    )
    assert len(written(out)) == 79  # the comments of every post kept it writable: none refused


def test_diff_and_check_name_posts_by_the_export(tmp_path: Path):
    in_place = runner.invoke(app, ["diff", str(THEME_DATA)])
    assert in_place.exit_code == 2
    assert in_place.stderr.endswith("wpclean: error: a WordPress XML export is not rewritten in place: diff what clean writes with -o OUT\n")
    into = runner.invoke(app, ["diff", str(THEME_DATA), "-o", str(tmp_path / "out"), "-j", "1", "--stat"])
    assert into.exit_code == 1  # every post would be written
    checked = runner.invoke(app, ["check", str(THEME_DATA), "-j", "1"])
    # a position counts lines in the post as an exporter would have written it: 20 lines of front matter, then the content
    assert (f"{THEME_DATA}/post-format-image-caption.md:22:1: WPC308 WordPress shortcode: "
            "'[caption id=\"attachment_754\" align=\"alignnone\" width=\"604\"]<…'") in checked.stdout.splitlines()  # fmt: skip
    assert f"{THEME_DATA}/template-password-protected.md:1:1: WPC915 password-protected in WordPress; written as a draft" in checked.stdout


def test_an_image_of_the_media_library_gets_the_alt_text_the_library_gives_it(tmp_path: Path):
    attachment = (
        "<item><title>bell</title><wp:post_id>754</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
        "<wp:attachment_url>https://old.blog/wp-content/uploads/2008/06/bell.jpg</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Bell on a wharf]]></wp:meta_value></wp:postmeta></item>\n"
    )
    content = (
        '<img class="size-large wp-image-754" src="https://old.blog/wp-content/uploads/2008/06/bell.jpg" alt="" />\n\n'
        '<img src="https://old.blog/wp-content/uploads/2008/06/bell.jpg" class="wp-image-754">\n\n'
        '<img class="wp-image-754" src="https://old.blog/wp-content/uploads/2008/06/bell.jpg" alt="Written by the author">'
    )
    export = tmp_path / "alt.wordpress.xml"
    export.write_text(_wxr(attachment + _item(title="Bells", post_id="1", content=content)), encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(export), "-o", str(out), "-j", "1"]).exit_code == 0
    assert split_output((out / "bells.md").read_text(encoding="utf-8"))[1] == (
        "![Bell on a wharf](https://old.blog/wp-content/uploads/2008/06/bell.jpg)\n\n"
        "![Bell on a wharf](https://old.blog/wp-content/uploads/2008/06/bell.jpg)\n\n"
        "![Written by the author](https://old.blog/wp-content/uploads/2008/06/bell.jpg)\n"  # the author's own alt text stays
    )


@pytest.mark.parametrize(
    "target, about, team",
    [
        # Hugo: each page a section's _index.md, so /about/ is the About page, not a list that hides it
        ("hugo", "content/about/_index.md", "content/about/clearing-floats/_index.md"),
        ("jekyll", "about.md", "about/clearing-floats.md"),
        ("eleventy", "about.md", "about/clearing-floats.md"),
    ],
)
def test_a_site_target_serves_pages_at_their_old_paths(tmp_path: Path, target: str, about: str, team: str):
    out = tmp_path / "site"
    assert runner.invoke(app, ["clean", str(THEME_DATA), "-o", str(out), "-j", "1", "--target", target]).exit_code == 0
    front = split_output((out / team).read_text(encoding="utf-8"))[0]
    assert front["title"] == "Clearing Floats" and front["type"] == "page"
    assert (out / about).is_file()
    if target == "jekyll":  # pinned, as every Jekyll post's URL is
        assert front["permalink"] == "/about/clearing-floats/"
    posts = "content/posts" if target == "hugo" else ("_posts" if target == "jekyll" else "posts")
    assert not any("clearing-floats" in p for p in written(out / posts)), "a page is not a blog post"
