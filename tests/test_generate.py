"""generate is deterministic and atomic; check catches every kind of drift."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seamgen import writer
from tests.conftest import ROOT, SPEC, Run


def tree(root: Path) -> dict[str, bytes]:
    """The output files under ``root`` (tool caches aside, as ``check`` sees them) and their bytes."""
    return {relative: path.read_bytes() for relative, path in writer.existing_files(root).items()}


def test_committed_generated_tree_is_fresh(cli: Callable[..., Run]) -> None:
    run = cli("check", "--spec", str(SPEC), "--out", str(ROOT / "generated"))
    assert run.code == 0, run.out + run.err


def test_output_is_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "seamgen", "generate", "--spec", str(SPEC), "--out", str(out), "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == ""
        outputs.append(tree(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] == tree(ROOT / "generated")


def test_summary_counts_written_unchanged_and_removed(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = cli("generate", "--spec", str(SPEC), "--out", str(out))
    files = tree(out)
    per_folder = {folder: sum(path.startswith(f"{folder}/") for path in files) for folder in ("docs", "python")}
    assert first.out.splitlines()[:2] == [
        f"{folder}: {count} written, 0 unchanged, 0 removed" for folder, count in per_folder.items()
    ]
    assert first.out.splitlines()[-1].startswith(f"generated {len(files)} files into {out}/ in ")
    (out / "python" / "stray.txt").write_text("left over")
    (out / "python" / "pyproject.toml").write_text("edited by hand")
    second = cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert second.out.splitlines()[:2] == [
        f"docs: 0 written, {per_folder['docs']} unchanged, 0 removed",
        f"python: 1 written, {per_folder['python'] - 1} unchanged, 1 removed",
    ]
    assert not (out / "python" / "stray.txt").exists()


def test_unchanged_files_keep_their_modification_time(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    old = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert {p.stat().st_mtime for p in out.rglob("*") if p.is_file()} == {old}


def test_failure_mid_write_leaves_previous_output_untouched(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    (out / "python" / "pyproject.toml").write_text("previous output")
    before = tree(out)
    real_stage = writer._stage
    calls = []

    def failing_stage(*args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_stage(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "_stage", failing_stage)
    with pytest.raises(OSError):
        cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failure_during_swap_restores_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    writer.write({"a/x.txt": b"old"}, out)
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if str(src).startswith(str(tmp_path / ".out.staging-")):
            raise OSError(5, "I/O error")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(writer.os, "rename", rename)
    with pytest.raises(OSError):
        writer.write({"a/x.txt": b"new"}, out)
    assert tree(out) == {"a/x.txt": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_writer_refuses_paths_that_leave_the_output(tmp_path: Path) -> None:
    for bad in ("../escape.txt", "/abs.txt", "a/../../b.txt", "a//b.txt"):
        with pytest.raises(ValueError, match="outside the output folder"):
            writer.write({bad: b"x"}, tmp_path / "out")
    assert not (tmp_path / "escape.txt").exists()


def test_check_reports_changed_missing_and_extra_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert cli("check", "--spec", str(SPEC), "--out", str(out)).code == 0
    package = next((out / "python" / "src").iterdir())
    (package / "py.typed").unlink()
    (out / "python" / "extra.py").write_text("x = 1\n")
    pyproject = out / "python" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "1.0.0"', 'version = "0.9.0"'))
    run = cli("check", "--spec", str(SPEC), "--out", str(out))
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == f"{out}/ is stale: 1 changed, 1 missing, 1 extra"
    assert f"missing: {out}/python/src/{package.name}/py.typed" in lines
    assert f"extra: {out}/python/extra.py" in lines
    assert "--- a/python/pyproject.toml" in lines
    assert '-version = "0.9.0"' in lines
    assert '+version = "1.0.0"' in lines


def test_tool_caches_in_the_output_are_not_drift(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    cache = next((out / "python" / "src").iterdir()) / "__pycache__" / "__init__.cpython-311.pyc"
    cache.parent.mkdir()
    cache.write_bytes(b"\0")
    assert cli("check", "--spec", str(SPEC), "--out", str(out)).code == 0


def test_check_on_an_empty_folder_lists_every_file_as_missing(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--spec", str(SPEC), "--out", str(tmp_path / "none"))
    assert run.code == 1
    assert run.out.splitlines()[0].endswith(f"0 changed, {len(tree(ROOT / 'generated'))} missing, 0 extra")


def test_package_name_option_renames_the_package(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "acme_attempts").code == 0
    assert (out / "python" / "src" / "acme_attempts" / "__init__.py").is_file()
    assert 'packages = ["src/acme_attempts"]' in (out / "python" / "pyproject.toml").read_text()
