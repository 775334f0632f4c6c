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
# A format's or default's rule endings when it is changed, added and removed.
_MEANING_RULES = {
    "format": ("format-changed", "format-added", "format-removed"),
    "default": ("default-value-changed", "default-value-added", "default-value-removed"),
}

Types = tuple[frozenset[str], frozenset[str]]  # the JSON types BASE and HEAD admit
_SCALARS = frozenset({"integer", "number", "boolean"})


def changes(
    old: dict[str, Any], new: dict[str, Any], types: Types, side: str, as_text: bool = False
) -> Iterator[Change]:
    """Every change of what ``old`` admits in ``new`` (whose JSON types are ``types``); ``as_text``
    for a value sent as text (a query, path, header or cookie parameter), where a string takes any
    number or boolean clients sent. A type replaced by an unrelated one (string by integer) is the
    one change: the enum, format, bounds and default of the old type go with it."""
    yield from _types(*types, side, as_text)
    if _replaced(*types):
        return
    yield from _allowed(old, new, side)
    for keyword, upper in BOUNDS.items():
        before, after = number(old.get(keyword)), number(new.get(keyword))
        if before != after:
            yield _bound(keyword, upper, before, after, side)
    yield from _pattern(old.get("pattern"), new.get("pattern"), side)
    for keyword in ("format", "default"):
        yield from _meaning(keyword, old, new)


def _meaning(keyword: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """A format or default changed, added or removed: what a value means, not which values pass."""
    changed, added, removed = _MEANING_RULES[keyword]
    if keyword in old and keyword in new and old[keyword] != new[keyword]:
        what, rule = f"{keyword} changed from {old[keyword]!r} to {new[keyword]!r}", changed
    elif keyword in new and keyword not in old:
        what, rule = f"{keyword} {new[keyword]!r} added", added
    elif keyword in old and keyword not in new:
        what, rule = f"{keyword} {old[keyword]!r} removed", removed
    else:
        return
    yield (keyword,), "potentially-breaking", f"{what}: clients that rely on it may break", rule


def _pattern(before: Any, after: Any, side: str) -> Iterator[Change]:
    """A pattern added to what clients send rejects values it used to take; one added to what they
    read only promises more. A pattern replaced may reject either way, and one dropped from a
    response lets through values clients may not parse."""
    if before == after:
        return
    if isinstance(after, str):
        added = not isinstance(before, str)
        level: Level = "breaking" if side == "request" else "non-breaking" if added else "potentially-breaking"
        yield ("pattern",), level, f"must now match {after!r}", "pattern-added" if added else "pattern-changed"
    elif isinstance(before, str):
        level = "non-breaking" if side == "request" else "potentially-breaking"
        how = "" if side == "request" else ": clients that rely on it may break"
        yield (), level, f"no longer has to match {before!r}{how}", "pattern-removed"


def _types(before: frozenset[str], after: frozenset[str], side: str, as_text: bool) -> Iterator[Change]:
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
        if as_text and side == "request" and "string" in new_core:
            lost -= _SCALARS
        what = f"changed type from {_or(old_core)} to {_or(new_core)}"
        # A request type that takes every value it took before is generalized (oasdiff's name).
        rule = "type-generalized" if side == "request" and not lost else "type-changed"
        yield (), "breaking" if lost else "non-breaking", what + (f": {_BREAKS[side]}" if lost else ""), rule


def _replaced(before: frozenset[str], after: frozenset[str]) -> bool:
    """True when no type BASE admits (but null) survives in HEAD, an integer counting as a number."""
    old_core, new_core = (frozenset("number" if t == "integer" else t for t in ts - {"null"}) for ts in (before, after))
    return bool(old_core and new_core) and not old_core & new_core


def _allowed(old: dict[str, Any], new: dict[str, Any], side: str) -> Iterator[Change]:
    """The values ``enum`` and ``const`` allow: a ``const`` is an enum of one value, though one
    changed or removed breaks readers too, since every client relies on the one value promised."""
    before, after = _values(old), _values(new)
    if before is not None and after is not None:
        if _only_const(old) and _only_const(new):
            if old["const"] != new["const"]:
                what = f"changed from {old['const']!r} to {new['const']!r}: {_BREAKS[side]}"
                yield ("const",), "breaking", what, "const-changed"
            return
        yield from _enum(before, after, side)
    elif after is not None:
        kind = "const" if _only_const(new) else "enum"
        what = f"must now be {_listed(after)}"
        if side == "request":
            yield (kind,), "breaking", f"{what}: {_BREAKS[side]}", "const-added" if kind == "const" else "became-enum"
        else:
            yield (kind,), "non-breaking", what, "const-added" if kind == "const" else "became-enum"
    elif before is not None:
        yield _unlisted(_listed(before), _only_const(old), side)


def _unlisted(was: str, const: bool, side: str) -> Change:
    """An ``enum`` or ``const`` dropped: any value of the type passes now."""
    what, where = f"is no longer limited to {was}", ("const",) if const else ("enum",)
    if side == "request":
        return where, "non-breaking", what, "const-removed" if const else "enum-removed"
    if const:
        return where, "breaking", f"{what}: clients that rely on that value break", "const-removed"
    how = f"clients that handle only those values break ({UNKNOWN_KEPT})"
    return where, "potentially-breaking", f"{what}: {how}", "enum-removed"


def _values(schema: dict[str, Any]) -> list[Any] | None:
    """The values ``enum`` and ``const`` allow together, or None when neither limits them."""
    listed = schema.get("enum") if isinstance(schema.get("enum"), list) else None
    if "const" not in schema:
        return listed
    return [schema["const"]] if listed is None or schema["const"] in listed else []


def _only_const(schema: dict[str, Any]) -> bool:
    return "const" in schema and not isinstance(schema.get("enum"), list)


def _listed(values: list[Any]) -> str:
    return " or ".join(repr(value) for value in values) or "no value"


def _enum(before: list[Any], after: list[Any], side: str) -> Iterator[Change]:
    for index, value in enumerate(after):
        if value not in before and side == "response":
            what = f"may now be {value!r}: clients that handle only the known values break ({UNKNOWN_KEPT})"
            yield ("enum", index), "potentially-breaking", what, "enum-value-added"
        elif value not in before:
            yield ("enum", index), "non-breaking", f"accepts {value!r}", "enum-value-added"
    # The values removed share one place (the enum), so they are one finding that names them all.
    gone = [value for value in before if value not in after]
    if gone and side == "request":
        what = f"no longer accepts {_listed(gone)}: clients that send {'it' if len(gone) == 1 else 'them'} are rejected"
        yield ("enum",), "breaking", what, "enum-value-removed"
    elif gone:
        yield ("enum",), "non-breaking", f"is no longer {_listed(gone)}", "enum-value-removed"


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
        f"{kebab(keyword)}-{change}",
    )


def number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _or(types: frozenset[str]) -> str:
    return " or ".join(sorted(types))


def kebab(name: str) -> str:
    """``maxLength`` -> ``max-length``, as rule ids spell keywords."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
