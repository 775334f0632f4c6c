"""Changes to the values a schema admits: its types, null, enum values, bounds, patterns, formats
and defaults, each rated for the clients on one side.

A request value is written by clients, so admitting less breaks them (what they sent may now be
refused); a response value is read by clients, so admitting more breaks them (they may now get what
they do not expect). Formats and defaults change meaning rather than shape: only a risk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from seamgen.diff.findings import Level
from seamgen.loader import JsonPath

UNKNOWN_KEPT = "seamgen-generated clients keep unknown values"
# Each bound, and whether a larger value admits more (an upper bound) or less (a lower one).
BOUNDS = {
    "maxLength": True, "maxItems": True, "maxProperties": True, "maximum": True, "exclusiveMaximum": True,
    "minLength": False, "minItems": False, "minProperties": False, "minimum": False, "exclusiveMinimum": False,
}  # fmt: skip
# Where in the schema the change stands, its level, what changed (after the subject) and the rule's
# ending (after ``request-property-``).
Change = tuple[JsonPath, Level, str, str]
_BREAKS = {
    "request": "clients that send what it no longer accepts are rejected",
    "response": "clients that read it break",
}


Types = tuple[frozenset[str], frozenset[str]]  # the JSON types BASE and HEAD admit


def changes(old: dict[str, Any], new: dict[str, Any], types: Types, side: str) -> Iterator[Change]:
    """Every change of what ``old`` admits in ``new`` (whose JSON types are ``types``)."""
    yield from _types(*types, side)
    yield from _enum(old.get("enum"), new.get("enum"), side)
    for keyword, upper in BOUNDS.items():
        before, after = _number(old.get(keyword)), _number(new.get(keyword))
        if before != after:
            yield _bound(keyword, upper, before, after, side)
    if old.get("pattern") != new.get("pattern") and isinstance(new.get("pattern"), str):
        level: Level = "breaking" if side == "request" else "potentially-breaking"
        yield ("pattern",), level, f"must now match {new['pattern']!r}", "pattern-changed"
    for keyword in ("format", "default"):
        if keyword in old and keyword in new and old[keyword] != new[keyword]:
            what = f"{keyword} changed from {old[keyword]!r} to {new[keyword]!r}: clients that rely on it may break"
            yield (
                (keyword,),
                "potentially-breaking",
                what,
                f"{keyword}-value-changed" if keyword == "default" else "format-changed",
            )


def _types(before: frozenset[str], after: frozenset[str], side: str) -> Iterator[Change]:
    if not before or not after:
        return
    if ("null" in after) != ("null" in before):
        gained = "null" in after
        breaks = gained == (side == "response")
        what = "may now be null" if gained else "may no longer be null"
        how = (
            ": clients that expect a value break on null"
            if side == "response"
            else ": clients that send null are rejected"
        )
        yield (
            (),
            "breaking" if breaks else "non-breaking",
            what + (how if breaks else ""),
            "became-nullable" if gained else "became-not-nullable",
        )
    old_core, new_core = before - {"null"}, after - {"null"}
    if old_core and new_core and old_core != new_core:
        lost = old_core - new_core if side == "request" else new_core - old_core
        what = f"changed type from {_or(old_core)} to {_or(new_core)}"
        yield (), "breaking" if lost else "non-breaking", what + (f": {_BREAKS[side]}" if lost else ""), "type-changed"


def _enum(before: Any, after: Any, side: str) -> Iterator[Change]:
    if not (isinstance(before, list) and isinstance(after, list)):
        return
    for index, value in enumerate(after):
        if value not in before and side == "response":
            what = f"may now be {value!r}: clients that handle only the known values break ({UNKNOWN_KEPT})"
            yield ("enum", index), "potentially-breaking", what, "enum-value-added"
        elif value not in before:
            yield ("enum", index), "non-breaking", f"accepts {value!r}", "enum-value-added"
    for value in (v for v in before if v not in after):
        if side == "request":
            yield (
                ("enum",),
                "breaking",
                f"no longer accepts {value!r}: clients that send it are rejected",
                "enum-value-removed",
            )
        else:
            yield ("enum",), "non-breaking", f"is no longer {value!r}", "enum-value-removed"


def _bound(keyword: str, upper: bool, before: float | None, after: float | None, side: str) -> Change:
    """A bound added, removed or moved: breaking when it narrows a request or widens a response."""
    if before is None or after is None:  # they differ, so one of them is a number
        change, narrows = ("added", True) if before is None else ("removed", False)
        what = f"{keyword} {after if before is None else before:g} {change}"
    else:
        change, narrows = ("increased" if after > before else "decreased"), (after < before) == upper
        what = f"{keyword} {change} from {before:g} to {after:g}"
    breaks = narrows == (side == "request")
    return (
        (keyword,),
        "breaking" if breaks else "non-breaking",
        what + (f": {_BREAKS[side]}" if breaks else ""),
        f"{_kebab(keyword)}-{change}",
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _or(types: frozenset[str]) -> str:
    return " or ".join(sorted(types))


def _kebab(name: str) -> str:
    """``maxLength`` -> ``max-length``, as rule ids spell keywords."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
