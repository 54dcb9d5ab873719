"""The command line: a thin layer over `runner` and `api`, one module per group of commands.

`common` holds what they share; `clean`, `review` (check, diff) and `info` (shortcodes,
redirects, init, rules, transforms, schema) each register their commands on `common.app`.
"""
from __future__ import annotations

import signal
import sys

import click

# Importing a command module registers its commands, in the order `--help` lists them: by use.
from . import clean, review, info  # noqa: F401,I001
from .common import app, say

__all__ = ["app", "main"]


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would call it "Aborted!" and exit 1)."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def main() -> None:
    signal.signal(signal.SIGINT, _interrupt)
    try:
        code = app(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # `wpclean` alone: the help, as typer shows it
        exc.show()
        sys.exit(2)
    except click.UsageError as exc:  # the same one line as wpclean's own usage errors, no box
        if isinstance(exc, click.BadParameter) and isinstance(exc.param, click.Option) and not exc.param.envvar:
            exc.param.show_envvar = False  # click 8.2.1 names "env var: 'None'" for an option without one (click#2971)
        hint = f" (see 'wpclean {exc.ctx.info_name} -h')" if exc.ctx is not None and exc.ctx.parent is not None else ""
        say(f"wpclean: error: {exc.format_message()}{hint}")
        sys.exit(2)
    except click.exceptions.Abort:
        raise Interrupted from None
    except Interrupted:
        # Every write is a rename of a whole temp file, and temp files are removed on the way out.
        say("wpclean: interrupted; files written so far are whole, the rest are as they were")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
