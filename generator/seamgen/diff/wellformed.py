"""Warn about a side that is not a valid OpenAPI document: ``diff`` reads specs ``validate`` has not
passed (a pull request's spec may be broken), and a malformed keyword is read as absent, so its
changes could go unreported without a word."""

from __future__ import annotations

from itertools import islice

from seamgen.lint.context import Context
from seamgen.lint.structure import check_openapi_schema
from seamgen.loader import Spec

SHOWN = 3  # the first few problems: ``seamgen validate`` lists them all


def problems(spec: Spec, name: str) -> list[str]:
    """Lines for stderr about ``spec`` (``name`` as the user gave it): a warning, then its first
    problems as ``seamgen validate`` prints them; none for a valid document."""
    found = list(islice(check_openapi_schema(Context(spec)), SHOWN + 1))
    if not found:
        return []
    more = f"; the first {SHOWN} of its problems" if len(found) > SHOWN else ""
    warning = f"seamgen diff: warning: {name} is not a valid OpenAPI document, so its changes may be misread{more}:"
    return [warning, *(finding.text() for finding in found[:SHOWN])]
