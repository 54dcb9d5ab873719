"""Writes that lose nothing, against the real CLI in subprocesses: killed and interrupted runs,
a full disk, files in OUT that are not wpclean's, symlinks leaving SRC, names too long, hostile slugs.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import written
from wpclean.io import paths
from test_reliability import seed_export, unmeasured, wpclean

MANIFEST = ".wpclean-manifest"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def temp_files(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*.wpclean-tmp")]


def start(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wpclean", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=unmeasured(),
    )  # fmt: skip


@pytest.fixture(scope="module")
def export_and_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """300 posts and what an uninterrupted run writes for each (named after its source file)."""
    root = tmp_path_factory.mktemp("big")
    export = seed_export(root, copies=300)
    run = wpclean("clean", str(export), "-o", str(root / "reference"), "--path-template", "{source_stem}.md", "-j", "2")
    assert run.returncode == 0, run.stderr
    reference = {k: v for k, v in tree(root / "reference").items() if k != MANIFEST}
    assert len(reference) == 300
    return export, reference


@pytest.mark.parametrize("mode", ["-o OUT", "--in-place"])
def test_a_killed_run_leaves_every_file_old_or_new_and_the_next_run_finishes_the_job(
    tmp_path: Path, export_and_reference: tuple[Path, dict[str, bytes]], mode: str
):
    export, reference = export_and_reference
    src = tmp_path / "export"
    src.mkdir()
    originals = tree(export)
    for name, data in originals.items():
        (src / name).write_bytes(data)
    out = tmp_path / "out"
    args = ["clean", str(src), *(["-o", str(out)] if mode == "-o OUT" else ["--in-place"])]
    args += ["--path-template", "{source_stem}.md", "-j", "2"]
    for delay in (0.8, 1.6, 2.4):
        proc = start(*args)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        now = tree(out if mode == "-o OUT" else src)
        for name, data in now.items():
            if name == MANIFEST or name.endswith(".wpclean-tmp"):
                continue
            allowed = [reference[name]] + ([originals[name]] if mode == "--in-place" else [])
            assert data in allowed, f"{name} is neither the old nor the new file after a SIGKILL at {delay}s"
    finished = wpclean(*args)
    assert finished.returncode == 0, finished.stderr
    after = {k: v for k, v in tree(out if mode == "-o OUT" else src).items() if k != MANIFEST}
    assert after == reference, "the next run leaves every file cleaned, and no temp file"


def test_ctrl_c_exits_130_with_whole_files_and_no_traceback(tmp_path: Path, export_and_reference: tuple[Path, dict[str, bytes]]):
    export, reference = export_and_reference
    out = tmp_path / "out"
    proc = start("clean", str(export), "-o", str(out), "--path-template", "{source_stem}.md", "-j", "2")
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline and not (out.is_dir() and written(out)):
        time.sleep(0.05)  # interrupt it once it has started writing
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert "Traceback" not in stderr
    if proc.returncode != 0:  # else the run had finished before the signal
        assert proc.returncode == 130
        assert "wpclean: interrupted; files written so far are whole, the rest are as they were" in stderr
    assert temp_files(out) == []
    assert all(reference[name] == data for name, data in tree(out).items() if name != MANIFEST)
    recorded = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert set(written(out)) <= set(recorded), "what an interrupted run wrote is still known to be wpclean's"
    assert len(recorded) <= len(written(out)) + 1, "at most the one file being written when it stopped is extra"


def test_a_file_in_out_that_wpclean_did_not_write_is_kept_unless_forced(tmp_path: Path):
    export, out = seed_export(tmp_path), tmp_path / "out"
    assert wpclean("clean", str(export), "-o", str(out)).returncode == 0
    [name] = written(out)
    cleaned = (out / name).read_bytes()
    again = wpclean("clean", str(export), "-o", str(out))
    assert again.returncode == 0, "a run replaces what a run wrote"

    (out / name).write_bytes(cleaned + b"\nA paragraph the editor added.\n")
    kept = wpclean("clean", str(export), "-o", str(out))
    assert kept.returncode == 1
    assert f"{export / 'post.md'}:1:1: WPC913 {out / name} exists and was not written by wpclean (or was edited since); kept (--force replaces it)" in kept.stderr
    assert (out / name).read_bytes().endswith(b"A paragraph the editor added.\n")

    forced = wpclean("clean", str(export), "-o", str(out), "--force")
    assert forced.returncode == 0 and (out / name).read_bytes() == cleaned


def test_a_hand_written_page_in_out_is_not_replaced_by_a_post_with_its_slug(tmp_path: Path):
    export, out = tmp_path / "export", tmp_path / "out"
    export.mkdir()
    (export / "2019-about.md").write_text("---\ntitle: About\n---\n<p>The exported about page.</p>\n", encoding="utf-8")
    out.mkdir()
    (out / "about.md").write_text("# About me\n\nWritten by hand.\n", encoding="utf-8")
    run = wpclean("clean", str(export), "-o", str(out))
    assert run.returncode == 1 and "WPC913" in run.stderr
    assert (out / "about.md").read_text(encoding="utf-8") == "# About me\n\nWritten by hand.\n"


def test_symlinks_that_leave_src_are_reported_not_followed(tmp_path: Path):
    export = seed_export(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = "---\ntitle: Secret\n---\n<p>Private words.</p>\n"
    (elsewhere / "secret.md").write_text(secret, encoding="utf-8")
    (export / "link.md").symlink_to(elsewhere / "secret.md")
    (export / "folder").symlink_to(elsewhere, target_is_directory=True)
    (export / "second-name.md").symlink_to(export / "post.md")  # inside SRC: the post, cleaned once

    into_out = wpclean("clean", str(export), "-o", str(tmp_path / "out"))
    in_place = wpclean("clean", str(export), "--in-place")
    for run in (into_out, in_place):
        assert run.returncode == 1
        assert f"{export / 'link.md'}:1:1: WPC912 symlink to {elsewhere / 'secret.md'}, outside the source tree; not followed" in run.stderr
        assert f"{export / 'folder'}:1:1: WPC912 symlink to {elsewhere}, outside the source tree; not followed" in run.stderr
    assert (elsewhere / "secret.md").read_text(encoding="utf-8") == secret
    assert len(written(tmp_path / "out")) == 1
    assert all(b"Private" not in data for data in tree(tmp_path / "out").values())


def test_names_too_long_for_a_file_system_are_shortened_with_a_finding(tmp_path: Path):
    export = tmp_path / "export"
    export.mkdir()
    slugs = ["long-title-" * 30 + "one", "long-title-" * 30 + "two", "über-" * 60]
    for i, slug in enumerate(slugs):
        (export / f"p{i}.md").write_text(f"---\ntitle: P{i}\nslug: {slug}\n---\nWords {i}.\n", encoding="utf-8")
    out = tmp_path / "out"
    run = wpclean("clean", str(export), "-o", str(out))
    assert run.returncode == 0, run.stderr
    names = written(out)
    assert len(names) == 3 and all(len(n.encode("utf-8")) <= 255 for n in names)
    assert run.stderr.count("WPC127 output file name is longer than file systems allow; writing ") == 3
    assert [n.startswith("long-title-long-title-") for n in names] == [True, True, False]
    assert names[2].startswith("uber-uber-") and names[2].endswith(".md")  # the slug is transliterated


def test_a_shortened_name_never_splits_a_character():
    name, shortened = paths.fit_name_lengths("dir/" + "ü" * 200 + ".md")
    stem = name.split("/")[1]
    assert shortened and len(stem.encode("utf-8")) <= 255 and stem.endswith(".md")
    assert stem.startswith("ü" * 100) and set(stem[:-12]) == {"ü"}  # whole characters, then -hash.md


@pytest.mark.parametrize(
    "slug, template",
    [
        ("../../escaped", "{slug}.md"),
        ("/etc/passwd", "{slug}.md"),
        ("..", "{slug}/index.md"),
        ("ok", "{slug}/../../../escaped.md"),
        ("ok", "../{slug}.md"),
        ("a\\..\\..\\b", "{slug}.md"),
        ("con", "{slug}.md"),
    ],
)
def test_hostile_slugs_and_templates_write_nothing_outside_out(tmp_path: Path, slug: str, template: str):
    sandbox = tmp_path / "sandbox"
    export, out = sandbox / "export", sandbox / "site" / "content"
    export.mkdir(parents=True)
    out.mkdir(parents=True)
    (export / "p.md").write_text(f"---\ntitle: P\nslug: '{slug}'\n---\nWords.\n", encoding="utf-8")
    before = tree(tmp_path)
    run = wpclean("clean", str(export), "-o", str(out), "--path-template", template)
    assert "Traceback" not in run.stderr
    after = tree(tmp_path)
    outside = {k for k in after if not k.startswith("sandbox/site/content/")}
    assert {k: after[k] for k in outside} == {k: before[k] for k in outside if k in before}, "nothing changed outside OUT"
    assert run.returncode in (0, 1)
    if run.returncode == 1:
        assert "WPC906" in run.stderr


def test_a_full_disk_is_one_line_per_file_and_leaves_nothing_half_written(tmp_path: Path):
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root and mount): {mounted.stderr.strip()}")
    try:
        export = seed_export(tmp_path, copies=30)
        reference = tmp_path / "reference"
        assert wpclean("clean", str(export), "-o", str(reference), "-j", "1").returncode == 0
        out = small / "out"
        run = wpclean("clean", str(export), "-o", str(out), "-j", "1", "--summary-json", str(small / "summary.json"))
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert f"wpclean: error: cannot write {small / 'summary.json'}: No space left on device" in run.stderr
        full = [line for line in run.stderr.splitlines() if "WPC905 cannot write" in line]
        assert full and all(line.endswith("No space left on device") for line in full)
        assert temp_files(small) == []
        expected = tree(reference)
        assert all(expected[name] == data for name, data in tree(out).items() if name != MANIFEST), "every file whole"
        assert len(written(out)) + len(full) == 30
    finally:
        subprocess.run(["umount", str(small)], check=False)
