"""The cache: a second run over unchanged files cleans none of them and says the same; a changed
file, config or version, or a moved link target, is cleaned again."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wpclean
from conftest import REAL, SEED
from test_writes import tree_hashes
from wpclean.cli import app

runner = CliRunner()


def _src(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(REAL, src, ignore=shutil.ignore_patterns("*.tsv"))
    shutil.copy(SEED / "bernie-online-army.md", src)
    return src


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "-j", "1"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def no_cleaning(monkeypatch: pytest.MonkeyPatch):
    """Make cleaning impossible: what still works came from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("cleaned a file the cache knew")

    def arm():
        monkeypatch.setattr(wpclean.api, "clean_bytes", refuse)
        monkeypatch.setattr(wpclean.api, "clean_path", refuse)
        monkeypatch.setattr(wpclean.api, "index_entry", refuse)

    return arm


def test_a_second_check_cleans_nothing_and_says_the_same(tmp_path: Path, no_cleaning):
    src, cache = _src(tmp_path), tmp_path / "cache"
    first = _run("check", str(src), "--cache-dir", str(cache))
    no_cleaning()
    second = _run("check", str(src), "--cache-dir", str(cache))
    assert second[:2] == first[:2]  # exit status and every finding line
    assert second[2].endswith(f"; {len(list(src.glob('*.md')))} unchanged since the last run\n")
    assert (cache / ".gitignore").read_text() == "# written by wpclean\n*\n"  # keeps itself out of git


def test_a_changed_file_is_cleaned_again_and_only_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, cache = _src(tmp_path), tmp_path / "cache"
    _run("check", str(src), "--cache-dir", str(cache))
    post = src / "bernie-online-army.md"
    post.write_text(post.read_text(encoding="utf-8").replace("[ad_1]", "[ad_1] [ad_2]"), encoding="utf-8")
    cleaned = []
    real = wpclean.api.clean_bytes
    monkeypatch.setattr(wpclean.api, "clean_bytes", lambda data, path, *a, **k: cleaned.append(Path(path).name) or real(data, path, *a, **k))
    _, stdout, stderr = _run("check", str(src), "--cache-dir", str(cache))
    # every post is cleaned again: the changed one's index entry is part of every other post's context
    assert "bernie-online-army.md" in cleaned
    assert f"{post}:28:9: WPC302 ad marker [ad_2] removed" in stdout


def test_config_and_version_start_it_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_cleaning):
    src, cache = _src(tmp_path), tmp_path / "cache"
    _run("check", str(src), "--cache-dir", str(cache))
    (src / "wpclean.yaml").write_text("links:\n  originals: true\n")
    no_cleaning()
    code, stdout, _ = _run("check", str(src), "--cache-dir", str(cache))
    assert code == 3 and "AssertionError: cleaned a file the cache knew" in stdout  # a new config: every file again
    monkeypatch.undo()
    (src / "wpclean.yaml").unlink()
    _run("check", str(src), "--cache-dir", str(cache))
    monkeypatch.setattr(wpclean, "__version__", "9.9.9")
    monkeypatch.setattr("wpclean.runner.__version__", "9.9.9")
    cleaned = _run("check", str(src), "--cache-dir", str(cache))
    assert "unchanged since the last run" not in cleaned[2]


def test_clean_in_place_and_into_out_skip_what_is_already_clean(tmp_path: Path, no_cleaning):
    src, cache = _src(tmp_path), tmp_path / "cache"
    out = tmp_path / "out"
    assert _run("clean", str(src), "-o", str(out), "--cache-dir", str(cache))[0] == 0
    written = tree_hashes(out)
    assert _run("clean", str(out), "--in-place", "--cache-dir", str(cache))[0] == 0  # learns the clean output
    no_cleaning()
    code, _, stderr = _run("clean", str(out), "--in-place", "--cache-dir", str(cache))
    assert code == 0 and tree_hashes(out) == written
    assert "unchanged since the last run, from the cache" in stderr
    code, _, stderr = _run("clean", str(src), "-o", str(out), "--cache-dir", str(cache))
    assert code == 0 and tree_hashes(out) == written and "from the cache" in stderr


def test_an_edited_output_is_written_again(tmp_path: Path):
    src, cache, out = _src(tmp_path), tmp_path / "cache", tmp_path / "out"
    _run("clean", str(src), "-o", str(out), "--cache-dir", str(cache))
    target = out / "bernie-wont-get-the-nomination-but-his-online-army-isnt-done.md"
    expected = target.read_bytes()
    target.unlink()
    _run("clean", str(src), "-o", str(out), "--cache-dir", str(cache))
    assert target.read_bytes() == expected


def test_no_cache_and_an_unreadable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    src, cache = _src(tmp_path), tmp_path / "cache"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WPCLEAN_NO_CACHE")
    _run("check", str(src), "--no-cache")
    assert not cache.exists() and not (tmp_path / ".wpclean_cache").exists()
    _run("check", str(src))
    assert (tmp_path / ".wpclean_cache" / "cache.json").is_file()  # on by default, in the working directory
    cache.mkdir()
    (cache / "cache.json").write_text("{not json")
    first = _run("check", str(src), "--cache-dir", str(cache))
    runs = json.loads((cache / "cache.json").read_text())["runs"]
    assert first[0] == 1 and len(runs) == 1 and next(iter(runs.values()))["outcomes"]  # started afresh


def test_two_files_with_the_same_bytes_keep_their_own_paths(tmp_path: Path):
    src, cache = tmp_path / "src", tmp_path / "cache"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    for folder in ("a", "b"):
        shutil.copy(SEED / "bernie-online-army.md", src / folder / "post.md")
    out = tmp_path / "out"
    for _ in range(2):  # the second run reads both index entries from the cache
        assert _run("clean", str(src), "-o", str(out), "--path-template", "{source_dir}/{source_stem}.md", "--cache-dir", str(cache))[0] == 0
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == ["a/post.md", "b/post.md"]
