"""Each call authenticates as its operation's ``security`` says, seen by a real server on 127.0.0.1.

A credential per scheme of the spec: the preferred one is ``api_key``, the others keyword arguments
named after their schemes (or their environment variables). A call sends the credentials of the first
requirement the client holds them all for, none where the operation needs none, and is refused before
any I/O where the client lacks what it needs.
"""

from __future__ import annotations

import asyncio
import base64
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import assert_ruff_and_mypy_clean, generate_package, import_package
from tests.servers import Reply, scripted

SPEC = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Vault API, version: "1"}
    servers: [{url: "https://vault.test"}]
    security: [{api_key: []}]
    paths:
      /health: {get: {operationId: health, tags: [ops], security: [], responses: {"204": {description: Up}}}}
      /secrets: {get: {operationId: secretsList, tags: [ops], responses: {"204": {description: Listed}}}}
      /tokens: {get: {operationId: tokensGet, tags: [ops], security: [{client_token: []}], responses: {"204": {description: Got}}}}
      /either:
        get:
          operationId: either
          tags: [ops]
          security: [{client_token: []}, {api_key: []}]
          responses: {"204": {description: Got}}
      /both:
        get:
          operationId: both
          tags: [ops]
          security: [{api_key: [], query_key: []}]
          responses: {"204": {description: Got}}
      /basic: {get: {operationId: basic, tags: [ops], security: [{basic_auth: []}], responses: {"204": {description: Got}}}}
      /session: {get: {operationId: session, tags: [ops], security: [{session: []}], responses: {"204": {description: Got}}}}
      /digest: {get: {operationId: digest, tags: [ops], security: [{digest: []}], responses: {"204": {description: Got}}}}
      /any:
        get:
          operationId: any
          tags: [ops]
          security:
            - {session: []}
            - {basic_auth: []}
            - {query_key: []}
            - {client_token: [], basic_auth: []}
            - {api_key: [], query_key: [], session: []}
          responses: {"204": {description: Got}}
    components:
      securitySchemes:
        api_key: {type: http, scheme: bearer}
        client_token: {type: apiKey, in: header, name: X-Client-Token}
        query_key: {type: apiKey, in: query, name: key}
        basic_auth: {type: http, scheme: basic}
        session: {type: apiKey, in: cookie, name: sid}
        digest: {type: http, scheme: digest}
    """
)
CREDENTIALS = {"api_key": "k1", "client_token": "t1", "query_key": "q1", "basic_auth": "user:pw", "session": "s1"}
SCHEMES = yaml.safe_load(SPEC)["components"]["securitySchemes"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``src`` folder of the spec's package."""
    return generate_package(tmp_path_factory.mktemp("vault"), SPEC)


@pytest.fixture(scope="module")
def vault(generated: Path) -> ModuleType:
    return import_package(generated, "vault_api")


def test_the_package_is_ruff_and_mypy_strict_clean(generated: Path) -> None:
    """Long requirement lists are wrapped, the credentials' table and arguments typed."""
    assert_ruff_and_mypy_clean(generated, "vault_api")


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, vault: ModuleType) -> Iterator[Any]:
    """``call(method, **credentials)``: the request the server saw for ``client.ops.<method>()``."""

    def run(method: str, **credentials: str) -> dict[str, Any]:
        with scripted(Reply(204)) as (url, server):
            if request.param == "sync":
                with vault.Vault(endpoint=url, **credentials) as client:
                    getattr(client.ops, method)()
            else:

                async def calls() -> None:
                    async with vault.AsyncVault(endpoint=url, **credentials) as client:
                        await getattr(client.ops, method)()

                asyncio.run(calls())
        [seen] = server.requests
        return seen

    yield run


def sent(request: dict[str, Any]) -> dict[str, str]:
    """Every place a credential could be in ``request``: the headers a scheme uses, the query, the cookies."""
    headers = request["headers"]
    names = ["authorization"] + [s["name"].lower() for s in SCHEMES.values() if s.get("in") == "header"]
    found = {name: headers[name] for name in names if name in headers}
    found |= {"cookie": headers["cookie"]} if "cookie" in headers else {}
    return found | ({"query": request["query"]} if request["query"] else {})


def bearer(key: str) -> str:
    return f"Bearer {key}"


def test_each_scheme_is_a_keyword_argument_named_after_it(vault: ModuleType) -> None:
    arguments = set(vault.Vault.__init__.__code__.co_varnames)
    assert {"api_key", "client_token", "query_key", "basic_auth", "session"} <= arguments
    assert "digest" not in arguments, "HTTP digest is a scheme the client cannot send"


def test_a_call_sends_what_its_operation_asks(call: Any) -> None:
    assert sent(call("secrets_list", **CREDENTIALS)) == {"authorization": bearer("k1")}  # the top level's
    assert sent(call("health", **CREDENTIALS)) == {}  # security: [] needs nothing
    assert sent(call("tokens_get", **CREDENTIALS)) == {"x-client-token": "t1"}
    assert sent(call("both", **CREDENTIALS)) == {"authorization": bearer("k1"), "query": "key=q1"}
    assert sent(call("basic", **CREDENTIALS)) == {"authorization": "Basic " + base64.b64encode(b"user:pw").decode()}
    assert sent(call("session", **CREDENTIALS)) == {"cookie": "sid=s1"}


def test_the_first_requirement_the_client_can_meet_is_sent(call: Any) -> None:
    assert sent(call("either", **CREDENTIALS)) == {"x-client-token": "t1"}
    assert sent(call("either", api_key="k1")) == {"authorization": bearer("k1")}
    assert sent(call("any", api_key="k1", query_key="q1")) == {"query": "key=q1"}  # the third: query_key alone


def test_a_credential_comes_from_its_environment_variable(call: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULT_CLIENT_TOKEN", "from-env")
    assert sent(call("tokens_get", api_key="k1")) == {"x-client-token": "from-env"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_call_the_client_cannot_authenticate_is_refused_before_any_request(vault: ModuleType, mode: str) -> None:
    with scripted(Reply(204)) as (url, server):
        for method, message in [
            ("tokens_get", "/tokens needs a credential the client lacks: pass client_token= or set VAULT_CLIENT_TOKEN"),
            ("digest", "the scheme 'digest', which this client cannot send"),
        ]:
            with pytest.raises(vault.VaultConfigurationError, match=message):
                if mode == "sync":
                    with vault.Vault(api_key="k1", endpoint=url) as client:
                        getattr(client.ops, method)()
                else:

                    async def calls(name: str = method) -> None:
                        async with vault.AsyncVault(api_key="k1", endpoint=url) as client:
                            await getattr(client.ops, name)()

                    asyncio.run(calls())
    assert server.requests == []


def test_a_client_without_credentials_still_calls_what_needs_none(call: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULT_API_KEY", raising=False)
    assert sent(call("health")) == {}


def test_a_spec_whose_every_call_needs_a_key_refuses_a_client_without_one(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC)
    del document["paths"]["/health"]
    src = generate_package(tmp_path, yaml.safe_dump(document), "vault_keyed")
    package = import_package(src, "vault_keyed")  # a name of its own: imports are cached
    with pytest.raises(package.VaultConfigurationError, match="no credentials: pass api_key= or set VAULT_API_KEY"):
        package.Vault()


def test_a_spec_that_states_no_security_needs_no_key_but_sends_one_given(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC)
    del document["security"], document["components"]
    for item in document["paths"].values():
        item["get"].pop("security", None)
    package = import_package(generate_package(tmp_path, yaml.safe_dump(document), "vault_open"), "vault_open")
    with scripted(Reply(204), Reply(204)) as (url, server):
        with package.Vault(endpoint=url) as anonymous:
            anonymous.ops.secrets_list()
        with package.Vault(api_key="k1", endpoint=url) as keyed:
            keyed.ops.secrets_list()
    assert [sent(request) for request in server.requests] == [{}, {"authorization": bearer("k1")}]
