"""Structural checks: every ``$ref`` resolves, and the document obeys the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.pointers import iter_refs

MAX_MESSAGE = 240


def check_refs(ctx: Context) -> Iterator[Diagnostic]:
    """A ``$ref`` to nothing, or to another file, stops code generation: report each one."""
    for path, ref in iter_refs(ctx.document):
        if not ref.startswith("#"):
            yield ctx.error(
                (*path, "$ref"),
                f"external $ref {ref!r} is not supported; bundle the spec into one file",
                "ref-resolves",
            )
        elif ctx.resolver.target(ref) is None:
            yield ctx.error((*path, "$ref"), f"$ref {ref!r} points at nothing", "ref-resolves")


def validator_class(document: dict[str, Any]) -> type[Any] | None:
    """The spec validator for the document's ``openapi`` version, or None if unsupported."""
    version = str(document.get("openapi", ""))
    if version.startswith("3.0."):
        return OpenAPIV30SpecValidator
    if version.startswith("3.1."):
        return OpenAPIV31SpecValidator
    return None


def check_openapi_schema(ctx: Context) -> Iterator[Diagnostic]:
    """openapi-spec-validator's findings, each pinned to the YAML node it is about."""
    cls = validator_class(ctx.document)
    if cls is None:
        yield ctx.error(("openapi",), "openapi must be a 3.0.x or 3.1.x version string", "oas-version")
        return
    for error in cls(ctx.document).iter_errors():
        precise = best_match(error.context) if error.context else error
        yield ctx.error(tuple(precise.absolute_path), _message(precise), "oas-schema")


def _message(error: ValidationError) -> str:
    text = " ".join(str(error.message).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
