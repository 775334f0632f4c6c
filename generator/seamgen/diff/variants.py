"""Name a union's variants alike on both sides of a diff, so that a variant inserted mid-list is one
addition, not every later variant compared with its neighbour.

A variant written as a ``$ref`` is named by its discriminator ``mapping`` key or else its schema's
name, as before. An inline one is named by its tag: the value of ``discriminator.propertyName`` in
it, or else of the properties that every variant on both sides pins to one value, no two alike
(Seam's ``error_code``; ``action_type`` with ``status``). The tag is found by the search the
generator uses for its models' dispatch, so diff and generated clients tell variants apart alike.
Only a union without a tag names its inline variants by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seamgen.diff.context import Node, Which
from seamgen.diff.merged import UNIONS
from seamgen.loader import JsonPath
from seamgen.pointers import Resolver, as_dict
from seamgen.schemas import Dispatch, Scalar, dispatch, property_constants

Tags = tuple[tuple[Scalar, ...], ...]  # one per member of a union, in order


@dataclass(frozen=True)
class Union:
    """The variants of a ``oneOf``/``anyOf`` other than ``null``, each with its index in the list."""

    schema: dict[str, Any]
    path: JsonPath
    key: str
    members: tuple[tuple[int, Any], ...]

    def nodes(self) -> list[Node]:
        return [(variant, (*self.path, self.key, index)) for index, variant in self.members]


@dataclass(frozen=True)
class Tag:
    """The properties that tell a union's variants apart, and each variant's values of them."""

    names: tuple[str, ...]
    values: Tags

    def label(self, value: tuple[Scalar, ...]) -> str:
        """``'august_lock_missing_bridge'``; ``(action_type 'LOCK_DOOR', status 'pending')`` for two."""
        if len(value) == 1:
            return repr(value[0])
        return "(" + ", ".join(f"{name} {v!r}" for name, v in zip(self.names, value, strict=True)) + ")"


def union_of(schema: dict[str, Any], path: JsonPath, resolver: Resolver) -> Union | None:
    key = next((k for k in UNIONS if isinstance(schema.get(k), list)), None)
    if key is None:
        return None
    members = tuple(
        (index, variant)
        for index, variant in enumerate(schema[key])
        if (value := resolver.deref(variant)[0]) is not None and as_dict(value).get("type") != "null"
    )
    return Union(schema, path, key, members)


class Naming:
    """Names variants for one diff; a union's dispatch is searched once however often it is reached."""

    def __init__(self, resolvers: dict[str, Resolver]) -> None:
        self.resolvers = resolvers
        self.found: dict[tuple[Which, JsonPath], Dispatch | None] = {}

    def pair(self, old: Union, new: Union) -> tuple[dict[str, Node], dict[str, Node]]:
        """Both sides' variants by name, tagged by properties that tell apart the variants of each."""
        before, after = self._common(old, new) or (None, None)
        return self.named(old, before), self.named(new, after)

    def tag(self, union: Union, which: Which) -> Tag | None:
        """The tag of one union, alone (the other side is not a union)."""
        found = self._dispatch(union, which)
        return self._tag(union, which, found.properties) if found else None

    def named(self, union: Union, tag: Tag | None) -> dict[str, Node]:
        return dict(zip(self.labels(union, tag), union.nodes(), strict=True))

    @staticmethod
    def labels(union: Union, tag: Tag | None) -> list[str]:
        """Each variant's name in messages: ``'Dog'`` for a reference, its tag, or ``at position 3``."""
        mapping = as_dict(as_dict(union.schema.get("discriminator")).get("mapping"))
        by_ref = {ref: value for value, ref in mapping.items() if isinstance(ref, str)}
        labels = []
        for at, (index, variant) in enumerate(union.members):
            ref = as_dict(variant).get("$ref")
            if isinstance(ref, str):
                labels.append(repr(by_ref.get(ref) or ref.rsplit("/", 1)[-1]))
            else:
                labels.append(tag.label(tag.values[at]) if tag else f"at position {index}")
        return labels

    def _common(self, old: Union, new: Union) -> tuple[Tag, Tag] | None:
        """The first tag of either side (HEAD's first) that tells apart the variants of both."""
        tried = (found.properties for found in (self._dispatch(new, "head"), self._dispatch(old, "base")) if found)
        for names in tried:
            before, after = self._tag(old, "base", names), self._tag(new, "head", names)
            if before and after:
                return before, after
        return None

    def _tag(self, union: Union, which: Which, names: tuple[str, ...]) -> Tag | None:
        """``names`` as the tag of ``union``, if every variant pins them and no two pin them alike."""
        found = self._dispatch(union, which)
        if found and found.properties == names:
            values = found.tags
        else:
            pinned = [property_constants(variant, self.resolvers[which]) for _, variant in union.members]
            if any(name not in constants for constants in pinned for name in names):
                return None
            values = tuple(tuple(constants[name] for name in names) for constants in pinned)
        tag = Tag(names, values)
        labels = {tag.label(value) for value in values}
        return tag if len(labels) == len(values) else None

    def _dispatch(self, union: Union, which: Which) -> Dispatch | None:
        key = (which, union.path)
        if key not in self.found:
            variants = [variant for _, variant in union.members]
            schema = {"oneOf": variants, "discriminator": union.schema.get("discriminator")}
            self.found[key] = dispatch(schema, self.resolvers[which]) if variants else None
        return self.found[key]
