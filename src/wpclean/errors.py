"""The exceptions the library raises; the CLI turns each into one line and an exit code."""
from __future__ import annotations


class WpcleanError(Exception):
    """Base of every error wpclean raises on purpose."""


class InputError(WpcleanError):
    """A file that cannot be cleaned: it is reported in one line and skipped."""

    def __init__(self, code: str, message: str, *, line: int = 1, col: int = 1):
        super().__init__(message)
        self.code, self.message, self.line, self.col = code, message, line, col


class ConfigError(WpcleanError):
    """Bad configuration or options: a usage error (exit 2)."""


class SafetyError(WpcleanError):
    """A safety check tripped: the output would lose prose or not be stable (exit 3)."""
