"""Calls per second of ``seam.action_attempts.get`` against bare httpx, on one local server.

Both send the same POST to the same mock server (``seamgen mock`` in a thread) over one
keep-alive connection; bare httpx only decodes the JSON, the client also validates it into
models and would retry. The ratio is what the client's conveniences cost. Run on demand:

    python benchmarks/bench_client.py [--calls N] [--rounds R]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated" / "python" / "src"))

import seam_action_attempts  # noqa: E402

from seamgen.build import build  # noqa: E402
from seamgen.loader import load  # noqa: E402
from seamgen.mock.serve import mock_api, running  # noqa: E402

SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"


def rate(calls: int, rounds: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(calls):
            work()
        best = min(best, time.perf_counter() - started)
    return calls / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500, help="calls per round (default 500)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best counts (default 5)")
    args = parser.parse_args()
    spec = load(ROOT / "spec" / "openapi.yaml")
    with running(mock_api(build(spec), spec).app) as url, httpx.Client() as http:
        seam = seam_action_attempts.Seam(api_key="bench", endpoint=url)
        headers = {"Authorization": "Bearer bench"}

        def bare() -> object:
            response = http.post(f"{url}/action_attempts/get", json={"action_attempt_id": SEED_ID}, headers=headers)
            response.raise_for_status()
            return response.json()["action_attempt"]

        def client() -> object:
            return seam.action_attempts.get(action_attempt_id=SEED_ID)

        bare(), client()
        bare_rate = rate(args.calls, args.rounds, bare)
        client_rate = rate(args.calls, args.rounds, client)
        seam.close()
    print(f"{args.calls} calls x {args.rounds} rounds against seamgen mock on loopback (best round)")
    print(f"bare httpx + json     {bare_rate:8.0f} calls/s")
    print(f"seam client (models)  {client_rate:8.0f} calls/s")
    print(f"ratio client / bare httpx: {client_rate / bare_rate:.3f} (goal: at least 0.85)")


if __name__ == "__main__":
    main()
