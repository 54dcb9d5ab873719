"""The ordered registry of transforms, and choosing which run (`--select` / `--ignore`)."""
from __future__ import annotations

from .errors import ConfigError
from .transforms.base import Transform
from .transforms.ads import RemoveAds
from .transforms.figures import ExtractFigures
from .transforms.frontmatter_normalize import NormalizeFrontMatter
from .transforms.frontmatter_repair import RepairFrontMatter
from .transforms.html_markdown import HtmlToMarkdown
from .transforms.links import CanonicalizeLinks
from .transforms.shortcodes import ExpandShortcodes
from .transforms.smilies import EmojiSmilies

#: The one fixed order (DESIGN.md §2).  Adding a transform is one line here.
TRANSFORMS: tuple[type[Transform], ...] = (
    RepairFrontMatter,
    ExpandShortcodes,
    RemoveAds,
    EmojiSmilies,
    ExtractFigures,
    HtmlToMarkdown,
    CanonicalizeLinks,
    NormalizeFrontMatter,
)

NAMES = tuple(t.name for t in TRANSFORMS)


def resolve(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> tuple[Transform, ...]:
    """The transforms to run, in registry order; an unknown name is a usage error."""
    for name in (*(select or ()), *ignore):
        if name not in NAMES:
            raise ConfigError(f"unknown transform {name!r} (known: {', '.join(NAMES)})")
    chosen = set(select) if select else set(NAMES)
    chosen -= set(ignore)
    return tuple(t() for t in TRANSFORMS if t.name in chosen)
