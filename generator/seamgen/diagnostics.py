"""Findings about a spec, and the three ways ``seamgen validate`` prints them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FORMATS = ("text", "github", "json")


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, pinned to a 1-based line and column of the spec file."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str

    def text(self) -> str:
        """``file:line:col: severity: message [rule]``, the form compilers and linters use."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"

    def github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        return annotation(self.severity, self.file, self.line, self.column, self.rule, self.message)


def annotation(command: str, file: str, line: int, column: int, title: str, message: str) -> str:
    """The GitHub Actions workflow command ``command`` (``error``, ``warning`` or ``notice``) that
    annotates ``file`` at ``line`` and ``column`` in a pull request."""
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("col", column), ("title", title))
    )
    return f"::{command} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any finding is an error (warnings alone leave a spec usable)."""
    return any(d.severity == "error" for d in diagnostics)


def render(diagnostics: list[Diagnostic], fmt: str) -> str:
    """Print findings in ``fmt`` (one of ``FORMATS``); text and github end with a newline."""
    if fmt == "json":
        return json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
    lines = [d.github() if fmt == "github" else d.text() for d in diagnostics]
    return "".join(line + "\n" for line in lines)


def summary(diagnostics: list[Diagnostic]) -> str:
    """``2 errors, 1 warning`` style count for the end of a text report."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
