"""Running a command and watching its memory, for the benchmarks that report peak memory (Linux: /proc)."""
from __future__ import annotations

import re
import resource
import subprocess
import time
from pathlib import Path


def tree_pss_kb(pid: int) -> int:
    """Proportional memory of a process and all its descendants, in kB (0 once it is gone): PSS
    shares the pages forked workers share with their parent among them, instead of counting
    them in each as RSS would."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += int(re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{current}/smaps_rollup").read_text(), re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, int, int, int]:
    """Seconds, exit status, peak RSS of the largest process so far among this script's children
    (kB; run the smaller job first), and peak PSS of the command's process tree (kB, sampled
    every 0.2 s)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_tree = 0
    while process.poll() is None:
        peak_tree = max(peak_tree, tree_pss_kb(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    return seconds, process.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peak_tree
