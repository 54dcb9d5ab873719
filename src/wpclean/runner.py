"""Running the pipeline over many files: the site index pass, the pool of workers (`workers`), writes, the run report."""
from __future__ import annotations

import gc
import hashlib
import itertools
import os
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .config import Config
from .delivery import Delivery
from .findings import ERROR, Finding
from .io import cache, paths, writing
from .io.cache import Cache
from .io.manifest import digest
from .links.siteindex import Entry, Placement, SiteIndex
from .targets.places import Places
from .workers import Outcome, TimeLimitExceeded, deadline, index_one, init_worker, process_one, remembered_entry, time_limit_finding

__all__ = ["FORMATS", "Outcome", "Plan", "RunReport", "TimeLimitExceeded", "build_index", "deadline", "run", "time_limit_finding"]

FORMATS = ("markdown", "json", "ndjson")

#: shows a pass going by: `progress(items, total, label)` yields the items; label is "indexing"
#: for the first pass and None for the second (the caller names its own job: cleaning, checking…)
Progress = Callable[[Iterable[Any], int, "str | None"], Iterable[Any]]


def no_progress(items: Iterable[Any], total: int, label: str | None) -> Iterable[Any]:
    return items


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
    #: send each file's shortcode counts back, taken where it was read (for the HTML report)
    inventory: bool = False
    #: where earlier runs' results are kept (io.cache); None: every file is cleaned
    cache_dir: Path | None = None

    @property
    def cache_mode(self) -> str | None:
        """How a remembered outcome may stand in for cleaning: never where the run needs what
        cleaning gives (a ledger, NDJSON or JSON records, a diff)."""
        if self.cache_dir is None or self.ledger or self.format != "markdown":
            return None
        if self.check or self.dry_run:
            return "report"
        return "in_place" if self.in_place else "out"


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
    #: files whose remembered outcome stood in for cleaning them (io.cache)
    cached: int = 0

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
            "written": self.written, "cached": self.cached, "seconds": round(self.seconds, 3),
            "files_per_second": round(self.files_per_second, 1),
            "findings": dict(sorted(self.findings.items())),
            "links": {**{k: self.links.get(k, 0) for k in ("canonicalized", "unwrapped", "internal", "media", "broken")},
                      "domains": dict(self.domains.most_common())},
        }  # fmt: skip


@contextmanager
def _mapper(jobs: int, count: int, initargs: tuple[Any, ...]) -> Iterator[Callable[..., Iterable[Any]]]:
    """`map` over worker processes (results in input order), or in this process for small runs."""
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or count < 4:
        init_worker(*initargs)
        yield map
        return
    chunk = max(1, min(64, count // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=initargs)
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
    jobs: list[paths.Job],
    config: Config,
    plan: Plan,
    report: RunReport,
    keep_entries: bool = False,
    run_cache: Cache | None = None,
    progress: Progress = no_progress,
) -> tuple[SiteIndex, dict[str, Placement], list[Entry], str]:
    """Pass 1: every post's new path, unique slug and URL (collisions resolved in sorted order), and its old URLs.

    Posts are placed as the workers return them, in order, so the pass holds the
    index and not every post's entry as well (unless `keep_entries`, for redirect maps).
    """
    places = Places(config, ".json" if plan.format == "json" else ".md", plan.in_place, report.notices.append)
    site = SiteIndex.empty(config.site)
    placements: dict[str, Placement] = {}
    placed: list[Entry] = []
    site_key = hashlib.sha256()  # every file's bytes and place: what a remembered outcome depends on
    with _indexed(jobs, config, plan, run_cache) as indexed:
        for job, (entry, sha256) in progress(zip(jobs, indexed), len(jobs), "indexing"):  # in input order
            if sha256 and isinstance(entry, Entry) and run_cache is not None:
                run_cache.entries[cache.entry_key(sha256, job.rel)] = {"fields": entry.fields, "title": entry.title, "old_urls": list(entry.old_urls)}
                run_cache.digests[entry.display] = sha256
            site_key.update(f"{entry.display if isinstance(entry, Entry) else entry.path}\0{sha256}\n".encode("utf-8", "surrogatepass"))
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
            site_key.update(repr(tuple(placement)).encode("utf-8", "surrogatepass"))
            entry = Entry(entry.display, {**entry.fields, "slug": placement.slug or ""}, entry.title, entry.old_urls, placement)
            site.add(entry)
            if keep_entries:
                placed.append(entry)
    return site.finish(), placements, placed, site_key.hexdigest()


@contextmanager
def _indexed(jobs: list[paths.Job], config: Config, plan: Plan, run_cache: Cache | None) -> Iterator[Iterator[tuple[Entry | Finding, str]]]:
    """Every file's index entry and sha256, in input order.  With a cache, the files it knows are
    looked up here, in the run's own process (reading and hashing is all they cost), and only the
    others go to workers: a run over an unchanged tree starts no worker at all.  A cache that knows
    nothing yet (a first run) is not looked in here: every file would be read and hashed twice."""
    known: dict[int, tuple[Entry, str]] = {}
    if run_cache is not None and run_cache.knows_entries:
        for n, job in enumerate(jobs):
            hit, _, sha256 = remembered_entry(job, config, run_cache)
            if hit is not None:
                known[n] = (hit, sha256)
    unknown = [job for n, job in enumerate(jobs) if n not in known]
    with _mapper(plan.jobs, len(unknown), (config, None, False, False, False, run_cache)) as mapping:
        found = iter(mapping(index_one, unknown))
        yield (known[n] if n in known else next(found) for n in range(len(jobs)))


def run(
    jobs: list[paths.Job],
    config: Config,
    plan: Plan,
    *,
    ndjson_out: Callable[[str], None] | None = None,
    progress: Progress = no_progress,
    listener: Callable[[Outcome], None] = lambda outcome: None,
) -> RunReport:
    report = RunReport(files=len(jobs))
    started = time.perf_counter()
    delivery = Delivery(config, plan, report, ndjson_out)
    delivery.remove_stray_temp_files(jobs)
    run_cache = None
    # cache_mode is None without a folder; with --media every post must say which files it uses
    if plan.cache_mode and plan.cache_dir is not None and config.media.mode == "link":
        salt = cache.key(__version__, cache.code_fingerprint(), repr(config), plan.format, str(plan.check), str(plan.in_place), str(plan.out_dir))
        run_cache = Cache(plan.cache_dir, salt)
    site, placements, _, site_key = build_index(jobs, config, plan, report, run_cache=run_cache, progress=progress)
    for notice in report.notices:
        report.findings[notice.code] += 1
    remembered = _remembered(run_cache, plan, jobs, placements, site_key) if run_cache is not None else {}
    items = ((job, placements.get(job.display)) for job in jobs if job.display not in remembered)
    initargs = (config, site, plan.format != "markdown", plan.check, plan.ledger, None, plan.inventory)
    try:
        with _mapper(plan.jobs, len(jobs) - len(remembered), initargs) as mapping:
            cleaned = iter(mapping(process_one, items))
            outcomes = (remembered.get(job.display) or next(cleaned) for job in jobs)  # in input order
            for outcome in progress(outcomes, len(jobs), None):
                if outcome.error is None:
                    outcome.error = report.index_failures.get(outcome.job.display)
                if outcome.error is None:
                    outcome.error = delivery.deliver(outcome)
                _account(report, outcome)
                if run_cache is not None:
                    _remember(run_cache, outcome, site_key, placements.get(outcome.job.display))
                listener(outcome)
    finally:  # an interrupted run still records what it wrote (and what it learned)
        delivery.finish()
        if run_cache is not None:
            _save_cache(run_cache, report)
    report.seconds = time.perf_counter() - started
    return report


def _remembered(
    run_cache: Cache, plan: Plan, jobs: list[paths.Job], placements: dict[str, Placement], site_key: str
) -> dict[str, Outcome]:
    """The outcomes the cache can stand in with, by file: where the run does not need what cleaning
    gives, for a file whose bytes, place and site are as they were.  Decided here, in the run's own
    process, so a file the cache knows costs no worker and no pickling."""
    found: dict[str, Outcome] = {}
    for job in jobs:
        sha256, placement = run_cache.digests.get(job.display), placements.get(job.display)
        hit = run_cache.outcome(_outcome_key(sha256, site_key, placement)) if sha256 else None
        if hit is None or not _stands_in(hit, plan, placement):
            continue
        findings = [Finding(job.display, f["line"], f["col"], f["code"], f["severity"], f["message"], f["fixed"]) for f in hit["findings"]]
        found[job.display] = Outcome(job, None, findings, hit["changed"], rel=placement.rel if placement else None,
                                     links=hit["links"], read_digest=sha256 or "", cached=True)  # fmt: skip
    return found


def _outcome_key(sha256: str, site_key: str, placement: Placement | None) -> str:
    return cache.key(sha256, site_key, repr(tuple(placement)) if placement else "")


def _stands_in(hit: dict[str, Any], plan: Plan, placement: Placement | None) -> bool:
    """For a report, always; in place, when the file needs no change; into OUT, when OUT already
    holds what would be written."""
    if plan.cache_mode == "report":
        return True
    if plan.cache_mode == "in_place":
        return hit["changed"] is False
    if plan.out_dir is None or placement is None or not hit.get("written"):
        return False
    try:
        return bool(digest((plan.out_dir / placement.rel).read_bytes()) == hit["written"])
    except OSError:
        return False


def _remember(run_cache: Cache, outcome: Outcome, site_key: str, placement: Placement | None) -> None:
    """Keep an outcome for the next run: one that wpclean finished without an error."""
    sha256 = run_cache.digests.get(outcome.job.display)
    if not sha256 or outcome.error is not None:
        return
    outcome_key = _outcome_key(sha256, site_key, placement)
    if outcome.cached:
        run_cache.outcomes[outcome_key] = run_cache.outcome(outcome_key)
        return
    run_cache.outcomes[outcome_key] = {
        "changed": outcome.changed,
        "findings": [f.as_dict() for f in outcome.findings],
        "links": outcome.links,
        "written": digest(outcome.data) if outcome.data is not None else "",
    }


def _save_cache(run_cache: Cache, report: RunReport) -> None:
    try:
        with writing.uninterrupted():
            run_cache.save()
    except OSError as exc:  # a cache that cannot be written costs speed, not results
        report.notices.append(Finding.make(str(run_cache.folder), 1, 1, "WPC905", f"cannot write the cache: {exc.strerror}"))


def _account(report: RunReport, outcome: Outcome) -> None:
    report.cached += outcome.cached
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
