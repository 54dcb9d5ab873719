"""`--media download|manifest`: the posts' images brought into OUT, fetched from a local server
(127.0.0.1 only: no test touches the network) that answers as real hosts do."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import split_output, written
from test_writes import tree_hashes
from wpclean.cli import app
from wpclean.media import MediaPlan

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n" + b"original" * 10
THUMB = b"\x89PNG\r\n\x1a\n" + b"thumb"


class Host(BaseHTTPRequestHandler):
    """An old WordPress host: an original and its thumbnail, a thumbnail without its original,
    a missing file, a slow one, a moved one, and one that fails until told otherwise."""

    files = {
        "/wp-content/uploads/2020/01/a.png": PNG,
        "/wp-content/uploads/2020/01/b.png": PNG,
        "/wp-content/uploads/2020/01/b-300x200.png": THUMB,
        "/wp-content/uploads/2020/01/c-300x200.png": THUMB,  # no c.png: the thumbnail is all there is
    }
    requests: list[str] = []
    flaky_until_fixed = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Host.requests.append(self.path)
        path = self.path.split("?", 1)[0]
        if path == "/wp-content/uploads/2020/01/slow.png":
            time.sleep(1.5)
        if path == "/wp-content/uploads/2020/01/moved.png":
            self.send_response(302)
            self.send_header("Location", "/wp-content/uploads/2020/01/a.png")
            self.end_headers()
            return
        if path == "/wp-content/uploads/2020/01/flaky.png" and Host.flaky_until_fixed:
            self.send_response(503)
            self.end_headers()
            return
        body = PNG if path in ("/wp-content/uploads/2020/01/slow.png", "/wp-content/uploads/2020/01/flaky.png") else self.files.get(path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def host():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Host.requests, Host.flaky_until_fixed = [], True
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _export(tmp_path: Path, host: str, body: str) -> Path:
    src = tmp_path / "export"
    src.mkdir()
    (src / "post.md").write_text(f"---\ntitle: Post\ndate: 2020-01-02\nimage: {host}/wp-content/uploads/2020/01/a.png\n---\n{body}\n", encoding="utf-8")
    (tmp_path / "wpclean.yaml").write_text("media:\n  timeout: 0.5\n  tries: 2\n", encoding="utf-8")
    return src


def _clean(tmp_path: Path, src: Path, *args: str):
    return runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--config", str(tmp_path / "wpclean.yaml"), *args])


def test_images_are_fetched_and_the_post_refers_to_them(tmp_path: Path, host: str):
    src = _export(tmp_path, host, (
        f"![a]({host}/wp-content/uploads/2020/01/a.png)\n\n"
        f"![b]({host}/wp-content/uploads/2020/01/b-300x200.png)\n\n"
        f"![c]({host}/wp-content/uploads/2020/01/c-300x200.png?w=300)\n\n"
        f"![moved]({host}/wp-content/uploads/2020/01/moved.png)\n\n"
        f"[the original]({host}/wp-content/uploads/2020/01/a.png) and [a page]({host}/about/)"
    ))  # fmt: skip
    result = _clean(tmp_path, src, "--media", "download")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    assert written(out) == ["media/.wpclean-media.jsonl", "media/2020/01/a.png", "media/2020/01/b.png", "media/2020/01/c.png",
                            "media/2020/01/moved.png", "post.md"]  # fmt: skip
    assert (out / "media/2020/01/b.png").read_bytes() == PNG  # the original, not the thumbnail the post showed
    assert (out / "media/2020/01/c.png").read_bytes() == THUMB  # no original: the thumbnail, under the file's name
    assert (out / "media/2020/01/moved.png").read_bytes() == PNG  # the redirect followed
    front, body = split_output((out / "post.md").read_text(encoding="utf-8"))
    assert front["image"] == "media/2020/01/a.png"
    assert body == (
        "![a](media/2020/01/a.png)\n\n![b](media/2020/01/b.png)\n\n![c](media/2020/01/c.png)\n\n![moved](media/2020/01/moved.png)\n\n"
        f"[the original](media/2020/01/a.png) and [a page]({host}/about/)\n"
    )
    assert "media: 4 downloaded, 0 already there, 0 not brought" in result.stderr
    assert Host.requests.count("/wp-content/uploads/2020/01/a.png") == 2  # a.png itself, and moved.png's redirect to it


def test_failures_are_findings_and_a_second_run_fetches_only_what_is_missing(tmp_path: Path, host: str):
    src = _export(tmp_path, host, (
        f"![gone]({host}/wp-content/uploads/2020/01/gone.png)\n\n![slow]({host}/wp-content/uploads/2020/01/slow.png)\n\n"
        f"![flaky]({host}/wp-content/uploads/2020/01/flaky.png)"
    ))  # fmt: skip
    first = _clean(tmp_path, src, "--media", "download")
    assert first.exit_code == 1
    lines = first.stderr.splitlines()
    assert f"media/2020/01/gone.png:1:1: WPC601 {host}/wp-content/uploads/2020/01/gone.png: HTTP 404 Not Found" in lines
    assert f"media/2020/01/slow.png:1:1: WPC601 {host}/wp-content/uploads/2020/01/slow.png: no answer within 0.5 s (tried 2 times)" in lines
    assert f"media/2020/01/flaky.png:1:1: WPC601 {host}/wp-content/uploads/2020/01/flaky.png: HTTP 503 Service Unavailable (tried 2 times)" in lines
    assert Host.requests.count("/wp-content/uploads/2020/01/gone.png") == 1  # a 404 is not asked again
    out = tmp_path / "out"
    assert (out / "media/2020/01/a.png").read_bytes() == PNG  # the front matter's image
    Host.requests, Host.flaky_until_fixed = [], False
    second = _clean(tmp_path, src, "--media", "download")
    assert (out / "media/2020/01/flaky.png").read_bytes() == PNG
    assert "/wp-content/uploads/2020/01/a.png" not in Host.requests  # whole and recorded: not fetched again
    assert "media: 1 downloaded, 1 already there, 2 not brought" in second.stderr


def test_a_file_wpclean_did_not_fetch_is_never_overwritten(tmp_path: Path, host: str):
    src = _export(tmp_path, host, "Text.")
    mine = tmp_path / "out" / "media" / "2020" / "01" / "a.png"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own file")
    result = _clean(tmp_path, src, "--media", "download")
    assert result.exit_code == 1
    assert f"media/2020/01/a.png:1:1: WPC602 {mine} is there and was not fetched from {host}/wp-content/uploads/2020/01/a.png; not overwritten" in result.stderr
    assert mine.read_bytes() == b"my own file"


def test_manifest_lists_without_fetching(tmp_path: Path, host: str):
    src = _export(tmp_path, host, f"![b]({host}/wp-content/uploads/2020/01/b-300x200.png)")
    result = _clean(tmp_path, src, "--media", "manifest")
    assert result.exit_code == 0, result.stderr
    assert Host.requests == []
    rows = json.loads((tmp_path / "out" / "media-manifest.json").read_text(encoding="utf-8"))
    assert rows == [
        {"url": f"{host}/wp-content/uploads/2020/01/a.png", "as_written": f"{host}/wp-content/uploads/2020/01/a.png", "path": "media/2020/01/a.png"},
        {"url": f"{host}/wp-content/uploads/2020/01/b.png", "as_written": f"{host}/wp-content/uploads/2020/01/b-300x200.png", "path": "media/2020/01/b.png"},
    ]


def test_nothing_is_written_outside_out(tmp_path: Path, host: str):
    src = _export(tmp_path, host, f"![x]({host}/wp-content/uploads/../../../../escape.png) ![y](https://127.0.0.1:1/%2e%2e/%2e%2e/up.png)")
    before = tree_hashes(tmp_path.parent)
    _clean(tmp_path, src, "--media", "download")
    after = tree_hashes(tmp_path.parent)
    new = {p for p in after if p not in before}
    assert new and all(p.startswith(f"{tmp_path.name}/out/") for p in new), new


@pytest.mark.parametrize(
    "url, path, reference",
    [
        ("https://old.blog/wp-content/uploads/2016/05/a-300x200.jpg?w=604", "media/2016/05/a.jpg", "../media/2016/05/a.jpg"),
        ("https://blog.files.wordpress.com/2008/06/canola2.jpg", "media/2008/06/canola2.jpg", "../media/2008/06/canola2.jpg"),
        ("https://i.imgur.com/x/../../y.png", "media/i.imgur.com/x/y.png", "../media/i.imgur.com/x/y.png"),
        ("https://old.blog/2016/05/a-post/", None, None),
        ("mailto:me@old.blog", None, None),
    ],
)
def test_where_each_file_goes(url: str, path: str | None, reference: str | None):
    plan = MediaPlan()
    found = plan.place(url)
    assert (found.path if found else None) == path
    assert (plan.reference(found, "posts/a.md") if found else None) == reference


def test_a_site_target_serves_media_from_its_static_folder():
    hugo = MediaPlan(target="hugo")
    found = hugo.place("https://old.blog/wp-content/uploads/2016/05/a.jpg")
    assert found is not None and found.path == "static/media/2016/05/a.jpg"
    assert hugo.reference(found, "content/posts/a.md") == "/media/2016/05/a.jpg"


def test_media_needs_an_out_folder(tmp_path: Path):
    src = tmp_path / "p.md"
    src.write_text("---\ntitle: T\n---\nx\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(src), "--in-place", "--media", "download"])
    assert result.exit_code == 2
    assert result.stderr == "wpclean: error: --media download brings media into OUT: use -o OUT (Markdown or JSON)\n"
