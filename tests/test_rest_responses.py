"""The generated client reads responses as the spec declares them, leniently unless asked to be strict.

Every call goes through a real server on 127.0.0.1 (``scripted``), sync and async. A success body
that strays from the spec still returns the spec's classes, with ``response_problems`` saying where
and one warning per endpoint and problem; ``strict_response_validation=True`` raises instead.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import json
import logging
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import SPEC, generate_package, import_package, spec_document
from tests.servers import Reply, scripted

Invoke = Callable[..., Any]
SEAM = spec_document(SPEC)
SCHEMAS = SEAM["components"]["schemas"]
GET_KEY = SEAM["paths"]["/action_attempts/get"]["post"]["x-response-key"]
LIST_KEY = SEAM["paths"]["/action_attempts/list"]["post"]["x-response-key"]
SUCCESS = SEAM["components"]["responses"]["ActionAttemptRetrieved"]["content"]["application/json"]["example"][GET_KEY]
LISTED = SEAM["components"]["responses"]["ActionAttemptsListed"]["content"]["application/json"]["example"][LIST_KEY]


def generate(folder: Path, text: str, name: str) -> ModuleType:
    """The package ``name`` generated from the spec ``text`` into ``folder``, imported."""
    return import_package(generate_package(folder, text, name), name)


@pytest.fixture(scope="module")
def seam(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """Our spec's package, generated now (the committed one is regenerated only at release)."""
    return generate(tmp_path_factory.mktemp("seam"), SPEC.read_text(encoding="utf-8"), "seam_responses")


@pytest.fixture(params=["sync", "async"])
def invoke(request: pytest.FixtureRequest) -> Invoke:
    """``client.<path>(**params)`` on a fresh sync or async client of ``module``'s class ``client``."""

    def call(module: ModuleType, client: str, path: str, options: dict[str, Any], **params: Any) -> Any:
        *namespaces, method = path.split(".")

        def target(root: Any) -> Any:
            for name in namespaces:
                root = getattr(root, name)
            return getattr(root, method)

        if request.param == "sync":
            with getattr(module, client)(api_key="k", **options) as sync:
                return target(sync)(**params)

        async def run() -> Any:
            async with getattr(module, f"Async{client}")(api_key="k", **options) as client_:
                return await target(client_)(**params)

        return asyncio.run(run())

    return call


def get_attempt(invoke: Invoke, seam: ModuleType, body: Any, strict: bool = False) -> Any:
    with scripted(Reply(200, body)) as (url, _):
        options = {"endpoint": url, "strict_response_validation": strict}
        return invoke(seam, "Seam", "action_attempts.get", options, action_attempt_id="a1")


def required_of(schema: str) -> list[str]:
    """The required properties of a schema (of the parts of its ``allOf``)."""
    parts = [SCHEMAS[schema], *(SCHEMAS[p["$ref"].rsplit("/", 1)[1]] for p in SCHEMAS[schema].get("allOf", []))]
    return [name for part in parts for name in part.get("required", [])]


# Each way a success body strays: the attempt as sent, and where the problem is.
STRAYS = {
    "null-where-object-required": ({**SUCCESS, "result": None}, ("result",)),
    "required-property-absent": ({k: v for k, v in SUCCESS.items() if k != "action_type"}, ("action_type",)),
    "wrong-type-deep-inside": (
        {**SUCCESS, "status": "error", "result": None, "error": {"type": "offline", "message": 5}},
        ("error", "message"),
    ),
}


@pytest.mark.parametrize(("attempt", "location"), STRAYS.values(), ids=STRAYS.keys())
def test_a_stray_success_body_returns_its_class_with_the_problem(
    invoke: Invoke, seam: ModuleType, attempt: dict[str, Any], location: tuple[str, ...]
) -> None:
    assert location[0] in required_of("ActionAttemptBase")
    got = get_attempt(invoke, seam, {GET_KEY: attempt, "ok": True})
    variant = {"success": seam.SuccessfulActionAttempt, "error": seam.FailedActionAttempt}[attempt["status"]]
    assert type(got) is variant
    assert [problem.location for problem in seam.response_problems(got)] == [location]
    for name, value in attempt.items():
        inner = getattr(got, name)
        assert (vars(inner) if dataclasses.is_dataclass(inner) else inner) == value  # kept as sent
    assert json.loads(got.model_dump_json()) == got.model_dump(mode="json") == attempt  # and dumped as sent
    if len(location) > 1:  # the nested model carries its own problem, located from itself
        assert [p.location for p in seam.response_problems(getattr(got, location[0]))] == [location[1:]]


@pytest.mark.parametrize(("attempt", "location"), STRAYS.values(), ids=STRAYS.keys())
def test_strict_response_validation_raises_on_each_stray_body(
    invoke: Invoke, seam: ModuleType, attempt: dict[str, Any], location: tuple[str, ...]
) -> None:
    with pytest.raises(seam.SeamInvalidResponseError, match="does not match the spec"):
        get_attempt(invoke, seam, {GET_KEY: attempt, "ok": True}, strict=True)


def test_a_list_with_a_stray_item_returns_every_item(invoke: Invoke, seam: ModuleType) -> None:
    items = copy.deepcopy(LISTED)
    items[1]["action_attempt_id"] = 5
    with scripted(Reply(200, {LIST_KEY: items})) as (url, _):  # without `ok`: the envelope is not checked
        got = invoke(seam, "Seam", "action_attempts.list", {"endpoint": url}, action_attempt_ids=["a"])
    assert [item.action_attempt_id for item in got] == [LISTED[0]["action_attempt_id"], 5]
    assert seam.response_problems(got[0]) == ()
    [problem] = seam.response_problems(got[1])
    assert problem.location == ("action_attempt_id",)
    assert str(problem).startswith("action_attempt_id: ")




@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_unknown_values_fields_and_variants_are_no_problem(invoke: Invoke, seam: ModuleType, strict: bool) -> None:
    newer = {**SUCCESS, "action_type": "OPEN_GARAGE", "took_ms": 12}
    unknown_status = {**SUCCESS, "status": "queued", "result": None}
    for attempt, variant in ((newer, seam.SuccessfulActionAttempt), (unknown_status, seam.UnknownActionAttempt)):
        got = get_attempt(invoke, seam, {GET_KEY: attempt, "ok": True}, strict=strict)
        assert type(got) is variant
        assert got.model_dump(mode="json") == attempt
        assert seam.response_problems(got) == ()


@pytest.mark.parametrize("body", [b"{not json", {"ok": True}], ids=["not-json", "no-response-key"])
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_body_without_the_data_is_an_invalid_response_in_both_modes(
    invoke: Invoke, seam: ModuleType, body: Any, strict: bool
) -> None:
    with pytest.raises(seam.SeamInvalidResponseError):
        get_attempt(invoke, seam, body, strict=strict)


def error_body(code: str | None) -> dict[str, Any]:
    return {"error": {"message": "no", **({"type": code} if code else {})}, "ok": False}


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (404, "action_attempt_not_found", "SeamHttpActionAttemptNotFoundError"),
        (400, "unauthorized", "SeamHttpUnauthorizedError"),  # the type wins over the status
        (404, None, "SeamHttpActionAttemptNotFoundError"),  # the one type the spec documents for 404
        (404, "device_not_found", "SeamHttpApiError"),  # an undocumented type: the root
        (418, None, "SeamHttpApiError"),
    ],
)
def test_error_responses_map_to_the_documented_classes(
    invoke: Invoke, seam: ModuleType, status: int, code: str | None, error: str
) -> None:
    with scripted(Reply(status, error_body(code))) as (url, _), pytest.raises(seam.SeamHttpApiError) as caught:
        invoke(seam, "Seam", "action_attempts.get", {"endpoint": url, "max_retries": 0}, action_attempt_id="a")
    assert type(caught.value).__name__ == error
    assert (caught.value.status_code, caught.value.code) == (status, code or "unknown")


SHAPES = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Shapes API, version: "1"}
    servers: [{url: "https://shapes.example.com"}]
    paths:
      /pets/{id}:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get:
          operationId: getPet
          x-fern-sdk-group-name: pets
          x-fern-sdk-method-name: get
          responses:
            "200": {description: A pet, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
        delete:
          operationId: deletePet
          x-fern-sdk-group-name: pets
          x-fern-sdk-method-name: delete
          responses: {"204": {description: Deleted}}
      /wrapped/{id}:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get:
          operationId: getWrapped
          x-fern-sdk-group-name: wrapped
          x-fern-sdk-method-name: get
          x-response-key: pet
          responses:
            "200":
              description: A pet in an envelope
              content:
                application/json:
                  schema: {type: object, properties: {pet: {$ref: "#/components/schemas/Pet"}}}
      /names:
        get:
          operationId: listNames
          x-fern-sdk-group-name: names
          x-fern-sdk-method-name: list
          responses:
            "200":
              description: Names
              content: {application/json: {schema: {type: array, items: {type: string}}}}
      /count:
        get:
          operationId: getCount
          x-fern-sdk-group-name: count
          x-fern-sdk-method-name: get
          responses: {"200": {description: A count, content: {application/json: {schema: {type: integer}}}}}
      /either:
        get:
          operationId: getEither
          x-fern-sdk-group-name: either
          x-fern-sdk-method-name: get
          responses:
            "200":
              description: A pet or a name
              content:
                application/json:
                  schema: {anyOf: [{$ref: "#/components/schemas/Pet"}, {type: string}]}
      /fallback:
        get:
          operationId: getFallback
          x-fern-sdk-group-name: fallback
          x-fern-sdk-method-name: get
          responses:
            default: {description: A pet, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
      /report:
        get:
          operationId: getReport
          x-fern-sdk-group-name: report
          x-fern-sdk-method-name: get
          responses: {"200": {description: Text, content: {text/plain: {schema: {type: string}}}}}
      /photo:
        get:
          operationId: getPhoto
          x-fern-sdk-group-name: photo
          x-fern-sdk-method-name: get
          responses: {"200": {description: Bytes, content: {image/png: {schema: {type: string}}}}}
    components:
      schemas:
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string}
    """
)
SHAPES_DOC = yaml.safe_load(SHAPES)
PET = {"name": "rex"}


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate(tmp_path_factory.mktemp("shapes"), SHAPES, "shapes_responses")


def call_shapes(invoke: Invoke, shapes: ModuleType, reply: Reply, path: str, strict: bool = False, **params: Any) -> Any:
    with scripted(reply) as (url, _):
        return invoke(shapes, "Shapes", path, {"endpoint": url, "strict_response_validation": strict}, **params)


def test_a_one_property_body_is_no_envelope(invoke: Invoke, shapes: ModuleType) -> None:
    assert "x-response-key" not in SHAPES_DOC["paths"]["/pets/{id}"]["get"]
    got = call_shapes(invoke, shapes, Reply(200, PET), "pets.get", id="p1")
    assert isinstance(got, shapes.Pet)
    assert got.model_dump() == PET


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(404, {"code": 404, "message": "no such pet"}), "no such pet"),
        (Reply(404, {"title": "Not Found", "detail": "pet p1 is gone"}, {"content-type": "application/problem+json"}),
         "pet p1 is gone"),  # RFC 9457's problem details
        (Reply(403, {"error": "insufficient_scope"}), "insufficient_scope"),  # OAuth's
        (Reply(502, b"<html>Bad Gateway</html>", {"content-type": "text/html"}), "HTTP 502 Bad Gateway"),
    ],
)  # fmt: skip
def test_an_error_body_of_any_shape_reaches_the_error(
    invoke: Invoke, shapes: ModuleType, reply: Reply, message: str
) -> None:
    with scripted(reply) as (url, _), pytest.raises(shapes.ShapesHttpApiError) as caught:
        invoke(shapes, "Shapes", "pets.get", {"endpoint": url, "max_retries": 0}, id="p1")
    assert (caught.value.status_code, caught.value.message) == (reply.status, message)
    sent = reply.body if isinstance(reply.body, dict) else reply.body.decode()
    assert caught.value.body == sent


def test_x_response_key_unwraps_the_envelope(invoke: Invoke, shapes: ModuleType) -> None:
    key = SHAPES_DOC["paths"]["/wrapped/{id}"]["get"]["x-response-key"]
    got = call_shapes(invoke, shapes, Reply(200, {key: PET}), "wrapped.get", id="p1")
    assert isinstance(got, shapes.Pet)
    assert got.model_dump() == PET


@pytest.mark.parametrize(
    ("path", "reply", "expected"),
    [
        ("names.list", Reply(200, ["a", "b"]), ["a", "b"]),
        ("count.get", Reply(200, b"7", {"content-type": "application/json"}), 7),
        ("either.get", Reply(200, b'"rex"', {"content-type": "application/json"}), "rex"),
        ("pets.delete", Reply(204), None),
        ("report.get", Reply(200, b"all good", {"content-type": "text/plain"}), "all good"),
        ("photo.get", Reply(200, b"\x89PNG", {"content-type": "image/png"}), b"\x89PNG"),
    ],
    ids=["array", "primitive", "union-string", "204", "text", "bytes"],
)
def test_every_shape_of_body_is_returned_as_declared(
    invoke: Invoke, shapes: ModuleType, path: str, reply: Reply, expected: Any
) -> None:
    assert call_shapes(invoke, shapes, reply, path, strict=True, **({"id": "p1"} if "pets" in path else {})) == expected


def test_union_and_default_responses_return_models(invoke: Invoke, shapes: ModuleType) -> None:
    assert isinstance(call_shapes(invoke, shapes, Reply(200, PET), "either.get", strict=True), shapes.Pet)
    assert "200" not in SHAPES_DOC["paths"]["/fallback"]["get"]["responses"]
    assert call_shapes(invoke, shapes, Reply(200, PET), "fallback.get", strict=True) == shapes.Pet(name="rex")


@pytest.mark.parametrize(
    ("path", "body"),
    [("count.get", b'"7"'), ("names.list", b'["a", 2]'), ("pets.get", b"{}"), ("pets.get", b"")],
    ids=["string-for-integer", "item-of-wrong-type", "required-absent", "empty-body"],
)
def test_stray_primitives_and_arrays_come_back_as_sent_unless_strict(
    invoke: Invoke, shapes: ModuleType, path: str, body: bytes
) -> None:
    reply = Reply(200, body, {"content-type": "application/json"})
    params = {"id": "p1"} if "pets" in path else {}
    got = call_shapes(invoke, shapes, reply, path, **params)
    if body == b"{}":
        assert isinstance(got, shapes.Pet)
        assert [p.location for p in shapes.response_problems(got)] == [("name",)]
    else:
        assert got == (yaml.safe_load(body) if body else None)
    with pytest.raises(shapes.ShapesInvalidResponseError):
        call_shapes(invoke, shapes, reply, path, strict=True, **params)


def test_each_problem_is_logged_once_per_endpoint(shapes: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="shapes_responses")
    with scripted(Reply(200, {"name": 5})) as (url, _), shapes.Shapes(api_key="k", endpoint=url) as client:
        for _ in range(3):  # only this test sends /fallback a stray body: the warning is new
            assert client.fallback.get().name == 5
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "/fallback" in warnings[0] and "name" in warnings[0]
