"""The generated client against real servers on 127.0.0.1: every scenario, sync and async."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from seamgen.build import build
from seamgen.loader import load
from seamgen.mock.serve import mock_api, running
from tests.conftest import SPEC, Run, add_endpoint, import_package
from tests.servers import Reply, raw_server, scripted

SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"
SECRET = "seam_test_secret_key_0123456789"
ATTEMPT = {"status": "success", "action_attempt_id": SEED_ID, "action_type": "UNLOCK_DOOR", "result": {}, "error": None}

Invoke = Callable[..., Any]


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    spec = load(SPEC)
    with running(mock_api(build(spec), spec).app) as url:
        yield url


@pytest.fixture(params=["sync", "async"])
def invoke(request: pytest.FixtureRequest, package: ModuleType) -> Invoke:
    """Call ``seam.<resource>.<method>(**params)`` with a fresh Seam or AsyncSeam built from ``client``."""

    def call(method: str, client: dict[str, Any], module: ModuleType = package, **params: Any) -> Any:
        resource, name = method.split(".")
        options = {"api_key": SECRET, **client}
        if request.param == "sync":
            with module.Seam(**options) as seam:
                return getattr(getattr(seam, resource), name)(**params)

        async def run() -> Any:
            async with module.AsyncSeam(**options) as seam:
                return await getattr(getattr(seam, resource), name)(**params)

        return asyncio.run(run())

    return call


def add_attempt(url: str, attempt_id: str, after: float, then: dict[str, Any]) -> None:
    entry = {
        "object": {**ATTEMPT, "action_attempt_id": attempt_id, "status": "pending", "result": None},
        "after": after,
        "then": then,
    }
    assert httpx.post(f"{url}/_mock/action_attempts", json=entry).status_code == 201


@pytest.mark.parametrize("prefer_get", [False, True], ids=["POST", "GET"])
def test_get_and_list_return_typed_models(invoke: Invoke, package: ModuleType, mock_url: str, prefer_get: bool) -> None:
    client = {"endpoint": mock_url, "prefer_get": prefer_get}
    attempt = invoke("action_attempts.get", client, action_attempt_id=SEED_ID)
    assert isinstance(attempt, package.SuccessfulActionAttempt)
    assert attempt.action_type is package.ActionType.UNLOCK_DOOR
    listed = invoke(
        "action_attempts.list", client, action_attempt_ids=[SEED_ID, "5d3c2e1a-9b8f-4a7e-8d6c-0f1e2d3c4b5a"]
    )
    assert [type(a).__name__ for a in listed] == ["SuccessfulActionAttempt", "PendingActionAttempt"]


def test_prefer_get_sends_a_query_string_with_repeated_keys(invoke: Invoke) -> None:
    with scripted(Reply(200, {"action_attempts": [ATTEMPT], "ok": True})) as (url, script):
        invoke("action_attempts.list", {"endpoint": url, "prefer_get": True}, action_attempt_ids=["a", "b"])
    [sent] = script.requests
    assert (sent["method"], sent["path"], sent["query"], sent["body"]) == (
        "GET",
        "/action_attempts/list",
        "action_attempt_ids=a&action_attempt_ids=b",
        b"",
    )


def test_requests_are_posts_with_json_and_the_bearer_key(invoke: Invoke) -> None:
    with scripted(Reply(200, {"action_attempt": ATTEMPT, "ok": True})) as (url, script):
        invoke("action_attempts.get", {"endpoint": url}, action_attempt_id=SEED_ID)
    [sent] = script.requests
    assert (sent["method"], sent["path"]) == ("POST", "/action_attempts/get")
    assert sent["headers"]["authorization"] == f"Bearer {SECRET}"
    assert sent["body"] == b'{"action_attempt_id":"f7d02670-128a-49f1-b615-b44a2808e5c4"}'


def test_wait_for_action_attempt_returns_it_once_it_succeeds(
    invoke: Invoke, package: ModuleType, mock_url: str
) -> None:
    attempt_id = f"wait-success-{time.monotonic_ns()}"
    add_attempt(mock_url, attempt_id, 0.4, {"status": "success", "result": {}})
    started = time.monotonic()
    attempt = invoke(
        "action_attempts.get",
        {"endpoint": mock_url},
        action_attempt_id=attempt_id,
        wait_for_action_attempt={"polling_interval": 0.1},
    )
    assert isinstance(attempt, package.SuccessfulActionAttempt)
    assert 0.35 < time.monotonic() - started < 2


def test_wait_raises_the_failed_error_with_its_type_and_message(
    invoke: Invoke, package: ModuleType, mock_url: str
) -> None:
    attempt_id = f"wait-error-{time.monotonic_ns()}"
    add_attempt(
        mock_url,
        attempt_id,
        0.2,
        {"status": "error", "error": {"type": "device_offline", "message": "The lock is offline."}},
    )
    with pytest.raises(package.SeamActionAttemptFailedError) as caught:
        invoke(
            "action_attempts.poll_until_ready",
            {"endpoint": mock_url},
            action_attempt_id=attempt_id,
            polling_interval=0.1,
        )
    assert (caught.value.error_type, caught.value.error_message) == ("device_offline", "The lock is offline.")
    assert isinstance(caught.value.action_attempt, package.FailedActionAttempt)
    assert isinstance(caught.value, package.SeamError)


def test_wait_times_out_in_about_the_timeout(invoke: Invoke, package: ModuleType, mock_url: str) -> None:
    attempt_id = f"wait-timeout-{time.monotonic_ns()}"
    add_attempt(mock_url, attempt_id, 60, {"status": "success", "result": {}})
    started = time.monotonic()
    with pytest.raises(package.SeamActionAttemptTimeoutError) as caught:
        invoke(
            "action_attempts.get",
            {"endpoint": mock_url},
            action_attempt_id=attempt_id,
            wait_for_action_attempt={"timeout": 0.6, "polling_interval": 0.2},
        )
    assert 0.55 < time.monotonic() - started < 1.5
    assert caught.value.action_attempt.status == "pending"


def test_invalid_input_is_400_with_readable_validation_errors(
    invoke: Invoke, package: ModuleType, mock_url: str
) -> None:
    with pytest.raises(package.SeamHttpInvalidInputError) as caught:
        invoke("action_attempts.list", {"endpoint": mock_url}, action_attempt_ids="not-a-list")
    error = caught.value
    assert (error.status_code, error.code) == (400, "invalid_input")
    assert error.validation_errors == {"action_attempt_ids": ["'not-a-list' is not of type 'array'"]}
    assert error.request_id


def test_unauthorized_is_its_own_error(invoke: Invoke, package: ModuleType) -> None:
    spec = load(SPEC)
    with running(mock_api(build(spec), spec, api_key="the-right-key").app) as url:
        with pytest.raises(package.SeamHttpUnauthorizedError) as caught:
            invoke("action_attempts.get", {"endpoint": url}, action_attempt_id=SEED_ID)
    assert caught.value.status_code == 401


def test_not_found_carries_data_and_the_request_id(invoke: Invoke, package: ModuleType) -> None:
    body = {
        "error": {
            "type": "action_attempt_not_found",
            "message": "action_attempt not found",
            "data": {"action_attempt_id": "x"},
        },
        "ok": False,
    }
    with scripted(Reply(404, body, {"seam-request-id": "req-123"})) as (url, _):
        with pytest.raises(package.SeamHttpActionAttemptNotFoundError) as caught:
            invoke("action_attempts.get", {"endpoint": url}, action_attempt_id="x")
    assert (caught.value.data, caught.value.request_id, caught.value.message) == (
        {"action_attempt_id": "x"},
        "req-123",
        "action_attempt not found",
    )


def test_500_then_200_is_retried(invoke: Invoke, package: ModuleType) -> None:
    with scripted(
        Reply(500, {"error": {"type": "internal", "message": "boom"}}),
        Reply(200, {"action_attempt": ATTEMPT, "ok": True}),
    ) as (url, script):
        attempt = invoke("action_attempts.get", {"endpoint": url}, action_attempt_id=SEED_ID)
    assert isinstance(attempt, package.SuccessfulActionAttempt)
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(503), "HTTP 503 Service Unavailable"),
        (Reply(502, b"<html><body>Bad gateway</body></html>", {"content-type": "text/html"}), "HTTP 502 Bad Gateway"),
    ],
)
def test_error_without_a_json_body_is_still_a_seam_error(
    invoke: Invoke, package: ModuleType, reply: Reply, message: str
) -> None:
    with scripted(reply) as (url, script), pytest.raises(package.SeamHttpApiError) as caught:
        invoke("action_attempts.get", {"endpoint": url, "max_retries": 1}, action_attempt_id=SEED_ID)
    assert (caught.value.status_code, caught.value.code) == (reply.status, "unknown")
    assert caught.value.message == message
    assert len(script.requests) == 2


@pytest.mark.parametrize("body", [b"{not json", {"ok": True}])  # stray bodies: tests/test_rest_responses.py
def test_success_without_the_documented_body_is_an_invalid_response(
    invoke: Invoke, package: ModuleType, body: Any
) -> None:
    with scripted(Reply(200, body)) as (url, _), pytest.raises(package.SeamInvalidResponseError):
        invoke("action_attempts.get", {"endpoint": url}, action_attempt_id=SEED_ID)


def test_connection_reset_is_retried_then_a_connection_error(invoke: Invoke, package: ModuleType) -> None:
    with raw_server("reset") as (url, accepted), pytest.raises(package.SeamConnectionError):
        invoke("action_attempts.get", {"endpoint": url, "max_retries": 2}, action_attempt_id=SEED_ID)
    assert len(accepted) == 3


def test_a_server_that_never_answers_times_out(invoke: Invoke, package: ModuleType) -> None:
    with raw_server("silent") as (url, _):
        started = time.monotonic()
        with pytest.raises(package.SeamTimeoutError):
            invoke(
                "action_attempts.get", {"endpoint": url, "timeout": 0.3, "max_retries": 0}, action_attempt_id=SEED_ID
            )
    assert 0.25 < time.monotonic() - started < 2


def test_retry_after_is_obeyed(invoke: Invoke) -> None:
    with scripted(
        Reply(429, {"error": {"type": "rate_limited", "message": "slow down"}}, {"retry-after": "1"}),
        Reply(200, {"action_attempt": ATTEMPT, "ok": True}),
    ) as (url, script):
        started = time.monotonic()
        invoke("action_attempts.get", {"endpoint": url}, action_attempt_id=SEED_ID)
        elapsed = time.monotonic() - started
    assert len(script.requests) == 2
    assert 0.95 < elapsed < 2.5


def test_forward_compatible_responses_parse_end_to_end(invoke: Invoke, package: ModuleType) -> None:
    newer = {
        "status": "success",
        "action_attempt_id": "action_attempt1",
        "action_type": "OPEN_GARAGE",
        "result": {"opened": True},
        "error": None,
        "took_ms": 12,
    }
    with scripted(Reply(200, {"action_attempt": newer, "ok": True, "next_cursor": None})) as (url, _):
        attempt = invoke("action_attempts.get", {"endpoint": url}, action_attempt_id="action_attempt1")
    assert attempt.action_type == "OPEN_GARAGE"
    assert attempt.model_dump(mode="json") == newer


def test_missing_key_is_an_error_at_construction_and_the_environment_is_read(
    package: ModuleType, monkeypatch: pytest.MonkeyPatch, mock_url: str
) -> None:
    monkeypatch.delenv("SEAM_API_KEY", raising=False)
    for cls in (package.Seam, package.AsyncSeam):
        with pytest.raises(package.SeamConfigurationError, match="SEAM_API_KEY"):
            cls()
    monkeypatch.setenv("SEAM_API_KEY", SECRET)
    monkeypatch.setenv("SEAM_ENDPOINT", mock_url)
    with package.Seam() as seam:
        assert seam.endpoint == mock_url
        assert seam.action_attempts.get(action_attempt_id=SEED_ID).action_attempt_id == SEED_ID
    assert package.Seam(endpoint="https://example.test/").endpoint == "https://example.test"


def test_the_key_never_shows_in_reprs_logs_or_errors(
    invoke: Invoke, package: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts = [repr(package.Seam(api_key=SECRET)), repr(package.AsyncSeam(api_key=SECRET))]
    texts += [str(package.Seam(api_key=SECRET).__dict__), repr(package.Seam(api_key=SECRET)._settings)]
    with scripted(Reply(500, {"error": {"type": "internal", "message": "boom"}})) as (url, _):
        with pytest.raises(package.SeamError) as caught:
            invoke("action_attempts.get", {"endpoint": url, "max_retries": 1}, action_attempt_id=SEED_ID)
        texts += [str(caught.value), repr(caught.value), repr(caught.value.error)]
    with raw_server("reset") as (url, _):
        with pytest.raises(package.SeamConnectionError) as reset:
            invoke("action_attempts.get", {"endpoint": url, "max_retries": 0}, action_attempt_id=SEED_ID)
        texts += [str(reset.value), repr(reset.value)]
    texts += [record.getMessage() for record in caplog.records]
    assert any("retrying" in text for text in texts), "the retry is logged"
    assert not [text for text in texts if SECRET in text]


def edited_client(tmp_path: Path, cli: Callable[..., Run]) -> ModuleType:
    """A client generated from our spec plus a POST endpoint not marked safe to repeat."""
    doc = load(SPEC).document
    add_endpoint(doc, "cancel", "Cancel Action Attempt", "Cancels an action attempt.")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    assert (
        cli(
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(tmp_path / "out"),
            "--package-name",
            "cancel_attempts",
            "--quiet",
        ).code
        == 0
    )
    return import_package(tmp_path / "out" / "python" / "src", "cancel_attempts")


def test_requests_not_marked_safe_are_never_retried(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, cli: Callable[..., Run]
) -> None:
    module = edited_client(tmp_path_factory.mktemp("cancel"), cli)
    with scripted(Reply(503)) as (url, script), pytest.raises(module.SeamHttpApiError):
        invoke("action_attempts.cancel", {"endpoint": url}, module=module, action_attempt_id=SEED_ID)
    assert len(script.requests) == 1
    with raw_server("reset") as (url, accepted), pytest.raises(module.SeamConnectionError):
        invoke("action_attempts.cancel", {"endpoint": url}, module=module, action_attempt_id=SEED_ID)
    assert len(accepted) == 1
