"""Compare two versions of a schema, judged by the way its values travel.

A request value is written by clients: the server may accept more, never less. A response value
is read by clients: the server may promise more, never less. So one change (an enum value added) is
harmless on one side and a risk on the other; webhook payloads are read by clients, like responses.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from seamgen.diff import constraints
from seamgen.diff.constraints import UNKNOWN_KEPT
from seamgen.diff.context import Node, Pair, Which, only, shared
from seamgen.diff.findings import Level
from seamgen.diff.merged import MAX_DEPTH, merged, strings
from seamgen.diff.variants import Naming, Tag, Union, union_of
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, as_list

Side = Literal["request", "response"]
T = TypeVar("T")
_PROSE = ("description", "title", "example", "examples", "x-enumDescriptions")


@dataclass(frozen=True)
class Subject:
    """What a schema describes, for rule ids (``response-property-removed``) and messages."""

    side: Side
    kind: str  # property, parameter or body
    name: str
    items: int = 0  # how many arrays deep below ``name`` the schema is

    def rule(self, change: str) -> str:
        return f"{self.side}-{self.kind}-{change}"

    @property
    def quoted(self) -> str:
        """```Pet.photoUrls[]``` for the items of a property's array (a change to them is not one to
        the array), ```GET /pets (200)` items`` for those of a body or parameter."""
        if self.kind == "property":
            return f"`{self.name}{'[]' * self.items}`"
        return f"`{self.name}`" + " of".join([" items"] * self.items)

    def __str__(self) -> str:
        return f"{self.side} {self.kind} {self.quoted}"


class SchemaDiff:
    """Walks a BASE and a HEAD schema together, reporting each change to ``pair``."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.pending: deque[tuple[Node, Node, Subject]] = deque()
        self.walking = False
        self.naming = Naming(pair.resolvers)

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
        owner = replace(subject, name=str(new_ref[-1]), items=0) if named and new_ref else subject
        self._children(old, old_path, new, new_path, owner)

    def _children(
        self, old: dict[str, Any], old_path: JsonPath, new: dict[str, Any], new_path: JsonPath, owner: Subject
    ) -> None:
        """Descend into items, union variants and properties."""
        if "items" in old and "items" in new:
            items = replace(owner, items=owner.items + 1)
            self.compare((old["items"], (*old_path, "items")), (new["items"], (*new_path, "items")), items)
        old_union = union_of(old, old_path, self.pair.resolvers["base"])
        new_union = union_of(new, new_path, self.pair.resolvers["head"])
        old_object, new_object = self._object(old, old_path, "base"), self._object(new, new_path, "head")
        if old_union and new_union:
            self._unions(old_union, new_union, owner)
        elif new_union and new_union.members and old_object.nodes:
            self._split((old, old_path), old_object, new_union, "head", owner)
            return
        elif old_union and old_union.members and new_object.nodes:
            self._split((new, new_path), new_object, old_union, "base", owner)
            return
        elif old_union or new_union:
            self._union(self._alone(old_union, "base"), self._alone(new_union, "head"), owner)
        self._properties(old_object, new_object, owner)

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

    def _unions(self, old: Union, new: Union, owner: Subject) -> None:
        old_variants, new_variants = self.naming.pair(old, new)
        if len(old_variants) == 1 and len(new_variants) == 1:  # `oneOf: [X, null]` is a nullable X
            self.compare(next(iter(old_variants.values())), next(iter(new_variants.values())), owner)
        else:
            self._union(old_variants, new_variants, owner)

    def _alone(self, union: Union | None, which: Which) -> dict[str, Node]:
        """The variants of a union whose other side is not an object, by its own tag."""
        return self.naming.named(union, self.naming.tag(union, which)) if union else {}

    def _split(self, whole: Node, plain: Properties, union: Union, which: Which, owner: Subject) -> None:
        """An object on one side, a union on the other (``which``): the object was split into the
        variants it admits (or merged from them), each compared with it but for the tag they share;
        the others were added (removed), as were the tag values the object admits that no variant has."""
        tag = self.naming.tag(union, which) if len(union.members) > 1 else None
        labels = self.naming.labels(union, tag)
        parts = {label: self._variant(union, node, which) for label, node in zip(labels, union.nodes(), strict=True)}
        read = tag if tag and set(tag.names) <= set(plain.nodes) else None  # the object has the tag too
        if read:
            kept, implied = self._admitted(plain, labels, read, "head" if which == "base" else "base")
            plain = plain.without(read.names)
        else:
            kept = [name for name, (_, part) in parts.items() if plain.required <= set(part.nodes)] or list(parts)
            implied = {}
        for name in kept:
            node, part = parts[name]
            part = part.without(read.names) if read else part
            if isinstance(node[0], dict) and which == "head":
                self._values(whole, node, owner)
                self._properties(plain, part, owner)
            elif isinstance(node[0], dict):
                self._values(node, whole, owner)
                self._properties(part, plain, owner)
        others = {name: node for name, (node, _) in parts.items() if name not in kept}
        before, after = (implied, others) if which == "head" else (others, implied)
        self._union(before, after, owner)

    def _variant(self, union: Union, node: Node, which: Which) -> tuple[Node, Properties]:
        """A variant (dereferenced) and its properties, with those written beside the union."""
        value, path, _ = self.pair.deref(node, which)
        found = self._object(union.schema, union.path, which)
        if isinstance(value, dict):
            found.merge(self._object(value, path, which))
        return (value, path), found

    def _admitted(
        self, plain: Properties, labels: list[str], tag: Tag, which: Which
    ) -> tuple[list[str], dict[str, Node]]:
        """The variants whose tag an object (in ``which``) admits; and, for a one-property tag, the
        values it admits that no variant has."""
        allowed = [self._allowed(plain.nodes[name], which) for name in tag.names]
        kept = [
            label
            for label, value in zip(labels, tag.values, strict=True)
            if all(values is None or v in values for v, values in zip(value, allowed, strict=True))
        ]
        spare = [v for v in allowed[0] or [] if (v,) not in tag.values] if len(tag.names) == 1 else []
        return kept, {tag.label((value,)): plain.nodes[tag.names[0]] for value in spare}

    def _allowed(self, node: Node, which: Which) -> list[Any] | None:
        """The values a schema admits by ``enum`` or ``const``, or None for no such limit."""
        value, path, _ = self.pair.deref(node, which)
        if not isinstance(value, dict):
            return None
        found = merged(self.pair.resolvers[which], value, path).values
        return [found["const"]] if "const" in found else as_list(found["enum"]) if "enum" in found else None

    def _union(self, old: dict[str, Node], new: dict[str, Node], owner: Subject) -> None:
        """Variants added to a union clients read are a risk, variants removed from one they write a break."""
        for name in shared(old, new):
            self.compare(old[name], new[name], owner)
        rule = f"{owner.side}-union-variant-"
        for name in only(new, old):
            if owner.side == "response":
                message = (
                    f"{owner.quoted} has a new variant {name}: clients that handle only the known variants break "
                    f"({UNKNOWN_KEPT.replace('values', 'variants')})"
                )
                self._say(new[name][1], "potentially-breaking", message, rule + "added")
            else:
                self._say(new[name][1], "non-breaking", f"{owner.quoted} accepts a new variant {name}", rule + "added")
        for name in only(old, new):
            level: Level = "breaking" if owner.side == "request" else "non-breaking"
            how = ": clients that send it are rejected" if owner.side == "request" else ""
            self._say(old[name][1], level, f"{owner.quoted} lost its variant {name}{how}", rule + "removed", "base")

    def _object(self, schema: dict[str, Any], path: JsonPath, which: Which, depth: int = 0) -> Properties:
        """The properties an object has, its ``allOf`` parts merged (a later part narrows an earlier one)."""
        found = Properties({}, set())
        parts = [(schema, path)] + [
            self.pair.deref((part, (*path, "allOf", index)), which)[:2]
            for index, part in enumerate(as_list(schema.get("allOf")))
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
        """Removed and added properties of one shape: a rename, when that shape names no other."""
        before = {name: shape(self.pair.deref(old.nodes[name], "base")[0]) for name in removed}
        after = {name: shape(self.pair.deref(new.nodes[name], "head")[0]) for name in added}
        return unique_pairs(removed, added, lambda old_name, new_name: bool(before[old_name] == after[new_name]))

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

    def without(self, names: tuple[str, ...]) -> Properties:
        return Properties({k: v for k, v in self.nodes.items() if k not in names}, self.required - set(names))


def _property(owner: Subject, path: JsonPath, name: str) -> Subject:
    """The property ``name`` written at ``path``, named after the component it is written in
    (``ActionAttemptBase.status``, not the variant that inherits it), else after ``owner``
    (``Pet.tags[].name`` in the objects of an array)."""
    nested = any(part in ("properties", "items", "additionalProperties") for part in path[3:-2])
    component = path[:2] == ("components", "schemas") and len(path) > 3 and not nested
    return Subject(owner.side, "property", f"{path[2] if component else owner.name + '[]' * owner.items}.{name}")


def shape(schema: Any) -> Any:
    """A schema without its prose: two properties of one shape are a rename when one replaces the other."""
    return {k: v for k, v in schema.items() if k not in _PROSE} if isinstance(schema, dict) else schema


def unique_pairs(removed: list[T], added: list[T], alike: Callable[[T, T], bool]) -> list[tuple[T, T]]:
    """Each removed item with the added one alike, where no other removed or added item is alike: two
    booleans replaced by two others could be either rename, so they are reported removed and added."""
    pairs = []
    for old in removed:
        matches = [new for new in added if alike(old, new)]
        if len(matches) == 1 and sum(alike(other, matches[0]) for other in removed) == 1:
            pairs.append((old, matches[0]))
    return pairs
