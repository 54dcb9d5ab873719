"""`--report report.html`: one self-contained page that stays light for a whole export."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REAL, SEED
from wpclean.cli import app
from wpclean.findings import Finding
from wpclean.report.html_report import HtmlReport, pack, unified_diff, unpack
from wpclean.runner import RunReport

runner = CliRunner()
NODE = shutil.which("node")
ASSETS = Path(__file__).resolve().parent.parent / "src" / "wpclean" / "report" / "assets"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    page = tmp / "report.html"
    result = runner.invoke(app, ["clean", str(REAL), str(SEED), "-o", str(tmp / "out"), "-j", "1", "--report", str(page)])
    assert result.exit_code == 0, result.stderr
    return page


def rows(page: Path) -> list[dict]:
    return json.loads(re.search(r"id='wpc-files'>(.*?)</script>", page.read_text(encoding="utf-8"), re.S).group(1))


def test_report_is_self_contained(report: Path):
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"\b(?:src|href)\s*=", text), "nothing to fetch: no script, stylesheet, image or link source"
    assert "@import" not in text and "url(" not in text and "fetch(" not in text


def test_report_has_every_part(report: Path):
    text = report.read_text(encoding="utf-8")
    for heading in ("Summary", "Changes by transform", "Findings by code", "Files", "Shortcodes", "Links"):
        assert f"<h2>{heading}</h2>" in text or f">{heading}</h2>" in text
    assert "<code>[ad_1]</code>" in text and "<code>[gallery]</code>" in text
    # every code and transform in the tables filters the file list
    assert "<a class='code' data-code='WPC302'><code>WPC302</code></a>" in text
    assert "<a class='code' data-code='ads.remove'><code>ads.remove</code></a>" in text


def test_every_changed_file_is_a_row_with_its_details(report: Path):
    listed = rows(report)
    assert len(listed) == 22 and all(row["s"] == "changed" and row["d"] for row in listed)
    assert not any("abdala" in row["p"] for row in listed), "the one file that needs no change is not listed"
    seed = next(row for row in listed if row["p"].endswith("bernie-online-army.md"))
    assert seed["o"].endswith("out/bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md")
    assert seed["c"]["WPC302"] == 2  # [ad_1] and [ad_2]
    assert seed["x"] == ["ads.remove", "frontmatter.normalize", "frontmatter.repair", "links.canonicalize"]
    detail = unpack(seed["d"])
    assert any(reason == "pullquote removed (it repeats the body)" for _, _, reason, _ in detail["ledger"])
    assert "\n- [ad_1]\n" in detail["diff"]
    assert "\n+title: Bernie Won’t Get the Nomination. But His Online Army Isn’t Done\n" in detail["diff"]


def test_details_beyond_the_budget_are_left_out_with_a_pointer(tmp_path: Path):
    class Job:
        display = "posts/a.md"

    class Outcome:
        job, error, findings, changed = Job(), None, [], True
        ledger = [(3, "ads.remove", "[ad_1] removed", "[ad_1]", "")]

    page = HtmlReport("t", detail_budget=10)
    page.add(Outcome(), "x\n[ad_1]\n", "x\n", "out/a.md")  # type: ignore[arg-type]
    out = tmp_path / "r.html"
    with out.open("w", encoding="utf-8") as fh:
        page.write(fh, RunReport(files=1, changed=1))
    (row,) = rows(out)
    assert "d" not in row and row["m"].endswith("`wpclean diff --explain posts/a.md` shows them")
    assert "The details of 1 files were left out" in out.read_text(encoding="utf-8")


def test_unified_diff_keeps_two_lines_of_context_and_no_file_header():
    old = "a\nb\nc\nd\ne\nf\ng\nh\n"
    new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n"
    assert unified_diff(old, new).splitlines() == ["@@ -2,7 +2,8 @@", " b", " c", "-d", "+D", " e", " f", " g", " h", "+i"]


def test_a_tag_in_a_path_cannot_close_the_data_block(tmp_path: Path):
    class Job:
        display = "posts/</script><b>.md"

    class Outcome:
        job, error, findings, changed, ledger = Job(), None, [], True, []

    page = HtmlReport("t")
    page.add(Outcome(), "a\n", "b\n", "out/x.md")  # type: ignore[arg-type]
    out = tmp_path / "r.html"
    with out.open("w", encoding="utf-8") as fh:
        page.write(fh, RunReport(files=1, changed=1))
    assert rows(out)[0]["p"] == "posts/</script><b>.md"


@pytest.mark.parametrize("command", ["check", "diff"])
def test_check_and_diff_write_reports_too(tmp_path: Path, command: str):
    page = tmp_path / "r.html"
    runner.invoke(app, [command, str(SEED), "-j", "1", "--report", str(page)])
    assert "<h2>Summary</h2>" in page.read_text(encoding="utf-8")
    assert rows(page)[0]["p"].endswith("bernie-online-army.md")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_page_script_parses_and_a_browser_stream_inflates_the_details():
    assert subprocess.run([NODE, "--check", str(ASSETS / "report.js")], capture_output=True).returncode == 0
    packed = pack({"diff": "-café\n+cafe", "ledger": [[1, "t", "r", "é"]]})
    inflate = ("const bytes = Uint8Array.from(atob(process.argv[1]), (c) => c.charCodeAt(0));"
               "new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')))"
               ".text().then((text) => process.stdout.write(text));")  # fmt: skip
    result = subprocess.run([NODE, "-e", inflate, packed], capture_output=True, text=True, encoding="utf-8")
    assert json.loads(result.stdout) == {"diff": "-café\n+cafe", "ledger": [[1, "t", "r", "é"]]}


#: just enough of a browser's DOM for the page's script: elements by id, events, a details element
DOM_STUB = r"""
const handlers = new Map();
function element(id) {
  const el = {id, value: "", innerHTML: "", hidden: false, children: [], dataset: {}, open: false, added: [], text: "",
              addEventListener(type, fn) { handlers.set(`${this.id}:${type}`, fn); this[`on_${type}`] = fn; },
              insertAdjacentHTML(where, html) { this.added.push(html); },
              appendChild(child) { this.children.push(child); }, scrollIntoView() {}};
  // as in a browser, setting the text replaces the children
  Object.defineProperty(el, "textContent", {get() { return this.text; }, set(v) { this.text = v; this.children = []; }});
  return el;
}
const byId = {};
const codeLink = Object.assign(element("link"), {dataset: {code: "WPC302"}});
globalThis.document = {
  getElementById: (id) => (byId[id] ??= element(id)),
  createElement: (tag) => element(tag),
  querySelectorAll: () => [codeLink],
};
byId["wpc-files"] = element("wpc-files");
byId["wpc-files"].textContent = require("fs").readFileSync(process.argv[2], "utf8");
const list = () => byId["wpc-list"].children;
const fire = (id, type) => handlers.get(`${id}:${type}`)();
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_page_script_searches_filters_pages_and_opens_a_file(tmp_path: Path):
    class Job:
        def __init__(self, n: int) -> None:
            self.display = f"posts/post-{n}.md"

    class Outcome:
        def __init__(self, n: int) -> None:
            self.job, self.error, self.changed = Job(n), None, True
            self.findings = [Finding.make(self.job.display, 3, 1, "WPC302", "ad marker [ad_1] removed", fixed=True)] if n % 10 == 0 else []
            self.ledger = [(3, "ads.remove", "ad marker removed", "[ad_1]", "")]

    page = HtmlReport("t")
    for n in range(250):
        page.add(Outcome(n), "a\n[ad_1]\n", "a\n", f"out/post-{n}.md")  # type: ignore[arg-type]
    written_page = tmp_path / "r.html"
    with written_page.open("w", encoding="utf-8") as fh:
        page.write(fh, RunReport(files=250, changed=250))
    data = tmp_path / "rows.json"
    data.write_text(json.dumps(rows(written_page)), encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(DOM_STUB + (ASSETS / "report.js").read_text(encoding="utf-8") + r"""
const seen = [];
const say = () => seen.push(`${byId["wpc-count"].textContent} | ${list().length} shown | more: ${byId["wpc-more"].hidden ? "-" : byId["wpc-more"].textContent}`);
say();
fire("wpc-more", "click"); say();
byId["wpc-q"].value = "post-12"; fire("wpc-q", "input"); say();
byId["wpc-q"].value = ""; codeLink.on_click({preventDefault() {}}); say();
byId["wpc-code"].value = ""; byId["wpc-status"].value = "failed"; fire("wpc-status", "input"); say();
byId["wpc-status"].value = ""; fire("wpc-status", "input");
const first = list()[0];
first.open = true;
first.on_toggle();
setTimeout(() => { seen.push(first.added.join("")); console.log(JSON.stringify(seen)); }, 200);
""", encoding="utf-8")  # fmt: skip
    result = subprocess.run([NODE, str(harness), str(data)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen[:5] == [
        "250 of 250 files | 100 shown | more: show 100 more",
        "250 of 250 files | 200 shown | more: show 50 more",
        "11 of 250 files | 11 shown | more: -",  # post-12, post-120…post-129
        "25 of 250 files | 25 shown | more: -",  # a code clicked in a table: the files with it
        "0 of 250 files | 0 shown | more: -",
    ]
    assert "line 3: <code>ads.remove</code> ad marker removed — <i>[ad_1]</i>" in seen[5]
    assert '<span class="del">-[ad_1]</span>' in seen[5]  # its diff, unpacked in the page

