#!/usr/bin/env python3
"""Whether reading a WordPress XML export keeps memory flat: a small and a ten times larger export.

    python benchmarks/wxr_memory.py [--small-mb 20] [--factor 10] [--jobs 2]

Writes two WXR files of generated posts (deterministic; each post about 40 kB of WordPress HTML
with captions, a gallery and ad markers), runs `wpclean clean EXPORT -o OUT --no-cache --fast` on
each, and prints seconds and the peak memory of the run's largest process (RSS) and of its whole
process tree (PSS, sampled from /proc, so Linux only), and the ratio large/small.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from _measure import run_measured

WORDS = ("campaign senate voters online movement progressive donors organizers election primary state "
         "rally network digital budget policy research climate energy market startup").split()  # fmt: skip


def paragraph(rng: random.Random) -> str:
    return "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + ".</p>"


def post(rng: random.Random, n: int) -> str:
    parts = ["[ad_1]"]
    for i in range(60):
        parts.append(paragraph(rng))
        if i % 20 == 5:
            parts.append(f'[caption id="attachment_{n}{i}" width="640"]<img src="https://old.blog/wp-content/uploads/2016/05/p{n}-{i}.jpg" '
                         f'alt="photo {i}" width="640" height="480" /> A caption for photo {i}[/caption]')  # fmt: skip
    parts.append("[gallery ids=\"1,2,3\"]")
    parts.append("[ad_2]")
    body = "\n\n".join(parts)
    return (
        f"<item><title>Post {n}</title><link>https://old.blog/{n}/post-{n}/</link><dc:creator>ed</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{n + 10}</wp:post_id><wp:post_date>2016-05-29 18:38:06</wp:post_date>"
        f"<wp:post_date_gmt>2016-05-30 01:38:06</wp:post_date_gmt><wp:post_name>post-{n}</wp:post_name>"
        f"<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
        f'<wp:post_password></wp:post_password><category domain="category" nicename="news"><![CDATA[News]]></category></item>\n'
    )


def write_export(path: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Old blog</title><link>https://old.blog</link>\n'
            "<wp:author><wp:author_login>ed</wp:author_login><wp:author_display_name>Ed</wp:author_display_name></wp:author>\n")  # fmt: skip
    attachments = "".join(
        f"<item><title>a{i}</title><wp:post_id>{i}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
        f"<wp:attachment_url>https://old.blog/wp-content/uploads/2016/05/a{i}.jpg</wp:attachment_url></item>\n"
        for i in (1, 2, 3)
    )
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head + attachments)
        while fh.tell() < megabytes * 1e6:
            fh.write(post(rng, count))
            count += 1
        fh.write("</channel></rss>\n")
    return count


def measure(export: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    command = [sys.executable, "-m", "wpclean", "clean", str(export), "-o", str(out), "--no-cache", "--fast", "-q", "-j", str(jobs)]
    seconds, _, rss, pss = run_measured(command)  # the small export first: RSS is the largest process so far
    return seconds, rss, pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small-mb", type=float, default=20)
    parser.add_argument("--factor", type=float, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, megabytes in (("small", options.small_mb), ("large", options.small_mb * options.factor)):
            export = Path(tmp) / f"{name}.wordpress.xml"
            posts = write_export(export, megabytes)
            seconds, rss, pss = measure(export, Path(tmp) / f"out-{name}", options.jobs)
            rows.append((name, export.stat().st_size / 1e6, posts, seconds, rss, pss))
            export.unlink()
    for name, size, posts, seconds, rss, pss in rows:
        print(f"{name:5} {size:6.0f} MB, {posts:5} posts: {seconds:6.1f} s, peak {rss / 1024:5.0f} MB in one process, {pss / 1024:5.0f} MB in all")
    (_, _, _, _, rss_small, pss_small), (_, _, _, _, rss_large, pss_large) = rows
    print(f"large/small peak memory: {rss_large / rss_small:.2f}x (largest process), {pss_large / pss_small:.2f}x (all processes)")


if __name__ == "__main__":
    main()
