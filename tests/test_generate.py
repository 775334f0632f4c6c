"""generate is deterministic; check catches every kind of drift and only that."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from seamgen import writer
from seamgen.manifest import MANIFEST
from seamgen.render import TEMPLATES
from tests.conftest import ROOT, SPEC, Run, tree


def test_committed_generated_tree_is_fresh(cli: Callable[..., Run]) -> None:
    run = cli("check", "--spec", str(SPEC), "--out", str(ROOT / "generated"))
    assert run.code == 0, run.out + run.err


def test_output_is_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
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
    files = {path for path in tree(out) if path != MANIFEST}
    per_folder = {folder: sum(path.startswith(f"{folder}/") for path in files) for folder in ("docs", "python")}
    assert first.out.splitlines()[:2] == [
        f"{folder}: {count} written, 0 unchanged, 0 removed" for folder, count in per_folder.items()
    ]
    assert first.out.splitlines()[-1].startswith(f"generated {len(files)} files into {out}/ in ")
    (out / "python" / "pyproject.toml").write_text("edited by hand")
    second = cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "renamed_pkg")
    package_files = sum(path.startswith("python/src/") for path in files)
    assert second.out.splitlines()[:2] == [
        f"docs: 0 written, {per_folder['docs']} unchanged, 0 removed",
        f"python: {package_files + 1} written, {per_folder['python'] - package_files - 1} unchanged, "
        f"{package_files} removed",
    ]


def test_unchanged_files_keep_their_modification_time(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    old = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert {p.stat().st_mtime for p in out.rglob("*") if p.is_file()} == {old}


def test_check_reports_changed_missing_and_extra_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "old_name")
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert cli("check", "--spec", str(SPEC), "--out", str(out)).code == 0
    package = next((out / "python" / "src").iterdir())
    (package / "py.typed").unlink()
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"]["python/src/old_name/models.py"] = "0" * 64  # a file an earlier run wrote, still there
    (out / MANIFEST).write_text(json.dumps(manifest))
    (out / "python" / "src" / "old_name").mkdir()
    (out / "python" / "src" / "old_name" / "models.py").write_text("x = 1\n")
    pyproject = out / "python" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('version = "1.0.0"', 'version = "0.9.0"'))
    run = cli("check", "--spec", str(SPEC), "--out", str(out))
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == f"{out}/ is stale: 2 changed, 1 missing, 1 extra"
    assert f"missing: {out}/python/src/{package.name}/py.typed" in lines
    assert f"extra: {out}/python/src/old_name/models.py" in lines
    assert "--- a/python/pyproject.toml" in lines
    assert '-version = "0.9.0"' in lines
    assert '+version = "1.0.0"' in lines
    assert f"--- a/{MANIFEST}" in lines


def test_check_ignores_user_files_tool_caches_and_the_generator_version(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    cache = next((out / "python" / "src").iterdir()) / "__pycache__" / "__init__.cpython-311.pyc"
    cache.parent.mkdir()
    cache.write_bytes(b"\0")
    (out / "python" / "NOTES.md").write_text("mine")
    manifest = json.loads((out / MANIFEST).read_text())
    (out / MANIFEST).write_text(json.dumps({**manifest, "generator": "seamgen 0.0.1"}, indent=2) + "\n")
    run = cli("check", "--spec", str(SPEC), "--out", str(out))
    assert run.code == 0, run.out


def test_check_follows_the_spec_content_not_its_formatting(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    cli("generate", "--spec", str(spec), "--out", str(out))
    spec.write_text("# a comment changes nothing\n" + SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("check", "--spec", str(spec), "--out", str(out)).code == 0
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("openapi: 3.1.0", "openapi: 3.1.1"), encoding="utf-8")
    stale = cli("check", "--spec", str(spec), "--out", str(out))
    assert stale.code == 1
    assert f"--- a/{MANIFEST}" in stale.out.splitlines()
    assert '-  "spec_sha256": "' in stale.out


def test_check_on_an_empty_folder_lists_every_file_as_missing(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--spec", str(SPEC), "--out", str(tmp_path / "none"))
    assert run.code == 1
    assert run.out.splitlines()[0].endswith(f"0 changed, {len(tree(ROOT / 'generated'))} missing, 0 extra")


def test_package_name_option_renames_the_package(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("generate", "--spec", str(SPEC), "--out", str(out), "--package-name", "acme_attempts").code == 0
    assert (out / "python" / "src" / "acme_attempts" / "__init__.py").is_file()
    assert 'packages = ["src/acme_attempts"]' in (out / "python" / "pyproject.toml").read_text()


def test_generated_code_that_does_not_compile_stops_the_run_naming_where(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    templates = tmp_path / "templates" / "python"
    templates.mkdir(parents=True)
    broken = (TEMPLATES / "python" / "client.py.j2").read_text() + "\n\nclass Broken:\n    def method(:\n"
    (templates / "client.py.j2").write_text(broken)
    out = tmp_path / "out"
    run = cli("generate", "--spec", str(SPEC), "--out", str(out), "--templates", str(tmp_path / "templates"))
    assert run.code == 1
    line = next(row for row in run.err.splitlines() if "does not compile" in row)
    assert re.match(
        r"python/src/\w+/client\.py:\d+: error: the generated code does not compile in Broken.method", line
    ), line
    assert "(rendered by python/client.py.j2;" in line
    assert not out.exists()


def test_check_reports_an_interrupted_run_that_generate_then_finishes(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out))
    staging = f"{writer.STAGING_PREFIX}killed"
    (out / staging).mkdir()
    journal = {"staging": staging, "install": [], "remove": [], "manifest": (out / MANIFEST).read_text()}
    (out / writer.JOURNAL).write_text(json.dumps(journal))
    stale = cli("check", "--spec", str(SPEC), "--out", str(out))
    assert stale.code == 1
    assert stale.out.splitlines()[0] == f"{out}/ holds an interrupted run: `seamgen generate` finishes it"
    finished = cli("generate", "--spec", str(SPEC), "--out", str(out))
    assert f"{out}/: finished the run that was interrupted there first" in finished.err
    assert not (out / writer.JOURNAL).exists() and not (out / staging).exists()
    assert cli("check", "--spec", str(SPEC), "--out", str(out)).code == 0
