"""The site's search: an index of everything the spec names, each entry pointing at a real id, and
a box that finds, ranks and opens results by keyboard, from disk, with no request leaving the site."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from seamgen.build import build
from seamgen.docs_schema import SchemaNode, own_page_types, spec_names
from seamgen.docs_search import Kind
from seamgen.docs_view import Docs, docs, html_file
from seamgen.ir import Api
from seamgen.loader import load
from seamgen.text import Identifier
from tests.conftest import SPEC
from tests.test_docs_html import browser, needs_chromium  # noqa: F401  (the fixture, shared)
from tests.test_hostile_docs import thing_spec
from tests.test_real_specs_docs import items, operation, render_docs, spec, write_spec

INDEX = "html/assets/search-index.js"
HOSTILE = "</script><script>alert(1)</script>\"'`\u2028<img src=x onerror=alert(2)>"
# Properties that rank, for "lock", as exact, prefix, word start and substring matches.
RANKED = ("lock", "lock_state", "is_locked", "unlock_time")


def search_index(files: dict[str, str]) -> dict[str, Any]:
    """``SEARCH_INDEX`` of search-index.js, which is a JSON literal."""
    literal = files[INDEX].split("const SEARCH_INDEX = ", 1)[1].rsplit(";", 1)[0]
    return dict(json.loads(literal))


def entries(index: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """Each entry as (kind, page file, anchor, text, context)."""
    return [(index["kinds"][k], index["pages"][p][0], a, t, c) for k, p, a, t, c, *_ in index["entries"]]


TREE_KINDS = ("property", "enum value")
"""What the schema trees give the index; the rest comes from the model's resources and endpoints."""


def expected(api: Api) -> list[tuple[str, str]]:
    """(kind, name) of every resource, endpoint and event, from the model."""
    found = [("resource", str(resource.object_name or resource.name)) for resource in api.resources]
    found += [("endpoint", str(endpoint.path)) for endpoint in api.endpoints]
    found += [("event", str(event.name)) for resource in api.resources for event in resource.events]
    names = spec_names(api)
    found += [("schema", str(names[name])) for name in own_page_types(api, _object_types(api))]
    return sorted(found)


def _object_types(api: Api) -> list[Identifier]:
    return [resource.object_type.name for resource in api.resources if resource.object_type is not None]


def tree_nodes(nodes: tuple[SchemaNode, ...], variant: bool = False) -> Iterator[tuple[SchemaNode, bool]]:
    """Each node of the trees, with whether it is a union's variant (named by its discriminator)."""
    for node in nodes:
        yield node, variant
        yield from tree_nodes(node.children)
        yield from tree_nodes(node.variants, variant=True)


def page_trees(pages: Docs) -> Iterator[tuple[str, tuple[SchemaNode, ...]]]:
    """(page file, trees) of every page: object pages' properties and events', endpoint pages'
    parameters, request body and responses."""
    for page in pages.objects:
        yield html_file(page.file), page.properties + tuple(n for e in page.events for n in e.properties)
    for endpoint in pages.endpoints:
        body = (endpoint.request_body,) if endpoint.request_body else ()
        responses = tuple(r.schema for r in endpoint.responses if r.schema)
        yield html_file(endpoint.file), endpoint.parameters + body + responses
    for own in pages.schemas:
        yield own.file, (own.tree,)


def anchored(pages: Docs) -> set[tuple[str, str, str, str]]:
    """(kind, page, anchor, name) of every property and enum value the trees give an id to."""
    found = set()
    for file, trees in page_trees(pages):
        for node, variant in tree_nodes(trees):
            if node.anchor and node.name and node.name != "*" and not variant:
                found.add(("property", file, node.anchor, str(node.name)))
            found |= {("enum value", file, v.anchor, str(v.value)) for v in node.enum_values if v.anchor}
    return found


def named(index: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, name) of every entry: a resource by its object's name, an endpoint by its path."""
    found = []
    for kind, _, _, text, _, *words in index["entries"]:
        label = index["kinds"][kind]
        name = words[-1] if label == "resource" and words else text
        found.append((label, re.sub(r"^[A-Z]+ (?=/)", "", name) if label == "endpoint" else name))
    return sorted(found)


class Ids(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value is not None]


def ranked_spec() -> dict[str, Any]:
    doc = thing_spec()
    doc["components"]["schemas"]["Thing"]["properties"].update({name: {"type": "string"} for name in RANKED})
    return doc


def hostile_spec() -> dict[str, Any]:
    doc = thing_spec(name=HOSTILE, value=HOSTILE)
    doc["components"]["schemas"]["Thing"]["properties"][f"p{HOSTILE}"] = {"type": "string"}
    return doc


def shop_spec() -> dict[str, Any]:
    """No ``x-resource``, as most specs: properties are shown only in a body and a response."""
    order = {
        "type": "object",
        "properties": {
            "order_id": {"type": "string"},
            "status": {"type": "string", "enum": ["pending", "succeeded"]},
            "shipping": {"type": "object", "properties": {"timezone": {"type": "string"}}},  # below the first level
        },
    }
    body = {"type": "object", "properties": {"amount": {"type": "integer"}}, "required": ["amount"]}
    created = {
        "description": "The order.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
    }
    create = operation(
        "createOrder",
        "orders",
        requestBody={"content": {"application/json": {"schema": body}}},
        responses={"200": created},
    )
    return spec({"/orders/create": {"post": create}}, components={"schemas": {"Order": order}})


SPECS = {
    "our spec": lambda: copy.deepcopy(load(SPEC).document),
    "ranked": ranked_spec,
    "hostile": hostile_spec,
    "no resources": shop_spec,
    "60 endpoints": lambda: spec({**items(60), "/items/x": {"get": operation("getX")}}),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str], Api]]:
    """Each spec's docs, rendered (``docs/`` relative paths) and the site written to disk."""
    made = {}
    for name, make in SPECS.items():
        folder = tmp_path_factory.mktemp("search")
        doc = make()
        files = render_docs(folder / "spec", doc)
        for file, text in files.items():
            if file.startswith("html/"):
                (folder / file).parent.mkdir(parents=True, exist_ok=True)
                (folder / file).write_text(text, encoding="utf-8")
        made[name] = (folder / "html", files, build(load(write_spec(folder / "spec", doc))))
    return made


@pytest.mark.parametrize("name", list(SPECS))
def test_the_index_has_an_entry_for_everything_the_spec_names(
    sites: dict[str, tuple[Path, dict[str, str], Api]], name: str
) -> None:
    _, files, api = sites[name]
    index = search_index(files)
    assert [entry for entry in named(index) if entry[0] not in TREE_KINDS] == expected(api)
    listed = [entry for entry in entries(index) if entry[0] in TREE_KINDS]
    shown = anchored(docs(api))
    assert {(kind, page, text) for kind, page, _, text, _ in listed} == {(k, p, t) for k, p, _, t in shown}
    assert {(kind, page, anchor, text) for kind, page, anchor, text, _ in listed} <= shown
    assert len({(k, p, t, c) for k, p, _, t, c in listed}) == len(listed), "an entry repeated"


@pytest.mark.parametrize("name", list(SPECS))
def test_every_entry_opens_a_page_the_site_has_at_an_id_the_page_has(
    sites: dict[str, tuple[Path, dict[str, str], Api]], name: str
) -> None:
    _, files, _ = sites[name]
    ids = {file: Ids(text).ids for file, text in files.items() if file.endswith(".html")}
    for kind, page, anchor, text, _ in entries(search_index(files)):
        assert f"html/{page}" in ids, page
        assert not anchor or anchor in ids[f"html/{page}"], f"{kind} {text!r}: no #{anchor} in {page}"
    kinds = search_index(files)["kinds"]
    assert kinds == [kind.label for kind in Kind]


def test_a_hostile_name_stays_one_inert_string_in_the_index(
    sites: dict[str, tuple[Path, dict[str, str], Api]],
) -> None:
    _, files, _ = sites["hostile"]
    text = files[INDEX]
    assert "<" not in text and "\u2028" not in text
    names = [entry[3] for entry in entries(search_index(files))]
    # The property, its enum value, the create endpoint's body parameter; the other property.
    assert names.count(HOSTILE) == 3 and f"p{HOSTILE}" in names
    for html_page in (file for file in files if file.endswith(".html")):
        scripts = re.findall(r"<script[^>]*>", files[html_page])
        # site.js loads the index when the box is first used, not with every page.
        assert not [s for s in scripts if "search" in s]


def test_the_index_stays_compact(sites: dict[str, tuple[Path, dict[str, str], Api]]) -> None:
    """Each page's file once, in the page table; entries refer to it by number."""
    _, files, _ = sites["60 endpoints"]
    index = search_index(files)
    assert len(index["pages"]) == len({file for file, _ in index["pages"]})
    assert files[INDEX].count("api/items/") == len(index["pages"])


# In the browser: from disk, as a reader opens a downloaded site.
class Reader:
    """A page of a site opened from ``file://``; every request elsewhere is aborted and kept, and
    console errors, page errors and dialogs are kept, for each test to assert there were none."""

    def __init__(self, browser: Any, site: Path, javascript: bool = True) -> None:  # noqa: F811
        self.site = site
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda message: self.problems.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, file: str) -> Any:
        self.page.goto((self.site / file).as_uri())
        return self.page

    def results(self) -> list[str]:
        """The options listed, once the list shows (the index loads when the box is first used)."""
        self.page.locator('[role="listbox"]').wait_for(state="visible")
        return self.page.locator('[role="listbox"] [role="option"]').all_inner_texts()

    def clean(self) -> None:
        assert self.problems == []
        assert self.outside == [], "the site must work offline"


@pytest.fixture
def reader(browser: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]) -> Iterator[Any]:  # noqa: F811
    made: list[Reader] = []

    def open_site(name: str, javascript: bool = True) -> Reader:
        made.append(Reader(browser, sites[name][0], javascript))
        return made[-1]

    yield open_site
    for opened in made:
        opened.clean()
        opened.context.close()


def first_property(files: dict[str, str]) -> tuple[str, str, str]:
    """The index's first property with a name no other entry has: (page, anchor, name)."""
    listed = entries(search_index(files))
    texts = [text.casefold() for _, _, _, text, _ in listed]
    return next((p, a, t) for kind, p, a, t, _ in listed if kind == "property" and texts.count(t.casefold()) == 1)


@needs_chromium
def test_typing_a_property_name_finds_it_and_enter_opens_its_page_at_its_anchor(
    reader: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]
) -> None:
    page_file, anchor, name = first_property(sites["our spec"][1])
    site = reader("our spec")
    page = site.open("api/action_attempts/get.html")
    page.fill('input[type="search"]', name)
    assert site.results()[0].split("\n")[:2] == ["PROPERTY", name]
    page.press('input[type="search"]', "Enter")
    page.wait_for_url(f"**/{page_file}#{anchor}")
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert page.evaluate("location.hash") == f"#{anchor}"


@needs_chromium
def test_an_enum_value_is_found_with_its_property(
    reader: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]
) -> None:
    listed = entries(search_index(sites["our spec"][1]))
    _, page_file, anchor, value, prop = next(entry for entry in listed if entry[0] == "enum value")
    site = reader("our spec")
    page = site.open("index.html")
    page.fill('input[type="search"]', value)
    shown = [text.split("\n") for text in site.results()]
    assert ["ENUM VALUE", value] in [lines[:2] for lines in shown]
    [found] = [lines for lines in shown if lines[:2] == ["ENUM VALUE", value]]
    assert prop in found[2]
    link = page.locator('a[role="option"]', has_text=value).first
    assert link.get_attribute("href") == f"{page_file}#{anchor}"  # relative to the index page: the root


@needs_chromium
def test_keyboard_only_slash_focuses_arrows_pick_escape_closes_enter_opens(
    reader: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]
) -> None:
    site = reader("ranked")
    page = site.open("api/things/create.html")
    box = page.locator('input[type="search"]')
    page.keyboard.press("/")
    assert box.evaluate("element => element === document.activeElement")
    page.keyboard.type("lock")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator('[role="option"]')
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    active = box.get_attribute("aria-activedescendant")
    assert active == options.nth(0).get_attribute("id")
    assert page.locator(f"[id='{active}']").get_attribute("aria-selected") == "true"
    assert page.locator('[role="listbox"] [aria-selected="true"]').count() == 1
    page.keyboard.press("ArrowUp")  # from the first, round to the last
    assert box.get_attribute("aria-activedescendant") == options.nth(options.count() - 1).get_attribute("id")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and not page.locator('[role="listbox"]').is_visible()
    page.keyboard.press("ArrowDown")  # opens the list again, on the first result
    page.keyboard.press("Enter")
    page.wait_for_url("**/api/things/index.html#property-lock")


@needs_chromium
def test_exact_names_rank_before_prefixes_before_substrings(reader: Any) -> None:
    site = reader("ranked")
    page = site.open("index.html")
    page.fill('input[type="search"]', "LOCK")
    names = [text.split("\n")[1] for text in site.results()]
    assert names == list(RANKED)


@needs_chromium
def test_at_most_twenty_results_and_a_path_with_slashes_finds_its_endpoint(
    reader: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]
) -> None:
    index = search_index(sites["60 endpoints"][1])
    matching = [
        entry
        for entry in index["entries"]
        if "items" in " ".join([entry[3], *entry[5:], "" if entry[2] else index["pages"][entry[1]][1]]).casefold()
    ]
    assert len(matching) > 20
    site = reader("60 endpoints")
    page = site.open("index.html")
    page.fill('input[type="search"]', "items")
    assert len(site.results()) == 20
    status = page.locator('[role="search"] [role="status"]')
    assert status.inner_text() == f"{len(matching)} results, the first 20 shown"
    page.locator('input[type="search"]').fill("")
    page.locator('input[type="search"]').type("/items/x")  # "/" is typed, not taken for the shortcut
    assert page.locator('input[type="search"]').input_value() == "/items/x"
    assert site.results()[0].split("\n")[:2] == ["ENDPOINT", "/items/x"]


@needs_chromium
def test_a_hostile_name_is_shown_as_text_and_runs_nothing(reader: Any) -> None:
    site = reader("hostile")
    page = site.open("api/things/index.html")
    page.fill('input[type="search"]', "alert(1)")
    texts = page.locator('[role="option"] .text').all_inner_texts()
    assert HOSTILE.replace("\u2028", "") in [text.replace("\u2028", "") for text in texts]
    assert page.locator('[role="listbox"] img, [role="listbox"] script').count() == 0


@needs_chromium
def test_without_javascript_the_box_is_hidden_and_the_page_still_links_everything(reader: Any) -> None:
    site = reader("our spec", javascript=False)
    page = site.open("api/action_attempts/get.html")
    assert not page.locator('[role="search"]').is_visible()
    assert page.locator('a[href="../../index.html"]').count() >= 1


@needs_chromium
def test_without_resources_a_body_property_a_nested_one_and_a_response_enum_value_are_found(
    reader: Any, sites: dict[str, tuple[Path, dict[str, str], Api]]
) -> None:
    listed = entries(search_index(sites["no resources"][1]))
    assert ("property", "api/orders/create_order.html", "body-amount", "amount", "request body") in listed
    assert (
        "enum value",
        "api/orders/create_order.html",
        "response-200-ok-status-succeeded",
        "succeeded",
        "status",
    ) in listed
    nested = ("property", "api/orders/create_order.html", "response-200-ok-shipping.timezone", "timezone", "shipping")
    assert nested in listed
    site = reader("no resources")
    page = site.open("index.html")
    for text, kind, anchor in (
        ("amount", "PROPERTY", "body-amount"),
        ("succeeded", "ENUM VALUE", "response-200-ok-status-succeeded"),
        ("timezone", "PROPERTY", "response-200-ok-shipping.timezone"),
    ):
        page.fill('input[type="search"]', text)
        assert site.results()[0].split("\n")[:2] == [kind, text]
        page.press('input[type="search"]', "Enter")
        page.wait_for_url(f"**/api/orders/create_order.html#{anchor}")
        assert page.locator(f"[id='{anchor}']").count() == 1


@needs_chromium
def test_the_index_loads_when_the_box_is_first_used_not_with_every_page(reader: Any) -> None:
    """A thousand-page API's index is a megabyte: opening a page must not fetch it, focusing the box does."""
    site = reader("our spec")
    requested: list[str] = []
    site.page.on("request", lambda request: requested.append(request.url))
    page = site.open("api/action_attempts/get.html")
    page.wait_for_load_state("load")
    assert not [url for url in requested if url.endswith("/search-index.js")]
    page.focus('input[type="search"]')
    page.wait_for_function("typeof SEARCH_INDEX !== 'undefined'")
    assert [url for url in requested if url.endswith("/assets/search-index.js")]
