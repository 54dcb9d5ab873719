"""Running the pipeline over many files: worker processes, output paths, writes, the run report."""
from __future__ import annotations

import os
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import api
from .config import Config
from .findings import ERROR, Finding
from .io import paths, writing
from .render import record as records

FORMATS = ("markdown", "json", "ndjson")


@dataclass(frozen=True)
class Plan:
    """Where and how a run writes: the CLI's options, checked."""

    format: str = "markdown"
    out_dir: Path | None = None  # -o OUT (a directory; for ndjson, a file)
    in_place: bool = False
    dry_run: bool = False
    jobs: int = 0  # 0: all cores


@dataclass
class Outcome:
    """What a worker sends back for one file; small and picklable."""

    job: paths.Job
    error: Finding | None
    findings: list[Finding]
    changed: bool
    data: bytes | None  # the Markdown file to write (source encoding, newlines, BOM)
    record: dict | None
    fields: dict[str, str]
    #: the traceback of an internal error, shown with --verbose
    detail: str = ""


@dataclass
class RunReport:
    files: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    written: int = 0
    seconds: float = 0.0
    failures: list[Finding] = field(default_factory=list)
    #: things the user must hear about even in a quiet run (renamed outputs)
    notices: list[Finding] = field(default_factory=list)
    findings: Counter = field(default_factory=Counter)
    internal_errors: int = 0
    error_findings: int = 0

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds > 0 else 0.0

    def exit_code(self) -> int:
        if self.internal_errors:
            return 3
        return 1 if self.failed or self.error_findings else 0


def process(job: paths.Job, config: Config, want_record: bool) -> Outcome:
    """Clean one file; runs in a worker process, so it returns data, never writes.

    Per-file isolation: a wpclean bug on one file is reported as WPC990 for
    that file and the run goes on.
    """
    try:
        return _process(job, config, want_record)
    except Exception as exc:  # noqa: BLE001 - isolation boundary, reported, never silent
        error = Finding.make(job.display, 1, 1, "WPC990", f"internal error: {type(exc).__name__}: {exc}")
        return Outcome(job, error, [], False, None, None, {}, traceback.format_exc())


def _process(job: paths.Job, config: Config, want_record: bool) -> Outcome:
    result = api.clean_path(job.path, config, display=job.display)
    if result.error is not None or result.document is None:
        return Outcome(job, result.error, result.notes, False, None, None, {})
    doc = result.document
    data = doc.front_matter.data or {}
    return Outcome(
        job,
        None,
        result.findings,
        result.changed,
        result.encoded(),
        records.record(doc, job.rel) if want_record else None,
        paths.template_fields(data, job.rel),
    )


def outcomes(jobs: list[paths.Job], config: Config, plan: Plan) -> Iterator[Outcome]:
    """Results in sorted input order, whatever the number of workers (so `-j` never changes output)."""
    work = partial(process, config=config, want_record=plan.format != "markdown")
    workers = plan.jobs or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 4:
        yield from map(work, jobs)
        return
    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, jobs, chunksize=chunk)


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
    claims = paths.PathClaims(config.path_template)
    started = time.perf_counter()
    for outcome in progress(outcomes(jobs, config, plan), len(jobs)):
        if outcome.error is None:
            outcome.error = _deliver(outcome, config, plan, claims, report, ndjson_out)
        _account(report, outcome)
        listener(outcome)
    report.seconds = time.perf_counter() - started
    return report


def _account(report: RunReport, outcome: Outcome) -> None:
    for finding in outcome.findings:
        report.findings[finding.code] += 1
        if finding.code == "WPC904":
            report.notices.append(finding)
        if finding.severity == ERROR and not finding.fixed:
            report.error_findings += 1
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


def _deliver(
    outcome: Outcome,
    config: Config,
    plan: Plan,
    claims: paths.PathClaims,
    report: RunReport,
    ndjson_out: Callable[[str], None] | None,
) -> Finding | None:
    """Write (or stream) one cleaned file; returns the error that stopped it, if any."""
    display = outcome.job.display
    if plan.format == "ndjson":
        if ndjson_out is not None and outcome.record is not None:
            ndjson_out(records.dumps(outcome.record, indent=None))
        return None
    if plan.in_place:
        if outcome.changed and not plan.dry_run and outcome.data is not None:
            return _write(report, display, Path(outcome.job.path), outcome.data)
        return None
    if plan.out_dir is None:
        return None
    rel, suffixed = claims.claim(outcome.fields)
    if rel is None:
        return Finding.make(display, 1, 1, "WPC906", f"path template {config.path_template!r} leaves the output directory")
    if suffixed:
        notice = Finding.make(display, 1, 1, "WPC123", f"output path already taken by another post; writing {rel}")
        report.notices.append(notice)
        outcome.findings.append(notice)
    if plan.format == "json":
        rel = str(Path(rel).with_suffix(".json"))
        payload = (records.dumps(outcome.record or {}) + "\n").encode("utf-8")
    else:
        payload = outcome.data or b""
    target = plan.out_dir / rel
    if not paths.inside(target, plan.out_dir):
        return Finding.make(display, 1, 1, "WPC906", f"{rel} would be written outside the output directory")
    if plan.dry_run:
        return None
    return _write(report, display, target, payload)


def _write(report: RunReport, display: str, target: Path, payload: bytes) -> Finding | None:
    try:
        report.written += writing.write_atomic(target, payload)
    except OSError as exc:
        return Finding.make(display, 1, 1, "WPC905", f"cannot write {target}: {exc.strerror}")
    return None
