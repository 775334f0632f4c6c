"""``seamgen validate``: the OpenAPI schema check plus the rules Spectral and Redocly make.

Each rule is a function of a ``Context`` that yields ``Diagnostic``s; ``lint`` runs those the
rulesets and the project's severities leave on and returns the findings sorted by position, so
output is stable from run to run.
"""

from __future__ import annotations

from collections.abc import Mapping

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.examples import check_examples
from seamgen.lint.house import HOUSE_RULES
from seamgen.lint.rules import RULES, spec_rulesets
from seamgen.lint.severity import Setting, apply_severities, severities
from seamgen.lint.structure import check_openapi_schema, check_refs
from seamgen.loader import Spec


def lint(spec: Spec, overrides: Mapping[str, Setting] | None = None) -> list[Diagnostic]:
    """Every finding about ``spec``, errors and warnings, sorted by line and column, with the severities
    of the spec's rulesets (``x-seamgen.lint.ruleset``) and then the project's ``overrides`` applied."""
    ctx = Context(spec)
    table = severities(spec_rulesets(spec.document), overrides or {})
    findings = list(check_refs(ctx))
    if not findings:  # the OpenAPI checks follow every $ref, so they only run on a document whose refs resolve
        findings.extend(check_openapi_schema(ctx))
    if findings:  # the rules read the document as the OpenAPI structures (and schemas) it failed to be
        return apply_severities(sorted(set(findings)), table)
    if table["example-valid"] != "off":
        findings.extend(check_examples(ctx))
    for rule in (*RULES, *HOUSE_RULES):
        if any(table[rule_id] != "off" for rule_id in rule.ids):
            findings.extend(rule.check(ctx))
    return apply_severities(sorted(set(findings)), table)
