"""``seamgen diff`` on unions: inline variants matched by their tag (a discriminator's value, or
properties every variant pins to one value), not by position; an object split into a union (or
merged from one); and renames only where no other property or parameter could be the new name."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from seamgen.diff.context import Pair
from seamgen.diff.findings import Finding
from seamgen.diff.operations import compare_specs
from seamgen.loader import load
from seamgen.pointers import decode, lookup

HISTORY = Path(__file__).resolve().parent.parent / "benchmarks" / ".corpus" / "seam-history"
POINTER = "#/components/schemas/thing/properties/errors/items/oneOf"


def spec(thing: dict[str, Any], body: dict[str, Any] | None = None, params: list[Any] | None = None) -> dict[str, Any]:
    """GET /things returns the component ``thing``; POST /things takes ``body`` and ``params``."""
    post = {"parameters": params or [], "responses": {"204": {"description": "done"}}}
    if body is not None:
        post["requestBody"] = {"content": {"application/json": {"schema": body}}}
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {"responses": ok}, "post": post}},
        "components": {"schemas": {"thing": thing}},
    }


def error(code: str, **extra: Any) -> dict[str, Any]:
    """An error variant tagged by a one-value ``error_code``, with properties of its own: compared
    with its neighbour by position, every one would read as removed."""
    properties = {"error_code": {"type": "string", "enum": [code]}, "message": {"type": "string"}, **extra}
    return {"type": "object", "properties": properties, "required": ["error_code", *extra]}


def with_errors(variants: list[Any], **union: Any) -> dict[str, Any]:
    errors = {"type": "array", "items": {"oneOf": variants, **union}}
    return spec({"type": "object", "properties": {"errors": errors}})


def diff(tmp_path: Path, base: dict[str, Any], head: dict[str, Any]) -> list[Finding]:
    (tmp_path / "base.json").write_text(json.dumps(base), encoding="utf-8")
    (tmp_path / "head.json").write_text(json.dumps(head), encoding="utf-8")
    pair = Pair(load(tmp_path / "base.json"), load(tmp_path / "head.json"))
    compare_specs(pair)
    return pair.findings


def rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.level) for f in findings]


FLAG = {"type": "boolean"}
THREE = [error("a", a_id=FLAG), error("b", b_id={"type": "string"}), error("c", c_id={"type": "integer"})]


def test_a_variant_inserted_mid_list_is_one_addition_named_by_its_tag(tmp_path: Path) -> None:
    head = [THREE[0], error("new_code", n=FLAG), *THREE[1:]]
    [found] = diff(tmp_path, with_errors(THREE), with_errors(head))
    assert (found.rule, found.level, found.side) == ("response-union-variant-added", "potentially-breaking", "head")
    assert found.message.startswith("`thing.errors[]` has a new variant 'new_code':")
    assert found.pointer == POINTER + "/1"


def test_a_variant_removed_mid_list_is_one_removal_named_by_its_tag(tmp_path: Path) -> None:
    [found] = diff(tmp_path, with_errors(THREE), with_errors([THREE[0], THREE[2]]))
    assert (found.rule, found.level, found.side) == ("response-union-variant-removed", "non-breaking", "base")
    assert found.message == "`thing.errors[]` lost its variant 'b'"
    assert found.pointer == POINTER + "/1"


def test_a_change_inside_a_moved_variant_is_reported_at_that_variant(tmp_path: Path) -> None:
    changed = copy.deepcopy(THREE[2])
    changed["required"].remove("c_id")
    findings = diff(tmp_path, with_errors(THREE), with_errors([error("z"), THREE[0], THREE[1], changed]))
    assert rules(findings) == [
        ("response-union-variant-added", "potentially-breaking"),
        ("response-property-became-optional", "breaking"),
    ]
    assert findings[1].pointer == POINTER + "/3/properties/c_id"


def test_the_discriminator_names_the_tag_without_a_mapping(tmp_path: Path) -> None:
    """``code`` also tells the variants apart and comes first, but the discriminator says ``kind``."""

    def variant(code: str, kind: str) -> dict[str, Any]:
        return {"properties": {"code": {"const": code}, "kind": {"enum": [kind]}}, "required": ["kind"]}

    base = [variant("1", "dog"), variant("2", "cat")]
    head = [variant("1", "dog"), variant("3", "bird"), variant("2", "cat")]
    discriminator = {"discriminator": {"propertyName": "kind"}}
    [found] = diff(tmp_path, with_errors(base, **discriminator), with_errors(head, **discriminator))
    assert found.message.startswith("`thing.errors[]` has a new variant 'bird':")


def test_a_const_tag_in_an_allof_part_of_a_reference_is_followed(tmp_path: Path) -> None:
    def variant(code: str) -> dict[str, Any]:
        return {"allOf": [{"$ref": "#/components/schemas/base_error"}, {"properties": {"error_code": {"const": code}}}]}

    base = with_errors([variant("a"), variant("b")])
    head = with_errors([variant("new"), variant("a"), variant("b")])
    for doc in (base, head):
        doc["components"]["schemas"]["base_error"] = {"properties": {"message": {"type": "string"}}}
    assert [f.message.split(":")[0] for f in diff(tmp_path, base, head)] == ["`thing.errors[]` has a new variant 'new'"]


def attempt(action: str, status: str, **extra: Any) -> dict[str, Any]:
    properties = {"action_type": {"enum": [action]}, "status": {"enum": [status]}, **extra}
    return {"type": "object", "properties": properties, "required": list(properties)}


def test_two_properties_together_tell_variants_apart(tmp_path: Path) -> None:
    """Seam's action attempts: neither ``action_type`` nor ``status`` alone is unique."""
    base = [attempt("LOCK", "pending"), attempt("LOCK", "success", r=FLAG), attempt("UNLOCK", "pending")]
    head = [base[0], attempt("LOCK", "error", e={"type": "string"}), *base[1:]]
    [found] = diff(tmp_path, spec({"oneOf": base}), spec({"oneOf": head}))
    assert found.rule == "response-union-variant-added"
    assert found.message.startswith("`thing` has a new variant (action_type 'LOCK', status 'error'):")


def test_a_tag_must_tell_apart_the_variants_of_both_sides(tmp_path: Path) -> None:
    """BASE's variants differ by ``action_type`` alone; HEAD needs ``status`` too, and both sides
    are matched by the pair."""
    base = [attempt("LOCK", "pending", r=FLAG), attempt("UNLOCK", "pending")]
    head = [attempt("LOCK", "error"), *base]
    [found] = diff(tmp_path, spec({"oneOf": base}), spec({"oneOf": head}))
    assert found.message.startswith("`thing` has a new variant (action_type 'LOCK', status 'error'):")


def test_without_a_tag_variants_are_matched_by_position_and_say_so(tmp_path: Path) -> None:
    base = spec({"oneOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 3}]})
    head = spec({"oneOf": [*base["components"]["schemas"]["thing"]["oneOf"], {"type": "string", "pattern": "^x"}]})
    [found] = diff(tmp_path, base, head)
    assert found.rule == "response-union-variant-added"
    assert found.message.startswith("`thing` has a new variant at position 2:")


def test_variants_whose_tags_repeat_fall_back_to_position(tmp_path: Path) -> None:
    base = with_errors([error("a"), error("a", x=FLAG)])
    head = with_errors([error("a"), error("a", x=FLAG), error("b")])
    [found] = diff(tmp_path, base, head)
    assert "new variant at position 2" in found.message


DEEP_LINK = {
    "type": "object",
    "properties": {
        "resource_type": {"type": "string", "enum": ["reservation", "space"]},
        "resource_key": {"type": "string"},
    },
    "required": ["resource_type", "resource_key"],
}


def link(kind: str, key: str) -> dict[str, Any]:
    properties = {"resource_type": {"type": "string", "enum": [kind]}, key: {"type": "string"}}
    return {"type": "object", "properties": properties, "required": list(properties)}


SPLIT = {
    "oneOf": [link("reservation", "resource_key"), link("space", "resource_key"), link("device", "resource_id")],
    "discriminator": {"propertyName": "resource_type"},
}


def body(deep_link: dict[str, Any]) -> dict[str, Any]:
    return spec({"type": "object"}, {"type": "object", "properties": {"deep_link": deep_link}})


def response(deep_link: dict[str, Any]) -> dict[str, Any]:
    return spec({"type": "object", "properties": {"deep_link": deep_link}})


def test_an_object_split_into_variants_accepts_one_new_variant_in_a_request(tmp_path: Path) -> None:
    """Seam 1.956.0 -> 1.977.0: every body valid before is valid after, nothing was removed."""
    [found] = diff(tmp_path, body(DEEP_LINK), body(SPLIT))
    assert (found.rule, found.level) == ("request-union-variant-added", "non-breaking")
    assert found.message == "`POST /things.deep_link` accepts a new variant 'device'"


def test_an_object_split_into_variants_is_a_risk_in_a_response(tmp_path: Path) -> None:
    """Clients reading ``resource_key`` still get it from both old kinds; only ``device`` lacks it."""
    [found] = diff(tmp_path, response(DEEP_LINK), response(SPLIT))
    assert (found.rule, found.level) == ("response-union-variant-added", "potentially-breaking")
    assert "`thing.deep_link` has a new variant 'device'" in found.message


def test_variants_merged_into_an_object_lose_the_variant_it_does_not_admit(tmp_path: Path) -> None:
    [found] = diff(tmp_path, body(SPLIT), body(DEEP_LINK))
    assert (found.rule, found.level, found.side) == ("request-union-variant-removed", "breaking", "base")
    assert found.message == "`POST /things.deep_link` lost its variant 'device': clients that send it are rejected"


def test_a_split_compares_each_admitted_variant_with_the_object(tmp_path: Path) -> None:
    """A kind the object admitted that no variant has is lost; a property one variant renamed is renamed."""
    before = copy.deepcopy(DEEP_LINK)
    before["properties"]["resource_type"]["enum"].append("hotel")
    after = {"oneOf": [link("reservation", "resource_key"), link("space", "space_key")]}
    findings = diff(tmp_path, body(before), body(after))
    assert [(f.rule, f.message.split(":")[0]) for f in findings] == [
        (
            "request-property-renamed",
            "request property `POST /things.deep_link.resource_key` was renamed to `space_key`",
        ),
        ("request-union-variant-removed", "`POST /things.deep_link` lost its variant 'hotel'"),
    ]
    assert findings[0].pointer.endswith("/deep_link/oneOf/1/properties/space_key")


FLAGS = {"type": "object", "properties": {"RESERVATION_UI_V2": FLAG, "SALTO": FLAG}}


def test_a_rename_is_not_guessed_between_properties_of_one_shape(tmp_path: Path) -> None:
    """Seam 1.885.0 -> 1.955.0: one boolean went, two came; either could be its new name."""
    after = {"type": "object", "properties": {"MANAGE_MODAL": FLAG, "RESERVATION_LEGACY": FLAG, "SALTO": FLAG}}
    findings = diff(tmp_path, spec(FLAGS), spec(after))
    assert sorted(rules(findings)) == [
        ("response-property-added", "non-breaking"),
        ("response-property-added", "non-breaking"),
        ("response-property-removed", "breaking"),
    ]


def test_a_rename_with_one_candidate_is_still_one_finding(tmp_path: Path) -> None:
    after = {"type": "object", "properties": {"RESERVATION_V3": FLAG, "SALTO": FLAG, "count": {"type": "integer"}}}
    findings = diff(tmp_path, spec(FLAGS), spec(after))
    assert sorted(rules(findings)) == [
        ("response-property-added", "non-breaking"),
        ("response-property-renamed", "breaking"),
    ]
    assert "`thing.RESERVATION_UI_V2` was renamed to `RESERVATION_V3`" in findings[-1].message + findings[0].message


def query(name: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "string"}}


def test_a_parameter_rename_is_not_guessed_between_parameters_of_one_shape(tmp_path: Path) -> None:
    thing = {"type": "object"}
    findings = diff(tmp_path, spec(thing, params=[query("a")]), spec(thing, params=[query("b"), query("c")]))
    assert sorted(rules(findings)) == [
        ("new-optional-request-parameter", "non-breaking"),
        ("new-optional-request-parameter", "non-breaking"),
        ("request-parameter-removed", "breaking"),
    ]
    [renamed] = diff(tmp_path, spec(thing, params=[query("a")]), spec(thing, params=[query("b")]))
    assert renamed.rule == "request-parameter-renamed"


def _identity(variant: Any, names: set[str]) -> dict[str, Any]:
    """A variant's one-value enums among ``names``, read without seamgen's code."""
    properties = variant.get("properties", {}) if isinstance(variant, dict) else {}
    return {n: p["enum"][0] for n, p in properties.items() if n in names and len(p.get("enum", [])) == 1}


def _tag_names(variants: list[Any]) -> set[str]:
    pinned = [set(_identity(v, set(v.get("properties", {})))) for v in variants if isinstance(v, dict)]
    return set.intersection(*pinned) if pinned else set()


@pytest.mark.parametrize(("old", "new"), [("1.885.0", "1.955.0"), ("1.956.0", "1.977.0")])
def test_seam_history_compares_only_variants_with_the_same_tag(old: str, new: str, tmp_path: Path) -> None:
    """Each finding inside a tagged inline variant (its error_code, event_type, ...) has a variant
    with the same tag on the other side: before, a variant inserted mid-list made hundreds of
    findings between neighbours (``event.acs_system_id was renamed to access_method_id``)."""
    base_file, head_file = HISTORY / f"seam-{old}.json", HISTORY / f"seam-{new}.json"
    if not (base_file.exists() and head_file.exists()):
        pytest.skip("Seam's release history is not cached (python benchmarks/diff_history.py fetches it)")
    pair = Pair(load(base_file), load(head_file))
    compare_specs(pair)
    docs = {"base": pair.base.document, "head": pair.head.document}
    checked = 0
    for finding in pair.findings:
        path = tuple(int(p) if p.isdigit() else p for p in map(str, decode(finding.pointer) or ()))
        union_at = max((i for i, part in enumerate(path) if part == "oneOf"), default=None)
        if union_at is None or "union-variant" in finding.rule or len(path) <= union_at + 1:
            continue
        other = "head" if finding.side == "base" else "base"
        mine, theirs = lookup(docs[finding.side], path[: union_at + 1]), lookup(docs[other], path[: union_at + 1])
        names = _tag_names(mine) & _tag_names(theirs) if isinstance(theirs, list) else set()
        if not names:
            continue
        tag = _identity(mine[path[union_at + 1]], names)
        assert any(_identity(v, names) == tag for v in theirs), (finding.rule, finding.pointer)
        checked += 1
    assert checked > 0
    assert not [f for f in pair.findings if f.rule.endswith("-renamed") and "/oneOf/" in f.pointer]
    if new == "1.977.0":
        lost = [f.message for f in pair.findings if f.message.startswith("`access_code.errors[]` lost")]
        assert lost == [
            f"`access_code.errors[]` lost its variant {code!r}"
            for code in (
                "august_lock_missing_bridge",
                "ttlock_lock_not_paired_to_gateway",
                "lockly_missing_wifi_bridge",
            )
        ]
