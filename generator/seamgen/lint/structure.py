"""Structural checks: every ``$ref`` resolves, and the document obeys the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.cycles import check_cycles
from seamgen.lint.metaschemas import document_schema, most_precise, unexpected_key
from seamgen.lint.openapi import check_semantics
from seamgen.pointers import iter_refs

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

MAX_MESSAGE = 240


def check_refs(ctx: Context) -> Iterator[Diagnostic]:
    """A ``$ref`` to nothing, or a loop of references that contains itself, stops code generation:
    report each one. References to other files were bundled when the spec was loaded; one that
    stays could not be read, and the loader said why."""
    for path, ref in iter_refs(ctx.document):
        if path in ctx.spec.ref_problems:
            yield ctx.spec.ref_problems[path]
        elif not ref.startswith("#"):
            message = f"$ref {ref!r} to another file: load the spec from its file"
            yield ctx.error((*path, "$ref"), message, "ref-resolves")
        elif ctx.resolver.target(ref) is None:
            yield ctx.error((*path, "$ref"), f"$ref {ref!r} points at nothing", "ref-resolves")
    yield from check_cycles(ctx)


def check_openapi_schema(ctx: Context) -> Iterator[Diagnostic]:
    """The document against the OpenAPI schema of its version, each finding pinned to the node it
    is about; then, on a document that passes, what OpenAPI asks beyond that schema."""
    version = str(ctx.document.get("openapi", ""))[:4]
    if version not in ("3.0.", "3.1."):
        yield ctx.error(("openapi",), "openapi must be a 3.0.x or 3.1.x version string", "oas-version")
        return
    failed = False
    for error in document_schema(version[:3]).errors(ctx.document):
        failed = True
        precise = most_precise(error)
        extra = unexpected_key(precise)
        where = (*precise.absolute_path, *([extra] if extra is not None else []))
        yield ctx.error(where, _message(precise), "oas-schema", key=extra is not None)
    if not failed:  # the checks below read the document as OpenAPI structures it
        yield from check_semantics(ctx, _message)


def _message(error: ValidationError) -> str:
    text = " ".join(str(error.message).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
