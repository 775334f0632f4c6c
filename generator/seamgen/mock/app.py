"""The mock server as an ASGI app (Starlette), built from the intermediate model and the spec.

Behaviour comes from the model, not from code written for this API: a resource with an
``x-resource`` object gets a store keyed by ``{object}_id``; an endpoint that returns one such
object looks it up by that parameter (404 with the documented not-found error otherwise), one
that returns a list of them filters by ``{object}_ids``, and any other endpoint answers with the
example of its success response. Requests are validated against the spec's own schemas.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from jsonschema.protocols import Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from seamgen.ir import Api, Endpoint, ListOf, Named, Resource
from seamgen.loader import Spec
from seamgen.media import is_json, json_media
from seamgen.mock.auth import Auth
from seamgen.mock.inputs import SPEC_URI, Inputs, Problem, UnsupportedMedia, schema_problems
from seamgen.mock.jsondata import NotJson, parse_json
from seamgen.mock.limits import DEFAULT_LIMITS, Limits, ReadLimits, Rejected
from seamgen.mock.routes import Router
from seamgen.mock.store import SeedError, Store
from seamgen.mock.values import media_example
from seamgen.pointers import Resolver, as_dict, encode
from seamgen.walk import HTTP_METHODS, operations

MOCK_PREFIX = "/_mock"
# A body whose status forbids one (RFC 9110).
_NO_BODY = frozenset({204, 304})


@dataclass(frozen=True)
class Operation:
    """What the mock needs of one operation: its spec, its inputs and, for Seam's resource
    endpoints, the client method it belongs to."""

    route: str
    method: str
    spec: dict[str, Any]
    inputs: Inputs
    endpoint: Endpoint | None


class MockApi:
    """The state and behaviour behind the routes; ``app`` is the ASGI application."""

    def __init__(self, api: Api, spec: Spec, api_key: str | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        self.api = api
        self.limits = limits
        self.resolver = Resolver(spec.document)
        self.auth = Auth(spec.document, api_key)
        self.seam_errors = bool(api.errors)
        """Errors in Seam's envelope (``{"error": {"type", "message"}, "ok": false}``) where the spec
        documents its errors so; else the spec's own error bodies."""
        self.stores: dict[str, Store] = {
            str(r.name): Store(f"{r.object_name}_id") for r in api.resources if r.object_type and r.object_name
        }
        make = _validators(spec)
        self.object_validators = {
            str(r.name): make({"$ref": SPEC_URI + encode(where)})
            for r in api.resources
            if str(r.name) in self.stores and (where := _object_schema(spec.document, str(r.object_name)))
        }
        self.operations = {(op.route, op.method): op for op in _operations(api, spec, make)}
        self.router = Router(route for route, _ in self.operations)
        self.prefixes = _server_paths(spec.document)
        self._load_examples()
        routes = [Route(f"{MOCK_PREFIX}/{name}", self._create, methods=["POST"]) for name in self.stores]
        routes.append(Route("/{path:path}", self._dispatch, methods=[m.upper() for m in HTTP_METHODS]))
        self.app = Starlette(
            routes=routes,
            middleware=[Middleware(ReadLimits, limits=limits)],
            exception_handlers={Rejected: self._rejected},
        )

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
        """Add one entry (``{"object": ..., "after": ..., "then": ...}``) to ``resource``'s objects, when
        its object (as it is, and as it settles) is one the resource's schema allows."""
        if resource not in self.stores:
            raise SeedError(f"{resource!r} is not a resource with objects ({', '.join(self.stores)})")

        def check(entry: dict[str, Any]) -> None:
            problems = self._object_problems(resource, entry)
            if problems:
                where = ", ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
                raise SeedError(f"the object does not match the {resource} schema ({where})")

        return self.stores[resource].add(entry, check)

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
        """Add the entry in the body, when it is well formed and its object (as it is, and as it
        settles) is one the spec's schema for the resource allows; with ``--api-key``, only for that key."""
        if self.auth.api_key is not None and not self.auth.accepts(request):
            return self._error(None, 401, "unauthorized", "Unauthorized")
        name = request.url.path.removeprefix(f"{MOCK_PREFIX}/")
        try:
            entry = parse_json(await request.body())
            problems = self._object_problems(name, entry)
            if not problems:  # the problems one by one, as for any invalid request; a seed gets them in one line
                return JSONResponse(self.add(name, entry), status_code=201)
        except (SeedError, NotJson) as exc:
            problems = [Problem(None, str(exc))]
        return self._invalid(None, problems)

    def _object_problems(self, resource: str, entry: Any) -> list[Problem]:
        validator = self.object_validators.get(resource)
        if validator is None or not isinstance(entry, dict) or not isinstance(entry.get("object"), dict):
            return []
        then = entry.get("then")
        settled = {**entry["object"], **then} if isinstance(then, dict) else None
        return schema_problems(validator, entry["object"]) + (schema_problems(validator, settled) if settled else [])

    async def _rejected(self, request: Request, exc: Exception) -> Response:
        """A request a limit stopped (``Rejected``), answered in the spec's format; the connection
        is closed, since the rest of its body will not be read."""
        assert isinstance(exc, Rejected)
        return self._error(None, exc.status, exc.code, str(exc), headers={"Connection": "close"})

    def _route(self, request: Request) -> tuple[str, dict[str, str]] | None:
        """The spec's path template for the request, also below a server URL's path (``/v2``)."""
        raw = request.scope.get("raw_path")
        path = raw.decode("latin-1").split("?", 1)[0] if isinstance(raw, bytes) else request.url.path
        found = self.router.match(path)
        for prefix in self.prefixes:
            if found is None and path.startswith(prefix + "/"):
                found = self.router.match(path.removeprefix(prefix))
        return found

    async def _dispatch(self, request: Request) -> Response:
        """Route, authorize, read and check the request, then answer it."""
        route = self._route(request)
        if route is None:
            return self._error(None, 404, "endpoint_not_found", f"no endpoint at {request.url.path}")
        template, path = route
        op = self.operations.get((template, request.method))
        if op is None:
            allowed = ", ".join(method for route, method in self.operations if route == template)
            message = f"{request.method} is not allowed on {request.url.path}"
            return self._error(None, 405, "method_not_allowed", message, headers={"Allow": allowed})
        if self.auth.required(op.spec) and not self.auth.accepts(request):
            return self._error(op, 401, "unauthorized", "Unauthorized")
        values = op.inputs.parameter_values(request, path)
        try:
            body, body_problems = await op.inputs.body(request)
        except UnsupportedMedia as exc:
            return self._error(op, 415, "unsupported_media_type", str(exc))
        problems = op.inputs.problems(values) + body_problems
        if problems:
            return self._invalid(op, problems)
        params = {**values["path"], **values["query"], **(body if isinstance(body, dict) else {})}
        return self._answer(op, params)

    def _invalid(self, op: Operation | None, problems: list[Problem]) -> Response:
        """400 ``invalid_input`` with Seam's ``validation_errors`` tree, or the spec's own 400 or 422."""
        tree: dict[str, Any] = {"_errors": []}
        for field, message in problems:
            node = tree if field is None else tree.setdefault(field, {"_errors": []})
            node["_errors"].append(message)
        field, message = problems[0]
        text = f'{message} for provided "{field}"' if field else message
        documented = as_dict(op.spec.get("responses")) if op else {}
        status = next((int(s) for s in ("400", "422") if s in documented), 400)
        return self._error(op, status, "invalid_input", text, validation_errors=tree)

    def _answer(self, op: Operation, params: dict[str, Any]) -> Response:
        """The success example, with the objects the request asks for under the response key."""
        status, media_type, body = self._documented(op, _success_status(op.spec))
        resource = self._resource_of(op.endpoint) if op.endpoint else None
        key = str(op.endpoint.response_key) if op.endpoint and op.endpoint.response_key else None
        if op.endpoint is None or resource is None or key is None:
            return self._reply(status, media_type, body)
        body = dict(body) if isinstance(body, dict) else {}
        store = self.stores[resource.name]
        if isinstance(op.endpoint.returns, ListOf):
            wanted = params.get(f"{resource.object_name}_ids")
            ids = wanted if isinstance(wanted, list) else store.ids()
            return self._ok({**body, key: [obj for obj in map(store.get, ids) if obj is not None]}, status)
        object_id = params.get(store.id_property)
        obj = store.get(object_id) if isinstance(object_id, str) else None
        if obj is None:
            return self._not_found(op, resource, str(object_id))
        return self._ok({**body, key: obj}, status)

    def _documented(self, op: Operation, status: str | None) -> tuple[int, str | None, Any]:
        """The status, media type and example data of the response ``status`` of ``op``."""
        code = 200 if status is None or not status.isdigit() else int(status)
        responses = as_dict(op.spec.get("responses"))
        response = as_dict(self.resolver.deref(responses.get(status or ""))[0])
        content = as_dict(response.get("content"))
        media = json_media(content)
        key = next((k for k in content if content[k] is media), None) or next(iter(content), None)
        return code, key, media_example(content[key], self.resolver) if key else None

    def _reply(self, status: int, media_type: str | None, body: Any) -> Response:
        if status in _NO_BODY or media_type is None:
            return Response(status_code=status)
        if is_json(media_type):
            return JSONResponse(body, status_code=status, media_type=media_type)
        content = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else b""
        return Response(content, status_code=status, media_type=media_type)

    def _not_found(self, op: Operation, resource: Resource, object_id: str) -> Response:
        code = f"{resource.object_name}_not_found"
        documented = op.endpoint is not None and any(code in r.error_codes for r in op.endpoint.responses)
        message = f"{resource.object_name} not found"
        data = {str(resource.object_name) + "_id": object_id}
        return self._error(op, 404, code if documented else "not_found", message, data=data)

    def _ok(self, body: Any, status: int = 200) -> Response:
        request_id = str(uuid.uuid4())
        return JSONResponse(body, status_code=status, headers={"seam-request-id": request_id})

    def _error(
        self,
        op: Operation | None,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> Response:
        """Seam's envelope, or the body the operation documents for ``status`` (the message as text
        when it documents none)."""
        if self.seam_errors:
            request_id = str(uuid.uuid4())
            error = {"type": code, "message": message, **extra, "request_id": request_id}
            headers = {**(headers or {}), "seam-request-id": request_id}
            return JSONResponse({"error": error, "ok": False}, status_code=status, headers=headers)
        documented = _error_status(op.spec, status) if op else None
        _, media_type, body = self._documented(op, documented) if op and documented else (status, None, None)
        if media_type is None:  # no body documented: say what is wrong
            return Response(message, status_code=status, media_type="text/plain", headers=headers)
        reply = self._reply(status, media_type, body)
        reply.headers.update(headers or {})
        return reply


def _success_status(operation: dict[str, Any]) -> str | None:
    """The first 2xx response the operation documents (``2XX`` too), else ``default``."""
    responses = [str(s) for s in as_dict(operation.get("responses"))]
    found = sorted(s for s in responses if s.startswith("2"))
    return found[0] if found else "default" if "default" in responses else None


def _error_status(operation: dict[str, Any], status: int) -> str | None:
    """The response documented for an error ``status``: itself, its class (``4XX``), or ``default``."""
    responses = [str(s) for s in as_dict(operation.get("responses"))]
    for candidate in (str(status), f"{status // 100}XX", f"{status // 100}xx"):
        if candidate in responses:
            return candidate
    return "default" if "default" in responses and _success_status(operation) != "default" else None


def _server_paths(document: dict[str, Any]) -> list[str]:
    """The paths of the spec's server URLs (``/v2``), which requests may carry before a route."""
    servers = document.get("servers")
    urls = [str(as_dict(server).get("url")) for server in servers] if isinstance(servers, list) else []
    return sorted({path for path in (urlparse(url).path.rstrip("/") for url in urls) if path})


def _validators(spec: Spec) -> Callable[[dict[str, Any]], Validator]:
    """A factory of validators of the spec's dialect, in which ``SPEC_URI`` refers to the spec."""
    from openapi_schema_validator import OAS30Validator, OAS31Validator

    is_30 = str(spec.document.get("openapi", "")).startswith("3.0")
    resource = (DRAFT4 if is_30 else DRAFT202012).create_resource(spec.document)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    cls = OAS30Validator if is_30 else OAS31Validator
    return lambda schema: cls(schema, registry=registry)


def _object_schema(document: dict[str, Any], object_name: str) -> tuple[str, ...] | None:
    """Where the schema of a resource's object is: the component schema of that ``x-resource``."""
    schemas = as_dict(as_dict(document.get("components")).get("schemas"))
    found = (name for name, schema in schemas.items() if as_dict(schema).get("x-resource") == object_name)
    name = next(found, None)
    return ("components", "schemas", name) if name is not None else None


def _operations(api: Api, spec: Spec, make: Callable[[dict[str, Any]], Validator]) -> list[Operation]:
    """Every operation under ``paths``, with its inputs read through validators of the spec's dialect."""
    resolver = Resolver(spec.document)
    endpoints: dict[tuple[str, str], Endpoint] = {(str(e.path), m): e for e in api.endpoints for m in e.methods}
    found = []
    for op in operations(spec.document):
        if op.section != "paths":
            continue
        item = as_dict(spec.document["paths"][op.route])
        method = op.method.upper()
        inputs = Inputs(op, item, resolver, make)
        found.append(Operation(op.route, method, op.spec, inputs, endpoints.get((op.route, method))))
    return found
