"""``seamgen diff``: spec pairs made by one small edit each, with the rule ids and levels they must
give, where the findings stand, the git sources, and the exit codes."""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SPEC, Run, add_action_type, add_event, git, locate, spec_document

REST = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Pets, version: 1.0.0}
    paths:
      /pets:
        get:
          operationId: listPets
          parameters:
            - {name: limit, in: query, required: false, schema: {type: integer}}
          responses:
            "200":
              description: The pets.
              content:
                application/json:
                  schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        post:
          operationId: createPet
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/NewPet"}
          responses:
            "201":
              description: The pet.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Pet"}
      /pets/{pet_id}:
        parameters:
          - {name: pet_id, in: path, required: true, schema: {type: string}}
        get:
          operationId: getPet
          responses:
            "200":
              description: The pet.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Pet"}
        delete:
          operationId: deletePet
          responses:
            "204": {description: Deleted.}
    components:
      schemas:
        Pet:
          type: object
          required: [id, name]
          properties:
            id: {type: string}
            name: {type: string}
            tag: {type: string}
            kind: {type: string, enum: [dog, cat]}
            owner: {$ref: "#/components/schemas/Owner"}
        Owner:
          type: object
          properties:
            nickname: {type: string}
        NewPet:
          type: object
          required: [name]
          properties:
            name: {type: string}
            label: {type: string, maxLength: 20}
            breed: {type: string, enum: [dog, cat]}
    """
)

Edit = Callable[[dict[str, Any]], None]
B, P, N = "breaking", "potentially-breaking", "non-breaking"
ERR, WARN, INFO = "ERR", "WARN", "INFO"
OASDIFF_LEVELS = {ERR: B, WARN: P, INFO: N}  # oasdiff's level -> ours


@dataclass(frozen=True)
class Oasdiff:
    """What oasdiff reports for the same change: its rule id and level, and, where ours differ, why."""

    rule: str
    level: str
    why_level: str = ""
    why_rule: str = ""


@dataclass
class Case:
    """A spec and one edit of it; the findings it must give, as (rule, level), and where the first
    of them stands: (side, text, occurrence) located in that side's file."""

    id: str
    edit: Edit
    expected: list[tuple[str, str]]
    at: tuple[str, str, int] | None = None
    spec: str = "rest"
    oasdiff: Oasdiff | tuple[Oasdiff, ...] | None = None


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]  # type: ignore[no-any-return]


def pet(doc: dict[str, Any]) -> dict[str, Any]:
    return schemas(doc)["Pet"]  # type: ignore[no-any-return]


def new_pet(doc: dict[str, Any]) -> dict[str, Any]:
    return schemas(doc)["NewPet"]  # type: ignore[no-any-return]


def limit(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/pets"]["get"]["parameters"][0]  # type: ignore[no-any-return]


def rename(properties: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """``properties`` with ``old`` renamed to ``new``, in place of it."""
    return {new if name == old else name: value for name, value in properties.items()}


def deprecate_all(doc: dict[str, Any]) -> None:
    for operation in doc["paths"]["/pets/{pet_id}"].values():
        if isinstance(operation, dict) and "operationId" in operation:
            operation["deprecated"] = True


def edit_both(prepare: Edit, edit: Edit) -> Edit:
    """Marker: ``prepare`` is applied to BASE and HEAD alike, ``edit`` to HEAD only."""
    edit.prepare = prepare  # type: ignore[attr-defined]
    return edit


def rename_error_type(doc: dict[str, Any]) -> None:
    """The issue's example: ActionAttemptError.type renamed to error_code, with its required entry."""
    error = schemas(doc)["ActionAttemptError"]
    error["properties"] = rename(error["properties"], "type", "error_code")
    error["required"] = ["error_code" if name == "type" else name for name in error["required"]]


def add_error_type(doc: dict[str, Any]) -> None:
    schemas(doc)["RateLimitedError"] = {
        "description": "Too many requests.",
        "allOf": [
            {"$ref": "#/components/schemas/ErrorBase"},
            {"type": "object", "properties": {"type": {"const": "rate_limited"}}},
        ],
    }
    api_error = schemas(doc)["ApiError"]
    api_error["oneOf"].append({"$ref": "#/components/schemas/RateLimitedError"})
    api_error["discriminator"]["mapping"]["rate_limited"] = "#/components/schemas/RateLimitedError"


def retype(properties: dict[str, Any], name: str, **schema: Any) -> None:
    properties[name] = {**properties[name], **schema}


# oasdiff's verdict on the same change, where oasdiff has one: `oasdiff=Oasdiff(rule, level, ...)`
# cites the row's first finding, a tuple cites its findings in order. Ids and levels are the ones
# oasdiff registers in checker/rules.go (GetAllRules: newBackwardCompatibilityRule(id, level, ...)),
# read at github.com/oasdiff/oasdiff v1.28.0 + 2 commits (4553c69d3869ee555ee4f00831d8cca6e1c208ff);
# which id a change gets was read off the checker/check_*.go that emits it (read, not run: no oasdiff
# binary here). oasdiff's ERR / WARN / INFO are our breaking / potentially-breaking / non-breaking:
# where our level differs, `why_level` says why; where our id is not oasdiff's, `why_rule`. A difference
# without a good reason is a bug in the rule code, fixed there. Rows without a citation: oasdiff reports nothing for the change (descriptions; a bound added
# or removed, since it compares a bound only when both sides set it) or sees another change (a rename
# is a removal and an addition to oasdiff).
#
# Why our level or id differs from oasdiff's, where rows share the reason.
KEYWORD_GONE = (
    "seamgen-generated methods take each parameter and request property as a keyword argument: one removed "
    "makes the calls that pass it raise TypeError, whatever the server does with an unknown value (oasdiff "
    "warns because only servers that reject unknown values break)"
)
ATTRIBUTE_GONE = (
    "a response property removed leaves the generated model, so code that reads it fails even where it was "
    "optional (UNSET before, an AttributeError now); oasdiff warns because readers of an optional property "
    "already handle its absence"
)
OPTIONAL_OR_REQUIRED = (
    "oasdiff splits a response property added or removed into optional and required ids because it rates them "
    "apart; we rate both alike, so one id"
)
ONE_UNION_ID = "one id for a variant added to or removed from any union (oneOf or anyOf, a body or a property)"
UNKNOWN_VARIANTS = (
    "seamgen-generated unions parse an unknown variant as their fallback type, so only clients that handle just "
    "the known variants break: the risk of a response enum value added, which oasdiff rates WARN"
)
WEBHOOK_READ = (
    "oasdiff judges a webhook's request body as a request the client sends; the API sends it and the client reads "
    "it, so we judge it as a response"
)
EVENT_NAMES = "seamgen calls a webhook an event type (x-seamgen.events: clients parse webhook bodies as events)"

CASES = [
    # Operations and paths.
    Case("path-removed", lambda d: d["paths"].pop("/pets/{pet_id}"), [("api-path-removed-without-deprecation", B)], ("base", "/pets/{pet_id}:", 1), oasdiff=Oasdiff("api-path-removed-without-deprecation", ERR)),
    Case("deprecated-path-removed", edit_both(deprecate_all, lambda d: d["paths"].pop("/pets/{pet_id}")), [("api-path-removed-with-deprecation", P)], oasdiff=Oasdiff("api-path-removed-with-deprecation", INFO, why_level="the generated method goes: callers that never moved off it break, so a reviewer looks; oasdiff takes the deprecation as notice enough")),
    Case("operation-removed", lambda d: d["paths"]["/pets/{pet_id}"].pop("delete"), [("api-removed-without-deprecation", B)], ("base", "delete:", 1), oasdiff=Oasdiff("api-removed-without-deprecation", ERR)),
    Case("path-added", lambda d: d["paths"].update({"/owners": {"get": {"responses": {"204": {"description": "None."}}}}}), [("api-path-added", N)], ("head", "/owners:", 1), oasdiff=Oasdiff("endpoint-added", INFO, why_rule="oasdiff reports each operation of a new path as endpoint-added; we report the path once")),
    Case("operation-added", lambda d: d["paths"]["/pets/{pet_id}"].update({"put": {"responses": {"204": {"description": "Done."}}}}), [("endpoint-added", N)], ("head", "put:", 1), oasdiff=Oasdiff("endpoint-added", INFO)),
    Case("descriptions-only", lambda d: d["paths"]["/pets"]["get"]["responses"]["200"].update({"description": "All pets."}), []),
    # Parameters.
    Case("parameter-removed", lambda d: d["paths"]["/pets"]["get"].pop("parameters"), [("request-parameter-removed", B)], oasdiff=Oasdiff("request-parameter-removed", WARN, why_level=KEYWORD_GONE)),
    Case("optional-parameter-added", lambda d: d["paths"]["/pets"]["get"]["parameters"].append({"name": "offset", "in": "query", "schema": {"type": "integer"}}), [("new-optional-request-parameter", N)], ("head", "name: offset", 1), oasdiff=Oasdiff("new-optional-request-parameter", INFO)),
    Case("required-parameter-added", lambda d: d["paths"]["/pets"]["get"]["parameters"].append({"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}), [("new-required-request-parameter", B)], oasdiff=Oasdiff("new-required-request-parameter", ERR)),
    Case("parameter-became-required", lambda d: limit(d).update({"required": True}), [("request-parameter-became-required", B)], oasdiff=Oasdiff("request-parameter-became-required", ERR)),
    Case("parameter-became-optional", lambda d: d["paths"]["/pets/{pet_id}"]["parameters"][0].update({"required": False}), [("request-parameter-became-optional", N)], oasdiff=Oasdiff("request-parameter-became-optional", INFO)),
    Case("parameter-type-changed", lambda d: limit(d).update({"schema": {"type": "string"}}), [("request-parameter-type-generalized", N)], oasdiff=Oasdiff("request-parameter-type-generalized", INFO)),
    Case("parameter-type-widened", lambda d: limit(d).update({"schema": {"type": ["integer", "string"]}}), [("request-parameter-type-generalized", N)], oasdiff=Oasdiff("request-parameter-type-generalized", INFO)),
    # Response properties.
    Case("response-property-removed", lambda d: pet(d)["properties"].pop("tag"), [("response-property-removed", B)], ("base", "tag:", 1), oasdiff=Oasdiff("response-optional-property-removed", WARN, why_level=ATTRIBUTE_GONE, why_rule=OPTIONAL_OR_REQUIRED)),
    Case("response-property-became-optional", lambda d: pet(d).update({"required": ["id"]}), [("response-property-became-optional", B)], ("head", "name:\n", 1), oasdiff=Oasdiff("response-property-became-optional", ERR)),
    Case("response-property-became-required", lambda d: pet(d).update({"required": ["id", "name", "tag"]}), [("response-property-became-required", N)], oasdiff=Oasdiff("response-property-became-required", INFO)),
    Case("response-property-became-nullable", lambda d: retype(pet(d)["properties"], "tag", type=["string", "null"]), [("response-property-became-nullable", B)], oasdiff=Oasdiff("response-property-became-nullable", ERR)),
    Case("response-property-type-changed", lambda d: retype(pet(d)["properties"], "id", type="integer"), [("response-property-type-changed", B)], oasdiff=Oasdiff("response-property-type-changed", ERR)),
    Case("response-property-added", lambda d: pet(d)["properties"].update({"age": {"type": "integer"}}), [("response-property-added", N)], ("head", "age:", 1), oasdiff=Oasdiff("response-optional-property-added", INFO, why_rule=OPTIONAL_OR_REQUIRED)),
    Case("response-property-renamed", lambda d: pet(d).update({"properties": rename(pet(d)["properties"], "tag", "label")}), [("response-property-renamed", B)], ("head", "label:", 1)),
    Case("response-nested-property-removed", lambda d: schemas(d)["Owner"]["properties"].pop("nickname"), [("response-property-removed", B)], oasdiff=Oasdiff("response-optional-property-removed", WARN, why_level=ATTRIBUTE_GONE, why_rule=OPTIONAL_OR_REQUIRED)),
    Case("response-enum-value-added", lambda d: retype(pet(d)["properties"], "kind", enum=["dog", "cat", "bird"]), [("response-property-enum-value-added", P)], ("head", "bird", 1), oasdiff=Oasdiff("response-property-enum-value-added", WARN)),
    Case("response-enum-value-removed", lambda d: retype(pet(d)["properties"], "kind", enum=["dog"]), [("response-property-enum-value-removed", N)], oasdiff=Oasdiff("response-property-enum-value-removed", INFO)),
    # Request properties.
    Case("request-property-type-changed", lambda d: retype(new_pet(d)["properties"], "label", type="integer"), [("request-property-type-changed", B)], oasdiff=Oasdiff("request-property-type-changed", ERR)),
    Case("request-property-required-added", lambda d: new_pet(d).update({"required": ["name", "age"], "properties": {**new_pet(d)["properties"], "age": {"type": "integer"}}}), [("new-required-request-property", B)], oasdiff=Oasdiff("new-required-request-property", ERR)),
    Case("request-property-optional-added", lambda d: new_pet(d)["properties"].update({"color": {"type": "string"}}), [("new-optional-request-property", N)], oasdiff=Oasdiff("new-optional-request-property", INFO)),
    Case("request-property-became-required", lambda d: new_pet(d).update({"required": ["name", "label"]}), [("request-property-became-required", B)], oasdiff=Oasdiff("request-property-became-required", ERR)),
    Case("request-property-became-optional", lambda d: new_pet(d).update({"required": []}), [("request-property-became-optional", N)], oasdiff=Oasdiff("request-property-became-optional", INFO)),
    Case("request-property-became-nullable", lambda d: retype(new_pet(d)["properties"], "label", type=["string", "null"]), [("request-property-became-nullable", N)], oasdiff=Oasdiff("request-property-became-nullable", INFO)),
    Case("request-property-removed", lambda d: new_pet(d)["properties"].pop("breed"), [("request-property-removed", B)], oasdiff=Oasdiff("request-property-removed", WARN, why_level=KEYWORD_GONE)),
    Case("request-property-renamed", lambda d: new_pet(d).update({"properties": rename(new_pet(d)["properties"], "label", "nickname")}), [("request-property-renamed", B)]),
    Case("request-rename-needs-same-schema", lambda d: new_pet(d).update({"properties": {**rename(new_pet(d)["properties"], "label", "nickname"), "nickname": {"type": "string"}}}), [("request-property-removed", B), ("new-optional-request-property", N)], oasdiff=(Oasdiff("request-property-removed", WARN, why_level=KEYWORD_GONE), Oasdiff("new-optional-request-property", INFO))),
    Case("request-enum-value-removed", lambda d: retype(new_pet(d)["properties"], "breed", enum=["dog"]), [("request-property-enum-value-removed", B)], oasdiff=Oasdiff("request-property-enum-value-removed", ERR)),
    Case("request-enum-value-added", lambda d: retype(new_pet(d)["properties"], "breed", enum=["dog", "cat", "bird"]), [("request-property-enum-value-added", N)], oasdiff=Oasdiff("request-property-enum-value-added", INFO)),
    # Bounds, patterns, formats and defaults.
    Case("request-max-length-decreased", lambda d: retype(new_pet(d)["properties"], "label", maxLength=10), [("request-property-max-length-decreased", B)], ("head", "maxLength: 10", 1), oasdiff=Oasdiff("request-property-max-length-decreased", ERR)),
    Case("request-max-length-increased", lambda d: retype(new_pet(d)["properties"], "label", maxLength=40), [("request-property-max-length-increased", N)], oasdiff=Oasdiff("request-property-max-length-increased", INFO)),
    Case("request-max-length-removed", lambda d: new_pet(d)["properties"]["label"].pop("maxLength"), [("request-property-max-length-removed", N)]),
    Case("request-min-length-added", lambda d: retype(new_pet(d)["properties"], "name", minLength=3), [("request-property-min-length-added", B)]),
    Case("response-max-length-added", lambda d: retype(pet(d)["properties"], "tag", maxLength=3), [("response-property-max-length-added", N)]),
    Case("response-maximum-removed", edit_both(lambda d: retype(pet(d)["properties"], "tag", type="integer", maximum=9), lambda d: pet(d)["properties"]["tag"].pop("maximum")), [("response-property-maximum-removed", B)]),
    Case("parameter-type-narrowed", lambda d: limit(d).update({"schema": {"type": "boolean"}}), [("request-parameter-type-changed", B)], oasdiff=Oasdiff("request-parameter-type-changed", ERR)),
    Case("response-pattern-added", lambda d: retype(pet(d)["properties"], "name", pattern="^[a-z]+$"), [("response-property-pattern-added", N)]),
    Case("request-pattern-removed", edit_both(lambda d: retype(new_pet(d)["properties"], "name", pattern="^[a-z]+$"), lambda d: new_pet(d)["properties"]["name"].pop("pattern")), [("request-property-pattern-removed", N)]),
    Case("response-pattern-removed", edit_both(lambda d: retype(pet(d)["properties"], "name", pattern="^[a-z]+$"), lambda d: pet(d)["properties"]["name"].pop("pattern")), [("response-property-pattern-removed", P)]),
    Case("request-pattern-added", lambda d: retype(new_pet(d)["properties"], "name", pattern="^[a-z]+$"), [("request-property-pattern-added", B)], oasdiff=Oasdiff("request-property-pattern-added", ERR)),
    Case("response-format-changed", edit_both(lambda d: retype(pet(d)["properties"], "id", format="uuid"), lambda d: retype(pet(d)["properties"], "id", format="uri")), [("response-property-format-changed", P)], oasdiff=Oasdiff("response-property-type-changed", ERR, why_level="a format is an annotation: the value keeps its JSON type, and seamgen-generated models do not enforce formats (\"not enforced, so newer values still parse\"); oasdiff checks type and format as one", why_rule="oasdiff reports a format change under its type-changed ids; we rate formats apart from types, so they have their own id")),
    Case("parameter-default-changed", edit_both(lambda d: limit(d)["schema"].update({"default": 10}), lambda d: limit(d)["schema"].update({"default": 20})), [("request-parameter-default-value-changed", P)], oasdiff=Oasdiff("request-parameter-default-value-changed", ERR, why_level="no call is rejected and no response fails to parse: only calls that leave the parameter out behave differently, which may or may not matter (a page size, a dry run), so a reviewer judges it")),
    # Parameters renamed, bodies and statuses.
    Case("parameter-renamed", lambda d: limit(d).update({"name": "max"}), [("request-parameter-renamed", B)], ("head", "name: max", 1)),
    Case("success-status-removed", lambda d: d["paths"]["/pets"]["post"]["responses"].pop("201"), [("response-success-status-removed", B)], ("base", "'201':", 1), oasdiff=Oasdiff("response-success-status-removed", ERR)),
    Case("error-status-added", lambda d: d["paths"]["/pets/{pet_id}"]["get"]["responses"].update({"404": {"description": "No such pet."}}), [("response-non-success-status-added", N)], oasdiff=Oasdiff("response-non-success-status-added", INFO)),
    Case("request-body-became-optional", lambda d: d["paths"]["/pets"]["post"]["requestBody"].update({"required": False}), [("request-body-became-optional", N)], oasdiff=Oasdiff("request-body-became-optional", INFO)),
    Case("request-body-became-required", edit_both(lambda d: d["paths"]["/pets"]["post"]["requestBody"].update({"required": False}), lambda d: d["paths"]["/pets"]["post"]["requestBody"].update({"required": True})), [("request-body-became-required", B)], oasdiff=Oasdiff("request-body-became-required", ERR)),
    Case("required-request-body-added", lambda d: d["paths"]["/pets/{pet_id}"]["delete"].update({"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}}), [("request-body-added-required", B)], oasdiff=Oasdiff("request-body-added-required", ERR)),
    Case("request-media-type-removed", edit_both(lambda d: d["paths"]["/pets"]["post"]["requestBody"]["content"].update({"text/plain": {"schema": {"type": "string"}}}), lambda d: d["paths"]["/pets"]["post"]["requestBody"]["content"].pop("text/plain")), [("request-body-media-type-removed", B)], oasdiff=Oasdiff("request-body-media-type-removed", ERR)),
    Case("response-body-type-changed", lambda d: d["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"].update({"schema": {"type": "object"}}), [("response-body-type-changed", B)], oasdiff=Oasdiff("response-body-type-changed", ERR)),
    # Seam's spec.
    Case("seam-rename-error-type", rename_error_type, [("response-property-renamed", B)], ("head", "error_code:", 1), "seam"),
    Case("seam-action-type-added", lambda d: add_action_type(d, "BRAND_NEW_ACTION", "A new action."), [("response-property-enum-value-added", P)], ("head", "BRAND_NEW_ACTION", 1), "seam", oasdiff=Oasdiff("response-property-enum-value-added", WARN)),
    Case("seam-error-type-added", add_error_type, [("response-union-variant-added", P), ("api-schema-added", N)], None, "seam", oasdiff=Oasdiff("response-property-one-of-added", ERR, why_level=UNKNOWN_VARIANTS, why_rule=ONE_UNION_ID)),
    Case("seam-event-added", lambda d: add_event(d, "action_attempt.scan.failed", "ActionAttemptScanFailedEvent", "A scan failed."), [("event-type-added", P), ("api-schema-added", N)], ("head", "action_attempt.scan.failed:", 1), "seam", oasdiff=Oasdiff("webhook-added", INFO, why_level="a new event type reaches receivers that may handle only the known ones, the risk of a response enum value added (oasdiff: WARN); seamgen-generated clients keep unknown event types", why_rule=EVENT_NAMES)),
    Case("seam-event-removed", lambda d: d["webhooks"].pop("action_attempt.unlock_door.failed"), [("event-type-removed", B)], None, "seam", oasdiff=Oasdiff("webhook-removed", ERR, why_rule=EVENT_NAMES)),
    Case("seam-event-property-removed", lambda d: schemas(d)["ActionAttemptEventBase"]["properties"].pop("occurred_at"), [("response-property-removed", B)], None, "seam", oasdiff=Oasdiff("request-property-removed", WARN, why_level=WEBHOOK_READ, why_rule=WEBHOOK_READ)),
    Case("seam-operation-removed", lambda d: d["paths"]["/action_attempts/get"].pop("get"), [("api-removed-without-deprecation", B)], None, "seam", oasdiff=Oasdiff("api-removed-without-deprecation", ERR)),
    Case("seam-parameter-optional", lambda d: d["components"]["parameters"]["ActionAttemptIdQuery"].update({"required": False}), [("request-parameter-became-optional", N)], None, "seam", oasdiff=Oasdiff("request-parameter-became-optional", INFO)),
    Case("seam-list-required-property", lambda d: schemas(d)["ListActionAttemptsRequest"].update({"required": ["action_attempt_ids", "limit"], "properties": {**schemas(d)["ListActionAttemptsRequest"]["properties"], "limit": {"type": "integer", "description": "At most this many."}}}), [("new-required-request-property", B)], None, "seam", oasdiff=Oasdiff("new-required-request-property", ERR)),
    Case("seam-error-type-removed", lambda d: schemas(d)["ApiError"].update({"oneOf": schemas(d)["ApiError"]["oneOf"][:-1], "discriminator": {"propertyName": "type", "mapping": dict(list(schemas(d)["ApiError"]["discriminator"]["mapping"].items())[:-1])}}), [("response-union-variant-removed", N)], None, "seam", oasdiff=Oasdiff("response-property-one-of-removed", INFO, why_rule=ONE_UNION_ID)),
    Case("seam-ok-became-nullable", lambda d: retype(schemas(d)["GetActionAttemptResponse"]["properties"], "ok", type=["boolean", "null"]), [("response-property-became-nullable", B)], None, "seam", oasdiff=Oasdiff("response-property-became-nullable", ERR)),
    Case("seam-error-message-optional", lambda d: schemas(d)["ErrorBase"].update({"required": ["type"]}), [("response-property-became-optional", B)], None, "seam", oasdiff=Oasdiff("response-property-became-optional", ERR)),
    Case("seam-ok-removed", lambda d: schemas(d)["GetActionAttemptResponse"]["properties"].pop("ok"), [("response-property-removed", B)], None, "seam", oasdiff=Oasdiff("response-required-property-removed", ERR, why_rule=OPTIONAL_OR_REQUIRED)),
]  # fmt: skip


def write_pair(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    """BASE and HEAD of ``case``, written as YAML the way a user's edit would leave them."""
    base = yaml.safe_load(REST) if case.spec == "rest" else spec_document()
    getattr(case.edit, "prepare", lambda d: None)(base)
    head = copy.deepcopy(base)
    case.edit(head)
    paths = tmp_path / "base.yaml", tmp_path / "head.yaml"
    for path, document in zip(paths, (base, head), strict=True):
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return paths


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_edit_gives_its_rules_and_levels(case: Case, tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert_case(case, tmp_path, cli)


def assert_case(case: Case, tmp_path: Path, cli: Callable[..., Run]) -> None:
    """``case``'s edit gives exactly its (rule, level) findings, the first at its place and side."""
    base, head = write_pair(tmp_path, case)
    run = cli("diff", str(base), str(head), "--format", "json", "--fail-on", "any")
    assert run.code == (1 if case.expected else 0), run.err
    findings = json.loads(run.out)
    assert sorted((f["rule"], f["level"]) for f in findings) == sorted(case.expected), run.out
    if case.at is not None:
        side, needle, occurrence = case.at
        file = base if side == "base" else head
        first = next(f for f in findings if f["rule"] == case.expected[0][0])
        assert (first["file"], first["side"]) == (str(file), side)
        assert (first["line"], first["column"]) == locate(file.read_text(encoding="utf-8"), needle, occurrence)


def citations(case: Case) -> list[tuple[tuple[str, str], Oasdiff]]:
    """Each finding of ``case`` that cites oasdiff, with its citation: one cites the first finding, a
    tuple the findings in order."""
    cited = case.oasdiff if isinstance(case.oasdiff, tuple) else () if case.oasdiff is None else (case.oasdiff,)
    assert len(cited) <= len(case.expected), f"{case.id}: more citations than findings"
    return list(zip(case.expected[: len(cited)], cited, strict=True))


CITED = [(case.id, finding, cite) for case in CASES for finding, cite in citations(case)]


def _checked() -> list[Any]:
    """CITED as parameters, each named for its row and rule."""
    return [pytest.param(finding, cite, id=f"{case_id}:{finding[0]}") for case_id, finding, cite in CITED]


def test_the_table_cites_oasdiff_where_oasdiff_rates_the_change() -> None:
    """Most rows have oasdiff's verdict, and each citation is a kebab-case id at one of its three levels."""
    assert len({case_id for case_id, _, _ in CITED}) >= 50
    for case_id, _, cite in CITED:
        assert cite.level in OASDIFF_LEVELS, case_id
        assert cite.rule == cite.rule.lower() and " " not in cite.rule and cite.rule.strip("-") == cite.rule, case_id


@pytest.mark.parametrize(("finding", "cite"), _checked())
def test_our_level_is_oasdiffs_or_says_why(finding: tuple[str, str], cite: Oasdiff) -> None:
    """ERR is breaking, WARN potentially-breaking, INFO non-breaking: a finding rated otherwise gives
    its reason, and one rated the same gives none (a reason left behind would be stale)."""
    agrees = finding[1] == OASDIFF_LEVELS[cite.level]
    if agrees:
        assert not cite.why_level, f"{finding} is rated as oasdiff rates it: drop the reason {cite.why_level!r}"
    else:
        assert cite.why_level.strip(), f"{finding} differs from oasdiff {cite.rule} {cite.level} without a reason"


@pytest.mark.parametrize(("finding", "cite"), _checked())
def test_our_rule_id_is_oasdiffs_or_says_why(finding: tuple[str, str], cite: Oasdiff) -> None:
    """We use oasdiff's name for a check where it has one: a finding named otherwise gives its reason."""
    same = finding[0] == cite.rule
    if same:
        assert not cite.why_rule, f"{finding[0]} is oasdiff's id: drop the reason {cite.why_rule!r}"
    else:
        assert cite.why_rule.strip(), f"{finding[0]} is {cite.rule} in oasdiff, and the row does not say why"


def test_a_spec_against_itself_has_no_changes(cli: Callable[..., Run]) -> None:
    run = cli("diff", str(SPEC), str(SPEC), "--fail-on", "any")
    assert (run.code, run.out) == (0, "")


def test_a_chain_of_thousands_of_references_is_walked_to_its_end(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Nested schemas wait in a queue, not on Python's stack: a change at the end of a long chain is found."""
    links = 3000
    chain = {
        f"S{i}": {"type": "object", "properties": {"next": {"$ref": f"#/components/schemas/S{i + 1}"}}}
        for i in range(links)
    }
    chain[f"S{links}"] = {"type": "object", "properties": {"last": {"type": "string"}}}
    base = yaml.safe_load(REST)
    retype(pet(base)["properties"], "owner", **{"$ref": "#/components/schemas/S0"})
    schemas(base).update(chain)
    head = copy.deepcopy(base)
    schemas(head)[f"S{links}"]["properties"].pop("last")
    for name, document in (("base.json", base), ("head.json", head)):
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    run = cli("diff", str(tmp_path / "base.json"), str(tmp_path / "head.json"), "--format", "json")
    assert [(f["rule"], f["level"]) for f in json.loads(run.out)] == [("response-property-removed", B)], run.err


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: retype(pet(d)["properties"], "id", type=1),
        lambda d: pet(d).update({"required": True}),
        lambda d: pet(d).update(
            {"oneOf": [{"$ref": "#/components/schemas/Owner"}, 1], "discriminator": {"mapping": {"a": {}}}}
        ),
        lambda d: pet(d).update({"allOf": [{"$ref": "#/components/schemas/Pet"}]}),
        lambda d: d["paths"]["/pets"].update({"get": {"parameters": {"name": "x"}, "responses": []}}),
    ],
    ids=["type-a-number", "required-a-boolean", "mapping-to-an-object", "allof-of-itself", "lists-and-maps-swapped"],
)
def test_a_malformed_spec_is_diffed_without_a_traceback(edit: Edit, tmp_path: Path, cli: Callable[..., Run]) -> None:
    """diff reads specs validate may not have passed: what it cannot read it passes over."""
    base, head = write_pair(tmp_path, Case("malformed", edit, []))
    assert cli("diff", str(base), str(head)).code in (0, 1)
    assert cli("diff", str(head), str(base)).code in (0, 1)


def test_messages_say_who_breaks_and_that_seamgen_clients_keep_unknown_values(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    [renamed] = [case for case in CASES if case.id == "seam-rename-error-type"]
    run = cli("diff", *map(str, write_pair(tmp_path, renamed)))
    assert "`ActionAttemptError.type` was renamed to `error_code`: clients that read it break" in run.out
    assert "(generated code: `ActionAttemptError.type`, `ActionAttemptError.error_code`)" in run.out
    [added] = [case for case in CASES if case.id == "seam-action-type-added"]
    run = cli("diff", *map(str, write_pair(tmp_path, added)))
    assert "seamgen-generated clients keep unknown values" in run.out


def test_values_removed_from_one_enum_are_one_finding_that_names_each(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """They stand at one place, the enum: one finding lists them all, none is dropped as a repeat."""
    widen = edit_both(
        lambda d: retype(new_pet(d)["properties"], "breed", enum=["dog", "cat", "bird"]),
        lambda d: retype(new_pet(d)["properties"], "breed", enum=["dog"]),
    )
    run = cli("diff", *map(str, write_pair(tmp_path, Case("two-removed", widen, []))))
    [line] = [line for line in run.out.splitlines() if "enum-value-removed" in line]
    assert "no longer accepts 'cat' or 'bird': clients that send them are rejected" in line


def test_text_format_is_file_line_col_level_message_rule(tmp_path: Path, cli: Callable[..., Run]) -> None:
    [case] = [case for case in CASES if case.id == "response-property-removed"]
    base, head = write_pair(tmp_path, case)
    run = cli("diff", str(base), str(head))
    line, column = locate(base.read_text(encoding="utf-8"), "tag:")
    assert run.out == (
        f"{base}:{line}:{column}: breaking: response property `Pet.tag` was removed: clients that read it break "
        "(generated code: `Pet.tag`) [response-property-removed]\n"
    )
    assert "1 breaking, 0 potentially-breaking, 0 non-breaking" in run.err


def test_github_format_annotates_each_level(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Breaking changes are errors, risks warnings, the rest notices: a pull request shows all three."""
    for case_id, command in (
        ("response-property-removed", "error"),
        ("seam-action-type-added", "warning"),
        ("path-added", "notice"),
    ):
        [case] = [case for case in CASES if case.id == case_id]
        base, head = write_pair(tmp_path, case)
        out = cli("diff", str(base), str(head), "--format", "github").out
        assert out.startswith(f"::{command} file="), out
        assert f",title={case.expected[0][0]}::" in out


@pytest.mark.parametrize(
    ("case_id", "fail_on", "code"),
    [
        ("response-property-removed", "breaking", 1),
        ("seam-action-type-added", "breaking", 0),
        ("seam-action-type-added", "potentially-breaking", 1),
        ("response-property-added", "potentially-breaking", 0),
        ("response-property-added", "any", 1),
        ("descriptions-only", "any", 0),
    ],
)
def test_fail_on_sets_the_exit_code(
    case_id: str, fail_on: str, code: int, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    [case] = [case for case in CASES if case.id == case_id]
    base, head = write_pair(tmp_path, case)
    assert cli("diff", str(base), str(head), "--fail-on", fail_on).code == code


def test_git_revisions_are_read_without_a_checkout(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commits; BASE and HEAD as git:REF (the default spec path) and git:REF:PATH; the work tree
    holds a third version that neither side reads."""
    [case] = [case for case in CASES if case.id == "response-property-removed"]
    base, head = write_pair(tmp_path, case)
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    spec = repo / "spec" / "openapi.yaml"
    git(repo, "init", "-q")
    for version in (base, head):
        spec.write_text(version.read_text(encoding="utf-8"), encoding="utf-8")
        git(repo, "add", "spec/openapi.yaml")
        git(repo, "commit", "-q", "-m", version.name)
    spec.write_text("not: [a spec", encoding="utf-8")
    monkeypatch.chdir(repo)
    run = cli("diff", "git:HEAD~1", "git:HEAD:spec/openapi.yaml", "--format", "json")
    assert run.code == 1, run.err
    [finding] = json.loads(run.out)
    assert finding["rule"] == "response-property-removed"
    assert finding["file"] == "HEAD~1:spec/openapi.yaml"
    assert (finding["line"], finding["column"]) == locate(base.read_text(encoding="utf-8"), "tag:")


@pytest.mark.parametrize(
    ("side", "said"),
    [
        ("git:no-such-ref", "git:no-such-ref: fatal: invalid object name 'no-such-ref'"),
        ("git:HEAD:no/such.yaml", "git:HEAD:no/such.yaml: fatal: path 'no/such.yaml' does not exist in 'HEAD'"),
        ("missing.yaml", "missing.yaml:1:1: error: cannot read spec"),
    ],
)
def test_a_side_that_cannot_be_read_is_named_with_exit_2(
    side: str, said: str, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "openapi.yaml").write_text(REST, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "spec")
    monkeypatch.chdir(tmp_path)
    run = cli("diff", side, "openapi.yaml")
    assert run.code == 2
    assert said in run.err
    assert "Traceback" not in run.err
