"""The rules openapi-spec-validator does not make: the ones Spectral and Redocly users
expect (unused components, unique operationIds, defined security schemes, descriptions)
and the conventions of Seam's API (snake_case properties, SCREAMING_SNAKE action types,
``resource.action.outcome`` event names that match their webhook keys)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, decode, iter_refs
from seamgen.schemas import dispatch, merge_object, property_constants
from seamgen.text import is_python_identifier
from seamgen.walk import operations, schemas

Rule = Callable[[Context], Iterator[Diagnostic]]

SNAKE_CASE = re.compile(r"_?[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
SCREAMING_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
EVENT_NAME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


def unique_operation_ids(ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, JsonPath] = {}
    for op in operations(ctx.document):
        op_id = op.spec.get("operationId")
        if not isinstance(op_id, str):
            continue
        if op_id in seen:
            first = ctx.spec.position((*seen[op_id], "operationId"))[0]
            yield ctx.error(
                (*op.path, "operationId"),
                f"operationId {op_id!r} is already used on line {first}",
                "operation-id-unique",
            )
        else:
            seen[op_id] = op.path


def defined_security_schemes(ctx: Context) -> Iterator[Diagnostic]:
    defined = (ctx.document.get("components") or {}).get("securitySchemes") or {}
    for path, requirement in _security_requirements(ctx.document):
        for name in requirement:
            if name not in defined:
                yield ctx.error(
                    (*path, name),
                    f"security scheme {name!r} is not defined in components.securitySchemes",
                    "security-defined",
                    key=True,
                )


def _security_requirements(document: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for index, requirement in enumerate(document.get("security") or []):
        if isinstance(requirement, dict):
            yield ("security", index), requirement
    for op in operations(document):
        for index, requirement in enumerate(op.spec.get("security") or []):
            if isinstance(requirement, dict):
                yield (*op.path, "security", index), requirement


def unused_components(ctx: Context) -> Iterator[Diagnostic]:
    used = {decode(ref) for _, ref in iter_refs(ctx.document)}
    for _, union in schemas(ctx.document):
        mapping = (
            (union.get("discriminator") or {}).get("mapping") if isinstance(union.get("discriminator"), dict) else None
        )
        used.update(decode(ref) for ref in (mapping or {}).values() if isinstance(ref, str))
    schemes = {name for _, requirement in _security_requirements(ctx.document) for name in requirement}
    for kind, entries in (ctx.document.get("components") or {}).items():
        for name in entries if isinstance(entries, dict) and not str(kind).startswith("x-") else ():
            path = ("components", kind, name)
            if path not in used and not (kind == "securitySchemes" and name in schemes):
                yield ctx.warning(path, f"component {kind}.{name} is never used", "no-unused-components", key=True)


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
        for key in described:
            if key not in {str(v) for v in values}:
                yield ctx.error(
                    (*path, "x-enumDescriptions", key),
                    f"x-enumDescriptions describes {key!r}, which is not an enum value",
                    "enum-descriptions-match",
                    key=True,
                )


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


def unions(ctx: Context) -> Iterator[Diagnostic]:
    for path, schema in schemas(ctx.document):
        variants = schema.get("oneOf") or schema.get("anyOf")
        if not isinstance(variants, list):
            continue
        real = [v for v in variants if not _is_null(v)]
        enum_like = all(isinstance(v, dict) and "const" in v for v in real)  # an enum written as oneOf of consts
        if "discriminator" not in schema and (len(real) < 2 or enum_like):
            continue
        keyword = "oneOf" if "oneOf" in schema else "anyOf"
        found = dispatch(schema, ctx.resolver)
        if found is None:
            yield ctx.warning(
                (*path, keyword),
                "no property tells these variants apart; clients must try each one",
                "union-dispatch",
                key=True,
            )
            continue
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        for index, variant in enumerate(variants):
            pinned = property_constants(variant, ctx.resolver)
            if found.explicit and found.properties[0] in pinned and pinned[found.properties[0]] != found.tags[index][0]:
                name, mapped = found.properties[0], found.tags[index][0]
                message = f"discriminator maps {mapped!r} here, but this variant fixes {name} to {pinned[name]!r}"
                yield ctx.error((*path, keyword, index), message, "discriminator-consistent")
        targets = {ctx.resolver.deref(v)[1] for v in variants}
        for key, ref in (mapping or {}).items():
            if isinstance(ref, str) and ctx.resolver.target(ref) not in targets:
                yield ctx.error(
                    (*path, "discriminator", "mapping", key),
                    f"mapping {key!r} points at a schema that is not one of the variants",
                    "discriminator-consistent",
                )


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def seamgen_settings(ctx: Context) -> Iterator[Diagnostic]:
    settings = ctx.document.get("x-seamgen")
    if settings is None:
        return
    if not isinstance(settings, dict):
        yield ctx.error(("x-seamgen",), "x-seamgen must be a mapping", "seamgen-settings")
        return
    package = (settings.get("python") or {}).get("package")
    if package is not None and not (isinstance(package, str) and is_python_identifier(package)):
        yield ctx.error(
            ("x-seamgen", "python", "package"),
            f"python package {package!r} is not a valid import name",
            "seamgen-settings",
        )
    for index, sample in enumerate((settings.get("docs") or {}).get("code-samples") or []):
        if not (
            isinstance(sample, dict)
            and isinstance(sample.get("language"), str)
            and isinstance(sample.get("label"), str)
        ):
            yield ctx.error(
                ("x-seamgen", "docs", "code-samples", index),
                "a code sample needs a language and a label",
                "seamgen-settings",
            )


RULES: tuple[Rule, ...] = (
    unique_operation_ids,
    defined_security_schemes,
    unused_components,
    descriptions,
    webhook_event_types,
    naming,
    unions,
    seamgen_settings,
)
