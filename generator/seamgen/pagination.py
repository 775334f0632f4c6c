"""Which list endpoints page with a cursor, and where each page says the next one starts.

An endpoint pages when it takes the cursor parameter (Seam's ``page_cursor``), its success body
holds the next cursor at the cursor path (Seam's ``pagination.next_page_cursor``), and it returns a
list, or an object with the list at the items path (``data``, say, where no ``x-response-key`` picks
the list out): a client can then iterate over every item across pages, as Seam's SDKs' paginator
does. All three are settings of the spec, ``x-seamgen.pagination: {cursor-parameter: …, next-cursor:
…, items: …}`` (paths dotted), so other APIs' cursors work too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seamgen.ir import ListOf, Named, NamedType, Nullable, ObjectType, Pagination, Parameter, TypeExpr
from seamgen.pointers import as_dict
from seamgen.text import Identifier, SpecText

CURSOR_PARAMETER = "page_cursor"
NEXT_CURSOR = "pagination.next_page_cursor"


Settings = tuple[str, tuple[str, ...], tuple[str, ...]]


def cursor_settings(document: dict[str, Any]) -> Settings:
    """The cursor parameter's name, the next cursor's path and the items' path (empty: the method
    returns the list itself), from ``x-seamgen.pagination``."""
    settings = as_dict(as_dict(document.get("x-seamgen")).get("pagination"))
    parameter = settings.get("cursor-parameter", CURSOR_PARAMETER)
    path = settings.get("next-cursor", NEXT_CURSOR)
    items = settings.get("items")
    return str(parameter), tuple(str(path).split(".")), tuple(str(items).split(".")) if items else ()


def pagination(
    settings: Settings,
    parameters: tuple[Parameter, ...],
    body: TypeExpr | None,
    returns: TypeExpr | None,
    types: Mapping[Identifier, NamedType],
) -> Pagination | None:
    """How the endpoint with these ``parameters``, success ``body`` and ``returns`` pages, if it does."""
    name, path, items = settings
    cursor = next((p for p in parameters if p.name == name and p.location in ("query", "body")), None)
    listed = returns if isinstance(returns, ListOf) else _member(returns, items, types) if items else None
    if cursor is None or not isinstance(listed, ListOf) or _member(body, path, types) is None:
        return None
    spelled = tuple(SpecText(part) for part in path)
    return Pagination(cursor.ident, SpecText(name), spelled, listed.item, tuple(SpecText(p) for p in items))


def _member(node: TypeExpr | None, path: tuple[str, ...], types: Mapping[Identifier, NamedType]) -> TypeExpr | None:
    """The type of the property ``path`` names in ``node``, through nested objects that may be null."""
    for part in path:
        while isinstance(node, Nullable):
            node = node.inner
        model = types.get(node.name) if isinstance(node, Named) else None
        if not isinstance(model, ObjectType):
            return None
        node = next((p.type for p in model.properties if p.name == part), None)
    while isinstance(node, Nullable):
        node = node.inner
    return node
