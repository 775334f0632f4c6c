"""Generator and generated code are held to one bar: ruff-clean and mypy --strict-clean."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run
from tests.test_model import OPENAPI_30, seam_style


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, cwd=cwd)


def test_ruff_is_clean_on_generator_tests_and_generated_code() -> None:
    done = run("ruff", "check", "--no-cache", "generator", "tests", "benchmarks", "generated/python")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_the_generator(tmp_path: Path) -> None:
    done = run("mypy", "--strict", "--cache-dir", str(tmp_path), "-p", "seamgen")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_the_generated_package(tmp_path: Path) -> None:
    package = ROOT / "generated" / "python" / "src"
    done = run("mypy", "--strict", "--cache-dir", str(tmp_path), "-p", "seam_action_attempts", cwd=package)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("spec_name", ["openapi_30", "seam_style"])
def test_code_generated_from_other_specs_is_clean_too(spec_name: str, tmp_path: Path, cli: Callable[..., Run]) -> None:
    """An OpenAPI 3.0 spec with nullables, and a Seam-style union with no endpoints, give clean packages."""
    text = (
        OPENAPI_30
        if spec_name == "openapi_30"
        else seam_style([(a, s) for a in ("LOCK_DOOR", "UNLOCK_DOOR") for s in ("pending", "error")])
    )
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text)
    out = tmp_path / "out"
    assert cli("generate", "--spec", str(spec), "--out", str(out), "--quiet").code == 0
    src = out / "python" / "src"
    [package] = [p.name for p in src.iterdir()]
    ruff = run("ruff", "check", "--no-cache", str(out / "python"))
    assert ruff.returncode == 0, ruff.stdout
    mypy = run("mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "-p", package, cwd=src)
    assert mypy.returncode == 0, mypy.stdout
