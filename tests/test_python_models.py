"""The generated models: every example round-trips, and a newer server cannot break them."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from seamgen.build import build
from seamgen.ir import Named
from seamgen.loader import load
from seamgen.pointers import Resolver, lookup
from seamgen.types import TypeBuilder
from seamgen.walk import examples
from tests.conftest import ROOT, SPEC, Run, add_action_type, add_event, add_property, import_package, spec_document
from tests.test_properties import validator

PENDING = {
    "status": "pending",
    "action_attempt_id": "5d3c2e1a-9b8f-4a7e-8d6c-0f1e2d3c4b5a",
    "action_type": "LOCK_DOOR",
    "result": None,
    "error": None,
}


def example_sites() -> list[tuple[str, Any, str]]:
    """(where, example, generated type name) for every example whose schema is a named type."""
    doc = load(SPEC).document
    resolver = Resolver(doc)
    types = TypeBuilder(resolver)
    for name in doc["components"]["schemas"]:
        types.component(name)
    sites = []
    for site in examples(doc, resolver):
        found = types.type_of(lookup(doc, site.schema_path), "Example")
        if isinstance(found, Named):
            sites.append(("/".join(map(str, site.path)), site.value, str(found.name)))
    return sites


SITES = example_sites()


def is_model(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A schema the package has a class for: an object, a union or an enum; not a scalar, a list or a nullable."""
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if any(variant.get("type") == "null" for variant in schema.get("oneOf", schema.get("anyOf", []))):
        return False
    return "enum" in schema or schema.get("type", "object") == "object"


def model_examples(doc: dict[str, Any]) -> list[str]:
    """Where the spec, read as plain data, gives an example of a model: a schema's own, or that of a
    parameter, header or body whose schema is a model."""
    found = []

    def visit(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            examples = node.get("examples")
            here = [(*path, "example")] if "example" in node else []
            if isinstance(examples, list):
                here += [(*path, "examples", str(index)) for index in range(len(examples))]
            elif isinstance(examples, dict):
                here += [(*path, "examples", str(name), "value") for name in examples]
            if here and is_model(doc, node.get("schema", node)):
                found.extend("/".join(where) for where in here)
            for key, value in node.items():
                if key not in ("example", "examples") and not str(key).startswith("x-"):
                    visit(value, (*path, str(key)))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                visit(item, (*path, str(index)))

    visit(doc, ())
    return found


def test_every_model_example_of_the_spec_is_covered() -> None:
    assert sorted(where for where, _, _ in SITES) == sorted(model_examples(spec_document()))


@pytest.mark.parametrize(("where", "example", "type_name"), SITES, ids=[s[0] for s in SITES])
def test_example_parses_into_its_class_and_dumps_back_unchanged(
    package: ModuleType, where: str, example: Any, type_name: str
) -> None:
    target = getattr(package, type_name)
    adapter: TypeAdapter[Any] = TypeAdapter(target)
    parsed = adapter.validate_python(copy.deepcopy(example))
    assert not type(parsed).__name__.startswith("Unknown"), "a documented variant must not land in the fallback"
    if isinstance(target, type):
        assert isinstance(parsed, target)
    assert adapter.dump_python(parsed, mode="json") == example
    assert adapter.validate_json(json.dumps(example)) == parsed


def test_action_attempt_dispatches_on_status(package: ModuleType) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(package.ActionAttempt)
    assert type(adapter.validate_python(PENDING)) is package.PendingActionAttempt
    success = {**PENDING, "status": "success", "result": {}}
    assert type(adapter.validate_python(success)) is package.SuccessfulActionAttempt
    failed = {**PENDING, "status": "error", "error": {"type": "device_offline", "message": "Offline"}}
    parsed = adapter.validate_python(failed)
    assert type(parsed) is package.FailedActionAttempt
    assert parsed.error.message == "Offline"


def test_event_union_dispatches_on_event_type(package: ModuleType) -> None:
    """Every webhook body the spec gives an example of parses into its event's class."""
    doc = spec_document()
    documented = []
    for webhook in doc["webhooks"].values():
        body = webhook["post"]["requestBody"]
        if "$ref" in body:
            body = doc["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[-1]]
        media = body["content"]["application/json"]
        if "example" in media:
            documented.append(media["schema"]["$ref"].rsplit("/", 1)[-1])
    adapter: TypeAdapter[Any] = TypeAdapter(package.ActionAttemptEvent)
    events = [(example, type_name) for _, example, type_name in SITES if type_name in documented]
    assert sorted(type_name for _, type_name in events) == sorted(documented)
    for example, type_name in events:
        assert type(adapter.validate_python(example)).__name__ == type_name


def test_enums_carry_their_values_and_descriptions(package: ModuleType) -> None:
    schemas = spec_document()["components"]["schemas"]
    assert [m.value for m in package.ActionAttemptStatus] == schemas["ActionAttemptStatus"]["enum"]
    assert [m.value for m in package.ActionType] == schemas["ActionType"]["enum"]
    assert package.ActionType.__doc__ == "Type of the action attempt."
    source = Path(package.models.__file__).read_text()
    assert 'LOCK_DOOR = "LOCK_DOOR"\n    """Lock a door."""' in source
    assert 'action_attempt_id: str\n    """ID of the action attempt.\n\n    Format: uuid' in source


def test_every_class_and_field_has_a_docstring(package: ModuleType) -> None:
    tree = ast.parse(Path(package.models.__file__).read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            assert ast.get_docstring(node), node.name
            body = node.body
            for index, statement in enumerate(body):
                if isinstance(statement, ast.AnnAssign | ast.Assign):
                    target = ast.unparse(
                        statement.target if isinstance(statement, ast.AnnAssign) else statement.targets[0]
                    )
                    following = body[index + 1] if index + 1 < len(body) else None
                    assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), (
                        f"{node.name}.{target}"
                    )


def test_class_names_are_spec_names_never_numbered(package: ModuleType) -> None:
    api = build(load(SPEC))
    assert set(api.types) <= set(package.__all__)
    assert not any(name[-1].isdigit() for name in package.__all__)


# Forward compatibility: the server may be newer than the client.
def test_unknown_action_type_keeps_its_string(package: ModuleType) -> None:
    parsed = TypeAdapter(package.ActionAttempt).validate_python({**PENDING, "action_type": "OPEN_GARAGE"})
    assert parsed.action_type == "OPEN_GARAGE"
    assert parsed.model_dump(mode="json")["action_type"] == "OPEN_GARAGE"
    known = TypeAdapter(package.ActionAttempt).validate_python(PENDING)
    assert known.action_type == package.ActionType.LOCK_DOOR
    assert known.action_type is package.ActionType.LOCK_DOOR


def test_unknown_status_parses_into_the_fallback_keeping_every_field(package: ModuleType) -> None:
    data = {**PENDING, "status": "cancelled", "cancelled_by": {"user": "u1"}}
    parsed = TypeAdapter(package.ActionAttempt).validate_python(data)
    assert type(parsed) is package.UnknownActionAttempt
    assert parsed.status == "cancelled"
    assert parsed.model_dump(mode="json") == data


def test_unknown_fields_are_kept_and_dumped_back(package: ModuleType) -> None:
    data = {**PENDING, "progress": 0.5, "nested": {"a": [1, None]}}
    parsed = TypeAdapter(package.ActionAttempt).validate_python(data)
    assert (parsed.progress, parsed.nested) == (0.5, {"a": [1, None]})
    assert parsed.model_dump(mode="json") == data
    envelope = package.GetActionAttemptResponse.model_validate_json(
        '{"action_attempt": {"status": "pending", "action_attempt_id": "x", "action_type": "LOCK_DOOR", "result": null, "error": null}, "ok": true, "warnings": []}'
    )
    assert envelope.model_dump(mode="json")["warnings"] == []


def test_ids_and_dates_need_not_match_their_format(package: ModuleType) -> None:
    parsed = TypeAdapter(package.ActionAttempt).validate_python({**PENDING, "action_attempt_id": "action_attempt1"})
    assert parsed.action_attempt_id == "action_attempt1"
    event = {"event_id": "e1", "event_type": "action_attempt.lock_door.succeeded", "workspace_id": "w", "action_attempt_id": "a",
             "action_type": "LOCK_DOOR", "status": "success", "created_at": "yesterday", "occurred_at": "2026-11-20T10:15:29.412Z"}  # fmt: skip
    assert (
        TypeAdapter(package.ActionAttemptEvent).dump_python(
            TypeAdapter(package.ActionAttemptEvent).validate_python(event), mode="json"
        )
        == event
    )


@pytest.mark.parametrize(
    "name",
    ["__dict__", "__class__", "__weakref__", "__slots__", "__dataclass_fields__", "__pydantic_fields__", "model_dump"],
)
def test_unknown_fields_with_python_names_are_kept_too(package: ModuleType, name: str) -> None:
    """pydantic stores unknown fields as attributes; names Python gives meaning to must not break that."""
    data = {**PENDING, name: {"kept": True}}
    adapter: TypeAdapter[Any] = TypeAdapter(package.ActionAttempt)
    parsed = adapter.validate_json(json.dumps(data))
    assert type(parsed) is package.PendingActionAttempt
    assert adapter.dump_python(parsed, mode="json") == data
    assert json.loads(adapter.dump_json(parsed)) == data


def test_equality_counts_unknown_fields(package: ModuleType) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(package.ActionAttempt)
    assert adapter.validate_python({**PENDING, "x": 1}) == adapter.validate_python({**PENDING, "x": 1})
    assert adapter.validate_python({**PENDING, "x": 1}) != adapter.validate_python({**PENDING, "x": 2})
    assert adapter.validate_python(PENDING) != adapter.validate_python({**PENDING, "x": 1})


def test_a_python_name_that_is_not_the_json_name_is_an_unknown_field(package: ModuleType) -> None:
    """``_errors`` is a field; a parameter named ``errors`` is just another key."""
    data = {"_errors": ["y"], "errors": {"_errors": ["x"]}}
    parsed = package.ValidationErrors.model_validate(data)
    assert parsed._errors == ["y"]
    assert parsed.errors == package.ValidationErrors(_errors=["x"])
    assert parsed.model_dump(mode="json") == data


def test_optional_fields_left_out_stay_out(package: ModuleType) -> None:
    body = {"error": {"type": "unauthorized", "message": "Unauthorized"}, "ok": False}
    parsed = package.ErrorResponse.model_validate(body)
    assert parsed.error.request_id is package.UNSET
    assert parsed.model_dump(mode="json") == body
    assert json.loads(parsed.model_dump_json()) == body


def test_null_is_an_error_where_the_spec_does_not_allow_it(package: ModuleType) -> None:
    with_null = {"error": {"type": "unauthorized", "message": "Unauthorized", "request_id": None}, "ok": False}
    assert not validator("ErrorResponse").is_valid(with_null)
    with pytest.raises(ValidationError) as caught:
        package.ErrorResponse.model_validate(with_null)
    assert ("error", "ApiError", "unauthorized", "request_id") in [e["loc"] for e in caught.value.errors()]


def test_an_optional_nullable_field_keeps_absent_and_null_apart(tmp_path: Path, cli: Callable[..., Run]) -> None:
    from tests.test_model import OPENAPI_30

    spec = tmp_path / "legacy.yaml"
    spec.write_text(OPENAPI_30)
    assert cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--quiet").code == 0
    module = import_package(tmp_path / "out" / "python" / "src", "legacy_things")
    base = {"name": None, "anything": None, "size": 3}
    for data in (base, {**base, "owner": None}, {**base, "owner": {"owner_id": "o"}}):
        thing = module.Thing.model_validate(data)
        assert thing.model_dump(mode="json") == data
    assert module.Thing.model_validate(base).owner is module.UNSET
    assert module.Thing.model_validate({**base, "owner": None}).owner is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action_attempt_id": None}, "action_attempt_id"),
        ({"action_attempt_id": 42}, "action_attempt_id"),
        ({"result": {}}, "result"),
        ({"error": "broken"}, "error"),
        ({"action_type": 7}, "action_type"),
    ],
)
def test_wrong_types_are_errors_naming_the_field(package: ModuleType, change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(package.ActionAttempt).validate_python({**PENDING, **change})
    assert any(field in map(str, error["loc"]) for error in caught.value.errors())


def test_missing_required_field_is_an_error_naming_it(package: ModuleType) -> None:
    data = dict(PENDING)
    del data["action_type"]
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(package.ActionAttempt).validate_json(json.dumps(data))
    errors = caught.value.errors()
    assert [(e["loc"], e["type"]) for e in errors] == [
        (("ActionAttempt", "pending", "action_type"), "missing"),
        (("UnknownActionAttempt",), "known_variant"),
    ]
    assert errors[1]["msg"] == "status='pending' selects a known variant; its errors say why the object does not parse"


def test_typed_unknown_fields_are_checked_where_they_are(package: ModuleType) -> None:
    """ValidationErrors types its unknown keys (one per parameter) as nested ValidationErrors."""
    good = {"_errors": [], "device": {"_errors": ["Required"], "name": {"_errors": ["Too long"]}}}
    parsed = package.ValidationErrors.model_validate(good)
    assert type(parsed.device) is package.ValidationErrors
    assert type(parsed.device.name) is package.ValidationErrors
    assert parsed.model_dump(mode="json") == good
    with pytest.raises(ValidationError) as caught:
        package.ValidationErrors.model_validate({"device": {"name": {"_errors": [7]}}})
    assert [e["loc"] for e in caught.value.errors()] == [("device", "name", "_errors", 0)]


def test_json_scalars_are_not_coerced(package: ModuleType) -> None:
    with pytest.raises(ValidationError):
        package.GetActionAttemptResponse.model_validate({"action_attempt": PENDING, "ok": "true"})


MAPPING_ONLY = """
openapi: 3.1.0
info: {title: Pets, version: "1", description: Pets.}
paths: {}
components:
  schemas:
    Pet:
      description: A pet.
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator:
        propertyName: kind
        mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}
    Cat:
      type: object
      description: A cat.
      required: [kind, dict]
      properties:
        kind: {type: string, description: Kind.}
        dict: {type: string, description: A property named like a builtin type.}
        str: {type: integer, description: Another one.}
    Dog:
      type: object
      description: A dog.
      required: [kind]
      properties:
        kind: {type: string, description: Kind.}
"""


def test_a_discriminator_named_only_in_its_mapping_dispatches(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Variants that type the property as a plain string still get a tagged union (pinned to their values)."""
    spec = tmp_path / "pets.yaml"
    spec.write_text(MAPPING_ONLY)
    assert cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--quiet").code == 0
    module = import_package(tmp_path / "out" / "python" / "src", "pets")
    adapter: TypeAdapter[Any] = TypeAdapter(module.Pet)
    cat = adapter.validate_json('{"kind": "cat", "dict": "d", "str": 5}')
    assert type(cat) is module.Cat
    assert (cat.dict_, cat.str_) == ("d", 5)
    assert adapter.dump_python(cat, mode="json") == {"kind": "cat", "dict": "d", "str": 5}
    assert type(adapter.validate_json('{"kind": "fish"}')) is module.UnknownPet
    with pytest.raises(ValidationError):
        adapter.validate_json('{"kind": "cat", "str": 5}')


def test_a_spec_without_unions_or_literals_gives_an_importable_package(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    spec = tmp_path / "plain.yaml"
    spec.write_text(
        MAPPING_ONLY.split("components:")[0]
        + "components:\n  schemas:\n    Note:\n      type: object\n      description: A note.\n"
        + "      properties:\n        text: {type: string, description: Text.}\n"
    )
    out = tmp_path / "out"
    assert cli("generate", "--spec", str(spec), "--out", str(out), "--package-name", "plain_notes", "--quiet").code == 0
    module = import_package(out / "python" / "src", "plain_notes")
    assert module.Note.model_validate({}).model_dump() == {}
    assert module.Note.model_validate({"text": "t"}).text == "t"


def test_generated_package_installs_with_pip(tmp_path: Path) -> None:
    target = tmp_path / "site"
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(target),
        str(ROOT / "generated" / "python"),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    check = [
        sys.executable,
        "-c",
        "import seam_action_attempts as p; print(p.ActionAttempt.__name__ if hasattr(p.ActionAttempt, '__name__') else 'alias', p.__version__)",
    ]
    installed = subprocess.run(
        check, capture_output=True, text=True, env={"PYTHONPATH": str(target), "PATH": ""}, cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.split()[-1] == "1.0.0"
    assert (target / "seam_action_attempts" / "py.typed").is_file()


def test_spec_edits_flow_into_importable_models(tmp_path: Path, cli: Callable[..., Run]) -> None:
    doc = load(SPEC).document
    add_action_type(doc, "OPEN_GARAGE", "Open a garage door.")
    add_property(
        doc,
        "SuccessfulActionAttempt",
        "completed_at",
        {"type": "string", "format": "date-time", "description": "When it completed."},
    )
    add_event(doc, "action_attempt.open_garage.succeeded", "GarageOpenedEvent", "A garage door opened.")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = tmp_path / "out"
    assert (
        cli("generate", "--spec", str(spec), "--out", str(out), "--package-name", "edited_attempts", "--quiet").code
        == 0
    )
    edited = import_package(out / "python" / "src", "edited_attempts")
    assert edited.ActionType("OPEN_GARAGE") is edited.ActionType.OPEN_GARAGE
    success = edited.SuccessfulActionAttempt.model_validate(
        {**PENDING, "status": "success", "result": {}, "completed_at": "2026-11-20T10:00:00Z"}
    )
    assert success.completed_at == "2026-11-20T10:00:00Z"
    event = TypeAdapter(edited.ActionAttemptEvent).validate_python({
        "event_id": "e", "event_type": "action_attempt.open_garage.succeeded", "workspace_id": "w", "action_attempt_id": "a",
        "action_type": "OPEN_GARAGE", "status": "success", "created_at": "c", "occurred_at": "o",
    })  # fmt: skip
    assert type(event) is edited.GarageOpenedEvent


def test_union_of_several_discriminator_properties_dispatches_in_one_step(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    from tests.test_model import seam_style

    pairs = [(a, s) for a in ("LOCK_DOOR", "UNLOCK_DOOR") for s in ("pending", "success")]
    spec = tmp_path / "seam.yaml"
    spec.write_text(seam_style(pairs))
    out = tmp_path / "out"
    assert (
        cli("generate", "--spec", str(spec), "--out", str(out), "--package-name", "seam_style_attempts", "--quiet").code
        == 0
    )
    module = import_package(out / "python" / "src", "seam_style_attempts")
    adapter: TypeAdapter[Any] = TypeAdapter(module.ActionAttempt)
    base = {"action_attempt_id": "a", "result": None}
    assert (
        type(adapter.validate_python({**base, "action_type": "UNLOCK_DOOR", "status": "pending"}))
        is module.ActionAttemptUnlockDoorPending
    )
    unknown = adapter.validate_python({**base, "action_type": "OPEN_GARAGE", "status": "pending", "extra": 1})
    assert type(unknown) is module.UnknownActionAttempt
    assert unknown.model_dump(mode="json") == {**base, "action_type": "OPEN_GARAGE", "status": "pending", "extra": 1}
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python({**base, "action_type": "UNLOCK_DOOR", "status": "pending", "action_attempt_id": 5})
    assert [e["loc"] for e in caught.value.errors()] == [
        ("ActionAttempt", "UNLOCK_DOOR", "pending", "action_attempt_id"),
        ("UnknownActionAttempt",),
    ]
    source = (out / "python" / "src" / "seam_style_attempts" / "models.py").read_text()
    assert 'Field(discriminator="action_type")' in source
    assert 'Field(discriminator="status")' in source
