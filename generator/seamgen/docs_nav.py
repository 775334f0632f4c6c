"""The docs' navigation: the HTML site's sidebar and index (``navigation``), GitBook's SUMMARY.md and
first page (``table_of_contents``), and the relative links between pages. Both list each resource page
with its endpoints' pages under it, in one order (``_tree``), so the site and the GitBook space agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.docs_view import Docs, EndpointPage, ObjectPage, html_file
from seamgen.ir import Api
from seamgen.text import SpecText


# The HTML site's sidebar and index.
@dataclass(frozen=True)
class NavItem:
    label: SpecText
    href: str
    """Relative to the site's root."""
    method: str = ""
    """An endpoint's HTTP method, in upper case."""
    children: tuple[NavItem, ...] = ()
    expanded: bool = False
    """Whether the index shows a resource's endpoints open (a small API's) or collapsed."""
    anchor: str = ""
    """The id of its section on the index, where it has no page of its own (the types' pages)."""
    noun: str = "endpoint"

    @property
    def count(self) -> str:
        """What a collapsed list on the index holds ("1 endpoint", "3 endpoints", "2 schemas")."""
        return f"{len(self.children)} {self.noun}{'' if len(self.children) == 1 else 's'}"


def _tree(pages: Docs) -> tuple[tuple[ObjectPage, tuple[EndpointPage, ...]], ...]:
    """Each resource page with its endpoints' pages, in the order the object page lists them;
    a file already placed is not placed again (GitBook refuses a SUMMARY that lists a file twice)."""
    by_html = {html_file(page.file): page for page in pages.endpoints}
    placed = {page.file for page in pages.objects}
    tree = []
    for page in pages.objects:
        children = []
        for link in page.endpoints:
            endpoint = by_html.get(link.html)
            if endpoint is not None and endpoint.file not in placed:
                placed.add(endpoint.file)
                children.append(endpoint)
        tree.append((page, tuple(children)))
    return tuple(tree)


# The index lists every endpoint open up to this many; beyond, collapsed by resource: the links are
# all there without JavaScript, but a closed list is neither styled nor laid out before first paint.
INDEX_EXPANDED_LIMIT = 60


def navigation(pages: Docs) -> tuple[NavItem, ...]:
    """One entry per resource page, with its endpoints' pages under it."""
    tree = _tree(pages)
    expanded = sum(len(endpoints) for _, endpoints in tree) <= INDEX_EXPANDED_LIMIT
    resources = tuple(
        NavItem(
            page.title,
            html_file(page.file),
            children=tuple(NavItem(e.path, html_file(e.file), e.method.upper()) for e in endpoints),
            expanded=expanded,
        )
        for page, endpoints in tree
    )
    if not pages.schemas:
        return resources
    schemas = tuple(NavItem(page.title, page.file) for page in pages.schemas)
    expanded = len(schemas) <= INDEX_EXPANDED_LIMIT
    return (*resources, NavItem(SpecText("Schemas"), "index.html#schemas", "", schemas, expanded, "schemas", "schema"))


# GitBook's Git Sync: SUMMARY.md (the table of contents) and README.md (the first page).
INDEX_FILE = "README.md"
SUMMARY_FILE = "SUMMARY.md"


@dataclass(frozen=True)
class TocEntry:
    """A page in SUMMARY.md and on the index page."""

    title: SpecText
    """The page's own title (its ``#`` heading), as GitBook expects of a SUMMARY link."""
    file: SpecText
    """The Markdown file, relative to the docs root; a link prints it through ``md_path``."""
    label: SpecText | None = None
    """The endpoint's path (and method, where endpoints share the path), for the index page."""
    description: SpecText | None = None
    children: tuple[TocEntry, ...] = ()


def table_of_contents(api: Api, pages: Docs) -> tuple[TocEntry, ...]:
    """The index page, then each resource page with its endpoints' pages under it, in the order of
    the HTML navigation: every Markdown page once."""
    title = api.title if api.title.strip() else SpecText("Overview")
    resources = (
        TocEntry(
            page.title,
            SpecText(page.file),
            description=page.description,
            children=tuple(TocEntry(e.title, SpecText(e.file), e.label) for e in endpoints),
        )
        for page, endpoints in _tree(pages)
    )
    return (TocEntry(title, SpecText(INDEX_FILE), description=api.description), *resources)


def root_of(file: str) -> str:
    """The relative path from ``file`` back to the site's root (``../../`` for ``api/x/y.html``)."""
    return "../" * file.count("/")
