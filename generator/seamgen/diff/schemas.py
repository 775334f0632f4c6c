"""Compare two versions of a schema, judged by the way its values travel.

A request value is written by clients: the server may accept more, never less. A response value
is read by clients: the server may promise more, never less. So one change (an enum value added) is
harmless on one side and a risk on the other; webhook payloads are read by clients, like responses.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Any, Literal

from seamgen.diff import constraints
from seamgen.diff.constraints import UNKNOWN_KEPT
from seamgen.diff.context import Node, Pair, Which, only, shared
from seamgen.diff.findings import Level
from seamgen.diff.merged import MAX_DEPTH, UNIONS, listed, merged, strings
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict

Side = Literal["request", "response"]
_PROSE = ("description", "title", "example", "examples", "x-enumDescriptions")


@dataclass(frozen=True)
class Subject:
    """What a schema describes, for rule ids (``response-property-removed``) and messages."""

    side: Side
    kind: str  # property, parameter or body
    name: str

    def rule(self, change: str) -> str:
        return f"{self.side}-{self.kind}-{change}"

    def __str__(self) -> str:
        return f"{self.side} {self.kind} `{self.name}`"


class SchemaDiff:
    """Walks a BASE and a HEAD schema together, reporting each change to ``pair``."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.pending: deque[tuple[Node, Node, Subject]] = deque()
        self.walking = False

    def compare(self, base: Node, head: Node, subject: Subject) -> None:
        """Report how ``head`` differs from ``base``. Nested schemas wait in a queue rather than on
        the call stack: a chain of thousands of references must not reach Python's recursion limit."""
        self.pending.append((base, head, subject))
        if self.walking:
            return
        self.walking = True
        try:
            while self.pending:
                self._compare_one(*self.pending.popleft())
        finally:
            self.walking = False

    def _compare_one(self, base: Node, head: Node, subject: Subject) -> None:
        """Compare one pair of schemas; each pair of places is walked once per side, which also ends
        the walk through recursive schemas."""
        old, old_path, _ = self.pair.deref(base, "base")
        new, new_path, new_ref = self.pair.deref(head, "head")
        if not (isinstance(old, dict) and isinstance(new, dict)):
            return
        key = (old_path, new_path, subject.side)
        if key in self.pair.visited:
            return
        self.pair.visited.add(key)
        self._values((old, old_path), (new, new_path), subject)
        named = new_ref is not None and new_ref[:2] == ("components", "schemas")
        owner = replace(subject, name=str(new_ref[-1])) if named and new_ref else subject
        self._children(old, old_path, new, new_path, owner)

    def _children(
        self, old: dict[str, Any], old_path: JsonPath, new: dict[str, Any], new_path: JsonPath, owner: Subject
    ) -> None:
        """Descend into union variants, properties and items."""
        old_variants, new_variants = self._variants(old, old_path, "base"), self._variants(new, new_path, "head")
        if len(old_variants) == 1 and len(new_variants) == 1:  # `oneOf: [X, null]` is a nullable X
            self.compare(next(iter(old_variants.values())), next(iter(new_variants.values())), owner)
        elif old_variants or new_variants:
            self._union(old_variants, new_variants, owner)
        self._properties(self._object(old, old_path, "base"), self._object(new, new_path, "head"), owner)
        if "items" in old and "items" in new:
            self.compare((old["items"], (*old_path, "items")), (new["items"], (*new_path, "items")), owner)

    def _values(self, old: Node, new: Node, subject: Subject) -> None:
        """Compare the values two schemas admit, each with its ``allOf`` parts merged in."""
        before = merged(self.pair.resolvers["base"], *old)
        after = merged(self.pair.resolvers["head"], *new)
        types = before.types, after.types
        as_text = subject.kind == "parameter"
        for where, level, what, change in constraints.changes(
            before.values, after.values, types, subject.side, as_text
        ):
            self._say(after.place(where, new[1]), level, f"{subject} {what}", subject.rule(change))

    def _say(self, path: JsonPath, level: Level, message: str, rule: str, which: Which = "head") -> None:
        self.pair.report(which, path, level, message, rule)

    def _variants(self, schema: dict[str, Any], path: JsonPath, which: Which) -> dict[str, Node]:
        """A union's variants that are not ``null``, by discriminator value or else by the name they
        refer to (their position for inline ones)."""
        key = next((k for k in UNIONS if isinstance(schema.get(k), list)), None)
        if key is None:
            return {}
        mapping = as_dict(as_dict(schema.get("discriminator")).get("mapping"))
        names = {ref: value for value, ref in mapping.items() if isinstance(ref, str)}
        variants: dict[str, Node] = {}
        for index, variant in enumerate(schema[key]):
            resolved = self.pair.resolvers[which].deref(variant)[0]
            if as_dict(resolved).get("type") == "null" or resolved is None:
                continue
            ref = as_dict(variant).get("$ref")
            name = (names.get(ref) or ref.rsplit("/", 1)[-1]) if isinstance(ref, str) else str(index)
            variants[name] = (variant, (*path, key, index))
        return variants

    def _union(self, old: dict[str, Node], new: dict[str, Node], owner: Subject) -> None:
        """Variants added to a union clients read are a risk, variants removed from one they write a break."""
        for name in shared(old, new):
            self.compare(old[name], new[name], owner)
        rule = f"{owner.side}-union-variant-"
        for name in only(new, old):
            if owner.side == "response":
                message = (
                    f"`{owner.name}` has a new variant {name!r}: clients that handle only the known variants break "
                    f"({UNKNOWN_KEPT.replace('values', 'variants')})"
                )
                self._say(new[name][1], "potentially-breaking", message, rule + "added")
            else:
                self._say(
                    new[name][1], "non-breaking", f"`{owner.name}` accepts a new variant {name!r}", rule + "added"
                )
        for name in only(old, new):
            level: Level = "breaking" if owner.side == "request" else "non-breaking"
            how = ": clients that send it are rejected" if owner.side == "request" else ""
            self._say(old[name][1], level, f"`{owner.name}` lost its variant {name!r}{how}", rule + "removed", "base")

    def _object(self, schema: dict[str, Any], path: JsonPath, which: Which, depth: int = 0) -> Properties:
        """The properties an object has, its ``allOf`` parts merged (a later part narrows an earlier one)."""
        found = Properties({}, set())
        parts = [(schema, path)] + [
            self.pair.deref((part, (*path, "allOf", index)), which)[:2]
            for index, part in enumerate(listed(schema.get("allOf")))
        ]
        for index, (part, part_path) in enumerate(parts):
            if not isinstance(part, dict) or depth > MAX_DEPTH:
                continue
            if index:
                found.merge(self._object(part, part_path, which, depth + 1))
                continue
            for name, sub in as_dict(part.get("properties")).items():
                found.nodes[name] = (sub, (*part_path, "properties", name))
            found.required |= set(strings(part.get("required")))
        return found

    def _properties(self, old: Properties, new: Properties, owner: Subject) -> None:
        removed = only(old.nodes, new.nodes)
        added = only(new.nodes, old.nodes)
        for name in shared(old.nodes, new.nodes):
            subject = _property(owner, new.nodes[name][1], name)
            self.required_changed(name in old.required, name in new.required, new.nodes[name][1], subject)
            self.compare(old.nodes[name], new.nodes[name], subject)
        for old_name, new_name in self._renames(old, new, removed, added):
            removed.remove(old_name)
            added.remove(new_name)
            subject = _property(owner, old.nodes[old_name][1], old_name)
            who = "read it break" if owner.side == "response" else "send it are rejected"
            message = f"{subject} was renamed to `{new_name}`: clients that {who}"
            self._say(new.nodes[new_name][1], "breaking", message, subject.rule("renamed"))
        for name in removed:
            self.removed(_property(owner, old.nodes[name][1], name), old.nodes[name][1])
        for name in added:
            self.added(_property(owner, new.nodes[name][1], name), name in new.required, new.nodes[name][1])

    def _renames(self, old: Properties, new: Properties, removed: list[str], added: list[str]) -> list[tuple[str, str]]:
        """Removed and added properties of the same schema: one rename each, not two changes."""
        pairs: list[tuple[str, str]] = []
        for old_name in removed:
            wanted = shape(self.pair.deref(old.nodes[old_name], "base")[0])
            taken = {new_name for _, new_name in pairs}
            candidates = (n for n in added if n not in taken)
            match = next((n for n in candidates if shape(self.pair.deref(new.nodes[n], "head")[0]) == wanted), None)
            if match is not None:
                pairs.append((old_name, match))
        return pairs

    def required_changed(self, before: bool, after: bool, path: JsonPath, subject: Subject) -> None:
        if before == after:
            return
        if after:
            level: Level = "breaking" if subject.side == "request" else "non-breaking"
            message = f"{subject} became required" + (
                ": calls that leave it out are rejected" if subject.side == "request" else ""
            )
            self._say(path, level, message, subject.rule("became-required"))
        else:
            level = "breaking" if subject.side == "response" else "non-breaking"
            message = f"{subject} became optional" + (
                ": clients that expect it break when it is missing" if subject.side == "response" else ""
            )
            self._say(path, level, message, subject.rule("became-optional"))

    def removed(self, subject: Subject, path: JsonPath) -> None:
        who = "read it break" if subject.side == "response" else "send it are rejected"
        self._say(path, "breaking", f"{subject} was removed: clients that {who}", subject.rule("removed"), "base")

    def added(self, subject: Subject, required: bool, path: JsonPath) -> None:
        if subject.side == "response":
            self._say(path, "non-breaking", f"{subject} was added", subject.rule("added"))
        elif required:
            self._say(
                path,
                "breaking",
                f"{subject} was added as required: calls that leave it out are rejected",
                f"new-required-{subject.side}-{subject.kind}",
            )
        else:
            self._say(
                path, "non-breaking", f"{subject} was added as optional", f"new-optional-{subject.side}-{subject.kind}"
            )


@dataclass
class Properties:
    """An object's properties (value and path) by name, and the names it requires."""

    nodes: dict[str, Node]
    required: set[str]

    def merge(self, other: Properties) -> None:
        self.nodes.update(other.nodes)
        self.required |= other.required


def _property(owner: Subject, path: JsonPath, name: str) -> Subject:
    """The property ``name`` written at ``path``, named after the component it is written in
    (``ActionAttemptBase.status``, not the variant that inherits it), else after ``owner``."""
    nested = any(part in ("properties", "items", "additionalProperties") for part in path[3:-2])
    component = path[:2] == ("components", "schemas") and len(path) > 3 and not nested
    return Subject(owner.side, "property", f"{path[2] if component else owner.name}.{name}")


def shape(schema: Any) -> Any:
    """A schema without its prose: two properties of one shape are a rename when one replaces the other."""
    return {k: v for k, v in schema.items() if k not in _PROSE} if isinstance(schema, dict) else schema
