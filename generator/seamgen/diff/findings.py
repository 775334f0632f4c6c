"""One change between two specs, its level, and the ways ``seamgen diff`` prints them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

from seamgen.diagnostics import annotation

Level = Literal["breaking", "potentially-breaking", "non-breaking"]
Side = Literal["base", "head"]
# Most severe first: ``--fail-on LEVEL`` fails on LEVEL and on every level before it.
LEVELS: tuple[Level, ...] = ("breaking", "potentially-breaking", "non-breaking")
FAIL_ON = {"breaking": "breaking", "potentially-breaking": "potentially-breaking", "any": "non-breaking"}
FORMATS = ("text", "github", "json", "markdown")  # markdown: the changelog, in ``changelog``
# GitHub annotations: a breaking change fails the check, a risk warns, the rest are notes.
_ANNOTATIONS = {"breaking": "error", "potentially-breaking": "warning", "non-breaking": "notice"}


@dataclass(frozen=True)
class Finding:
    """A change, pinned where it stands in HEAD (in BASE for a removal).

    ``side`` and ``pointer`` say which document and which JSON pointer in it the place is; tools and
    the generated-client view (``symbols``: the generated names the change touches) start from them.
    A finding placed in BASE has an ``anchor`` in HEAD (file, line, column of the nearest node HEAD
    still has), where ``--format github`` annotates it: a pull request shows only HEAD's files.
    """

    file: str
    line: int
    column: int
    level: Level
    message: str
    rule: str
    side: Side
    pointer: str
    symbols: tuple[str, ...] = ()
    anchor: tuple[str, int, int] | None = None

    def text(self) -> str:
        """``file:line:col: level: message [rule]``, as ``seamgen validate`` prints findings: on one
        line, whatever line breaks a name in the spec holds."""
        said = " ".join(self.said().splitlines())
        return f"{self.file}:{self.line}:{self.column}: {self.level}: {said} [{self.rule}]"

    def github(self) -> str:
        """A workflow command that annotates the line in a pull request, as ``validate --format github``."""
        file, line, column = self.anchor or (self.file, self.line, self.column)
        return annotation(_ANNOTATIONS[self.level], file, line, column, self.rule, self.said())

    def said(self) -> str:
        """The message, and the generated names it touches: what a client's author looks for."""
        if not self.symbols:
            return self.message
        return f"{self.message} (generated code: {', '.join(f'`{symbol}`' for symbol in self.symbols)})"


def fails(findings: list[Finding], fail_on: str) -> bool:
    """True when a finding stands at or above the level ``--fail-on`` names."""
    worst = LEVELS.index(FAIL_ON[fail_on])
    return any(LEVELS.index(f.level) <= worst for f in findings)


def render(findings: list[Finding], fmt: str) -> str:
    """``findings`` as text, github annotations or json, ending with a newline when there are any
    (markdown is a changelog, made by ``changelog``)."""
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
    return "".join((f.github() if fmt == "github" else f.text()) + "\n" for f in findings)


def summary(findings: list[Finding], set_aside: str = "") -> str:
    """``1 breaking, 0 potentially-breaking, 2 non-breaking``: the count per level, then what the
    policy ``set_aside`` (``1 accepted in ignore.yaml``), so nothing is left out unsaid."""
    counts = ", ".join(f"{sum(f.level == level for f in findings)} {level}" for level in LEVELS)
    return f"{counts}; {set_aside}" if set_aside else counts
