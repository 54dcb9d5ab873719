"""Running the pipeline over many files: the site index pass, worker processes, writes, the run report."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import itertools
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import api
from .checks import check_findings
from .config import Config
from .delivery import Delivery
from .findings import ERROR, Finding
from .io import paths
from .links.siteindex import Entry, Placement, SiteIndex
from .targets.places import Places
from .render import record as records
from .transforms.links import link_stats

FORMATS = ("markdown", "json", "ndjson")


@dataclass(frozen=True)
class Plan:
    """Where and how a run writes: the CLI's options, checked."""

    format: str = "markdown"
    out_dir: Path | None = None  # -o OUT (a directory; for ndjson, a file)
    in_place: bool = False
    dry_run: bool = False
    #: replace files in OUT that wpclean did not write (or that were edited since)
    force: bool = False
    jobs: int = 0  # 0: all cores
    #: report findings as `wpclean check` does (every ledgered fix a finding), write nothing
    check: bool = False
    #: send each file's ledger back (for `diff --explain` and the HTML report)
    ledger: bool = False


@dataclass
class Outcome:
    """What a worker sends back for one file; small and picklable."""

    job: paths.Job
    error: Finding | None
    findings: list[Finding]
    changed: bool = False
    data: bytes | None = None  # the Markdown file to write (source encoding, newlines, BOM)
    record: dict[str, Any] | None = None
    rel: str | None = None  # where it goes below OUT
    links: dict[str, Any] = field(default_factory=dict)
    #: (line, transform, reason, before, after) of every change, when the plan asks for it
    ledger: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    #: the traceback of an internal error, shown with --verbose
    detail: str = ""
    #: sha256 of the source as read (an in-place write happens only if the file still holds it)
    read_digest: str = ""


@dataclass
class RunReport:
    files: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    written: int = 0
    seconds: float = 0.0
    failures: list[Finding] = field(default_factory=list)
    #: things the user must hear about even in a quiet run (renamed outputs, duplicates)
    notices: list[Finding] = field(default_factory=list)
    findings: Counter[str] = field(default_factory=Counter)
    domains: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    index_failures: dict[str, Finding] = field(default_factory=dict)
    #: every file the index pass could not read (clean reports them again in its own pass)
    index_errors: list[Finding] = field(default_factory=list)
    internal_errors: int = 0
    error_findings: int = 0

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0

    def exit_code(self) -> int:
        if self.internal_errors:
            return 3
        return 1 if self.failed or self.error_findings else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "changed": self.changed, "unchanged": self.unchanged, "failed": self.failed,
            "written": self.written, "seconds": round(self.seconds, 3),
            "files_per_second": round(self.files_per_second, 1),
            "findings": dict(sorted(self.findings.items())),
            "links": {**{k: self.links.get(k, 0) for k in ("canonicalized", "unwrapped", "internal", "media", "broken")},
                      "domains": dict(self.domains.most_common())},
        }  # fmt: skip


# -- worker side: state set once per process, not pickled with every file ------------------

_STATE: dict[str, Any] = {}


def _init_worker(
    config: Config, site: SiteIndex | None, want_record: bool, check: bool = False, ledger: bool = False
) -> None:
    _STATE.update(config=config, site=site, want_record=want_record, check=check, ledger=ledger)
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle, not each worker's
        _die_with_parent()


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the run that started it dies (a SIGKILLed run leaves none behind)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is what there is
        pass


def _index_one(job: paths.Job) -> Entry | Finding:
    if job.outside_target is not None:
        return _outside(job)
    try:
        return api.index_entry(job.path, _STATE["config"], job.display, job.rel)
    except Exception as exc:  # noqa: BLE001 - isolation boundary, reported, never silent
        return Finding.make(job.display, 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}")


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


class TimeLimitExceeded(BaseException):
    """One file took longer than `limits.seconds_per_file`; like KeyboardInterrupt, no `except Exception` stops it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in this process after `seconds`, so one runaway file cannot stall a run.

    A POSIX interval timer, in the main thread of the worker (or of the run, with `-j 1`);
    where there is none (Windows, a non-main thread) files run without a limit.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _outside(job: paths.Job) -> Finding:
    return Finding.make(job.display, 1, 1, "WPC912", f"symlink to {job.outside_target}, outside the source tree; not followed")


def time_limit_finding(display: str, seconds: float) -> Finding:
    return Finding.make(display, 1, 1, "WPC910", f"took longer than {seconds:g} s (limits.seconds_per_file); skipped")


def _process_one(item: tuple[paths.Job, Placement | None]) -> Outcome:
    """Clean one file; per-file isolation: a wpclean bug is WPC990 for that file, and the run goes on."""
    job, placement = item
    if job.outside_target is not None:
        return Outcome(job, _outside(job), [])
    seconds = _STATE["config"].limits.seconds_per_file
    try:
        with deadline(seconds):
            return _process(job, placement)
    except TimeLimitExceeded:
        return Outcome(job, time_limit_finding(job.display, seconds), [])
    except Exception as exc:  # noqa: BLE001 - isolation boundary, reported, never silent
        error = Finding.make(job.display, 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}")
        return Outcome(job, error, [], detail=traceback.format_exc())


def _process(job: paths.Job, placement: Placement | None) -> Outcome:
    config, site = _STATE["config"], _STATE["site"]
    result = api.clean_path(job.path, config, display=job.display, site=site, placement=placement)
    if result.error is not None or result.document is None:
        return Outcome(job, result.error, result.notes, detail=result.detail)
    doc = result.document
    return Outcome(
        job,
        None,
        result.notes + check_findings(doc) if _STATE["check"] else result.findings,
        result.changed,
        result.encoded(),
        records.record(doc, job.rel) if _STATE["want_record"] else None,
        placement.rel if placement else None,
        link_stats(doc.links),
        [(c.line, c.transform, c.reason, c.before, c.after) for c in doc.changes] if _STATE["ledger"] else [],
        read_digest=result.read_digest,
    )


@contextmanager
def _mapper(jobs: int, count: int, initargs: tuple[Any, ...]) -> Iterator[Callable[..., Iterable[Any]]]:
    """`map` over worker processes (results in input order), or in this process for small runs."""
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or count < 4:
        _init_worker(*initargs)
        yield map
        return
    chunk = max(1, min(64, count // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=initargs)
    # Forked workers share the run's memory (the site index, the file list) until something writes
    # to it; frozen, it is out of reach of the workers' garbage collector, which would copy every page.
    gc.freeze()
    try:
        yield lambda fn, items: _windowed_map(pool, fn, items, chunk, window=workers * 2)
    except BaseException:  # Ctrl-C or a failure here: drop the queued files, do not wait for them
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown()


def _windowed_map(pool: ProcessPoolExecutor, fn: Callable[[Any], Any], items: Iterable[Any], chunk: int, window: int) -> Iterator[Any]:
    """`pool.map(fn, items)` in chunks, with at most `window` chunks queued or finished but not yet taken.

    `Executor.map` queues every item at once, so results the run has not yet
    taken could pile up whenever writing fell behind cleaning; here they cannot.
    """
    remaining = iter(items)
    batches = iter(lambda: list(itertools.islice(remaining, chunk)), [])
    pending = deque(pool.submit(_run_batch, fn, batch) for batch in itertools.islice(batches, window))
    while pending:
        results = pending.popleft().result()
        batch = next(batches, None)
        if batch is not None:
            pending.append(pool.submit(_run_batch, fn, batch))
        yield from results


def _run_batch(fn: Callable[[Any], Any], batch: list[Any]) -> list[Any]:
    return [fn(item) for item in batch]


# -- the run ------------------------------------------------------------------------------


def build_index(
    jobs: list[paths.Job], config: Config, plan: Plan, report: RunReport, keep_entries: bool = False
) -> tuple[SiteIndex, dict[str, Placement], list[Entry]]:
    """Pass 1: every post's new path, unique slug and URL (collisions resolved in sorted order), and its old URLs.

    Posts are placed as the workers return them, in order, so the pass holds the
    index and not every post's entry as well (unless `keep_entries`, for redirect maps).
    """
    places = Places(config, ".json" if plan.format == "json" else ".md", plan.in_place, report.notices.append)
    site = SiteIndex.empty(config.site)
    placements: dict[str, Placement] = {}
    placed: list[Entry] = []
    with _mapper(plan.jobs, len(jobs), (config, None, False)) as mapping:
        for entry in mapping(_index_one, jobs):
            if isinstance(entry, Finding):
                # A bug met while indexing is that file's failure even if cleaning it later works.
                report.index_errors.append(entry)
                if entry.code.startswith("WPC99"):
                    report.index_failures[entry.path] = entry
                continue
            placement = places.place(entry)
            if placement is None:
                continue
            placements[entry.display] = placement
            entry = Entry(entry.display, {**entry.fields, "slug": placement.slug or ""}, entry.title, entry.old_urls, placement)
            site.add(entry)
            if keep_entries:
                placed.append(entry)
    return site.finish(), placements, placed


def run(
    jobs: list[paths.Job],
    config: Config,
    plan: Plan,
    *,
    ndjson_out: Callable[[str], None] | None = None,
    progress: Callable[[Iterable[Outcome], int], Iterable[Outcome]] = lambda it, n: it,
    listener: Callable[[Outcome], None] = lambda outcome: None,
) -> RunReport:
    report = RunReport(files=len(jobs))
    started = time.perf_counter()
    delivery = Delivery(config, plan, report, ndjson_out)
    delivery.remove_stray_temp_files(jobs)
    site, placements, _ = build_index(jobs, config, plan, report)
    for notice in report.notices:
        report.findings[notice.code] += 1
    items = ((job, placements.get(job.display)) for job in jobs)
    initargs = (config, site, plan.format != "markdown", plan.check, plan.ledger)
    try:
        with _mapper(plan.jobs, len(jobs), initargs) as mapping:
            for outcome in progress(mapping(_process_one, items), len(jobs)):
                if outcome.error is None:
                    outcome.error = report.index_failures.get(outcome.job.display)
                if outcome.error is None:
                    outcome.error = delivery.deliver(outcome)
                _account(report, outcome)
                listener(outcome)
    finally:  # an interrupted run still records what it wrote
        delivery.finish()
    report.seconds = time.perf_counter() - started
    return report


def _account(report: RunReport, outcome: Outcome) -> None:
    for finding in outcome.findings:
        report.findings[finding.code] += 1
        if finding.code == "WPC904":
            report.notices.append(finding)
        if finding.severity == ERROR and not finding.fixed:
            report.error_findings += 1
    if outcome.links:
        report.domains.update(outcome.links["domains"])
        report.links.update({k: v for k, v in outcome.links.items() if k != "domains"})
    if outcome.error is not None:
        report.failed += 1
        report.failures.append(outcome.error)
        report.findings[outcome.error.code] += 1
        if outcome.error.code.startswith("WPC99"):
            report.internal_errors += 1
    elif outcome.changed:
        report.changed += 1
    else:
        report.unchanged += 1
