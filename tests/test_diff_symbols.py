"""``seamgen diff``'s view of the generated client: each breaking (or potentially breaking) finding
names the generated symbols it touches, computed from the model of the side it stands in, and each
name is one the package generated from that side has."""

from __future__ import annotations

import copy
import dataclasses
import enum
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from seamgen.diff import symbols
from seamgen.diff.context import Pair
from seamgen.diff.findings import LEVELS, Finding, Level
from seamgen.diff.operations import compare_specs
from seamgen.diff.symbols import ANNOTATED, annotate
from seamgen.loader import parse
from tests.conftest import add_action_type, add_event, generate_package, import_package, spec_document
from tests.test_diff import REST, add_error_type, edit_both, new_pet, pet, rename_error_type, schemas

Edit = Callable[[dict[str, Any]], None]
Packages = tuple[ModuleType, ModuleType]  # generated from BASE and from HEAD
EVERY_LEVEL: frozenset[Level] = frozenset(LEVELS)


@dataclass
class Case:
    """An edit of a spec, and the symbols the findings it gives must name: literal names (the spec's
    own, or the issue's examples), and names looked up in the packages generated from each side."""

    id: str
    spec: str
    edit: Edit
    expected: list[str] = field(default_factory=list)
    derived: Callable[[Packages], list[str]] = lambda packages: []
    levels: frozenset[Level] = ANNOTATED


def member(model: type, attribute: str, value: str) -> str:
    """``Enum.MEMBER`` of ``value``, the enum being the type of ``model.attribute`` in the generated code."""
    hint = typing.get_type_hints(model)[attribute]
    enums = [t for t in _types(hint) if isinstance(t, type) and issubclass(t, enum.Enum)]
    return f"{enums[0].__name__}.{enums[0](value).name}"


def _types(hint: Any) -> list[Any]:
    return [hint, *(t for arg in typing.get_args(hint) for t in _types(arg))]


def error_class(package: ModuleType, code: str) -> str:
    """The generated error class of the error type ``code``, as the client picks it."""
    return str(package.errors.ERRORS_BY_CODE[code].__name__)


def union_body(doc: dict[str, Any]) -> None:
    """``POST /pets`` sends a NewPet or an Owner."""
    body = doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"oneOf": [{"$ref": "#/components/schemas/NewPet"}, {"$ref": "#/components/schemas/Owner"}]}


def drop_last_error_type(doc: dict[str, Any]) -> None:
    api_error = schemas(doc)["ApiError"]
    api_error["oneOf"].pop()
    api_error["discriminator"]["mapping"].popitem()


CASES = [
    # The issue's examples, pinned.
    Case("issue-property-renamed", "seam", rename_error_type, ["ActionAttemptError.type", "ActionAttemptError.error_code"]),
    Case("issue-parameter-retyped", "seam", lambda d: d["components"]["parameters"]["ActionAttemptIdQuery"]["schema"].update({"type": "integer", "format": "int64"}), ["seam.action_attempts.get(action_attempt_id=...)"]),
    # Properties: the model's field, and for a request body the call's keyword argument.
    Case("property-removed", "rest", lambda d: pet(d)["properties"].pop("tag"), ["Pet.tag"]),
    Case("property-became-optional", "rest", lambda d: pet(d).update({"required": ["id"]}), ["Pet.name"]),
    Case("inherited-property-became-optional", "seam", lambda d: schemas(d)["ErrorBase"].update({"required": ["type"]}), ["ErrorBase.message", "InvalidInputError.message", "UnauthorizedError.message"]),
    Case("request-property-added-required", "rest", lambda d: new_pet(d).update({"required": ["name", "age"], "properties": {**new_pet(d)["properties"], "age": {"type": "integer"}}}), ["NewPet.age", "pets.create_pet(age=...)"]),
    Case("seam-request-property-added-required", "seam", lambda d: schemas(d)["ListActionAttemptsRequest"].update({"required": ["action_attempt_ids", "limit"], "properties": {**schemas(d)["ListActionAttemptsRequest"]["properties"], "limit": {"type": "integer", "description": "At most this many."}}}), ["seam.action_attempts.list(limit=...)"]),
    # Parameters and operations: the call.
    Case("parameter-added-required", "rest", lambda d: d["paths"]["/pets"]["get"]["parameters"].append({"name": "offset", "in": "query", "required": True, "schema": {"type": "integer"}}), ["pets.list_pets(offset=...)"]),
    Case("parameter-renamed", "rest", lambda d: d["paths"]["/pets"]["get"]["parameters"][0].update({"name": "max"}), ["pets.list_pets(limit=...)", "pets.list_pets(max=...)"]),
    Case("operation-removed", "rest", lambda d: d["paths"]["/pets/{pet_id}"].pop("delete"), ["pets.delete_pet(...)"]),
    Case("path-removed", "rest", lambda d: d["paths"].pop("/pets/{pet_id}"), ["pets.get_pet(...)", "pets.delete_pet(...)"]),
    # Enum values: the member (a removed one as BASE names it).
    Case("enum-value-removed", "rest", lambda d: new_pet(d)["properties"]["breed"].update({"enum": ["dog"]}), ["pets.create_pet(breed=...)"], lambda p: [member(p[0].NewPet, "breed", "cat")]),
    Case("enum-value-added", "seam", lambda d: add_action_type(d, "BRAND_NEW_ACTION", "A new action."), [], lambda p: [f"ActionType.{p[1].ActionType('BRAND_NEW_ACTION').name}"]),
    # Union variants, error types and events: the class, and an error type's error class.
    Case("union-variant-removed", "rest", edit_both(union_body, lambda d: d["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"]["oneOf"].pop()), ["Owner", "pets.create_pet(body=...)"]),
    Case("error-type-added", "seam", add_error_type, ["RateLimitedError"], lambda p: [error_class(p[1], "rate_limited")]),
    Case("error-type-removed", "seam", drop_last_error_type, ["ActionAttemptNotFoundError"], lambda p: [error_class(p[0], "action_attempt_not_found")], EVERY_LEVEL),
    Case("event-added", "seam", lambda d: add_event(d, "action_attempt.scan.failed", "ActionAttemptScanFailedEvent", "A scan failed."), ["ActionAttemptScanFailedEvent"]),
]  # fmt: skip


def sides(case: Case) -> tuple[dict[str, Any], dict[str, Any]]:
    base = yaml.safe_load(REST) if case.spec == "rest" else spec_document()
    getattr(case.edit, "prepare", lambda d: None)(base)
    head = copy.deepcopy(base)
    case.edit(head)
    return base, head


def diff(
    base: dict[str, Any], head: dict[str, Any], levels: frozenset[Level] = ANNOTATED
) -> tuple[list[Finding], list[str]]:
    pair = Pair(
        parse(yaml.safe_dump(base, sort_keys=False), "base.yaml"),
        parse(yaml.safe_dump(head, sort_keys=False), "head.yaml"),
    )
    compare_specs(pair)
    notes = annotate(pair, levels)
    return pair.findings, notes


def packages(case: Case, tmp_path: Path, base: dict[str, Any], head: dict[str, Any]) -> Packages:
    """The packages generated from BASE and HEAD, each under an import name of its own."""
    built = []
    for side, document in (("base", base), ("head", head)):
        name = f"symbols_{side}_{case.id.replace('-', '_')}"
        (tmp_path / side).mkdir()
        text = yaml.safe_dump(without_examples(document), sort_keys=False)
        built.append(import_package(generate_package(tmp_path / side, text, name), name))
    return built[0], built[1]


def without_examples(node: Any, key: str = "") -> Any:
    """``node`` without its examples, which an edit may leave stale (lint rejects those) and which
    no generated name depends on; a property named ``example`` stays."""
    if isinstance(node, list):
        return [without_examples(item) for item in node]
    if not isinstance(node, dict):
        return node
    dropped = () if key == "properties" else ("example", "examples")
    return {k: without_examples(v, k) for k, v in node.items() if k not in dropped}


def resolve(package: ModuleType, symbol: str) -> Any:
    """What ``symbol`` names in ``package``: a call's method (which takes the keyword argument it
    names), a model's field, an enum's member, or a class."""
    if symbol.endswith(")"):
        target, argument = symbol[:-1].split("(")
        instance, *attributes = target.split(".")
        [client] = [getattr(package, n) for n in package.__all__ if n.lower() == instance.replace("_", "")]
        accepted = inspect.signature(client).parameters
        method = client(**({"api_key": "test"} if "api_key" in accepted else {}))
        for attribute in attributes:
            method = getattr(method, attribute)
        if argument != "..." and argument.removesuffix("=...") not in inspect.signature(method).parameters:
            raise KeyError(argument)
        return method
    name, _, attribute = symbol.partition(".")
    found = getattr(package, name)
    if not attribute:
        return found
    if issubclass(found, enum.Enum):
        return found[attribute]
    return {f.name: f for f in dataclasses.fields(found)}[attribute]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_finding_names_the_generated_symbols_it_touches(case: Case, tmp_path: Path) -> None:
    """Every annotated finding names something, the expected names among them; no other finding
    names anything; and each name is one the package generated from BASE or HEAD has."""
    base, head = sides(case)
    findings, notes = diff(base, head, case.levels)
    built = packages(case, tmp_path, base, head)
    named = [symbol for finding in findings for symbol in finding.symbols]
    assert notes == []
    assert findings and all(bool(f.symbols) == (f.level in case.levels) for f in findings), findings
    assert set(case.expected + case.derived(built)) <= set(named), named
    for symbol in named:
        resolved = []
        for package in built:
            try:
                resolved.append(resolve(package, symbol))
            except (AttributeError, KeyError, ValueError):
                continue
        assert resolved, f"{symbol} is in neither generated package"


def test_a_finding_below_the_levels_asked_for_names_nothing() -> None:
    """By default only breaking and potentially breaking findings are looked up."""
    [case] = [case for case in CASES if case.id == "error-type-removed"]
    findings, _ = diff(*sides(case))
    assert findings and all(bool(f.symbols) == (f.level in ANNOTATED) for f in findings)


def test_each_side_is_built_once_and_only_when_a_finding_needs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A removal stands in BASE alone: HEAD is never built; BASE is built once for two findings."""
    built: list[str] = []

    class Counting(symbols.Names):
        def __init__(self, spec: Any) -> None:
            built.append(spec.file)
            super().__init__(spec)

    monkeypatch.setattr(symbols, "Names", Counting)
    base = yaml.safe_load(REST)
    head = copy.deepcopy(base)
    pet(head)["properties"].pop("tag")
    new_pet(head)["properties"].pop("breed")
    findings, _ = diff(base, head)
    assert [f.side for f in findings] == ["base", "base"]
    assert all(f.symbols for f in findings)
    assert built == ["base.yaml"]


def test_a_side_that_cannot_be_built_leaves_a_note_not_a_traceback() -> None:
    """HEAD's responses are a list: no client can be built from it, so its findings name nothing and
    a note says why; BASE's findings are still named."""
    base = yaml.safe_load(REST)
    head = copy.deepcopy(base)
    pet(head).update({"required": ["id"]})
    head["paths"]["/pets"]["get"]["responses"] = ["not a response"]
    findings, notes = diff(base, head)
    assert [n.split(":")[0] for n in notes] == ["HEAD"]
    assert "generated names unavailable" in notes[0] and "head.yaml" in notes[0] and "seamgen validate" in notes[0]
    by_side = {f.side: f for f in findings if f.level == "breaking"}
    assert by_side["head"].symbols == ()
    assert by_side["base"].symbols == ("pets.list_pets(...)",)
