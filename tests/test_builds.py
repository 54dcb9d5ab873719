"""Targets proven by real builds: the sample export, every real fixture and a small export of
cross-links, old URLs, drafts and duplicates, cleaned for each site generator with
`--scaffold`, then built by that generator.

Each generator is used where `.ci/run` installs it: Hugo and Jekyll (with
jekyll-redirect-from) from Debian's packages, Eleventy and Astro from npm into
`.ci/node/`.  One that is not there skips its tests and says why.  The URL each
post must be served at is written here from README's target table, not asked of wpclean.
"""
from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
import yaml

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".ci" / "node" / "node_modules"
SOURCES = {
    "sample": ROOT / "examples" / "export",
    "real": FIXTURES / "real",
    "real2": FIXTURES / "real2",
    "targets": FIXTURES / "targets" / "export",
}
TARGETS = ("hugo", "jekyll", "eleventy", "astro")
#: where each generator writes the site, below the cleaned OUT
BUILD_DIRS = {"hugo": "public", "jekyll": "_site", "eleventy": "_site", "astro": "dist"}
#: a 1×1 PNG, for the images some exporters downloaded beside the posts (see `_bring_relative_images`)
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def _missing(target: str) -> str | None:
    """Why `target`'s generator cannot run here, or None."""
    if target in ("hugo", "jekyll") and shutil.which(target) is None:
        return f"{target} is not installed (apt-get install -y {target}; .ci/run does)"
    if target == "jekyll":
        probe = subprocess.run(["ruby", "-e", 'require "jekyll-redirect-from"'], capture_output=True)
        if probe.returncode != 0:
            return "jekyll-redirect-from is not installed (apt-get install -y ruby-jekyll-redirect-from; .ci/run does)"
    if target in ("eleventy", "astro"):
        binary = NODE_MODULES / ".bin" / target
        if not binary.exists() or shutil.which("node") is None:
            return f"{target} is not installed (cd .ci/node && npm ci; .ci/run does)"
    return None


@dataclass
class Post:
    rel: str
    front: dict
    raw_front: str
    draft: bool
    url: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Site:
    target: str
    out: Path
    build: Path
    log: str
    posts: list[Post]
    #: paths of the links wpclean reported as pointing at old-site pages not in the export (WPC201)
    reported_missing: set[str]

    def page(self, url: str) -> Path:
        path = unquote(urlsplit(url).path).lstrip("/")
        return self.build / path / "index.html" if path == "" or path.endswith("/") else self.build / path

    def served(self, url: str) -> bool:
        page = self.page(url)
        return page.is_file() or (page.is_dir() and (page / "index.html").is_file())


def _contract(target: str, rel: str, front: dict, raw_front: str) -> Post:
    """README's target table: where the generator serves a post, whether it is a draft, its old URLs."""
    slug = front["slug"]
    if target == "hugo":
        assert rel.startswith("content/posts/"), rel
        return Post(rel, front, raw_front, front.get("draft") is True, f"/posts/{slug}/", front.get("aliases", []))
    if target == "jekyll":
        draft = rel.startswith("_drafts/")
        assert draft == (front.get("published") is False), rel
        day = re.search(r"^date: (\d{4})-(\d{2})-(\d{2})", raw_front, re.M)
        url = f"/{day[1]}/{day[2]}/{day[3]}/{slug}/" if day else f"/{slug}/"
        assert front["permalink"] == url, rel
        if not draft:
            assert rel == (f"_posts/{day[1]}-{day[2]}-{day[3]}-{slug}.md" if day else f"{slug}.md"), rel
        return Post(rel, front, raw_front, draft, url, front.get("redirect_from", []))
    if target == "eleventy":
        assert rel.startswith("posts/"), rel
        draft = front.get("draft") is True
        assert (front.get("permalink") is False) == draft, rel
        return Post(rel, front, raw_front, draft, f"/posts/{Path(rel).stem}/", front.get("aliases", []))
    assert rel.startswith("src/content/blog/"), rel
    assert front.get("title") and front.get("description"), rel  # Astro's blog schema requires both
    return Post(rel, front, raw_front, front.get("draft") is True, f"/blog/{slug}/", front.get("aliases", []))


def _bring_relative_images(out: Path) -> None:
    """lonekorean's exporter downloads images beside each post (`images/…`, `./img/…`) and the
    posts keep relative links to them; Astro refuses to build a post whose relative image is
    missing.  A user copies those folders along; here a pixel stands in for each image."""
    for post in out.rglob("*.md"):
        for ref in re.findall(r"!\[[^\]]*\]\(<?([^)\s>]+)", post.read_text(encoding="utf-8")):
            if "://" not in ref and not ref.startswith("/"):
                image = post.parent / ref
                image.parent.mkdir(parents=True, exist_ok=True)
                image.write_bytes(PIXEL)


def _build(target: str, out: Path) -> str:
    env = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "NO_COLOR": "1", "JEKYLL_ENV": "production"}
    if target == "hugo":
        command = ["hugo", "-s", str(out), "-d", str(out / "public")]
    elif target == "jekyll":
        command = ["jekyll", "build", "-s", str(out), "-d", str(out / "_site")]
    elif target == "eleventy":
        command = [str(NODE_MODULES / ".bin" / "eleventy")]
    else:
        _bring_relative_images(out / "src" / "content" / "blog")
        (out / "node_modules").symlink_to(NODE_MODULES)
        command = [str(NODE_MODULES / ".bin" / "astro"), "build", "--force"]  # no content cache from an earlier build
    done = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, timeout=600)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"{target} build failed:\n{log[-4000:]}"
    return log


@pytest.fixture(scope="module", params=TARGETS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    from typer.testing import CliRunner

    from wpclean.cli import app

    target = request.param
    reason = _missing(target)
    if reason:
        pytest.skip(reason)
    src = tmp_path_factory.mktemp(f"src-{target}")
    for name, folder in SOURCES.items():
        shutil.copytree(folder, src / name, ignore=shutil.ignore_patterns("*.tsv"))
    out = tmp_path_factory.mktemp(f"site-{target}")
    config = FIXTURES / "targets" / "wpclean.yaml"
    result = CliRunner().invoke(
        app, ["clean", str(src), "-o", str(out), "--target", target, "--scaffold", "--config", str(config),
              "--encoding-fallback", "cp1252", "-v"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    missing = {urlsplit(line.rsplit(": ", 1)[1]).path for line in result.stderr.splitlines() if " WPC201 " in line}
    posts = []
    for path in sorted(out.rglob("*.md")):
        rel = path.relative_to(out).as_posix()
        raw_front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        posts.append(_contract(target, rel, yaml.safe_load(raw_front), raw_front))
    assert len(posts) == sum(1 for folder in SOURCES.values() for _ in folder.glob("*.md"))
    return Site(target, out, out / BUILD_DIRS[target], _build(target, out), posts, missing)


def test_every_post_is_built_at_its_url(site: Site):
    unbuilt = [f"{post.rel} -> {post.url}" for post in site.posts if not post.draft and not site.served(post.url)]
    assert unbuilt == []


def test_drafts_are_not_published(site: Site):
    drafts = [post for post in site.posts if post.draft]
    assert {post.front.get("title") for post in drafts} >= {"An idea, unfinished"}
    assert [post.url for post in drafts if site.served(post.url)] == []


def _internal_links(site: Site, post: Post) -> list[str]:
    page = lxml.html.fromstring(site.page(post.url).read_bytes())
    return [a.get("href") for a in page.iter("a") if (a.get("href") or "").startswith("/") and not a.get("href").startswith("//")]


def _source_ids() -> set[str]:
    """Every id (or old `name` anchor) the exports' own HTML gives an element."""
    pattern = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
    return {match for folder in SOURCES.values() for path in folder.glob("*.md")
            for match in pattern.findall(path.read_text(encoding="utf-8", errors="replace"))}  # fmt: skip


def test_in_page_links_resolve(site: Site):
    """A footnote and its way back, a heading: `#id` needs an element with that id, wherever the
    export had one (a link to an anchor the export never had, as one real post has, stays broken)."""
    had = _source_ids()
    broken, checked = [], 0
    for post in site.posts:
        if post.draft:
            continue
        page = lxml.html.fromstring(site.page(post.url).read_bytes())
        ids = set(page.xpath("//@id"))
        for a in page.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#") and unquote(href[1:]) in had:
                checked += 1
                if unquote(href[1:]) not in ids:
                    broken.append(f"{post.rel}: {href}")
    assert broken == []
    assert checked >= 2  # the targets export's footnote and its way back


def test_links_between_posts_resolve_and_so_do_their_anchors(site: Site):
    broken, checked = [], 0
    for post in site.posts:
        if post.draft:
            continue
        for href in _internal_links(site, post):
            parts = urlsplit(href)
            if parts.path.startswith(("/media/", "/wp-content/")):
                continue  # uploads: the media are not part of the content (issue 13)
            if parts.path in site.reported_missing:
                continue  # a page the export does not hold, reported by the run
            checked += 1
            if not site.served(href):
                broken.append(f"{post.rel}: {href}")
            elif parts.fragment:
                target = lxml.html.fromstring(site.page(href).read_bytes())
                if not target.xpath(f'//*[@id="{parts.fragment}"]'):
                    broken.append(f"{post.rel}: {href} (no element with that id)")
    assert broken == []
    assert checked >= 3  # the targets export alone links hello-world <-> second-post#part-2 and to ?p=103


def test_every_old_url_redirects_to_its_post(site: Site):
    wrong, checked = [], 0
    for post in site.posts:
        for alias in [] if post.draft else post.aliases:
            checked += 1
            page = site.page(alias)
            page = page / "index.html" if page.is_dir() else page
            if not page.is_file() or post.url not in page.read_text(encoding="utf-8"):
                wrong.append(f"{post.rel}: {alias}")
    assert wrong == []
    assert checked >= 10


def test_no_build_warning_names_a_post(site: Site):
    stems = sorted({Path(post.rel).stem for post in site.posts}, key=len, reverse=True)
    noisy = []
    for line in site.log.splitlines():
        named = [stem for stem in stems if stem in line]
        rest = re.sub("|".join(map(re.escape, named)), "", line) if named else ""
        if named and re.search(r"warn|error|deprecat", rest, re.I):  # not "…-warning.md" itself
            noisy.append(line)
    assert noisy == []


@pytest.mark.parametrize("target", ["hugo", "jekyll", "eleventy"])
def test_a_wordpress_xml_export_builds_with_pages_at_their_old_paths(target: str, tmp_path: Path):
    """The Theme Unit Test export, read from its XML: posts where README's table says, pages at their
    WordPress paths below their parents (served there, not hidden behind a list), drafts unpublished."""
    from typer.testing import CliRunner

    from wpclean.cli import app

    reason = _missing(target)
    if reason:
        pytest.skip(reason)
    out = tmp_path / "site"
    export = FIXTURES / "wxr" / "themeunittestdata.wordpress.xml"
    result = CliRunner().invoke(app, ["clean", str(export), "-o", str(out), "--target", target, "--scaffold", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    log = _build(target, out)
    built = Site(target, out, out / BUILD_DIRS[target], log, [], set())
    post = "/2010/09/10/post-format-gallery/" if target == "jekyll" else "/posts/post-format-gallery/"
    for url, text in ((post, "canola"), ("/about/", "standard WordPress Theme Unit Test"),
                      ("/about/clearing-floats/", "float"), ("/level-1/level-2/level-3/", "Level 3 of the reverse hierarchy test")):  # fmt: skip
        assert built.served(url), url
        assert text in built.page(url).read_text(encoding="utf-8"), url
    draft = "/2013/04/09/draft/" if target == "jekyll" else "/posts/draft/"
    assert not built.served(draft)
    assert not [line for line in log.splitlines() if re.search(r"\b(warn|error)", line, re.I)]
