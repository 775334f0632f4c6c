"""The site's search index: what a reader can find, and the page and anchor each result opens.

Written once at generate time as ``assets/search-index.js`` and loaded with ``<script src>``, so
search works offline and from disk. Made from the docs view, so every entry points at a page the
site has and at the id the view gave the element on it (``tests/test_docs_search.py`` checks both). Kept compact
for specs of a thousand pages: each page's file and title once, entries referring to it by index.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from seamgen.docs_view import Docs, ObjectPage, html_file
from seamgen.text import SpecText


class Kind(IntEnum):
    """What an entry is; its number is what the index file holds, in this order of the labels."""

    RESOURCE = 0
    ENDPOINT = 1
    PROPERTY = 2
    ENUM_VALUE = 3
    EVENT = 4

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
    """Every resource, endpoint, property, enum value and event the site's pages show."""
    objects = tuple(SearchPage(html_file(page.file), page.title) for page in pages.objects)
    endpoints = tuple(SearchPage(html_file(page.file), page.title) for page in pages.endpoints)
    entries = [entry for number, page in enumerate(pages.objects) for entry in _object_entries(page, number)]
    entries += [
        SearchEntry(Kind.ENDPOINT, number, "", page.label)
        for number, page in enumerate(pages.endpoints, start=len(objects))
    ]
    return SearchIndex(tuple(kind.label for kind in Kind), objects + endpoints, tuple(entries))


def _object_entries(page: ObjectPage, number: int) -> list[SearchEntry]:
    """The resource, then what its object page shows: properties with their enum values, events."""
    entries = [SearchEntry(Kind.RESOURCE, number, "", page.title, words=_others(page.title, page.object_name))]
    for prop in page.properties:
        entries.append(SearchEntry(Kind.PROPERTY, number, prop.anchor, prop.name))
        entries += [SearchEntry(Kind.ENUM_VALUE, number, v.anchor, v.value, prop.name) for v in prop.enum_values]
    entries += [SearchEntry(Kind.EVENT, number, event.anchor, event.name) for event in page.events]
    return entries


def _others(text: SpecText, *words: SpecText) -> tuple[SpecText, ...]:
    """``words`` without repeats and without ``text``, which is matched anyway."""
    return tuple(word for word in dict.fromkeys(words) if word != text)
