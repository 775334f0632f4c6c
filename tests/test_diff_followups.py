"""``seamgen diff`` after a new user's review: operationIds, component schemas, path parameters
renamed, deprecation, array items, the findings a type change implies, the names a finding gives,
``--generated`` re-exports, and ``--suggest-version``'s formats.

oasdiff's ids and levels are cited as in ``tests/test_diff.py``: read in ``checker/rules.go`` and the
``checker/check_*.go`` that emit them, at github.com/oasdiff/oasdiff 4553c69d.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run, generate_package, git
from tests.test_diff import (
    INFO,
    REST,
    B,
    Case,
    N,
    Oasdiff,
    P,
    assert_case,
    citations,
    edit_both,
    new_pet,
    pet,
    rename,
    retype,
    schemas,
    write_pair,
)
from tests.test_diff import test_our_level_is_oasdiffs_or_says_why as level_is_oasdiffs_or_says_why
from tests.test_diff import test_our_rule_id_is_oasdiffs_or_says_why as rule_is_oasdiffs_or_says_why

GET_PET = ("/pets/{pet_id}", "get")
METHOD_RENAMED = (
    "the generated client names the method after the operationId, so calls to the old name raise "
    "AttributeError; oasdiff rates every operationId change INFO"
)
OTHER_GENERATORS = (
    "seamgen's method name is unchanged (x-fern-sdk-method-name names it), but clients of generators that name "
    "methods after the operationId break; oasdiff rates every operationId change INFO"
)
MODEL_GONE = (
    "the generated package exports a model class for the component, so code that imports it fails with "
    "ImportError even where no operation used it; oasdiff does not look at generated code"
)


def operation(doc: dict[str, Any], route: str, method: str) -> dict[str, Any]:
    return doc["paths"][route][method]  # type: ignore[no-any-return]


def referring(doc: dict[str, Any], old: str, new: str) -> None:
    """Rename the component schema ``old`` to ``new``, in place, with every ``$ref`` to it."""
    doc["components"]["schemas"] = rename(schemas(doc), old, new)
    text = json.dumps(doc).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    doc.update(json.loads(text))


def rename_route(doc: dict[str, Any], old: str, new: str) -> None:
    """Rename the path ``old`` to ``new``, in place, and its path parameter with it."""
    doc["paths"] = rename(doc["paths"], old, new)
    for parameter in doc["paths"][new].get("parameters", []):
        parameter["name"] = new.rsplit("{", 1)[1].rstrip("}")


def with_photos(doc: dict[str, Any]) -> None:
    """``Pet.photoUrls``: an array of strings; ``Pet.tags``: an array of inline objects."""
    pet(doc)["properties"]["photoUrls"] = {"type": "array", "items": {"type": "string"}}
    pet(doc)["properties"]["tags"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"name": {"type": "string"}}},
    }


def pet_sent_and_read(doc: dict[str, Any]) -> None:
    """``POST /pets`` sends a Pet (and answers one): Pet's properties travel both ways."""
    body = operation(doc, "/pets", "post")["requestBody"]["content"]["application/json"]
    body["schema"] = {"$ref": "#/components/schemas/Pet"}


CASES = [
    # 1. operationId: the generated method is named after it (REST), or not (Seam: x-fern-sdk-method-name).
    Case("operation-id-changed", lambda d: operation(d, *GET_PET).update({"operationId": "fetchPet"}), [("api-operation-id-removed", B)], ("head", "operationId: fetchPet", 1), oasdiff=Oasdiff("api-operation-id-removed", INFO, why_level=METHOD_RENAMED)),
    Case("operation-id-removed", lambda d: operation(d, *GET_PET).pop("operationId"), [("api-operation-id-removed", B)], ("base", "operationId: getPet", 1), oasdiff=Oasdiff("api-operation-id-removed", INFO, why_level=METHOD_RENAMED)),
    Case("operation-id-added", edit_both(lambda d: operation(d, *GET_PET).pop("operationId"), lambda d: operation(d, *GET_PET).update({"operationId": "getPet"})), [("api-operation-id-added", B)], ("head", "operationId: getPet", 1), oasdiff=Oasdiff("api-operation-id-added", INFO, why_level=METHOD_RENAMED)),
    Case("seam-operation-id-changed", lambda d: operation(d, "/action_attempts/get", "get").update({"operationId": "getActionAttempt"}), [("api-operation-id-removed", P)], None, "seam", oasdiff=Oasdiff("api-operation-id-removed", INFO, why_level=OTHER_GENERATORS)),
    # 2. Component schemas: a model class each.
    Case("schema-renamed", lambda d: referring(d, "Owner", "Person"), [("api-schema-renamed", B)], ("head", "Person:", 1), oasdiff=Oasdiff("api-schema-removed", INFO, why_level=MODEL_GONE, why_rule="oasdiff reports a removal; we pair it with the addition of the same shape, as for properties")),
    Case("schema-rename-ambiguous", edit_both(lambda d: schemas(d).update({"Cat": {"type": "object"}}), lambda d: d["components"].update(schemas={**rename(schemas(d), "Cat", "Dog"), "Bird": {"type": "object"}})), [("api-schema-removed", B), ("api-schema-added", N), ("api-schema-added", N)]),
    Case("unused-schema-removed", edit_both(lambda d: schemas(d).update({"Toy": {"type": "object", "properties": {"name": {"type": "string"}}}}), lambda d: schemas(d).pop("Toy")), [("api-schema-removed", B)], ("base", "Toy:", 1), oasdiff=Oasdiff("api-schema-removed", INFO, why_level=MODEL_GONE)),
    Case("used-schema-removed", lambda d: (pet(d)["properties"].pop("owner"), schemas(d).pop("Owner")), [("response-property-removed", B), ("api-schema-removed", B)], ("base", "owner:", 1)),
    Case("scalar-schema-removed", edit_both(lambda d: schemas(d).update({"Code": {"type": "string"}}), lambda d: schemas(d).pop("Code")), [("api-schema-removed", N)], oasdiff=Oasdiff("api-schema-removed", INFO)),
    Case("schema-added", lambda d: schemas(d).update({"Toy": {"type": "object"}}), [("api-schema-added", N)], ("head", "Toy:", 1)),
    # 3. A path whose parameter was renamed is the same path.
    Case("path-parameter-renamed", lambda d: rename_route(d, "/pets/{pet_id}", "/pets/{id}"), [("request-parameter-renamed", B)], ("head", "name: id", 1)),
    Case("path-parameter-renamed-and-operation-added", lambda d: (rename_route(d, "/pets/{pet_id}", "/pets/{id}"), d["paths"]["/pets/{id}"].update({"put": {"responses": {"204": {"description": "Done."}}}})), [("request-parameter-renamed", B), ("endpoint-added", N)]),
    Case("path-parameter-rename-ambiguous", lambda d: (rename_route(d, "/pets/{pet_id}", "/pets/{id}"), d["paths"].update({"/pets/{name}": {"get": {"responses": {"204": {"description": "None."}}}}})), [("api-path-removed-without-deprecation", B), ("api-path-added", N), ("api-path-added", N)]),
    # 4. Array items.
    Case("items-type-changed", edit_both(with_photos, lambda d: retype(pet(d)["properties"]["photoUrls"], "items", type="integer")), [("response-property-type-changed", B)], ("head", "items:", 2)),
    # 5. Deprecation.
    Case("operation-deprecated", lambda d: operation(d, *GET_PET).update({"deprecated": True}), [("endpoint-deprecated", N)], ("head", "deprecated: true", 1), oasdiff=Oasdiff("endpoint-deprecated", INFO)),
    Case("operation-reactivated", edit_both(lambda d: operation(d, *GET_PET).update({"deprecated": True}), lambda d: operation(d, *GET_PET).pop("deprecated")), [("endpoint-reactivated", N)], oasdiff=Oasdiff("endpoint-reactivated", INFO)),
    # 6. A type replaced: its format, enum and bounds went with it.
    Case("type-change-drops-format", edit_both(lambda d: retype(pet(d)["properties"], "id", format="uuid"), lambda d: pet(d)["properties"].update({"id": {"type": "integer"}})), [("response-property-type-changed", B)]),
    Case("type-change-drops-enum", lambda d: pet(d)["properties"].update({"kind": {"type": "integer"}}), [("response-property-type-changed", B)]),
    Case("type-change-drops-length", lambda d: new_pet(d)["properties"].update({"label": {"type": "integer", "minimum": 0}}), [("request-property-type-changed", B)]),
    Case("type-widened-keeps-its-bounds", edit_both(lambda d: retype(pet(d)["properties"], "tag", type="integer", maximum=9), lambda d: retype(pet(d)["properties"], "tag", type="number", maximum=10)), [("response-property-type-changed", B), ("response-property-maximum-increased", B)]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_edit_gives_its_rules_and_levels(case: Case, tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert_case(case, tmp_path, cli)


CITED = [pytest.param(finding, cite, id=f"{c.id}:{finding[0]}") for c in CASES for finding, cite in citations(c)]


@pytest.mark.parametrize(("finding", "cite"), CITED)
def test_our_level_and_id_are_oasdiffs_or_say_why(finding: tuple[str, str], cite: Oasdiff) -> None:
    level_is_oasdiffs_or_says_why(finding, cite)
    rule_is_oasdiffs_or_says_why(finding, cite)


def findings(case_id: str, tmp_path: Path, cli: Callable[..., Run], *options: str) -> list[dict[str, Any]]:
    [case] = [case for case in CASES if case.id == case_id]
    run = cli("diff", *map(str, write_pair(tmp_path, case)), "--format", "json", *options)
    found: list[dict[str, Any]] = json.loads(run.out)
    return found


def test_an_operation_id_change_names_the_old_and_the_new_method(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [found] = findings("operation-id-changed", tmp_path, cli)
    assert found["message"] == (
        "the operationId of GET /pets/{pet_id} changed from 'getPet' to 'fetchPet': "
        "the generated method `get_pet` is now `fetch_pet`: calls to it break"
    )
    assert found["symbols"] == ["pets.get_pet(...)", "pets.fetch_pet(...)"]


def test_an_operation_id_change_that_keeps_the_method_says_so(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [found] = findings("seam-operation-id-changed", tmp_path, cli)
    assert "the generated method keeps its name `action_attempts.get`" in found["message"]
    assert found["symbols"] == ["seam.action_attempts.get(...)"]


def test_a_renamed_schema_names_both_classes(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [found] = findings("schema-renamed", tmp_path, cli)
    assert found["message"] == (
        "component schema `Owner` was renamed to `Person`: code that imports its generated model by the old name breaks"
    )
    assert found["symbols"] == ["Owner", "Person"]


def test_a_removed_schema_an_operation_used_is_reported_once_at_each_symbol(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """The property and the class are different symbols: one finding each, not one per use."""
    found = findings("used-schema-removed", tmp_path, cli)
    assert {f["rule"]: f["symbols"] for f in found} == {
        "response-property-removed": ["Pet.owner"],
        "api-schema-removed": ["Owner"],
    }


def test_a_renamed_path_parameter_names_both_keyword_arguments(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [found] = findings("path-parameter-renamed", tmp_path, cli)
    assert found["message"].startswith("request parameter `pet_id (path) of GET /pets/{id}` was renamed to `id`")
    assert set(found["symbols"]) == {
        "pets.get_pet(pet_id=...)",
        "pets.delete_pet(pet_id=...)",
        "pets.get_pet(id=...)",
        "pets.delete_pet(id=...)",
    }


def test_array_items_are_named_as_items(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [found] = findings("items-type-changed", tmp_path, cli)
    assert found["message"].startswith("response property `Pet.photoUrls[]` changed type from string to integer")
    nested = Case(
        "nested", edit_both(with_photos, lambda d: pet(d)["properties"]["tags"]["items"]["properties"].pop("name")), []
    )
    run = cli("diff", *map(str, write_pair(tmp_path, nested)), "--format", "json")
    assert [f["message"].split(":")[0] for f in json.loads(run.out)] == [
        "response property `Pet.tags[].name` was removed"
    ]


def test_a_change_clients_read_names_no_call_that_sends_the_schema(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Pet is sent by ``pets.create_pet`` and read from every call: a property removed is one finding
    per direction, the request one naming the call's keyword argument, the response one the field."""
    removed = Case("both-ways", edit_both(pet_sent_and_read, lambda d: pet(d)["properties"].pop("tag")), [])
    run = cli("diff", *map(str, write_pair(tmp_path, removed)), "--format", "json")
    by_rule = {f["rule"]: f["symbols"] for f in json.loads(run.out)}
    assert by_rule == {
        "request-property-removed": ["Pet.tag", "pets.create_pet(tag=...)"],
        "response-property-removed": ["Pet.tag"],
    }


@pytest.mark.parametrize(
    ("case_id", "suggested"),
    [("schema-added", "1.1.0"), ("operation-deprecated", "1.1.0"), ("scalar-schema-removed", "1.0.1")],
)
def test_new_schemas_and_deprecations_call_for_a_minor_version(
    case_id: str, suggested: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """A new model class is an addition; semver.org (item 7) asks a minor version for a deprecation."""
    [case] = [case for case in CASES if case.id == case_id]
    run = cli("diff", *map(str, write_pair(tmp_path, case)), "--suggest-version")
    assert (run.code, run.out) == (0, suggested + "\n"), run.err


def test_suggest_version_as_json(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [case] = [case for case in CASES if case.id == "operation-id-changed"]
    base, head = write_pair(tmp_path, case)
    run = cli("diff", str(base), str(head), "--suggest-version", "--format", "json")
    assert run.code == 0
    assert json.loads(run.out) == {"version": "2.0.0", "base": "1.0.0", "bump": "major"}


@pytest.mark.parametrize("fmt", ["github", "markdown"])
def test_suggest_version_refuses_formats_of_findings(fmt: str, tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, CASES[0])
    run = cli("diff", str(base), str(head), "--suggest-version", "--format", fmt)
    assert (run.code, run.out) == (2, "")
    assert run.err == "seamgen diff: --suggest-version prints a version: use --format text or json\n"


def test_suggest_version_names_base_as_the_user_wrote_it(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, head = write_pair(tmp_path, CASES[0])
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "spec" / "openapi.yaml").write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "spec/openapi.yaml")
    git(repo, "commit", "-q", "-m", "base")
    monkeypatch.chdir(repo)
    run = cli("diff", "git:HEAD:spec/openapi.yaml", str(head), "--suggest-version")
    assert run.err == "git:HEAD:spec/openapi.yaml: 1.0.0 -> 2.0.0: a breaking change\n"


def test_a_rule_the_config_relevels_says_so_in_its_message(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its words judge the change at the rule's level; the note says who rated it otherwise."""
    base, head = write_pair(tmp_path, CASES[0])
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seamgen.diff.levels]\n"api-operation-id-removed" = "non-breaking"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    run = cli("diff", str(base), str(head))
    assert run.code == 0
    assert ": non-breaking: " in run.out
    assert "calls to it break (rated non-breaking in the config) (generated code: " in run.out


def test_a_class_gone_from_its_module_and_its_re_export_is_one_finding(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """``pets.Owner`` and ``pets.models.Owner`` are one class: one finding, at the name users import."""
    base = yaml.safe_load(REST)
    head = yaml.safe_load(REST)
    pet(head)["properties"].pop("owner")
    schemas(head).pop("Owner")
    sides = []
    for name, document in (("base", base), ("head", head)):
        (tmp_path / name).mkdir()
        sides.append(generate_package(tmp_path / name, yaml.safe_dump(document), "pets").parent.parent)
    run = cli("diff", "--generated", *map(str, sides), "--format", "json")
    removed = [f for f in json.loads(run.out) if f["message"].startswith("class Owner ")]
    assert [f["symbols"] for f in removed] == [["pets.Owner", "pets.models.Owner"]]
    assert removed[0]["file"].endswith("__init__.py")


def test_a_changelog_lists_deprecations_under_their_own_heading(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [case] = [case for case in CASES if case.id == "operation-deprecated"]
    run = cli("diff", *map(str, write_pair(tmp_path, case)), "--format", "markdown")
    assert run.out == (
        "## Unreleased\n\n### Deprecated\n\n"
        "- GET /pets/\\{pet\\_id\\} was deprecated: clients should move off it before it is removed `endpoint-deprecated`\n"
    )
