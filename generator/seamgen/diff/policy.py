"""What a project decided about changes: the config's level per rule (``[diff] levels``) and the
changes it accepted, each with a reason (``--ignore FILE``).

The ignore file is YAML, so its places can be named in errors::

    accepted:
      - rule: response-property-renamed
        at: /components/schemas/ActionAttemptError/properties/error_code
        reason: No client read the old name yet (issue 42).

``at`` is the JSON pointer ``--format json`` prints (with or without its leading ``#``); an entry
accepts the findings of its rule at that place or inside it. Findings set aside are counted in the
summary, and an entry that accepts nothing is a warning: the change it was written for is gone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn, cast

from seamgen.config import ConfigError, suggestion
from seamgen.diff.findings import Finding, Level
from seamgen.diff.rules import RULES
from seamgen.loader import JsonPath, Spec, SpecLoadError, parse
from seamgen.pointers import decode

_ENTRY_KEYS = ("rule", "at", "reason")


@dataclass
class Accepted:
    """One entry of the ignore file, and whether it has accepted a finding yet."""

    rule: str
    at: JsonPath
    where: str  # file:line:col of the entry, for the stale-entry warning
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        path = decode(finding.pointer)
        return finding.rule == self.rule and path is not None and path[: len(self.at)] == self.at


@dataclass
class Policy:
    """Applies the levels, then the accepted changes, counting what each sets aside."""

    levels: dict[str, str] = field(default_factory=dict)
    accepted: list[Accepted] = field(default_factory=list)
    ignore_file: str | None = None
    off: int = 0
    ignored: int = 0

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that still count, at the levels the config sets."""
        kept: list[Finding] = []
        for finding in findings:
            level = self.levels.get(finding.rule, finding.level)
            entry = next((entry for entry in self.accepted if entry.covers(finding)), None)
            if level == "off":
                self.off += 1
            elif entry is not None:
                entry.used = True
                self.ignored += 1
            else:
                kept.append(_relevelled(finding, cast(Level, level)))  # config allows levels and "off" only
        return kept

    def set_aside(self) -> str:
        """``2 accepted in ignore.yaml, 1 off in the config``, or nothing when nothing was."""
        parts = [f"{self.ignored} accepted in {self.ignore_file}"] if self.ignored else []
        return ", ".join(parts + ([f"{self.off} off in the config"] if self.off else []))

    def warn_stale(self) -> None:
        for entry in self.accepted:
            if not entry.used:
                print(
                    f"{entry.where}: warning: accepts no change: {entry.rule} is not reported there "
                    "(remove the entry) [stale-ignore]",
                    file=sys.stderr,
                )


def _relevelled(finding: Finding, level: Level) -> Finding:
    """``finding`` at the config's ``level``; the message says so, since its words (``clients that
    read it break``) judge it at the level the rule gives."""
    if level == finding.level:
        return finding
    return replace(finding, level=level, message=f"{finding.message} (rated {level} in the config)")


def read_ignore_file(path: str) -> list[Accepted]:
    """The entries of the ignore file at ``path``; a ``ConfigError`` naming the place of the first
    problem."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
        raise ConfigError(path, 1, 1, f"cannot read ignore file: {reason}") from exc
    try:
        spec = parse(text, path)
    except SpecLoadError as exc:  # the loader's messages call any document "spec"
        found = exc.diagnostic
        raise ConfigError(path, found.line, found.column, found.message.replace("spec", "ignore file")) from exc
    for key in spec.document:
        if key != "accepted":
            _fail(spec, (key,), f"unknown key {key!r}{suggestion(str(key), ('accepted',))}")
    listed = spec.document.get("accepted")
    if not isinstance(listed, list):
        _fail(spec, ("accepted",), "`accepted` must be a list of entries (rule, at, reason)")
    return [_entry(spec, index, entry) for index, entry in enumerate(listed)]


def _entry(spec: Spec, index: int, entry: Any) -> Accepted:
    where = ("accepted", index)
    if not isinstance(entry, dict):
        _fail(spec, where, "an entry must be a mapping with rule, at and reason")
    for key in entry:
        if key not in _ENTRY_KEYS:
            _fail(spec, (*where, key), f"unknown key {key!r}{suggestion(str(key), _ENTRY_KEYS)}")
    rule, at, _reason = (_text(spec, where, entry, key) for key in _ENTRY_KEYS)
    if rule not in RULES:
        _fail(spec, (*where, "rule"), f"unknown rule {rule!r}{suggestion(rule, RULES)}")
    path = decode(at if at.startswith("#") else "#" + at)
    if path is None:
        _fail(spec, (*where, "at"), f"{at!r} is not a JSON pointer (write it as /components/schemas/Pet)")
    line, column = spec.position(where)
    return Accepted(rule, path, f"{spec.file}:{line}:{column}")


def _text(spec: Spec, where: JsonPath, entry: dict[str, Any], key: str) -> str:
    """The entry's ``key``: every entry needs all three, a reason above all."""
    value = entry.get(key)
    if key not in entry:
        _fail(spec, where, f"{key} is missing: every entry needs a rule, a place (at) and a reason")
    if value is None and key == "at":  # `at: #/paths`: YAML reads an unquoted # as a comment
        _fail(spec, (*where, key), "at has no value (put a pointer that starts with # in quotes)")
    if not (isinstance(value, str) and value.strip()):
        _fail(spec, (*where, key), f"{key} must be a non-empty string")
    return value


def _fail(spec: Spec, path: JsonPath, message: str) -> NoReturn:
    line, column = spec.position(path, key=True)
    raise ConfigError(spec.file, line, column, message)
