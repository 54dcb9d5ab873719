#!/usr/bin/env python3
"""Throughput of wpclean and of peer HTML-to-Markdown converters on the same generated export.

    python benchmarks/bench.py [--count 2000] [--seed 42] [--jobs 2] [--corpus DIR] [--baseline WPCLEAN]

Generates a corpus with ../shared/tools/gen_corpus.py (or uses --corpus), then
in one run times:

- `wpclean clean CORPUS -o OUT` with -j 1 and -j JOBS (the whole job: front
  matter, shortcodes, ads, figures, HTML to Markdown, safety checks, writes);
- `wpclean clean --fast -j JOBS` (the same, without the stability pass);
- `wpclean check CORPUS -j JOBS` (the same work in memory, findings printed);
- with `--baseline`, another wpclean executable (an earlier release installed in
  its own virtualenv) with -j 1 and -j JOBS, for a ratio taken in the same run;
- markdownify, html2text and html_to_markdown (Rust) (`pip install '.[bench]'`)
  converting each body's HTML in one Python process, front matter cut off with
  a plain split;
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


def time_wpclean(corpus: Path, jobs: int, command: str = "clean", *extra: str, wpclean: str | None = None) -> float:
    wpclean = wpclean or str(Path(sys.executable).with_name("wpclean"))
    with tempfile.TemporaryDirectory() as out:
        args = ["-o", out, "-q", *extra] if command == "clean" else []
        started = time.perf_counter()
        subprocess.run([wpclean, command, str(corpus), "-j", str(jobs), *args], check=False, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def time_python_peer(name: str, texts: list[str]) -> float | None:
    try:
        if name == "markdownify":
            from markdownify import markdownify as convert
        elif name == "html_to_markdown":
            from html_to_markdown import convert
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
    parser.add_argument("--baseline", help="another wpclean executable to time alongside (e.g. an earlier release)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            generate(args.generator, corpus, args.count, args.seed)
        texts = bodies(corpus)
        size = sum(len(t.encode()) for t in texts) / 1e6
        print(f"corpus: {len(texts)} files, {size:.1f} MB of bodies ({corpus})")
        results = {
            "wpclean clean -j 1": time_wpclean(corpus, 1),
            f"wpclean clean -j {args.jobs}": time_wpclean(corpus, args.jobs),
            f"wpclean clean --fast -j {args.jobs}": time_wpclean(corpus, args.jobs, "clean", "--fast"),
            f"wpclean check -j {args.jobs}": time_wpclean(corpus, args.jobs, "check"),
            "markdownify (1 process)": time_python_peer("markdownify", texts),
            "html2text (1 process)": time_python_peer("html2text", texts),
            "html_to_markdown (1 process)": time_python_peer("html_to_markdown", texts),
            "pandoc (process per file)": time_pandoc(texts),
        }
        if args.baseline:
            results["baseline clean -j 1"] = time_wpclean(corpus, 1, wpclean=args.baseline)
            results[f"baseline clean -j {args.jobs}"] = time_wpclean(corpus, args.jobs, wpclean=args.baseline)
    peer = results["markdownify (1 process)"]
    print(f"{'tool':30} {'seconds':>8} {'files/s':>8} {'MB/s':>6} {'vs markdownify':>15}")
    for name, seconds in results.items():
        if seconds is None:
            print(f"{name:30} not installed")
            continue
        ratio = f"{peer / seconds:14.2f}x" if peer else "-"
        print(f"{name:30} {seconds:8.2f} {len(texts) / seconds:8.1f} {size / seconds:6.2f} {ratio:>15}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
