"""How the generated client authenticates: a credential per security scheme of the spec, and for
each call the requirements its operation accepts.

The scheme the spec prefers (the top-level ``security`` first) that takes a key as it is, a bearer
token, HTTP basic, or an ``apiKey`` header, query parameter or cookie, is the client's ``api_key``
(``SEAM_API_KEY``). Every other scheme is a keyword argument named after it (``client_token=``,
``<PREFIX>_CLIENT_TOKEN``). OAuth 2 and OpenID Connect schemes take an access token, sent as a bearer
token; a scheme the client cannot send (HTTP digest, mutual TLS) has no argument, so a call that
needs it alone is refused. A spec without schemes gets a bearer ``api_key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from seamgen.filters import py_str
from seamgen.ir import Api, AuthScheme, Endpoint
from seamgen.python_client_names import ClientNames
from seamgen.python_names import LINE_LENGTH, tuple_literal
from seamgen.text import Code, Identifier, SpecText, snake, unique

Kind = Literal["bearer", "basic", "header", "query", "cookie"]
Security = tuple[tuple[SpecText, ...], ...]
# The client constructor's other keywords, which no credential's argument may take.
CONSTRUCTOR_ARGUMENTS = frozenset(
    {"self", "api_key", "endpoint", "timeout", "max_retries", "prefer_get", "strict_response_validation",
     "max_response_bytes", "http_client"}
)  # fmt: skip


@dataclass(frozen=True)
class PyCredential:
    scheme: Code
    """The spec's name of the scheme, as a string literal: the key of the client's credentials."""
    argument: Identifier
    """The client's keyword argument (``api_key`` for the scheme the spec prefers)."""
    env: Identifier
    """The environment variable read when the argument is not given (``SEAM_API_KEY``)."""
    kind: Kind
    name: Code
    """The header, query parameter or cookie an ``apiKey`` goes in, as a string literal; ``""`` otherwise."""

    @property
    def entry(self) -> Code:
        """Its entry in ``_client.py``'s ``SCHEMES``, at 4 columns, split over lines when too long."""
        args = [Code(f'"{self.argument}"'), Code(f'"{self.env}"'), Code(f'"{self.kind}"')]
        args += [self.name] if self.kind in ("header", "query", "cookie") else []
        line = f"{self.scheme}: Scheme({', '.join(args)}),"
        if len(line) + 4 <= LINE_LENGTH:
            return Code(line)
        return Code(f"{self.scheme}: Scheme(\n" + "".join(f"        {arg},\n" for arg in args) + "    ),")


@dataclass(frozen=True)
class PyAuth:
    credentials: tuple[PyCredential, ...]
    """One per scheme the client can send, the one the spec prefers (``api_key``) first."""
    default: Code
    """The requirements of a call whose operation states none: the spec's top-level ``security``, as
    a literal; ``None`` where the spec has none either (then the key goes where the client has one)."""
    requires_key: bool
    """Every call's security asks for a credential, so a client made without any is refused at once
    (a spec that states no security anywhere asks for none: the key goes only where given)."""


def python_auth(api: Api, names: ClientNames) -> PyAuth:
    """The client's credentials and default requirements for ``api``."""
    schemes = [(scheme, _kind(scheme)) for scheme in api.auth]
    usable = [(scheme, kind) for scheme, kind in schemes if kind is not None]
    primary = next((index for index, (_, kind) in enumerate(usable) if kind[0] != "oauth"), 0)
    ordered = usable[primary:primary + 1] + usable[:primary] + usable[primary + 1:]
    taken = set(CONSTRUCTOR_ARGUMENTS)
    credentials = []
    for position, (scheme, (_, kind, name)) in enumerate(ordered):
        argument = Identifier("api_key") if position == 0 else unique(snake(str(scheme.name), "credential"), taken)
        env = names.api_key_env if position == 0 else Identifier(f"{api.env_prefix}_{argument.upper()}")
        credentials.append(PyCredential(Code(py_str(scheme.name)), argument, env, kind, name))
    if not credentials:  # no scheme the client can send: a bearer token, as most APIs take
        credentials.append(PyCredential(Code('""'), Identifier("api_key"), names.api_key_env, "bearer", Code('""')))
    effective = [endpoint.security if endpoint.security is not None else api.security for endpoint in api.endpoints]
    requires_key = bool(effective) and all(found is not None and () not in found for found in effective)
    return PyAuth(tuple(credentials), security_literal(api.security), requires_key)


def security_option(endpoint: Endpoint, api: Api) -> Code | None:
    """``security=…`` for a call whose operation's requirements are not the spec's default, at 4
    columns in the ``Call``: a requirement a line when the whole is too long for one."""
    if endpoint.security is None or endpoint.security == api.security:
        return None
    line = f"security={security_literal(endpoint.security)}"
    if len(line) + 5 <= LINE_LENGTH:
        return Code(line)
    requirements = [_tuple([Code(py_str(scheme)) for scheme in found]) for found in endpoint.security]
    return Code("security=(\n" + "".join(f"        {requirement},\n" for requirement in requirements) + "    )")


def security_literal(security: Security | None) -> Code:
    """``(("a",), ("b", "c"))``: alternatives, each the schemes that go together; ``None`` for none stated."""
    if security is None:
        return Code("None")
    return _tuple([_tuple([Code(py_str(scheme)) for scheme in requirement]) for requirement in security])


def _tuple(items: list[Code]) -> Code:
    return tuple_literal(items) if items else Code("()")


def _kind(scheme: AuthScheme) -> tuple[str, Kind, Code] | None:
    """Where the scheme's credential goes (``oauth`` marks a token the spec does not prefer for a key), or None."""
    kind, http = scheme.kind.lower(), (scheme.scheme or "").lower()
    if kind == "http" and http in ("basic", "bearer"):
        return "http", "basic" if http == "basic" else "bearer", Code('""')
    if kind in ("oauth2", "openidconnect"):
        return "oauth", "bearer", Code('""')
    place = _API_KEY_PLACES.get(str(scheme.location))
    if kind == "apikey" and scheme.parameter and place:
        return "key", place, Code(py_str(scheme.parameter))
    return None


_API_KEY_PLACES: dict[str, Kind] = {"header": "header", "query": "query", "cookie": "cookie"}
