"""The site's search index: what a reader can find, and the page and anchor each result opens.

Written once at generate time as ``assets/search-index.js`` and loaded with ``<script src>``, so
search works offline and from disk. Made from the docs view, so every entry points at a page the
site has and at the id the view gave the element on it (``tests/test_docs_search.py`` checks both). Kept compact
for specs of a thousand pages: each page's file and title once, entries referring to it by index,
and an entry that would repeat another (same kind, page, text and context) left out.

Properties and enum values come from the schema trees the pages show (``docs_schema``): every node
and enum value with an id, on object pages and endpoint pages alike, since most specs name no
``x-resource`` and show their properties only in parameters, bodies and responses. A node without
an id is not indexed: there is nothing on the page to open it at.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from seamgen.docs_schema import SchemaNode
from seamgen.docs_view import Docs, EndpointPage, ObjectPage, html_file
from seamgen.text import SpecText


class Kind(IntEnum):
    """What an entry is; its number is what the index file holds, in this order of the labels."""

    RESOURCE = 0
    ENDPOINT = 1
    PROPERTY = 2
    ENUM_VALUE = 3
    EVENT = 4
    SCHEMA = 5

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


@dataclass(frozen=True)
class SearchPage:
    file: str
    """The HTML page, relative to the site's root."""
    title: SpecText


@dataclass(frozen=True)
class SearchEntry:
    kind: Kind
    page: int
    """The entry's page, as its index in ``SearchIndex.pages``."""
    anchor: str
    """The id of the element on the page, or empty for the page itself."""
    text: SpecText
    """What the result shows, and the first word matched."""
    context: SpecText | str = ""
    """Shown after the text, before the page's title (an enum value's property)."""
    words: tuple[SpecText, ...] = ()
    """Also matched, not shown (a resource's object name); an entry for a page itself (no anchor)
    is matched by the page's title too."""


@dataclass(frozen=True)
class SearchIndex:
    kinds: tuple[str, ...]
    pages: tuple[SearchPage, ...]
    entries: tuple[SearchEntry, ...]


def search_index(pages: Docs) -> SearchIndex:
    """Every resource, endpoint, property, enum value, event and type with a page the site shows."""
    objects = tuple(SearchPage(html_file(page.file), page.title) for page in pages.objects)
    endpoints = tuple(SearchPage(html_file(page.file), page.title) for page in pages.endpoints)
    schemas = tuple(SearchPage(page.file, page.title) for page in pages.schemas)
    entries = [entry for number, page in enumerate(pages.objects) for entry in _object_entries(page, number)]
    for number, endpoint in enumerate(pages.endpoints, start=len(objects)):
        entries += _endpoint_entries(endpoint, number)
    for number, own in enumerate(pages.schemas, start=len(objects) + len(endpoints)):
        entries.append(SearchEntry(Kind.SCHEMA, number, "", own.title))
        entries += _tree_entries((own.tree,), number, SpecText(""))
    return SearchIndex(tuple(kind.label for kind in Kind), objects + endpoints + schemas, _unique(entries))


def _object_entries(page: ObjectPage, number: int) -> list[SearchEntry]:
    """The resource, then what its object page shows: properties with their enum values, events
    with theirs (an event's properties in the context of the event)."""
    entries = [SearchEntry(Kind.RESOURCE, number, "", page.title, words=_others(page.title, page.object_name))]
    entries += _tree_entries(page.properties, number, SpecText(""))
    for event in page.events:
        entries.append(SearchEntry(Kind.EVENT, number, event.anchor, event.name))
        entries += _tree_entries(event.properties, number, event.name)
    return entries


def _endpoint_entries(page: EndpointPage, number: int) -> list[SearchEntry]:
    """The endpoint, then the properties and enum values of its parameters, request body and
    responses, each section named in the context of its first level (the page title names the endpoint)."""
    entries = [SearchEntry(Kind.ENDPOINT, number, "", page.label)]
    for node in page.parameters:
        entries += _tree_entries((node,), number, f"{node.location} parameter".lstrip())
    if page.request_body is not None:
        entries += _tree_entries((page.request_body,), number, "request body")
    for response in page.responses:
        if response.schema is not None:
            entries += _tree_entries((response.schema,), number, f"response {response.status}")
    return entries


def _tree_entries(nodes: Iterable[SchemaNode], number: int, context: SpecText | str) -> list[SearchEntry]:
    """An entry for each node with an id and a name, and each enum value with an id, in page order."""
    entries = []
    for node, where, is_property in _walk(nodes, context):
        if is_property and node.anchor and node.name and node.name != "*":
            entries.append(SearchEntry(Kind.PROPERTY, number, node.anchor, node.name, where))
        owner = node.name or where
        values = (value for value in node.enum_values if value.anchor)
        entries += [SearchEntry(Kind.ENUM_VALUE, number, value.anchor, value.value, owner) for value in values]
    return entries


def _walk(
    nodes: Iterable[SchemaNode], context: SpecText | str, properties: bool = True
) -> Iterator[tuple[SchemaNode, SpecText | str, bool]]:
    """Each node of the trees, depth first, with its context: the node it lies under, else the
    section's name; and whether it is a property (a union's variant is not: it is named by its
    discriminator, not a name a reader types)."""
    for node in nodes:
        yield node, context, properties
        below = node.name or context
        yield from _walk(node.children, below)
        yield from _walk(node.variants, below, properties=False)


def _unique(entries: list[SearchEntry]) -> tuple[SearchEntry, ...]:
    """The entries without repeats, the first kept: a page can show one name in one context twice
    (a property in a union's variants), and a result twice would only lengthen the list."""
    seen: set[tuple[Kind, int, str, str]] = set()
    kept = []
    for entry in entries:
        key = (entry.kind, entry.page, entry.text, entry.context)
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return tuple(kept)


def _others(text: SpecText, *words: SpecText) -> tuple[SpecText, ...]:
    """``words`` without repeats and without ``text``, which is matched anyway."""
    return tuple(word for word in dict.fromkeys(words) if word != text)
