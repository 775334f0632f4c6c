"""Every example, and every schema's default, must validate against its schema.

A union is checked the way a client parses it: the discriminator picks one variant and the
example is validated against that variant alone, so one mistake gives one precise finding
rather than one per variant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.structure import MAX_MESSAGE
from seamgen.pointers import Resolver, encode
from seamgen.schemas import Dispatch, dispatch
from seamgen.walk import examples

SPEC_URI = "urn:seamgen:spec"
Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator[ValidationError]]


def check_examples(ctx: Context) -> Iterator[Diagnostic]:
    """One finding per way an example breaks its schema, at the offending value."""
    is_30 = str(ctx.document.get("openapi", "")).startswith("3.0.")
    base = OAS30Validator if is_30 else OAS31Validator
    resource = (DRAFT4 if is_30 else DRAFT202012).create_resource(ctx.document)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    cls = _dispatching_validator(base, ctx.resolver)
    for site in examples(ctx.document, ctx.resolver):
        validator = cls(
            {"$ref": SPEC_URI + encode(site.schema_path)}, registry=registry, format_checker=base.FORMAT_CHECKER
        )
        for error in sorted(validator.iter_errors(site.value), key=lambda e: [str(p) for p in e.absolute_path]):
            where = (*site.path, *error.absolute_path)
            noun = "default" if site.path[-1] == "default" else "example"
            yield ctx.error(where, f"{noun} does not match its schema: {_short(error.message)}", "example-valid")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _dispatching_validator(base: Any, resolver: Resolver) -> Any:
    cache: dict[int, Dispatch | None] = {}

    def chooser(schema: dict[str, Any]) -> Dispatch | None:
        if id(schema) not in cache:
            cache[id(schema)] = dispatch(schema, resolver)
        return cache[id(schema)]

    def wrap(original: Keyword) -> Keyword:
        def keyword(validator: Any, variants: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
            found = chooser(schema)
            if found is None:
                yield from original(validator, variants, instance, schema)
                return
            choice = found.choose(instance)
            if isinstance(choice, str):
                yield ValidationError(choice)
                return
            yield from validator.descend(instance, variants[choice], schema_path=choice)

        return keyword

    checkers = base.VALIDATORS
    return validators.extend(base, {"oneOf": wrap(checkers["oneOf"]), "anyOf": wrap(checkers["anyOf"])})  # type: ignore[no-untyped-call]
