"""Reading JSON Schemas the way a code generator needs: merged ``allOf`` objects,
constant properties, and the properties that tell the variants of a union apart.

Both the linter (to validate an example against the one variant it claims to be) and the
intermediate-model builder (to make a one-step dispatch) use these, so they always agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from seamgen.pointers import Resolver, as_dict, as_list

Scalar = str | int | float | bool | None
MAX_DISCRIMINATOR_PROPERTIES = 3


@dataclass
class MergedObject:
    """An object schema with its ``allOf`` parts merged; each property keeps all its parts."""

    properties: dict[str, list[Any]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Any = None

    def add(self, other: MergedObject) -> None:
        for name, parts in other.properties.items():
            self.properties.setdefault(name, []).extend(parts)
        self.required.extend(name for name in other.required if name not in self.required)
        if other.additional is not None:
            self.additional = other.additional


def merge_object(schema: Any, resolver: Resolver, _seen: frozenset[int] = frozenset()) -> MergedObject:
    """Merge ``schema`` and its ``allOf`` parts (base parts first) into one object view."""
    schema, _ = resolver.deref(schema)
    merged = MergedObject()
    if not isinstance(schema, dict) or id(schema) in _seen:
        return merged
    seen = _seen | {id(schema)}
    for part in as_list(schema.get("allOf")):
        merged.add(merge_object(part, resolver, seen))
    own = MergedObject(  # a malformed keyword (``seamgen diff`` reads unvalidated specs) adds nothing
        properties={str(name): [prop] for name, prop in as_dict(schema.get("properties")).items()},
        required=[name for name in as_list(schema.get("required")) if isinstance(name, str)],
        additional=schema.get("additionalProperties"),
    )
    merged.add(own)
    return merged


def constant(schema: Any, resolver: Resolver) -> tuple[bool, Scalar]:
    """``(True, value)`` when ``schema`` admits exactly one value (``const`` or a one-value ``enum``)."""
    schema, _ = resolver.deref(schema)
    if not isinstance(schema, dict):
        return False, None
    if "const" in schema:
        return True, schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return True, enum[0]
    for part in as_list(schema.get("allOf")):
        found, value = constant(part, resolver)
        if found:
            return True, value
    return False, None


def property_constants(schema: Any, resolver: Resolver) -> dict[str, Scalar]:
    """The properties of an object schema that are pinned to one value, by name."""
    pinned: dict[str, Scalar] = {}
    for name, parts in merge_object(schema, resolver).properties.items():
        for part in parts:
            found, value = constant(part, resolver)
            if found:
                pinned[name] = value
    return pinned


@dataclass(frozen=True)
class Dispatch:
    """How a union picks its variant: the values of ``properties``, one tag tuple per variant."""

    properties: tuple[str, ...]
    tags: tuple[tuple[Scalar, ...], ...]
    explicit: bool

    def choose(self, instance: Any) -> int | str:
        """The index of the variant ``instance`` belongs to, or a message saying why none fits."""
        if not isinstance(instance, dict):
            return "expected an object"
        absent = [name for name in self.properties if name not in instance]
        if absent:
            return f"missing discriminator property {', '.join(repr(n) for n in absent)}"
        key = tuple(instance[name] for name in self.properties)
        for index, tag in enumerate(self.tags):
            if tag == key:
                return index
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(self.properties, key, strict=True))
        expected = "; ".join(", ".join(repr(v) for v in tag) for tag in self.tags[:12])
        more = ", …" if len(self.tags) > 12 else ""
        return f"{shown} matches no variant (expected {expected}{more})"


def dispatch(union: dict[str, Any], resolver: Resolver) -> Dispatch | None:
    """How the ``oneOf``/``anyOf`` variants of ``union`` are told apart, if they can be.

    An explicit ``discriminator`` wins. Otherwise look for the smallest set of properties that
    every variant pins to a constant, with a different combination per variant (Seam's
    action attempts: ``action_type`` and ``status`` together).
    """
    variants = as_list(union.get("oneOf")) or as_list(union.get("anyOf"))
    if not variants:
        return None
    explicit = _explicit_dispatch(union, variants, resolver)
    if explicit is not None:
        return explicit
    pinned = [property_constants(variant, resolver) for variant in variants]
    candidates = _distinct_columns(pinned, [name for name in pinned[0] if all(name in p for p in pinned[1:])])
    names = _first_separating_set(candidates, len(variants))
    if names is None:
        return None
    return Dispatch(names, tuple(tuple(p[name] for name in names) for p in pinned), explicit=False)


def _distinct_columns(pinned: list[dict[str, Scalar]], names: list[str]) -> dict[str, tuple[int, ...]]:
    """Each of ``names`` with the partition of the variants its values make (variant ``i`` gets the
    index of the first variant with its value), keeping only the first name of each partition: a
    later one with the same partition never belongs to the first smallest set that tells the
    variants apart, since the earlier one could stand in for it."""
    columns: dict[str, tuple[int, ...]] = {}
    for name in names:
        firsts: dict[tuple[str, Scalar], int] = {}
        column = tuple(firsts.setdefault(_hashable(p[name]), index) for index, p in enumerate(pinned))
        if column not in columns.values():
            columns[name] = column
    return columns


def _first_separating_set(columns: dict[str, tuple[int, ...]], count: int) -> tuple[str, ...] | None:
    """The first set of names, in ``combinations`` order, of the smallest size up to
    ``MAX_DISCRIMINATOR_PROPERTIES`` whose values differ between every two variants.

    Trying every set costs O(P³·V) for P names and V variants (a union pinning 400 shared
    constants took minutes). Here each pair of variants gets the bitmask of the names that tell it
    apart: with all but the last name of a set fixed, the names that complete it are the AND of
    the masks of the pairs still together, and the lowest bit is the first of them. That is
    O(P^(k-1)·V²) mask operations for sets of size k, and the candidates are distinct partitions.
    """
    names = list(columns)
    values = list(columns.values())
    masks = [
        sum(1 << at for at, column in enumerate(values) if column[i] != column[j])
        for i, j in combinations(range(count), 2)
    ]
    for size in range(1, min(len(names), MAX_DISCRIMINATOR_PROPERTIES) + 1):
        for prefix in combinations(range(len(names)), size - 1):
            covered = sum(1 << at for at in prefix)
            needed = ~0
            for mask in masks:
                needed &= mask if not mask & covered else ~0
            needed &= ~((1 << (prefix[-1] + 1 if prefix else 0)) - 1) & ((1 << len(names)) - 1)
            if needed:
                last = (needed & -needed).bit_length() - 1
                return tuple(names[at] for at in (*prefix, last))
    return None


def _hashable(value: Any) -> tuple[str, Scalar]:
    """``value`` with its type, so ``True`` and ``1`` (equal in Python) stay apart; a ``const`` may
    be an object or array, compared by its JSON text."""
    return type(value).__name__, json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def _explicit_dispatch(union: dict[str, Any], variants: list[Any], resolver: Resolver) -> Dispatch | None:
    discriminator = union.get("discriminator")
    if not isinstance(discriminator, dict) or not isinstance(discriminator.get("propertyName"), str):
        return None
    name = discriminator["propertyName"]
    mapping = as_dict(discriminator.get("mapping"))
    targets = {key: resolver.mapping_target(ref) for key, ref in mapping.items() if isinstance(ref, str)}
    by_target = {target: key for key, target in targets.items() if target is not None}
    tags: list[tuple[Scalar, ...]] = []
    for variant in variants:
        _, where = resolver.deref(variant)
        pinned = property_constants(variant, resolver)
        if where in by_target:
            tags.append((by_target[where],))
        elif name in pinned:
            tags.append((pinned[name],))
        elif where is not None:
            tags.append((str(where[-1]),))
        else:
            return None
    return Dispatch((name,), tuple(tags), explicit=True)
