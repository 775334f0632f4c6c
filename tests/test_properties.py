"""Property tests: the models and the spec's JSON Schemas agree on generated instances.

hypothesis-jsonschema draws instances from each component schema. Every valid instance must
parse and dump back unchanged; every mutation of one (a property removed, a value of another
JSON type, a result on a pending attempt) must get the same verdict from the model as from
a JSON Schema validator. Unknown enum values and unknown discriminator values are left out
on purpose: the models accept them (the server may be newer), the schemas do not.
"""

from __future__ import annotations

import copy
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter, ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamgen.loader import load
from tests.conftest import SPEC

DOCUMENT = load(SPEC).document
SCHEMAS = DOCUMENT["components"]["schemas"]
ANNOTATIONS = {"discriminator", "example", "examples", "x-enumDescriptions", "x-resource"}
REGISTRY: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(DOCUMENT))
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


def inline(schema: Any, seen: tuple[str, ...] = ()) -> Any:
    """The schema with refs inlined and annotations dropped; a recursive ref allows nothing more."""
    if isinstance(schema, list):
        return [inline(item, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return {"not": {}} if name in seen else inline(SCHEMAS[name], (*seen, name))
    return {key: inline(value, seen) for key, value in schema.items() if key not in ANNOTATIONS}


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=REGISTRY)


def model_accepts(adapter: TypeAdapter[Any], instance: Any) -> bool:
    try:
        adapter.validate_python(copy.deepcopy(instance))
    except ValidationError:
        return False
    return True


NAMES = sorted(SCHEMAS)


@pytest.mark.parametrize("name", NAMES)
def test_valid_instances_parse_and_dump_back_unchanged(package: ModuleType, name: str) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(package, name))
    check = validator(name)

    @SETTINGS
    @given(from_schema(inline(SCHEMAS[name])))
    def roundtrip(instance: Any) -> None:
        assert check.is_valid(instance)
        parsed = adapter.validate_python(copy.deepcopy(instance))
        assert not type(parsed).__name__.startswith("Unknown")
        assert adapter.dump_python(parsed, mode="json") == instance

    roundtrip()


def mutations(instance: Any) -> st.SearchStrategy[Any]:
    """Instances that differ from ``instance`` by one removed property or one retyped value."""
    if not isinstance(instance, dict) or not instance:
        return st.just(instance)
    key = st.sampled_from(sorted(instance))

    def removed(k: str) -> dict[str, Any]:
        return {name: value for name, value in instance.items() if name != k}

    def retyped(k: str) -> dict[str, Any]:
        value = instance[k]
        other = 12345 if isinstance(value, str | type(None) | dict | list) else "text"
        return {**instance, k: other}

    return st.one_of(key.map(removed), key.map(retyped))


@pytest.mark.parametrize("name", NAMES)
def test_model_and_schema_agree_on_broken_instances(package: ModuleType, name: str) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(package, name))
    check = validator(name)

    @SETTINGS
    @given(from_schema(inline(SCHEMAS[name])).flatmap(mutations))
    def agree(instance: Any) -> None:
        assert model_accepts(adapter, instance) == check.is_valid(instance), instance

    agree()


def test_a_result_on_a_pending_attempt_is_rejected_by_both(package: ModuleType) -> None:
    pending = {"status": "pending", "action_attempt_id": "a", "action_type": "LOCK_DOOR", "result": {}, "error": None}
    assert not validator("ActionAttempt").is_valid(pending)
    assert not model_accepts(TypeAdapter(package.ActionAttempt), pending)
