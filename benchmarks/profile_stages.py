#!/usr/bin/env python3
"""Where one core's time goes when wpclean cleans a generated export, by pipeline stage.

    python benchmarks/profile_stages.py [--count 300] [--seed 42] [--corpus DIR]

Cleans every file in one process (the library call a worker makes: read,
clean, safety checks; no writes) under py-spy (`pip install -e '.[bench]'`),
which samples the stack from outside the process 200 times a second, and
prints the share of samples inside each stage.  cProfile and in-process
samplers were tried and mislead: cProfile slows Python calls more than C calls
(markdown-it's character loops looked five times their size), and a sampling
thread only runs when the GIL is free (file reads and lxml parses looked twice
their size, regex matching smaller).  A transform's share covers both of its
runs: the clean and the stability pass (the second clean of the output that
proves it is a fixed point), which is also shown as a whole.  Named so because
a script called `profile.py` would shadow the standard library module.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench import DEFAULT_GENERATOR, generate

#: stage -> (file suffix, function name) of the frame whose presence on the stack puts a sample in it
STAGES = {
    "read and decode": ("io/reading.py", "read_regular"),
    "parse (front matter, body segments)": ("wpclean/pipeline.py", "parse"),
    "frontmatter.repair": ("transforms/frontmatter_repair.py", "RepairFrontMatter.apply"),
    "frontmatter.normalize": ("transforms/frontmatter_normalize.py", "NormalizeFrontMatter.apply"),
    "shortcodes.expand": ("transforms/shortcodes.py", "ExpandShortcodes.apply"),
    "ads.remove": ("transforms/ads.py", "RemoveAds.apply"),
    "figures.extract": ("transforms/figures.py", "ExtractFigures.apply"),
    "html.to_markdown": ("transforms/html_markdown.py", "HtmlToMarkdown.apply"),
    "links.canonicalize": ("transforms/links.py", "CanonicalizeLinks.apply"),
    "assemble and render": ("parsing/body.py", "assemble"),
    "safety: prose check": ("wpclean/safety.py", "check_prose"),
    "safety: prose check, reading the output": ("wpclean/safety.py", "body_seen"),
    "safety: front matter loads": ("wpclean/safety.py", "check_front_matter"),
    "safety: stability pass (a second clean)": ("wpclean/safety.py", "check_stable"),
    "markdown-it parsing (anywhere)": ("markdown_it/main.py", "MarkdownIt.parse"),
    "lxml parsing (anywhere)": ("wpclean/parsing/html.py", "parse_fragment"),
}

_CLEAN_EVERY_FILE = """
import sys
from pathlib import Path
from wpclean import api
from wpclean.config import Config
config = Config()
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    api.clean_path(path, config)
"""


def stage_shares(raw: Path) -> tuple[int, Counter[str]]:
    """Samples in all, and per stage, from py-spy's raw output (`frame;frame;… count` per line)."""
    total, counts = 0, Counter[str]()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        samples, frames = int(count), stack.split(";")
        total += samples
        for stage, (suffix, name) in STAGES.items():
            if any(frame.startswith(name + " (") and suffix + ":" in frame for frame in frames):
                counts[stage] += samples
    return total, counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists():
        print("py-spy is needed: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(scratch) / "corpus"
            generate(args.generator, corpus, args.count, args.seed)
        files = len(list(corpus.glob("*.md")))
        raw = Path(scratch) / "samples.txt"
        subprocess.run(
            [py_spy, "record", "--rate", "200", "--format", "raw", "--output", str(raw), "--",
             sys.executable, "-c", _CLEAN_EVERY_FILE, str(corpus)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        total, counts = stage_shares(raw)

    print(f"{total} samples of one process cleaning {files} files\n")
    print(f"{'stage':<44} {'share':>7}")
    for stage in STAGES:
        print(f"{stage:<44} {counts[stage] / max(total, 1):>6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
