"""The generated client's view of each change: the Python names a finding touches.

A reviewer reads ``ActionAttemptError.type`` or ``seam.action_attempts.get(action_attempt_id=...)``
more readily than a JSON pointer. The names come from the side the finding stands in (BASE for a
removal), built into the intermediate model and named by the Python output's own functions, so
they are names the generated package has. A side is built only when a finding needs it, once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from seamgen.diff.context import Pair
from seamgen.diff.findings import Finding, Level, Side
from seamgen.diff.schemas import shape
from seamgen.diff.symbol_names import Names
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, decode, lookup

# The levels whose findings get names: a risk (a new enum value, error type or event) names the
# class or member a client's matching code would need, as a break names what stops working.
ANNOTATED: frozenset[Level] = frozenset({"breaking", "potentially-breaking"})
# The rules of a change whose BASE name is gone from HEAD: an operationId changed is one too.
_RENAMES = ("-renamed", "api-operation-id-removed")


def annotate(pair: Pair, levels: frozenset[Level] = ANNOTATED) -> list[str]:
    """Give each finding at one of ``levels`` the generated names it touches (``symbols``).

    Returns a note per side that cannot be built into a client, whose findings keep no names.
    """
    names = _Sides(pair)
    pair.findings = [
        replace(finding, symbols=names.of(finding)) if finding.level in levels else finding for finding in pair.findings
    ]
    return names.notes


class _Sides:
    """Each side's ``Names``, built on first use; a side that cannot be built is noted once."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.built: dict[Side, Names | None] = {}
        self.notes: list[str] = []

    def names(self, side: Side) -> Names | None:
        if side not in self.built:
            spec = self.pair.base if side == "base" else self.pair.head
            try:
                self.built[side] = Names(spec)
            except Exception as exc:  # build assumes a spec validate passed: any failure on one is this note
                self.built[side] = None
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                self.notes.append(
                    f"{side.upper()}: generated names unavailable: seamgen cannot build a client from "
                    f"{spec.file} ({reason}); run `seamgen validate` on it"
                )
        return self.built[side]

    def of(self, finding: Finding) -> tuple[str, ...]:
        """The names ``finding`` touches: a rename's old name (in BASE) and its new one, the BASE
        members of enum values removed, else the names at its place. A change to what clients read
        names no call that sends the schema."""
        path = decode(finding.pointer) or ()
        reads = finding.rule.startswith("response-") or "-response-" in finding.rule
        old = self._renamed_from(path) if finding.rule.endswith(_RENAMES) and finding.side == "head" else None
        removed = self._removed_values(path) if finding.rule.endswith("enum-value-removed") else ()
        found = self._at("base", old, reads=reads) if old is not None else []
        found += self._at("base", path, removed, reads) if removed else []
        if not (removed and found):  # a removed member is named where BASE has it, HEAD has none
            found += self._at(finding.side, path, reads=reads)
        return tuple(dict.fromkeys(found))

    def _at(self, side: Side, path: JsonPath, values: tuple[Any, ...] = (), reads: bool = False) -> list[str]:
        names = self.names(side)
        return names.at(path, values, reads) if names else []

    def _document(self, side: Side) -> dict[str, Any]:
        return (self.pair.base if side == "base" else self.pair.head).document

    def _renamed_from(self, path: JsonPath) -> JsonPath | None:
        """Where BASE has what HEAD renamed at ``path``: the operation whose operationId changed,
        the parameter written in its place (one HEAD's list no longer has), or the property or
        component schema HEAD lost whose schema the new one has, as the comparison pairs them."""
        if path[-2:-1] == ("properties",) or path[:-1] == ("components", "schemas"):
            return self._named_renamed_from(path)
        at = self.pair.in_base(path)
        if path[-1:] == ("operationId",):
            return at
        old = self.pair.deref((lookup(self._document("base"), at), at), "base")[0]
        listed = lookup(self._document("head"), path[:-1])
        kept = [as_dict(self.pair.deref((p, path), "head")[0]) for p in listed] if isinstance(listed, list) else []
        if not isinstance(old, dict) or any(_place(p) == _place(old) for p in kept):
            return None
        return at

    def _named_renamed_from(self, path: JsonPath) -> JsonPath | None:
        old_names = as_dict(lookup(self._document("base"), path[:-1]))
        new_names = as_dict(lookup(self._document("head"), path[:-1]))
        wanted = shape(self.pair.deref((lookup(self._document("head"), path), path), "head")[0])
        for name in (name for name in old_names if name not in new_names):
            old_path = (*path[:-1], name)
            if shape(self.pair.deref((old_names[name], old_path), "base")[0]) == wanted:
                return old_path
        return None

    def _removed_values(self, path: JsonPath) -> tuple[Any, ...]:
        """The values the enum at ``path`` lists in BASE but not in HEAD."""
        old, new = lookup(self._document("base"), path), lookup(self._document("head"), path)
        if not (isinstance(old, list) and isinstance(new, list)):
            return ()
        return tuple(value for value in old if value not in new)


def _place(param: dict[str, Any]) -> tuple[Any, Any]:
    """Where a parameter goes and its name: what tells two parameters of an operation apart."""
    return param.get("in"), param.get("name")
