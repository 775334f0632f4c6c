"""seamgen mock: a real HTTP server on loopback that serves the spec, checked over sockets."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from seamgen.build import build
from seamgen.loader import SpecLoadError, load
from seamgen.mock.serve import mock_api, running
from seamgen.pointers import Resolver
from tests.conftest import ROOT, SPEC, Run

SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"
AUTH = {"Authorization": "Bearer test-key"}
DOCUMENT = load(SPEC).document
RESOLVER = Resolver(DOCUMENT)
REGISTRY: Registry[Any] = Registry().with_resource("urn:spec", DRAFT202012.create_resource(DOCUMENT))


def conforms(path: str, method: str, response: httpx.Response) -> None:
    """The response matches the schema the spec documents for its status."""
    operation = DOCUMENT["paths"][path][method.lower()]
    documented, where = RESOLVER.deref(operation["responses"][str(response.status_code)])
    assert documented is not None, f"{response.status_code} is not documented for {method} {path}"
    pointer = "/".join(
        str(p).replace("~", "~0").replace("/", "~1") for p in (*where, "content", "application/json", "schema")
    )
    Draft202012Validator({"$ref": f"urn:spec#/{pointer}"}, registry=REGISTRY).validate(response.json())
    assert response.headers["seam-request-id"]


@pytest.fixture
def mock() -> Iterator[str]:
    spec = load(SPEC)
    with running(mock_api(build(spec), spec).app) as url:
        yield url


def test_get_returns_the_seed_example_in_both_forms(mock: str) -> None:
    expected = DOCUMENT["components"]["responses"]["ActionAttemptRetrieved"]["content"]["application/json"]["example"]
    got = httpx.get(f"{mock}/action_attempts/get", params={"action_attempt_id": SEED_ID}, headers=AUTH)
    posted = httpx.post(f"{mock}/action_attempts/get", json={"action_attempt_id": SEED_ID}, headers=AUTH)
    for response, method in ((got, "GET"), (posted, "POST")):
        assert response.status_code == 200
        assert response.json() == expected
        conforms("/action_attempts/get", method, response)


def test_list_filters_by_ids_with_repeated_query_keys(mock: str) -> None:
    ids = [SEED_ID, "5d3c2e1a-9b8f-4a7e-8d6c-0f1e2d3c4b5a", "00000000-0000-4000-8000-000000000000"]
    response = httpx.get(f"{mock}/action_attempts/list", params={"action_attempt_ids": ids}, headers=AUTH)
    assert response.status_code == 200
    assert [a["action_attempt_id"] for a in response.json()["action_attempts"]] == ids[:2]
    conforms("/action_attempts/list", "GET", response)
    posted = httpx.post(f"{mock}/action_attempts/list", json={"action_attempt_ids": ids[1:2]}, headers=AUTH)
    assert [a["status"] for a in posted.json()["action_attempts"]] == ["pending"]
    conforms("/action_attempts/list", "POST", posted)


def test_missing_parameter_is_400_invalid_input_in_the_spec_format(mock: str) -> None:
    for response, method in (
        (httpx.get(f"{mock}/action_attempts/get", headers=AUTH), "GET"),
        (httpx.post(f"{mock}/action_attempts/get", json={}, headers=AUTH), "POST"),
    ):
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["type"] == "invalid_input"
        assert error["message"] == 'Required for provided "action_attempt_id"'
        assert error["validation_errors"] == {"_errors": [], "action_attempt_id": {"_errors": ["Required"]}}
        assert error["request_id"] == response.headers["seam-request-id"]
        conforms("/action_attempts/get", method, response)


def test_wrong_type_and_invalid_json_are_400(mock: str) -> None:
    wrong = httpx.post(f"{mock}/action_attempts/list", json={"action_attempt_ids": "not-a-list"}, headers=AUTH)
    assert wrong.status_code == 400
    assert "action_attempt_ids" in wrong.json()["error"]["validation_errors"]
    conforms("/action_attempts/list", "POST", wrong)
    broken = httpx.post(
        f"{mock}/action_attempts/get", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
    )
    assert broken.status_code == 400
    conforms("/action_attempts/get", "POST", broken)


def test_unknown_id_is_404_with_data(mock: str) -> None:
    response = httpx.get(f"{mock}/action_attempts/get", params={"action_attempt_id": "missing"}, headers=AUTH)
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["type"], error["data"]) == ("action_attempt_not_found", {"action_attempt_id": "missing"})
    conforms("/action_attempts/get", "GET", response)


def test_auth_without_api_key_option_accepts_any_bearer_token(mock: str) -> None:
    url = f"{mock}/action_attempts/get?action_attempt_id={SEED_ID}"
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"}):
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "unauthorized"
        conforms("/action_attempts/get", "GET", response)
    assert httpx.get(url, headers={"Authorization": "Bearer anything"}).status_code == 200


def test_api_key_option_accepts_only_that_key() -> None:
    spec = load(SPEC)
    with running(mock_api(build(spec), spec, api_key="right").app) as url:
        target = f"{url}/action_attempts/get?action_attempt_id={SEED_ID}"
        assert httpx.get(target, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(target, headers={"Authorization": "Bearer right"}).status_code == 200


def test_unknown_paths_get_a_404_in_the_error_format(mock: str) -> None:
    response = httpx.get(f"{mock}/devices/list", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert response.json()["error"]["type"] == "endpoint_not_found"


def test_attempts_created_at_run_time_settle_after_their_delay(mock: str) -> None:
    entry = {
        "object": {
            "action_attempt_id": "a1",
            "status": "pending",
            "action_type": "LOCK_DOOR",
            "result": None,
            "error": None,
        },
        "after": 0.3,
        "then": {"status": "error", "error": {"type": "device_offline", "message": "Offline"}},
    }
    created = httpx.post(f"{mock}/_mock/action_attempts", json=entry)
    assert created.status_code == 201
    url = f"{mock}/action_attempts/get?action_attempt_id=a1"
    first = httpx.get(url, headers=AUTH)
    assert first.json()["action_attempt"]["status"] == "pending"
    time.sleep(0.35)
    settled = httpx.get(url, headers=AUTH)
    assert settled.json()["action_attempt"]["status"] == "error"
    assert settled.json()["action_attempt"]["error"] == {"type": "device_offline", "message": "Offline"}
    conforms("/action_attempts/get", "GET", settled)
    bad = httpx.post(f"{mock}/_mock/action_attempts", json={"object": {"status": "pending"}})
    assert bad.status_code == 400


def test_seed_file_adds_attempts(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "action_attempts:\n"
        "  - object: {action_attempt_id: s1, status: pending, action_type: UNLOCK_DOOR, result: null, error: null}\n"
        "    after: 0.2\n"
        "    then: {status: success, result: {}}\n"
    )
    spec = load(SPEC)
    with running(mock_api(build(spec), spec, seed=seed).app) as url:
        response = httpx.get(f"{url}/action_attempts/get", params={"action_attempt_id": "s1"}, headers=AUTH)
        assert response.json()["action_attempt"]["status"] == "pending"
        time.sleep(0.25)
        response = httpx.get(f"{url}/action_attempts/get", params={"action_attempt_id": "s1"}, headers=AUTH)
        assert response.json()["action_attempt"]["status"] == "success"
        assert (
            httpx.get(f"{url}/action_attempts/get", params={"action_attempt_id": SEED_ID}, headers=AUTH).status_code
            == 200
        )


def test_bad_seed_entry_is_reported_with_its_position(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text(
        "action_attempts:\n"
        "  - object: {action_attempt_id: ok, status: pending, action_type: LOCK_DOOR, result: null, error: null}\n"
        "  - object: {status: pending}\n"
    )
    spec = load(SPEC)
    with pytest.raises(SpecLoadError) as caught:
        mock_api(build(spec), spec, seed=seed)
    found = caught.value.diagnostic
    assert (found.file, found.line, found.column, found.rule) == (str(seed), 3, 5, "mock-seed")
    assert "action_attempt_id" in found.message


def test_a_seed_object_the_schema_refuses_is_reported_with_its_position(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text("action_attempts:\n  - object: {action_attempt_id: a1, status: pending, action_type: 7}\n")
    spec = load(SPEC)
    with pytest.raises(SpecLoadError) as caught:
        mock_api(build(spec), spec, seed=seed)
    found = caught.value.diagnostic
    assert (found.line, found.column, found.rule) == (2, 5, "mock-seed")
    assert "does not match the action_attempts schema" in found.message


def test_seamgen_mock_command_serves_until_stopped(tmp_path: Path, cli: Callable[..., Run]) -> None:
    command = [sys.executable, "-m", "seamgen", "mock", "--spec", str(SPEC), "--port", "0", "--api-key", "k"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        url = banner.split(" on ")[1].split()[0]
        response = httpx.get(
            f"{url}/action_attempts/get", params={"action_attempt_id": SEED_ID}, headers={"Authorization": "Bearer k"}
        )
        assert response.json()["action_attempt"]["action_attempt_id"] == SEED_ID
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert cli("mock", "--spec", str(tmp_path / "missing.yaml")).code == 2


def test_every_example_attempt_is_served(mock: str) -> None:
    listed = httpx.post(
        f"{mock}/action_attempts/list",
        json={"action_attempt_ids": [SEED_ID, "5d3c2e1a-9b8f-4a7e-8d6c-0f1e2d3c4b5a"]},
        headers=AUTH,
    )
    assert json.dumps(listed.json(), sort_keys=True) == json.dumps(
        DOCUMENT["components"]["responses"]["ActionAttemptsListed"]["content"]["application/json"]["example"],
        sort_keys=True,
    )
