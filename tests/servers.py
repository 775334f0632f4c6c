"""Real servers on 127.0.0.1 for client tests: scripted answers, resets and silence."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
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


@contextmanager
def raw_server(behaviour: str) -> Iterator[tuple[str, list[int]]]:
    """``reset``: every connection is closed with a TCP reset; ``silent``: never answered."""
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
