"""The worker side of a run: state set once per process, one file indexed or cleaned per call,
per-file isolation (a bug or a runaway file is that file's one line), and the time limit.

What a worker sends back is an `Outcome`: small and picklable.  In the index pass a worker
looks a file's entry up in the cache (io.cache) by the sha256 of its bytes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import traceback
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

from .config import Config
from .errors import InputError
from .findings import Finding
from .io import paths, reading
from .io.cache import Cache, entry_key
from .io.manifest import digest
from .links.siteindex import Entry, Placement, SiteIndex


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
    #: it came from the cache (io.cache): nothing was cleaned, and nothing is written
    cached: bool = False
    #: (url, original, path below OUT) of the media files the post refers to in OUT (`--media`)
    media: list[tuple[str, str, str]] = field(default_factory=list)
    #: how often each shortcode stands in the file as read, when the plan asks (the HTML report);
    #: None: not counted (a file that could not be cleaned has no document to count in)
    shortcodes: Counter[str] | None = None


_STATE: dict[str, Any] = {}


def init_worker(
    config: Config,
    site: SiteIndex | None,
    want_record: bool,
    check: bool = False,
    ledger: bool = False,
    cache: Cache | None = None,
    inventory: bool = False,
) -> None:
    _STATE.update(config=config, site=site, want_record=want_record, check=check, ledger=ledger, cache=cache, inventory=inventory)
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle, not each worker's
        _die_with_parent()


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the run that started it dies (a SIGKILLed run leaves none behind)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is what there is
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the run died between the fork and the request: the signal will never come


def index_one(job: paths.Job) -> tuple[Entry | Finding, str]:
    """A file's index entry (from the cache when its bytes are known), and the sha256 of its bytes."""
    if job.refusal is not None:
        return job.refusal, ""
    config = _STATE["config"]
    try:
        hit, data, digest = remembered_entry(job, config, _STATE["cache"])
        if hit is not None:
            return hit, digest
        from . import api  # here: a run whose files the cache knows never loads the pipeline

        return api.index_entry(job.path, config, job.display, job.rel, data=data), digest
    except Exception as exc:  # noqa: BLE001 - isolation boundary, reported, never silent
        return Finding.make(job.display, 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}"), ""


def remembered_entry(job: paths.Job, config: Config, cache: Cache | None) -> tuple[Entry | None, bytes | None, str]:
    """The index entry the cache holds for the file's bytes (None when it holds none), the bytes,
    and their sha256; with no cache, or a file that cannot be read (left to the reader that
    reports it), nothing."""
    if cache is None or job.refusal is not None:
        return None, None, ""
    try:
        data = reading.read_regular(job.path, config.limits.max_file_mb * 2**20)
    except InputError:
        return None, None, ""
    sha256 = digest(data)
    hit = cache.entry(entry_key(sha256, job.rel))
    if hit is None:
        return None, data, sha256
    return Entry(job.display, hit["fields"], hit["title"], tuple(hit["old_urls"])), data, sha256


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


def time_limit_finding(display: str, seconds: float) -> Finding:
    return Finding.make(display, 1, 1, "WPC910", f"took longer than {seconds:g} s (limits.seconds_per_file); skipped")


def process_one(item: tuple[paths.Job, Placement | None]) -> Outcome:
    """Clean one file; per-file isolation: a wpclean bug is WPC990 for that file, and the run goes on."""
    job, placement = item
    if job.refusal is not None:
        return Outcome(job, job.refusal, [])
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
    from . import api
    from .checks import check_findings
    from .render import record as records
    from .transforms.links import link_stats
    from .transforms.shortcodes import ad_marker_names, shortcode_counts

    config, site = _STATE["config"], _STATE["site"]
    result = api.clean_path(job.path, config, display=job.display, site=site, placement=placement)
    if result.error is not None or result.document is None:
        return Outcome(job, result.error, [*job.notes, *result.notes], detail=result.detail)
    doc = result.document
    return Outcome(
        job,
        None,
        [*job.notes, *(result.notes + check_findings(doc) if _STATE["check"] else result.findings)],
        result.changed,
        result.encoded(),
        records.record(doc, job.rel) if _STATE["want_record"] else None,
        placement.rel if placement else None,
        link_stats(doc.links),
        [(c.line, c.transform, c.reason, c.before, c.after) for c in doc.changes] if _STATE["ledger"] else [],
        read_digest=result.read_digest,
        media=doc.media,
        shortcodes=shortcode_counts(doc.original_segments, ad_marker_names(config.ads)) if _STATE["inventory"] else None,
    )
