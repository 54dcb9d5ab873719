"""What a run leaves out: `exclude` / `extend-exclude` patterns and the tree's `.gitignore` files.

Patterns are read as `.gitignore` lines are (pathspec's GitIgnoreSpec, as black does): `drafts/`
is a folder of that name anywhere, `themes/*/exampleSite` a path below the source folder, `!x`
takes a file back.  A file named on the command line is worked on whatever the patterns say,
unless `force` (for pre-commit, which names every changed file).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pathspec import GitIgnoreSpec

#: left out of every run unless `exclude` replaces the list
DEFAULT_EXCLUDE = ("node_modules/", "vendor/", "_site/", "public/")


@dataclass
class Excludes:
    patterns: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    force: bool = False
    _gitignores: dict[Path, GitIgnoreSpec | None] = field(default_factory=dict, repr=False)
    _chains: dict[Path, list[tuple[Path, Path]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._spec = GitIgnoreSpec.from_lines(self.patterns)

    def skips(self, path: Path, root: Path, is_dir: bool = False) -> bool:
        """Whether `path` (below the source folder `root`) is left out."""
        rel = path.relative_to(root).as_posix() + ("/" if is_dir else "")
        if rel not in ("", "/") and self._spec.match_file(rel):
            return True
        return self.respect_gitignore and self._ignored_by_git(path, is_dir)

    def skips_named(self, path: Path) -> bool:
        """A file named on the command line: left out only with `force`."""
        return self.force and self.skips(path.resolve(), path.resolve().parent)

    def _ignored_by_git(self, path: Path, is_dir: bool) -> bool:
        """Every `.gitignore` from the repository's root down to `path`'s folder, nearest last."""
        parent = path.parent
        if parent not in self._chains:  # resolved once per folder, not per file
            self._chains[parent] = [(f, parent.resolve().relative_to(f)) for f in _folders_from_repository_root(parent.resolve())]
        for folder, below in self._chains[parent]:
            spec = self._gitignore(folder)
            if spec is not None and spec.match_file((below / path.name).as_posix() + ("/" if is_dir else "")):
                return True
        return False

    def _gitignore(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._gitignores:
            try:
                lines = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = None
            self._gitignores[folder] = GitIgnoreSpec.from_lines(lines) if lines else None
        return self._gitignores[folder]


def _folders_from_repository_root(folder: Path) -> list[Path]:
    """`folder` and its parents up to the one holding `.git` (just `folder` outside a repository)."""
    chain = [folder, *folder.parents]
    top = next((i for i, f in enumerate(chain) if os.path.exists(f / ".git")), None)
    return list(reversed(chain[: top + 1])) if top is not None else [folder]
