"""`wpclean check`: findings at the offending text, formats for CI, exit codes, never writes."""
from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from conftest import REAL, SEED
from test_writes import tree_hashes
from wpclean.cli import app

runner = CliRunner()


def check(*args: str):
    return runner.invoke(app, ["check", *args, "-j", "1"])


def _copy_fixtures(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(REAL, src)
    shutil.copy(SEED / "bernie-online-army.md", src)
    (src / "PROVENANCE.tsv").unlink()
    return src


@pytest.mark.parametrize(
    "fixture, line, col, code, text_at_position",
    [
        ("bernie-online-army.md", 28, 2, "WPC302", "[ad_1]"),
        ("bernie-online-army.md", 41, 2, "WPC305", "'The movement needs"),
        ("bernie-online-army.md", 29, 35, "WPC204", "http://fivethirtyeight.com/"),
        ("bernie-online-army.md", 23, 5, "WPC204", "http://www.wired.com/2016/05/"),
        ("teftst__2016-01-12-explosion-reported-in-central-istanbul-cnn.md", 20, 2, "WPC302", "[ad_1]"),
        ("garyyudongchen-wordpress__2019-04-20-transfer-data.md", 11, 1, "WPC301", '[wbcr_snippet id="514"]'),
        ("typeofweb__deploy-przez-ssh-sftp-lub-rsync-w-buddy-works.md", 35, 162, "WPC205", "https://buddy.works/?utm_source"),
    ],
)
def test_positions_point_at_the_offending_text(tmp_path, fixture, line, col, code, text_at_position):
    source = (SEED if fixture.startswith("bernie") else REAL) / fixture
    result = check(str(source), "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert any(f["line"] == line and f["col"] == col and f["code"] == code for f in findings), findings
    source_line = source.read_text(encoding="utf-8").split("\n")[line - 1]
    assert source_line[col - 1 :].startswith(text_at_position)


def test_each_occurrence_of_a_url_is_found_where_it_is_written(tmp_path: Path):
    post = tmp_path / "pelican.md"
    post.write_text(
        "---\ntitle: T\ndate: 2020-01-01\n---\n"
        "See ![a]({static}/images/a.png) here.\n\n"
        "And ![a]({static}/images/a.png) again, and ![b]({static}/images/b.png).\n\n"
        '<p>HTML <img alt="c" src="{static}/images/a.png"></p>\n',
        encoding="utf-8",
    )
    result = check(str(post), "-v", "--format", "json")
    findings = json.loads(result.stdout)["files"][0]["findings"]
    # the same URL three times: three places, never the first place twice (nor the front
    # matter's `image`, made from the first figure, reported again)
    assert [(f["line"], f["col"]) for f in findings if f["code"] == "WPC209"] == [(5, 10), (7, 10), (7, 49), (9, 27)]
    assert [(f["line"], f["col"]) for f in findings if f["code"] == "WPC201"] == [(5, 10), (7, 49)]  # once per URL


def test_raw_export_fails_clean_output_passes_and_nothing_is_written(tmp_path: Path):
    src = _copy_fixtures(tmp_path)
    before = tree_hashes(src)
    assert check(str(src)).exit_code == 1
    assert tree_hashes(src) == before
    out = tmp_path / "out"
    assert runner.invoke(app, ["clean", str(src), "-o", str(out), "-j", "1"]).exit_code == 0
    result = check(str(out))
    assert result.exit_code == 0, result.stdout
    assert ", 0 failing, " in result.stderr, result.stderr
    # what is shown is for a person to act on (no alt text, a title missing, a gallery to put back), not debris
    assert {line.split(": ")[1].split()[0] for line in result.stdout.splitlines()} == {"WPC120", "WPC201", "WPC401", "WPC403"}


def test_read_only_source_is_checked_without_writing(tmp_path: Path):
    src = _copy_fixtures(tmp_path)
    before = tree_hashes(src)
    for path in [src, *src.iterdir()]:
        os.chmod(path, stat.S_IREAD | stat.S_IEXEC if path.is_dir() else stat.S_IREAD)
    try:
        result = check(str(src))
        assert result.exit_code == 1
        assert tree_hashes(src) == before
    finally:
        for path in [src, *src.iterdir()]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def test_exit_zero_and_select_ignore(tmp_path: Path):
    seed = str(SEED / "bernie-online-army.md")
    assert check(seed, "--exit-zero").exit_code == 0
    only_ads = json.loads(check(seed, "--format", "json", "--select", "WPC3").stdout)["files"][0]["findings"]
    assert only_ads and all(f["code"].startswith("WPC3") for f in only_ads)
    no_links = json.loads(check(seed, "--format", "json", "--ignore", "WPC2,WPC1").stdout)["files"][0]["findings"]
    assert not any(f["code"].startswith(("WPC1", "WPC2")) for f in no_links)


def test_github_annotations():
    result = check(str(SEED / "bernie-online-army.md"), "--format", "github")
    lines = result.stdout.splitlines()
    # debris clean removes fails the check: an error annotation, even where the finding itself is info
    assert f"::error file={SEED / 'bernie-online-army.md'},line=28,col=2,title=WPC302::WPC302 ad marker [ad_1] removed" in lines
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "/")) for line in lines)
    assert sum(line.startswith("::error ") for line in lines) == 10  # GitHub shows ten a step
    assert lines[-1].startswith("::notice title=wpclean::") and "more findings past GitHub's 10 annotations" in lines[-1]


def test_junit_xml_is_read_by_a_parser():
    result = check(str(REAL), "--format", "junit")
    root = ElementTree.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == len(list(REAL.glob("*.md")))
    assert int(root.get("failures")) == sum(1 for c in cases if c.find("failure") is not None) > 0


def test_inline_ignore_for_the_file_and_the_next_block(tmp_path: Path):
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: T\nslug: t\n---\n<!-- wpclean: ignore WPC301 -->\n\n[foo id=\"1\"]\n\n"
        "<!-- wpclean: ignore WPC205 -->\nA [link](https://example.com/?utm_source=x).\n\n"
        "Another [link](https://example.com/?utm_source=y).\n",
        encoding="utf-8",
    )
    findings = json.loads(check(str(post), "--format", "json").stdout)["files"][0]["findings"]
    codes = [(f["code"], f["line"]) for f in findings]
    assert ("WPC301", 7) not in codes
    assert ("WPC205", 10) not in codes and ("WPC205", 12) in codes


def test_severity_override_from_config(tmp_path: Path):
    (tmp_path / "wpclean.yaml").write_text("check:\n  severity:\n    WPC401: error\n")
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: T\ndate: 2020-01-01\nslug: t\nimage: a.png\n---\n![](a.png)\n", encoding="utf-8")
    result = check(str(post), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("WPC401", "error")]


def _content_repo(tmp_path: Path) -> Path:
    """A Hugo site as a team keeps it: cleaned posts, hand-written pages, a README, a theme's exampleSite."""
    repo = tmp_path / "repo"
    out = repo / "content"
    assert runner.invoke(app, ["clean", str(SEED), "-o", str(repo), "--target", "hugo", "-j", "1"]).exit_code == 0
    (repo / "README.md").write_text("# My site\n\nBuilt with Hugo. <details><summary>More</summary>Hidden</details>\n")
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## 1.0\n\n- First.\n")
    (out / "about.md").write_text("---\ntitle: About\n---\nThis is me.\n\n<!--more-->\n\nMore text.\n")
    (out / "_index.md").write_text("---\ntitle: Posts\n---\n")
    (repo / "themes" / "t" / "exampleSite").mkdir(parents=True)
    (repo / "themes" / "t" / "exampleSite" / "hello.md").write_text("---\ntitle: Hello\ndate: 2020-01-01\n---\nHi.\n")
    (repo / "wpclean.yaml").write_text("target: hugo\n")
    return repo


def test_good_content_passes_quietly(tmp_path: Path, monkeypatch):
    repo = _content_repo(tmp_path)
    monkeypatch.chdir(repo)  # as a team runs it, from the repository's root
    result = check(".")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == "" and "warning" not in result.stderr  # nothing to act on: normalizations only with -v
    before = tree_hashes(repo)
    result = runner.invoke(app, ["clean", ".", "--in-place", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    # Pages without a slug (their names give it; `_index.md` is its folder's) gain none, files
    # without front matter gain none, and the cleaned posts are already clean.
    assert tree_hashes(repo) == before


def test_debris_fails_with_exact_concise_lines(tmp_path: Path):
    repo = _content_repo(tmp_path)
    post = repo / "content" / "posts" / "raw.md"
    post.write_text("---\ntitle: Raw\ndate: 2020-01-01\n---\n[ad_1]\n<p>Read <a href=\"https://x.com/a?utm_source=feed\">this</a>.</p>\n")
    result = check(str(repo))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{post}:5:1: WPC302 ad marker [ad_1] removed\n"
        f"{post}:6:1: WPC502 raw WordPress HTML (wpclean converts it to Markdown)\n"
        f"{post}:6:18: WPC205 tracking parameters in a link: 'https://x.com/a?utm_source=feed'\n"
    )
    marked = check(str(post), "--show-fixes")  # as ruff marks what --fix fixes
    assert marked.stdout == (
        f"{post}:5:1: WPC302 [*] ad marker [ad_1] removed\n"
        f"{post}:6:1: WPC502 [*] raw WordPress HTML (wpclean converts it to Markdown)\n"
        f"{post}:6:18: WPC205 [*] tracking parameters in a link: 'https://x.com/a?utm_source=feed'\n"
    )
    assert "; [*] 3 fixable with `wpclean clean --in-place`" in marked.stderr


def test_select_decides_the_exit_status_and_unknown_codes_are_usage_errors(tmp_path: Path):
    seed = str(SEED / "bernie-online-army.md")
    assert check(seed, "--select", "WPC401").exit_code == 0  # the seed's image has its alt text
    assert check(seed, "--select", "WPC302").exit_code == 1
    result = check(seed, "--select", "WPC5O4")
    assert result.exit_code == 2 and "unknown code or prefix 'WPC5O4' (did you mean WPC504?)" in result.stderr
    assert check(seed, "--ignore", "NOPE").exit_code == 2


def test_statistics_and_full_format(tmp_path: Path):
    seed = str(SEED / "bernie-online-army.md")
    stats = [line.split(None, 2) for line in check(seed, "--statistics").stdout.splitlines()]
    counts = [int(count) for count, _, _ in stats]
    assert counts == sorted(counts, reverse=True) and stats[0][1:] == ["WPC204", "http link to a host that serves https"]
    assert sum(counts) == len(json.loads(check(seed, "--format", "json").stdout)["files"][0]["findings"])
    full = check(seed, "--format", "full").stdout.splitlines()
    at = full.index(f"{seed}:28:2: WPC302 ad marker [ad_1] removed")
    assert full[at + 1] == "   28 |  [ad_1]" and full[at + 2] == "         ^"


def test_excludes_gitignore_and_force_exclude(tmp_path: Path):
    repo = _content_repo(tmp_path)
    (repo / ".git").mkdir()  # the repository's root: its .gitignore applies below it
    (repo / ".gitignore").write_text("drafts/\n")
    (repo / "content" / "drafts").mkdir()
    draft = repo / "content" / "drafts" / "d.md"
    draft.write_text("---\ntitle: D\n---\n[ad_1] Not yet.\n")
    (repo / "node_modules" / "pkg").mkdir(parents=True)
    (repo / "node_modules" / "pkg" / "README.md").write_text("[ad_1] a package's readme\n")
    assert check(str(repo)).exit_code == 0  # the draft is ignored by git, node_modules by default
    assert check(str(repo), "--no-respect-gitignore").exit_code == 1
    assert check(str(repo), "--no-respect-gitignore", "--exclude", "content/drafts").exit_code == 0
    assert check(str(draft)).exit_code == 1  # a file named on the command line is checked...
    named = check(str(draft), "--force-exclude")  # ...unless pre-commit asks for the excludes
    assert named.exit_code == 0 and named.stderr == "wpclean check: 0 files, 0 failing, 0 findings\n"
    (repo / "wpclean.yaml").write_text("target: hugo\nextend-exclude: [content/about.md]\nrespect_gitignore: false\n")
    assert check(str(repo)).exit_code == 1  # the draft again, from the config


def test_findings_name_the_keys_and_gutenberg_comments_come_once_per_file():
    gutenberg = REAL / "consteel-manual__koordinata-rendszerek.md"
    result = check(str(gutenberg), "--select", "WPC309")
    assert result.stdout == f"{gutenberg}:6:1: WPC309 Gutenberg block comments: 94 in this file, the first here\n"
    seed = SEED / "bernie-online-army.md"
    line = check(str(seed), "--select", "WPC126").stdout.strip()
    assert line.startswith(f"{seed}:2:1: WPC126 front matter keys or values are not normalized: added title, date, slug")
    assert "dropped or renamed ID, post_title, post_date" in line


#: the official SARIF 2.1.0 schema, as Microsoft's SARIF SDK ships it (npm, installed by .ci/run)
SARIF_SCHEMA = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"
#: what the SARIF 2.1.0 specification requires of what wpclean writes (sarifLog, run, tool,
#: reportingDescriptor, result, location), written from the spec, for where the schema is not installed
SARIF_REQUIRED = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {"physicalLocation": {
                            "type": "object", "required": ["artifactLocation"],
                            "properties": {"region": {"type": "object", "properties": {
                                "startLine": {"type": "integer", "minimum": 1},
                                "startColumn": {"type": "integer", "minimum": 1}}}}}}}}}}},
            }}},
    },
}  # fmt: skip
#: GitLab's Code Quality report, as its documentation describes each issue
GITLAB_ISSUES = {
    "type": "array", "items": {
        "type": "object", "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string"}, "check_name": {"type": "string"}, "fingerprint": {"type": "string"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {"type": "object", "required": ["path", "lines"], "properties": {
                "path": {"type": "string"}, "lines": {"type": "object", "required": ["begin"],
                                                      "properties": {"begin": {"type": "integer", "minimum": 1}}}}},
        },
    },
}  # fmt: skip


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="the SARIF schema is not installed: cd .ci/node && npm ci")
def test_sarif_validates_against_the_official_schema():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator = jsonschema.validators.validator_for(schema)(schema)
    sarif = json.loads(check(str(REAL), str(SEED), "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"], "a report with results, not an empty one"
    assert [e.message for e in validator.iter_errors(sarif)] == []
    sarif["runs"][0]["results"][0]["level"] = "critical"  # the schema is really applied
    assert [e.message for e in validator.iter_errors(sarif)] == ["'critical' is not one of ['none', 'note', 'warning', 'error']"]


def test_sarif_and_gitlab_reports():
    import jsonschema

    sarif = json.loads(check(str(REAL), "--format", "sarif").stdout)
    jsonschema.validate(sarif, SARIF_REQUIRED)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    ad = next(r for r in run["results"] if r["ruleId"] == "WPC302")
    assert ad["level"] == "error"  # debris fails the check, so code scanning shows it as one
    gitlab = json.loads(check(str(REAL), "--format", "gitlab").stdout)
    jsonschema.validate(gitlab, GITLAB_ISSUES)
    assert len(gitlab) == len(run["results"]) and len({i["fingerprint"] for i in gitlab}) == len(gitlab)
