"""Real servers on 127.0.0.1 for client tests: scripted answers, resets, silence and hostile answers
(dripped, endless, lying about their length)."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from seamgen.mock.serve import bind, running


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    """A dict or list is sent as JSON, bytes as they are, None as an empty body."""
    headers: dict[str, str] = field(default_factory=dict)


class Script:
    """An ASGI app that answers with ``replies`` in order (the last one repeats), recording requests."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = replies
        self.requests: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        self.requests.append(
            {
                "method": scope["method"],
                "path": scope["path"],
                "raw_path": scope.get("raw_path", b"").decode(),
                "query": scope["query_string"].decode(),
                "headers": headers,
                "body": body,
            }
        )
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        content = (
            reply.body
            if isinstance(reply.body, bytes)
            else b""
            if reply.body is None
            else json.dumps(reply.body).encode()
        )
        kind = [(b"content-type", b"application/json")] if isinstance(reply.body, dict | list) else []
        extra = [(k.encode(), v.encode()) for k, v in reply.headers.items()]
        await send({"type": "http.response.start", "status": reply.status, "headers": kind + extra})
        await send({"type": "http.response.body", "body": content})


@contextmanager
def scripted(*replies: Reply) -> Iterator[tuple[str, Script]]:
    script = Script(*replies)
    with running(script) as url:
        yield url, script


DRIP_INTERVAL = 0.5
"""Seconds between the bytes of a dripping server."""
HUGE = 5 * 1024**3
"""The Content-Length the ``claims-huge`` server declares: 5 GiB."""


def _request_head(conn: socket.socket) -> None:
    """Read the request up to the end of its headers (the hostile answers ignore any body)."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = conn.recv(65536)
        if not chunk:
            return
        received += chunk


def _flood(conn: socket.socket, head: bytes) -> None:
    """Send ``head``, then zeros as fast as the client takes them, until it hangs up."""
    conn.sendall(head)
    block = b"0" * 65536
    while True:
        conn.sendall(block)


def _drip(conn: socket.socket, data: bytes) -> None:
    for byte in data:
        conn.sendall(bytes([byte]))
        time.sleep(DRIP_INTERVAL)


_JSON_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
_DRIPPED_BODY = b'{"action_attempt": ' + b" " * 1000 + b"null}"


def _drip_body(conn: socket.socket) -> None:
    conn.sendall(_JSON_HEAD + b"content-length: %d\r\n\r\n" % len(_DRIPPED_BODY))
    _drip(conn, _DRIPPED_BODY)


HOSTILE: dict[str, Callable[[socket.socket], None]] = {
    "drip-body": _drip_body,
    "drip-headers": lambda conn: _drip(conn, _JSON_HEAD + b"x-padding: " + b"a" * 1000 + b"\r\n\r\n"),
    "claims-huge": lambda conn: _flood(conn, _JSON_HEAD + b"content-length: %d\r\n\r\n" % HUGE),
    "endless": lambda conn: _flood(conn, _JSON_HEAD + b"connection: close\r\n\r\n"),
}
"""Answers no honest server gives: a body or headers dripped a byte every ``DRIP_INTERVAL`` seconds
(each read is quick, the whole never comes), a 5 GiB ``Content-Length`` with a body that does not
stop, and a body without a length that does not stop."""


def _answer(conn: socket.socket, behaviour: Callable[[socket.socket], None]) -> None:
    try:
        _request_head(conn)
        behaviour(conn)
    except OSError:  # the client hung up, as it should
        pass
    finally:
        conn.close()


@contextmanager
def raw_server(behaviour: str) -> Iterator[tuple[str, list[int]]]:
    """``reset``: every connection is closed with a TCP reset; ``silent``: never answered; a name in
    ``HOSTILE``: answered that way, each connection in a thread of its own."""
    sock = bind("127.0.0.1", 0)
    sock.settimeout(0.1)
    accepted: list[int] = []
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            if behaviour == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            elif behaviour in HOSTILE:
                threading.Thread(target=_answer, args=(conn, HOSTILE[behaviour]), daemon=True).start()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        sock.close()
