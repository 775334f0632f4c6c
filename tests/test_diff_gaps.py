"""``seamgen diff`` beyond one schema keyword: constraints inside ``allOf`` parts and ``const``,
response headers, security, multi-file specs read from git, and where a removal stands in HEAD."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from seamgen.diff.context import Pair
from seamgen.diff.operations import compare_specs
from seamgen.loader import load
from tests.conftest import Run, git, locate
from tests.test_diff import (
    REST,
    B,
    Case,
    N,
    P,
    assert_case,
    edit_both,
    limit,
    new_pet,
    pet,
    retype,
    schemas,
    write_pair,
)

GET_PETS = ("paths", "/pets", "get")
JSON_200 = ("responses", "200")


def at(doc: dict[str, Any], *path: str) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def ok(doc: dict[str, Any]) -> dict[str, Any]:
    """The 200 response of GET /pets."""
    return at(doc, *GET_PETS, *JSON_200)  # type: ignore[no-any-return]


def put(properties: dict[str, Any], name: str, **schema: Any) -> None:
    """Replace the schema of property ``name``."""
    properties[name] = schema


def breed_in_parts(doc: dict[str, Any]) -> None:
    """NewPet.breed as a shared schema plus a local narrowing, as real specs write it."""
    schemas(doc)["Breed"] = {"type": "string"}
    new_pet(doc)["properties"]["breed"] = {"allOf": [{"$ref": "#/components/schemas/Breed"}, {"enum": ["dog", "cat"]}]}


def kind_by_ref(doc: dict[str, Any]) -> None:
    """Pet.kind as a reference to a shared enum inside allOf, with its own description."""
    schemas(doc)["Kind"] = {"type": "string", "enum": ["dog", "cat"]}
    pet(doc)["properties"]["kind"] = {"description": "Kind.", "allOf": [{"$ref": "#/components/schemas/Kind"}]}


def label_by_ref(doc: dict[str, Any]) -> None:
    schemas(doc)["Label"] = {"type": "string", "maxLength": 20}
    new_pet(doc)["properties"]["label"] = {"allOf": [{"$ref": "#/components/schemas/Label"}]}


def owner_in_parts(doc: dict[str, Any]) -> None:
    pet(doc)["properties"]["owner"] = {"allOf": [{"$ref": "#/components/schemas/Owner"}]}


def total_header(doc: dict[str, Any]) -> None:
    ok(doc)["headers"] = {
        "X-Total": {"required": True, "schema": {"type": "integer"}},
        "X-Next": {"schema": {"type": "string"}},
    }


def shared_header(doc: dict[str, Any]) -> None:
    doc["components"]["headers"] = {"RateLimit": {"required": True, "schema": {"type": "integer"}}}
    ok(doc)["headers"] = {"X-RateLimit": {"$ref": "#/components/headers/RateLimit"}}


def tenant_header(doc: dict[str, Any]) -> None:
    at(doc, *GET_PETS)["parameters"].append(
        {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}
    )


def schemes(doc: dict[str, Any]) -> None:
    doc["components"]["securitySchemes"] = {
        "api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        "oauth": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {"read": "Read.", "write": "Write."}}},
        },
        "legacy": {"type": "http", "scheme": "basic"},
    }


def root_security(*requirements: dict[str, list[str]]) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        schemes(doc)
        doc["security"] = list(requirements)

    return edit


def op_security(doc: dict[str, Any], *requirements: dict[str, list[str]]) -> None:
    at(doc, "paths", "/pets", "post")["security"] = list(requirements)


KEY, OAUTH_READ = {"api_key": []}, {"oauth": ["read"]}

CASES = [
    # Constraints inside allOf parts, and const.
    Case("allof-request-enum-value-removed", edit_both(breed_in_parts, lambda d: new_pet(d)["properties"]["breed"]["allOf"][1].update({"enum": ["dog"]})), [("request-property-enum-value-removed", B)], ("head", "enum:", 2)),
    Case("allof-ref-response-enum-value-added", edit_both(kind_by_ref, lambda d: schemas(d)["Kind"].update({"enum": ["dog", "cat", "bird"]})), [("response-property-enum-value-added", P)], ("head", "bird", 1)),
    Case("allof-ref-response-enum-value-removed", edit_both(kind_by_ref, lambda d: schemas(d)["Kind"].update({"enum": ["dog"]})), [("response-property-enum-value-removed", N)]),
    Case("allof-request-bound-tightened-locally", edit_both(label_by_ref, lambda d: new_pet(d)["properties"]["label"]["allOf"].append({"maxLength": 10})), [("request-property-max-length-decreased", B)], ("head", "maxLength: 10", 1)),
    Case("allof-request-type-narrowed", edit_both(lambda d: put(new_pet(d)["properties"], "label", allOf=[{"type": ["string", "integer"]}]), lambda d: put(new_pet(d)["properties"], "label", allOf=[{"type": "string"}])), [("request-property-type-changed", B)]),
    Case("allof-response-became-nullable", edit_both(owner_in_parts, lambda d: pet(d)["properties"]["owner"].update({"nullable": True})), [("response-property-became-nullable", B)]),
    Case("request-const-changed", edit_both(lambda d: put(new_pet(d)["properties"], "breed", type="string", const="dog"), lambda d: retype(new_pet(d)["properties"], "breed", const="cat")), [("request-property-const-changed", B)], ("head", "const: cat", 1)),
    Case("response-const-changed", edit_both(lambda d: put(pet(d)["properties"], "kind", type="string", const="dog"), lambda d: retype(pet(d)["properties"], "kind", const="cat")), [("response-property-const-changed", B)]),
    Case("request-const-added", lambda d: retype(new_pet(d)["properties"], "name", const="Rex"), [("request-property-const-added", B)]),
    Case("response-const-added", lambda d: retype(pet(d)["properties"], "tag", const="good"), [("response-property-const-added", N)]),
    Case("request-const-removed", edit_both(lambda d: retype(new_pet(d)["properties"], "name", const="Rex"), lambda d: new_pet(d)["properties"]["name"].pop("const")), [("request-property-const-removed", N)]),
    Case("response-const-removed", edit_both(lambda d: retype(pet(d)["properties"], "tag", const="good"), lambda d: pet(d)["properties"]["tag"].pop("const")), [("response-property-const-removed", B)]),
    Case("request-const-to-enum", edit_both(lambda d: put(new_pet(d)["properties"], "breed", type="string", const="dog"), lambda d: put(new_pet(d)["properties"], "breed", type="string", enum=["dog", "cat"])), [("request-property-enum-value-added", N)]),
    Case("request-became-enum", lambda d: retype(new_pet(d)["properties"], "name", enum=["Rex", "Tom"]), [("request-property-became-enum", B)]),
    Case("response-enum-removed", lambda d: pet(d)["properties"]["kind"].pop("enum"), [("response-property-enum-removed", P)]),
    Case("request-enum-removed", lambda d: new_pet(d)["properties"]["breed"].pop("enum"), [("request-property-enum-removed", N)]),
    Case("parameter-default-added", lambda d: limit(d)["schema"].update({"default": 10}), [("request-parameter-default-value-added", P)]),
    Case("response-default-removed", edit_both(lambda d: retype(pet(d)["properties"], "tag", default="none"), lambda d: pet(d)["properties"]["tag"].pop("default")), [("response-property-default-value-removed", P)]),
    Case("response-format-added", lambda d: retype(pet(d)["properties"], "id", format="uuid"), [("response-property-format-added", P)]),
    Case("request-format-removed", edit_both(lambda d: retype(new_pet(d)["properties"], "name", format="email"), lambda d: new_pet(d)["properties"]["name"].pop("format")), [("request-property-format-removed", P)]),
    # Response headers, and request headers (parameters).
    Case("required-response-header-removed", edit_both(total_header, lambda d: ok(d)["headers"].pop("X-Total")), [("required-response-header-removed", B)], ("base", "X-Total:", 1)),
    Case("optional-response-header-removed", edit_both(total_header, lambda d: ok(d)["headers"].pop("X-Next")), [("optional-response-header-removed", P)]),
    Case("response-header-became-optional", edit_both(total_header, lambda d: ok(d)["headers"]["X-Total"].update({"required": False})), [("response-header-became-optional", B)]),
    Case("response-header-added", edit_both(total_header, lambda d: ok(d)["headers"].update({"X-Cursor": {"schema": {"type": "string"}}})), [("response-header-added", N)], ("head", "X-Cursor:", 1)),
    Case("response-header-type-changed", edit_both(total_header, lambda d: ok(d)["headers"]["X-Total"].update({"schema": {"type": "string"}})), [("response-header-type-changed", B)]),
    Case("response-header-enum-value-added", edit_both(total_header, lambda d: ok(d)["headers"]["X-Next"]["schema"].update({"enum": ["a"]})), [("response-header-became-enum", N)]),
    Case("shared-response-header-type-changed", edit_both(shared_header, lambda d: d["components"]["headers"]["RateLimit"].update({"schema": {"type": "string"}})), [("response-header-type-changed", B)]),
    Case("response-header-case-changed", edit_both(total_header, lambda d: ok(d).update({"headers": {"x-total" if k == "X-Total" else k: v for k, v in ok(d)["headers"].items()}})), []),
    Case("request-header-case-changed", edit_both(tenant_header, lambda d: at(d, *GET_PETS)["parameters"][1].update({"name": "x-tenant"})), []),
    Case("request-header-removed", edit_both(tenant_header, lambda d: at(d, *GET_PETS)["parameters"].pop()), [("request-parameter-removed", B)]),
    # Security: requirements are alternatives, a requirement's schemes and scopes all apply.
    Case("global-security-added", edit_both(schemes, lambda d: d.update({"security": [KEY]})), [("api-global-security-added", B)], ("head", "api_key: []", 1)),
    Case("global-security-removed", edit_both(root_security(KEY), lambda d: d.pop("security")), [("api-global-security-removed", N)]),
    Case("global-alternative-added", edit_both(root_security(KEY), lambda d: d["security"].append(OAUTH_READ)), [("api-global-security-added", N)]),
    Case("global-alternative-removed", edit_both(root_security(KEY, OAUTH_READ), lambda d: d["security"].pop()), [("api-global-security-removed", B)]),
    Case("global-scheme-joined", edit_both(root_security(KEY), lambda d: d["security"][0].update(OAUTH_READ)), [("api-global-security-added", B)]),
    Case("global-scope-added", edit_both(root_security(OAUTH_READ), lambda d: d["security"][0]["oauth"].append("write")), [("api-global-security-scope-added", B)]),
    Case("global-scope-removed", edit_both(root_security({"oauth": ["read", "write"]}), lambda d: d["security"][0]["oauth"].pop()), [("api-global-security-scope-removed", N)]),
    Case("operation-security-added", edit_both(schemes, lambda d: op_security(d, KEY)), [("api-security-added", B)]),
    Case("operation-opts-out", edit_both(root_security(KEY), lambda d: op_security(d)), [("api-security-removed", N)]),
    Case("operation-anonymous-allowed", edit_both(root_security(KEY), lambda d: op_security(d, KEY, {})), [("api-security-removed", N)]),
    Case("scheme-removed", edit_both(schemes, lambda d: d["components"]["securitySchemes"].pop("legacy")), [("api-security-component-removed", B)], ("base", "legacy:", 1)),
    Case("scheme-added", lambda d: schemes(d), [("api-security-component-added", N)] * 3),
    Case("scheme-type-changed", edit_both(schemes, lambda d: d["components"]["securitySchemes"].update({"api_key": {"type": "http", "scheme": "bearer"}})), [("api-security-component-type-changed", B)]),
    Case("scheme-header-renamed", edit_both(schemes, lambda d: d["components"]["securitySchemes"]["api_key"].update({"name": "Authorization"})), [("api-security-component-changed", B)]),
    # The issue's list: error statuses come and go without breaking clients.
    Case("error-status-removed", edit_both(lambda d: at(d, "paths", "/pets/{pet_id}", "get", "responses").update({"404": {"description": "No such pet."}}), lambda d: at(d, "paths", "/pets/{pet_id}", "get", "responses").pop("404")), [("response-non-success-status-removed", N)]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_edit_gives_its_rules_and_levels(case: Case, tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert_case(case, tmp_path, cli)


def test_messages_name_the_values_and_who_breaks(tmp_path: Path, cli: Callable[..., Run]) -> None:
    for case_id, said in (
        ("request-const-changed", "request property `NewPet.breed` changed from 'dog' to 'cat': clients that send"),
        ("optional-response-header-removed", "response header `X-Next of GET /pets (200)` was removed"),
        ("global-security-added", "the API now requires api_key: clients without it are rejected"),
        ("global-scope-added", "the API now needs the scope 'write' of oauth: clients whose tokens lack it"),
    ):
        [case] = [case for case in CASES if case.id == case_id]
        assert said in cli("diff", *map(str, write_pair(tmp_path, case))).out


def test_a_removal_is_anchored_in_head_at_what_still_holds_it(tmp_path: Path) -> None:
    """github annotations can only point at HEAD's files: a property removed from Pet is anchored
    at Pet's ``properties`` in HEAD, a parameter removed at its operation (not at another
    parameter that now has its index)."""
    head_doc = yaml.safe_load(REST)
    pet(head_doc)["properties"].pop("tag")
    at(head_doc, *GET_PETS)["parameters"] = [{"name": "offset", "in": "query", "schema": {"type": "integer"}}]
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(REST, encoding="utf-8")
    head.write_text(yaml.safe_dump(head_doc, sort_keys=False), encoding="utf-8")
    pair = Pair(load(base), load(head))
    compare_specs(pair)
    anchors = {f.rule: f.anchor for f in pair.findings if f.side == "base"}
    text = head.read_text(encoding="utf-8")
    assert anchors["response-property-removed"] == (str(head), *locate(text, "properties:", 1 + _before(text, "Pet:")))
    assert anchors["request-parameter-removed"] == (str(head), *locate(text, "parameters:", 1))
    assert all(f.anchor is None for f in pair.findings if f.side == "head")
    github = [f.github() for f in pair.findings if f.rule == "response-property-removed"]
    assert github == [f"::error file={head},line={anchors['response-property-removed'][1]},"
                      f"col={anchors['response-property-removed'][2]},title=response-property-removed::"
                      + next(f.message for f in pair.findings if f.rule == "response-property-removed")]


def _before(text: str, needle: str) -> int:
    """How many ``properties:`` keys stand before ``needle`` in ``text``."""
    return text[: text.index(needle)].count("properties:")


def _two_commit_repo(tmp_path: Path, versions: list[dict[str, str]]) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for number, files in enumerate(versions):
        for name, text in files.items():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", "-A", ".")
        git(repo, "commit", "-q", "-m", f"version {number}")
    return repo


def _split(document: dict[str, Any]) -> dict[str, str]:
    """``document`` as a multi-file spec: its Pet schema in ``spec/schemas.yaml``, which refers back
    to the first file for Owner."""
    root = json.loads(json.dumps(document))
    pet_schema = root["components"]["schemas"].pop("Pet")
    pet_schema["properties"]["owner"] = {"$ref": "openapi.yaml#/components/schemas/Owner"}
    text = yaml.safe_dump(root, sort_keys=False).replace(
        "'#/components/schemas/Pet'", "schemas.yaml#/components/schemas/Pet"
    )
    other = yaml.safe_dump({"components": {"schemas": {"Pet": pet_schema}}}, sort_keys=False)
    return {"spec/openapi.yaml": text, "spec/schemas.yaml": other}


def test_a_multi_file_spec_is_bundled_from_the_revision(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each side reads the files its spec refers to from its own revision with git show: the change
    in the referenced file is found, in that file, and the work tree (a third version) is not read."""
    base_doc = yaml.safe_load(REST)
    head_doc = yaml.safe_load(REST)
    pet(head_doc)["properties"].pop("tag")
    assert "schemas.yaml#/components/schemas/Pet" in _split(base_doc)["spec/openapi.yaml"]
    repo = _two_commit_repo(tmp_path, [_split(base_doc), _split(head_doc)])
    (repo / "spec" / "schemas.yaml").write_text("not: [yaml", encoding="utf-8")
    monkeypatch.chdir(repo)
    run = cli("diff", "git:HEAD~1:spec/openapi.yaml", "git:HEAD:spec/openapi.yaml", "--format", "json")
    assert run.code == 1, run.err
    [finding] = json.loads(run.out)
    assert (finding["rule"], finding["file"]) == ("response-property-removed", "HEAD~1:spec/schemas.yaml")
    base_text = _split(base_doc)["spec/schemas.yaml"]
    assert (finding["line"], finding["column"]) == locate(base_text, "tag:")
    assert cli("diff", "git:HEAD:spec/openapi.yaml", "git:HEAD:spec/openapi.yaml").code == 0


def test_a_referenced_file_missing_at_the_revision_is_an_input_error(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _split(yaml.safe_load(REST))
    repo = _two_commit_repo(tmp_path, [{"spec/openapi.yaml": files["spec/openapi.yaml"]}, files])
    monkeypatch.chdir(repo)
    run = cli("diff", "git:HEAD~1:spec/openapi.yaml", "git:HEAD:spec/openapi.yaml")
    assert run.code == 2
    assert "git:HEAD~1:spec/openapi.yaml: HEAD~1:spec/openapi.yaml refers to spec/schemas.yaml" in run.err
    assert "fatal: path 'spec/schemas.yaml'" in run.err  # git's own words for why, then the revision
    assert "in 'HEAD~1'" in run.err
    assert "Traceback" not in run.err


def test_a_reference_a_file_side_cannot_follow_is_an_input_error(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Diffed without the file, its schemas would all be reported removed: exit 2, naming the $ref."""
    files = _split(yaml.safe_load(REST))
    (tmp_path / "openapi.yaml").write_text(files["spec/openapi.yaml"], encoding="utf-8")
    run = cli("diff", str(tmp_path / "openapi.yaml"), str(tmp_path / "openapi.yaml"))
    assert run.code == 2
    line, column = locate(files["spec/openapi.yaml"], "schemas.yaml#")
    assert f"{tmp_path / 'openapi.yaml'}:{line}:{column}: error: $ref 'schemas.yaml#/components/schemas/Pet'" in run.err
