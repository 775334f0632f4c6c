"""The mock server as an ASGI app (Starlette), built from the intermediate model and the spec.

Behaviour comes from the model, not from code written for this API: a resource with an
``x-resource`` object gets a store keyed by ``{object}_id``; an endpoint that returns one such
object looks it up by that parameter (404 with the documented not-found error otherwise), one
that returns a list of them filters by ``{object}_ids``, and any other endpoint answers with the
example of its success response. Requests are validated against the spec's own schemas.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seamgen.ir import Api, Endpoint, ListOf, Named, Resource
from seamgen.loader import Spec
from seamgen.mock.store import SeedError, Store
from seamgen.pointers import Resolver, encode
from seamgen.walk import operations

SPEC_URI = "urn:seamgen:spec"
MOCK_PREFIX = "/_mock"


@dataclass(frozen=True)
class Operation:
    """What the mock needs of one HTTP method of an endpoint."""

    endpoint: Endpoint
    method: str
    params: Draft202012Validator
    array_params: frozenset[str]
    number_params: dict[str, str]


class MockApi:
    """The state and behaviour behind the routes; ``app`` is the ASGI application."""

    def __init__(self, api: Api, spec: Spec, api_key: str | None = None) -> None:
        self.api = api
        self.api_key = api_key
        registry: Registry[Any] = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec.document))
        self.stores: dict[str, Store] = {
            str(r.name): Store(f"{r.object_name}_id") for r in api.resources if r.object_type and r.object_name
        }
        self.operations: dict[tuple[str, str], Operation] = {
            (str(op.endpoint.path), op.method): op for op in _operations(api, spec, registry)
        }
        self._load_examples()
        routes = [Route(f"{MOCK_PREFIX}/{name}", self._create, methods=["POST"]) for name in self.stores]
        paths = sorted({path for path, _ in self.operations})
        routes += [Route(path, self._endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]) for path in paths]
        routes.append(Route("/{path:path}", self._unknown, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]))
        self.app = Starlette(routes=routes)

    def _load_examples(self) -> None:
        """Every object in the examples of endpoints that return a resource's objects."""
        for endpoint in self.api.endpoints:
            resource = self._resource_of(endpoint)
            success = next((r for r in endpoint.responses if r.status.startswith("2")), None)
            if resource is None or success is None or not isinstance(success.example, dict):
                continue
            found = success.example.get(str(endpoint.response_key))
            for obj in found if isinstance(found, list) else [found]:
                if isinstance(obj, dict):
                    self.stores[resource.name].add({"object": obj})

    def add(self, resource: str, entry: Any) -> dict[str, Any]:
        """Add one entry (``{"object": ..., "after": ..., "then": ...}``) to ``resource``'s objects."""
        if resource not in self.stores:
            raise SeedError(f"{resource!r} is not a resource with objects ({', '.join(self.stores)})")
        return self.stores[resource].add(entry)

    def _resource_of(self, endpoint: Endpoint) -> Resource | None:
        target = endpoint.returns.item if isinstance(endpoint.returns, ListOf) else endpoint.returns
        return next(
            (
                r
                for r in self.api.resources
                if r.name in self.stores and isinstance(target, Named) and r.object_type == target
            ),
            None,
        )

    async def _create(self, request: Request) -> Response:
        name = request.url.path.removeprefix(f"{MOCK_PREFIX}/")
        try:
            created = self.add(name, await request.json())
        except (SeedError, json.JSONDecodeError) as exc:
            return self._invalid_input(str(exc))
        return JSONResponse(created, status_code=201)

    async def _unknown(self, request: Request) -> Response:
        return self._error(404, "endpoint_not_found", f"no endpoint at {request.url.path}")

    async def _endpoint(self, request: Request) -> Response:
        if not self._authorized(request):
            return self._error(401, "unauthorized", "Unauthorized")
        operation = self.operations.get((request.url.path, request.method))
        if operation is None:
            return self._error(405, "method_not_allowed", f"{request.method} is not allowed on {request.url.path}")
        params = await self._params(request, operation)
        if isinstance(params, Response):
            return params
        invalid = self._validation_error(operation, params)
        return invalid or self._answer(operation.endpoint, params)

    def _authorized(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        return self.api_key is None or token.strip() == self.api_key

    async def _params(self, request: Request, operation: Operation) -> dict[str, Any] | Response:
        if operation.method == "GET":
            query = request.query_params
            params: dict[str, Any] = {}
            for name in query:
                values = query.getlist(name)
                params[name] = (
                    values if name in operation.array_params else _number(values[-1], operation.number_params.get(name))
                )
            return params
        try:
            body = await request.json() if await request.body() else {}
        except json.JSONDecodeError:
            return self._invalid_input("the request body is not valid JSON")
        if not isinstance(body, dict):
            return self._invalid_input("the request body must be a JSON object")
        return body

    def _validation_error(self, operation: Operation, params: dict[str, Any]) -> Response | None:
        errors = sorted(operation.params.iter_errors(params), key=lambda e: list(map(str, e.absolute_path)))
        if not errors:
            return None
        tree: dict[str, Any] = {"_errors": []}
        messages = []
        for error in errors:
            field, message = _field_and_message(error)
            node = tree if field is None else tree.setdefault(field, {"_errors": []})
            node["_errors"].append(message)
            messages.append(f'{message} for provided "{field}"' if field else message)
        return self._error(400, "invalid_input", messages[0], validation_errors=tree)

    def _answer(self, endpoint: Endpoint, params: dict[str, Any]) -> Response:
        """The success example, with the objects the request asks for under the response key."""
        success = next((r for r in endpoint.responses if r.status.startswith("2")), None)
        body = dict(success.example) if success and isinstance(success.example, dict) else {}
        status = int(success.status) if success else 200
        resource = self._resource_of(endpoint)
        key = str(endpoint.response_key) if endpoint.response_key else None
        if resource is None or key is None:
            return self._ok(body, status)
        store = self.stores[resource.name]
        if isinstance(endpoint.returns, ListOf):
            wanted = params.get(f"{resource.object_name}_ids")
            ids = wanted if isinstance(wanted, list) else store.ids()
            return self._ok({**body, key: [obj for obj in map(store.get, ids) if obj is not None]}, status)
        object_id = params.get(store.id_property)
        obj = store.get(object_id) if isinstance(object_id, str) else None
        if obj is None:
            return self._not_found(endpoint, resource, str(object_id))
        return self._ok({**body, key: obj}, status)

    def _not_found(self, endpoint: Endpoint, resource: Resource, object_id: str) -> Response:
        code = f"{resource.object_name}_not_found"
        documented = any(code in r.error_codes for r in endpoint.responses)
        message = f"{resource.object_name} not found"
        data = {str(resource.object_name) + "_id": object_id}
        return self._error(404, code if documented else "not_found", message, data=data)

    def _invalid_input(self, message: str) -> Response:
        """A 400 about the request as a whole: its message is the top-level ``_errors`` entry."""
        return self._error(400, "invalid_input", message, validation_errors={"_errors": [message]})

    def _ok(self, body: Any, status: int = 200) -> Response:
        request_id = str(uuid.uuid4())
        return JSONResponse(body, status_code=status, headers={"seam-request-id": request_id})

    def _error(self, status: int, code: str, message: str, **extra: Any) -> Response:
        request_id = str(uuid.uuid4())
        error = {"type": code, "message": message, **extra, "request_id": request_id}
        return JSONResponse({"error": error, "ok": False}, status_code=status, headers={"seam-request-id": request_id})


def _number(value: str, kind: str | None) -> Any:
    """A query value converted to the number or boolean its schema wants, when it is one."""
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _field_and_message(error: ValidationError) -> tuple[str | None, str]:
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else None
        return missing, "Required"
    path = list(error.absolute_path)
    return (str(path[0]) if path else None), str(error.message)


def _operations(api: Api, spec: Spec, registry: Registry[Any]) -> list[Operation]:
    found = []
    by_route = {(op.route, op.method.upper()): op for op in operations(spec.document) if op.section == "paths"}
    for endpoint in api.endpoints:
        for method in endpoint.methods:
            op = by_route[(str(endpoint.path), method)]
            schema, arrays, numbers = _params_schema(op.spec, op.path, spec, method)
            validator = Draft202012Validator(schema, registry=registry)
            found.append(Operation(endpoint, method, validator, arrays, numbers))
    return found


def _params_schema(
    op: dict[str, Any], path: tuple[Any, ...], spec: Spec, method: str
) -> tuple[dict[str, Any], frozenset[str], dict[str, str]]:
    """One JSON Schema for all of an operation's inputs (query parameters, or the JSON body)."""
    resolver = Resolver(spec.document)
    if method != "GET":
        body, where = resolver.deref(op.get("requestBody"))
        media = ((body or {}).get("content") or {}).get("application/json")
        if not media or "schema" not in media:
            return {"type": "object"}, frozenset(), {}
        base = where or (*path, "requestBody")
        return {"$ref": SPEC_URI + encode((*base, "content", "application/json", "schema"))}, frozenset(), {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    arrays: set[str] = set()
    numbers: dict[str, str] = {}
    for index, raw in enumerate(op.get("parameters") or []):
        param, where = resolver.deref(raw)
        if not isinstance(param, dict) or param.get("in") != "query":
            continue
        name = param["name"]
        located = where or (*path, "parameters", index)
        properties[name] = {"$ref": SPEC_URI + encode((*located, "schema"))}
        schema, _ = resolver.deref(param.get("schema"))
        kind = (schema or {}).get("type") if isinstance(schema, dict) else None
        if kind == "array":
            arrays.add(name)
        elif kind in ("integer", "number", "boolean"):
            numbers[name] = kind
        if param.get("required"):
            required.append(name)
    return {"type": "object", "properties": properties, "required": required}, frozenset(arrays), numbers
