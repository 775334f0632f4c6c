"""Every fact of the two seed pages is in the spec (read through the intermediate model).

The expected values are written out here; where ``../shared/seeds`` exists the same facts
are also read from the pages themselves, so a drift between the two is caught too. The frozen
copy the seed pages are regenerated from (``tests/fixtures/seed_spec.yaml``) holds exactly these
facts; ``spec/openapi.yaml``, where users add action types, properties, events, error types and
endpoints, holds at least them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path

import pytest

from seamgen.build import build
from seamgen.ir import Api, Constant, Endpoint, EnumType, Named, ObjectType, Primitive, UnionType
from seamgen.loader import load
from tests.conftest import SEED_ENDPOINT_PAGE, SEED_OBJECT_PAGE, SEED_SPEC, SPEC, needs_seeds, spec_document

STATUSES = ["pending", "success", "error"]
ACTION_TYPES = [
    "LOCK_DOOR", "UNLOCK_DOOR", "SCAN_CREDENTIAL", "ENCODE_CREDENTIAL", "RESET_SANDBOX_WORKSPACE",
    "SET_FAN_MODE", "SET_HVAC_MODE", "ACTIVATE_CLIMATE_PRESET", "SIMULATE_KEYPAD_CODE_ENTRY",
    "SIMULATE_MANUAL_LOCK_VIA_KEYPAD", "PUSH_THERMOSTAT_PROGRAMS",
]  # fmt: skip
DOCS = "https://docs.seam.co/latest"
OBJECT_PROPERTIES = {
    "action_attempt_id": "ID of the action attempt.",
    "status": "Status of the action attempt.",
    "action_type": "Type of the action attempt.",
    "error": "Error associated with the action attempt. Null for pending and successful action attempts.",
    "result": "Result of the action attempt. Null for pending and errored action attempts.",
}
EVENT_PROPERTIES = {
    "action_attempt_id": ("uuid", "ID of the affected action attempt."),
    "action_type": (None, "Type of the action."),
    "created_at": ("date-time", "Date and time at which the event was created."),
    "event_id": ("uuid", "ID of the event."),
    "event_type": (None, None),
    "occurred_at": ("date-time", "Date and time at which the event occurred."),
    "status": (None, "Status of the action."),
    "workspace_id": ("uuid", f"ID of the [workspace]({DOCS}/core-concepts/workspaces) associated with the event."),
}
EVENTS = {
    "action_attempt.lock_door.succeeded": "A lock door [action attempt]({}/core-concepts/action-attempts) succeeded.",
    "action_attempt.lock_door.failed": "A lock door [action attempt]({}/core-concepts/action-attempts) failed.",
    "action_attempt.unlock_door.succeeded": "An unlock door [action attempt]({}/core-concepts/action-attempts) succeeded.",
    "action_attempt.unlock_door.failed": "An unlock door [action attempt]({}/core-concepts/action-attempts) failed.",
}
SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"
BODIES = {
    "200": {"action_attempt": {"status": "success", "action_attempt_id": SEED_ID, "action_type": "UNLOCK_DOOR", "result": {}, "error": None}, "ok": True},
    "400": {
        "error": {
            "type": "invalid_input",
            "message": 'Required for provided "action_attempt_id"',
            "validation_errors": {"_errors": [], "action_attempt_id": {"_errors": ["Required"]}},
            "request_id": "315d5b5f-1dde-433f-9f01-ad780bbd4687",
        },
        "ok": False,
    },
    "404": {
        "error": {
            "type": "action_attempt_not_found",
            "message": "action_attempt not found",
            "data": {"action_attempt_id": "f7d02670-123a-49f1-b615-b44a2808e5c4"},
            "request_id": "27fa9e5d-485f-42ad-99d3-6d07006f00f5",
        },
        "ok": False,
    },
}  # fmt: skip


@pytest.fixture(scope="module", params=[SEED_SPEC, SPEC], ids=["seed_spec", "spec"])
def spec(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture(scope="module")
def api(spec: Path) -> Api:
    return build(load(spec))


def holds(spec: Path, found: Collection[object], expected: Collection[object]) -> bool:
    """The frozen seed spec has exactly the expected facts, in their order; the spec users edit at least them."""
    return list(found) == list(expected) if spec == SEED_SPEC else set(found) >= set(expected)


def endpoint(api: Api, path: str) -> Endpoint:
    [found] = [e for e in api.endpoints if e.path == path]
    return found


def stable(text: str) -> str:
    """Seed links point at one revision of Seam's site; the spec links to the stable pages."""
    return re.sub(r"/~/revisions/[A-Za-z0-9]+", "", text)


def enum_values(api: Api, name: str) -> list[object]:
    enum = api.types[name]  # type: ignore[index]
    assert isinstance(enum, EnumType)
    assert all(value.description for value in enum.values), "every enum value carries a description"
    return [value.value for value in enum.values]


def test_action_attempt_object(spec: Path, api: Api) -> None:
    assert holds(spec, [r.name for r in api.resources], ["action_attempts"])
    [resource] = [r for r in api.resources if r.name == "action_attempts"]
    assert resource.object_name == "action_attempt"
    assert resource.description == "Represents an attempt to perform an action against a device."
    union = api.types[resource.object_type.name]  # type: ignore[union-attr,index]
    assert isinstance(union, UnionType)
    assert union.discriminator == ("status",)
    assert holds(spec, [v.tag for v in union.variants], [(s,) for s in STATUSES])
    assert holds(spec, [(p.name, p.description) for p in union.flat], list(OBJECT_PROPERTIES.items()))
    flat = {p.name: p.type for p in union.flat}
    assert flat["action_attempt_id"] == Primitive("string", "uuid")
    assert flat["status"] == Named("ActionAttemptStatus")
    assert flat["action_type"] == Named("ActionType")
    assert holds(spec, enum_values(api, "ActionAttemptStatus"), STATUSES)
    assert holds(spec, enum_values(api, "ActionType"), ACTION_TYPES)


def test_error_is_null_unless_failed_and_result_null_unless_successful(api: Api) -> None:
    union = api.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    by_status = {v.tag[0]: api.types[v.type.name] for v in union.variants}
    for status in STATUSES:
        model = by_status[status]
        assert isinstance(model, ObjectType)
        props = {p.name: p.type for p in model.properties}
        assert props["status"] == Constant(status, Named("ActionAttemptStatus"))
        assert (props["error"] == Primitive("null")) is (status != "error")
        assert (props["result"] == Primitive("null")) is (status != "success")
    error_model = api.types["ActionAttemptError"]  # type: ignore[index]
    assert isinstance(error_model, ObjectType)
    assert {p.name for p in error_model.properties if p.required} >= {"type", "message"}


def test_events(spec: Path, api: Api) -> None:
    assert holds(spec, [e.name for e in api.events], list(EVENTS))
    assert api.event_union == Named("ActionAttemptEvent")
    events = {e.name: e for e in api.events}
    for name, description in EVENTS.items():
        event = events[name]
        assert event.description == description.format(DOCS)
        model = api.types[event.type.name]  # type: ignore[union-attr,index]
        assert isinstance(model, ObjectType)
        props = {p.name: p for p in model.properties}
        assert holds(spec, sorted(props), sorted(EVENT_PROPERTIES))
        assert props["event_type"].type == Constant(event.name, Primitive("string"))
        for name, (fmt, description) in EVENT_PROPERTIES.items():
            if name != "event_type":
                assert props[name].type == Primitive("string", fmt)
                assert props[name].description == description
            assert props[name].required


def test_endpoints(spec: Path, api: Api) -> None:
    assert holds(spec, [e.path for e in api.endpoints], ["/action_attempts/get", "/action_attempts/list"])
    get, listing = endpoint(api, "/action_attempts/get"), endpoint(api, "/action_attempts/list")
    assert (get.path, get.methods, get.read_only) == ("/action_attempts/get", ("GET", "POST"), True)
    assert (listing.path, listing.methods, listing.read_only) == ("/action_attempts/list", ("GET", "POST"), True)
    assert get.description == f"Returns a specified [action attempt]({DOCS}/core-concepts/action-attempts)."
    assert listing.description == (
        f"Returns a list of the [action attempts]({DOCS}/core-concepts/action-attempts) "
        "that you specify as an array of `action_attempt_id`s."
    )
    assert (get.title, get.summary, get.page_description) == (
        "Get Action Attempt", "Get an Action Attempt", "Retrieve an Action Attempt using its ID."
    )  # fmt: skip
    [param] = get.parameters
    assert (param.name, param.location, param.required) == ("action_attempt_id", "query", True)
    assert param.description == "ID of the Action Attempt to be retrieved"
    [ids] = listing.parameters
    assert ids.name == "action_attempt_ids"
    assert [s.url for s in api.servers] == ["https://connect.getseam.com"]
    [auth] = api.auth
    assert (auth.kind, auth.scheme, auth.bearer_format) == ("http", "bearer", "API_KEY")
    assert [(s.language, s.label) for s in api.code_samples] == [
        ("python", "Python"),
        ("javascript", "Javascript"),
        ("ruby", "Ruby"),
    ]


def test_responses_carry_the_seed_bodies(spec: Path, api: Api) -> None:
    responses = {r.status: r for r in endpoint(api, "/action_attempts/get").responses}
    assert holds(spec, sorted(responses), ["200", "400", "401", "404"])
    assert responses["200"].description == "Action Attempt retrieved"
    assert responses["404"].description == "Action Attempt not found"
    for status, body in BODIES.items():
        assert responses[status].example == body
    assert holds(spec, [e.code for e in api.errors], ["invalid_input", "unauthorized", "action_attempt_not_found"])
    assert holds(spec, responses["404"].error_codes, ["action_attempt_not_found"])


def test_every_operation_requires_the_bearer_key(spec: Path) -> None:
    doc = spec_document(spec)
    assert doc["security"] == [{"api_key": []}]
    for item in doc["paths"].values():
        for operation in item.values():
            assert operation.get("security", doc["security"]) == [{"api_key": []}]


@needs_seeds
def test_seed_pages_agree_with_the_expected_values(api: Api) -> None:
    endpoint_page = SEED_ENDPOINT_PAGE.read_text(encoding="utf-8")
    object_page = stable(SEED_OBJECT_PAGE.read_text(encoding="utf-8"))
    bodies = re.findall(
        r'{% swagger-response status="(\d+)[^"]*" description="([^"]*)" %}\n```javascript\n(.*?)```',
        endpoint_page,
        re.S,
    )
    assert {status: json.loads(body) for status, _, body in bodies} == BODIES
    assert {s: d for s, d, _ in bodies if d} == {
        r.status: r.description for r in endpoint(api, "/action_attempts/get").responses if r.status in ("200", "404")
    }
    for value in STATUSES + ACTION_TYPES:
        assert f"* `{value}`" in object_page
    for name, description in EVENTS.items():
        assert f"**`{name}`**\n\n{description.format(DOCS)}" in object_page
    for name, description in OBJECT_PROPERTIES.items():
        assert f"**`{name}`**" in object_page and description in object_page
    for name, (_, description) in EVENT_PROPERTIES.items():
        assert f"**`{name}`**" in object_page and (description is None or description in object_page)
    assert 'baseUrl="https://connect.getseam.com" summary="Get an Action Attempt"' in endpoint_page
    assert "description: Retrieve an Action Attempt using its ID." in endpoint_page
    assert "# Get Action Attempt" in endpoint_page
    assert "ID of the Action Attempt to be retrieved" in endpoint_page
    assert "Bearer <API_KEY>" in endpoint_page
    assert [t for t in re.findall(r'{% tab title="(\w+)" %}', endpoint_page) if t != "JSON"] == [
        "Python",
        "Javascript",
        "Ruby",
    ]
