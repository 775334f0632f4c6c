"""What OpenAPI asks of a document beyond the JSON Schema of a whole document: each Schema
Object is a schema of its dialect, a parameter list names each parameter once, a path's
template variables are its path parameters and tags are named once.

openapi-spec-validator makes these checks too, but through a path-resolving accessor that costs
seconds on a large spec and pins no finding to a place; these run over the plain document and
point at the offending node. Each is an ``oas-schema`` error, as the document schema's are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.metaschemas import DEFAULT_DIALECT, most_precise, schema_dialect, unexpected_key
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict
from seamgen.walk import HTTP_METHODS, schema_roots

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

RULE = "oas-schema"
_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def check_semantics(ctx: Context, message: Any) -> Iterator[Diagnostic]:
    """Every finding, with ``message`` shortening a validation error's text."""
    is_30 = str(ctx.document.get("openapi", "")).startswith("3.0.")
    default = "3.0" if is_30 else ctx.document.get("jsonSchemaDialect", DEFAULT_DIALECT)
    for path, schema in schema_roots(ctx.document):
        dialect = schema.get("$schema", default) if isinstance(schema, dict) and not is_30 else default
        meta = schema_dialect(dialect) if isinstance(dialect, str) else None
        if meta is None:
            yield ctx.error(path, f"unknown JSON Schema dialect {dialect!r}", RULE)
            continue
        for error in meta.errors(schema):
            precise = most_precise(error)
            extra = unexpected_key(precise)
            where = (*path, *precise.absolute_path, *([extra] if extra is not None else []))
            if not _repeated_enum_value(precise):
                yield ctx.error(where, message(precise), RULE, key=extra is not None)
    yield from _parameters(ctx)
    yield from _unique_tags(ctx)


def _repeated_enum_value(error: ValidationError) -> bool:
    """OpenAPI 3.0's meta-schema wants enum values unique: ``enum-unique`` says so, at the repeat."""
    return error.validator == "uniqueItems" and tuple(error.absolute_path)[-1:] == ("enum",)


def _parameters(ctx: Context) -> Iterator[Diagnostic]:
    for route, item in as_dict(ctx.document.get("paths")).items():
        item = as_dict(ctx.resolver.deref(item)[0])
        shared = list(_parameter_list(ctx, ("paths", route, "parameters"), item.get("parameters")))
        yield from _duplicates(ctx, shared)
        template = _TEMPLATE.findall(route)
        methods = [method for method in HTTP_METHODS if isinstance(item.get(method), dict)]
        for method in methods:
            where: JsonPath = ("paths", route, method)
            own = list(_parameter_list(ctx, (*where, "parameters"), item[method].get("parameters")))
            yield from _duplicates(ctx, own)
            in_path = {name: at for at, (name, place) in (*shared, *own) if place == "path"}
            for name in template:
                if name not in in_path:
                    message = f"{method.upper()} {route}: path parameter {name!r} is not declared"
                    yield ctx.error(where, message, RULE, key=True)
            for name, at in in_path.items():
                if name not in template:
                    yield ctx.error(at, f"path parameter {name!r} is not in the path {route!r}", RULE)


def _parameter_list(ctx: Context, path: JsonPath, parameters: Any) -> Iterator[tuple[JsonPath, tuple[Any, Any]]]:
    """Each parameter's place and its ``(name, in)``, references followed."""
    for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
        resolved = as_dict(ctx.resolver.deref(parameter)[0])
        yield (*path, index), (resolved.get("name"), resolved.get("in"))


def _duplicates(ctx: Context, parameters: list[tuple[JsonPath, tuple[Any, Any]]]) -> Iterator[Diagnostic]:
    first: dict[tuple[Any, Any], JsonPath] = {}
    for at, key in parameters:
        if key in first:
            line = ctx.spec.position(first[key])[0]
            yield ctx.error(at, f"parameter {key[0]!r} in {key[1]} is already listed on line {line}", RULE)
        first.setdefault(key, at)


def _unique_tags(ctx: Context) -> Iterator[Diagnostic]:
    first: dict[Any, int] = {}
    tags = ctx.document.get("tags")
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        name = as_dict(tag).get("name")
        if name in first:
            line = ctx.spec.position(("tags", first[name]))[0]
            yield ctx.error(("tags", index, "name"), f"tag {name!r} is already listed on line {line}", RULE)
        first.setdefault(name, index)
