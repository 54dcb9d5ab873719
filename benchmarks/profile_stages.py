#!/usr/bin/env python3
"""Where one core's time goes when wpclean cleans a generated export, by pipeline stage.

    python benchmarks/profile_stages.py [--count 300] [--seed 42] [--corpus DIR]

Cleans every file in one process (the library call a worker makes: read,
clean, safety checks; no writes) while a thread samples the cleaning thread's
stack every millisecond, and prints the share of samples inside each stage.
Sampling, unlike cProfile, does not slow Python code more than C code, so a
loop of small Python calls (markdown-it's) is not overstated.  A transform's
share covers both of its runs: the clean and the stability pass (the second
clean of the output that proves it is a fixed point), also shown as a whole.
Named so because a script called `profile.py` would shadow the standard
library module of that name.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench import DEFAULT_GENERATOR, generate

#: stage -> (file suffix, function name) of the frame whose presence on the stack puts a sample in it
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
    "safety: prose check, reading the output": ("wpclean/safety.py", "body_seen"),
    "safety: front matter loads": ("wpclean/safety.py", "check_front_matter"),
    "safety: stability pass (a second clean)": ("wpclean/safety.py", "check_stable"),
    "markdown-it (anywhere)": ("markdown_it/main.py", "parse"),
    "lxml parse (anywhere)": ("wpclean/parsing/html.py", "parse_fragment"),
}


class StackSampler(threading.Thread):
    """Counts, every `interval` seconds, which stages are on another thread's stack."""

    def __init__(self, thread_id: int, interval: float = 0.001) -> None:
        super().__init__(daemon=True)
        self.thread_id, self.interval = thread_id, interval
        self.samples, self.counts = 0, Counter[str]()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            frame = sys._current_frames().get(self.thread_id)
            on_stack: set[str] = set()
            while frame is not None:
                code = frame.f_code
                on_stack.update(
                    stage for stage, (suffix, name) in STAGES.items()
                    if code.co_name == name and code.co_filename.endswith(suffix)
                )  # fmt: skip
                frame = frame.f_back
            self.samples += 1
            self.counts.update(on_stack)


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
        sys.setswitchinterval(0.0005)  # let the sampler in between bytecodes often enough
        sampler = StackSampler(threading.get_ident())
        started = time.perf_counter()
        sampler.start()
        for path in files:
            api.clean_path(path, config)
        sampler.done.set()
        wall = time.perf_counter() - started
        sampler.join()

    print(f"{len(files)} files in {wall:.1f} s while sampled ({len(files) / wall:.0f} files/s), {sampler.samples} samples\n")
    print(f"{'stage':<44} {'share':>7}")
    for stage in STAGES:
        print(f"{stage:<44} {sampler.counts[stage] / max(sampler.samples, 1):>6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
