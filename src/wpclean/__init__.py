"""wpclean: turn WordPress-exported Markdown into clean Markdown or JSON, losing no prose."""
from __future__ import annotations

from .api import Result, clean_bytes, clean_path, clean_source, clean_text
from .config import Config

__version__ = "0.6.0"
__all__ = ["Config", "Result", "clean_bytes", "clean_path", "clean_source", "clean_text", "__version__"]
