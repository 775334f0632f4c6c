"""Run the mock: from the command line until stopped, or in a background thread for tests."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from seamgen.diagnostics import Diagnostic
from seamgen.ir import Api
from seamgen.loader import Spec, SpecLoadError, load
from seamgen.mock.app import MockApi
from seamgen.mock.limits import DEFAULT_LIMITS, Limits
from seamgen.mock.store import SeedError


def mock_api(
    api: Api, spec: Spec, api_key: str | None = None, seed: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> MockApi:
    """The mock of ``api``, with the entries of ``seed`` (``{resource: [entry, ...]}``, JSON or YAML) added."""
    mock = MockApi(api, spec, api_key, limits)
    if seed is None:
        return mock
    seeded = load(seed)
    for resource, entries in seeded.document.items():
        for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
            try:
                mock.add(resource, entry)
            except SeedError as exc:
                line, column = seeded.position((resource, index) if isinstance(entries, list) else (resource,))
                raise SpecLoadError(Diagnostic(str(seed), line, column, "error", str(exc), "mock-seed")) from exc
    return mock


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket with Nagle's algorithm off; port 0 picks a free port."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, a keep-alive response (headers and body
    # written apart) waits ~40 ms for the client's delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


class _TimedHead(H11Protocol):
    """uvicorn's HTTP/1.1, where a client has ``timeout_keep_alive`` seconds to send each request's
    head. uvicorn arms that timer only after a response and disarms it on any byte received, so a
    client that connected and sent half a request line kept its connection (and a file descriptor)
    for ever: a few hundred such starve real clients. The body's deadline is ``ReadLimits``'."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.timeout_keep_alive, self._expire)

    def _expire(self) -> None:
        """Close the connection if no request head has arrived since the timer was armed."""
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def _server(app: Any, read_seconds: float) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http=_TimedHead,
        timeout_keep_alive=read_seconds,  # type: ignore[arg-type]
    )
    return uvicorn.Server(config)


def serve(app: Any, sock: socket.socket, read_seconds: float = DEFAULT_LIMITS.read_seconds) -> None:
    """Serve ``app`` on ``sock`` until interrupted."""
    _server(app, read_seconds).run(sockets=[sock])


@contextmanager
def running(app: Any, host: str = "127.0.0.1", read_seconds: float = DEFAULT_LIMITS.read_seconds) -> Iterator[str]:
    """Serve ``app`` in a background thread on a free port; yields its base URL."""
    sock = bind(host, 0)
    server = _server(app, read_seconds)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock server did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
