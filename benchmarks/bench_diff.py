"""``seamgen diff`` against Redocly CLI's ``diff`` on two releases of Seam's full spec, same run.

Issue 13 sets the goal: diffing two versions of Seam's full spec (4.2 and 4.3 MB of JSON) takes no
longer than Redocly CLI's ``diff`` on the same pair. Both run as a user runs them, from the command
line, as a new process each round (cold: start-up, parsing and all), printing their JSON report to
stdout:

- seamgen: ``python -m seamgen diff BASE HEAD --format json --fail-on any``;
- Redocly: ``redocly diff BASE HEAD --format json`` (``@redocly/cli``, pinned in ``diff_history.py``,
  on this machine's ``node``), its telemetry off, as it cannot reach its host from here anyway.

Both exit 1 when they find changes at their ``--fail-on`` level, which they do on this pair: exit 0
and 1 count as success, anything else is a failure with its last line shown. Wall time and peak
RSS come from GNU time (``measure`` in ``bench_generate.py``); rounds alternate the tools so a
noisy machine slows each alike, and medians count. One untimed run of each first checks that both
print a JSON report (and warms the page cache for both alike). Run on demand, never in CI (about
20 s per round here):

    python benchmarks/bench_diff.py [--base 1.956.0] [--head 1.977.0] [--rounds 3]
    python benchmarks/bench_diff.py --profile   # seamgen in process under cProfile: the top calls

The seamgen measured is the one of the interpreter running this script.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench_generate import GNU_TIME, Run, compared, exit_text, measure, median_run, print_profile, user_env
from diff_history import REDOCLY, VERSIONS, redocly_bin, redocly_env, seam_spec, seamgen_command

import seamgen

GOAL = 1.0  # seamgen's wall time at most this times Redocly's
TOOLS = ("seamgen", "redocly")
SUCCESS = (0, 1)  # 1: changes found at the --fail-on level


def command(tool: str, base: Path, head: Path) -> list[str]:
    """The command line a user types, JSON to stdout."""
    if tool == "seamgen":
        return seamgen_command(base, head)
    return [str(redocly_bin()), "diff", str(base), str(head), "--format", "json"]


def environment(tool: str) -> dict[str, str]:
    return user_env() if tool == "seamgen" else redocly_env()


def as_success(run: Run) -> Run:
    """A run that exited 0 or 1 as ``ok`` (exit 0), so the ratios of ``bench_generate`` apply."""
    return replace(run, exit=0) if run.exit in SUCCESS else run


def check_outputs(base: Path, head: Path, work: Path) -> dict[str, str]:
    """One untimed run of each tool: a JSON report on stdout and an expected exit, summed up in a line."""
    said: dict[str, str] = {}
    for tool in TOOLS:
        result = subprocess.run(
            command(tool, base, head), capture_output=True, text=True, cwd=work, env=environment(tool)
        )
        if result.returncode not in SUCCESS:
            sys.exit(f"{tool} exited {result.returncode} on the check run:\n{result.stderr[-3000:]}")
        report = json.loads(result.stdout)
        items = report if tool == "seamgen" else report["changes"]
        said[tool] = f"exit {result.returncode}, {len(items)} changes"
    return said


def bench(base: Path, head: Path, rounds: int, work: Path) -> dict[str, Run]:
    """Both tools ``rounds`` times, alternating, the order flipped every round; their medians."""
    runs: dict[str, list[Run]] = {tool: [] for tool in TOOLS}
    for index in range(rounds):
        order = TOOLS if index % 2 == 0 else TOOLS[::-1]
        print(f"round {index + 1}/{rounds}", end="", flush=True)
        for tool in order:
            run = as_success(measure(command(tool, base, head), work, environment(tool)))
            runs[tool].append(run)
            print(f", {tool} {run.seconds:.2f} s" + ("" if run.ok else f" ({exit_text(run)})"), end="", flush=True)
        print(flush=True)
    return {tool: median_run(tool_runs) for tool, tool_runs in runs.items()}


def report(results: dict[str, Run], said: dict[str, str], base: Path, head: Path, rounds: int) -> None:
    sizes = f"{base.stat().st_size / 1e6:.2f} MB -> {head.stat().st_size / 1e6:.2f} MB"
    print(f"\ncold diff of {base.name} -> {head.name} ({sizes}): median of {rounds} rounds, wall time and peak RSS")
    for tool, run in results.items():
        label = "seamgen" if tool == "seamgen" else f"redocly {REDOCLY[1]}"
        figures = f"{run.seconds:7.2f} s {run.peak_mb:6.0f} MB" if run.ok else f"{exit_text(run)}: {run.error}"
        print(f"  {label:<16}{figures}   ({said[tool]})")
    ours, peer = results["seamgen"], results["redocly"]
    time_text, memory_text = compared(ours, peer, "seconds", GOAL), compared(ours, peer, "peak_mb")
    print(f"  ratio seamgen / redocly: time {time_text}, memory {memory_text}")


def profile(base: Path, head: Path) -> None:
    """seamgen diff in this process under cProfile (imports done): the top 25 calls by cumulative
    time and the top 15 by own time, to find where the time goes when the ratio fails."""
    from seamgen.cli import main as seamgen_main

    profiler = cProfile.Profile()
    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        try:
            profiler.enable()
            code = seamgen_main(["diff", str(base), str(head), "--format", "json", "--fail-on", "any"])
            profiler.disable()
        finally:
            sys.stdout = stdout
    print(f"seamgen diff {base.name} {head.name} in process under cProfile: exit {code}")
    print_profile(profiler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="1.956.0", choices=VERSIONS, help="@seamapi/types version (default 1.956.0)")
    parser.add_argument("--head", default="1.977.0", choices=VERSIONS, help="@seamapi/types version (default 1.977.0)")
    parser.add_argument("--rounds", type=int, default=3, help="cold runs per tool, median (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile seamgen diff in process instead")
    args = parser.parse_args()
    base, head = seam_spec(args.base), seam_spec(args.head)
    if args.profile:
        profile(base, head)
        return
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"{GNU_TIME} is missing: apt-get install -y time")
    compileall.compile_dir(Path(seamgen.__file__).parent, quiet=1)  # an editable install has no bytecode yet
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as folder:
        work = Path(folder)
        said = check_outputs(base, head, work)
        results = bench(base, head, args.rounds, work)
        report(results, said, base, head, args.rounds)


if __name__ == "__main__":
    main()
