"""Every rule id ``seamgen diff`` can report, so the config and the ignore file can name them and a
misspelt one is an error, not a setting that never applies.

The walk composes most ids from a subject and a change (``response-property-removed``); they are
composed here from the same parts. ``tests/test_diff_options.py`` checks that every rule-id text in
the walk modules stands in one of them.
"""

from __future__ import annotations

from seamgen.diff.constraints import BOUNDS, kebab

VERSION_RULE = "api-version-not-bumped"
DEPRECATED = "endpoint-deprecated"  # not an addition, but semver.org (item 7) gives it a minor version too
_WHOLE = (
    "api-path-added", "api-path-removed-with-deprecation", "api-path-removed-without-deprecation",
    "api-removed-with-deprecation", "api-removed-without-deprecation", "endpoint-added",
    "event-type-added", "event-type-removed", "request-body-added-optional", "request-body-added-required",
    "response-non-success-status-added", "response-non-success-status-removed",
    "response-success-status-added", "response-success-status-removed",
    "required-response-header-removed", "optional-response-header-removed",
    "api-security-component-added", "api-security-component-removed",
    "api-security-component-changed", "api-security-component-type-changed", VERSION_RULE,
    "api-operation-id-added", "api-operation-id-removed", DEPRECATED, "endpoint-reactivated",
    "api-schema-added", "api-schema-removed", "api-schema-renamed",
)  # fmt: skip
_SECURITY = tuple(
    f"api-{scope}security-{change}"
    for scope in ("", "global-")
    for change in ("added", "removed", "scope-added", "scope-removed")
)
_SIDES = ("request", "response")
_KINDS = ("property", "parameter", "body", "header")
_BOUNDS = tuple(f"{kebab(b)}-{c}" for b in BOUNDS for c in ("added", "removed", "increased", "decreased"))
_CHANGES = (
    "added", "removed", "renamed", "became-required", "became-optional", "media-type-removed",
    "became-nullable", "became-not-nullable", "type-changed", "type-generalized", "enum-value-added",
    "enum-value-removed", "became-enum", "enum-removed", "const-added", "const-changed", "const-removed",
    "pattern-added", "pattern-changed", "pattern-removed",
    *(f"{meaning}-{change}" for meaning in ("format", "default-value") for change in ("added", "changed", "removed")),
    *_BOUNDS,
)  # fmt: skip

RULES = frozenset(
    {
        *_WHOLE,
        *_SECURITY,
        *(f"{side}-{kind}-{change}" for side in _SIDES for kind in _KINDS for change in _CHANGES),
        *(f"{side}-union-variant-{change}" for side in _SIDES for change in ("added", "removed")),
        *(f"new-{need}-{side}-{kind}" for need in ("required", "optional") for side in _SIDES for kind in _KINDS),
    }
)
# The endings of changes that add to the API: what a minor version announces. A constraint, format
# or scope added narrows or re-means what is there, so it is not one.
_ADDITIONS = (
    "endpoint-added", "-path-added", "event-type-added", "-property-added", "-parameter-added", "-header-added",
    "-enum-value-added", "-union-variant-added", "-status-added", "-security-added", "-security-component-added",
    "-body-added-optional", "-body-added-required", "-schema-added",
)  # fmt: skip


def is_addition(rule: str) -> bool:
    """True for a new operation, path, webhook, parameter, property, header, body, enum value,
    union variant, response status, component schema, or a security scheme or alternative."""
    return rule.startswith("new-") or rule.endswith(_ADDITIONS)
