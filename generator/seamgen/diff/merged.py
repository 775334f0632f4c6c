"""The constraints on a schema's value, its own merged with those of its ``allOf`` parts.

``allOf: [{$ref: Status}, {description: …}]`` is how specs add prose or a tighter bound to a shared
schema. A value must satisfy every part, so an enum value removed inside a part is removed from the
whole: compared keyword by keyword, the parts' constraints would go unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seamgen.diff.constraints import BOUNDS, number
from seamgen.loader import JsonPath
from seamgen.pointers import Resolver, as_list

MAX_DEPTH = 16  # how deep allOf and union chains are followed: deeper is a loop
UNIONS = ("oneOf", "anyOf")
KEYWORDS = ("enum", "const", "pattern", "format", "default", *BOUNDS)


@dataclass
class Merged:
    """The merged ``values`` of ``KEYWORDS``, the path of the schema each was taken from, each as
    written there (an enum before other parts narrowed it), and the JSON types admitted."""

    values: dict[str, Any] = field(default_factory=dict)
    places: dict[str, JsonPath] = field(default_factory=dict)
    written: dict[str, Any] = field(default_factory=dict)
    types: frozenset[str] = frozenset()

    def place(self, where: JsonPath, schema: JsonPath) -> JsonPath:
        """Where a change ``where`` (relative to the merged schema written at ``schema``) stands."""
        keyword = where[0] if where else None
        if not isinstance(keyword, str) or keyword not in self.places:
            return (*schema, *where)
        rest = where[1:]
        if keyword == "enum" and rest and isinstance(rest[0], int):  # an index into the merged list
            rest = (self.written["enum"].index(self.values["enum"][rest[0]]),)
        return (*self.places[keyword], keyword, *rest)

    def narrow(self, part: Merged) -> None:
        """Add the constraints of an ``allOf`` part: both hold, so enums intersect and the tighter
        bound wins; other keywords keep the first value written (the schema's own, then the parts')."""
        self.types = _both(self.types, part.types)
        for keyword, value in part.values.items():
            mine = self.values.get(keyword)
            if keyword == "enum" and isinstance(mine, list) and isinstance(value, list):
                self.values["enum"] = [v for v in mine if v in value]
            elif keyword in self.values and not _tighter(keyword, value, mine):
                continue
            else:
                self.values[keyword], self.places[keyword] = value, part.places[keyword]
                self.written[keyword] = part.written[keyword]


def merged(resolver: Resolver, schema: dict[str, Any], path: JsonPath, depth: int = 0) -> Merged:
    """``schema`` (written at ``path``) with its ``allOf`` parts merged in."""
    own = {keyword: schema[keyword] for keyword in KEYWORDS if keyword in schema}
    result = Merged(own, dict.fromkeys(own, path), dict(own), _own_types(resolver, schema, path, depth))
    for index, part in enumerate(as_list(schema.get("allOf"))):
        value, where = resolver.deref(part)
        if isinstance(value, dict) and depth < MAX_DEPTH:
            result.narrow(merged(resolver, value, where or (*path, "allOf", index), depth + 1))
    return result


def _own_types(resolver: Resolver, schema: dict[str, Any], path: JsonPath, depth: int) -> frozenset[str]:
    """The JSON types ``schema`` admits by ``type``, ``const``, ``nullable`` and its union's variants."""
    found = set(strings(schema.get("type")))
    if "const" in schema:
        found.add(json_type(schema["const"]))
    if schema.get("nullable") is True:
        found.add("null")
    for key in UNIONS:
        for index, variant in enumerate(as_list(schema.get(key))):
            value, where = resolver.deref(variant)
            if isinstance(value, dict) and depth < MAX_DEPTH:
                found |= merged(resolver, value, where or (*path, key, index), depth + 1).types
    return frozenset(found)


def _both(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """The types two ``allOf`` parts admit together: the core types both name (either's, where one
    names none) and null if either admits it, as 3.0 specs write ``nullable`` beside a reference."""
    core = (first - {"null"}) & (second - {"null"}) if first - {"null"} and second - {"null"} else (first | second)
    return frozenset(core | ({"null"} & (first | second)))


def _tighter(keyword: str, value: Any, than: Any) -> bool:
    """True when ``value`` is a tighter bound ``keyword`` than ``than``."""
    new, old = number(value), number(than)
    if keyword not in BOUNDS or new is None:
        return False
    return old is None or (new < old if BOUNDS[keyword] else new > old)


def strings(value: Any) -> list[str]:
    """``type`` and ``required`` as the strings they list (one string stands for itself); a malformed
    value lists none, since diff reads specs ``validate`` may not have passed."""
    return [value] if isinstance(value, str) else [v for v in as_list(value) if isinstance(v, str)]


def json_type(value: Any) -> str:
    kinds = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")
