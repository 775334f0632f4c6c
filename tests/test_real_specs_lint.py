"""Shapes of real public specs that used to crash or mislead ``seamgen validate``, each on a small
hand-written spec: located findings, never a traceback."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from seamgen.diagnostics import Diagnostic
from seamgen.lint import lint
from seamgen.lint.severity import RULESETS
from seamgen.loader import parse
from tests.conftest import MINIMAL, Run, locate


def findings(text: str, name: str = "spec.yaml") -> list[Diagnostic]:
    return lint(parse(text, name), RULESETS["recommended"])


def rules_at(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    return [(d.rule, d.severity, (d.line, d.column)) for d in findings(text)]


PARAMETER = "{name: widget_id, in: path, required: true, schema: {type: string}}"


def with_operation(route: str, *parameters: str) -> str:
    """MINIMAL with one more operation, ``GET route`` with ``parameters`` (flow mappings)."""
    listed = "".join(f"        - {parameter}\n" for parameter in parameters)
    operation = (
        f"  {route}:\n    get:\n      operationId: op{len(route)}\n      description: An operation.\n"
        f"      parameters:\n{listed}" + '      responses:\n        "200":\n          description: Done.\n'
    )
    return MINIMAL.replace("components:\n", operation + "components:\n", 1)


def test_a_path_with_a_percent_sign_is_checked_like_any_other(
    cli: Callable[..., Run], write_spec: Callable[[str], Path]
) -> None:
    text = with_operation("/a%20b/{widget_id}", PARAMETER.replace("type: string}", "type: string}, example: 5"))
    assert rules_at(text) == [("example-valid", "warning", locate(text, "5}"))]
    run = cli("validate", str(write_spec(text)))
    assert (run.code, "Traceback" in run.err) == (0, False)


def test_paths_that_are_not_a_mapping_are_a_schema_error_not_a_crash() -> None:
    text = MINIMAL.split("paths:\n")[0] + "paths: 3\n"
    assert rules_at(text) == [("oas-schema", "error", locate(text, "3\n"))]


SEMANTIC = [
    # a path variable no parameter declares, at the operation
    (with_operation("/widgets/{widget_id}/{part}", PARAMETER), "path parameter 'part' is not declared", ("get:\n      operationId: op", 1)),
    # a path parameter the path does not have, at the parameter
    (with_operation("/widgets/paint", PARAMETER), "path parameter 'widget_id' is not in the path '/widgets/paint'", ("{name: widget_id", 1)),
    # the same parameter twice
    (with_operation("/widgets/{widget_id}", PARAMETER, PARAMETER), "parameter 'widget_id' in path is already listed on line", ("{name: widget_id", 2)),
    # a Schema Object that is not a schema
    (MINIMAL.replace("          description: Color of the widget.\n", "          description: Color of the widget.\n          minLength: -1\n"), "-1 is less than the minimum of 0", ("-1", 1)),
    # a pattern that is not a regular expression
    (MINIMAL.replace("          description: Color of the widget.\n", "          description: Color of the widget.\n          pattern: '(['\n"), "'([' is not a 'regex'", ("'(['", 1)),
    # a schema in a dialect nobody here knows
    (MINIMAL.replace("    Widget:\n      type: object\n", "    Widget:\n      $schema: urn:unknown\n      type: object\n"), "unknown JSON Schema dialect 'urn:unknown'", ("$schema: urn", 1)),
    # a tag named twice
    (MINIMAL.replace("paths:\n", "tags:\n  - name: widgets\n  - name: widgets\npaths:\n"), "tag 'widgets' is already listed on line", ("widgets\npaths", 1)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message", "where"), SEMANTIC, ids=[s[1].split(" ")[0] + str(i) for i, s in enumerate(SEMANTIC)])
def test_what_openapi_asks_beyond_its_schema_is_a_located_error(text: str, message: str, where: tuple[str, int]) -> None:
    found = [d for d in findings(text) if d.rule == "oas-schema"]
    assert len(found) == 1, [d.text() for d in found]
    assert message in found[0].message
    assert (found[0].line, found[0].column, found[0].severity) == (*locate(text, *where), "error")


def test_a_default_that_breaks_its_schema_is_an_example_finding() -> None:
    text = MINIMAL.replace("          enum: [red, blue]\n", "          enum: [red, blue]\n          default: green\n")
    assert [(d.rule, d.message) for d in findings(text)] == [
        ("example-valid", "default does not match its schema: 'green' is not one of ['red', 'blue']")
    ]


def test_a_json_spec_with_emoji_escapes_validates(cli: Callable[..., Run], write_spec: Callable[..., Path]) -> None:
    import yaml

    document = yaml.safe_load(MINIMAL)
    document["info"]["description"] = "Widgets \U0001f600"
    text = json.dumps(document, indent=2)  # ensure_ascii: "\ud83d\ude00"
    assert "\\ud83d\\ude00" in text
    run = cli("validate", str(write_spec(text, "openapi.json")))
    assert (run.code, run.out) == (0, "")


def test_a_repeated_enum_value_in_openapi_3_0_is_one_finding_at_the_repeat() -> None:
    """OpenAPI 3.0's meta-schema wants unique enum values too; Stripe's published spec repeats one."""
    text = MINIMAL.replace("openapi: 3.1.0", "openapi: 3.0.3").replace("enum: [red, blue]", "enum: [red, blue, red]")
    assert rules_at(text) == [("enum-unique", "warning", locate(text, "red]"))]


MULTI_FILE = {
    "openapi.yaml": """\
        openapi: 3.1.0
        info: {title: Pets, version: "1.0"}
        paths:
          /pets:
            $ref: "./paths/pets.yaml"
        components:
          schemas:
            Pet:
              $ref: "./schemas/pet.yaml"
        """,
    "paths/pets.yaml": """\
        get:
          operationId: listPets
          parameters:
            - {name: limit, in: query, schema: {type: integer}}
          responses:
            "200":
              description: The pets.
              content:
                application/json:
                  schema: {type: array, items: {$ref: "../schemas/pet.yaml"}}
                  example: [{name: 5}]
        """,
    "schemas/pet.yaml": """\
        type: object
        required: [name]
        properties:
          name: {type: string}
          owner: {$ref: "owner.yaml#/Owner"}
        """,
    # refers back to the first file: a cycle
    "schemas/owner.yaml": """\
        Owner:
          type: object
          properties:
            pets: {type: array, items: {$ref: "../openapi.yaml#/components/schemas/Pet"}}
        """,
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "openapi.yaml"


def test_a_multi_file_spec_is_bundled_with_positions_in_each_file(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, MULTI_FILE)
    monkeypatch.chdir(tmp_path)
    run = cli("validate", "openapi.yaml")
    where = locate(textwrap.dedent(MULTI_FILE["paths/pets.yaml"]), "5}]")
    assert (run.code, run.out) == (0, f"paths/pets.yaml:{where[0]}:{where[1]}: warning: example does not match its schema: 5 is not of type 'string' [example-valid]\n")
    assert cli("generate", "openapi.yaml", "--out", "out", "--quiet").code == 0
    assert cli("check", "openapi.yaml", "--out", "out").code == 0
    (tmp_path / "schemas" / "owner.yaml").write_text(textwrap.dedent(MULTI_FILE["schemas/owner.yaml"]) + "    description: Owns pets.\n")
    assert cli("check", "openapi.yaml", "--out", "out").code == 1  # the manifest's spec hash covers every file


REFUSED = [
    ("https://example.com/pet.yaml", "is a URL: seamgen reads only files in the spec's folder"),
    ("../outside.yaml", "is outside the spec's folder"),
    ("./nope.yaml", "no such file nope.yaml"),
    ("./schemas/pet.yaml#/nothing", "points at nothing in schemas/pet.yaml"),
]


@pytest.mark.parametrize(("ref", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_reference_that_cannot_be_read_is_a_located_error(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref: str, message: str
) -> None:
    files = {**MULTI_FILE, "openapi.yaml": MULTI_FILE["openapi.yaml"].replace("./schemas/pet.yaml", ref)}
    (tmp_path / "outside.yaml").write_text("type: object\n")
    write_files(tmp_path / "api", files)
    monkeypatch.chdir(tmp_path / "api")
    run = cli("validate", "openapi.yaml")
    where = locate(textwrap.dedent(files["openapi.yaml"]), ref)
    assert run.code == 1
    assert run.out.startswith(f"openapi.yaml:{where[0]}:{where[1] - 1}: error: $ref {ref!r}")
    assert message in run.out and "[ref-resolves]" in run.out
