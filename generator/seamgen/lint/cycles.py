"""A schema that reaches itself through ``$ref``, ``allOf``, ``anyOf``, ``oneOf``, ``not`` or
``if``/``then``/``else`` alone, with no property or item in between, contains itself: a validator
checking a value against it, or a generator expanding it, never stops (a recursive type, a tree
whose ``children`` are trees, goes through a property or an item and is fine). Each such loop is
a ``ref-resolves`` error at the reference that closes it, found once.
"""

from __future__ import annotations

from collections.abc import Iterator

from seamgen.diagnostics import Diagnostic
from seamgen.lint.context import Context
from seamgen.loader import JsonPath
from seamgen.pointers import encode, lookup
from seamgen.walk import schemas

_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
_ON_STACK, _DONE = 1, 2


def check_cycles(ctx: Context) -> Iterator[Diagnostic]:
    """One error per loop of in-place references, over every schema written in the document."""
    state: dict[int, int] = {}  # by id(): a path through a $ref spells a list index as text
    for path, schema in schemas(ctx.document):
        if id(schema) not in state:
            yield from _search(ctx, path, state)


def _search(ctx: Context, root: JsonPath, state: dict[int, int]) -> Iterator[Diagnostic]:
    """Depth first, with a stack of its own: a chain of a thousand references is fine."""
    state[id(lookup(ctx.document, root))] = _ON_STACK
    stack = [(root, _edges(ctx, root))]
    while stack:
        path, edges = stack[-1]
        if not edges:
            state[id(lookup(ctx.document, path))] = _DONE
            stack.pop()
            continue
        at, target = edges.pop(0)
        seen = state.get(id(lookup(ctx.document, target)))
        if seen == _ON_STACK:
            message = f"{at[-1]} leads back to {encode(target)} with no property or item between: it contains itself"
            yield ctx.error(at, message, "ref-resolves")
        elif seen is None:
            state[id(lookup(ctx.document, target))] = _ON_STACK
            stack.append((target, _edges(ctx, target)))


def _edges(ctx: Context, path: JsonPath) -> list[tuple[JsonPath, JsonPath]]:
    """The schemas that apply in place of the one at ``path``: where each is named, and its path."""
    node = lookup(ctx.document, path)
    if not isinstance(node, dict):
        return []
    found: list[tuple[JsonPath, JsonPath]] = []
    ref = node.get("$ref")
    target = ctx.resolver.target(ref) if isinstance(ref, str) else None
    if target is not None:
        found.append(((*path, "$ref"), target))
    for key in _IN_PLACE_LISTS:
        parts = node.get(key)
        found += [((*path, key, at), (*path, key, at)) for at in range(len(parts))] if isinstance(parts, list) else []
    found += [((*path, key), (*path, key)) for key in _IN_PLACE_ONE if isinstance(node.get(key), dict)]
    return found
