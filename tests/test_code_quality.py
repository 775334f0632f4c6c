"""Generator and generated code are held to one bar: ruff-clean and mypy --strict-clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, cwd=cwd)


def test_ruff_is_clean_on_generator_tests_and_generated_code() -> None:
    done = run("ruff", "check", "--no-cache", "generator", "tests", "benchmarks", "generated/python")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_the_generator(tmp_path: Path) -> None:
    done = run("mypy", "--strict", "--cache-dir", str(tmp_path), "generator")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_the_generated_package(tmp_path: Path) -> None:
    package = ROOT / "generated" / "python" / "src"
    done = run("mypy", "--strict", "--cache-dir", str(tmp_path), "-p", "seam_action_attempts", cwd=package)
    assert done.returncode == 0, done.stdout + done.stderr
