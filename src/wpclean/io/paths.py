"""Input discovery and output paths: templates, containment, deterministic collision suffixes."""
from __future__ import annotations

import hashlib
import os
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from ..errors import ConfigError
from ..findings import Finding
from .excludes import Excludes

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
TEMPLATE_FIELDS = ("year", "month", "day", "slug", "id", "source_stem", "source_dir")
#: the longest file name ext4, XFS, btrfs and APFS take, in bytes of UTF-8
NAME_MAX_BYTES = 255
_UNSAFE_SEGMENT_RE = re.compile(r"[\x00-\x1f<>:\"\\|?*]")


@dataclass(frozen=True, slots=True)
class Job:
    """One input file: where it is, how findings name it, and its path below its SRC argument."""

    path: str
    display: str
    rel: str
    #: why it is found but not read (a symlink out of SRC, an unreadable WXR item): its one failure
    refusal: Finding | None = None
    #: findings that came with it (a WXR item's, staged as this file): reported with the file's own
    notes: tuple[Finding, ...] = ()


def discover(sources: list[str], exclude: Path | None = None, excludes: Excludes | None = None) -> list[Job]:
    """Every Markdown file under the SRC arguments, sorted, each once; none in `exclude` (OUT)
    or left out by `excludes` (patterns, `.gitignore`)."""
    jobs: dict[str, Job] = {}
    excluded = exclude.resolve() if exclude else None
    excludes = excludes or Excludes(respect_gitignore=False)
    for src in sources:
        root = Path(src)
        if root.exists() and not root.is_dir():  # a file, or a FIFO the reader will refuse without blocking
            if not excludes.skips_named(root):
                jobs.setdefault(str(root.resolve()), Job(str(root), str(root), root.name))
            continue
        if not root.is_dir():
            raise ConfigError(f"{src}: no such file or directory")
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            real_here = os.path.realpath(dirpath)  # once a folder: a file that is no link is realpath/name
            if excluded is not None and (here.resolve() == excluded or excluded in here.resolve().parents):
                dirnames[:] = []
                continue
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not excludes.skips(here / d, root, is_dir=True))
            for name in dirnames:  # os.walk does not follow them; one that leaves SRC is said so
                linked = here / name
                if linked.is_symlink() and not inside(linked, root):
                    jobs.setdefault(str(linked), Job(str(linked), str(linked), linked.relative_to(root).as_posix(), _outside(linked)))
            for name in filenames:
                if name.startswith(".") or not name.lower().endswith(MARKDOWN_SUFFIXES):
                    continue
                path = here / name
                if excludes.skips(path, root):
                    continue
                rel = path.relative_to(root).as_posix()
                is_link = path.is_symlink()
                resolved = str(path.resolve()) if is_link else os.path.join(real_here, name)
                outside = _outside(path) if is_link and not inside(Path(resolved), root) else None
                jobs.setdefault(resolved, Job(str(path), str(path), rel, outside))
    return sorted(jobs.values(), key=lambda job: job.display)


def _outside(link: Path) -> Finding:
    return Finding.make(str(link), 1, 1, "WPC912", f"symlink to {link.resolve()}, outside the source tree; not followed")


def is_wxr(path: Path) -> bool:
    """A WordPress export file (Tools → Export): RSS with WordPress's export namespace."""
    if path.suffix.lower() != ".xml" or not path.is_file():
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    return b"<rss" in head and b"wordpress.org/export/" in head


def check_template(template: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"path template {template!r}: {exc}") from None
    unknown = names - set(TEMPLATE_FIELDS)
    if unknown:
        raise ConfigError(
            f"path template {template!r}: unknown field {{{sorted(unknown)[0]}}} "
            f"(known: {', '.join('{' + f + '}' for f in TEMPLATE_FIELDS)})"
        )
    if PurePosixPath(template).is_absolute():
        raise ConfigError(f"path template {template!r} must be relative to the output directory")


def template_fields(data: dict[str, Any], rel: str) -> dict[str, str]:
    date = str(data.get("date") or "")
    year, month, day = (date[0:4], date[5:7], date[8:10]) if len(date) >= 10 else ("undated", "00", "00")
    rel_path = PurePosixPath(rel)
    return {
        "year": year,
        "month": month,
        "day": day,
        "slug": str(data.get("slug") or "untitled"),
        "id": str(data.get("wordpress_id") or "0"),
        "source_stem": rel_path.stem,
        "source_dir": "" if str(rel_path.parent) == "." else str(rel_path.parent),
        "draft": "true" if data.get("draft") is True else "false",  # picks a target's drafts folder
        "page": "true" if data.get("type") == "page" else "false",  # a WordPress page: a site target's pages folder
    }


def expand(template: str, fields: dict[str, str]) -> str | None:
    """The relative output path, or None when it would leave the output directory.

    A folder of the template that renders empty is left out: `{source_dir}/{slug}.md`
    puts a post at the top of SRC at the top of OUT (not at `/{slug}.md`, outside it).
    """
    rendered = "/".join(filter(None, (folder.format(**fields) for folder in template.split("/"))))
    parts = [p for p in PurePosixPath(rendered).parts if p not in ("", ".")]
    if not parts or PurePosixPath(rendered).is_absolute() or ".." in parts:
        return None
    if any(_UNSAFE_SEGMENT_RE.search(p) for p in parts):
        return None
    return "/".join(parts)


class Claim(NamedTuple):
    rel: str | None  # None: the template would leave the output directory
    suffixed: bool  # another post had the name first
    shortened: bool  # the name was longer than a file system allows


class PathClaims:
    """Hands out output paths so that two posts never silently share one.

    What is claimed is the file name that will be written, after the output
    format's suffix (`p.one` as JSON is `p.one.json`), NFC-normalized and
    case-folded, because macOS and Windows file systems fold both; the first
    claimant (in sorted input order) keeps the plain name, later ones get
    `-2`, `-3`... on the slug (or on the file name when the template has no
    `{slug}`).
    """

    def __init__(self, suffix: str = ".md") -> None:
        self.suffix = suffix
        self._taken: set[str] = set()

    def claim(self, template: str, fields: dict[str, str]) -> Claim:
        """The relative path for a post, and whether it had to be suffixed or shortened."""
        n = 1
        while True:
            rel = self._candidate(template, fields, n)
            if rel is None:
                return Claim(None, False, False)
            rel, shortened = fit_name_lengths(with_format_suffix(rel, self.suffix))
            key = unicodedata.normalize("NFC", rel).casefold()
            if key not in self._taken:
                self._taken.add(key)
                return Claim(rel, n > 1, shortened)
            n += 1

    def _candidate(self, template: str, fields: dict[str, str], n: int) -> str | None:
        if n == 1:
            return expand(template, fields)
        if "{slug}" in template:
            return expand(template, {**fields, "slug": f"{fields['slug']}-{n}"})
        rel = expand(template, fields)
        if rel is None:
            return None
        path = PurePosixPath(rel)
        return str(path.with_name(f"{path.stem}-{n}{path.suffix}"))


def fit_name_lengths(rel: str) -> tuple[str, bool]:
    """`rel` with each over-long name cut to fit, ending in a short hash of the whole name
    (so two long titles that start alike stay two files); and whether any was cut."""
    parts = rel.split("/")
    shortened = False
    for i, part in enumerate(parts):
        if len(part.encode("utf-8")) <= NAME_MAX_BYTES:
            continue
        suffix = PurePosixPath(part).suffix if i == len(parts) - 1 else ""
        digest = hashlib.sha1(part.encode("utf-8")).hexdigest()[:8]
        room = NAME_MAX_BYTES - len(suffix.encode("utf-8")) - len(digest) - 1
        head = part[: len(part) - len(suffix)].encode("utf-8")[:room].decode("utf-8", "ignore")
        parts[i] = f"{head.rstrip('-')}-{digest}{suffix}"
        shortened = True
    return "/".join(parts), shortened


def with_format_suffix(rel: str, suffix: str) -> str:
    """`a/b.md` as `.json` is `a/b.json`; a name without a Markdown suffix gets the format's appended."""
    path = PurePosixPath(rel)
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return str(path.with_suffix(suffix)) if suffix != ".md" else rel
    return rel + suffix


def inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents
