"""List endpoints that take a cursor give every item across pages: ``client.paginate(method, ...)``.

Pages come from a real server on 127.0.0.1 (``scripted``), sync and async; what pages, and where the
next cursor is, comes from the spec (Seam's ``page_cursor`` and ``pagination.next_page_cursor`` by
default, ``x-seamgen.pagination`` otherwise).
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml

from seamgen.build import build
from seamgen.loader import load
from tests.conftest import assert_ruff_and_mypy_clean, generate_package, import_package
from tests.servers import Reply, scripted

SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Widgets API, version: "1.0"}
    servers: [{url: "https://widgets.test"}]
    security: [{api_key: []}]
    paths:
      /widgets/list:
        get:
          operationId: widgets_list
          tags: [widgets]
          parameters:
            - {name: color, in: query, schema: {type: string}}
            - {name: page_cursor, in: query, schema: {type: [string, "null"]}}
          x-response-key: widgets
          responses:
            "200":
              description: A page of widgets.
              content:
                application/json:
                  schema:
                    type: object
                    required: [widgets, pagination]
                    properties:
                      widgets: {type: array, items: {$ref: "#/components/schemas/Widget"}}
                      pagination: {$ref: "#/components/schemas/Pagination"}
      /widgets/get:
        get:
          operationId: widgets_get
          tags: [widgets]
          parameters:
            - {name: widget_id, in: query, required: true, schema: {type: string}}
          x-response-key: widget
          responses:
            "200":
              description: One widget.
              content:
                application/json:
                  schema:
                    type: object
                    properties: {widget: {$ref: "#/components/schemas/Widget"}}
    components:
      securitySchemes:
        api_key: {type: http, scheme: bearer}
      schemas:
        Widget:
          type: object
          required: [widget_id]
          properties: {widget_id: {type: string}}
        Pagination:
          type: object
          properties:
            next_page_cursor: {type: [string, "null"]}
            has_next_page: {type: boolean}
    """
)


def page(ids: list[str], cursor: str | None) -> dict[str, Any]:
    return {"widgets": [{"widget_id": i} for i in ids], "pagination": {"next_page_cursor": cursor}}


PAGES = [page(["w1", "w2"], "c2"), page(["w3"], "c3"), page(["w4"], None)]


@pytest.fixture(scope="module")
def widgets(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package(generate_package(tmp_path_factory.mktemp("widgets"), SPEC), "widgets_api")


def every_item(widgets: ModuleType, url: str, mode: str, method: str = "list", **arguments: Any) -> list[Any]:
    """What ``paginate`` yields, through the sync or the async client."""
    if mode == "sync":
        with widgets.Widgets(api_key="k", endpoint=url) as client:
            return list(client.paginate(getattr(client.widgets, method), **arguments))

    async def run() -> list[Any]:
        async with widgets.AsyncWidgets(api_key="k", endpoint=url) as client:
            return [item async for item in client.paginate(getattr(client.widgets, method), **arguments)]

    return asyncio.run(run())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_paginate_follows_the_cursor_to_the_last_page(widgets: ModuleType, mode: str) -> None:
    with scripted(*(Reply(200, body) for body in PAGES)) as (url, script):
        found = every_item(widgets, url, mode, color="red")
    assert [item.widget_id for item in found] == [w["widget_id"] for body in PAGES for w in body["widgets"]]
    queries = [parse_qs(request["query"]) for request in script.requests]
    assert [query.get("page_cursor") for query in queries] == [None, ["c2"], ["c3"]]
    assert all(query["color"] == ["red"] for query in queries), "every page keeps the caller's arguments"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_paginate_starts_from_the_cursor_given(widgets: ModuleType, mode: str) -> None:
    with scripted(Reply(200, PAGES[-1])) as (url, script):
        found = every_item(widgets, url, mode, page_cursor="c3")
    assert [item.widget_id for item in found] == ["w4"]
    assert [parse_qs(request["query"]) for request in script.requests] == [{"page_cursor": ["c3"]}]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_method_that_does_not_page_is_refused_before_any_request(widgets: ModuleType, mode: str) -> None:
    with scripted(Reply(200, PAGES[0])) as (url, script), pytest.raises(TypeError, match="does not page"):
        every_item(widgets, url, mode, method="get", widget_id="w1")
    assert script.requests == []


def paged_endpoints(tmp_path: Path, document: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]] | None]:
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    api = build(load(tmp_path / "openapi.yaml"))
    return {
        str(e.name): (str(e.pagination.cursor_name), tuple(map(str, e.pagination.next_cursor))) if e.pagination else None
        for e in api.endpoints
    }


def test_the_cursor_and_its_path_are_settings_of_the_spec(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC)
    assert paged_endpoints(tmp_path, document) == {
        "list": ("page_cursor", ("pagination", "next_page_cursor")),
        "get": None,
    }
    document["x-seamgen"] = {"pagination": {"cursor-parameter": "after", "next-cursor": "meta.next"}}
    assert paged_endpoints(tmp_path, document) == {"list": None, "get": None}, "Seam's names no longer page"
    operation = document["paths"]["/widgets/list"]["get"]
    operation["parameters"][1]["name"] = "after"
    listed = operation["responses"]["200"]["content"]["application/json"]["schema"]
    listed["properties"]["meta"] = {"type": "object", "properties": {"next": {"type": ["string", "null"]}}}
    assert paged_endpoints(tmp_path, document) == {"list": ("after", ("meta", "next")), "get": None}


def feed_spec() -> str:
    """SPEC with other names: ``after`` takes the cursor, ``meta.next`` says where the next page starts,
    and the method returns the whole page, its items in ``data``."""
    document = yaml.safe_load(SPEC)
    document["x-seamgen"] = {"pagination": {"cursor-parameter": "after", "next-cursor": "meta.next", "items": "data"}}
    operation = document["paths"]["/widgets/list"]["get"]
    operation["parameters"][1]["name"] = "after"
    del operation["x-response-key"]
    operation["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}},
            "meta": {"type": "object", "properties": {"next": {"type": ["string", "null"]}}},
        },
    }
    return yaml.safe_dump(document)


@pytest.fixture(scope="module")
def feeds_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_package(tmp_path_factory.mktemp("feeds"), feed_spec(), "widget_feeds")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_items_may_sit_inside_the_page(feeds_src: Path, mode: str) -> None:
    feeds = import_package(feeds_src, "widget_feeds")
    bodies = [
        {"data": [{"widget_id": "w1"}, {"widget_id": "w2"}], "meta": {"next": "n2"}},
        {"data": [{"widget_id": "w3"}], "meta": {"next": None}},
    ]
    with scripted(*(Reply(200, body) for body in bodies)) as (url, script):
        found = every_item(feeds, url, mode, color="red")
    assert [item.widget_id for item in found] == ["w1", "w2", "w3"]
    assert [parse_qs(request["query"]).get("after") for request in script.requests] == [None, ["n2"]]


def test_the_packages_and_their_users_are_ruff_and_mypy_strict_clean(feeds_src: Path, tmp_path: Path) -> None:
    """``paginate`` types the items of a method that returns a list, and takes any method that pages."""
    (feeds_src / "uses.py").write_text(
        textwrap.dedent(
            """\
            from widget_feeds import AsyncWidgets, Widgets


            def every(client: Widgets) -> list[object]:
                return list(client.paginate(client.widgets.list, color="red"))


            async def first(client: AsyncWidgets) -> object:
                async for item in client.paginate(client.widgets.list):
                    return item
                return None
            """
        ),
        encoding="utf-8",
    )
    assert_ruff_and_mypy_clean(feeds_src, "widget_feeds", "uses")
    widgets = generate_package(tmp_path, SPEC)
    (widgets / "uses.py").write_text(
        textwrap.dedent(
            """\
            from widgets_api import Widgets


            def ids(client: Widgets) -> list[str]:
                return [widget.widget_id for widget in client.paginate(client.widgets.list, color="red")]
            """
        ),
        encoding="utf-8",
    )
    assert_ruff_and_mypy_clean(widgets, "widgets_api", "uses")
