"""Find the parts of an OpenAPI document that rules and the builder care about:
operations, schema objects (however deeply nested) and examples with their schemas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seamgen.loader import JsonPath
from seamgen.pointers import Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_ONE = (
    "items", "additionalProperties", "not", "if", "then", "else", "contains",
    "propertyNames", "unevaluatedProperties", "unevaluatedItems", "additionalItems",
)  # fmt: skip
_DATA_KEYS = ("example", "examples", "default", "const", "enum")


@dataclass(frozen=True)
class Operation:
    """One operation under ``paths`` or ``webhooks``."""

    path: JsonPath
    section: str
    route: str
    method: str
    spec: dict[str, Any]


def operations(document: dict[str, Any]) -> Iterator[Operation]:
    """Every operation, paths first, in document order."""
    for section in ("paths", "webhooks"):
        routes = document.get(section)
        for route, item in routes.items() if isinstance(routes, dict) else ():
            if not isinstance(item, dict):
                continue
            for method in item:
                if method in HTTP_METHODS and isinstance(item[method], dict):
                    yield Operation((section, route, method), section, route, method, item[method])


def schemas(document: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every schema object written in the document (refs are not followed), outermost first."""
    for path, schema in _schema_roots(document, ()):
        yield from _nested(schema, path)


def schema_roots(document: dict[str, Any]) -> Iterator[tuple[JsonPath, Any]]:
    """The outermost schemas: ``components.schemas`` entries and ``schema`` fields, whatever their value."""
    return _schema_roots(document, ())


def _schema_roots(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = (*path, key)
            if str(key).startswith("x-") or key in _DATA_KEYS:
                continue
            if key == "schema" or path == ("components", "schemas"):
                yield child, value
            else:
                yield from _schema_roots(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schema_roots(value, (*path, index))


def _nested(schema: Any, path: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    if not isinstance(schema, dict):
        return
    yield path, schema
    for key in _SCHEMA_MAPS:
        for name, sub in (schema.get(key) or {}).items() if isinstance(schema.get(key), dict) else ():
            yield from _nested(sub, (*path, key, name))
    for key in _SCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key) or []) if isinstance(schema.get(key), list) else ():
            yield from _nested(sub, (*path, key, index))
    for key in _SCHEMA_ONE:
        yield from _nested(schema.get(key), (*path, key))


@dataclass(frozen=True)
class ExampleSite:
    """An example value, where it is written, and the schema it must satisfy."""

    path: JsonPath
    value: Any
    schema: Any
    schema_path: JsonPath


def examples(document: dict[str, Any], resolver: Resolver) -> Iterator[ExampleSite]:
    """Examples (and schemas' defaults) of schemas, parameters, headers and media types, with their schemas."""
    for path, schema in schemas(document):
        for key in ("example", "default"):
            if key in schema:
                yield ExampleSite((*path, key), schema[key], schema, path)
        if isinstance(schema.get("examples"), list):
            for index, value in enumerate(schema["examples"]):
                yield ExampleSite((*path, "examples", index), value, schema, path)
    for path, holder in _schema_holders(document, ()):
        schema_path = (*path, "schema")
        if "example" in holder:
            yield ExampleSite((*path, "example"), holder["example"], holder["schema"], schema_path)
        for name, example in (holder.get("examples") or {}).items() if isinstance(holder.get("examples"), dict) else ():
            example_path: JsonPath = (*path, "examples", name)
            resolved, where = resolver.deref(example)
            if isinstance(resolved, dict) and "value" in resolved:
                yield ExampleSite((*(where or example_path), "value"), resolved["value"], holder["schema"], schema_path)


def _schema_holders(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Parameter, header and media type objects: the dicts that hold a ``schema``."""
    if isinstance(node, dict):
        if "schema" in node and path[:2] != ("components", "schemas"):
            yield path, node
        for key, value in node.items():
            skip = (
                str(key).startswith("x-") or key in (*_DATA_KEYS, "schema") or (*path, key) == ("components", "schemas")
            )
            if not skip:
                yield from _schema_holders(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schema_holders(value, (*path, index))
