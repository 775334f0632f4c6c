"""The intermediate model reads specs real APIs publish, and spec edits flow through it."""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from seamgen.build import build
from seamgen.ir import AnyValue, EnumType, ListOf, Named, Nullable, ObjectType, Primitive, UnionType
from seamgen.lint import lint
from seamgen.loader import load, parse
from tests.conftest import SPEC, Run, add_action_type, add_endpoint, add_event, add_property

OPENAPI_30 = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: Legacy Things, version: "2", description: Old style.}
    paths:
      /things/get:
        get:
          operationId: thingsGet
          description: Get a thing.
          parameters:
            - {name: thing_id, in: query, required: true, description: ID., schema: {type: string}}
          x-response-key: thing
          responses:
            "200":
              description: A thing.
              content:
                application/json:
                  schema:
                    type: object
                    description: Envelope.
                    properties:
                      thing:
                        $ref: "#/components/schemas/Thing"
                  example:
                    thing: {name: null, anything: null, size: 3, tags: [a], owner: null}
    components:
      schemas:
        Thing:
          type: object
          description: A thing.
          properties:
            name: {type: string, nullable: true, description: Name.}
            anything: {nullable: true, description: Any value at all.}
            size: {type: integer, minimum: 0, exclusiveMinimum: true, description: Size.}
            tags: {type: array, items: {type: string}, description: Tags.}
            owner:
              description: Owner, if any.
              nullable: true
              type: object
              properties:
                owner_id: {type: string, description: ID.}
    """
)


def test_openapi_30_nullable_and_boolean_exclusive_minimum() -> None:
    spec = parse(OPENAPI_30, "legacy.yaml")
    assert [d for d in lint(spec) if d.severity == "error"] == []
    api = build(spec)
    thing = api.types["Thing"]  # type: ignore[index]
    assert isinstance(thing, ObjectType)
    props = {p.name: p.type for p in thing.properties}
    assert props["name"] == Nullable(Primitive("string"))
    assert props["anything"] == Nullable(AnyValue())
    assert props["size"] == Primitive("integer")
    assert props["tags"] == ListOf(Primitive("string"))
    assert props["owner"] == Nullable(Named("ThingOwner"))
    assert api.package == "legacy_things"
    assert api.endpoints[0].returns == Named("Thing")


SEAM_STYLE = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: Attempts, version: "1", description: Attempts.}
    paths: {}
    components:
      schemas:
        action_attempt:
          description: An action attempt.
          oneOf:
    """
)
VARIANT = """\
        - type: object
          description: {text}
          required: [action_attempt_id, action_type, status, result]
          properties:
            action_attempt_id: {{type: string, format: uuid, description: ID.}}
            action_type: {{type: string, enum: [{action}], description: Type.}}
            status: {{type: string, enum: [{status}], description: Status.}}
            result: {{{result}, description: Result.}}
"""


def seam_style(pairs: list[tuple[str, str]]) -> str:
    variants = "".join(
        VARIANT.format(
            text="Shared text for every variant.",
            action=action,
            status=status,
            result="type: object, nullable: false" if status == "success" else "nullable: true",
        )
        for action, status in pairs
    )
    return SEAM_STYLE + variants


def test_inline_union_without_discriminator_dispatches_on_action_type_and_status() -> None:
    pairs = [(a, s) for a in ("LOCK_DOOR", "UNLOCK_DOOR", "SET_FAN_MODE") for s in ("pending", "success", "error")]
    api = build(parse(seam_style(pairs), "seam.yaml"))
    union = api.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    assert union.discriminator == ("action_type", "status")
    assert [v.tag for v in union.variants] == pairs
    names = [v.type.name for v in union.variants]
    assert names[:3] == ["ActionAttemptLockDoorPending", "ActionAttemptLockDoorSuccess", "ActionAttemptLockDoorError"]
    assert len(set(names)) == len(names)
    assert not any(name[-1].isdigit() for name in api.types)
    flat = {p.name: p.type for p in union.flat}
    assert flat["action_type"] == Primitive("string")
    assert flat["result"] == Nullable(AnyValue())


def test_one_property_suffices_when_it_tells_variants_apart() -> None:
    api = build(parse(seam_style([("LOCK_DOOR", "pending"), ("UNLOCK_DOOR", "pending")]), "seam.yaml"))
    union = api.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    assert union.discriminator == ("action_type",)


def edited_spec() -> dict[str, Any]:
    """Our spec plus a new action type, a status-specific field, an event, an error and an endpoint."""
    doc = copy.deepcopy(load(SPEC).document)
    schemas = doc["components"]["schemas"]
    add_action_type(doc, "SET_THERMOSTAT_OFF", "Turn a thermostat off.")
    add_property(
        doc,
        "SuccessfulActionAttempt",
        "completed_at",
        {"type": "string", "format": "date-time", "description": "When the action completed."},
    )
    add_event(
        doc,
        "action_attempt.lock_door.timed_out",
        "ActionAttemptLockDoorTimedOutEvent",
        "A lock door action attempt timed out.",
    )
    schemas["RateLimitedError"] = {
        "description": "Too many requests.",
        "allOf": [
            {"$ref": "#/components/schemas/ErrorBase"},
            {"type": "object", "properties": {"type": {"const": "rate_limited"}}},
        ],
    }
    schemas["ApiError"]["oneOf"].append({"$ref": "#/components/schemas/RateLimitedError"})
    schemas["ApiError"]["discriminator"]["mapping"]["rate_limited"] = "#/components/schemas/RateLimitedError"
    listing = doc["paths"]["/action_attempts/list"]["post"]
    listing["responses"]["429"] = {
        "description": "Rate limited",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}, "example": {
            "error": {"type": "rate_limited", "message": "Slow down", "request_id": "r1"}, "ok": False}}},
    }  # fmt: skip
    add_endpoint(doc, "cancel", "Cancel Action Attempt", "Cancels it.")
    return doc


def test_spec_edits_flow_through_without_generator_changes(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(edited_spec(), sort_keys=False, allow_unicode=True))
    run = cli("validate", "--spec", str(path), "--strict")
    assert run.code == 0, run.out
    api = build(load(path))
    action_types = api.types["ActionType"]  # type: ignore[index]
    assert isinstance(action_types, EnumType)
    assert action_types.values[-1].value == "SET_THERMOSTAT_OFF"
    success = api.types["SuccessfulActionAttempt"]  # type: ignore[index]
    assert isinstance(success, ObjectType)
    assert "completed_at" in {p.name for p in success.properties}
    union = api.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    assert "completed_at" in {p.name for p in union.flat}
    assert api.events[-1].name == "action_attempt.lock_door.timed_out"
    assert api.resources[0].events[-1].name == "action_attempt.lock_door.timed_out"
    assert [(e.code, e.statuses) for e in api.errors][-1] == ("rate_limited", ("429",))
    cancel = api.endpoints[-1]
    assert (cancel.name, cancel.methods, cancel.read_only, cancel.idempotent) == ("cancel", ("POST",), False, False)
    assert cancel.returns == Named("ActionAttempt")
    assert cli("generate", "--spec", str(path), "--out", str(tmp_path / "out"), "--quiet").code == 0
