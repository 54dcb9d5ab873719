"""wpclean: turn WordPress-exported Markdown into clean Markdown or JSON, losing no prose."""
from __future__ import annotations

from typing import Any

from .config import Config

__version__ = "0.6.0"
__all__ = ["Config", "Result", "clean_bytes", "clean_path", "clean_source", "clean_text", "__version__"]
_API = frozenset({"Result", "clean_bytes", "clean_path", "clean_source", "clean_text"})


def __getattr__(name: str) -> Any:
    """The cleaning API, loaded when first used: the command line starts without the pipeline,
    which a run whose files the cache knows never needs."""
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'wpclean' has no attribute {name!r}")
