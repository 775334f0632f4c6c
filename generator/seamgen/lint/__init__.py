"""``seamgen validate``: the OpenAPI schema check plus the rules Spectral and Redocly make.

Each rule is a function of a ``Context`` that yields ``Diagnostic``s; ``lint`` runs them all
and returns the findings sorted by position, so output is stable from run to run.
"""

from __future__ import annotations

from collections.abc import Mapping

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.lint.examples import check_examples
from seamgen.lint.rules import RULES
from seamgen.lint.severity import Setting, apply_severities
from seamgen.lint.structure import check_openapi_schema, check_refs
from seamgen.loader import Spec


def lint(spec: Spec, severities: Mapping[str, Setting] | None = None) -> list[Diagnostic]:
    """Every finding about ``spec``, errors and warnings, sorted by line and column, with the
    project's ``severities`` (rule id to setting) applied."""
    ctx = Context(spec)
    findings = list(check_refs(ctx))
    if not findings:  # both follow every $ref, so they only run on a document whose refs resolve
        findings.extend(check_openapi_schema(ctx))
        findings.extend(check_examples(ctx))
    for rule in RULES:
        findings.extend(rule(ctx))
    return apply_severities(sorted(set(findings)), severities or {})
