"""Seam's house rules: conventions of Seam's API that OpenAPI does not ask for (descriptions on
everything, snake_case properties, SCREAMING_SNAKE action types, ``resource.action.outcome`` event
names that equal their webhook keys). They make findings under the ``seam`` ruleset only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context, Rule, rule
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict
from seamgen.schemas import merge_object, property_constants
from seamgen.walk import operations, schemas

SNAKE_CASE = re.compile(r"_?[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
SCREAMING_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
EVENT_NAME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


@rule("description-present")
def descriptions(ctx: Context) -> Iterator[Diagnostic]:
    doc = ctx.document
    wanted: list[tuple[JsonPath, Any, str]] = [(("info",), doc.get("info"), "info")]
    wanted += [
        (("tags", i), tag, f"tag {tag.get('name')!r}")
        for i, tag in enumerate(doc.get("tags") or [])
        if isinstance(tag, dict)
    ]
    for op in operations(doc):
        wanted.append((op.path, op.spec, f"operation {op.method.upper()} {op.route}"))
        for index, parameter in enumerate(op.spec.get("parameters") or []):
            wanted.append(((*op.path, "parameters", index), parameter, "parameter"))
        for code, response in (op.spec.get("responses") or {}).items():
            wanted.append(((*op.path, "responses", code), response, f"response {code}"))
        if "requestBody" in op.spec:
            wanted.append(((*op.path, "requestBody"), op.spec["requestBody"], "request body"))
    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        wanted.append((("components", "schemas", name), schema, f"schema {name}"))
    for path, node, what in wanted:
        resolved, where = ctx.resolver.deref(node)
        if isinstance(resolved, dict) and not str(resolved.get("description") or "").strip():
            yield ctx.warning(where or path, f"{what} has no description", "description-present", key=True)
    yield from _property_descriptions(ctx)
    yield from _enum_descriptions(ctx)


def _property_descriptions(ctx: Context) -> Iterator[Diagnostic]:
    for path, schema in schemas(ctx.document):
        if "$ref" in schema or (len(path) >= 2 and path[-2] == "allOf"):
            continue  # checked where it is declared: at the $ref target, or in the schema it narrows
        own = as_dict(schema.get("properties"))
        for name, parts in merge_object(schema, ctx.resolver).properties.items():
            if not any(
                str((ctx.resolver.deref(part)[0] or {}).get("description") or "").strip()
                for part in parts
                if isinstance(part, dict)
            ):
                where = (*path, "properties", name) if name in own else path
                yield ctx.warning(where, f"property {name!r} has no description", "description-present", key=True)


def _enum_descriptions(ctx: Context) -> Iterator[Diagnostic]:
    for path, schema in schemas(ctx.document):
        values = schema.get("enum")
        if not isinstance(values, list) or len(values) < 2:
            continue
        described = as_dict(schema.get("x-enumDescriptions"))
        for index, value in enumerate(values):
            if not str(described.get(str(value)) or "").strip():
                yield ctx.warning(
                    (*path, "enum", index),
                    f"enum value {value!r} has no description in x-enumDescriptions",
                    "description-present",
                )


@rule("webhook-event-type")
def webhook_event_types(ctx: Context) -> Iterator[Diagnostic]:
    for op in operations(ctx.document):
        if op.section != "webhooks":
            continue
        body, _ = ctx.resolver.deref(op.spec.get("requestBody"))
        media = ((body or {}).get("content") or {}).get("application/json") or {}
        pinned = property_constants(media.get("schema"), ctx.resolver)
        if pinned.get("event_type") != op.route:
            found = f"is {pinned['event_type']!r}" if "event_type" in pinned else "is not a constant"
            yield ctx.error(
                ("webhooks", op.route),
                f"webhook {op.route!r}: its payload's event_type {found}",
                "webhook-event-type",
                key=True,
            )


@rule("property-snake-case", "action-type-screaming-snake", "event-name-format")
def naming(ctx: Context) -> Iterator[Diagnostic]:
    for path, schema in schemas(ctx.document):
        properties = as_dict(schema.get("properties"))
        for name in properties:
            if not SNAKE_CASE.fullmatch(str(name)):
                yield ctx.warning(
                    (*path, "properties", name), f"property {name!r} is not snake_case", "property-snake-case", key=True
                )
        if "action_type" in properties:
            yield from _action_types(ctx, (*path, "properties", "action_type"), properties["action_type"])
        if "event_type" in properties:
            found, value = _constant(properties["event_type"])
            if found and not EVENT_NAME.fullmatch(str(value)):
                yield ctx.warning(
                    (*path, "properties", "event_type"),
                    f"event type {value!r} is not resource.action.outcome",
                    "event-name-format",
                )
    for route in ctx.document.get("webhooks") or {}:
        if not EVENT_NAME.fullmatch(str(route)):
            yield ctx.warning(
                ("webhooks", route),
                f"event name {route!r} is not resource.action.outcome",
                "event-name-format",
                key=True,
            )


def _constant(schema: Any) -> tuple[bool, Any]:
    if isinstance(schema, dict) and "const" in schema:
        return True, schema["const"]
    return False, None


def _action_types(ctx: Context, path: JsonPath, schema: Any) -> Iterator[Diagnostic]:
    resolved, where = ctx.resolver.deref(schema)
    if not isinstance(resolved, dict):
        return
    base = where or path
    values = [((*base, "enum", i), v) for i, v in enumerate(resolved.get("enum") or [])]
    if "const" in resolved:
        values.append(((*base, "const"), resolved["const"]))
    for value_path, value in values:
        if isinstance(value, str) and not SCREAMING_SNAKE.fullmatch(value):
            yield ctx.warning(
                value_path, f"action type {value!r} is not SCREAMING_SNAKE_CASE", "action-type-screaming-snake"
            )


HOUSE_RULES: tuple[Rule, ...] = (descriptions, webhook_event_types, naming)
