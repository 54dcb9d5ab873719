#!/usr/bin/env python3
"""Where one core's time goes when wpclean cleans a generated export, by pipeline stage.

    python benchmarks/profile_stages.py [--count 300] [--seed 42] [--corpus DIR]

Cleans every file in one process under cProfile (the library call a worker
makes: read, clean, safety checks; no writes) and prints each stage's share of
the run.  A transform's time includes both of its runs: the clean and the
stability pass (the second clean of the output that proves it is a fixed
point), which is also shown as a whole.  cProfile slows Python code more than
C code, so shares are indicative; use bench.py for throughput.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench import DEFAULT_GENERATOR, generate

#: stage -> (file suffix, function name) whose cumulative time is the stage's
STAGES = {
    "read and decode": ("io/reading.py", "read_regular"),
    "parse (front matter, body segments)": ("wpclean/pipeline.py", "parse"),
    "frontmatter.repair": ("transforms/frontmatter_repair.py", "apply"),
    "frontmatter.normalize": ("transforms/frontmatter_normalize.py", "apply"),
    "shortcodes.expand": ("transforms/shortcodes.py", "apply"),
    "ads.remove": ("transforms/ads.py", "apply"),
    "figures.extract": ("transforms/figures.py", "apply"),
    "html.to_markdown": ("transforms/html_markdown.py", "apply"),
    "links.canonicalize": ("transforms/links.py", "apply"),
    "assemble and render": ("parsing/body.py", "assemble"),
    "safety: prose check": ("wpclean/safety.py", "check_prose"),
    "safety: front matter loads": ("wpclean/safety.py", "check_front_matter"),
    "safety: stability pass (a second clean)": ("wpclean/safety.py", "check_stable"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    args = parser.parse_args()

    from wpclean import api
    from wpclean.config import Config

    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(scratch) / "corpus"
            generate(args.generator, corpus, args.count, args.seed)
        files = sorted(corpus.glob("*.md"))
        config = Config()
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for path in files:
            api.clean_path(path, config)
        profile.disable()
        wall = time.perf_counter() - started

    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.items())
    print(f"{len(files)} files in {wall:.1f} s under cProfile ({len(files) / wall:.0f} files/s)\n")
    print(f"{'stage':<44} {'share':>7}")
    for stage, (suffix, function) in STAGES.items():
        cumulative = max(
            (ct for (filename, _, name), (_, _, _, ct, _) in stats.items() if filename.endswith(suffix) and name == function),
            default=0.0,
        )
        print(f"{stage:<44} {cumulative / total:>6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
