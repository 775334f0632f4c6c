"""load -> validate -> build -> render, as one call each command can share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from seamgen.build import build
from seamgen.diagnostics import Diagnostic, has_errors
from seamgen.ir import Api
from seamgen.lint import lint
from seamgen.lint.severity import Setting
from seamgen.loader import SpecLoadError, load
from seamgen.manifest import spec_hash
from seamgen.render import render


@dataclass
class Generation:
    """What a run produced: the findings, and the model and files when the spec is valid."""

    diagnostics: list[Diagnostic]
    api: Api | None = None
    files: dict[str, bytes] | None = None
    spec_sha256: str = ""


def validate(
    spec_path: Path, display: str | None = None, severities: Mapping[str, Setting] | None = None
) -> list[Diagnostic]:
    """All findings for the spec at ``spec_path``, with the project's rule ``severities``;
    raises ``SpecLoadError`` if it is unreadable."""
    try:
        return lint(load(spec_path, display), severities)
    except SpecLoadError as exc:
        if exc.unreadable:
            raise
        return [exc.diagnostic]


def generate(
    spec_path: Path,
    display: str | None = None,
    package: str | None = None,
    templates: Path | None = None,
    severities: Mapping[str, Setting] | None = None,
) -> Generation:
    """Validate, then (only if there are no errors) build the model and render every file, with
    the ``templates`` folder's files in place of the built-in ones they share a name with."""
    try:
        spec = load(spec_path, display)
    except SpecLoadError as exc:
        if exc.unreadable:
            raise
        return Generation([exc.diagnostic])
    diagnostics = lint(spec, severities)
    if has_errors(diagnostics):
        return Generation(diagnostics)
    api = build(spec, package)
    return Generation(diagnostics, api, render(api, templates), spec_hash(spec.document))
