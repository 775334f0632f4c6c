"""Shared helpers: the project's paths, a small clean spec to break, and a CLI runner."""

from __future__ import annotations

import copy
import importlib
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from seamgen.cli import main
from seamgen.outdir import entries

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
GENERATED_SRC = ROOT / "generated" / "python" / "src"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_ENDPOINT_PAGE = SEEDS / "000_d2ffcfce0d8520e2.txt"
SEED_OBJECT_PAGE = SEEDS / "001_d0ad82bc5e2f34d0.txt"
# spec/openapi.yaml as it was when the docs reproduced the seed pages; users edit the real one.
SEED_SPEC = ROOT / "tests" / "fixtures" / "seed_spec.yaml"

needs_seeds = pytest.mark.skipif(
    not (SEED_ENDPOINT_PAGE.is_file() and SEED_OBJECT_PAGE.is_file()),
    reason=f"needs the seed pages {SEED_ENDPOINT_PAGE.name} and {SEED_OBJECT_PAGE.name} (Seam's GitBook pages "
    f"'Get Action Attempt' and 'The action_attempt Object', which the docs reproduce) in {SEEDS}/",
)



@pytest.fixture(autouse=True, scope="session")
def no_config_above_the_temporary_folders(tmp_path_factory: pytest.TempPathFactory) -> None:
    """seamgen reads the nearest config at or above the folder it runs in, and tests run it in
    temporary folders: a ``seamgen.toml`` left in ``/tmp`` would change what they see. Stop with one
    clear message rather than a score of puzzling failures."""
    for folder in tmp_path_factory.getbasetemp().parents:
        for config in (folder / "seamgen.toml", folder / "pyproject.toml"):
            if config.is_file() and (config.name == "seamgen.toml" or "[tool.seamgen" in config.read_text(errors="replace")):
                pytest.exit(f"{config} applies to every test's temporary folder: move it away and run again", 3)


@pytest.fixture(autouse=True, scope="session")
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates go to a folder of the test run's own, never the user's ``~/.cache``; tests
    that set ``HOME`` see it untouched (the commands run in-process and in subprocesses alike)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEAMGEN_CACHE_DIR", str(tmp_path_factory.mktemp("seamgen-cache")))
        yield


# A small spec that is clean under every rule; tests break it one rule at a time.
MINIMAL = textwrap.dedent(
    """\
    openapi: 3.1.0
    info:
      title: Widgets API
      version: "1.0.0"
      description: Widgets.
    servers:
      - url: https://api.example.com
    security:
      - api_key: []
    paths:
      /widgets/get:
        post:
          operationId: widgetsGet
          description: Returns a widget.
          requestBody:
            description: The widget to get.
            content:
              application/json:
                schema:
                  type: object
                  description: Identifies a widget.
                  properties:
                    widget_id:
                      type: string
                      description: ID of the widget.
          responses:
            "200":
              description: The widget.
              content:
                application/json:
                  schema:
                    $ref: "#/components/schemas/Widget"
                  example:
                    widget_id: w1
                    color: red
    components:
      securitySchemes:
        api_key:
          type: http
          scheme: bearer
          description: An API key.
      schemas:
        Widget:
          type: object
          description: A widget.
          required: [widget_id]
          properties:
            widget_id:
              type: string
              description: ID of the widget.
            color:
              type: string
              description: Color of the widget.
              enum: [red, blue]
              x-enumDescriptions:
                red: Red.
                blue: Blue.
    """
)


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``occurrence``-th ``needle`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``seamgen`` in-process with the given arguments."""

    def run(*args: str) -> Run:
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[str], Path]:
    """Write spec text to a temporary file and return its path."""

    def write(text: str, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, tool caches aside (as ``check`` sees a folder)."""
    paths = entries(root, include_own=True) if root.is_dir() else ()
    return {relative: (root / relative).read_bytes() for relative in paths if (root / relative).is_file()}


def spec_document(path: Path = SPEC) -> dict[str, Any]:
    """The spec as plain data, read with PyYAML, not seamgen's loader: tests derive from it what they
    expect, so they follow the user's edits without checking the generator against itself."""
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def generate_package(folder: Path, text: str, package: str | None = None) -> Path:
    """The ``src`` folder of the package generated from the spec ``text`` into ``folder`` (its import
    name ``package``, else the spec's)."""
    (folder / "openapi.yaml").write_text(text, encoding="utf-8")
    out = folder / "out"
    named = ["--package-name", package] if package else []
    assert main(["generate", "--spec", str(folder / "openapi.yaml"), "--out", str(out), *named, "--quiet"]) == 0
    return out / "python" / "src"


def assert_ruff_and_mypy_clean(src: Path, package: str, *modules: str) -> None:
    """The generated package ``package`` in ``src`` (and the ``modules`` there that use it) pass
    ``ruff check`` and ``mypy --strict``."""
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(src.parent)], capture_output=True)
    assert ruff.returncode == 0, ruff.stdout.decode()
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(src.parent / ".mypy"), "-p", package]
    mypy += [argument for module in modules for argument in ("-m", module)]
    checked = subprocess.run(mypy, capture_output=True, cwd=src)
    assert checked.returncode == 0, checked.stdout.decode()


def import_package(src: Path, name: str) -> ModuleType:
    """Import the generated package ``name`` from the ``src`` folder it was generated into."""
    sys.path.insert(0, str(src))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(src))


@pytest.fixture(scope="session")
def package() -> Iterator[ModuleType]:
    """The committed generated package, ``seam_action_attempts``."""
    yield import_package(GENERATED_SRC, "seam_action_attempts")


def add_action_type(doc: dict[str, Any], value: str, description: str) -> None:
    """Spec edit: one more ``action_type`` enum value, described."""
    action_type = doc["components"]["schemas"]["ActionType"]
    assert value not in action_type["enum"], f"the spec already has the action type {value}: add another one here"
    action_type["enum"].append(value)
    action_type["x-enumDescriptions"][value] = description


def add_event(doc: dict[str, Any], event_type: str, schema: str, description: str) -> None:
    """Spec edit: one more event: its schema (the base narrowed by ``event_type``), its place in the
    event union, and its webhook."""
    schemas = doc["components"]["schemas"]
    assert event_type not in doc["webhooks"], f"the spec already has the event {event_type}: add another one here"
    schemas[schema] = {
        "description": description,
        "allOf": [
            {"$ref": "#/components/schemas/ActionAttemptEventBase"},
            {"type": "object", "properties": {"event_type": {"const": event_type}}},
        ],
    }
    schemas["ActionAttemptEvent"]["oneOf"].append({"$ref": f"#/components/schemas/{schema}"})
    schemas["ActionAttemptEvent"]["discriminator"]["mapping"][event_type] = f"#/components/schemas/{schema}"
    doc["webhooks"][event_type] = {
        "post": {
            "operationId": schema[:1].lower() + schema[1:],
            "description": f"Seam sends this event: {description}",
            "requestBody": {
                "description": "The event.",
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
            },
            "responses": {"200": {"$ref": "#/components/responses/EventReceived"}},
        }
    }


def add_property(doc: dict[str, Any], schema: str, name: str, definition: dict[str, Any]) -> None:
    """Spec edit: one more optional property on ``schema`` (on the last part of an ``allOf``)."""
    target = doc["components"]["schemas"][schema]
    if "allOf" in target:
        target = target["allOf"][-1]
    target.setdefault("properties", {})[name] = definition


def add_endpoint(doc: dict[str, Any], name: str, title: str, description: str, read_only: bool = False) -> None:
    """Spec edit: one more endpoint, ``POST /action_attempts/<name>``, called as
    ``seam.action_attempts.<name>(action_attempt_id=...)``; it returns the action attempt, as ``get`` does."""
    operation = copy.deepcopy(doc["paths"]["/action_attempts/get"]["post"])
    operation.update(
        {
            "operationId": "actionAttempts" + name.title().replace("_", "") + "Post",
            "summary": title,
            "description": description,
            "x-title": title,
            "x-page-description": description,
            "x-fern-sdk-method-name": name,
        }
    )
    if not read_only:
        del operation["x-read-only"]
    doc["paths"][f"/action_attempts/{name}"] = {"post": operation}


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` as a throwaway committer (the tests' temporary repositories have no identity)."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True
    )
