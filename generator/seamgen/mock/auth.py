"""Whether a request carries a key the way the spec's security schemes take one.

Liberal on purpose: an operation that requires any security accepts a key sent in any way one of
the spec's schemes describes, since a client sends the one key it has the one way it knows (an
OAuth scheme, which no client key satisfies, reads as a bearer token).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from starlette.requests import Request

from seamgen.pointers import as_dict


class Auth:
    """The spec's security: the schemes, and the requirement operations fall back on."""

    def __init__(self, document: dict[str, Any], api_key: str | None) -> None:
        schemes = as_dict(as_dict(document.get("components")).get("securitySchemes"))
        self.schemes = [as_dict(s) for s in schemes.values()] or [{"type": "http", "scheme": "bearer"}]
        self.default = document.get("security")
        self.api_key = api_key

    def required(self, operation: dict[str, Any]) -> bool:
        """Security applies unless the operation (or the spec) requires none, or lists ``{}``."""
        requirements = operation.get("security", self.default)
        return isinstance(requirements, list) and bool(requirements) and all(requirements)

    def accepts(self, request: Request) -> bool:
        """A non-empty key in a place a scheme names (only ``--api-key``'s value when it is set)."""
        keys = [_key(request, scheme) for scheme in self.schemes]
        return any(key and (self.api_key is None or key == self.api_key) for key in keys)


def _key(request: Request, scheme: dict[str, Any]) -> str | None:
    kind, name, place = str(scheme.get("type")).lower(), str(scheme.get("name")), scheme.get("in")
    if kind == "apikey":
        found = {"header": request.headers, "query": request.query_params, "cookie": request.cookies}
        return found[place].get(name) if place in found else None
    method, _, value = request.headers.get("authorization", "").partition(" ")
    if kind == "http" and str(scheme.get("scheme")).lower() == "basic":
        return _basic_user(value) if method.lower() == "basic" else None
    return value.strip() if method.lower() == "bearer" else None


def _basic_user(value: str) -> str | None:
    """The key of HTTP basic credentials: ``user:password``, or the user alone with no password."""
    try:
        pair = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return pair.removesuffix(":")
