"""Writes: atomic, permission- and symlink-keeping, contained in OUT, collision-safe, -j independent."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REAL, SEED, written
from wpclean.cli import app
from wpclean.io import writing

runner = CliRunner()
SEED_FILE = SEED / "bernie-online-army.md"


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".wpclean-manifest"
    }


def test_write_atomic_replaces_and_keeps_permissions(tmp_path: Path):
    target = tmp_path / "post.md"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    assert writing.write_atomic(target, b"new") is True
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"], "no temp file is left behind"


def test_write_atomic_leaves_identical_files_alone(tmp_path: Path):
    target = tmp_path / "post.md"
    target.write_bytes(b"same")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    assert writing.write_atomic(target, b"same") is False
    assert target.stat().st_mtime == 1_000_000_000


def test_write_atomic_writes_through_symlinks(tmp_path: Path):
    real = tmp_path / "real.md"
    real.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    writing.write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "post.md"
    target.write_bytes(b"old")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        writing.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]


def test_clean_with_output_never_touches_the_source_tree(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(REAL, src)
    before = tree_hashes(src)
    result = runner.invoke(app, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert tree_hashes(src) == before


def test_unchanged_outputs_are_not_rewritten(tmp_path: Path):
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(SEED_FILE), "-o", str(out)])
    written = next(out.iterdir())
    os.utime(written, (1_000_000_000, 1_000_000_000))
    runner.invoke(app, ["clean", str(SEED_FILE), "-o", str(out)])
    assert written.stat().st_mtime == 1_000_000_000


def test_in_place_rewrites_atomically_and_is_then_a_fixed_point(tmp_path: Path):
    post = tmp_path / "post.md"
    post.write_bytes(SEED_FILE.read_bytes().replace(b"\n", b"\r\n"))
    os.chmod(post, 0o604)
    result = runner.invoke(app, ["clean", str(tmp_path), "--in-place"])
    assert result.exit_code == 0
    cleaned = post.read_bytes()
    assert cleaned.startswith(b"---\r\ntitle: Bernie"), "CRLF kept"
    assert post.stat().st_mode & 0o777 == 0o604
    os.utime(post, (1_000_000_000, 1_000_000_000))
    again = runner.invoke(app, ["clean", str(tmp_path), "--in-place"])
    assert "0 changed, 1 unchanged" in again.stderr
    assert post.stat().st_mtime == 1_000_000_000


def test_collisions_get_a_suffix_and_a_finding_deterministically(tmp_path: Path):
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    (src / "a" / "one.md").write_bytes(SEED_FILE.read_bytes())
    (src / "b" / "two.md").write_bytes(SEED_FILE.read_bytes())
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["clean", str(src), "-o", str(out), "-j", jobs])
        assert result.exit_code == 0
        slug = "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
        assert written(out) == [f"{slug}-2.md", f"{slug}.md"]
        assert f"{src / 'b' / 'two.md'}:1:1: WPC124 slug '{slug}' is also {src / 'a' / 'one.md'}'s; written as '{slug}-2'" in result.stderr
        assert f"slug: {slug}-2\n" in (out / f"{slug}-2.md").read_text(encoding="utf-8")


def test_collision_suffix_goes_on_the_slug_in_directory_templates(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.md").write_bytes(SEED_FILE.read_bytes())
    (src / "two.md").write_bytes(SEED_FILE.read_bytes())
    out = tmp_path / "out"
    runner.invoke(app, ["clean", str(src), "-o", str(out), "--path-template", "{year}/{slug}/index.md"])
    slug = "bernie-wont-get-the-nomination-but-his-online-army-isnt-done"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.md")) == [
        f"2016/{slug}-2/index.md",
        f"2016/{slug}/index.md",
    ]


@pytest.mark.parametrize("template", ["../{slug}.md", "{source_dir}/../../{slug}.md", "/etc/{slug}.md"])
def test_paths_never_leave_the_output_directory(tmp_path: Path, template: str):
    src = tmp_path / "src"
    src.mkdir()
    (src / "post.md").write_bytes(SEED_FILE.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--path-template", template])
    assert result.exit_code in (1, 2)
    assert not any(p.is_file() for p in tmp_path.rglob("*.md") if src not in p.parents)


def test_path_template_fields(tmp_path: Path):
    src = tmp_path / "src"
    (src / "2016").mkdir(parents=True)
    (src / "2016" / "bernie.md").write_bytes(SEED_FILE.read_bytes())
    (src / "top.md").write_bytes(SEED_FILE.read_bytes())  # at the top of SRC: {source_dir} is empty
    out = tmp_path / "out"
    template = "{source_dir}/{year}-{month}-{day}-{id}-{source_stem}.md"
    result = runner.invoke(app, ["clean", str(src), "-o", str(out), "--path-template", template])
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.md")) == [
        "2016-05-29-4078-top.md",
        "2016/2016-05-29-4078-bernie.md",
    ]


def test_parallel_output_is_byte_identical_to_serial(tmp_path: Path):
    runner.invoke(app, ["clean", str(REAL), str(SEED), "-o", str(tmp_path / "j1"), "-j", "1"])
    runner.invoke(app, ["clean", str(REAL), str(SEED), "-o", str(tmp_path / "j2"), "-j", "2"])
    one, two = tree_hashes(tmp_path / "j1"), tree_hashes(tmp_path / "j2")
    assert one and one == two


def test_an_edit_saved_during_an_in_place_run_is_not_overwritten(tmp_path: Path, monkeypatch):
    """The file is rewritten only if it still holds the bytes wpclean read; otherwise WPC908 and it is left alone."""
    from wpclean import api

    post = tmp_path / "post.md"
    shutil.copy(next(SEED.glob("*.md")), post)
    real_clean_path = api.clean_path

    def clean_then_the_author_saves(path, *args, **kwargs):
        result = real_clean_path(path, *args, **kwargs)
        Path(path).write_text("---\ntitle: Saved meanwhile\n---\nNew text.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(api, "clean_path", clean_then_the_author_saves)
    run = CliRunner().invoke(app, ["clean", str(post), "--in-place", "-j", "1"])
    assert run.exit_code == 1
    assert "WPC908 changed on disk since wpclean read it; left as it is (run again)" in run.stderr
    assert post.read_text(encoding="utf-8") == "---\ntitle: Saved meanwhile\n---\nNew text.\n"


def test_write_atomic_with_an_expected_digest(tmp_path: Path):
    target = tmp_path / "a.md"
    target.write_bytes(b"old")
    assert writing.write_atomic(target, b"new", expect=hashlib.sha256(b"old").hexdigest())
    assert target.read_bytes() == b"new"
    with pytest.raises(writing.ChangedMeanwhile):
        writing.write_atomic(target, b"newer", expect=hashlib.sha256(b"old").hexdigest())
    assert target.read_bytes() == b"new"


def test_the_manifest_knows_what_wpclean_wrote_and_takes_back_a_failed_write(tmp_path: Path):
    from wpclean.io.manifest import MANIFEST_NAME, Manifest

    manifest = Manifest(tmp_path)
    assert manifest.record("a.md", b"one") is None
    manifest.save()
    again = Manifest(tmp_path)
    assert again.wrote("a.md", b"one") and not again.wrote("a.md", b"edited") and not again.wrote("b.md", b"one")
    previous = again.record("a.md", b"two")
    again.restore("a.md", previous)  # the write of "two" failed: "one" is still what is on disk
    assert again.wrote("a.md", b"one")
    again.restore("b.md", again.record("b.md", b"x"))
    assert "b.md" not in again.files
    (tmp_path / MANIFEST_NAME).write_text("not json", encoding="utf-8")
    assert Manifest(tmp_path).files == {}, "an unreadable manifest claims nothing: every file in OUT needs --force"


def test_a_summary_that_cannot_be_written_is_one_line_and_exit_1(tmp_path: Path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    result = runner.invoke(
        app, ["clean", str(SEED_FILE), "-o", str(tmp_path / "out"), "-j", "1", "--summary-json", str(blocked / "s.json")]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"wpclean: error: cannot write {blocked / 's.json'}: File exists"  # its folder is a file
