"""seamgen owns only what it wrote: refusals, user files beside generated ones, modes, interruptions."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from seamgen import writer
from seamgen.manifest import MANIFEST, PRIVATE_PREFIX, ManifestError
from seamgen.outdir import OutputRefused
from tests.conftest import SPEC, Run, tree


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A user's git repository holding the spec and files of their own."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "api.yaml").write_bytes(SPEC.read_bytes())
    (repo / "notes.txt").write_text("my notes\n")
    (repo / "python").mkdir()
    (repo / "python" / "mine.py").write_text("x = 1\n")
    return repo


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every entry under ``root`` (nothing skipped) with its mode and bytes."""
    return {
        str(path.relative_to(root)): (path.lstat().st_mode, path.read_bytes() if path.is_file() else b"")
        for path in sorted(root.rglob("*"))
    }


def test_a_repository_root_is_refused_and_left_byte_for_byte(cli: Callable[..., Run], repository: Path) -> None:
    before = snapshot(repository)
    run = cli("generate", "--spec", str(repository / "api.yaml"), "--out", str(repository))
    assert run.code == 2
    assert "holds files this run does not write (.git/, api.yaml, notes.txt, python/)" in run.err
    assert "--force" in run.err
    assert snapshot(repository) == before


def test_with_force_generated_files_go_beside_the_users_and_only_those_are_removed_later(
    cli: Callable[..., Run], repository: Path
) -> None:
    spec = str(repository / "api.yaml")
    before = snapshot(repository)
    assert cli("generate", "--spec", spec, "--out", str(repository), "--force").code == 0
    manifest = json.loads((repository / MANIFEST).read_text())
    assert all((repository / path).is_file() for path in manifest["files"])
    # No flag needed from now on: the manifest says which files are seamgen's.
    assert cli("generate", "--spec", spec, "--out", str(repository), "--package-name", "renamed_pkg").code == 0
    after = snapshot(repository)
    assert {path: entry for path, entry in after.items() if path in before} == before
    old_package = [path for path in manifest["files"] if path.startswith("python/src/")]
    assert old_package and not any((repository / path).exists() for path in old_package)
    assert cli("check", "--spec", spec, "--out", str(repository), "--package-name", "renamed_pkg").code == 0


def test_unrelated_files_beside_generated_ones_survive_regeneration(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    mine = {"NOTES.md": b"mine", "python/tool.cfg": b"[x]", "docs/markdown/extra/page.md": b"# Mine"}
    for relative, content in mine.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(content)
    assert cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "other_name").code == 0
    assert {relative: (out / relative).read_bytes() for relative in mine} == mine


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp / "a-file.txt", "is a file, not a folder"),
        (lambda tmp: tmp / "a-file.txt" / "sub", "a-file.txt is a file, not a folder"),
        (lambda tmp: Path("/"), "is the filesystem root"),
        (lambda tmp: tmp / "home", "is your home folder"),
        (lambda tmp: tmp / "link", "is a symlink to "),
    ],
    ids=["file", "under-a-file", "root", "home", "symlink"],
)
def test_dangerous_output_folders_are_refused_even_with_force(
    cli: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], Path],
    expected: str,
) -> None:
    (tmp_path / "a-file.txt").write_text("keep me")
    (tmp_path / "home").mkdir()
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "theirs.txt").write_text("theirs")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    before = snapshot(tmp_path)
    run = cli("generate", "--spec", str(SPEC), "--out", str(make(tmp_path)), "--force")
    assert run.code == 2
    assert expected in run.err
    if "symlink" in expected:
        assert str(tmp_path / "target") in run.err
    assert snapshot(tmp_path) == before


def test_a_folder_written_before_manifests_is_adopted_but_not_one_with_other_files(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    (out / MANIFEST).unlink()
    (out / "python" / "pyproject.toml").write_text("stale")
    assert cli("generate", "--spec", str(SPEC), "--out", str(out)).code == 0
    assert (out / MANIFEST).is_file()
    (out / MANIFEST).unlink()
    (out / "python" / "stray.py").write_text("x = 1\n")
    refused = cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert refused.code == 2
    assert "holds files this run does not write (python/)" in refused.err


def test_a_file_in_the_way_that_seamgen_did_not_write_is_not_overwritten(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    theirs = out / "python" / "src" / "acme" / "models.py"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("# theirs\n")
    refused = cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "acme")
    assert refused.code == 2
    assert "would overwrite files it did not write: python/src/acme/models.py" in refused.err
    assert theirs.read_text() == "# theirs\n"
    assert cli("check", "--spec", str(SPEC), "--out", str(out)).code == 0
    assert cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "acme", "--force").code == 0
    assert theirs.read_text() != "# theirs\n"


def test_a_generated_file_changed_by_hand_is_kept_when_no_longer_generated(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "first")
    edited = out / "python" / "src" / "first" / "client.py"
    edited.write_text("# my changes\n")
    run = cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "second")
    assert run.code == 0
    assert edited.read_text() == "# my changes\n"
    assert f"{out}/python/src/first/client.py: warning: kept, though no longer generated" in run.err
    assert not (out / "python" / "src" / "first" / "models.py").exists()


def test_a_symlinked_folder_inside_the_output_is_never_written_through(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    docs = out / "docs" / "markdown"
    for path in sorted(docs.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    docs.rmdir()
    docs.symlink_to(elsewhere)
    run = cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert run.code == 2
    assert f"{docs} is a symlink (to {elsewhere})" in run.err
    assert list(elsewhere.iterdir()) == []


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    yield lambda mask: os.umask(mask) and None
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_modes_follow_the_umask(
    cli: Callable[..., Run], tmp_path: Path, umask: Callable[[int], None], mask: int
) -> None:
    umask(mask)
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    pyproject = out / "python" / "pyproject.toml"
    pyproject.write_text("changed, so it is written again")
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    modes = {stat.S_IMODE(path.stat().st_mode) for path in [out, *out.rglob("*")] if path.is_dir()}
    assert modes == {0o777 & ~mask}
    modes = {stat.S_IMODE(path.stat().st_mode) for path in out.rglob("*") if path.is_file()}
    assert modes == {0o666 & ~mask}


# -- interruptions ---------------------------------------------------------------------------------------------

OLD = {"a/kept.txt": b"same", "a/changed.txt": b"old", "b/removed.txt": b"gone soon", "c/removed-too.txt": b"x"}
NEW = {"a/kept.txt": b"same", "a/changed.txt": b"new", "c/d/added.txt": b"added", "b/added-too.txt": b"y"}
WRITE = "import json, sys; from pathlib import Path; from seamgen.writer import write; " \
    "write({k: v.encode() for k, v in json.loads(sys.argv[2]).items()}, Path(sys.argv[1]))"  # fmt: skip


def write_in_a_process(out: Path, files: dict[str, bytes], crash_at: int | None = None) -> int:
    env = {**os.environ, writer.CRASH_AT: str(crash_at or "")}
    files_json = json.dumps({key: value.decode() for key, value in files.items()})
    return subprocess.run([sys.executable, "-c", WRITE, str(out), files_json], env=env).returncode


def generated(out: Path) -> dict[str, bytes]:
    """The generated files in ``out``: everything but seamgen's own bookkeeping."""
    return {path: content for path, content in tree(out).items() if not path.startswith(PRIVATE_PREFIX)}


def test_a_kill_at_any_step_leaves_a_whole_tree_or_one_the_next_run_completes(tmp_path: Path) -> None:
    """SIGKILL at the writer's 1st, 2nd, … step until a run finishes: each time, the folder holds the
    whole old or whole new tree, or a journal that the next run (of either tree) carries out."""
    step = 0
    while True:
        step += 1
        out = tmp_path / f"run-{step}"
        writer.write(OLD, out)
        code = write_in_a_process(out, NEW, crash_at=step)
        if code == 0:
            break
        assert code == -signal.SIGKILL
        on_disk = generated(out)
        journal = (out / writer.JOURNAL).exists()
        if not journal:  # not committed yet, or completely done: a whole tree and its own manifest
            assert on_disk in (OLD, NEW), step
            assert json.loads((out / MANIFEST).read_text())["files"].keys() == on_disk.keys()
        next_files = NEW if step % 2 else OLD  # the next run may well generate something else again
        assert write_in_a_process(out, next_files) == 0
        assert generated(out) == next_files, step
        assert sorted(tree(out).keys() - next_files.keys()) == [MANIFEST]
    assert step > len(NEW) + 3  # every staging, removal and rename step was a kill point
    assert generated(out) == NEW


def test_a_sigkill_from_outside_never_leaves_a_broken_output(tmp_path: Path) -> None:
    """Kill ``seamgen generate`` at moments across its run; the next run always ends whole."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "seamgen", "generate", "--spec", str(SPEC), "--out", str(out), "--quiet"]
    started = time.perf_counter()
    subprocess.run([*command, "--package-name", "first"], check=True)
    duration = time.perf_counter() - started
    killed = []
    for index, name in enumerate(["second", "third", "fourth", "fifth", "sixth", "seventh"]):
        process = subprocess.Popen([*command, "--package-name", name])
        time.sleep(duration * (0.3 + index * 0.15))
        process.send_signal(signal.SIGKILL)
        killed.append(process.wait() == -signal.SIGKILL)
        subprocess.run([*command, "--package-name", name], check=True)
        packages = {path.split("/")[2] for path in generated(out) if path.startswith("python/src/")}
        assert packages == {name}
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(PRIVATE_PREFIX)) == [MANIFEST]
    assert any(killed), "every run finished before its kill: nothing was interrupted"


def test_an_error_after_the_commit_is_finished_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    real_replace = os.replace
    calls: list[object] = []

    def failing_replace(source: object, target: object) -> None:
        calls.append(source)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError):
        writer.write(NEW, out)
    monkeypatch.undo()
    assert (out / writer.JOURNAL).exists()
    writer.write(OLD, out)  # finishes NEW first, then goes back to OLD
    assert generated(out) == OLD


def test_an_error_before_the_commit_leaves_the_old_tree_and_no_staging(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    before = tree(out)

    def no_space(self: Path, content: bytes) -> int:
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", no_space)
    with pytest.raises(OSError):
        writer.write(NEW, out)
    assert tree(out) == before
    run = cli("generate", "--spec", str(SPEC), "--out", str(out), "--force")
    assert run.code == 1
    assert "seamgen generate: cannot write " in run.err and "No space left on device" in run.err
    assert tree(out) == before


def test_orphaned_staging_folders_are_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    orphan = out / f"{writer.STAGING_PREFIX}dead"
    (orphan / "a").mkdir(parents=True)
    (orphan / "a" / "changed.txt").write_bytes(b"half")
    writer.write(NEW, out)
    assert not orphan.exists()
    assert generated(out) == NEW


def test_the_writer_refuses_paths_that_leave_the_output(tmp_path: Path) -> None:
    for bad in ("../escape.txt", "/abs.txt", "a/../../b.txt", "a//b.txt", f"x/{MANIFEST}", "a\\..\\b"):
        with pytest.raises(ValueError, match=r"outside the output folder|never generated files"):
            writer.write({bad: b"x"}, tmp_path / "out")
    assert sorted(tmp_path.iterdir()) == []


def test_refusals_touch_nothing(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("x")
    with pytest.raises(OutputRefused):
        writer.write(NEW, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_a_second_run_on_the_same_folder_waits_for_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    descriptor = os.open(out, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # as a run in progress holds it
    env = {**os.environ, writer.CRASH_AT: ""}
    files_json = json.dumps({key: value.decode() for key, value in NEW.items()})
    process = subprocess.Popen([sys.executable, "-c", WRITE, str(out), files_json], env=env)
    try:
        time.sleep(1.5)
        assert process.poll() is None
        assert generated(out) == OLD
    finally:
        os.close(descriptor)
    assert process.wait(timeout=60) == 0
    assert generated(out) == NEW


def listing(out: Path, extra: dict[str, bytes]) -> None:
    """Edit ``out``'s manifest to claim files seamgen did not write, as a hostile pull request could."""
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"].update({path: hashlib.sha256(content).hexdigest() for path, content in extra.items()})
    (out / MANIFEST).write_text(json.dumps(manifest))


@pytest.mark.parametrize("entry", ["../decoy.txt", "{tmp}/decoy.txt", "a/../../decoy.txt", ".git/HEAD", "", "a\\b"])
def test_a_manifest_naming_paths_outside_the_output_is_refused(tmp_path: Path, entry: str) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    decoy = tmp_path / "decoy.txt"
    decoy.write_bytes(b"precious")
    listing(out, {entry.format(tmp=tmp_path): b"precious"})
    with pytest.raises(ManifestError, match="not a seamgen manifest"):
        writer.write(NEW, out)
    assert decoy.read_bytes() == b"precious"
    assert generated(out) == OLD


def linked_elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    """An output of ``OLD`` whose folder ``a/link`` is a symlink to a folder of the user's, elsewhere."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    writer.write(OLD, out)
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_bytes(b"theirs")
    (out / "a" / "link").symlink_to(elsewhere)
    return out, elsewhere


def test_a_manifest_cannot_make_seamgen_delete_through_a_symlink_or_outside_its_folders(tmp_path: Path) -> None:
    out, elsewhere = linked_elsewhere(tmp_path)
    (out / "src").mkdir()
    (out / "src" / "app.py").write_bytes(b"user code")
    listing(out, {"a/link/keep.txt": b"theirs", "src/app.py": b"user code"})
    summary = writer.write(NEW, out)
    assert (elsewhere / "keep.txt").read_bytes() == b"theirs"
    assert (out / "src" / "app.py").read_bytes() == b"user code"
    assert summary.kept == {
        "a/link/keep.txt": "behind a symlinked folder, which may lead anywhere",
        "src/app.py": "outside the folders seamgen generates (a, b, c)",
    }


def test_a_journal_cannot_make_seamgen_delete_through_a_symlink(tmp_path: Path) -> None:
    out, elsewhere = linked_elsewhere(tmp_path)
    manifest = (out / MANIFEST).read_text()
    journal = {
        "staging": f"{writer.STAGING_PREFIX}x",
        "install": [],
        "remove": ["a/link/keep.txt"],
        "manifest": manifest,
    }
    (out / writer.JOURNAL).write_text(json.dumps(journal))
    writer.write(OLD, out)
    assert (elsewhere / "keep.txt").read_bytes() == b"theirs"


@pytest.mark.parametrize(
    "body", ["[]", "null", '"str"', '{"format": true, "files": {}}', '{"format": 1, "files": []}', "{"]
)
def test_a_damaged_manifest_is_a_clear_error(tmp_path: Path, body: str) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    (out / MANIFEST).write_text(body)
    with pytest.raises(
        ManifestError,
        match=r"not a seamgen manifest \((an object with format 1 expected|files must be an object|Expecting)",
    ):
        writer.write(NEW, out)
    assert generated(out) == OLD


def test_a_planted_journal_can_do_no_more_than_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write(OLD, out)
    (out / ".env").write_bytes(b"SECRET=1")
    (out / "a" / "mine.txt").write_bytes(b"mine")
    staging = out / f"{writer.STAGING_PREFIX}x"
    (staging / "a").mkdir(parents=True)
    (staging / "a" / "mine.txt").write_bytes(b"planted")
    manifest = (out / MANIFEST).read_text()
    journal = {"staging": staging.name, "install": [], "remove": [".env", "a/mine.txt"], "manifest": manifest}
    (out / writer.JOURNAL).write_text(json.dumps(journal))
    writer.write(OLD, out)
    assert (out / ".env").read_bytes() == b"SECRET=1"  # not listed in the manifest: never removed
    assert (out / "a" / "mine.txt").read_bytes() == b"mine"
    (out / writer.JOURNAL).write_text(json.dumps({**journal, "remove": [], "install": ["a/mine.txt"]}))
    staging.mkdir(exist_ok=True)
    (staging / "a").mkdir(exist_ok=True)
    (staging / "a" / "mine.txt").write_bytes(b"planted")
    with pytest.raises(ManifestError, match="is not what the run staged"):
        writer.write(OLD, out)
    assert (out / "a" / "mine.txt").read_bytes() == b"mine"
