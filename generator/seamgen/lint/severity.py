"""Rulesets and per-rule severities, as Redocly's ``extends`` and Spectral's rulesets do.

``recommended`` is always the base: OpenAPI correctness and what the generator needs, so a valid
spec generates. ``seam`` extends it with Seam's house rules (naming, descriptions everywhere,
valid examples, webhook keys equal to their ``event_type``), which are stricter than OpenAPI. A
spec picks rulesets with ``x-seamgen.lint.ruleset`` and a project with ``ruleset`` in its config
(which wins); the config's ``[rules]`` table then sets single rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
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

RECOMMENDED: dict[str, Setting] = {
    **dict.fromkeys(REQUIRED, "error"),
    "operation-id-unique": "error",
    "client-name-unique": "error",
    "request-supported": "warning",
    "schema-supported": "warning",
    "enum-unique": "warning",  # harmless to a client (a repeated value is one member), and Stripe's spec has them
    "security-defined": "error",
    "example-valid": "warning",  # real specs ship examples that drift from their schemas
    "no-unused-components": "warning",
    "enum-descriptions-match": "warning",
    "union-dispatch": "warning",
    "description-present": "off",
    "webhook-event-type": "off",
    "property-snake-case": "off",
    "action-type-screaming-snake": "off",
    "event-name-format": "off",
}

RULESETS: dict[str, dict[str, Setting]] = {
    "recommended": RECOMMENDED,
    "seam": {
        **RECOMMENDED,
        "example-valid": "error",
        "enum-unique": "error",
        "enum-descriptions-match": "error",
        "description-present": "warning",
        "webhook-event-type": "error",
        "property-snake-case": "warning",
        "action-type-screaming-snake": "warning",
        "event-name-format": "warning",
    },
}
RULE_IDS = frozenset(RECOMMENDED)
DEFAULT_RULESET = "recommended"


def severities(rulesets: Sequence[str], overrides: Mapping[str, Setting]) -> dict[str, Setting]:
    """Each rule's setting: ``recommended``, then each of ``rulesets`` in order (later ones win),
    then the project's ``overrides``. Unknown ruleset names are skipped (validated where read)."""
    table = dict(RECOMMENDED)
    for name in rulesets:
        table.update(RULESETS.get(name, {}))
    table.update(overrides)
    return table


def apply_severities(findings: Iterable[Diagnostic], table: Mapping[str, Setting]) -> list[Diagnostic]:
    """``findings`` with their rule's severity from ``table``; rules set to ``off`` are dropped."""
    adjusted = []
    for finding in findings:
        setting = table.get(finding.rule, finding.severity)
        if setting != "off":
            adjusted.append(dataclasses.replace(finding, severity=setting))
    return adjusted
