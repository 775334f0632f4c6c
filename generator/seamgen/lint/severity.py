"""Per-rule severities a project sets in its config, as Spectral's and ruff's rule tables do."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Literal

from seamgen.diagnostics import Diagnostic

Setting = Literal["error", "warning", "off"]
SETTINGS: tuple[Setting, ...] = ("error", "warning", "off")

# The generator relies on specs that pass these: relaxed, they would let it build a model from a
# document it cannot read, or dispatch unions on a discriminator that contradicts the variants.
REQUIRED = frozenset(
    {
        "yaml-syntax",
        "yaml-duplicate-key",
        "yaml-limits",
        "ref-resolves",
        "oas-schema",
        "oas-version",
        "discriminator-consistent",
        "seamgen-settings",
    }
)
RULE_IDS = REQUIRED | {
    "example-valid",
    "operation-id-unique",
    "security-defined",
    "no-unused-components",
    "description-present",
    "enum-descriptions-match",
    "webhook-event-type",
    "property-snake-case",
    "action-type-screaming-snake",
    "event-name-format",
    "union-dispatch",
}


def apply_severities(findings: Iterable[Diagnostic], severities: Mapping[str, Setting]) -> list[Diagnostic]:
    """``findings`` with each configured rule's severity; rules set to ``off`` are dropped."""
    adjusted = []
    for finding in findings:
        setting = severities.get(finding.rule, finding.severity)
        if setting != "off":
            adjusted.append(dataclasses.replace(finding, severity=setting))
    return adjusted
