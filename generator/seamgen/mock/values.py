"""Data for the mock's answers: the spec's own examples, else a value built from the schema.

Order of preference, as Prism's static mode has it: the media type's ``example``, its first
``examples`` entry, the schema's example (or const, default, first enum value), then a value that
the schema's types and formats describe, so every documented body has something to serve.
"""

from __future__ import annotations

from typing import Any

from seamgen.pointers import Resolver, as_dict

# Deeper than this, objects keep only their required properties (and stop altogether much deeper):
# a schema that contains itself would otherwise never end.
_OPTIONAL_DEPTH = 2
_MAX_DEPTH = 12
_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
}


def media_example(media: Any, resolver: Resolver) -> Any:
    """The data a media type object documents: its example, its first ``examples``, else its schema's."""
    media = as_dict(media)
    if "example" in media:
        return media["example"]
    examples = as_dict(media.get("examples"))
    for entry in examples.values():
        found = as_dict(resolver.deref(entry)[0])
        if "value" in found:
            return found["value"]
    return schema_value(media.get("schema"), resolver)


def schema_value(schema: Any, resolver: Resolver, depth: int = 0) -> Any:
    """A value of ``schema``: its own example where it has one, else one built from its types."""
    schema = as_dict(resolver.deref(schema)[0])
    for key in ("example", "const", "default"):
        if key in schema:
            return schema[key]
    for key in ("examples", "enum"):
        if isinstance(schema.get(key), list) and schema[key]:
            return schema[key][0]
    if depth > _MAX_DEPTH:
        return None
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = schema_value(part, resolver, depth)
            merged.update(value if isinstance(value, dict) else {})
        return merged
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return schema_value(schema[key][0], resolver, depth)
    return _typed(schema, resolver, depth)


def _typed(schema: dict[str, Any], resolver: Resolver, depth: int) -> Any:
    kinds = schema.get("type")
    kind = next((k for k in kinds if k != "null"), "null") if isinstance(kinds, list) else kinds
    if kind == "object" or (kind is None and "properties" in schema):
        return _object(schema, resolver, depth)
    if kind == "array":
        item = schema_value(schema.get("items"), resolver, depth + 1)
        return [item] * max(1, int(schema.get("minItems") or 0)) if depth < _MAX_DEPTH else []
    if kind in ("integer", "number"):
        return _number(schema, kind)
    if kind == "string":
        text = _FORMATS.get(str(schema.get("format")), "string")
        return text.ljust(int(schema.get("minLength") or 0), "x")
    return {"boolean": False}.get(str(kind))


def _object(schema: dict[str, Any], resolver: Resolver, depth: int) -> dict[str, Any]:
    required = schema["required"] if isinstance(schema.get("required"), list) else []
    return {
        name: schema_value(prop, resolver, depth + 1)
        for name, prop in as_dict(schema.get("properties")).items()
        if name in required or (depth < _OPTIONAL_DEPTH and not as_dict(resolver.deref(prop)[0]).get("writeOnly"))
    }


def _number(schema: dict[str, Any], kind: str) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    value = low if isinstance(low, int | float) and not isinstance(low, bool) else 0
    if "exclusiveMinimum" in schema and schema["exclusiveMinimum"] is not False:
        value += 1
    return int(value) if kind == "integer" else float(value)
