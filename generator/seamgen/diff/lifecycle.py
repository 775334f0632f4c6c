"""An operation's name and standing: its ``operationId``, which generators name methods after, and
its ``deprecated`` flag, which a changelog announces before the operation goes."""

from __future__ import annotations

from typing import Any

from seamgen.diff.context import Pair, Which
from seamgen.diff.findings import Level
from seamgen.diff.rules import DEPRECATED
from seamgen.loader import JsonPath
from seamgen.operation_names import ClientName, client_names
from seamgen.walk import Operation


class Lifecycle:
    """Compares the operationId and deprecation of operations both sides have; each side's
    generated method names are computed once, when an operationId first differs."""

    def __init__(self, pair: Pair) -> None:
        self.pair = pair
        self.methods: dict[Which, dict[JsonPath, ClientName]] = {}

    def compare(self, old: Operation, new: Operation, name: str) -> None:
        """``name`` is the operation as messages call it (``GET /pets``); webhooks are not called."""
        if new.section == "paths":
            self._operation_id(old, new, name)
            self._deprecated(old, new, name)

    def _operation_id(self, old: Operation, new: Operation, name: str) -> None:
        """An operationId changed, removed or added: oasdiff's ``api-operation-id-removed`` (for a
        change too) and ``api-operation-id-added``. Breaking where the generated method is renamed;
        otherwise only clients of generators that name methods after the operationId break."""
        before, after = old.spec.get("operationId"), new.spec.get("operationId")
        if before == after:
            return
        was, now = self._method("base", old), self._method("head", new)
        level: Level = "breaking" if was != now else "potentially-breaking"
        how = (
            f"the generated method `{was}` is now `{now}`: calls to it break"
            if was != now
            else f"the generated method keeps its name `{now}`; clients of generators that name methods after it break"
        )
        if after is None:
            message = f"{name} no longer has the operationId {before!r}: {how}"
            self.pair.report("base", (*old.path, "operationId"), level, message, "api-operation-id-removed")
        elif before is None:
            message = f"{name} has the operationId {after!r}, where it had none: {how}"
            self.pair.report("head", (*new.path, "operationId"), level, message, "api-operation-id-added")
        else:
            message = f"the operationId of {name} changed from {before!r} to {after!r}: {how}"
            self.pair.report("head", (*new.path, "operationId"), level, message, "api-operation-id-removed")

    def _method(self, which: Which, op: Operation) -> str | None:
        """The generated method of ``op`` (``get_pet``, ``action_attempts.get`` under a namespace the
        spec names), as ``seamgen generate`` names it; the findings' names give the whole call."""
        if which not in self.methods:
            spec = self.pair.base if which == "base" else self.pair.head
            self.methods[which] = client_names(spec.document).names
        found = self.methods[which].get(op.path)
        return ".".join((*found.group, found.method)) if found else None

    def _deprecated(self, old: Operation, new: Operation, name: str) -> None:
        """oasdiff's ``endpoint-deprecated`` and ``endpoint-reactivated`` (both INFO): nothing
        breaks yet, but the changelog tells clients to move off it."""
        before, after = _flag(old.spec), _flag(new.spec)
        if after and not before:
            message = f"{name} was deprecated: clients should move off it before it is removed"
            self.pair.report("head", (*new.path, "deprecated"), "non-breaking", message, DEPRECATED)
        elif before and not after:
            self.pair.report(
                "head", new.path, "non-breaking", f"{name} is no longer deprecated", "endpoint-reactivated"
            )


def _flag(operation: dict[str, Any]) -> bool:
    return operation.get("deprecated") is True
