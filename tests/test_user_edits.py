"""The README's spec edits, made to a copy of the spec: a new action type, property, endpoint and event
reach the regenerated package, client, mock and docs, which stay ruff- and mypy --strict-clean."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from seamgen.build import build
from seamgen.cli import main
from seamgen.loader import load
from seamgen.mock.serve import mock_api, running
from tests.conftest import Run, add_action_type, add_endpoint, add_event, add_property, import_package, spec_document
from tests.test_code_quality import run
from tests.test_docs_markdown import printed_and_shown, python_samples

PACKAGE = "user_edited_attempts"
ACTION_TYPE = "SYNC_ACCESS_CODES"
PROPERTY = "device_id"
PROPERTY_DESCRIPTION = "ID of the device the action was performed on."
METHOD = "refresh"
TITLE = "Refresh Action Attempt"
EVENT = "action_attempt.sync_access_codes.succeeded"
EVENT_SCHEMA = "ActionAttemptSyncAccessCodesSucceededEvent"
ATTEMPT = {
    "status": "pending",
    "action_attempt_id": "0d4c1f3e-2b6a-4e8d-9c7f-5a1b3d5e7f90",
    "action_type": ACTION_TYPE,
    "result": None,
    "error": None,
    PROPERTY: "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
}


@dataclass(frozen=True)
class Edited:
    spec: Path
    out: Path
    document: dict[str, Any]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Edited:
    """The repository's spec with the edits, generated into a temporary folder."""
    doc = spec_document()
    add_action_type(doc, ACTION_TYPE, "Sync the access codes of a lock with Seam.")
    add_property(doc, "ActionAttemptBase", PROPERTY, {"type": "string", "description": PROPERTY_DESCRIPTION})
    add_endpoint(doc, METHOD, TITLE, "Returns an action attempt after asking its device for its latest state.")
    add_event(doc, EVENT, EVENT_SCHEMA, "A sync access codes action attempt succeeded.")
    folder = tmp_path_factory.mktemp("edited")
    spec, out = folder / "openapi.yaml", folder / "out"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["generate", "--spec", str(spec), "--out", str(out), "--package-name", PACKAGE, "--quiet"]) == 0
    return Edited(spec, out, doc)


@pytest.fixture(scope="module")
def module(edited: Edited) -> ModuleType:
    return import_package(edited.out / "python" / "src", PACKAGE)


def test_the_edited_spec_validates_clean(edited: Edited, cli: Callable[..., Run]) -> None:
    result = cli("validate", "--spec", str(edited.spec), "--strict")
    assert result.code == 0, result.out


def test_the_new_action_type_is_an_enum_member(edited: Edited, module: ModuleType) -> None:
    assert [m.value for m in module.ActionType] == edited.document["components"]["schemas"]["ActionType"]["enum"]
    assert module.ActionType(ACTION_TYPE) is module.ActionType[ACTION_TYPE]
    parsed = TypeAdapter(module.ActionAttempt).validate_python(ATTEMPT)
    assert parsed.action_type is module.ActionType[ACTION_TYPE]


def test_the_new_property_parses_and_round_trips(module: ModuleType) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(module.ActionAttempt)
    parsed = adapter.validate_json(json.dumps(ATTEMPT))
    assert type(parsed) is module.PendingActionAttempt
    assert getattr(parsed, PROPERTY) == ATTEMPT[PROPERTY]
    assert adapter.dump_python(parsed, mode="json") == ATTEMPT
    without = {key: value for key, value in ATTEMPT.items() if key != PROPERTY}
    absent = adapter.validate_python(without)
    assert getattr(absent, PROPERTY) is module.UNSET
    assert adapter.dump_python(absent, mode="json") == without
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python({**ATTEMPT, PROPERTY: 42})
    assert any(PROPERTY in map(str, error["loc"]) for error in caught.value.errors())


def test_the_new_endpoint_is_a_client_method_that_works_against_the_mock(edited: Edited, module: ModuleType) -> None:
    method = getattr(module.Seam(api_key="key").action_attempts, METHOD)
    parameter = inspect.signature(method).parameters["action_attempt_id"]
    assert (parameter.kind, parameter.default) == (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.empty)
    spec = load(edited.spec)
    with running(mock_api(build(spec), spec).app) as url:
        assert httpx.post(f"{url}/_mock/action_attempts", json={"object": ATTEMPT}).status_code == 201
        with module.Seam(api_key="key", endpoint=url) as seam:
            attempt = getattr(seam.action_attempts, METHOD)(action_attempt_id=ATTEMPT["action_attempt_id"])
            with pytest.raises(module.SeamHttpActionAttemptNotFoundError):
                getattr(seam.action_attempts, METHOD)(action_attempt_id="missing")
    assert type(attempt) is module.PendingActionAttempt
    assert attempt.model_dump(mode="json") == ATTEMPT


def test_the_new_event_parses_into_its_class(module: ModuleType) -> None:
    event = {
        "event_id": "e1", "event_type": EVENT, "workspace_id": "w1", "action_attempt_id": ATTEMPT["action_attempt_id"],
        "action_type": ACTION_TYPE, "status": "success", "created_at": "2026-11-20T10:15:30.000Z",
        "occurred_at": "2026-11-20T10:15:29.412Z",
    }  # fmt: skip
    adapter: TypeAdapter[Any] = TypeAdapter(module.ActionAttemptEvent)
    parsed = adapter.validate_python(event)
    assert type(parsed) is getattr(module, EVENT_SCHEMA)
    assert adapter.dump_python(parsed, mode="json") == event


def test_the_python_samples_print_what_the_pages_show(edited: Edited, module: ModuleType) -> None:
    spec = load(edited.spec)
    samples = python_samples(edited.out / "docs" / "markdown" / "api" / "action_attempts")
    assert f"{METHOD}.md" in [page for page, _, _ in samples]
    with running(mock_api(build(spec), spec).app) as url, module.Seam(api_key="docs", endpoint=url) as seam:
        for page, call, output in samples:
            printed, shown = printed_and_shown(seam, call, output)
            assert shown == printed, page


def test_the_docs_pages_show_the_edits(edited: Edited) -> None:
    markdown = edited.out / "docs" / "markdown" / "api" / "action_attempts"
    readme = (markdown / "README.md").read_text(encoding="utf-8")
    assert f"* `{ACTION_TYPE}`" in readme
    assert f"**`{PROPERTY}`**" in readme and PROPERTY_DESCRIPTION in readme
    assert f"**`{EVENT}`**" in readme
    assert f"[**`/action_attempts/{METHOD}`**]" in readme
    page = (markdown / f"{METHOD}.md").read_text(encoding="utf-8")
    assert f"# {TITLE}" in page
    assert f'method="post" path="/action_attempts/{METHOD}"' in page
    assert f"seam.action_attempts.{METHOD}(action_attempt_id=" in page
    html = edited.out / "docs" / "html" / "api" / "action_attempts"
    index = (html / "index.html").read_text(encoding="utf-8")
    for anchor in (f"action_type-{ACTION_TYPE.lower()}", f"property-{PROPERTY}", f"event-{EVENT}"):
        assert f'id="{anchor}"' in index, anchor
    assert f"/action_attempts/{METHOD}" in (html / f"{METHOD}.html").read_text(encoding="utf-8")


def test_the_regenerated_package_is_ruff_and_mypy_strict_clean(edited: Edited, tmp_path: Path) -> None:
    ruff = run("ruff", "check", "--no-cache", str(edited.out / "python"))
    assert ruff.returncode == 0, ruff.stdout
    src = edited.out / "python" / "src"
    mypy = run("mypy", "--strict", "--cache-dir", str(tmp_path), "-p", PACKAGE, cwd=src)
    assert mypy.returncode == 0, mypy.stdout
