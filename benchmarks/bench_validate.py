"""How long seamgen takes to validate and generate, against openapi-spec-validator alone.

openapi-spec-validator is the peer every spec passes through; seamgen runs it too, then its
own rules (examples against their schemas, unused components, descriptions, naming) with
YAML positions. The ratio says what that extra checking costs. Run on demand:

    python benchmarks/bench_validate.py [--scale N] [--repeat R]

``--scale`` multiplies our spec into a larger one (N copies of every path and schema, with a
Seam-style 60-variant inline union per copy) to show how both scale.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate as peer_validate

from seamgen.build import build
from seamgen.lint import lint
from seamgen.loader import load
from seamgen.render import render

SPEC = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
ACTIONS = ["LOCK_DOOR", "UNLOCK_DOOR", "SCAN_CREDENTIAL", "ENCODE_CREDENTIAL", "SET_FAN_MODE"] * 4


def scaled(document: dict[str, Any], copies: int) -> dict[str, Any]:
    """``copies`` renamed copies of every path and schema, each with a 60-variant inline union."""
    if copies <= 1:
        return document
    text = json.dumps(document)
    out = copy.deepcopy(document)
    for index in range(2, copies + 1):
        renamed = json.loads(text.replace("#/components/schemas/", f"#/components/schemas/C{index}"))
        for route, item in renamed["paths"].items():
            for operation in item.values():
                operation["operationId"] += f"C{index}"
            out["paths"][f"/c{index}{route}"] = item
        for name, schema in renamed["components"]["schemas"].items():
            out["components"]["schemas"][f"C{index}{name}"] = schema
        out["components"]["schemas"][f"C{index}ActionAttempt"] = _inline_union(index)
    return out


def _inline_union(index: int) -> dict[str, Any]:
    variants = [
        {
            "type": "object",
            "description": "One action type in one status.",
            "required": ["action_type", "status"],
            "properties": {
                "action_type": {"type": "string", "enum": [f"{action}_{i}"], "description": "Type."},
                "status": {"type": "string", "enum": [status], "description": "Status."},
            },
        }
        for i, action in enumerate(ACTIONS)
        for status in ("pending", "success", "error")
    ]
    return {"description": f"Copy {index}.", "oneOf": variants}


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times) if repeat < 5 else statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1, help="copies of the spec (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openapi.yaml"
        document = scaled(load(SPEC).document, args.scale)
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        size = path.stat().st_size
        peer = best_of(args.repeat, lambda: peer_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        ours = best_of(args.repeat, lambda: lint(load(path)))
        spec = load(path)
        generate = best_of(args.repeat, lambda: render(build(spec)))
    print(
        f"spec: {size / 1024:.0f} KiB, {len(document['paths'])} paths, {len(document['components']['schemas'])} schemas"
    )
    print(f"openapi-spec-validator (yaml.safe_load + validate): {peer * 1000:8.1f} ms")
    print(f"seamgen validate (load with positions + all rules): {ours * 1000:8.1f} ms")
    print(f"seamgen build + render (after validation):          {generate * 1000:8.1f} ms")
    print(f"ratio seamgen validate / openapi-spec-validator: {ours / peer:.2f}x (lower is better; seamgen checks more)")


if __name__ == "__main__":
    main()
