"""``seamgen docs serve``: the generated HTML site on loopback, as a browser sees it when published.

``http.server`` serves the files, with three rules of a published site added: only regular files
inside the site (a symlink that leads out of it, to ``/etc/passwd`` say, is not followed), a
folder's ``index.html`` and never a listing, and 400 for a path that does not decode to text
(``%00``, ``%ff``, a ``%`` without two hex digits), where ``http.server`` raised a traceback.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

# Seconds a client has for each read and write; a silent or half-sent request then ends, not a thread.
TIMEOUT = 10
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# The names ``SimpleHTTPRequestHandler.send_head`` serves for a folder.
_INDEXES = ("index.html", "index.htm")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves files of ``directory`` by the rules above, without a log line per request."""

    timeout = TIMEOUT

    def send_head(self) -> Any:
        if _malformed(self.path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed path")
            return None
        if not self._servable(self.translate_path(self.path)):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def _servable(self, path: str) -> bool:
        """Whether what ``send_head`` would open is a regular file in the site: the file, or a folder's
        ``index.html`` (``index.htm``); a folder in the site that has neither gets a listing, made 404."""
        root = os.path.realpath(self.directory)
        if not os.path.isdir(path):
            return _regular_in(path, root)
        indexes = [os.path.join(path, name) for name in _INDEXES if os.path.lexists(os.path.join(path, name))]
        return _within(path, root) and all(_regular_in(index, root) for index in indexes)

    def list_directory(self, path: Any) -> None:
        """No listings: a folder without ``index.html`` is not found."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def log_message(self, format: str, *args: Any) -> None:
        return


class _SiteServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up or stalls mid-answer is no error of the server's: no traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _SiteServer6(_SiteServer):
    address_family = socket.AF_INET6


def _within(path: str, root: str) -> bool:
    return os.path.commonpath([os.path.realpath(path), root]) == root


def _regular_in(path: str, root: str) -> bool:
    """A regular file (not a folder, FIFO or device) that is in ``root`` once symlinks are followed."""
    return _within(path, root) and os.path.isfile(path)


def _malformed(raw: str) -> bool:
    """A path that is not percent-encoded UTF-8 text, or that holds a NUL."""
    path = urlsplit(raw).path
    if _BAD_ESCAPE.search(path):
        return True
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return "\x00" in text


def preview_server(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A static file server for ``folder``; port 0 picks a free port. Call ``serve_forever`` on it."""
    handler = functools.partial(_SiteHandler, directory=str(folder))
    return (_SiteServer6 if ":" in host else _SiteServer)((host, port), handler)
