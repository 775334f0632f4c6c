"""Run the mock: from the command line until stopped, or in a background thread for tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from seamgen.diagnostics import Diagnostic
from seamgen.ir import Api
from seamgen.loader import Spec, SpecLoadError, load
from seamgen.mock.app import MockApi
from seamgen.mock.store import SeedError


def mock_api(api: Api, spec: Spec, api_key: str | None = None, seed: Path | None = None) -> MockApi:
    """The mock of ``api``, with the entries of ``seed`` (``{resource: [entry, ...]}``, JSON or YAML) added."""
    mock = MockApi(api, spec, api_key)
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


def _server(app: Any, sock: socket.socket) -> uvicorn.Server:
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config)


def serve(app: Any, sock: socket.socket) -> None:
    """Serve ``app`` on ``sock`` until interrupted."""
    _server(app, sock).run(sockets=[sock])


@contextmanager
def running(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``app`` in a background thread on a free port; yields its base URL."""
    sock = bind(host, 0)
    server = _server(app, sock)
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
