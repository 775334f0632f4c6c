"""The two documents of a diff, and the findings gathered while walking them side by side."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from seamgen.diff.findings import Finding, Level, Side
from seamgen.loader import JsonPath, Spec
from seamgen.pointers import MISSING, Resolver, encode, lookup

Which = Side
K = TypeVar("K")
Node = tuple[Any, JsonPath]  # a value and the path it is written at
Place = tuple[str, int, int]  # file, line, column


@dataclass
class Pair:
    """BASE and HEAD; ``report`` keeps one finding per rule and place, since a shared component is
    reached from every operation that uses it. A finding placed in BASE (a removal) also gets an
    ``anchor`` in HEAD, for annotations on a pull request, which shows only HEAD's files."""

    base: Spec
    head: Spec
    findings: list[Finding] = field(default_factory=list)
    visited: set[tuple[JsonPath, JsonPath, str]] = field(default_factory=set)
    reported: set[tuple[str, str, int, int]] = field(default_factory=set)
    routes: dict[str, str] = field(default_factory=dict)
    """HEAD's path to BASE's, for the paths that differ only in their parameters' names."""

    def __post_init__(self) -> None:
        self.resolvers = {"base": Resolver(self.base.document), "head": Resolver(self.head.document)}

    def deref(self, node: Node, which: Which) -> tuple[Any, JsonPath, JsonPath | None]:
        """The value ``node`` refers to, where it is written, and the ``$ref`` target if one was followed."""
        value, where = self.resolvers[which].deref(node[0])
        return value, where or node[1], where

    def report(self, which: Which, path: JsonPath, level: Level, message: str, rule: str) -> None:
        """Record a change at ``path`` of BASE or HEAD (at the key, where the path ends in one)."""
        spec = self.base if which == "base" else self.head
        line, column = spec.position(path, key=True)
        file = spec.origin(path)
        if (rule, file, line, column) in self.reported:
            return
        self.reported.add((rule, file, line, column))
        anchor = self._surviving(path) if which == "base" else None
        self.findings.append(Finding(file, line, column, level, message, rule, which, encode(path), anchor=anchor))

    def in_base(self, path: JsonPath) -> JsonPath:
        """Where BASE has what stands at ``path`` in HEAD: under its old path, for a path whose
        parameters were renamed."""
        if path[:1] == ("paths",) and len(path) > 1 and path[1] in self.routes:
            return ("paths", self.routes[str(path[1])], *path[2:])
        return path

    def _surviving(self, path: JsonPath) -> Place:
        """Where in HEAD a change placed in BASE stands: at the longest start of ``path`` that HEAD
        still has (the object that lost a property, the operation that lost a parameter). A list
        index is not followed: the item at that index in HEAD may be another one."""
        indexed = next((end for end, part in enumerate(path) if isinstance(part, int)), len(path))
        end = next(end for end in range(indexed, -1, -1) if lookup(self.head.document, path[:end]) is not MISSING)
        line, column = self.head.position(path[:end], key=True)
        return self.head.origin(path[:end]), line, column


def shared(first: Iterable[K], second: Mapping[K, Any]) -> list[K]:
    """The keys of ``first`` that ``second`` has too, in ``first``'s order: findings come out in
    document order, the same on every run (set order changes with the hash seed)."""
    return [key for key in first if key in second]


def only(first: Iterable[K], second: Mapping[K, Any]) -> list[K]:
    """The keys of ``first`` that ``second`` lacks, in ``first``'s order."""
    return [key for key in first if key not in second]
