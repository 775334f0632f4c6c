"""Findings about what the generated client makes of a spec, in the shape of lint rules.

``client-name-unique`` (error): two operations on different paths that get one client name, or
a method named like a namespace beside it. The generator numbers the later one, so even with the
rule relaxed every operation stays callable. ``request-supported`` (warning): a part of a request
the client cannot send yet (a body that is not JSON, a form or multipart, a parameter in a style
the client does not spell), and ``schema-supported`` (warning): a schema keyword that shapes a
value but no generated model applies (``$dynamicRef``, ``prefixItems``, ``if``): nothing is left
out silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context, rule
from seamgen.loader import JsonPath
from seamgen.media import request_media
from seamgen.operation_names import Clash, ClientName, client_names
from seamgen.walk import Operation, operations, schemas


@rule("client-name-unique")
def client_names_unique(ctx: Context) -> Iterator[Diagnostic]:
    """Each clash at both operations, the message naming both lines."""
    for clash in client_names(ctx.document).clashes:
        message = _clash_message(ctx, clash)
        for op in (clash.operation, clash.other):
            yield ctx.error(
                (*op.path, "operationId") if "operationId" in op.spec else op.path, message, "client-name-unique"
            )


def _clash_message(ctx: Context, clash: Clash) -> str:
    here, there = (f"{_label(op)} (line {ctx.spec.position(op.path)[0]})" for op in (clash.operation, clash.other))
    wanted = _dotted(clash.wanted)
    if clash.namespace:
        what = f"{here} would be the client method {wanted!r}, the namespace of {there}"
    else:
        what = f"{here} and {there} would both be the client method {wanted!r}"
    return (
        f"{what}; the first is generated as {_dotted(clash.given)!r}: "
        "give it another x-fern-sdk-method-name or operationId"
    )


@rule("request-supported")
def requests_supported(ctx: Context) -> Iterator[Diagnostic]:
    """Request bodies that are neither JSON, a form nor multipart, and parameters the client cannot spell."""
    for op in operations(ctx.document):
        if op.section != "paths":
            continue
        body, where = ctx.resolver.deref(op.spec.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        if isinstance(content, dict) and content and request_media(content) is None:
            types = ", ".join(str(key) for key in content)
            yield ctx.warning(
                (*(where or (*op.path, "requestBody")), "content"),
                f"{_label(op)}: the client cannot send a {types} request body yet; its method sends none",
                "request-supported",
            )
        for path, param in _parameters(ctx, op):
            problem = _unsupported(param)
            if problem:
                yield ctx.warning(
                    path,
                    f"{_label(op)}: the client cannot send the {param.get('in')} parameter "
                    f"{param.get('name')!r} {problem} yet; it is sent in its location's default style",
                    "request-supported",
                )


# Schema keywords that shape a value but no generated model applies, and how the models read such a value.
_UNTYPED = {
    "$dynamicRef": "it is typed as any value",
    "prefixItems": "its items are typed by items (or as any value), not by position",
    "patternProperties": "the properties it matches are kept as unknown fields, untyped",
    "if": "the models apply no if/then/else",
    "dependentSchemas": "the models apply no dependentSchemas",
    "unevaluatedProperties": "the models keep every unknown field, as for additionalProperties",
}


@rule("schema-supported")
def schemas_supported(ctx: Context) -> Iterator[Diagnostic]:
    """Schema keywords the generated models read loosely: a warning at each, saying how."""
    for path, schema in schemas(ctx.document):
        for keyword, how in _UNTYPED.items():
            if keyword in schema:
                message = f"{keyword} is not applied by the generated models: {how}"
                yield ctx.warning((*path, keyword), message, "schema-supported", key=True)


# The styles the client spells in each place (OpenAPI's defaults first).
_STYLES = {
    "path": ("simple",),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


def _unsupported(param: dict[str, Any]) -> str | None:
    """Why the client cannot send ``param`` as the spec says, or None when it can."""
    if "content" in param:
        return "described by a media type (content)"
    style = param.get("style")
    if style is not None and style not in _STYLES.get(str(param.get("in")), ()):
        return f"in the style {style!r}"
    return None


def _parameters(ctx: Context, op: Operation) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """The operation's parameters, the path item's shared ones first, with where each is written."""
    for owner in (op.path[:-1], op.path):
        node = ctx.document["paths"][op.route] if owner == op.path[:-1] else op.spec
        for index, raw in enumerate(node.get("parameters") or []):
            param, where = ctx.resolver.deref(raw)
            if isinstance(param, dict):
                yield where or (*owner, "parameters", index), param


def _label(op: Operation) -> str:
    return f"{op.method.upper()} {op.route}"


def _dotted(name: ClientName) -> str:
    return ".".join((*name.group, name.method))
