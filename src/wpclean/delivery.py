"""Where each cleaned file goes, and the one finding that says why it did not.

Into OUT (a file there that wpclean did not write is kept unless
`--force`), in place (only if the file still holds what was read), or as an
NDJSON line; every write is atomic, and temp files a killed run left are
removed before a run writes.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import targets
from .config import Config
from .findings import Finding
from .io import paths, writing
from .io.manifest import Manifest

if TYPE_CHECKING:
    from .runner import Outcome, Plan, RunReport


class Delivery:
    def __init__(self, config: Config, plan: Plan, report: RunReport, ndjson_out: Callable[[str], None] | None) -> None:
        self.config, self.plan, self.report, self.ndjson_out = config, plan, report, ndjson_out
        writes_out = plan.out_dir is not None and not plan.dry_run and not plan.check and plan.format != "ndjson"
        self.manifest = Manifest(plan.out_dir) if writes_out and plan.out_dir is not None else None

    def remove_stray_temp_files(self, jobs: list[paths.Job]) -> None:
        """A run killed mid-write leaves `.name.*.wpclean-tmp` beside its target; the next run removes them."""
        plan = self.plan
        if plan.dry_run or plan.check:
            return
        if plan.in_place:
            folders = {Path(job.path).resolve().parent for job in jobs}
        elif self.manifest is not None and plan.out_dir is not None and plan.out_dir.is_dir():
            folders = {plan.out_dir, *(p for p in plan.out_dir.rglob("*") if p.is_dir())}
        else:
            return
        for folder in sorted(folders):
            writing.remove_stray_temp_files(folder)

    def deliver(self, outcome: Outcome) -> Finding | None:
        """Write (or stream) one cleaned file; returns the error that stopped it, if any."""
        plan, display = self.plan, outcome.job.display
        if plan.check:
            return None
        if outcome.cached:  # the file (in place, or in OUT, as the manifest has it) already holds what cleaning would write
            return None
        if plan.format == "ndjson":
            if self.ndjson_out is not None and outcome.record is not None:
                from .render import record as records

                self.ndjson_out(records.dumps(outcome.record, indent=None))
            return None
        if plan.in_place:
            if outcome.changed and not plan.dry_run and outcome.data is not None:
                with writing.uninterrupted():
                    return self._write(display, Path(outcome.job.path), outcome.data, expect=outcome.read_digest)
            return None
        if plan.out_dir is None:
            return None
        if outcome.rel is None:
            return Finding.make(display, 1, 1, "WPC906", f"path template {self.config.path_template or targets.get(self.config.target).layout!r} leaves the output directory")
        if plan.format == "json":
            from .render import record as records

            payload = (records.dumps(outcome.record or {}) + "\n").encode("utf-8")
        else:
            payload = outcome.data or b""
        target = plan.out_dir / outcome.rel
        if not paths.inside(target, plan.out_dir):
            return Finding.make(display, 1, 1, "WPC906", f"{outcome.rel} would be written outside the output directory")
        if plan.dry_run or self.manifest is None:
            return None
        refusal = self._not_ours(display, target, outcome.rel, payload)
        if refusal is not None:
            return refusal
        # Recorded first, so an interrupt between the two never leaves a file of ours unrecorded (a
        # record whose write never happened claims nothing: the file does not hold those bytes).
        with writing.uninterrupted():
            previous = self.manifest.record(outcome.rel, payload)
            error = self._write(display, target, payload)
            if error is not None:
                self.manifest.restore(outcome.rel, previous)
        return error

    def finish(self) -> None:
        if self.manifest is not None:
            try:
                with writing.uninterrupted():
                    self.manifest.save()
            except OSError as exc:
                self.report.notices.append(Finding.make(str(self.manifest.path), 1, 1, "WPC905", f"cannot write: {exc.strerror}"))

    def _not_ours(self, display: str, target: Path, rel: str, payload: bytes) -> Finding | None:
        """WPC913 when `target` holds something else that wpclean did not write (or that was edited since)."""
        assert self.manifest is not None
        if self.plan.force:
            return None
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            return None  # the write will say what is wrong with it
        if current == payload or self.manifest.wrote(rel, current):
            return None
        return Finding.make(
            display, 1, 1, "WPC913",
            f"{target} exists and was not written by wpclean (or was edited since); kept (--force replaces it)",
        )  # fmt: skip

    def _write(self, display: str, target: Path, payload: bytes, expect: str | None = None) -> Finding | None:
        try:
            self.report.written += writing.write_atomic(target, payload, expect=expect)
        except writing.ChangedMeanwhile:
            return Finding.make(display, 1, 1, "WPC908", "changed on disk since wpclean read it; left as it is (run again)")
        except writing.HardLinked as exc:
            return Finding.make(
                display, 1, 1, "WPC911", f"{target} has {exc.links} hard links; replacing it would split them, so it is left as it is"
            )
        except OSError as exc:
            return Finding.make(display, 1, 1, "WPC905", f"cannot write {target}: {exc.strerror}")
        return None
