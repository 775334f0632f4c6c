"""An operation's inputs read from a request and checked against the spec's schemas.

Parameters arrive as text (path, query, headers, cookies, form fields); each is converted to what
its schema wants (``5`` to an integer, repeated or comma-separated values to an array) before
the schema judges it, so a mistyped value is reported the way a JSON body's would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from jsonschema.protocols import Validator
from starlette.requests import Request

from seamgen.media import is_json
from seamgen.mock.jsondata import MAX_DIGITS, parse_json
from seamgen.pointers import Resolver, as_dict, encode
from seamgen.walk import Operation as SpecOperation

SPEC_URI = "urn:seamgen:spec"
LOCATIONS = ("path", "query", "header", "cookie")
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# OpenAPI: header parameters with these names are ignored (the spec describes them elsewhere).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# Digits alone: ``int()`` also takes ``1_000``, `` 5 `` and other scripts' digits.
_INTEGER = re.compile(r"-?[0-9]+")


class Problem(NamedTuple):
    """One thing wrong with a request: the parameter or body property it concerns, and why."""

    field: str | None
    message: str


class UnsupportedMedia(Exception):
    """The request body's media type is none of those the operation documents."""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    schema: dict[str, Any]
    explode: bool


@dataclass(frozen=True)
class Media:
    schema: dict[str, Any]
    validator: Validator


class Inputs:
    """What one operation takes, read from requests."""

    def __init__(self, op: SpecOperation, item: dict[str, Any], resolver: Resolver, make: Any) -> None:
        """``item`` is the path item (its parameters are shared by its operations); ``make`` turns a
        JSON Schema into a validator of the spec's dialect."""
        self._resolver = resolver
        self.parameters: list[Parameter] = []
        shapes: dict[str, dict[str, Any]] = {
            where: {"type": "object", "properties": {}, "required": []} for where in LOCATIONS
        }
        for param, where in _declared(op, item, resolver):
            location, name = str(param.get("in")), str(param.get("name"))
            if location not in shapes or (location == "header" and name.lower() in _IGNORED_HEADERS):
                continue
            schema = as_dict(resolver.deref(param.get("schema"))[0])
            explode = bool(param.get("explode", param.get("style", "form") == "form"))
            self.parameters.append(Parameter(name, location, schema, explode))
            shapes[location]["properties"][name] = {"$ref": SPEC_URI + encode((*where, "schema"))}
            if param.get("required") or location == "path":
                shapes[location]["required"].append(name)
        self.validators = {where: make(shape) for where, shape in shapes.items() if shape["properties"]}
        body, found = resolver.deref(op.spec.get("requestBody"))
        base = found or (*op.path, "requestBody")
        self.media: dict[str, Media] = {
            str(key): Media(
                as_dict(resolver.deref(as_dict(media).get("schema"))[0]),
                make(
                    {"$ref": SPEC_URI + encode((*base, "content", key, "schema"))} if "schema" in as_dict(media) else {}
                ),
            )
            for key, media in as_dict(as_dict(body).get("content")).items()
        }
        self.body_required = bool(as_dict(body).get("required"))

    def parameter_values(self, request: Request, path: dict[str, str]) -> dict[str, dict[str, Any]]:
        """Each location's parameters as their schemas want them; absent ones left out."""
        found: dict[str, dict[str, Any]] = {where: {} for where in LOCATIONS}
        for param in self.parameters:
            raw = _raw(request, path, param)
            if raw:
                found[param.location][param.name] = convert(raw, param.schema, param.explode, self._resolve)
        return found

    def _resolve(self, schema: Any) -> dict[str, Any]:
        return as_dict(self._resolver.deref(schema)[0])

    def problems(self, values: dict[str, dict[str, Any]]) -> list[Problem]:
        """What the schemas find wrong with the parameters, in location order."""
        found: list[Problem] = []
        for where, validator in self.validators.items():
            found += schema_problems(validator, values[where])
        return found

    async def body(self, request: Request) -> tuple[Any, list[Problem]]:
        """The request body as data (None when there is none) and what its schema finds wrong."""
        if not self.media:
            return None, []
        raw = await request.body()
        key = self._media_key(request.headers.get("content-type"))
        media = self.media[key]
        if not raw and not any(is_json(k) for k in self.media):
            return None, [Problem(None, "the request body is required")] if self.body_required else []
        try:
            value = _parse(key, request.headers.get("content-type") or key, raw, media.schema, self._resolve)
        except ValueError as exc:
            return None, [Problem(None, str(exc))]
        if value is _UNCHECKED:
            return raw, []
        return value, schema_problems(media.validator, value)

    def _media_key(self, content_type: str | None) -> str:
        if not content_type:
            return next(iter(self.media))
        essence = content_type.split(";", 1)[0].strip().lower()
        for key in self.media:
            documented = key.split(";", 1)[0].strip().lower()
            if documented in (essence, "*/*", f"{essence.split('/')[0]}/*") or (
                is_json(documented) and is_json(essence)
            ):
                return key
        raise UnsupportedMedia(f"{essence} is not a media type this operation takes ({', '.join(self.media)})")


def _declared(
    op: SpecOperation, item: dict[str, Any], resolver: Resolver
) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    """The path item's parameters overridden by the operation's, each with where its schema lives."""
    found: dict[tuple[str, str], tuple[dict[str, Any], tuple[Any, ...]]] = {}
    sources = (
        (item.get("parameters"), (*op.path[:-1], "parameters")),
        (op.spec.get("parameters"), (*op.path, "parameters")),
    )
    for listed, base in sources:
        for index, raw in enumerate(listed if isinstance(listed, list) else []):
            param, where = resolver.deref(raw)
            if isinstance(param, dict):
                found[(str(param.get("in")), str(param.get("name")))] = (param, where or (*base, index))
    return list(found.values())


def _raw(request: Request, path: dict[str, str], param: Parameter) -> list[str]:
    if param.location == "path":
        return [path[param.name]] if param.name in path else []
    if param.location == "query":
        return request.query_params.getlist(param.name)
    if param.location == "header":
        return request.headers.getlist(param.name)
    cookie = request.cookies.get(param.name)
    return [] if cookie is None else [cookie]


def convert(raw: list[str], schema: dict[str, Any], explode: bool, resolve: Any) -> Any:
    """Text values as ``schema`` wants them: an array from repeated values (or, unexploded, from
    one comma-separated value), a number or boolean parsed, anything else as the last value."""
    if "array" in _types(schema):
        items = raw if explode or len(raw) > 1 else raw[0].split(",")
        item_schema = resolve(schema.get("items"))
        return [convert([item], item_schema, True, resolve) for item in items]
    value = raw[-1]
    for kind in _types(schema):
        if kind == "integer" and _INTEGER.fullmatch(value) and len(value) <= MAX_DIGITS:
            return int(value)
        if kind == "number":
            try:
                return float(value) if "." in value or "e" in value.lower() else int(value)
            except ValueError:
                continue
        if kind == "boolean" and value in ("true", "false"):
            return value == "true"
        if kind == "null" and value in ("", "null"):
            return None
    return value


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)] if kind else []


_UNCHECKED = object()


def _parse(key: str, content_type: str, raw: bytes, schema: dict[str, Any], resolve: Any) -> Any:
    """The body as data: JSON (empty reads as ``{}``), form fields converted by the schema's
    properties; other media types pass unchecked unless their schema is a string."""
    essence = key.split(";", 1)[0].strip().lower()
    if is_json(essence) or is_json(content_type.split(";", 1)[0].strip().lower()):
        return parse_json(raw) if raw else {}
    if essence == FORM:
        fields = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
        return _fields([(name, value) for name, value in fields], schema, resolve)
    if essence == MULTIPART:
        return _fields(_multipart(content_type, raw), schema, resolve)
    return raw.decode("latin-1") if "string" in _types(schema) else _UNCHECKED


def _fields(pairs: list[tuple[str, Any]], schema: dict[str, Any], resolve: Any) -> dict[str, Any]:
    grouped: dict[str, list[Any]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return {
        name: values[-1]
        if not all(isinstance(v, str) for v in values)
        else convert(values, _property(schema, name, resolve), True, resolve)
        for name, values in grouped.items()
    }


def _property(schema: dict[str, Any], name: str, resolve: Any) -> dict[str, Any]:
    """The schema of property ``name``, also where an ``allOf`` part declares it."""
    found = as_dict(schema.get("properties")).get(name)
    if found is not None:
        return dict(resolve(found))
    parts = schema["allOf"] if isinstance(schema.get("allOf"), list) else []
    return next((p for p in (_property(resolve(part), name, resolve) for part in parts) if p), {})


def _multipart(content_type: str, raw: bytes) -> list[tuple[str, Any]]:
    """The parts of a ``multipart/form-data`` body: text, JSON parts as data, files as text."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + raw)
    if not message.is_multipart():
        raise ValueError("the request body is not multipart/form-data")
    found: list[tuple[str, Any]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            raise ValueError("a multipart/form-data part has no name")
        if is_json(part.get_content_type()) and part.get_filename() is None:
            found.append((name, parse_json(payload)))
        else:
            found.append((name, payload.decode("utf-8" if part.get_filename() is None else "latin-1", "replace")))
    return found


def schema_problems(validator: Validator, value: Any) -> list[Problem]:
    errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
    found = []
    for error in errors:
        if error.validator == "required" and not error.absolute_path:
            missing = str(error.message).split("'")[1] if "'" in str(error.message) else None
            found.append(Problem(missing, "Required"))
        else:
            path = list(error.absolute_path)
            found.append(Problem(str(path[0]) if path else None, str(error.message)))
    return found
