"""Every example, and every schema's default, must validate against its schema.

A union is checked the way a client parses it: the discriminator picks one variant and the
example is validated against that variant alone, so one mistake gives one precise finding
rather than one per variant. A compiled first pass (``examples_fast``) clears the valid
examples; only the rest meet the Python validators, which say what is wrong, and only a spec
with such an example pays for importing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.examples_fast import SPEC_URI, FastExamples
from seamgen.lint.structure import MAX_MESSAGE
from seamgen.pointers import Resolver, encode
from seamgen.schemas import Dispatch, dispatch
from seamgen.walk import ExampleSite, examples

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# How long a ``pattern`` may run on one value, and the ``validator`` of the error that says it ran out.
PATTERN_SECONDS = 1.0
UNCHECKED = "pattern-timeout"
Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator["ValidationError"]]


def check_examples(ctx: Context) -> Iterator[Diagnostic]:
    """One finding per way an example breaks its schema, at the offending value."""
    is_30 = str(ctx.document.get("openapi", "")).startswith("3.0.")
    fast = FastExamples(ctx.document, ctx.resolver, is_30)
    doubtful = [site for site in examples(ctx.document, ctx.resolver) if not fast.accepts(site.value, site.schema_path)]
    if doubtful:
        yield from _explain(ctx, doubtful, is_30)


def _explain(ctx: Context, sites: list[ExampleSite], is_30: bool) -> Iterator[Diagnostic]:
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT4, DRAFT202012

    base = OAS30Validator if is_30 else OAS31Validator
    resource = (DRAFT4 if is_30 else DRAFT202012).create_resource(ctx.document)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    cls = _dispatching_validator(base, ctx.resolver)
    formats = _tolerant(base.FORMAT_CHECKER)
    for site in sites:
        validator = cls({"$ref": SPEC_URI + encode(site.schema_path)}, registry=registry, format_checker=formats)
        for error in sorted(validator.iter_errors(site.value), key=lambda e: [str(p) for p in e.absolute_path]):
            where = (*site.path, *error.absolute_path)
            noun = "default" if site.path[-1] == "default" else "example"
            verdict = "is not checked" if error.validator == UNCHECKED else "does not match its schema"
            yield ctx.error(where, f"{noun} {verdict}: {_short(error.message)}", "example-valid")


def _tolerant(checker: Any) -> Any:
    """``checker`` with a ``ValueError`` from a format check read as "does not conform": the
    ``byte`` check raises ``UnicodeEncodeError`` on text that is not ASCII."""
    from jsonschema import FormatChecker

    tolerant = FormatChecker(())
    for name, (check, raises) in checker.checkers.items():
        tolerant.checkers[name] = (check, (*(raises if isinstance(raises, tuple) else (raises,)), ValueError))
    return tolerant


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _dispatching_validator(base: Any, resolver: Resolver) -> Any:
    from jsonschema import validators
    from jsonschema.exceptions import ValidationError

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
    keywords = {"oneOf": wrap(checkers["oneOf"]), "anyOf": wrap(checkers["anyOf"]), "pattern": _bounded_pattern()}
    return validators.extend(base, keywords)  # type: ignore[no-untyped-call]


def _bounded_pattern() -> Keyword:
    """jsonschema's ``pattern`` with a time limit: ``re`` backtracks for minutes on ``^(a+)+$``
    against ``aaa…a!``. A pattern that runs out of time once is not run again, so a spec costs at
    most ``PATTERN_SECONDS`` per such pattern; its examples are reported as not checked."""
    import regex  # type: ignore[import-untyped]
    from jsonschema.exceptions import ValidationError

    slow: set[str] = set()

    def pattern(validator: Any, expression: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "string"):
            return
        try:
            if expression not in slow and regex.search(expression, instance, timeout=PATTERN_SECONDS):
                return
        except TimeoutError:
            slow.add(expression)
        if expression in slow:
            message = f"pattern {expression!r} backtracks (over {PATTERN_SECONDS:g} s on {instance!r})"
            yield ValidationError(message, validator=UNCHECKED)
        else:
            yield ValidationError(f"{instance!r} does not match {expression!r}")

    return pattern
