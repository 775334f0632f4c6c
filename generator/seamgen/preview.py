"""``seamgen docs serve``: the generated HTML site on loopback, as a browser sees it when published."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request (errors still reach stderr)."""

    def log_message(self, format: str, *args: Any) -> None:
        return


def preview_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A static file server for ``folder``; port 0 picks a free port. Call ``serve_forever`` on it."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return ThreadingHTTPServer((host, port), handler)
