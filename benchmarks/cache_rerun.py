#!/usr/bin/env python3
"""What the cache saves: a second `check` (and `clean --in-place`) over files that did not change.

    python benchmarks/cache_rerun.py [--count 2000] [--seed 42] [--jobs 2] [--corpus DIR]

Generates a corpus with ../shared/tools/gen_corpus.py (or uses --corpus, copied), then times,
each with a cache folder of its own:

- `wpclean check` on the raw export with no cache, then twice with one (the second run finds
  every file unchanged, and prints its 43 findings a post again);
- `wpclean check` twice on the export cleaned into a site tree (what CI checks on every push);
- `wpclean clean --in-place` twice on that tree (what the pre-commit fix hook does).

It prints seconds and the ratio of the first run to the second: what a CI job or a pre-commit
hook that runs on every push saves when most posts did not change.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent.parent / "shared" / "tools" / "gen_corpus.py"


#: as a user's Python runs: compiled modules are kept (a sandbox that sets PYTHONDONTWRITEBYTECODE
#: would add ~0.1 s of compiling to every run, most of a run the cache answers)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wpclean", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        if options.corpus:
            shutil.copytree(options.corpus, corpus)
        else:
            subprocess.run([sys.executable, str(GENERATOR), str(corpus), "--count", str(options.count), "--seed", str(options.seed)],
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        files = sum(1 for _ in corpus.rglob("*.md"))
        jobs = ["-j", str(options.jobs)]
        rows = []
        # the raw export: every post full of debris (about 43 findings a post, all printed again)
        no_cache = timed("check", str(corpus), *jobs, "--no-cache")
        first = timed("check", str(corpus), *jobs, "--cache-dir", str(work / "c1"))
        second = timed("check", str(corpus), *jobs, "--cache-dir", str(work / "c1"))
        rows += [("check export, no cache", no_cache, ""), ("check export, first", first, ""),
                 ("check export, unchanged", second, f"{first / second:5.1f}x faster than the first")]  # fmt: skip
        # the migrated tree a team keeps in git and checks on every push
        site = work / "site"
        timed("clean", str(corpus), "-o", str(site), *jobs, "--no-cache")
        first = timed("check", str(site), *jobs, "--cache-dir", str(work / "c2"))
        second = timed("check", str(site), *jobs, "--cache-dir", str(work / "c2"))
        rows += [("check cleaned tree, first", first, ""),
                 ("check cleaned tree, unchanged", second, f"{first / second:5.1f}x faster than the first")]  # fmt: skip
        learned = timed("clean", str(site), "--in-place", *jobs, "--cache-dir", str(work / "c3"))
        again = timed("clean", str(site), "--in-place", *jobs, "--cache-dir", str(work / "c3"))
        rows += [("clean --in-place cleaned tree, first", learned, ""),
                 ("clean --in-place, unchanged", again, f"{learned / again:5.1f}x faster than the first")]  # fmt: skip
    print(f"{files} files, -j {options.jobs}")
    for name, seconds, note in rows:
        print(f"{name:38} {seconds:7.2f} s   {note}")


if __name__ == "__main__":
    main()
