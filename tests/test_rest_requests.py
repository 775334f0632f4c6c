"""Requests as the spec says, seen by a real server on 127.0.0.1: parameter styles (query, header,
cookie), form and multipart bodies, the JSON body when several are offered, and a union body that
is checked before it is sent. Each expectation is the spelling OpenAPI gives the style the spec names.
"""

from __future__ import annotations

import asyncio
import email
import io
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pytest

from seamgen.lint.client import requests_supported
from seamgen.lint.context import Context
from seamgen.loader import load
from tests.conftest import assert_ruff_and_mypy_clean, generate_package, import_package, locate
from tests.servers import Reply, scripted

SHOP = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Shop API, version: "1"}
    servers: [{url: https://api.example.com}]
    paths:
      /items/{item_id}:
        get:
          operationId: itemsGet
          tags: [items]
          parameters:
            - {name: item_id, in: path, required: true, schema: {type: string}}
            - {name: tags, in: query, schema: {type: array, items: {type: string}}}
            - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
            - {name: words, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}
            - {name: pipes, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
            - {name: color, in: query, explode: false, schema: {$ref: "#/components/schemas/Color"}}
            - {name: point, in: query, schema: {type: object, properties: {x: {type: integer}, y: {type: integer}}}}
            - name: filter
              in: query
              style: deepObject
              explode: true
              schema: {type: object, additionalProperties: true}
            - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
            - {name: X-Color, in: header, explode: true, schema: {$ref: "#/components/schemas/Color"}}
            - {name: session, in: cookie, schema: {type: string}}
            - {name: prefs, in: cookie, explode: false, schema: {type: array, items: {type: string}}}
          responses:
            "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
      /profiles/{profile_id}:
        patch:
          operationId: profilesUpdate
          tags: [profiles]
          parameters: [{name: profile_id, in: path, required: true, schema: {type: string}}]
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    nickname: {type: [string, "null"]}
                    age: {type: integer}
          responses: {"204": {description: Updated}}
      /batches/{ids}:
        get:
          operationId: batchesGet
          tags: [batches]
          parameters:
            - {name: ids, in: path, required: true, schema: {type: array, items: {type: string}}}
          responses: {"204": {description: Found}}
      /customers:
        post:
          operationId: customersCreate
          tags: [customers]
          requestBody:
            content:
              application/x-www-form-urlencoded:
                schema:
                  type: object
                  required: [email]
                  properties:
                    email: {type: string}
                    metadata: {type: object, additionalProperties: {type: string}}
                    items: {type: array, items: {type: object, additionalProperties: true}}
                    expand: {type: array, items: {type: string}}
                    tax_exempt: {type: boolean}
                encoding:
                  metadata: {style: deepObject, explode: true}
                  items: {style: deepObject, explode: true}
                  expand: {style: deepObject, explode: true}
          responses:
            "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
      /uploads:
        post:
          operationId: uploadsCreate
          tags: [uploads]
          requestBody:
            content:
              multipart/form-data:
                schema:
                  type: object
                  required: [file]
                  properties:
                    file: {type: string, format: binary}
                    extra: {type: array, items: {type: string, format: binary}}
                    purpose: {type: string}
                    pages: {type: integer}
                    meta: {type: object, additionalProperties: true}
          responses: {"204": {description: Uploaded}}
      /notes:
        post:
          operationId: notesCreate
          tags: [notes]
          requestBody:
            content:
              application/x-www-form-urlencoded: {schema: {type: object, properties: {text: {type: string}}}}
              application/json: {schema: {type: object, properties: {text: {type: string}}}}
          responses: {"204": {description: Created}}
      /albums:
        put:
          operationId: albumsSave
          tags: [albums]
          parameters: [{name: ids, in: query, schema: {type: string}}]
          requestBody:
            content:
              application/json: {schema: {type: object, properties: {ids: {type: array, items: {type: string}}}}}
          responses: {"204": {description: Saved}}
      /pets:
        post:
          operationId: petsCreate
          tags: [pets]
          requestBody:
            required: true
            content:
              application/json:
                schema: {oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]}
          responses: {"204": {description: Created}}
    components:
      schemas:
        Item: {type: object, properties: {id: {type: string}}}
        Color: {type: object, properties: {R: {type: integer}, G: {type: integer}}}
        Cat: {type: object, required: [meows], properties: {meows: {type: boolean}}}
        Dog: {type: object, required: [barks], properties: {barks: {type: boolean}}}
    """
)
ITEM = {"id": "i1"}


@pytest.fixture(scope="module")
def shop_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_package(tmp_path_factory.mktemp("shop"), SHOP)


@pytest.fixture(scope="module")
def shop(shop_src: Path) -> ModuleType:
    return import_package(shop_src, "shop_api")


def test_the_package_is_ruff_and_mypy_strict_clean(shop_src: Path) -> None:
    """Styles, files, union bodies and nullable arguments (``UNSET`` by default) are typed."""
    assert_ruff_and_mypy_clean(shop_src, "shop_api")


def both(shop: ModuleType, url: str, calls: Callable[[Any], Any]) -> None:
    """Run ``calls`` with the sync client, then (awaiting each call) with the async one."""
    with shop.Shop(api_key="key", endpoint=url, max_retries=0) as client:
        calls(client)

    async def run() -> None:
        async with shop.AsyncShop(api_key="key", endpoint=url, max_retries=0) as client:
            for pending in calls(client) or ():
                await pending

    asyncio.run(run())


def test_parameters_are_spelled_in_their_styles(shop: ModuleType) -> None:
    def calls(client: Any) -> list[Any]:
        return [
            client.items.get(
                item_id="a/b c",
                tags=["a", "b"],
                ids=[1, 2],
                words=["x", "y"],
                pipes=["p", "q"],
                color=shop.Color(R=100, G=200),
                point={"x": 1, "y": 2},
                filter={"status": "open", "price": {"gte": 5}, "ids": ["a", "b"]},
                x_ids=[1, 2],
                x_color={"R": 1, "G": 2},
                session="s 1;",
                prefs=["a", "b"],
            )
        ]

    with scripted(Reply(200, ITEM)) as (url, server):
        both(shop, url, calls)
    assert len(server.requests) == 2 and server.requests[0] == server.requests[1]
    [request, _] = server.requests
    assert (request["method"], request["raw_path"]) == ("GET", "/items/a%2Fb%20c")
    assert parse_qsl(request["query"]) == [
        ("tags", "a"), ("tags", "b"),  # form, exploded: repeated keys
        ("ids", "1,2"),  # form, not exploded: commas
        ("words", "x y"),  # spaceDelimited
        ("pipes", "p|q"),  # pipeDelimited
        ("color", "R,100,G,200"),  # an object, not exploded: keys and values
        ("x", "1"), ("y", "2"),  # an object, exploded: its properties
        ("filter[status]", "open"), ("filter[price][gte]", "5"), ("filter[ids][0]", "a"), ("filter[ids][1]", "b"),
    ]  # fmt: skip
    assert request["headers"]["x-ids"] == "1,2"  # simple
    assert request["headers"]["x-color"] == "R=1,G=2"  # simple, exploded
    assert request["headers"]["cookie"] == "session=s%201%3B; prefs=a,b"  # form; no ; or space in a value


@pytest.mark.parametrize(
    ("item_id", "raw_path"),
    [
        ("..", "/items/%2E%2E"),  # a dot segment would climb out of /items
        (".", "/items/%2E"),
        ("a/../b?c#d", "/items/a%2F..%2Fb%3Fc%23d"),
        ("x..y", "/items/x..y"),  # dots inside a value are no segment of their own
    ],
)
def test_a_path_argument_cannot_change_the_path(shop: ModuleType, item_id: str, raw_path: str) -> None:
    with scripted(Reply(200, ITEM)) as (url, server):
        both(shop, url, lambda client: [client.items.get(item_id=item_id)])
    assert [request["raw_path"] for request in server.requests] == [raw_path, raw_path]


def test_an_array_path_argument_is_spelled_simple(shop: ModuleType) -> None:
    with scripted(Reply(204)) as (url, server):
        both(shop, url, lambda client: [client.batches.get(ids=["a", "b/c", "d,e"])])
    assert [request["raw_path"] for request in server.requests] == ["/batches/a,b%2Fc,d,e"] * 2


def test_none_clears_a_nullable_field_and_is_not_sent_for_another(shop: ModuleType) -> None:
    with scripted(Reply(204)) as (url, server):
        both(shop, url, lambda client: [client.profiles.update(profile_id="p1", nickname=None, age=None)])
        both(shop, url, lambda client: [client.profiles.update(profile_id="p1", age=3)])
    bodies = [json.loads(request["body"]) for request in server.requests]
    assert bodies == [{"nickname": None}] * 2 + [{"age": 3}] * 2  # nickname left out: UNSET, not sent


def test_a_query_parameter_and_a_body_property_of_one_name_are_both_sent(shop: ModuleType) -> None:
    """Spotify's save-albums takes ``ids`` in the query string or the body: both reach the method, the
    body's as ``ids_body``; neither is dropped (the body's was, silently)."""
    with scripted(Reply(204)) as (url, server):
        both(shop, url, lambda client: [client.albums.save(ids="a,b", ids_body=["c"])])
    assert [(request["path"], request["query"]) for request in server.requests] == [("/albums", "ids=a%2Cb")] * 2
    assert [json.loads(request["body"]) for request in server.requests] == [{"ids": ["c"]}] * 2


def test_form_body_nests_fields_as_its_encoding_says(shop: ModuleType) -> None:
    def calls(client: Any) -> list[Any]:
        return [
            client.customers.create(
                email="a+b@example.com",
                metadata={"order": "7", "note": "a&b"},
                items=[{"price": "p1", "quantity": 2}],
                expand=["customer"],
                tax_exempt=False,
            )
        ]

    with scripted(Reply(200, ITEM)) as (url, server):
        both(shop, url, calls)
    for request in server.requests:
        assert (request["method"], request["path"], request["query"]) == ("POST", "/customers", "")
        assert request["headers"]["content-type"] == "application/x-www-form-urlencoded"
        assert parse_qsl(request["body"].decode(), strict_parsing=True) == [
            ("email", "a+b@example.com"),
            ("metadata[order]", "7"), ("metadata[note]", "a&b"),
            ("items[0][price]", "p1"), ("items[0][quantity]", "2"),
            ("expand[0]", "customer"),
            ("tax_exempt", "false"),
        ]  # fmt: skip


def parts(request: dict[str, Any]) -> list[tuple[str, str | None, str, bytes]]:
    """``(name, file name, content type, content)`` of each part of a multipart body."""
    head = f"Content-Type: {request['headers']['content-type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request["body"])
    assert message.get_content_type() == "multipart/form-data"
    return [
        (str(part.get_param("name", header="content-disposition")), part.get_filename(), part.get_content_type(),
         part.get_payload(decode=True))
        for part in message.get_payload()
    ]  # fmt: skip


def test_multipart_body_uploads_files_and_sends_other_fields_as_text(shop: ModuleType, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1")

    def calls(client: Any) -> list[Any]:
        extra = [io.BytesIO(b"two"), scan]
        return [client.uploads.create(file=b"\x00\x01", extra=extra, purpose="avatar", pages=3, meta={"a": [1]})]

    with scripted(Reply(204)) as (url, server):
        both(shop, url, calls)
    for request in server.requests:
        assert parts(request) == [
            ("file", "file", "application/octet-stream", b"\x00\x01"),
            ("extra", "extra", "application/octet-stream", b"two"),  # a file object without a name: the field's
            ("extra", "scan.pdf", "application/pdf", b"%PDF-1"),
            ("purpose", None, "text/plain", b"avatar"),
            ("pages", None, "text/plain", b"3"),
            ("meta", None, "application/json", b'{"a": [1]}'),
        ]


def test_json_is_sent_where_the_spec_offers_it_beside_a_form(shop: ModuleType) -> None:
    with scripted(Reply(204)) as (url, server):
        both(shop, url, lambda client: [client.notes.create(text="hi")])
    for request in server.requests:
        assert request["headers"]["content-type"] == "application/json"
        assert json.loads(request["body"]) == {"text": "hi"}


def test_a_union_body_is_one_of_its_models_or_nothing_is_sent(shop: ModuleType) -> None:
    with scripted(Reply(204)) as (url, server):
        both(
            shop,
            url,
            lambda client: [
                client.pets.create(body=shop.Cat(meows=True)),
                client.pets.create(body=shop.Dog(barks=False)),
            ],
        )
        with (
            shop.Shop(api_key="key", endpoint=url) as client,
            pytest.raises(TypeError, match=r"body must be Cat or Dog .*not dict"),
        ):
            client.pets.create(body={"meows": True})
    assert [json.loads(r["body"]) for r in server.requests] == [{"meows": True}, {"barks": False}] * 2
    resources = Path(shop.__file__).with_name("resources.py").read_text()
    assert "body: Cat | Dog," in resources


LIMITS = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Limits, version: "1"}
    paths:
      /reports/{id}:
        post:
          parameters:
            - {name: id, in: path, required: true, style: matrix, schema: {type: string}}
            - {name: q, in: query, content: {application/json: {schema: {type: object}}}}
            - {name: ids, in: header, style: form, schema: {type: array, items: {type: string}}}
          requestBody:
            content: {application/xml: {schema: {type: object}}}
          responses: {"204": {description: Done}}
    """
)


def test_what_the_client_cannot_send_is_a_warning_at_it(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SHOP, encoding="utf-8")
    assert list(requests_supported.check(Context(load(tmp_path / "shop.yaml")))) == []
    (tmp_path / "limits.yaml").write_text(LIMITS, encoding="utf-8")
    found = list(requests_supported.check(Context(load(tmp_path / "limits.yaml"))))
    assert [(d.line, d.severity, d.rule) for d in found] == [
        (locate(LIMITS, "content: {application/xml")[0], "warning", "request-supported"),
        (locate(LIMITS, "style: matrix")[0], "warning", "request-supported"),
        (locate(LIMITS, "name: q")[0], "warning", "request-supported"),
        (locate(LIMITS, "style: form")[0], "warning", "request-supported"),
    ]
    assert "application/xml" in found[0].message
    assert "'id' in the style 'matrix'" in found[1].message
    assert "'q' described by a media type" in found[2].message
    assert "header parameter 'ids' in the style 'form'" in found[3].message
