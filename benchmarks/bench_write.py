"""The write path: seamgen's transactional writer against plain ``Path.write_bytes`` of the same files.

The peer is the least a generator can do: write every file in place, with no staging, no journal,
no manifest and no care for files it did not write. The ratio is the price of never losing a file.
The tree is the committed ``generated/`` output replicated to ``--files`` files (690 is what the
full Seam spec's output holds), run on demand:

    python benchmarks/bench_write.py [--files 690] [--rounds 7]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from seamgen.writer import write

ROOT = Path(__file__).resolve().parent.parent


def corpus(count: int) -> dict[str, bytes]:
    """``count`` files shaped like real output: the generated tree's files, copied under numbered folders."""
    real = sorted(path for path in (ROOT / "generated").rglob("*") if path.is_file() and "seamgen" not in path.name)
    files: dict[str, bytes] = {}
    for index in range(count):
        source = real[index % len(real)]
        relative = source.relative_to(ROOT / "generated")
        files[f"{relative.parent}/copy{index // len(real)}/{relative.name}"] = source.read_bytes() + b"\n" * index
    return files


def plain(files: dict[str, bytes], out: Path) -> None:
    for relative, content in files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(content)


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=690)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = corpus(args.files)
    changed = {
        path: content + b"." if index % 10 == 0 else content for index, (path, content) in enumerate(files.items())
    }
    print(f"{len(files)} files, {sum(map(len, files.values())) // 1024} KiB; median of {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)

        def fresh(writer: Callable[[dict[str, bytes], Path], object]) -> Callable[[], object]:
            def run() -> object:
                out = base / "fresh"
                shutil.rmtree(out, ignore_errors=True)
                return writer(files, out)

            return run

        def alternating(writer: Callable[[dict[str, bytes], Path], object], name: str) -> Callable[[], object]:
            out, versions = base / name, itertools.cycle([changed, files])
            writer(files, out)
            return lambda: writer(next(versions), out)

        def same(writer: Callable[[dict[str, bytes], Path], object], name: str) -> Callable[[], object]:
            out = base / name
            writer(files, out)
            return lambda: writer(files, out)

        rows = [
            ("first write", fresh(write), fresh(plain)),
            ("regenerate, nothing changed", same(write, "same"), same(plain, "same-plain")),
            ("regenerate, 10% changed", alternating(write, "alt"), alternating(plain, "alt-plain")),
        ]
        for label, ours, peer in rows:
            seamgen_ms, plain_ms = median_ms(ours, args.rounds), median_ms(peer, args.rounds)
            print(f"{label:30} seamgen {seamgen_ms:7.1f} ms   plain writes {plain_ms:7.1f} ms   "
                  f"ratio {seamgen_ms / plain_ms:5.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
