"""YAML problems are findings with a position, never a traceback; YAML 1.1 traps are closed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from seamgen import loader
from seamgen.loader import LOADERS, MAX_DEPTH, SpecLoadError, parse
from tests.conftest import MINIMAL, Run, locate


@pytest.fixture(autouse=True, params=LOADERS, ids=lambda cls: cls.__name__)
def each_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on libyaml and on the pure-Python fallback: both must give the same positions."""
    monkeypatch.setattr(loader, "LOADERS", (request.param,))


def load_error(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(SpecLoadError) as caught:
        parse(text, "spec.yaml")
    found = caught.value.diagnostic
    return found.line, found.column, found.rule, found.message


def test_duplicate_key_is_refused_at_the_second_key() -> None:
    text = MINIMAL.replace("  title: Widgets API\n", "  title: Widgets API\n  title: Gadgets API\n")
    line, column, rule, message = load_error(text)
    assert (line, column) == locate(text, "title: Gadgets")
    assert rule == "yaml-duplicate-key"
    assert "first defined on line 3" in message


def test_tab_indentation_is_a_syntax_error_at_the_tab() -> None:
    text = MINIMAL.replace("  title: Widgets API", "\ttitle: Widgets API")
    line, column, rule, _ = load_error(text)
    assert (line, column, rule) == (*locate(text, "\ttitle"), "yaml-syntax")


def test_bad_indentation_is_a_syntax_error_with_its_line() -> None:
    text = MINIMAL.replace('  version: "1.0.0"', '   version: "1.0.0"')
    line, _, rule, _ = load_error(text)
    assert rule == "yaml-syntax"
    assert line == locate(text, "version")[0]


def test_python_tags_are_refused() -> None:
    line, column, _, message = load_error("openapi: !!python/object/apply:os.system [echo hi]\n")
    assert (line, column) == (1, 10)
    assert "not allowed" in message


def test_plain_scalars_follow_yaml_1_2_not_1_1() -> None:
    doc = parse("a: NO\nb: on\nc: 012\nd: 2026-01-01\ne: true\n200: x\nf: 1.5\n", "s.yaml").document
    assert doc == {"a": "NO", "b": "on", "c": 12, "d": "2026-01-01", "e": True, "200": "x", "f": 1.5}


def test_alias_bomb_is_capped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 9)
    ]
    _, _, rule, message = load_error("\n".join(lines) + "\n")
    assert rule == "yaml-limits"
    assert "alias" in message


def test_deep_nesting_is_capped() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"
    _, _, rule, _ = load_error(text)
    assert rule == "yaml-limits"


def test_positions_are_recorded_for_values_and_keys() -> None:
    spec = parse(MINIMAL, "spec.yaml")
    assert spec.position(("components", "schemas", "Widget", "required")) == locate(MINIMAL, "[widget_id]")
    assert spec.position(("components", "schemas", "Widget"), key=True) == locate(MINIMAL, "Widget:")
    assert spec.position(("paths", "/widgets/get", "post", "nope", "deeper")) == locate(MINIMAL, "operationId")


def test_invalid_utf8_is_reported_with_its_line(
    write_spec: Callable[[str], Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"openapi: 3.1.0\ninfo: \xff\n")
    run = cli("validate", "--spec", str(path))
    assert run.code == 1
    assert run.out.startswith(f"{path}:2:7: error: spec is not valid UTF-8 [yaml-syntax]")


def test_yaml_error_goes_through_the_cli_as_a_finding(
    write_spec: Callable[[str], Path], cli: Callable[..., Run]
) -> None:
    path = write_spec(MINIMAL.replace("  title: Widgets API\n", "  title: Widgets API\n  title: Again\n"))
    run = cli("validate", "--spec", str(path))
    assert run.code == 1
    assert run.out == f"{path}:4:3: error: duplicate key 'title' (first defined on line 3) [yaml-duplicate-key]\n"
    assert "Traceback" not in run.err


def test_missing_ref_target_goes_through_the_cli_with_its_position(
    write_spec: Callable[[str], Path], cli: Callable[..., Run]
) -> None:
    text = MINIMAL.replace('schemas/Widget"', 'schemas/Nothing"')
    path = write_spec(text)
    run = cli("generate", "--spec", str(path), "--out", str(path.parent / "out"))
    line, column = locate(text, '"#/components/schemas/Nothing"')
    assert run.code == 1
    assert (
        f"{path}:{line}:{column}: error: $ref '#/components/schemas/Nothing' points at nothing [ref-resolves]"
        in run.err
    )
    assert not (path.parent / "out").exists()


def json_error(text: str) -> tuple[int, int, str, str]:
    with pytest.raises(SpecLoadError) as caught:
        parse(text, "spec.json")
    found = caught.value.diagnostic
    return found.line, found.column, found.rule, found.message


def test_json_surrogate_pair_escapes_are_one_character() -> None:
    spec = parse('{"openapi": "3.1.0", "info": {"title": "Smile \\ud83d\\ude00", "version": "1"}}', "spec.json")
    assert spec.document["info"]["title"] == "Smile \U0001f600"


def test_json_positions_are_the_yaml_positions_of_the_same_text() -> None:
    """JSON is read by the json module; every value and key stands where YAML would put it."""
    text = json.dumps(yaml.safe_load(MINIMAL), indent=2) + "\n"
    text = text.replace('"title": "Widgets API"', '"title":"Widgets \\u00e9",   "x-k" :  [1, {"a\\"b": null}]')
    as_json = parse(text, "spec.json")
    as_yaml = loader._parse_yaml(text, "spec.json")
    assert as_json.document == as_yaml.document
    assert as_json.positions == as_yaml.positions
    assert as_json.key_positions == as_yaml.key_positions


def test_minified_json_gets_columns() -> None:
    text = json.dumps(yaml.safe_load(MINIMAL), separators=(",", ":"))
    spec = parse(text, "spec.json")
    assert spec.position(("components", "schemas", "Widget", "required")) == locate(text, '["widget_id"]')


JSON_ERRORS = [
    ('{"a": 1,\n "a": 2}', ('"a": 2', 1), "yaml-duplicate-key", "duplicate key 'a' (first defined on line 1)"),
    ('{"a": "\\ud83d"}', ('"\\ud83d"', 1), "yaml-syntax", "string holds an unpaired UTF-16 surrogate escape"),
    ('{"a": [NaN]}', ("NaN", 1), "yaml-syntax", "NaN is not a JSON value"),
    ('{"a": [1,\n  2 3]}', ("3", 1), "yaml-syntax", "Expecting ',' delimiter"),
    ('{"a": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}", ("[", MAX_DEPTH), "yaml-limits", f"nesting deeper than {MAX_DEPTH} levels"),
    ('["openapi"]', ("[", 1), "yaml-syntax", "spec must be a mapping at the top level"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "where", "rule", "message"), JSON_ERRORS, ids=[e[3] for e in JSON_ERRORS])
def test_json_problems_are_findings_with_positions(text: str, where: tuple[str, int], rule: str, message: str) -> None:
    assert json_error(text) == (*locate(text, *where), rule, message)


def test_very_deep_json_is_capped_not_a_recursion_error() -> None:
    text = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    _, _, rule, _ = json_error(text)
    assert rule == "yaml-limits"


def test_yaml_text_that_starts_like_json_is_still_yaml() -> None:
    assert parse("{openapi: 3.1.0, info: {title: T, version: '1'}}\n", "spec.yaml").document["openapi"] == "3.1.0"
