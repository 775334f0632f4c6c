"""A compiled (Rust) first pass over examples: it clears the valid ones without importing the
Python validators, whose import alone (jsonschema, openapi-schema-validator and the pydantic it
pulls) costs more than linting a small spec.

The pass is conservative: it may reject an example the Python validators accept (that example
then goes through them, and only they report findings), never the reverse. So it follows their
OpenAPI semantics where they loosen JSON Schema's, and refuses to judge where it cannot match them:

- a union with a discriminator (or variants pinned apart by constants) checks the one variant
  the example names, as ``examples.py`` does;
- OpenAPI 3.0 is JSON Schema draft 4 with ``nullable``, and a ``byte`` format that is base64;
- a ``regex`` format, or an integer outside 32 bits (``int32``/``int64`` check ranges), is left to
  the Python validators.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import jsonschema_rs

from seamgen.pointers import Resolver, encode
from seamgen.schemas import dispatch

SPEC_URI = "urn:seamgen:spec"
_INT32 = 1 << 31


class FastExamples:
    """Says whether an example surely matches its schema in a document of a given OpenAPI version."""

    def __init__(self, document: dict[str, Any], resolver: Resolver, is_30: bool) -> None:
        draft = jsonschema_rs.Draft4 if is_30 else jsonschema_rs.Draft202012
        self._cls = jsonschema_rs.Draft4Validator if is_30 else jsonschema_rs.Draft202012Validator
        self._registry = jsonschema_rs.Registry([(SPEC_URI, document)], draft=draft)
        self._keywords = _keywords(self, resolver, is_30)
        self._formats = {"regex": _never, **({"byte": _is_base64} if is_30 else {})}
        self._compiled: dict[str, Any] = {}

    def accepts(self, value: Any, schema_path: tuple[str | int, ...]) -> bool:
        """True only if ``value`` is valid against the schema at ``schema_path``."""
        if _has_wide_integer(value):
            return False
        try:
            return bool(self.validator({"$ref": SPEC_URI + encode(schema_path)}).is_valid(value))
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError, TypeError):
            return False  # a schema rs will not compile is the Python validators' to judge

    def validator(self, schema: Any) -> Any:
        """A compiled validator for ``schema``, whose local ``$ref``s point into the document."""
        key = repr(schema)
        if key not in self._compiled:
            self._compiled[key] = self._cls(
                _absolute(schema),
                registry=self._registry,
                keywords=self._keywords,
                formats=self._formats,
                validate_formats=True,
            )
        return self._compiled[key]


def _keywords(fast: FastExamples, resolver: Resolver, is_30: bool) -> dict[str, type]:
    """``oneOf``/``anyOf`` that check only the variant a tagged example names, and 3.0's ``nullable``."""

    class Union:
        def __init__(self, parent_schema: dict[str, Any], value: list[Any], schema_path: list[Any]) -> None:
            self.one = schema_path[-1] == "oneOf"
            self.variants = value
            self.dispatch = dispatch(parent_schema, resolver)

        def validate(self, instance: Any) -> None:
            if self.dispatch is not None:
                choice = self.dispatch.choose(instance)
                if isinstance(choice, str) or not fast.validator(self.variants[choice]).is_valid(instance):
                    raise ValueError("no variant")
                return
            matches = sum(1 for variant in self.variants if fast.validator(variant).is_valid(instance))
            if matches == 0 or (self.one and matches > 1):
                raise ValueError("no single variant")

    class NullableType:
        def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[Any]) -> None:
            self.nullable = parent_schema.get("nullable") is True
            self.check = jsonschema_rs.Draft4Validator({"type": value})

        def validate(self, instance: Any) -> None:
            if instance is None and not self.nullable:
                raise ValueError("not nullable")
            if instance is not None and not self.check.is_valid(instance):
                raise ValueError("wrong type")

    keywords: dict[str, type] = {"oneOf": Union, "anyOf": Union}
    if is_30:
        keywords["type"] = NullableType
    return keywords


def _absolute(schema: Any) -> Any:
    """``schema`` with its local ``$ref``s made to name the document (a schema compiled on its own is
    a resource of its own, so ``#/components/...`` would point into it)."""
    if isinstance(schema, dict):
        return {key: _absolute_ref(value) if key == "$ref" else _absolute(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_absolute(item) for item in schema]
    return schema


def _absolute_ref(ref: Any) -> Any:
    return SPEC_URI + ref if isinstance(ref, str) and ref.startswith("#") else _absolute(ref)


def _has_wide_integer(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_wide_integer(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_wide_integer(item) for item in value)
    return isinstance(value, int) and not isinstance(value, bool) and not -_INT32 < value < _INT32


def _never(_: str) -> bool:
    return False


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True
