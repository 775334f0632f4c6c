"""Decode 100,000 action attempts with the generated models and with the official seam SDK.

The SDK (PyPI ``seam``) decodes with ``json.loads`` and then ``action_attempt_from_dict``,
validating nothing; ours validates every field with pydantic, straight from the bytes a
client receives. Both decode the same payload in the same run. Run on demand:

    python benchmarks/bench_models.py [--count N] [--rounds R]

It also prints the memory each decoded attempt keeps alive, and the import time.

Needs the test extra (it installs ``seam``) and a generated ``generated/python``.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from seam.resources.action_attempt import action_attempt_from_dict

SRC = Path(__file__).resolve().parent.parent / "generated" / "python" / "src"
sys.path.insert(0, str(SRC))

import seam_action_attempts  # noqa: E402

ACTION_TYPES = ["LOCK_DOOR", "UNLOCK_DOOR", "SET_FAN_MODE", "SET_HVAC_MODE", "ACTIVATE_CLIMATE_PRESET"]


def attempts(count: int) -> list[dict[str, Any]]:
    """A realistic mix: every status, several action types, results and errors."""
    items = []
    for index in range(count):
        status = ("pending", "success", "error")[index % 3]
        items.append(
            {
                "status": status,
                "action_attempt_id": f"f7d02670-128a-49f1-b615-{index:012d}",
                "action_type": ACTION_TYPES[index % len(ACTION_TYPES)],
                "result": {} if status == "success" else None,
                "error": {"type": "device_offline", "message": "The device is offline."} if status == "error" else None,
            }
        )
    return items


def rate(count: int, rounds: int, work: Callable[[], object]) -> float:
    """Items per second of the best of ``rounds`` runs (garbage collection on, as in a client)."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return count / best


def retained_bytes(count: int, work: Callable[[], object]) -> float:
    """Bytes per item that the decoded result keeps alive (what a client holds on to)."""
    gc.collect()
    tracemalloc.start()
    result = work()
    gc.collect()
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del result
    return size / count


def import_time(rounds: int) -> float:
    code = "import time; t = time.perf_counter(); import seam_action_attempts; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SRC, check=True).stdout)
        for _ in range(rounds)
    ]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="action attempts to decode (default 100000)")
    parser.add_argument("--rounds", type=int, default=7, help="runs per measurement; the best counts (default 7)")
    args = parser.parse_args()
    ours = TypeAdapter(list[seam_action_attempts.ActionAttempt])
    payload = json.dumps(attempts(args.count)).encode()
    assert ours.dump_python(ours.validate_json(payload), mode="json") == json.loads(payload)
    # Only the payload is alive while bytes are decoded: a live heap makes every GC pass slower.
    ours_bytes = rate(args.count, args.rounds, lambda: ours.validate_json(payload))
    sdk_bytes = rate(args.count, args.rounds, lambda: [action_attempt_from_dict(d) for d in json.loads(payload)])
    items = attempts(args.count)
    ours_dicts = rate(args.count, args.rounds, lambda: ours.validate_python(items))
    sdk_dicts = rate(args.count, args.rounds, lambda: [action_attempt_from_dict(d) for d in items])
    print(f"{args.count:,} action attempts, best of {args.rounds}")
    rows = (("from JSON bytes", ours_bytes, sdk_bytes), ("from dicts", ours_dicts, sdk_dicts))
    for label, ours_rate, sdk_rate in rows:
        ratio = ours_rate / sdk_rate
        print(f"{label:<16} seamgen models {ours_rate:>11,.0f}/s   seam SDK {sdk_rate:>11,.0f}/s   ratio {ratio:.2f}")
    ours_memory = retained_bytes(args.count, lambda: ours.validate_json(payload))
    sdk_memory = retained_bytes(args.count, lambda: [action_attempt_from_dict(d) for d in json.loads(payload)])
    print(f"memory kept       seamgen models {ours_memory:>9,.0f} B/item   seam SDK {sdk_memory:>9,.0f} B/item")
    print(f"import seam_action_attempts: {import_time(5) * 1000:.1f} ms")
    print("ratio > 1 means the generated models are faster; they also validate every field, the SDK none")


if __name__ == "__main__":
    main()
