"""The JSON Schemas a spec is checked against, each as a compiled (Rust) validator for the common
case, a valid document, and a Python one that explains a failure.

jsonschema-rs says whether a value is valid about fifty times faster than the ``jsonschema``
package; only when it says no is the Python validator built, for the same ``best_match``
messages as before. The Python side (jsonschema, openapi-schema-validator and the pydantic it
imports) is imported only then: its import alone costs more than checking a small spec. So the
meta-schemas are read from the files those packages ship, found without importing them.
A document's formats are notes; a Schema Object's are checked (a ``pattern`` must be a regular
expression), as openapi-spec-validator does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

DEFAULT_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT4 = "http://json-schema.org/draft-04/schema#"
DRAFT2020 = "https://json-schema.org/draft/2020-12/schema"
# The dialects both validators know, each with the JSON Schema draft its meta-schema is written in.
# Any other dialect is looked up by the Python validators, which know a few more (or say None).
_KNOWN_DIALECTS = {
    DEFAULT_DIALECT: DRAFT2020,
    DRAFT2020: DRAFT2020,
    "https://json-schema.org/draft/2019-09/schema": "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema#": "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-06/schema#": "http://json-schema.org/draft-06/schema#",
    DRAFT4: DRAFT4,
}


class MetaSchema:
    """One schema: ``errors`` yields nothing, fast, for a valid value."""

    def __init__(self, fast: Any, slow: Callable[[], Any]) -> None:
        self.fast = fast
        self._make_slow = slow

    @cached_property
    def slow(self) -> Any:
        return self._make_slow()

    def errors(self, value: Any) -> Iterator[ValidationError]:
        if self.fast.is_valid(value):
            return
        yield from self.slow.iter_errors(value)


def most_precise(error: ValidationError) -> ValidationError:
    """The deepest of the errors that make up ``error``, the one a person should fix first."""
    from jsonschema.exceptions import best_match

    return best_match(error.context) if error.context else error


_UNEXPECTED = re.compile(r"\((.+) (?:was|were) unexpected\)")


def unexpected_key(error: ValidationError) -> str | None:
    """The first key a mapping may not have, for an error that says so (``additionalProperties``,
    ``unevaluatedProperties``): the finding belongs at that key, not at the mapping holding it."""
    if error.validator not in ("additionalProperties", "unevaluatedProperties") or not isinstance(error.instance, dict):
        return None
    named = _UNEXPECTED.search(str(error.message))
    return next((key for key in error.instance if named and repr(key) in named[1]), None)


def _package_folder(package: str) -> Path:
    """Where an installed package's files are, without running its ``__init__``."""
    found = find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModuleNotFoundError(f"seamgen needs the {package} package installed")
    return Path(next(iter(found.submodule_search_locations)))


@cache
def _openapi_resources() -> list[tuple[str, Any]]:
    """The OpenAPI dialect and vocabulary meta-schemas that openapi-schema-validator ships, by ``$id``."""
    found: list[tuple[str, Any]] = []
    for entry in sorted((_package_folder("openapi_schema_validator") / "schemas").rglob("*")):
        if entry.is_file():  # the 3.1 vocabulary's file has no .json suffix
            contents = json.loads(entry.read_text(encoding="utf-8"))
            found.append((contents["$id"], contents))
    return found


@cache
def _fast_registry() -> Any:
    return jsonschema_rs.Registry(_openapi_resources())


def _slow_registry() -> Any:
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped]

    return REGISTRY.with_contents(_openapi_resources())


@cache
def document_schema(version: str) -> MetaSchema:
    """The OpenAPI ``3.0`` or ``3.1`` schema of a whole document (openapi-spec-validator's)."""
    path = _package_folder("openapi_spec_validator") / "resources" / "schemas" / f"v{version}" / "schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))

    def slow() -> Any:
        from jsonschema.validators import validator_for

        return validator_for(schema)(schema, registry=_slow_registry())

    return MetaSchema(jsonschema_rs.validator_for(schema, validate_formats=False, registry=_fast_registry()), slow)


@cache
def schema_dialect(dialect: str) -> MetaSchema | None:
    """The meta-schema of the Schema Objects of an OpenAPI 3.1 document in ``dialect`` (a
    ``$schema`` URI), or of OpenAPI 3.0 for ``"3.0"``; None for a dialect nobody here knows."""
    uri = DRAFT4 if dialect == "3.0" else dialect
    if uri not in _KNOWN_DIALECTS:
        return _python_only_dialect(dialect)
    wrapper = {"$schema": _KNOWN_DIALECTS[uri], "$ref": uri}
    fast = jsonschema_rs.validator_for(wrapper, validate_formats=True, registry=_fast_registry())
    return MetaSchema(fast, lambda: _python_dialect(dialect))


def _python_dialect(dialect: str) -> Any:
    """The Python validator of ``dialect``'s meta-schema, with the formats its schemas' class checks."""
    from jsonschema.validators import validator_for
    from openapi_schema_validator import OAS30Validator

    unknown: Any = None
    schema_cls = OAS30Validator if dialect == "3.0" else validator_for({"$schema": dialect}, default=unknown)
    if schema_cls is None:
        return None
    meta = schema_cls.META_SCHEMA
    meta_cls = validator_for(meta, default=schema_cls)
    return meta_cls(meta, format_checker=schema_cls.FORMAT_CHECKER, registry=_slow_registry())


def _python_only_dialect(dialect: str) -> MetaSchema | None:
    """A dialect only the Python validators can name: its meta-schema, compiled for both sides."""
    slow = _python_dialect(dialect)
    if slow is None:
        return None
    fast = jsonschema_rs.validator_for(slow.schema, validate_formats=True, registry=_fast_registry())
    return MetaSchema(fast, lambda: slow)
