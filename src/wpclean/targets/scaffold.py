"""`clean --scaffold`: the smallest site for a target, written beside the migrated posts.

The files are package data (`scaffolds/<target>/`), read as they are; only the
site's base URL and title are filled in.  A file that is already there is the
user's: it is never replaced.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from ..io import writing

#: files whose `$base_url` and `$title` are filled in (as JSON strings: valid TOML and YAML)
_FILLED = frozenset({"hugo.toml", "_config.yml"})
TITLE = "Migrated from WordPress"
#: how to build and look at the site, for the line the run prints
BUILD_COMMANDS = {
    "hugo": "hugo server -s {out}",
    "jekyll": "jekyll serve -s {out}",
    "eleventy": "cd {out} && npx @11ty/eleventy --serve",
    "astro": "cd {out} && npm install && npx astro dev",
}


#: shortcodes Hugo has built in (and the scaffold's own `x` and `instagram`)
_HUGO_BUILT_IN = frozenset({
    "figure", "gist", "highlight", "instagram", "param", "ref", "relref", "tweet", "twitter", "vimeo", "x", "youtube",
    "details", "qr", "comment",
})  # fmt: skip
_HUGO_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*([\w-]+)")
#: a shortcode a post uses that neither Hugo nor the scaffold defines: its inner content, shown as it is
_HUGO_STUB = "{{/* Written by wpclean --scaffold: a post uses this shortcode and no template defines it. */}}{{ .Inner }}\n"


@dataclass
class Scaffolded:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there: the user's


def files(target: str) -> dict[str, str]:
    """Relative path -> text of every scaffold file of `target` ({} for generic)."""
    root = resources.files("wpclean.targets") / "scaffolds" / target
    return dict(sorted(_walk(root, ""))) if root.is_dir() else {}


def _walk(node: Traversable, prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for child in node.iterdir():
        rel = prefix + child.name
        if child.is_dir():
            found += _walk(child, rel + "/")
        elif not child.name.endswith((".pyc", ".py")):
            found.append((rel, child.read_text(encoding="utf-8")))
    return found


def write(out_dir: Path, target: str, base_url: str | None, dry_run: bool = False) -> Scaffolded:
    done = Scaffolded()
    values = {"base_url": json.dumps(base_url or ("/" if target == "hugo" else "")), "title": json.dumps(TITLE)}
    wanted = files(target)
    if target == "hugo":
        wanted.update({f"layouts/shortcodes/{name}.html": _HUGO_STUB for name in _unknown_hugo_shortcodes(out_dir / "content")})
    for rel, text in wanted.items():
        path = out_dir / rel
        if path.exists():
            done.kept.append(rel)
            continue
        if rel.rsplit("/", 1)[-1] in _FILLED:
            text = Template(text).substitute(values)
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            writing.write_atomic(path, text.encode("utf-8"))
        done.written.append(rel)
    return done


def _unknown_hugo_shortcodes(content: Path) -> set[str]:
    """Shortcodes the posts use (a blog that was on Hugo once keeps its theme's) that Hugo lacks."""
    names: set[str] = set()
    for path in content.rglob("*.md") if content.is_dir() else ():
        names.update(_HUGO_SHORTCODE_RE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names - _HUGO_BUILT_IN
