"""Which list endpoints page with a cursor, and where each page says the next one starts.

An endpoint pages when it takes the cursor parameter (Seam's ``page_cursor``), its success body
holds the next cursor at the cursor path (Seam's ``pagination.next_page_cursor``), and it returns a
list: a client can then iterate over every item across pages, as Seam's SDKs' paginator does. Both
names are settings of the spec, ``x-seamgen.pagination: {cursor-parameter: …, next-cursor: …}`` (the
path dotted), so other APIs' cursors work too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seamgen.ir import ListOf, Named, NamedType, Nullable, ObjectType, Pagination, Parameter, TypeExpr
from seamgen.pointers import as_dict
from seamgen.text import Identifier, SpecText

CURSOR_PARAMETER = "page_cursor"
NEXT_CURSOR = "pagination.next_page_cursor"


def cursor_settings(document: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The cursor parameter's name and the next cursor's path, from ``x-seamgen.pagination``."""
    settings = as_dict(as_dict(document.get("x-seamgen")).get("pagination"))
    parameter = settings.get("cursor-parameter", CURSOR_PARAMETER)
    path = settings.get("next-cursor", NEXT_CURSOR)
    return str(parameter), tuple(str(path).split("."))


def pagination(
    settings: tuple[str, tuple[str, ...]],
    parameters: tuple[Parameter, ...],
    body: TypeExpr | None,
    returns: TypeExpr | None,
    types: Mapping[Identifier, NamedType],
) -> Pagination | None:
    """How the endpoint with these ``parameters``, success ``body`` and ``returns`` pages, if it does."""
    name, path = settings
    cursor = next((p for p in parameters if p.name == name and p.location in ("query", "body")), None)
    if cursor is None or not isinstance(returns, ListOf) or not _reaches(body, path, types):
        return None
    return Pagination(cursor.ident, SpecText(name), tuple(SpecText(part) for part in path), returns.item)


def _reaches(node: TypeExpr | None, path: tuple[str, ...], types: Mapping[Identifier, NamedType]) -> bool:
    """Whether ``path`` names a property of ``node``, through nested objects that may be null."""
    for part in path:
        while isinstance(node, Nullable):
            node = node.inner
        model = types.get(node.name) if isinstance(node, Named) else None
        if not isinstance(model, ObjectType):
            return False
        node = next((p.type for p in model.properties if p.name == part), None)
    return node is not None
