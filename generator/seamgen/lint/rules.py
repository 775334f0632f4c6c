"""The rules openapi-spec-validator does not make, as Spectral's and Redocly's recommended
rulesets have them: unique operationIds, defined security schemes, unused components, enum
values that are unique and described where described, unions a client can dispatch, and the
``x-seamgen`` settings. Seam's own conventions are in ``house``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.client import client_names_unique, requests_supported, schemas_supported
from seamgen.lint.context import Context, Rule, rule
from seamgen.lint.severity import RULESETS
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, decode, iter_refs
from seamgen.schemas import dispatch, property_constants
from seamgen.text import is_python_identifier
from seamgen.walk import operations, schemas


@rule("operation-id-unique")
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


@rule("security-defined")
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


@rule("no-unused-components")
def unused_components(ctx: Context) -> Iterator[Diagnostic]:
    used = {decode(ref) for _, ref in iter_refs(ctx.document)}
    for _, union in schemas(ctx.document):
        mapping = as_dict(as_dict(union.get("discriminator")).get("mapping"))
        used.update(ctx.resolver.mapping_target(ref) for ref in mapping.values() if isinstance(ref, str))
    schemes = {name for _, requirement in _security_requirements(ctx.document) for name in requirement}
    for kind, entries in as_dict(ctx.document.get("components")).items():
        for name in entries if isinstance(entries, dict) and not str(kind).startswith("x-") else ():
            path = ("components", kind, name)
            if path not in used and not (kind == "securitySchemes" and name in schemes):
                yield ctx.warning(path, f"component {kind}.{name} is never used", "no-unused-components", key=True)


@rule("enum-unique", "enum-descriptions-match")
def enums(ctx: Context) -> Iterator[Diagnostic]:
    """Each enum value once (a generated enum gets one member per value), and
    ``x-enumDescriptions`` describing only values the enum has."""
    for path, schema in schemas(ctx.document):
        values = schema.get("enum")
        if not isinstance(values, list):
            continue
        first: dict[tuple[str, str], int] = {}
        for index, value in enumerate(values):
            seen = (type(value).__name__, repr(value))
            if seen in first:
                line = ctx.spec.position((*path, "enum", first[seen]))[0]
                yield ctx.error(
                    (*path, "enum", index), f"enum value {value!r} is already listed on line {line}", "enum-unique"
                )
            first.setdefault(seen, index)
        known = {str(v) for v in values}
        for key in as_dict(schema.get("x-enumDescriptions")):
            if key not in known:
                yield ctx.warning(
                    (*path, "x-enumDescriptions", key),
                    f"x-enumDescriptions describes {key!r}, which is not an enum value",
                    "enum-descriptions-match",
                    key=True,
                )


@rule("union-dispatch", "discriminator-consistent")
def unions(ctx: Context) -> Iterator[Diagnostic]:
    for path, schema in schemas(ctx.document):
        variants = schema.get("oneOf") or schema.get("anyOf")
        if not isinstance(variants, list):
            continue
        keyword = "oneOf" if "oneOf" in schema else "anyOf"
        repeated = list(_repeated_variants(ctx, (*path, keyword), variants))
        yield from repeated
        real = [v for v in variants if not _is_null(v)]
        enum_like = all(isinstance(v, dict) and "const" in v for v in real)  # an enum written as oneOf of consts
        if repeated or ("discriminator" not in schema and (len(real) < 2 or enum_like)):
            continue
        found = dispatch(schema, ctx.resolver)
        if found is None:
            yield ctx.warning(
                (*path, keyword),
                "no property tells these variants apart; clients must try each one",
                "union-dispatch",
                key=True,
            )
            continue
        for index, variant in enumerate(variants):
            pinned = property_constants(variant, ctx.resolver)
            if found.explicit and found.properties[0] in pinned and pinned[found.properties[0]] != found.tags[index][0]:
                name, mapped = found.properties[0], found.tags[index][0]
                message = f"discriminator maps {mapped!r} here, but this variant fixes {name} to {pinned[name]!r}"
                yield ctx.error((*path, keyword, index), message, "discriminator-consistent")
        targets = {ctx.resolver.deref(v)[1] for v in variants}
        for key, ref in as_dict(as_dict(schema.get("discriminator")).get("mapping")).items():
            if isinstance(ref, str) and ctx.resolver.mapping_target(ref) not in targets:
                yield ctx.error(
                    (*path, "discriminator", "mapping", key),
                    f"mapping {key!r} points at a schema that is not one of the variants",
                    "discriminator-consistent",
                )


def _repeated_variants(ctx: Context, path: JsonPath, variants: list[Any]) -> Iterator[Diagnostic]:
    """A variant listed twice (the same ``$ref``) cannot be told apart from itself."""
    first: dict[JsonPath, int] = {}
    for index, variant in enumerate(variants):
        _, where = ctx.resolver.deref(variant)
        if where is None:
            continue
        if where in first:
            line = ctx.spec.position((*path, first[where]))[0]
            yield ctx.error(
                (*path, index), f"this variant repeats the one on line {line}", "discriminator-consistent"
            )
        first.setdefault(where, index)


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


@rule("seamgen-settings")
def seamgen_settings(ctx: Context) -> Iterator[Diagnostic]:
    settings = ctx.document.get("x-seamgen")
    if settings is None:
        return
    if not isinstance(settings, dict):
        yield ctx.error(("x-seamgen",), "x-seamgen must be a mapping", "seamgen-settings")
        return
    python = as_dict(settings.get("python"))
    for key, what in (("package", "a valid import name"), ("client", "a valid class name")):
        value = python.get(key)
        if value is not None and not (isinstance(value, str) and is_python_identifier(value)):
            yield ctx.error(("x-seamgen", "python", key), f"python {key} {value!r} is not {what}", "seamgen-settings")
    for key in ("distribution", "version"):
        if python.get(key) is not None and not isinstance(python[key], str):
            yield ctx.error(("x-seamgen", "python", key), f"python {key} must be a string", "seamgen-settings")
    pagination = as_dict(settings.get("pagination"))
    for key in ("cursor-parameter", "next-cursor", "items"):
        if key in pagination and not (isinstance(pagination[key], str) and pagination[key].strip(".")):
            message = f"pagination {key} must be a name (next-cursor and items: a dotted path)"
            yield ctx.error(("x-seamgen", "pagination", key), message, "seamgen-settings")
    samples = as_dict(settings.get("docs")).get("code-samples") or []
    for index, sample in enumerate(samples if isinstance(samples, list) else [samples]):
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
    yield from _ruleset_setting(ctx, as_dict(settings.get("lint")).get("ruleset"))


def spec_rulesets(document: dict[str, Any]) -> tuple[str, ...]:
    """The known rulesets ``x-seamgen.lint.ruleset`` names (a name or a list), in order."""
    chosen = as_dict(as_dict(document.get("x-seamgen")).get("lint")).get("ruleset")
    names = chosen if isinstance(chosen, list) else [chosen]
    return tuple(name for name in names if isinstance(name, str) and name in RULESETS)


def _ruleset_setting(ctx: Context, chosen: Any) -> Iterator[Diagnostic]:
    path: JsonPath = ("x-seamgen", "lint", "ruleset")
    if chosen is None:
        return
    names = chosen if isinstance(chosen, list) else [chosen]
    for index, name in enumerate(names):
        if not (isinstance(name, str) and name in RULESETS):
            where = (*path, index) if isinstance(chosen, list) else path
            known = ", ".join(RULESETS)
            yield ctx.error(where, f"unknown ruleset {name!r} (known: {known})", "seamgen-settings")


RULES: tuple[Rule, ...] = (
    unique_operation_ids,
    client_names_unique,
    requests_supported,
    schemas_supported,
    defined_security_schemes,
    unused_components,
    enums,
    unions,
    seamgen_settings,
)
