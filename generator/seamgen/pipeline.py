"""load -> validate -> build -> render, as one call each command can share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seamgen.build import build
from seamgen.diagnostics import Diagnostic, has_errors
from seamgen.ir import Api
from seamgen.lint import lint
from seamgen.loader import SpecLoadError, load
from seamgen.render import render


@dataclass
class Generation:
    """What a run produced: the findings, and the model and files when the spec is valid."""

    diagnostics: list[Diagnostic]
    api: Api | None = None
    files: dict[str, bytes] | None = None


def validate(spec_path: Path, display: str | None = None) -> list[Diagnostic]:
    """All findings for the spec at ``spec_path``; raises ``SpecLoadError`` if it is unreadable."""
    try:
        return lint(load(spec_path, display))
    except SpecLoadError as exc:
        if exc.unreadable:
            raise
        return [exc.diagnostic]


def generate(spec_path: Path, display: str | None = None, package: str | None = None) -> Generation:
    """Validate, then (only if there are no errors) build the model and render every file."""
    try:
        spec = load(spec_path, display)
    except SpecLoadError as exc:
        if exc.unreadable:
            raise
        return Generation([exc.diagnostic])
    diagnostics = lint(spec)
    if has_errors(diagnostics):
        return Generation(diagnostics)
    api = build(spec, package)
    return Generation(diagnostics, api, render(api))
