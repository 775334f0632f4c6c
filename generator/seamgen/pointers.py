"""JSON pointers and local ``$ref`` resolution over a loaded document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

JsonPath = tuple[str | int, ...]

MISSING = object()


def encode(path: JsonPath) -> str:
    """``("paths", "/a%20b")`` -> ``#/paths/~1a%2520b``: a JSON pointer, percent-encoded as the URI
    fragment it is (references are URIs: a resolver decodes ``%20`` before following the pointer)."""
    return "#" + "".join("/" + quote(str(part).replace("~", "~0").replace("/", "~1"), safe="~") for part in path)


def decode(ref: str) -> JsonPath | None:
    """The path a local ``$ref`` points at, or None for an external or malformed one."""
    if not ref.startswith("#"):
        return None
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return None
    parts = fragment.split("/")[1:] if fragment else []
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in parts)


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one: spec objects may be malformed."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one: for reading specs that may be malformed."""
    return value if isinstance(value, list) else []


def lookup(document: Any, path: JsonPath) -> Any:
    """The value at ``path`` (list indexes may be strings, as in pointers), or ``MISSING``."""
    node = document
    for part in path:
        if isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def iter_refs(node: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every ``$ref`` string in ``node``, with the path of the object that holds it."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield path, ref
        for key, value in node.items():
            yield from iter_refs(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, (*path, index))


class Resolver:
    """Follows local ``$ref`` chains; a broken or circular chain resolves to None."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def target(self, ref: str) -> JsonPath | None:
        """The path ``ref`` points at, if it exists in the document."""
        path = decode(ref)
        if path is None or lookup(self.document, path) is MISSING:
            return None
        return path

    def mapping_target(self, value: str) -> JsonPath | None:
        """Where a discriminator ``mapping`` value points: a schema name (``Dog``, as OpenAPI
        allows) or a reference (``#/components/schemas/Dog``)."""
        named: JsonPath = ("components", "schemas", value)
        if "/" not in value and "#" not in value and lookup(self.document, named) is not MISSING:
            return named
        return self.target(value)

    def deref(self, node: Any) -> tuple[Any, JsonPath | None]:
        """Follow ``$ref`` from ``node``; returns the final value and the path of the last target."""
        seen: set[str] = set()
        where: JsonPath | None = None
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            path = self.target(ref)
            if path is None or ref in seen:
                return None, None
            seen.add(ref)
            where, node = path, lookup(self.document, path)
        return node, where
