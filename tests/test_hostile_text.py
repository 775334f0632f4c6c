"""Spec text is data: whatever it holds, generated files keep their structure."""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
import tomllib
import yaml

from seamgen.filters import py_doc, py_str, toml_str
from seamgen.identity import package_version
from seamgen.loader import load
from seamgen.render import UnescapedSpecText, environment
from seamgen.text import SpecText, pascal, snake
from tests.conftest import SPEC, Run

PAYLOADS = [
    '"""\nimport os; os.system("echo pwned")\n"""',
    "line one\rimport os  # after a carriage return",
    "para\u2028graph\x85next\x0bvertical\x0cfeed",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
    "quote \" and backslash \\ and '\\' end\\",
    'ends with a quote"',
    "nul \x00 and bell \x07 and del \x7f",
    "'''; import os; '''",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_py_str_is_a_literal_of_exactly_the_text(payload: str) -> None:
    assert ast.literal_eval(py_str(payload)) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_py_doc_stays_inside_its_docstring(payload: str) -> None:
    source = f'def f():\n    """{py_doc(payload, indent=4)}"""\n'
    tree = ast.parse(source)
    [function] = tree.body
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 1
    docstring = ast.get_docstring(function, clean=False) or ""
    assert docstring.split() == payload.split(), "same words; only line breaks and wrapping may differ"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_toml_str_is_a_basic_string_of_exactly_the_text(payload: str) -> None:
    assert tomllib.loads(f"x = {toml_str(payload)}\n") == {"x": payload}


def test_identifiers_are_ascii_and_never_empty() -> None:
    assert snake("ﬁeld Name") == "field_name"
    assert pascal("../etc/passwd") == "EtcPasswd"
    assert snake("名前") == "value"
    assert snake("2fa") == "_2_fa"
    assert pascal("LOCK_DOOR") == "LockDoor"


def test_templates_cannot_print_spec_text_without_a_filter(tmp_path: Path) -> None:
    (tmp_path / "raw.j2").write_text("{{ text }}")
    (tmp_path / "escaped.j2").write_text("{{ text|py_str }}")
    env = environment({"py_str": py_str}, tmp_path)
    with pytest.raises(UnescapedSpecText):
        env.get_template("raw.j2").render(text=SpecText("x"))
    assert env.get_template("escaped.j2").render(text=SpecText("x")) == '"x"'
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("escaped.j2").render()


def structure(source: str) -> str:
    """The syntax tree with every string constant blanked: what the code does, not what it says."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


def poison(node: object, payload: str) -> None:
    """Put ``payload`` into every description and enum-value description of the spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                node[key] = payload
            elif key == "x-enumDescriptions" and isinstance(value, dict):
                node[key] = dict.fromkeys(value, payload)
            else:
                poison(value, payload)
    elif isinstance(node, list):
        for item in node:
            poison(item, payload)


def test_hostile_spec_text_does_not_change_generated_code(tmp_path: Path, cli: Callable[..., Run]) -> None:
    clean_out, hostile_out = tmp_path / "clean", tmp_path / "hostile"
    assert cli("generate", "--spec", str(SPEC), "--out", str(clean_out), "--quiet").code == 0
    doc = copy.deepcopy(load(SPEC).document)
    payload = "".join(PAYLOADS)
    poison(doc, payload)
    doc["info"]["title"] = payload
    doc["info"]["version"] = payload
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert cli("generate", "--spec", str(hostile), "--out", str(hostile_out), "--quiet").code == 0
    clean_files = sorted(p.relative_to(clean_out) for p in clean_out.rglob("*.py"))
    assert clean_files == sorted(p.relative_to(hostile_out) for p in hostile_out.rglob("*.py"))
    for relative in clean_files:
        assert structure((hostile_out / relative).read_text()) == structure((clean_out / relative).read_text())
    project = tomllib.loads((hostile_out / "python" / "pyproject.toml").read_text())
    assert project["project"]["description"] == payload
    assert project["project"]["version"] == package_version(payload)  # PEP 440 has no room for prose
    package = hostile_out / "python" / "src"
    code = "import seam_action_attempts as p; print(repr(p.__version__))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=package)
    assert done.returncode == 0, done.stderr
    assert ast.literal_eval(done.stdout) == payload
