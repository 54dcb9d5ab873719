"""`--report report.html`: one self-contained page, rendered the way a user opens it."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REAL, SEED
from wpclean.cli import app

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    page = tmp / "report.html"
    result = runner.invoke(app, ["clean", str(REAL), str(SEED), "-o", str(tmp / "out"), "-j", "1", "--report", str(page)])
    assert result.exit_code == 0, result.stderr
    return page


def test_report_is_self_contained(report: Path):
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|iframe|img)\b", text), "no scripts, stylesheets or images to fetch"
    assert "@import" not in text and "url(" not in text


def test_report_has_every_part(report: Path):
    text = report.read_text(encoding="utf-8")
    for heading in ("Summary", "Changes by transform", "Findings by code", "Files", "Shortcodes", "Links"):
        assert f"<h2>{heading}</h2>" in text or f">{heading}</h2>" in text
    assert "<code>[ad_1]</code>" in text and "<code>[gallery]</code>" in text
    assert "pullquote removed (it repeats the body)" in text
    assert text.count("<table class=\"diff\"") == 22  # every changed file, side by side


@pytest.mark.parametrize("command", ["check", "diff"])
def test_check_and_diff_write_reports_too(tmp_path: Path, command: str):
    page = tmp_path / "r.html"
    runner.invoke(app, [command, str(SEED), "-j", "1", "--report", str(page)])
    assert "<h2>Summary</h2>" in page.read_text(encoding="utf-8")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package: chromium)")
def test_report_renders_in_headless_chromium(report: Path, tmp_path: Path):
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    subprocess.run([CHROMIUM, *flags, "--window-size=1400,1800", f"--screenshot={shot}", report.as_uri()],
                   capture_output=True, timeout=120, check=False)  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 50_000, "a page with content, not a blank screen"
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", report.as_uri()], capture_output=True, timeout=120, text=True)
    assert "Findings by code" in dom.stdout and "bernie-online-army.md" in dom.stdout


def test_side_by_side_diff_marks_whole_lines_with_context():
    from wpclean.report.html_report import side_by_side

    old = ["a", "b", "c", "d", "e", "f", "g", "h"]
    new = ["a", "b", "C", "d", "e", "f", "g", "h", "i"]
    table = side_by_side(old, new, context=1)
    assert table.startswith('<table class="diff">') and table.endswith("</table>")
    rows = table.split("<tr>")[2:]  # after the header row
    assert "<td class='diff_chg'>c</td>" in rows[1] and "<td class='diff_chg'>C</td>" in rows[1]
    assert "⋯" in rows[3], "unchanged lines between two changes are elided"
    assert rows[-1] == "<td></td><td></td><td class='diff_header'>9</td><td class='diff_add'>i</td></tr></table>"
    assert "&lt;p&gt;" in side_by_side(["<p>x</p>"], ["<p>y</p>"])
