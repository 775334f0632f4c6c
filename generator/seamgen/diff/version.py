"""The version the changes call for: ``--suggest-version`` and ``--check-version``.

Semantic versioning read for an API: a breaking change needs a major version, an addition (rule ids
that add an operation, property, value, variant or status) or a deprecation a minor one, any other
edit a patch.
Below 1.0.0 each need moves one place down (breaking: minor, the rest: patch), as Cargo and npm's
caret ranges read 0.x. A pre-release is released as the version it leads to when that is far enough
(npm's ``semver.inc``): 2.0.0-rc.1 with a breaking change gives 2.0.0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from seamgen.diagnostics import Diagnostic
from seamgen.diff.findings import Finding
from seamgen.diff.rules import DEPRECATED, VERSION_RULE, is_addition
from seamgen.loader import Spec, SpecLoadError
from seamgen.pointers import encode

Bump = Literal["major", "minor", "patch"]
_PLACES: tuple[Bump, ...] = ("major", "minor", "patch")
_IDENT = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
# semver.org's grammar: MAJOR.MINOR.PATCH, an optional -pre.release and +build.
_SEMVER = re.compile(rf"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-({_IDENT}(?:\.{_IDENT})*))?(?:\+[0-9A-Za-z.-]+)?")
_AT = ("info", "version")
CAUSES = {"major": "a breaking change", "minor": "an addition", "patch": "an edit", None: "no change"}


@dataclass(frozen=True)
class Version:
    core: tuple[int, int, int]
    pre: str | None = None

    def __str__(self) -> str:
        return ".".join(map(str, self.core)) + (f"-{self.pre}" if self.pre else "")

    def bumped(self, bump: Bump | None) -> Version:
        """The next version for a change of size ``bump`` (None: nothing changed)."""
        if bump is None:
            return self
        place = _PLACES.index(bump) + (self.core[0] == 0 and bump != "patch")
        if self.pre is not None and not any(self.core[place + 1 :]):
            return Version(self.core)  # the pre-release leads to that version already
        core = [*self.core[:place], self.core[place] + 1, 0, 0][:3]
        return Version((core[0], core[1], core[2]))


def declared(spec: Spec) -> str | None:
    """``info.version`` as written, or None when the spec has none (or not as a string)."""
    value = _raw(spec)
    return value if isinstance(value, str) else None


def parsed(spec: Spec) -> Version:
    """``info.version`` as a semantic version; a ``SpecLoadError`` at its place when it is not one."""
    value = _raw(spec)
    found = _SEMVER.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        said = "is missing: it must be" if value is None else f"{value!r} is not"
        hint = " (YAML read a number: put the version in quotes)" if isinstance(value, (int, float)) else ""
        message = f"info.version {said} a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0 or 2.0.0-rc.1){hint}"
        line, column = spec.position(_AT)
        raise SpecLoadError(Diagnostic(spec.origin(_AT), line, column, "error", message, "info-version-semver"))
    return Version((int(found[1]), int(found[2]), int(found[3])), found[4])


def _raw(spec: Spec) -> Any:
    info = spec.document.get("info")
    return info.get("version") if isinstance(info, dict) else None


def plan(base: Spec, head: Spec, findings: list[Finding]) -> tuple[Version, Bump | None, Version]:
    """BASE's version, the change ``findings`` call for, and the version that change leads to."""
    current = parsed(base)
    bump = _needed(findings, _unversioned(base) != _unversioned(head))
    return current, bump, current.bumped(bump)


def _needed(findings: list[Finding], edited: bool) -> Bump | None:
    """``edited``: the documents differ beyond their versions (descriptions, examples: a patch)."""
    if any(f.level == "breaking" for f in findings):
        return "major"
    if any(is_addition(f.rule) or f.rule == DEPRECATED for f in findings):
        return "minor"
    return "patch" if findings or edited else None


def _unversioned(spec: Spec) -> dict[str, Any]:
    info = spec.document.get("info")
    return {**spec.document, "info": {**info, "version": None}} if isinstance(info, dict) else spec.document


def not_bumped(head: Spec, base: Version, wanted: Version, bump: Bump | None) -> Finding | None:
    """``api-version-not-bumped`` at HEAD's ``info.version`` when it is below ``wanted``; a
    pre-release of ``wanted`` (or of a later version) counts as bumped."""
    current = parsed(head)
    if current.core >= wanted.core:
        return None
    line, column = head.position(_AT)
    message = f"info.version is {current}, but {CAUSES[bump]} since {base} calls for {wanted} or later"
    return Finding(head.origin(_AT), line, column, "breaking", message, VERSION_RULE, "head", encode(_AT))
