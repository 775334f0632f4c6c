"""What every lint rule reads: the loaded spec, its document and a ``$ref`` resolver."""

from __future__ import annotations

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
