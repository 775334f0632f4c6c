"""The command line: output formats, exit codes and options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINIMAL, ROOT, Run, locate

# Under Seam's house rules (not the default ruleset), a bad example is an error and a missing description a warning.
SEAM_MINIMAL = MINIMAL.replace("paths:\n", "x-seamgen:\n  lint:\n    ruleset: seam\npaths:\n", 1)
BROKEN = SEAM_MINIMAL.replace("color: red\n", "color: green\n").replace("      description: Returns a widget.\n", "")


def test_our_spec_validates_clean(cli: Callable[..., Run]) -> None:
    run = cli("validate", "--spec", str(ROOT / "spec" / "openapi.yaml"), "--strict")
    assert (run.code, run.out) == (0, "")
    assert "0 errors, 0 warnings" in run.err


def test_text_format_is_file_line_col_severity_message_rule(
    cli: Callable[..., Run], write_spec: Callable[[str], Path]
) -> None:
    path = write_spec(BROKEN)
    run = cli("validate", "--spec", str(path))
    line, column = locate(BROKEN, "green")
    post = locate(BROKEN, "post:")
    assert run.code == 1
    assert run.out.splitlines() == [
        f"{path}:{post[0]}:{post[1]}: warning: operation POST /widgets/get has no description [description-present]",
        f"{path}:{line}:{column}: error: example does not match its schema: 'green' is not one of ['red', 'blue'] [example-valid]",
    ]
    assert run.err.strip() == f"{path}: 1 error, 1 warning"


def test_warnings_alone_pass_unless_strict(cli: Callable[..., Run], write_spec: Callable[[str], Path]) -> None:
    path = write_spec(SEAM_MINIMAL.replace("      description: Returns a widget.\n", ""))
    assert cli("validate", "--spec", str(path)).code == 0
    assert cli("validate", "--spec", str(path), "--strict").code == 1


def test_github_format_annotates_each_line(cli: Callable[..., Run], write_spec: Callable[[str], Path]) -> None:
    path = write_spec(BROKEN)
    run = cli("validate", "--spec", str(path), "--format", "github")
    line, column = locate(BROKEN, "green")
    assert run.code == 1
    assert (
        f"::error file={path},line={line},col={column},title=example-valid::example does not match its schema: "
        "'green' is not one of ['red', 'blue']"
    ) in run.out.splitlines()
    assert run.err == ""


def test_json_format_is_a_list_of_findings(cli: Callable[..., Run], write_spec: Callable[[str], Path]) -> None:
    path = write_spec(BROKEN)
    run = cli("validate", "--spec", str(path), "--format", "json")
    found = json.loads(run.out)
    assert run.code == 1
    assert {(f["severity"], f["rule"]) for f in found} == {
        ("error", "example-valid"),
        ("warning", "description-present"),
    }
    assert set(found[0]) == {"file", "line", "column", "severity", "message", "rule"}


def test_unreadable_spec_and_bad_usage_exit_2(cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = cli("validate", "--spec", str(tmp_path / "nope.yaml"))
    assert missing.code == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: error: cannot read spec" in missing.err
    assert cli("validate", "--format", "xml").code == 2
    assert cli("frobnicate").code == 2
    bad_name = cli("generate", "--package-name", "not-valid")
    assert bad_name.code == 2
    assert "--package-name" in bad_name.err


def test_console_script_and_module_entry_point_agree(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    module = subprocess.run(
        [sys.executable, "-m", "seamgen", "--version"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    script = subprocess.run(
        [Path(sys.executable).parent / "seamgen", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout
    assert module.stdout.startswith("seamgen ")
