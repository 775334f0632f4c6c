"""What an endpoint page says about authentication: the security the operation needs, from the model.

The operation's ``security`` (else the spec's top-level one) lists alternatives, each the schemes
sent together. The site shows them as the spec states them, one of several or all of one, with
what each scheme puts in the request, rather than a made-up ``Authorization`` parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.ir import Api, AuthScheme, Endpoint
from seamgen.text import SpecText

# What each kind of scheme is called on the page (OpenAPI's ``type``, and ``scheme`` for ``http``).
KINDS = {"apiKey": "API key", "oauth2": "OAuth 2.0", "openIdConnect": "OpenID Connect", "mutualTLS": "Mutual TLS"}
HTTP_SCHEMES = {"bearer": "Bearer token", "basic": "HTTP Basic"}


@dataclass(frozen=True)
class DocScheme:
    name: SpecText
    """The scheme's name in the spec (``components.securitySchemes``)."""
    kind: str
    """What it is, in the page's words: ``Bearer token``, ``API key`` …"""
    sent: SpecText | None
    """What it adds to a request (``Authorization: Bearer <JWT>``, ``?key=<API key>``), where the spec says."""
    description: SpecText | None


@dataclass(frozen=True)
class DocAuth:
    alternatives: tuple[tuple[DocScheme, ...], ...]
    """Each a way to authenticate: the schemes sent together; an empty one needs none."""


def endpoint_auth(api: Api, endpoint: Endpoint) -> DocAuth | None:
    """The security ``endpoint`` needs; None where neither it nor the spec states any."""
    requirements = endpoint.security if endpoint.security is not None else api.security
    if requirements is None:
        return None
    schemes = {scheme.name: scheme for scheme in api.auth}
    return DocAuth(tuple(tuple(_scheme(schemes.get(name), name) for name in names) for names in requirements))


def _scheme(scheme: AuthScheme | None, name: SpecText) -> DocScheme:
    """A scheme as the page names it; one the spec requires but never defines is its name alone (lint reports it)."""
    if scheme is None:
        return DocScheme(name, "Undefined scheme", None, None)
    return DocScheme(name, _kind(scheme), _sent(scheme), scheme.description)


def _kind(scheme: AuthScheme) -> str:
    if scheme.kind == "http":
        found = HTTP_SCHEMES.get((scheme.scheme or "").lower())
        return found or "HTTP authentication"
    return KINDS.get(scheme.kind, "Authentication")


def _sent(scheme: AuthScheme) -> SpecText | None:
    if scheme.kind == "http" and scheme.scheme:
        if scheme.scheme.lower() == "bearer":
            return SpecText(f"Authorization: Bearer <{scheme.bearer_format or 'token'}>")
        if scheme.scheme.lower() == "basic":
            return SpecText("Authorization: Basic <base64 of user:password>")
        return SpecText(f"Authorization: {scheme.scheme} <credentials>")
    if scheme.kind == "apiKey" and scheme.parameter:
        where = (scheme.location or "header").lower()
        if where == "query":
            return SpecText(f"?{scheme.parameter}=<API key>")
        if where == "cookie":
            return SpecText(f"Cookie: {scheme.parameter}=<API key>")
        return SpecText(f"{scheme.parameter}: <API key>")
    return None
