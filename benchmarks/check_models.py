"""Do the generated models of each real spec hold up: import, lint, type-check, parse the spec's examples?

For each fetched spec of ``corpus.py`` (``python benchmarks/corpus.py fetch`` first) this builds the
model without linting (house rules are not the point here) and renders the Python package, then:

1. imports ``<package>.models`` on its own (beside ``_base.py`` and an empty ``__init__.py``, so the
   client modules cannot hide a models problem), and times it with ``python -X importtime``;
2. imports the whole package too, and times that (the client is another engineer's part; a failure
   there is reported, not fatal);
3. runs ``ruff check`` on ``models.py`` and ``__init__.py`` with the generated ``pyproject.toml``'s
   settings, and, with ``--mypy``, ``mypy --strict`` on the models-only package;
4. parses every example that the spec's own schema accepts (jsonschema, OpenAPI's dialect, formats
   not checked: the models do not enforce them), a JSON response's through the type the client method
   returns for it and a component schema's through its class, and checks that dumping it gives back
   the example. An example the schema rejects is counted, not parsed: the models may refuse it.

Outputs stay in ``benchmarks/.corpus/models/<name>/``. Run on demand:

    python benchmarks/check_models.py [NAME ...] [--mypy]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from corpus import CORPUS, SPECS, Spec
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012

from seamgen.build import build
from seamgen.filters import PYTHON_FILTERS
from seamgen.ir import Api, TypeExpr
from seamgen.loader import load
from seamgen.pointers import Resolver, as_dict, encode
from seamgen.python_models import python_module
from seamgen.python_names import Annotations, TypeNames
from seamgen.render import environment, python_files
from seamgen.types import TypeBuilder
from seamgen.walk import operations

BIN = Path(sys.executable).parent
JSON = "application/json"
SPEC_URI = "urn:check-models:spec"

# Run in a fresh interpreter: parse each example through its type, report what failed.
PARSER = """
import json, sys, importlib
from pydantic import TypeAdapter
models = importlib.import_module(sys.argv[1] + ".models")
namespace = vars(models)
failures = []
for case in json.load(open(sys.argv[2])):
    try:
        adapter = TypeAdapter(eval(case["annotation"], namespace))
        parsed = adapter.validate_json(json.dumps(case["example"]))
        dumped = adapter.dump_python(parsed, mode="json")
    except Exception as exc:
        failures.append([case["where"], type(exc).__name__ + ": " + " ".join(str(exc).split())[:300]])
        continue
    if dumped != case["example"]:
        failures.append([case["where"], "dumps differently: " + json.dumps(dumped)[:300]])
    elif type(parsed).__name__.startswith("Unknown"):
        failures.append([case["where"], "a documented example fell to the fallback " + type(parsed).__name__])
print(json.dumps(failures))
"""


def tool(name: str) -> str:
    return shutil.which(name, path=str(BIN)) or name


def render_package(api: Api, here: Path, models_only: Path) -> str | None:
    """Write the whole package under ``here`` and the models alone under ``models_only``; the
    client view's error, if it fails (the models still get checked)."""
    env = environment(PYTHON_FILTERS)
    module = python_module(api)
    error = None
    try:
        items = python_files(api)
        files = {item.path: env.get_template(item.template).render(api=api, **item.context) for item in items}
    except Exception as exc:  # another part's failure: report it, check the models anyway
        error = f"{type(exc).__name__}: {exc}"
        files = {}
    package = f"python/src/{api.package}"
    for path, text in files.items():
        target = here / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    own = models_only / api.package
    own.mkdir(parents=True)
    (own / "__init__.py").write_text("")
    (own / "py.typed").write_text("")
    for name in ("_base.py", "models.py"):
        template = env.get_template(f"python/{name}.j2")
        (own / name).write_text(files.get(f"{package}/{name}") or template.render(api=api, module=module))
    return error


def examples(spec_doc: dict[str, Any], api: Api) -> tuple[list[dict[str, Any]], int]:
    """(where, annotation, example) for each example its schema accepts, and how many it rejects:
    the JSON response examples (parsed as the client method's return type) and the component
    schemas' own examples (parsed as the component's class)."""
    is_30 = str(spec_doc.get("openapi", "")).startswith("3.0.")
    base: Any = OAS30Validator if is_30 else OAS31Validator
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, (DRAFT4 if is_30 else DRAFT202012).create_resource(spec_doc)
    )
    annotate = Annotations(TypeNames(api))
    cases, rejected = [], 0
    for where, type_expr, schema_path, value in _sites(spec_doc, api):
        if base({"$ref": SPEC_URI + encode(schema_path)}, registry=registry).is_valid(value):
            cases.append({"where": where, "annotation": annotate(type_expr), "example": value})
        else:
            rejected += 1
    return cases, rejected


def _sites(spec_doc: dict[str, Any], api: Api) -> Iterator[tuple[str, TypeExpr, tuple[str | int, ...], Any]]:
    resolver = Resolver(spec_doc)
    by_route = {(str(e.path), m, str(r.status)): r for e in api.endpoints for m in e.methods for r in e.responses}
    for op in operations(spec_doc):
        for status, response in (op.spec.get("responses") or {}).items():
            found = by_route.get((op.route, op.method.upper(), str(status)))
            response, where = resolver.deref(response)
            media_path = (*(where or (*op.path, "responses", status)), "content", JSON)
            media = as_dict(as_dict(as_dict(response).get("content")).get(JSON))
            if found is None or found.type is None or "schema" not in media:
                continue
            values = [("example", media["example"])] if "example" in media else []
            named = as_dict(media.get("examples"))
            values += [(f"examples/{name}", e["value"]) for name, e in named.items() if "value" in as_dict(e)]
            for label, value in values:
                yield f"{op.method.upper()} {op.route} {status} {label}", found.type, (*media_path, "schema"), value
    # The builder names components first, in order, so a fresh one gives each the model's name.
    types = TypeBuilder(resolver)
    for name, schema in as_dict(as_dict(spec_doc.get("components")).get("schemas")).items():
        type_expr = types.component(name)
        if "example" in as_dict(schema):
            yield f"components/schemas/{name} example", type_expr, ("components", "schemas", name), schema["example"]


def import_seconds(src: Path, module: str) -> tuple[float | None, str]:
    """Cumulative import time of ``module`` by ``-X importtime``, or the error that stopped it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("import time:")]
        return None, lines[-1] if lines else f"exit {done.returncode}"
    for line in done.stderr.splitlines():
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1e6, ""
    return None, "no timing"


def check(spec: Spec, work: Path, mypy: bool) -> dict[str, Any]:
    here = work / spec.name
    shutil.rmtree(here, ignore_errors=True)
    started = time.perf_counter()
    document = load(spec.file).document
    api = build(load(spec.file))
    row: dict[str, Any] = {"spec": spec.name, "build s": round(time.perf_counter() - started, 1)}
    src, models_only = here / "python" / "src", here / "models"
    row["client view"] = render_package(api, here, models_only) or "ok"
    seconds, error = import_seconds(models_only, f"{api.package}.models")
    row["models import"] = f"{seconds:.2f} s" if seconds is not None else error
    seconds, error = import_seconds(src, api.package)
    row["package import"] = f"{seconds:.2f} s" if seconds is not None else error
    targets = [str(models_only / api.package / "models.py")]
    if (src / api.package / "__init__.py").is_file():
        targets.append(str(src / api.package / "__init__.py"))
    config = here / "python" / "pyproject.toml"
    settings = ["--config", str(config)] if config.is_file() else []
    command = [tool("ruff"), "check", "--no-cache", "--output-format", "json", *settings, *targets]
    findings = json.loads(subprocess.run(command, capture_output=True, text=True).stdout or "[]")
    row["ruff"] = sorted({f"{Path(f['filename']).name}:{f['code'] or 'syntax'}" for f in findings})
    row["ruff first"] = [
        f"{Path(f['filename']).name}:{f['location']['row']}: {f['code']} {f['message']}" for f in findings[:5]
    ]
    if mypy:
        done = subprocess.run(
            [tool("mypy"), "--strict", "--cache-dir", str(here / "mypy-cache"), "-p", f"{api.package}.models"],
            capture_output=True,
            text=True,
            cwd=models_only,
        )
        errors = [line for line in done.stdout.splitlines() if ": error:" in line]
        row["mypy"] = len(errors)
        row["mypy first"] = errors[:5]
    cases, rejected = examples(document, api)
    row["examples"] = f"{len(cases)} accepted by the schema, {rejected} rejected"
    if cases and row["models import"].endswith(" s"):
        (here / "examples.json").write_text(json.dumps(cases))
        done = subprocess.run(
            [sys.executable, "-c", PARSER, api.package, str(here / "examples.json")],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(models_only)},
        )
        failures = json.loads(done.stdout) if done.returncode == 0 else [["parser", done.stderr[-500:]]]
        row["example failures"] = len(failures)
        row["failures first"] = failures[:8]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="specs to check (default: every fetched one)")
    parser.add_argument("--mypy", action="store_true", help="also run mypy --strict on the models")
    args = parser.parse_args()
    work = CORPUS / "models"
    for spec in SPECS:
        if args.names and spec.name not in args.names:
            continue
        if not spec.file.is_file():
            print(f"{spec.name}: not fetched (run: python benchmarks/corpus.py fetch)")
            continue
        row = check(spec, work, args.mypy)
        print(json.dumps(row, indent=1), flush=True)


if __name__ == "__main__":
    main()
