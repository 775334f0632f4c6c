"""The JSON Schemas a spec is checked against, each as a compiled (Rust) validator for the common
case, a valid document, and a Python one that explains a failure.

jsonschema-rs says whether a value is valid about fifty times faster than the ``jsonschema``
package; only when it says no does the Python validator run, for the same ``best_match``
messages as before. A document's formats are notes; a Schema Object's are checked (a ``pattern``
must be a regular expression), as openapi-spec-validator does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from jsonschema_specifications import REGISTRY as JSON_SCHEMA_REGISTRY  # type: ignore[import-untyped]
from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS30Validator
from openapi_spec_validator.schemas import schema_v30, schema_v31

DEFAULT_DIALECT = OAS31_BASE_DIALECT_ID
_UNKNOWN: Any = object()


@dataclass(frozen=True)
class MetaSchema:
    """One schema: ``errors`` yields nothing, fast, for a valid value."""

    fast: Any
    slow: Any

    def errors(self, value: Any) -> Iterator[ValidationError]:
        if self.fast.is_valid(value):
            return
        yield from self.slow.iter_errors(value)


def _openapi_resources() -> list[tuple[str, Any]]:
    """The OpenAPI dialect and vocabulary meta-schemas that openapi-schema-validator ships, by ``$id``."""
    found: list[tuple[str, Any]] = []
    folders = [files("openapi_schema_validator") / "schemas"]
    while folders:
        for entry in folders.pop().iterdir():
            if entry.is_dir():
                folders.append(entry)
            else:  # a file: the 3.1 vocabulary's has no .json suffix
                contents = json.loads(entry.read_text(encoding="utf-8"))
                found.append((contents["$id"], contents))
    return found


@cache
def _registries() -> tuple[Any, Any]:
    """The OpenAPI meta-schemas for jsonschema-rs, and for jsonschema (beside JSON Schema's own)."""
    resources = _openapi_resources()
    return jsonschema_rs.Registry(resources), JSON_SCHEMA_REGISTRY.with_contents(resources)


def _compile(schema: dict[str, Any], slow_cls: Any, format_checker: Any = None) -> MetaSchema:
    fast_registry, slow_registry = _registries()
    return MetaSchema(
        jsonschema_rs.validator_for(schema, validate_formats=format_checker is not None, registry=fast_registry),
        slow_cls(schema, format_checker=format_checker, registry=slow_registry),
    )


@cache
def document_schema(version: str) -> MetaSchema:
    """The OpenAPI ``3.0`` or ``3.1`` schema of a whole document (openapi-spec-validator's)."""
    schema = dict(schema_v30 if version == "3.0" else schema_v31)
    return _compile(schema, validator_for(schema))


@cache
def schema_dialect(dialect: str) -> MetaSchema | None:
    """The meta-schema of the Schema Objects of an OpenAPI 3.1 document in ``dialect`` (a
    ``$schema`` URI), or of OpenAPI 3.0 for ``"3.0"``; None for a dialect nobody here knows."""
    schema_cls = OAS30Validator if dialect == "3.0" else validator_for({"$schema": dialect}, default=_UNKNOWN)
    if schema_cls is _UNKNOWN:
        return None
    meta = schema_cls.META_SCHEMA
    return _compile(meta, validator_for(meta, default=schema_cls), schema_cls.FORMAT_CHECKER)

