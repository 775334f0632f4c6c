"""The compiled first pass over examples clears only what the Python validators accept.

Each case is a schema and a value where OpenAPI's validators differ from plain JSON Schema (3.0's
``nullable``, ``readOnly`` required properties, 32-bit integer formats, base64 ``byte``, ``regex``)
or where seamgen's own reading of a union differs (the discriminator names the variant); the pass
may send a value on to the Python validators, but must never clear one they reject.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seamgen.lint import examples
from seamgen.lint.context import Context
from seamgen.lint.examples_fast import FastExamples
from seamgen.loader import parse
from seamgen.walk import examples as example_sites
from tests.conftest import SPEC

CIRCLE = {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "circle"}, "r": {"type": "number"}}}
LOOSE = {"type": "object", "properties": {"kind": {"type": "string"}, "side": {"type": "number"}}}
TAGGED = {
    "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Loose"}],
    "discriminator": {"propertyName": "kind", "mapping": {"square": "#/components/schemas/Loose"}},
}
CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("3.0.3", {"type": "string", "nullable": True}, None),
    ("3.0.3", {"type": "string"}, None),
    ("3.0.3", {"nullable": True, "allOf": [{"type": "string"}]}, None),
    ("3.0.3", {"type": "integer", "format": "int32"}, 1 << 31),
    ("3.0.3", {"type": "integer", "format": "int32"}, 7),
    ("3.1.0", {"type": "integer", "format": "int64"}, 1 << 63),
    ("3.0.3", {"type": "string", "format": "byte"}, "aGVsbG8="),
    ("3.0.3", {"type": "string", "format": "byte"}, "not base64!"),
    ("3.0.3", {"type": "string", "format": "byte"}, "héllo"),
    ("3.1.0", {"type": "string", "format": "regex"}, "(unclosed"),
    ("3.1.0", {"type": "string", "format": "regex"}, "^a+$"),
    ("3.1.0", {"type": "string", "format": "date-time"}, "yesterday"),
    ("3.0.3", {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": True}}}, {}),
    ("3.1.0", {"$ref": "#/components/schemas/Tagged"}, {"kind": "square", "side": 2}),
    ("3.1.0", {"$ref": "#/components/schemas/Tagged"}, {"kind": "circle", "r": 1}),
    ("3.1.0", {"$ref": "#/components/schemas/Tagged"}, {"kind": "circle", "side": 2, "r": "x"}),
    ("3.1.0", {"$ref": "#/components/schemas/Tagged"}, {"kind": "triangle"}),
    ("3.1.0", {"oneOf": [{"type": "integer"}, {"type": "number"}]}, 3),
    ("3.1.0", {"anyOf": [{"type": "integer"}, {"type": "number"}]}, 3),
    ("3.1.0", {"type": "object", "properties": {"$ref": {"type": "string"}}}, {"$ref": 4}),
]


def document(version: str, schema: dict[str, Any], value: Any) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Circle": CIRCLE, "Loose": LOOSE, "Tagged": TAGGED, "Probe": {**schema, "example": value}}},
    }


def verdicts(text: str, file: str = "spec.json") -> list[tuple[tuple[Any, ...], bool, bool]]:
    """Each example's path, the fast pass's verdict and the Python validators'."""
    ctx = Context(parse(text, file))
    is_30 = ctx.document["openapi"].startswith("3.0.")
    fast = FastExamples(ctx.document, ctx.resolver, is_30)
    sites = list(example_sites(ctx.document, ctx.resolver))
    return [
        (site.path, fast.accepts(site.value, site.schema_path), not list(examples._explain(ctx, [site], is_30)))
        for site in sites
    ]


@pytest.mark.parametrize(("version", "schema", "value"), CASES)
def test_the_fast_pass_never_clears_an_example_the_python_validators_reject(
    version: str, schema: dict[str, Any], value: Any
) -> None:
    for path, fast, slow in verdicts(json.dumps(document(version, schema, value))):
        assert slow or not fast, f"{path}: cleared by the fast pass, rejected by the Python validators"


def test_the_fast_pass_clears_the_valid_examples_of_our_spec() -> None:
    found = verdicts(Path(SPEC).read_text(encoding="utf-8"), str(SPEC))
    assert found, "the spec has examples"
    assert all(slow for _, _, slow in found), "our spec's examples are valid"
    assert all(fast for _, fast, _ in found), "each valid example of our spec is cleared without the Python validators"


@pytest.mark.parametrize(
    ("version", "schema", "value"),
    [
        ("3.0.3", {"type": "string", "nullable": True}, None),
        ("3.0.3", {"type": "string", "format": "byte"}, "aGVsbG8="),
        ("3.1.0", {"$ref": "#/components/schemas/Tagged"}, {"kind": "square", "side": 2}),
    ],
)
def test_openapi_semantics_are_followed_not_deferred(version: str, schema: dict[str, Any], value: Any) -> None:
    """Where OpenAPI loosens JSON Schema, the pass follows it, so common specs stay on the fast path."""
    probe = [(fast, slow) for path, fast, slow in verdicts(json.dumps(document(version, schema, value))) if "Probe" in path]
    assert probe == [(True, True)]
