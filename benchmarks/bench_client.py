"""Calls per second of generated clients against bare httpx, on one local server.

Three calls: Seam's ``action_attempts.get`` (a POST with a JSON body, ``spec/openapi.yaml``), and, from
a small REST spec below, a form body with a deepObject field and a GET with a path parameter. Each
client is generated from the current templates into a temporary folder. Both sides send the same
request to the same mock server (``seamgen mock`` in a process of its own) over one keep-alive
connection, in alternating rounds; bare httpx only decodes the JSON, the client also builds the
request from the spec's styles, validates the answer into models and would retry. The ratio is what
the client's conveniences cost. Run on demand:

    python benchmarks/bench_client.py [--calls N] [--rounds R]
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import httpx

from seamgen.cli import main as seamgen

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "f7d02670-128a-49f1-b615-b44a2808e5c4"
GOAL = 0.85
SHOP = """\
openapi: 3.1.0
info: {title: Bench Shop, version: "1"}
paths:
  /customers:
    post:
      operationId: customersCreate
      tags: [customers]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [email]
              properties:
                email: {type: string}
                metadata: {type: object, additionalProperties: {type: string}}
            encoding: {metadata: {style: deepObject, explode: true}}
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Customer"}}}}
  /customers/{customer_id}:
    get:
      operationId: customersGet
      tags: [customers]
      parameters: [{name: customer_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Customer"}}}}
components:
  schemas:
    Customer:
      type: object
      required: [id, email]
      properties: {id: {type: string}, email: {type: string}}
      example: {id: cus_1, email: a@example.com}
"""


def seconds(calls: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        work()
    return time.perf_counter() - started


@contextmanager
def generated(spec: Path, package: str, folder: Path) -> Iterator[tuple[ModuleType, str]]:
    """The package generated from ``spec``, imported, and the URL of ``seamgen mock`` serving the spec
    in a process of its own (in a thread it would share the interpreter with the calls it answers)."""
    out = folder / package
    assert seamgen(["generate", "--spec", str(spec), "--out", str(out), "--package-name", package, "--quiet"]) == 0
    sys.path.insert(0, str(out / "python" / "src"))
    command = [sys.executable, "-m", "seamgen", "mock", "--spec", str(spec), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()  # "seamgen mock: serving <spec> on http://127.0.0.1:<port> ..."
        yield importlib.import_module(package), banner.split(" on ")[1].split()[0]
    finally:
        server.terminate()
        server.wait()


def compare(label: str, args: argparse.Namespace, bare: Callable[[], object], client: Callable[[], object]) -> float:
    """Calls per second of each side, best round of each; the rounds alternate, so a slower moment
    of a shared machine slows both alike."""
    bare(), client()
    rounds = [(seconds(args.calls, bare), seconds(args.calls, client)) for _ in range(args.rounds)]
    bare_rate, client_rate = args.calls / min(b for b, _ in rounds), args.calls / min(c for _, c in rounds)
    ratio = client_rate / bare_rate
    print(f"{label:<42} bare httpx {bare_rate:6.0f}/s  client {client_rate:6.0f}/s  ratio {ratio:.3f}")
    return ratio


def seam_ratios(args: argparse.Namespace, folder: Path, http: httpx.Client) -> list[float]:
    spec = ROOT / "spec" / "openapi.yaml"
    with generated(spec, "bench_seam", folder) as (package, url), package.Seam(api_key="bench", endpoint=url) as seam:
        return [
            compare(
                "POST JSON (action_attempts.get)",
                args,
                lambda: http.post(
                    f"{url}/action_attempts/get",
                    json={"action_attempt_id": SEED_ID},
                    headers={"Authorization": "Bearer bench"},
                ).json()["action_attempt"],
                lambda: seam.action_attempts.get(action_attempt_id=SEED_ID),
            )
        ]


def shop_ratios(args: argparse.Namespace, folder: Path, http: httpx.Client) -> list[float]:
    (folder / "shop.yaml").write_text(SHOP, encoding="utf-8")
    with (
        generated(folder / "shop.yaml", "bench_shop", folder) as (package, url),
        package.BenchShop(api_key="bench", endpoint=url) as shop,
    ):
        form = {"email": "a@example.com", "metadata[plan]": "pro"}
        return [
            compare(
                "POST form, deepObject (customers.create)",
                args,
                lambda: http.post(f"{url}/customers", data=form).json(),
                lambda: shop.customers.create(email="a@example.com", metadata={"plan": "pro"}),
            ),
            compare(
                "GET path parameter (customers.get)",
                args,
                lambda: http.get(f"{url}/customers/cus_1").json(),
                lambda: shop.customers.get(customer_id="cus_1"),
            ),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500, help="calls per round (default 500)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best counts (default 5)")
    args = parser.parse_args()
    print(f"{args.calls} calls x {args.rounds} rounds against seamgen mock on loopback (best round)")
    with tempfile.TemporaryDirectory() as folder, httpx.Client() as http:
        ratios = seam_ratios(args, Path(folder), http) + shop_ratios(args, Path(folder), http)
    print(f"lowest ratio client / bare httpx: {min(ratios):.3f} (goal: at least {GOAL})")


if __name__ == "__main__":
    main()
