"""The Transform protocol and the Context every transform receives."""
from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any, ClassVar

from ..config import Config
from ..document import Document


@dataclass(frozen=True)
class Context:
    """What a transform may know besides the document: the run's configuration and the site.

    `site` maps the old site's URLs to new paths (None when cleaning one text);
    `placement` is this post's own (a `Placement`: its file, from which internal links
    are made relative, its unique slug and its URL), None when cleaning one text.
    """

    config: Config
    site: Any = None
    placement: Any = None


class Transform(abc.ABC):
    """A named, documented step: `Document -> Document`, recording Changes and Findings.

    The docstring's first line is the one-line summary `wpclean transforms`
    prints; its Before/After block is executed by the test suite.
    """

    name: ClassVar[str]
    codes: ClassVar[str]
    #: its removals are declared deletions, exempt from the no-prose-lost check
    drops_text: ClassVar[bool] = False

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0]

    @abc.abstractmethod
    def apply(self, doc: Document, ctx: Context) -> Document:
        """Edit `doc` (in place or anew) and return it."""
