#!/usr/bin/env python3
"""How `--report` scales: the page's size and the run's memory on a large export.

    python benchmarks/report_scale.py [--count 20000] [--seed 42] [--jobs 2] [--corpus DIR]

Generates a corpus with ../shared/tools/gen_corpus.py (or uses --corpus), runs
`wpclean clean SRC -o OUT --report report.html --no-cache` once, and prints the page's size,
how many files kept their details, and the peak memory: of the run's largest process (RSS), and
of the run's whole process tree (PSS, which shares the pages forked workers share with the run
among them instead of counting them in each; sampled every 0.2 s from /proc, so Linux only).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import run_measured

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "tools" / "gen_corpus.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "export"
            subprocess.run([sys.executable, str(GENERATOR), str(corpus), "--count", str(args.count), "--seed", str(args.seed)], check=True)
        page = Path(tmp) / "report.html"
        command = [sys.executable, "-m", "wpclean", "clean", str(corpus), "-o", str(Path(tmp) / "out"),
                   "--report", str(page), "--no-cache", "-j", str(args.jobs)]  # fmt: skip
        seconds, status, peak_process, peak_tree = run_measured(command)
        text = page.read_text(encoding="utf-8")
        rows = json.loads(re.search(r"id='wpc-files'>(.*?)</script>", text, re.S).group(1))
        with_detail = sum(1 for row in rows if "d" in row)
        files = sum(1 for _ in corpus.rglob("*.md"))
        print(f"{files} files in {seconds:.0f} s (exit {status})")
        print(f"report: {page.stat().st_size / 1e6:.1f} MB, {len(rows)} files listed, {with_detail} with their details")
        print(f"peak memory: {peak_process / 1024:.0f} MB in one process (RSS), {peak_tree / 1024:.0f} MB for the run's process tree (PSS)")


if __name__ == "__main__":
    main()
