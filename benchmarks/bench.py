#!/usr/bin/env python3
"""Throughput of wpclean and of peer HTML-to-Markdown converters on the same generated export.

    python benchmarks/bench.py [--count 2000] [--seed 42] [--jobs 2] [--corpus DIR]

Generates a corpus with ../shared/tools/gen_corpus.py (or uses --corpus), then
in one run times:

- `wpclean clean CORPUS -o OUT` with -j 1 and -j JOBS (the whole job: front
  matter, shortcodes, ads, figures, HTML to Markdown, safety checks, writes);
- markdownify and html2text (`pip install '.[bench]'`) converting each body's
  HTML in one Python process, front matter cut off with a plain split;
- pandoc, if installed, one process per file (that is how it is driven).

Peers convert HTML only; wpclean does more per file.  The ratios are reported
as measured, not adjusted.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GENERATOR = HERE.parent.parent / "shared" / "tools" / "gen_corpus.py"


def generate(generator: Path, out: Path, count: int, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(generator), str(out), "--count", str(count), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bodies(corpus: Path) -> list[str]:
    out = []
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        parts = text.split("\n---", 2) if text.lstrip("\ufeff").startswith("---") else ["", "", text]
        out.append(parts[-1])
    return out


def time_wpclean(corpus: Path, jobs: int) -> float:
    wpclean = shutil.which("wpclean") or str(Path(sys.executable).with_name("wpclean"))
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run([wpclean, "clean", str(corpus), "-o", out, "-j", str(jobs), "-q"], check=False)
        return time.perf_counter() - started


def time_python_peer(name: str, texts: list[str]) -> float | None:
    try:
        if name == "markdownify":
            from markdownify import markdownify as convert
        else:
            import html2text

            convert = html2text.html2text
    except ImportError:
        return None
    started = time.perf_counter()
    for text in texts:
        convert(text)
    return time.perf_counter() - started


def time_pandoc(texts: list[str]) -> float | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    started = time.perf_counter()
    for text in texts:
        subprocess.run([pandoc, "-f", "html", "-t", "gfm"], input=text.encode(), capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, help="use this export instead of generating one")
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            generate(args.generator, corpus, args.count, args.seed)
        texts = bodies(corpus)
        size = sum(len(t.encode()) for t in texts) / 1e6
        print(f"corpus: {len(texts)} files, {size:.1f} MB of bodies ({corpus})")
        results = {
            "wpclean -j 1": time_wpclean(corpus, 1),
            f"wpclean -j {args.jobs}": time_wpclean(corpus, args.jobs),
            "markdownify (1 process)": time_python_peer("markdownify", texts),
            "html2text (1 process)": time_python_peer("html2text", texts),
            "pandoc (process per file)": time_pandoc(texts),
        }
    base = results["wpclean -j 1"]
    print(f"{'tool':28} {'seconds':>9} {'files/s':>9} {'vs wpclean -j 1':>16}")
    for name, seconds in results.items():
        if seconds is None:
            print(f"{name:28} {'not installed':>9}")
            continue
        print(f"{name:28} {seconds:9.2f} {len(texts) / seconds:9.1f} {base / seconds:15.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
