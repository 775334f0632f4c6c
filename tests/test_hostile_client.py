"""The generated client against hostile servers and hostile keys, sync and async, on 127.0.0.1.

A key the request could not carry is refused when the client is built, and no error, repr or log
line (ours, httpx's or httpcore's) shows a key. Whatever the server does (nests JSON deeper than
Python recurses, sends a body that does not decode, a gzip bomb, a body without end or a 5 GiB
``Content-Length``, drips bytes), the call ends in a ``SeamError``, within the client's
``max_response_bytes`` and ``timeout``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL, SPEC, generate_package, import_package
from tests.servers import DRIP_INTERVAL, Reply, raw_server, scripted

KEY = "sk_live_SECRET_0123456789"
BAD_KEYS = {
    "newline": KEY + "\n",
    "header-injection": KEY + "\r\nX-Evil: 1",
    "non-ascii": "sk_live_SËCRET",
    "escape": "sk_live\x1bSECRET",
    "surrounding-space": f" {KEY}",
}
NESTED = b"[" * 2000 + b"]" * 2000
"""JSON nested deeper than Python recurses (its limit is 1,000)."""
MiB = 1024 * 1024

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def seam(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """Our spec's package generated from the current templates (the committed one lags behind)."""
    folder = tmp_path_factory.mktemp("hostile")
    return import_package(generate_package(folder, SPEC.read_text(encoding="utf-8"), "seam_hostile"), "seam_hostile")


@pytest.fixture(params=["sync", "async"])
def invoke(request: pytest.FixtureRequest, seam: ModuleType) -> Invoke:
    """``action_attempts.get`` (a call the spec marks safe to retry) on a fresh Seam or AsyncSeam."""

    def call(**options: Any) -> Any:
        options = {"api_key": KEY, **options}
        if request.param == "sync":
            with seam.Seam(**options) as client:
                return client.action_attempts.get(action_attempt_id="a1")

        async def run() -> Any:
            async with seam.AsyncSeam(**options) as client:
                return await client.action_attempts.get(action_attempt_id="a1")

        return asyncio.run(run())

    return call


def raised(invoke: Invoke, expected: type[BaseException], **options: Any) -> BaseException:
    """The error the call raises, which must be ``expected``, and show the key nowhere in its chain."""
    with pytest.raises(expected) as caught:
        invoke(**options)
    assert_key_hidden(caught.value)
    return caught.value


def assert_key_hidden(error: BaseException | None, key: str = KEY) -> None:
    """Neither ``error`` nor any error it was raised from or during shows ``key`` (or its start)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        for text in (str(error), repr(error), *map(str, error.args)):
            assert key[:12] not in text, f"{type(error).__name__} shows the key: {text!r}"
        error = error.__cause__ or error.__context__


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log line of httpx, httpcore and the client, at DEBUG."""
    with caplog.at_level(logging.DEBUG):
        yield caplog


# Keys


@pytest.mark.parametrize("key", BAD_KEYS.values(), ids=BAD_KEYS.keys())
@pytest.mark.parametrize("given", ["argument", "environment"])
@pytest.mark.parametrize("client", ["Seam", "AsyncSeam"])
def test_a_key_a_request_cannot_carry_is_refused_when_the_client_is_built(
    seam: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    debug_logs: pytest.LogCaptureFixture,
    key: str,
    given: str,
    client: str,
) -> None:
    if given == "environment":
        monkeypatch.setenv("SEAM_API_KEY", key)
    arguments = {"api_key": key} if given == "argument" else {}
    with raw_server("silent") as (url, accepted), pytest.raises(ValueError) as caught:
        getattr(seam, client)(endpoint=url, **arguments)
    assert isinstance(caught.value, seam.SeamError), "a configuration error, catchable as the client's errors"
    assert "api_key" in str(caught.value) and "SEAM_API_KEY" in str(caught.value), "it says which credential"
    assert_key_hidden(caught.value, key.strip())
    assert not accepted, "nothing was sent"
    assert all("SECRET" not in record.getMessage() for record in debug_logs.records)


def test_a_good_key_shows_in_no_log_line_error_or_repr(
    invoke: Invoke, seam: ModuleType, debug_logs: pytest.LogCaptureFixture
) -> None:
    error = {"error": {"type": "unauthorized", "message": "Unauthorized"}}
    with scripted(Reply(401, error)) as (url, script):
        raised(invoke, seam.SeamHttpApiError, endpoint=url)
    assert script.requests[0]["headers"]["authorization"] == f"Bearer {KEY}", "the key was sent"
    with raw_server("reset") as (url, _):
        raised(invoke, seam.SeamConnectionError, endpoint=url, max_retries=1)
    assert KEY not in repr(seam.Seam(api_key=KEY)) + repr(seam.AsyncSeam(api_key=KEY))
    httpx_lines = [r for r in debug_logs.records if r.name.startswith(("httpx", "httpcore"))]
    assert httpx_lines, "httpx and httpcore logged at DEBUG"
    assert all(KEY not in record.getMessage() for record in debug_logs.records)


def test_a_key_sent_in_the_query_string_is_masked_in_httpx_log_lines(
    tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    document = yaml.safe_load(MINIMAL)
    document["components"]["securitySchemes"]["api_key"] = {"type": "apiKey", "in": "query", "name": "key"}
    text = yaml.safe_dump(document)
    widgets = import_package(generate_package(tmp_path, text, "widgets_query_key"), "widgets_query_key")
    with (
        scripted(Reply(200, {"widget_id": "w1"})) as (url, script),
        widgets.Widgets(api_key=KEY, endpoint=url) as client,
    ):
        client.widgets.get(widget_id="w1")
    assert script.requests[0]["query"] == f"key={KEY}", "the key was sent where the spec puts it"
    lines = [record.getMessage() for record in debug_logs.records if record.name == "httpx"]
    assert any("?key=[hidden]" in line for line in lines), lines
    assert all(KEY not in record.getMessage() for record in debug_logs.records)


@pytest.mark.parametrize(
    "option", [{"max_response_bytes": 0}, {"max_response_bytes": -1}, {"timeout": 0}, {"max_retries": -1}]
)
def test_options_out_of_range_are_value_errors(seam: ModuleType, option: dict[str, Any]) -> None:
    with pytest.raises(seam.SeamConfigurationError, match=next(iter(option))) as caught:
        seam.Seam(api_key=KEY, **option)
    assert isinstance(caught.value, ValueError)


# Bodies


@pytest.mark.parametrize("status", [200, 400])
def test_json_nested_too_deep_is_an_invalid_response_or_the_api_error(
    invoke: Invoke, seam: ModuleType, status: int
) -> None:
    with scripted(Reply(status, NESTED, {"content-type": "application/json"})) as (url, _):
        if status == 200:
            error = raised(invoke, seam.SeamInvalidResponseError, endpoint=url)
            assert "deep" in str(error)
        else:
            error = raised(invoke, seam.SeamHttpApiError, endpoint=url)
        assert error.status_code == status  # type: ignore[attr-defined]


@pytest.mark.parametrize("status", [200, 404])
def test_a_body_that_does_not_decode_as_its_encoding_says_is_a_seam_error(
    invoke: Invoke, seam: ModuleType, status: int
) -> None:
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    with scripted(Reply(status, b"this is not gzip", headers)) as (url, _):
        if status == 200:
            error = raised(invoke, seam.SeamInvalidResponseError, endpoint=url)
            assert "gzip" in str(error)
        else:
            error = raised(invoke, seam.SeamHttpApiError, endpoint=url)
            assert error.body is None  # type: ignore[attr-defined]
        assert error.status_code == status  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """512 MiB of JSON whitespace gzipped into about 512 KiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * MiB
    return b"".join(packer.compress(block) for _ in range(512)) + packer.flush()


def peak_memory(work: Callable[[], object]) -> int:
    """The most memory Python held at once while ``work`` ran, in bytes."""
    tracemalloc.start()
    try:
        work()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_gzip_bomb_stops_at_the_cap_on_decoded_bytes(invoke: Invoke, seam: ModuleType, gzip_bomb: bytes) -> None:
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    with scripted(Reply(200, gzip_bomb, headers)) as (url, _):
        peak = peak_memory(lambda: raised(invoke, seam.SeamInvalidResponseError, endpoint=url, max_response_bytes=MiB))
    # The cap, plus what one read off the socket (64 KiB) decodes to, about 64 MiB, which httpx holds
    # twice at most: it decodes a read at once. Whatever the bomb's size, never the whole of it.
    assert peak < 192 * MiB, f"{peak / MiB:.0f} MiB held for a body that decodes to 512 MiB"


@pytest.mark.parametrize("behaviour", ["claims-huge", "endless"])
def test_a_huge_or_endless_body_is_refused_not_buffered(invoke: Invoke, seam: ModuleType, behaviour: str) -> None:
    started = time.monotonic()
    with raw_server(behaviour) as (url, _):
        peak = peak_memory(
            lambda: raised(invoke, seam.SeamInvalidResponseError, endpoint=url, max_response_bytes=4 * MiB)
        )
    assert peak < 16 * MiB, f"{peak / MiB:.0f} MiB held with a cap of 4 MiB"
    assert time.monotonic() - started < 10


def test_the_default_cap_refuses_a_claimed_5_gib_body_at_once(invoke: Invoke, seam: ModuleType) -> None:
    started = time.monotonic()
    with raw_server("claims-huge") as (url, _):
        error = raised(invoke, seam.SeamInvalidResponseError, endpoint=url)
    assert f"max_response_bytes ({64 * MiB} bytes)" in str(error)
    assert time.monotonic() - started < 2, "refused on its Content-Length, before reading the body"


# Time


@pytest.mark.parametrize("behaviour", ["drip-body", "drip-headers"])
def test_a_dripping_server_cannot_stretch_the_timeout(invoke: Invoke, seam: ModuleType, behaviour: str) -> None:
    """Whether it drips the body or the headers: the sync client bounds each socket read by the deadline."""
    started = time.monotonic()
    with raw_server(behaviour) as (url, _):
        raised(invoke, seam.SeamTimeoutError, endpoint=url, timeout=2)
    took = time.monotonic() - started
    assert took < 2 + 2 * DRIP_INTERVAL, f"a call with timeout=2 took {took:.1f} s"


def test_the_timeout_bounds_the_retries_too(invoke: Invoke, seam: ModuleType) -> None:
    busy = Reply(503, {"error": {"type": "unavailable", "message": "busy"}}, {"retry-after": "1"})
    started = time.monotonic()
    with scripted(busy) as (url, script):
        error = raised(invoke, seam.SeamHttpApiError, endpoint=url, timeout=1.5, max_retries=10)
    assert error.status_code == 503  # type: ignore[attr-defined]
    assert time.monotonic() - started < 2.5
    assert len(script.requests) == 2, "one retry fits in 1.5 s, the next would not start in time"
