"""Hostile specs through the command line: each is refused with a located finding (exit 1 or 2) or
generates; never a traceback. Reference loops, recursive types, unknown types, huge numbers, odd
paths and ports, and the two specs that once cost minutes (a union whose variants pin the same
hundreds of constants, an example against a backtracking pattern) within seconds.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL, SPEC, Run, generate_package, import_package, locate

Cli = Callable[..., Run]


def spec_with(schemas: str = "", widget_property: str = "") -> str:
    """MINIMAL with ``schemas`` added to ``components.schemas`` and a ``Widget`` property, which uses
    them (so no ``no-unused-components`` finding)."""
    text = MINIMAL.replace("\n  schemas:\n", "\n  schemas:\n" + textwrap.indent(textwrap.dedent(schemas), " " * 4))
    return text.replace(
        "        color:\n", textwrap.indent(textwrap.dedent(widget_property), " " * 8) + "        color:\n"
    )


def assert_clean_exit(run: Run, code: int) -> None:
    assert run.code == code, run.err
    assert "Traceback" not in run.err + run.out


def assert_located_error(run: Run, spec: Path, text: str, needle: str, rule: str, occurrence: int = 1) -> None:
    """Exit 1 and exactly one error, at ``needle`` and of ``rule``."""
    assert_clean_exit(run, 1)
    line, col = locate(text, needle, occurrence)
    errors = [line for line in run.out.splitlines() if ": error: " in line]
    assert len(errors) == 1, run.out
    assert errors[0].startswith(f"{spec}:{line}:{col}: error: ") and errors[0].endswith(f"[{rule}]"), run.out


LOOP_PROPERTY = """\
loop:
  $ref: "#/components/schemas/Loop"
"""


@pytest.mark.parametrize(
    "schemas",
    [
        'Loop:\n  $ref: "#/components/schemas/Loop"\n',
        'Loop:\n  $ref: "#/components/schemas/Other"\nOther:\n  $ref: "#/components/schemas/Loop"\n',
        'Loop:\n  description: All of itself.\n  allOf:\n    - $ref: "#/components/schemas/Loop"\n',
        'Loop:\n  anyOf:\n    - type: string\n    - $ref: "#/components/schemas/Loop"\n',
    ],
    ids=["own-ref", "mutual-refs", "allOf-of-itself", "anyOf-of-itself"],
)
def test_a_schema_that_contains_itself_in_place_is_one_located_error(
    cli: Cli, write_spec: Callable[[str], Path], schemas: str
) -> None:
    """The loop is reported once, at the reference that leads back to ``Loop``."""
    text = spec_with(schemas, LOOP_PROPERTY)
    spec = write_spec(text)
    run = cli("validate", str(spec))
    assert_located_error(run, spec, text, '"#/components/schemas/Loop"', "ref-resolves")
    assert_clean_exit(cli("generate", str(spec), "--out", str(spec.parent / "out")), 1)
    assert not (spec.parent / "out").exists()


def test_a_thousand_long_ref_chain_validates_and_generates(cli: Cli, tmp_path: Path) -> None:
    chain = "".join(f'C{i}:\n  $ref: "#/components/schemas/C{i + 1}"\n' for i in range(1000))
    text = spec_with(
        chain + "C1000:\n  type: string\n  description: The end.\n", 'far:\n  $ref: "#/components/schemas/C0"\n'
    )
    src = generate_package(tmp_path, text, "chained")
    widget = import_package(src, "chained").Widget
    assert widget.model_validate({"widget_id": "w", "far": "end"}).far == "end"


def test_a_recursive_json_value_generates_and_round_trips(tmp_path: Path) -> None:
    json_value = """\
    Json:
      description: Any JSON value.
      anyOf:
        - type: string
        - type: number
        - type: boolean
        - type: "null"
        - type: array
          items:
            $ref: "#/components/schemas/Json"
        - type: object
          additionalProperties:
            $ref: "#/components/schemas/Json"
    Node:
      type: object
      description: A tree.
      required: [name]
      properties:
        name:
          type: string
          description: Name.
        children:
          type: array
          description: Subtrees.
          items:
            $ref: "#/components/schemas/Node"
    """
    properties = 'data:\n  $ref: "#/components/schemas/Json"\ntree:\n  $ref: "#/components/schemas/Node"\n'
    src = generate_package(tmp_path, spec_with(json_value, properties), "recursive")
    widget = import_package(src, "recursive").Widget
    body = {
        "widget_id": "w1",
        "data": {"a": [1, 2.5, None, True, {"b": ["c", [[]]]}]},
        "tree": {"name": "root", "children": [{"name": "leaf", "children": [{"name": "deep"}]}]},
    }
    parsed = widget.model_validate_json(json.dumps(body))
    assert parsed.tree.children[0].children[0].name == "deep"
    assert json.loads(parsed.model_dump_json()) == body


def test_an_unknown_type_is_a_located_schema_error(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    text = spec_with(widget_property="size:\n  type: strng\n  description: Size.\n")
    spec = write_spec(text)
    assert_located_error(cli("validate", str(spec)), spec, text, "strng", "oas-schema")
    assert_clean_exit(cli("generate", str(spec), "--out", str(spec.parent / "out")), 1)


def test_a_schema_error_is_reported_once_at_its_node(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    text = re.sub(r"\n *description: The widget\.", "", MINIMAL)
    spec = write_spec(text)
    assert_located_error(cli("validate", str(spec)), spec, text, "content:", "oas-schema", 2)


def test_renaming_the_action_attempt_get_method_still_generates(cli: Cli, tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "x-fern-sdk-method-name: get\n" in text
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text.replace("x-fern-sdk-method-name: get\n", "x-fern-sdk-method-name: fetch\n"), encoding="utf-8")
    assert_clean_exit(cli("generate", str(spec), "--out", str(tmp_path / "out"), "--quiet"), 0)
    [resources] = (tmp_path / "out").rglob("resources.py")
    code = resources.read_text(encoding="utf-8")
    assert "def fetch(" in code and "def get(" not in code
    assert "wait_for_action_attempt" in code and "def poll_until_ready(" in code, "waiting polls the renamed method"


@pytest.mark.parametrize("route", ["/widgets/../../etc/get", "/" + "a" * 300 + "/get"], ids=["dot-dot", "long-segment"])
def test_odd_paths_generate_inside_the_output_folder(cli: Cli, tmp_path: Path, route: str) -> None:
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(MINIMAL.replace("  /widgets/get:\n", f"  {route}:\n"), encoding="utf-8")
    out = tmp_path / "spec" / "out"
    assert_clean_exit(cli("generate", str(spec), "--out", str(out), "--quiet"), 0)
    assert {p.name for p in tmp_path.iterdir()} == {"spec"}
    assert {p.name for p in spec.parent.iterdir()} == {"openapi.yaml", "out"}
    assert all(len(part.encode()) <= 255 for p in out.rglob("*") for part in p.relative_to(out).parts)


@pytest.mark.parametrize("name", ["openapi.yaml", "openapi.json"])
def test_a_five_thousand_digit_integer_is_a_located_error(cli: Cli, write_spec: Callable[..., Path], name: str) -> None:
    number = "9" * 5000
    text = spec_with(widget_property=f"count:\n  type: integer\n  description: Count.\n  example: {number}\n")
    if name.endswith(".json"):
        text = json.dumps(yaml.safe_load(text.replace(number, "0")), indent=1).replace(
            '"example": 0', f'"example": {number}'
        )
    spec = write_spec(text, name)
    run = cli("validate", str(spec))
    assert_clean_exit(run, 1)
    line, col = locate(text, number)
    assert run.out.startswith(f"{spec}:{line}:{col}: error: a number of 5000 digits is too long to read [yaml-limits]")


def test_a_dynamic_ref_does_not_crash(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    spec = write_spec(spec_with(widget_property='dyn:\n  $dynamicRef: "#meta"\n  description: Dynamic.\n'))
    run = cli("validate", str(spec))
    assert_clean_exit(run, 0)
    [warning] = [line for line in run.out.splitlines() if "[schema-supported]" in line]
    assert "$dynamicRef is not applied by the generated models: it is typed as any value" in warning
    assert_clean_exit(cli("generate", str(spec), "--out", str(spec.parent / "out"), "--quiet"), 0)


def test_an_output_folder_under_a_file_is_refused_by_name(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    spec = write_spec(MINIMAL)
    (spec.parent / "afile").write_text("mine", encoding="utf-8")
    run = cli("generate", str(spec), "--out", str(spec.parent / "afile" / "out"))
    assert run.code in (1, 2) and "Traceback" not in run.err
    assert "afile" in run.err
    assert (spec.parent / "afile").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_parent_folder_is_an_error_naming_it(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    spec = write_spec(MINIMAL)
    parent = spec.parent / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        run = cli("generate", str(spec), "--out", str(parent / "out"))
    finally:
        parent.chmod(0o755)
    assert run.code in (1, 2) and "Traceback" not in run.err
    assert "locked" in run.err and not (parent / "out").exists()


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's sysfs, where not even root makes a folder")
def test_a_folder_nobody_may_write_is_an_error_naming_it(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    """The read-only parent as root sees it (CI runs as root): sysfs refuses every new folder."""
    spec = write_spec(MINIMAL)
    out = Path("/sys/kernel/seamgen-out")
    run = cli("generate", str(spec), "--out", str(out))
    assert run.code in (1, 2) and "Traceback" not in run.err
    assert str(out) in run.err and not out.exists()


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(cli: Cli, port: str) -> None:
    run = cli("mock", str(SPEC), "--port", port)
    assert_clean_exit(run, 2)
    assert "--port" in run.err and port in run.err


def test_a_union_pinning_hundreds_of_shared_constants_is_cheap(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    """Both variants pin the same 400 properties to the same values: no set tells them apart (every
    set of up to three was tried: minutes), so the union is tried variant by variant, with a warning."""
    pinned = "".join(f"    p{i}:\n      const: {i}\n" for i in range(400))
    variants = "".join(f"{name}:\n  type: object\n  description: {name}.\n  properties:\n{pinned}" for name in "AB")
    union = 'Either:\n  description: A or B.\n  oneOf:\n    - $ref: "#/components/schemas/A"\n    - $ref: "#/components/schemas/B"\n'
    text = spec_with(variants + union, 'either:\n  $ref: "#/components/schemas/Either"\n')
    spec = write_spec(text)
    started = time.perf_counter()
    run = cli("validate", str(spec))
    took = time.perf_counter() - started
    assert_clean_exit(run, 0)
    line, col = locate(text, "oneOf")
    assert f"{spec}:{line}:{col}: warning: " in run.out and "[union-dispatch]" in run.out, run.out
    assert took < 20, f"validate took {took:.1f} s"


def test_a_union_is_told_apart_by_the_first_smallest_set(tmp_path: Path) -> None:
    """Three variants: ``kind`` alone cannot tell them apart, ``kind`` with ``mode`` can, and
    ``copy`` (the same split as ``kind``) changes nothing."""
    variants = ""
    for name, kind, mode in (("A", "x", 1), ("B", "x", 2), ("C", "y", 1)):
        props = "".join(f"    {p}:\n      const: {v}\n" for p, v in (("kind", kind), ("copy", kind), ("mode", mode)))
        variants += (
            f"{name}:\n  type: object\n  description: {name}.\n  required: [kind, copy, mode]\n  properties:\n{props}"
        )
    union = "Pick:\n  description: One.\n  oneOf:\n" + "".join(
        f'    - $ref: "#/components/schemas/{n}"\n' for n in "ABC"
    )
    src = generate_package(
        tmp_path, spec_with(variants + union, 'pick:\n  $ref: "#/components/schemas/Pick"\n'), "picky"
    )
    widget = import_package(src, "picky").Widget
    for kind, mode, name in (("x", 1, "A"), ("x", 2, "B"), ("y", 1, "C")):
        parsed = widget.model_validate({"widget_id": "w", "pick": {"kind": kind, "copy": kind, "mode": mode}})
        assert type(parsed.pick).__name__ == name


def test_an_example_against_a_backtracking_pattern_is_bounded(cli: Cli, write_spec: Callable[[str], Path]) -> None:
    """``re`` needs minutes for ``^(a|aa)+$`` on a hundred a's and a bang; the check gives up after a
    second and says the example is not checked, at the example. A plain mismatch is still one."""
    value = "a" * 100 + "!"
    text = spec_with(
        widget_property=f"code:\n  type: string\n  description: Code.\n  pattern: ^(a|aa)+$\n  example: '{value}'\n"
        "tag:\n  type: string\n  description: Tag.\n  pattern: ^[a-z]+$\n  example: 'B1'\n"
    )
    spec = write_spec(text)
    started = time.perf_counter()
    run = cli("validate", str(spec))
    took = time.perf_counter() - started
    assert_clean_exit(run, 0)
    line, col = locate(text, f"'{value}'")
    assert re.search(rf":{line}:{col}: warning: example is not checked: pattern .*backtracks", run.out), run.out
    line, col = locate(text, "'B1'")
    assert f":{line}:{col}: warning: example does not match its schema: 'B1' does not match" in run.out, run.out
    assert took < 20, f"validate took {took:.1f} s"
