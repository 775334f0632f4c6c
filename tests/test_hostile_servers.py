"""Hostile requests to `seamgen mock` and `seamgen docs serve`, sent over raw sockets to real servers on
127.0.0.1: bad encodings, deep and huge bodies, half-sent requests, keys, symlinks out of the site.
Every answer is a 4xx in the spec's own error format (Seam's envelope for our spec); no traceback."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from seamgen.build import build
from seamgen.loader import load
from seamgen.mock.limits import Limits
from seamgen.mock.serve import mock_api, running
from tests.conftest import ROOT, SPEC, Run

KEY = "k"
SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"
ATTEMPT = {"action_attempt_id": "n1", "status": "pending", "action_type": "LOCK_DOOR", "result": None, "error": None}
SHORT = 0.5
"""Seconds to send a request in the tests of deadlines."""


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    spec = load(SPEC)
    limits = Limits(read_seconds=SHORT)
    with running(mock_api(build(spec), spec, api_key=KEY, limits=limits).app, read_seconds=SHORT) as url:
        yield url


def connect(url: str, timeout: float = 5) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((str(parts.hostname), int(parts.port or 80)), timeout=timeout)


def exchange(url: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as it is; the status, headers and body of the answer."""
    with connect(url) as sock:
        sock.sendall(data)
        return answer(sock)


def answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    response = http.client.HTTPResponse(sock)
    response.begin()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def post(path: str, body: bytes, *, key: str | None = KEY, kind: str = "application/json") -> bytes:
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = f"POST {path} HTTP/1.1\r\nHost: mock\r\n{auth}Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
    return (head + "Connection: close\r\n\r\n").encode() + body


def seam_error(status: int, headers: dict[str, str], body: bytes, expected: int, kind: str) -> dict[str, Any]:
    """Seam's envelope with ``kind``, its request id also in the header."""
    assert status == expected, body
    assert headers["content-type"] == "application/json"
    data = json.loads(body)
    assert data["ok"] is False and data["error"]["type"] == kind
    assert data["error"]["request_id"] == headers["seam-request-id"]
    error: dict[str, Any] = data["error"]
    return error


GET = b'{"action_attempt_id": "%s"}'
HOSTILE_JSON = {
    "not UTF-8": (b'{"action_attempt_id": "\xff\xfe"}', "not UTF-8"),
    "lone surrogate": (b'{"action_attempt_id": "\\ud800"}', "lone surrogate"),
    "surrogate in a key": (b'{"\\udfff": 1, "action_attempt_id": "x"}', "lone surrogate"),
    "5,000 levels of arrays": (b"[" * 5000 + b"]" * 5000, "deeper than 64"),
    "5,000 levels in a property": (b'{"action_attempt_id": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5001, "deeper than 64"),
    "100 levels": (b'{"action_attempt_id": ' + b"[" * 100 + b"]" * 100 + b"}", "deeper than 64"),
    "5,000-digit integer": (b'{"action_attempt_id": ' + b"9" * 5000 + b"}", "more than 4300 digits"),
    "NaN": (b'{"action_attempt_id": NaN}', "NaN is not a JSON number"),
    "infinite number": (b'{"action_attempt_id": 1e999}', "too large a number"),
    "truncated": (b'{"action_attempt_id": "', "not valid JSON"),
}


@pytest.mark.parametrize("path", ["/action_attempts/get", "/_mock/action_attempts"])
@pytest.mark.parametrize("case", list(HOSTILE_JSON))
def test_malformed_json_is_400_invalid_input_in_seams_envelope(mock: str, path: str, case: str) -> None:
    body, reason = HOSTILE_JSON[case]
    error = seam_error(*exchange(mock, post(path, body)), 400, "invalid_input")
    assert reason in error["message"]
    assert error["validation_errors"] == {"_errors": [error["message"]]}


def test_the_mock_still_answers_after_hostile_bodies(mock: str) -> None:
    status, _, body = exchange(mock, post("/action_attempts/get", GET % SEED_ID.encode()))
    assert status == 200 and json.loads(body)["action_attempt"]["action_attempt_id"] == SEED_ID


def test_mock_endpoints_need_the_api_key_when_one_is_set(mock: str) -> None:
    entry = json.dumps({"object": ATTEMPT}).encode()
    for key in (None, "wrong"):
        seam_error(*exchange(mock, post("/_mock/action_attempts", entry, key=key)), 401, "unauthorized")
    status, _, _ = exchange(mock, post("/action_attempts/get", GET % b"n1"))
    assert status == 404  # nothing was stored
    status, _, body = exchange(mock, post("/_mock/action_attempts", entry))
    assert status == 201 and json.loads(body) == ATTEMPT


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"object": {**ATTEMPT, "action_attempt_id": "n2", "status": 5}}, "is not valid under any"),
        ({"object": {**ATTEMPT, "action_attempt_id": "n2", "action_type": "BAKE_CAKE"}}, "BAKE_CAKE"),
        ({"object": {"action_attempt_id": "n2", "status": "pending"}}, "is not valid under any"),
        ({"object": {**ATTEMPT, "action_attempt_id": "n2"}, "after": 1, "then": {"status": "exploded"}}, "exploded"),
    ],
    ids=["mistyped status", "unknown enum value", "missing properties", "settles into an invalid object"],
)
def test_stored_objects_are_validated_against_the_resource_schema(
    mock: str, entry: dict[str, Any], reason: str
) -> None:
    error = seam_error(
        *exchange(mock, post("/_mock/action_attempts", json.dumps(entry).encode())), 400, "invalid_input"
    )
    assert reason in error["message"]
    status, _, _ = exchange(mock, post("/action_attempts/get", GET % b"n2"))
    assert status == 404


def test_a_body_over_the_limit_is_413_before_it_is_read(mock: str) -> None:
    head = post("/action_attempts/get", b"").replace(b"Content-Length: 0", b"Content-Length: 40000000")
    started = time.monotonic()
    error = seam_error(*exchange(mock, head), 413, "payload_too_large")  # the 40 MB are never sent
    assert "1048576 bytes" in error["message"] and time.monotonic() - started < SHORT


def test_a_chunked_body_over_the_limit_is_413(mock: str) -> None:
    head = b"POST /action_attempts/get HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer k\r\n"
    head += b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
    with connect(mock) as sock:
        sock.sendall(head)
        try:
            for _ in range(17):  # just over 1 MiB
                sock.sendall(chunk)
        except OSError:
            pass  # the server answered and closed while we were still sending
        status, headers, body = answer(sock)
    seam_error(status, headers, body, 413, "payload_too_large")
    assert headers["connection"] == "close"


def test_a_body_sent_too_slowly_is_408(mock: str) -> None:
    request = post("/action_attempts/get", GET % SEED_ID.encode())
    with connect(mock) as sock:
        sock.sendall(request[:-5])  # the head and most of the body; the rest never comes
        started = time.monotonic()
        status, headers, body = answer(sock)
    seam_error(status, headers, body, 408, "request_timeout")
    assert SHORT * 0.8 < time.monotonic() - started < SHORT + 2


def test_half_sent_and_silent_connections_are_closed_so_real_clients_get_in(mock: str) -> None:
    idle = [connect(mock) for _ in range(300)]
    for index, sock in enumerate(idle):
        if index % 2:
            sock.sendall(b"GET /action_attempts/get?action_attempt_id=x HTTP/1.1\r\nHost: mo")
    try:
        time.sleep(SHORT + 1)
        for sock in idle:
            sock.settimeout(2)
            assert sock.recv(1) == b""  # closed by the server, not waiting for ever
        status, _, _ = exchange(mock, post("/action_attempts/get", GET % SEED_ID.encode()))
        assert status == 200
    finally:
        for sock in idle:
            sock.close()


def test_an_unsupported_method_is_405_with_allow_in_seams_envelope(mock: str) -> None:
    request = b"PUT /action_attempts/get HTTP/1.1\r\nHost: mock\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    status, headers, body = exchange(mock, request)
    seam_error(status, headers, body, 405, "method_not_allowed")
    assert set(headers["allow"].split(", ")) == {"GET", "POST"}


REST = """\
openapi: 3.1.0
info: {title: Shelf, version: "1"}
paths:
  /books:
    get:
      parameters: [{name: limit, in: query, required: true, schema: {type: integer}}]
      responses:
        "200": {description: Books., content: {application/json: {schema: {type: array}}}}
        "400": {$ref: "#/components/responses/Problem"}
    post:
      requestBody:
        content:
          application/json: {schema: {type: object}}
          multipart/form-data: {schema: {type: object, properties: {meta: {type: object}}}}
      responses:
        "201": {description: Added., content: {application/json: {schema: {type: object}}}}
        "400": {$ref: "#/components/responses/Problem"}
components:
  responses:
    Problem:
      description: Invalid.
      content: {application/problem+json: {example: {title: Invalid request, status: 400}}}
"""


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("shelf") / "shelf.yaml"
    path.write_text(REST)
    spec = load(path)
    with running(mock_api(build(spec), spec).app) as url:
        yield url


def multipart(part: bytes) -> bytes:
    disposition = b'Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n'
    return b"--b\r\n" + disposition + part + b"\r\n--b--\r\n"


@pytest.mark.parametrize(
    "request_bytes",
    [
        post("/books", HOSTILE_JSON["lone surrogate"][0], key=None),
        post("/books", HOSTILE_JSON["5,000 levels of arrays"][0], key=None),
        post("/books", HOSTILE_JSON["infinite number"][0], key=None),
        post("/books", multipart(b"[" * 5000 + b"]" * 5000), key=None, kind="multipart/form-data; boundary=b"),
        b"GET /books?limit=" + b"9" * 5000 + b" HTTP/1.1\r\nHost: shelf\r\nConnection: close\r\n\r\n",
        b"GET /books?limit=%C2%B2 HTTP/1.1\r\nHost: shelf\r\nConnection: close\r\n\r\n",  # a superscript two
    ],
    ids=["lone surrogate", "deep JSON", "infinite number", "deep JSON part", "5,000-digit query integer", "digit ²"],
)
def test_other_specs_get_their_documented_error_body(shelf: str, request_bytes: bytes) -> None:
    status, headers, body = exchange(shelf, request_bytes)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body) == {"title": "Invalid request", "status": 400}


def test_other_specs_get_413_as_text_where_they_document_no_body(shelf: str) -> None:
    head = post("/books", b"", key=None).replace(b"Content-Length: 0", b"Content-Length: 2000000")
    status, headers, body = exchange(shelf, head)
    assert status == 413 and headers["content-type"].startswith("text/plain")
    assert body == b"the request body is larger than 1048576 bytes"


# The docs server


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """``out/docs/html`` with pages, a folder without an index, and symlinks out of the site."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret")
    (outside / "folder" / "index.html").write_text("secret index")
    html = tmp_path / "out" / "docs" / "html"
    (html / "api" / "empty").mkdir(parents=True)
    (html / "index.html").write_text("<p>home</p>")
    (html / "api" / "index.html").write_text("<p>api</p>")
    (html / "api" / "page.html").write_text("<p>page</p>")
    (html / "api" / "same.html").symlink_to(html / "api" / "page.html")
    (html / "passwd").symlink_to("/etc/passwd")
    (html / "secret.txt").symlink_to(outside / "secret.txt")
    (html / "linked").symlink_to(outside / "folder")
    (html / "api" / "empty" / "index.htm").symlink_to(outside / "secret.txt")
    os.mkfifo(html / "fifo")
    return tmp_path / "out"


@pytest.fixture
def docs_serve(site: Path) -> Iterator[Callable[..., tuple[str, subprocess.Popen[str]]]]:
    """Start `seamgen docs serve` on ``site``; yields its URL and process (stopped afterwards)."""
    started: list[subprocess.Popen[str]] = []

    def start(*options: str) -> tuple[str, subprocess.Popen[str]]:
        command = [sys.executable, "-m", "seamgen", "docs", "serve", "--port", "0", "--out", str(site), *options]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        started.append(process)
        assert process.stdout is not None
        return process.stdout.readline().split()[3], process

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def get(url: str, path: bytes) -> tuple[int, bytes]:
    status, _, body = exchange(url, b"GET " + path + b" HTTP/1.1\r\nHost: docs\r\nConnection: close\r\n\r\n")
    return status, body


def test_docs_serve_serves_only_regular_files_inside_the_site(docs_serve: Callable[..., Any]) -> None:
    url, process = docs_serve()
    assert get(url, b"/") == (200, b"<p>home</p>")
    assert get(url, b"/api/") == (200, b"<p>api</p>")
    assert get(url, b"/api/page.html") == (200, b"<p>page</p>")
    assert get(url, b"/api/same.html") == (200, b"<p>page</p>")  # a symlink within the site is fine
    for path in (b"/passwd", b"/secret.txt", b"/linked/", b"/linked/index.html", b"/api/empty/", b"/fifo"):
        status, body = get(url, path)
        assert status == 404, path
        assert b"secret" not in body and b"root:" not in body
    assert get(url, b"/%2e%2e/%2e%2e/outside/secret.txt")[0] == 404
    process.terminate()
    assert "Traceback" not in process.communicate(timeout=10)[1]


def test_docs_serve_lists_no_folder(docs_serve: Callable[..., Any], site: Path) -> None:
    (site / "docs" / "html" / "api" / "empty" / "index.htm").unlink()
    (site / "docs" / "html" / "api" / "empty" / "page.html").write_text("x")
    url, _ = docs_serve()
    status, body = get(url, b"/api/empty/")
    assert status == 404 and b"page.html" not in body


@pytest.mark.parametrize("path", [b"/%00", b"/api/%00.html", b"/%ff", b"/%ed%a0%80", b"/%zz", b"/%", b"/a%2"])
def test_docs_serve_answers_400_to_malformed_paths_without_a_traceback(
    docs_serve: Callable[..., Any], path: bytes
) -> None:
    url, process = docs_serve()
    assert get(url, path)[0] == 400
    assert get(url, b"/")[0] == 200
    process.terminate()
    assert "Traceback" not in process.communicate(timeout=10)[1]


def test_docs_serve_takes_a_host(docs_serve: Callable[..., Any]) -> None:
    url, _ = docs_serve("--host", "127.0.0.2")
    assert url.startswith("http://127.0.0.2:")
    assert httpx.get(url).text == "<p>home</p>"


@pytest.mark.parametrize("command", [("docs", "serve"), ("mock", "--spec", str(SPEC))])
@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_bad_port_is_a_usage_error(cli: Callable[..., Run], command: tuple[str, ...], port: str) -> None:
    run = cli(*command, "--port", port)
    assert run.code == 2
    assert f"'{port}' is not a port (0-65535)" in run.err and "Traceback" not in run.err
