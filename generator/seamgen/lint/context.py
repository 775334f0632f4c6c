"""What every lint rule reads (the loaded spec, its document, a ``$ref`` resolver) and how a rule
declares the ids of the findings it makes, so a run can skip rules whose ids are all off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from seamgen.diagnostics import Diagnostic
from seamgen.loader import JsonPath, Spec
from seamgen.pointers import Resolver


@dataclass
class Context:
    """The spec under review; ``error`` and ``warning`` pin findings to its positions."""

    spec: Spec
    resolver: Resolver = field(init=False)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.spec.document)

    @property
    def document(self) -> dict[str, Any]:
        return self.spec.document

    def error(self, path: JsonPath, message: str, rule: str, key: bool = False) -> Diagnostic:
        return self.spec.diagnostic(path, "error", message, rule, key)

    def warning(self, path: JsonPath, message: str, rule: str, key: bool = False) -> Diagnostic:
        return self.spec.diagnostic(path, "warning", message, rule, key)


Check = Callable[[Context], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A check and the rule ids of its findings."""

    ids: frozenset[str]
    check: Check


def rule(*ids: str) -> Callable[[Check], Rule]:
    """Declare a check as making findings of ``ids``."""

    def wrap(check: Check) -> Rule:
        return Rule(frozenset(ids), check)

    return wrap
