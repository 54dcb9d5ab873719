"""Every command through typer's CliRunner, every exit code, and the real entry point."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wpclean
from conftest import REAL2, ERRORS, REAL, SEED, written
from wpclean.cli import app

runner = CliRunner()
SEED_FILE = SEED / "bernie-online-army.md"


def invoke(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_python_m_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "wpclean", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "clean" in done.stdout and "transforms" in done.stdout


def test_a_bad_option_is_the_same_one_line_as_every_usage_error():
    done = subprocess.run([sys.executable, "-m", "wpclean", "check", "--nope", "x"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "wpclean: error: No such option: --nope (Possible options: --ignore, --no-cache) (see 'wpclean check -h')\n"
    done = subprocess.run([sys.executable, "-m", "wpclean", "clean"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (2, "wpclean: error: Missing argument 'SOURCES...'. (see 'wpclean clean -h')\n")


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"wpclean {wpclean.__version__}"


def test_transforms_lists_names_codes_and_summaries():
    result = invoke("transforms")
    assert result.exit_code == 0
    for name in ("frontmatter.repair", "frontmatter.normalize"):
        assert name in result.stdout
    assert "WPC100" in result.stdout


def test_schema_is_json_schema():
    result = invoke("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "schema_version" in schema["required"]


def test_clean_writes_markdown_and_exits_0(tmp_path: Path):
    out = tmp_path / "out"
    result = invoke("clean", str(SEED_FILE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = out / "bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md"
    assert written.read_text(encoding="utf-8").startswith("---\ntitle: Bernie Won’t Get")
    assert "1 files: 1 changed, 0 unchanged, 0 failed" in result.stderr


def test_rejected_file_is_one_line_and_exit_1_and_the_run_goes_on(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad.md").write_bytes((ERRORS / "python-tag.md").read_bytes())
    (src / "good.md").write_bytes(SEED_FILE.read_bytes())
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith(str(src))]
    assert error_lines == [f"{src / 'bad.md'}:2:8: WPC112 YAML tag !!python/object/apply:os.system is not allowed in front matter"]
    assert "Traceback" not in result.stderr
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["clean", str(SEED_FILE), "--select", "frontmatter.nope", "--dry-run"], "unknown transform 'frontmatter.nope'"),
        (["clean", str(SEED_FILE), "--ignore", "nope", "--dry-run"], "unknown transform 'nope'"),
        (["clean", str(SEED_FILE)], "say where to write"),
        (["clean", str(SEED_FILE), "--path-template", "{nope}.md", "--dry-run"], "unknown field {nope}"),
        (["clean", "does/not/exist", "--dry-run"], "no such file or directory"),
        (["clean", str(SEED_FILE), "-o", "x", "--in-place"], "not both"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_output_inside_the_source_tree_is_refused(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(SEED_FILE.read_bytes())
    result = invoke("clean", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "inside the source tree" in result.stderr
    assert not (tmp_path / "out").exists()


def test_internal_error_is_one_line_exit_3_and_isolated(tmp_path: Path, monkeypatch):
    from wpclean.transforms.frontmatter_normalize import NormalizeFrontMatter

    def broken(self, doc, ctx):
        if "bernie" in doc.source.path:
            raise RuntimeError("boom")
        return doc

    monkeypatch.setattr(NormalizeFrontMatter, "apply", broken)
    src = tmp_path / "src"
    src.mkdir()
    (src / "bernie.md").write_bytes(SEED_FILE.read_bytes())
    (src / "other.md").write_bytes((REAL / "promet__2010-07-09-howto-remove-a-list-of-files.md").read_bytes())
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"), "-j", "1")
    assert result.exit_code == 3
    assert f"{src / 'bernie.md'}:1:1: WPC990 internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    assert written(tmp_path / "out") == ["howto-remove-a-list-of-files.md"]


def test_stdin_to_stdout():
    result = invoke("clean", "-", input=SEED_FILE.read_bytes())
    assert result.exit_code == 0
    assert result.stdout.startswith("---\ntitle: Bernie Won’t Get the Nomination.")
    assert result.stderr == ""


def test_stdin_bad_input_is_one_line_exit_1():
    result = invoke("clean", "-", input=(ERRORS / "alias-bomb.md").read_bytes())
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "<stdin>:3:8: WPC113 YAML aliases are not allowed in front matter"


def test_stdin_json():
    result = invoke("clean", "-", "--format", "json", input=SEED_FILE.read_bytes())
    record = json.loads(result.stdout)
    assert record["id"] == 4078


def test_json_one_file_per_post(tmp_path: Path):
    result = invoke("clean", str(REAL), "-o", str(tmp_path), "--format", "json", "-j", "1")
    assert result.exit_code == 0, result.stderr
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == len(list(REAL.glob("*.md")))
    record = json.loads((tmp_path / "first-post.json").read_text(encoding="utf-8"))
    assert record["title"] == "First Post" and record["schema_version"] == 1


def test_ndjson_to_stdout_in_sorted_order():
    result = invoke("clean", str(REAL), "--format", "ndjson", "-j", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(list(REAL.glob("*.md")))
    sources = [json.loads(line)["source_path"] for line in lines]
    assert sources == sorted(sources)


def test_ndjson_to_a_file(tmp_path: Path):
    target = tmp_path / "posts.ndjson"
    result = invoke("clean", str(SEED_FILE), "--format", "ndjson", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == 4078


def test_dry_run_writes_nothing(tmp_path: Path):
    result = invoke("clean", str(REAL), "--dry-run")
    assert result.exit_code == 0
    assert "would change" in result.stderr


def test_select_runs_only_the_named_transforms():
    result = invoke("clean", "-", "--select", "frontmatter.repair", input=SEED_FILE.read_bytes())
    assert "post_title: Bernie Won’t Get the Nomination." in result.stdout  # not renamed to title


def test_piped_output_has_no_escape_codes(tmp_path: Path):
    result = invoke("clean", str(REAL), "--dry-run")
    assert "\x1b[" not in result.stderr


def test_shortcodes_inventory():
    result = invoke("shortcodes", str(REAL), str(SEED))
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert rows["[ad_1]"] == ["5", "5"] and rows["[ad_2]"] == ["5", "5"]
    assert rows["[gallery]"] == ["1", "1"]
    assert rows["[wbcr_snippet]"] == ["1", "1"]


def test_shortcodes_inventory_reads_markdown_as_markdown():
    """Escaped shortcodes count; link text (`[youtube settings](…)`) and code (`[youtube] …` log lines) do not."""
    result = invoke("shortcodes", str(REAL2))
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:] if line.strip()}
    assert rows["[gallery]"] == ["1", "7"]  # furengete's seven escaped `\[gallery ids=…\]`
    assert rows["[userplace_login_form]"] == ["1", "1"]  # attribute-less, escaped inside bold
    assert "[youtube]" not in rows and "[source]" not in rows


def test_unknown_encoding_fallback_is_a_usage_error(tmp_path: Path):
    result = invoke("clean", str(SEED), "-o", str(tmp_path / "out"), "--encoding-fallback", "nope")
    assert result.exit_code == 2
    assert "unknown encoding 'nope'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_each_pass_of_a_run_is_shown_under_its_own_name():
    from wpclean import runner
    from wpclean.config import Config
    from wpclean.io import paths

    passes: list[tuple[str | None, int, int]] = []

    def record(items, total, label):
        seen = list(items)
        passes.append((label, total, len(seen)))
        return seen

    jobs = paths.discover([str(REAL)])
    runner.run(jobs, Config(), runner.Plan(dry_run=True, jobs=1), progress=record)
    assert passes == [("indexing", 22, 22), (None, 22, 22)]
