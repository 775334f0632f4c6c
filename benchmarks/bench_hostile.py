"""Time ``seamgen generate`` on the two specs that once cost minutes: a two-variant union whose
variants pin the same N constants (no set of them tells the variants apart, so every set of up to
three is a candidate) and an example checked against the backtracking ``pattern: ^(a+)+$``.

    python benchmarks/bench_hostile.py [N]      # N defaults to 400
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import tempfile
import time
from pathlib import Path

import yaml

from seamgen.cli import main


def _spec(schemas: dict[str, object], example: object) -> str:
    """A one-endpoint spec returning ``Thing`` (one of ``schemas``) with ``example``."""
    response = {
        "description": "A thing.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}, "example": example}},
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Hostile API", "version": "1.0.0"},
        "paths": {"/things/get": {"get": {"operationId": "thingsGet", "responses": {"200": response}}}},
        "components": {"schemas": schemas},
    }
    return yaml.safe_dump(document, sort_keys=False)


def shared_constants(n: int) -> str:
    """Two variants pinning the same ``n`` properties to the same values."""
    variant = {"type": "object", "properties": {f"p{i}": {"const": i} for i in range(n)}}
    schemas = {
        "A": variant,
        "B": copy.deepcopy(variant),
        "Thing": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    }
    return _spec(schemas, {f"p{i}": i for i in range(n)})


def backtracking_pattern() -> str:
    """A string property with a pattern that backtracks exponentially on a near-match."""
    thing = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^(a+)+$"}}}
    return _spec({"Thing": thing}, {"id": "a" * 30 + "!"})


def timed(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder, "openapi.yaml")
        spec.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(["generate", str(spec), "--out", str(Path(folder, "out")), "--quiet"])
        took = time.perf_counter() - started
    print(f"{name}: {len(text) / 1024:.0f} KB spec, exit {code}, {took:.2f} s")


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    timed(f"union pinning {size} shared constants", shared_constants(size))
    timed("example against ^(a+)+$", backtracking_pattern())
