"""Every command and option is in README.md and in `--help`."""
from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from wpclean.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)
COMMANDS = sorted(COMMAND.commands)


def test_every_command_is_documented():
    assert set(COMMANDS) >= {"clean", "check", "diff", "shortcodes", "redirects", "transforms", "rules", "schema", "init"}
    for name in COMMANDS:
        assert f"wpclean {name}" in README or f"`{name} " in README or f"`{name}`" in README, name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_in_readme_and_help(name: str):
    command = COMMAND.commands[name]
    help_text = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"}).stdout
    for param in command.params:
        for option in param.opts:
            if not option.startswith("--") or option == "--help":
                continue
            assert option in help_text, f"{name} {option} missing from --help"
            assert option in README, f"{name} {option} missing from README.md"


def test_version_option_documented():
    assert "--version" in README
