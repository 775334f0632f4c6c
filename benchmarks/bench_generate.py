"""Cold ``seamgen generate`` against openapi-python-client and datamodel-code-generator, same specs, same run.

Issue 10 sets goals relative to openapi-python-client, the generator a Seam user would otherwise
reach for; datamodel-code-generator (models only, no client) is shown beside it for scale. Each
tool runs as a user runs it, from the command line, as a new process each round (cold: imports,
parsing and all), writing into a fresh folder; wall time and peak RSS come from GNU time
(``/usr/bin/time``, Debian's ``time`` package), which forks from a small process and so reports the
child's own peak. Rounds interleave the tools, so a noisy machine slows each alike; medians count.
Python keeps its bytecode in every child (``PYTHONDONTWRITEBYTECODE`` is dropped) and seamgen's
modules are compiled first, as pip compiles the peers' at install: cold means a new process, not
a first run after install. In the same spirit seamgen keeps its compiled templates in a cache
folder of this run's own, filled by its first round; the column ``seamgen, no cache`` runs it with
the cache off (``SEAMGEN_CACHE_DIR=""``), which is what a first run after install costs.

- seamgen: ``python -m seamgen generate SPEC --out OUT --quiet`` from a folder whose ``seamgen.toml``
  turns off every rule that may be relaxed (as ``survey.py`` does): real specs break our house rules,
  and the rules still run, only their findings are dropped. It writes the client and the docs.
- openapi-python-client: ``generate --path SPEC --output-path OUT --overwrite``, its defaults
  otherwise: ``--meta poetry`` and its post-hooks ``ruff check --fix-only`` and ``ruff format``
  (ruff comes with it), which a user gets unless they write a config to drop them.
- datamodel-code-generator: ``--input SPEC --input-file-type openapi --output OUT/models.py
  --output-model-type pydantic_v2.BaseModel``, its defaults otherwise (formatted with black and isort).

The peers, the official ``seam`` SDK whose import the generated package's (for ``seam.json``) is set
against, and that package's runtime (pydantic, httpx) are installed at pinned versions into their own
virtualenvs under ``benchmarks/.peers/`` (git-ignored) on first use, so they never meet seamgen's
environment. Seam's action-attempts subset is cut from ``seam.json`` into
``benchmarks/.corpus/seam-action-attempts.json``. Run on demand, never in CI (``python
benchmarks/corpus.py fetch seam github`` first; all four specs, three rounds: about 15 minutes here):

    python benchmarks/bench_generate.py [--specs seam,seam-action-attempts,ours,github] [--rounds 3]
    python benchmarks/bench_generate.py --profile seam   # where seamgen's time goes, in process

A tool that fails on a spec shows its exit code and the last line of its error, and that row no ratio.
The seamgen measured is the one of the interpreter running this script: to measure a commit while the
work tree changes, install a snapshot of it (``git archive``) into a virtualenv and run the script with
that virtualenv's ``python``.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import functools
import importlib
import json
import os
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from corpus import CORPUS

import seamgen
from seamgen.lint.severity import REQUIRED, RULE_IDS

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(__file__).resolve().parent / ".peers"
GNU_TIME = "/usr/bin/time"
SUBSET = CORPUS / "seam-action-attempts.json"

# Pinned: a newer peer may be faster or slower, and the ratios should move only when we do. The
# generated package imports in a virtualenv of its own too, with the runtime its pyproject asks for.
PEER_PACKAGES = {
    "openapi-python-client": ("openapi-python-client==0.29.1",),
    "datamodel-code-generator": ("datamodel-code-generator==0.89.0",),
    "seam": ("seam==3.18.0",),
    "generated-runtime": ("pydantic==2.14.4", "httpx==0.28.1", "typing-extensions==4.16.0"),
}
OPC, DCG = "openapi-python-client", "datamodel-code-generator"
UNCACHED = "seamgen, no cache"
TOOLS = ("seamgen", UNCACHED, OPC, DCG)


@dataclass(frozen=True)
class Goal:
    time: float  # at most this times openapi-python-client's wall time
    memory: float | None = None  # and this times its peak RSS


@dataclass(frozen=True)
class SpecCase:
    name: str
    file: Callable[[], Path]  # a function: the subset is cut only when asked for
    goal: Goal


SPECS = {
    case.name: case
    for case in (
        SpecCase("seam", lambda: CORPUS / "seam.json", Goal(0.25, 0.5)),
        SpecCase("seam-action-attempts", lambda: action_attempts_spec(), Goal(0.5)),
        SpecCase("ours", lambda: ROOT / "spec" / "openapi.yaml", Goal(0.5)),
        SpecCase("github", lambda: CORPUS / "github.json", Goal(1.0)),
    )
}
IMPORT_GOAL = 0.5  # importing our package for seam.json, at most this times `import seam`


@dataclass
class Run:
    exit: int | None  # None: killed at the timeout
    seconds: float
    peak_mb: float
    error: str  # the last line of its output when it failed

    @property
    def ok(self) -> bool:
        return self.exit == 0


# --- the peers' virtualenvs ---------------------------------------------------------------------


def peer_python(name: str) -> Path:
    """The interpreter of the peer's virtualenv, created and filled on first use (or a new pin)."""
    venv = PEERS / name
    marker = venv / "installed.txt"
    wanted = " ".join(PEER_PACKAGES[name])
    if not marker.is_file() or marker.read_text() != wanted:
        print(f"installing {wanted} into {venv.relative_to(ROOT)}", flush=True)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *PEER_PACKAGES[name]], check=True, env=user_env())
        marker.write_text(wanted)
    return venv / "bin" / "python"


def user_env(**extra: str) -> dict[str, str]:
    """This environment as a user's: Python keeps its bytecode (pip compiles it at install too)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def peer_env(name: str) -> dict[str, str]:
    """The environment of an activated virtualenv: openapi-python-client's post-hooks find its ruff."""
    bin_folder = peer_python(name).parent
    return user_env(VIRTUAL_ENV=str(bin_folder.parent), PATH=f"{bin_folder}{os.pathsep}{os.environ['PATH']}")


# --- specs --------------------------------------------------------------------------------------


def action_attempts_subset(document: dict[str, Any]) -> dict[str, Any]:
    """The paths under ``/action_attempts/`` and every component they reach through ``$ref``s,
    with the document's openapi, info, servers, security, security schemes and the tags they use."""
    paths = {route: item for route, item in document["paths"].items() if route.startswith("/action_attempts/")}
    components = document.get("components", {})
    kept: set[tuple[str, str]] = set()
    pending: list[Any] = [paths]
    while pending:
        for ref in _refs(pending.pop()):
            kind, _, name = ref.removeprefix("#/components/").partition("/")
            key = (kind, name.replace("~1", "/").replace("~0", "~"))
            if key not in kept:
                kept.add(key)
                pending.append(components[kind][key[1]])
    subset: dict[str, Any] = {
        key: document[key] for key in ("openapi", "info", "servers", "security") if key in document
    }
    operations = [op for item in paths.values() for op in item.values() if isinstance(op, dict)]
    used_tags = {tag for op in operations for tag in op.get("tags", [])}
    if "tags" in document:
        subset["tags"] = [tag for tag in document["tags"] if tag["name"] in used_tags]
    subset["paths"] = paths
    subset["components"] = {
        kind: {name: schema for name, schema in table.items() if (kind, name) in kept}
        for kind, table in components.items()
        if kind != "securitySchemes"
    }
    if "securitySchemes" in components:
        subset["components"]["securitySchemes"] = components["securitySchemes"]
    subset["components"] = {kind: table for kind, table in subset["components"].items() if table}
    return subset


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


@functools.cache
def action_attempts_spec() -> Path:
    """``seam-action-attempts.json`` in the corpus folder, cut from ``seam.json`` (rewritten only if it changed)."""
    document = json.loads((CORPUS / "seam.json").read_text(encoding="utf-8"))
    text = json.dumps(action_attempts_subset(document), indent=2) + "\n"
    if not SUBSET.is_file() or SUBSET.read_text(encoding="utf-8") != text:
        SUBSET.write_text(text, encoding="utf-8")
    return SUBSET


# --- running and measuring ----------------------------------------------------------------------


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800) -> Run:
    """Run ``command`` under GNU time: its wall time, its peak RSS, and its last words if it failed."""
    report = cwd / ".time"
    timed = [GNU_TIME, "--format", "%e %M", "--output", str(report), *command]
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            timed, cwd=cwd, env=env or user_env(), stdout=output, stderr=output, start_new_session=True
        )
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            report.unlink(missing_ok=True)
            return Run(None, timeout, 0.0, f"killed after {timeout:.0f} s")
        output.seek(0)
        said = output.read().decode("utf-8", "replace")
    # GNU time writes "Command exited with non-zero status N" before its figures when the command fails.
    seconds, peak_kb = report.read_text().split()[-2:]
    report.unlink()
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return Run(process.returncode, float(seconds), int(peak_kb) / 1024, lines[-1] if lines else "")


def relaxed_config(work: Path) -> None:
    """A ``seamgen.toml`` in ``work`` that turns off every rule a project may relax."""
    rules = "".join(f'"{rule}" = "off"\n' for rule in sorted(RULE_IDS - REQUIRED))
    (work / "seamgen.toml").write_text(f"[rules]\n{rules}", encoding="utf-8")


def generate(tool: str, spec: Path, work: Path, out: Path) -> Run:
    """One cold run of ``tool`` on ``spec`` into the fresh folder ``out``, from ``work``."""
    if tool in ("seamgen", UNCACHED):
        command = [sys.executable, "-m", "seamgen", "generate", str(spec), "--out", str(out), "--quiet"]
        cache = str(work / "template-cache") if tool == "seamgen" else ""
        return measure(command, work, user_env(SEAMGEN_CACHE_DIR=cache))
    out.mkdir(parents=True)
    bin_folder = peer_python(tool).parent
    if tool == OPC:
        command = [str(bin_folder / OPC), "generate", "--path", str(spec), "--output-path", str(out / "client")]
        return measure([*command, "--overwrite"], out, peer_env(tool))
    command = [str(bin_folder / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi"]
    command += ["--output", str(out / "models.py"), "--output-model-type", "pydantic_v2.BaseModel"]
    return measure(command, out, peer_env(tool))


def median_run(runs: list[Run]) -> Run:
    """The median of the rounds, with the first failure's exit and error if any round failed."""
    failed = [run for run in runs if not run.ok] or [runs[0]]
    seconds, peak_mb = statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs)
    return Run(failed[0].exit, seconds, peak_mb, failed[0].error)


def bench_spec(case: SpecCase, rounds: int, work: Path, keep: Path | None = None) -> dict[str, Run]:
    """Every tool on one spec, ``rounds`` times, interleaved; seamgen's last output moved to ``keep``."""
    spec = case.file()
    runs: dict[str, list[Run]] = {tool: [] for tool in TOOLS}
    for index in range(rounds):
        print(f"{case.name}: round {index + 1}/{rounds}", end="", flush=True)
        for tool in TOOLS:
            out = work / f"{tool}-{case.name}-{index}"
            run = generate(tool, spec, work, out)
            runs[tool].append(run)
            print(f", {tool} {run.seconds:.1f} s" + ("" if run.ok else f" (exit {run.exit})"), end="", flush=True)
            if tool == "seamgen" and keep is not None and run.ok:
                shutil.rmtree(keep, ignore_errors=True)
                out.rename(keep)
            shutil.rmtree(out, ignore_errors=True)
        print(flush=True)
    return {tool: median_run(tool_runs) for tool, tool_runs in runs.items()}


def import_cost(python: Path, module: str, rounds: int, env: dict[str, str] | None, cwd: Path) -> Run:
    """Median wall time and peak RSS of ``python -c "import module"``, less those of ``python -c pass``."""
    imports = [measure([str(python), "-c", f"import {module}"], cwd, env) for _ in range(rounds)]
    bare = median_run([measure([str(python), "-c", "pass"], cwd, env) for _ in range(rounds)])
    result = median_run(imports)
    if not result.ok:
        return result
    return Run(0, result.seconds - bare.seconds, result.peak_mb - bare.peak_mb, "")


def bench_import(generated: Path | None, rounds: int, work: Path) -> tuple[Run, Run]:
    """Importing our package for seam.json and the ``seam`` SDK, each by its own virtualenv's interpreter."""
    sdk = import_cost(peer_python("seam"), "seam", rounds, None, work)
    src = generated / "python" / "src" if generated else None
    packages = sorted(path.name for path in src.iterdir() if path.is_dir()) if src and src.is_dir() else []
    if not packages:
        return Run(1, 0.0, 0.0, "seamgen generate did not succeed on seam.json: no package to import"), sdk
    compileall.compile_dir(src, quiet=2)  # as pip would at install; the import says what fails
    runtime = peer_python("generated-runtime")
    return import_cost(runtime, packages[0], rounds, user_env(PYTHONPATH=str(src)), work), sdk


# --- the report ---------------------------------------------------------------------------------


def exit_text(run: Run) -> str:
    return "timeout" if run.exit is None else f"exit {run.exit}"


def cell(run: Run) -> str:
    if not run.ok:
        return f"{exit_text(run)} after {run.seconds:.1f} s"
    return f"{run.seconds:7.2f} s {run.peak_mb:5.0f} MB"


def compared(ours: Run, peer: Run, field: str, goal: float | None = None) -> str:
    """``ours / peer`` of ``field``, against ``goal`` if there is one; no ratio when either failed."""
    if not (ours.ok and peer.ok):
        failed = f"ours {exit_text(ours)}" if not ours.ok else f"peer {exit_text(peer)}"
        judged = "FAIL" if not ours.ok else "not judged"
        return f"  -   ({failed}" + (f"; goal <= {goal:.2f}x {judged})" if goal else ")")
    value = getattr(ours, field) / getattr(peer, field)
    if goal is None:
        return f"{value:5.2f}x"
    return f"{value:5.2f}x (goal <= {goal:.2f}x {'PASS' if value <= goal else 'FAIL'})"


def report(results: dict[str, dict[str, Run]], imports: tuple[Run, Run] | None, rounds: int) -> None:
    print(f"\ncold generate: median of {rounds} rounds, wall time and peak RSS (GNU time); 2 shared cores, noisy")
    print(f"{'spec':<22}{'MB':>6}  " + "".join(f"{tool:<26}" for tool in TOOLS))
    for name, runs in results.items():
        size = SPECS[name].file().stat().st_size / 1e6
        print(f"{name:<22}{size:6.2f}  " + "".join(f"{cell(runs[tool]):<26}" for tool in TOOLS))
    print("\nratios seamgen / peer (lower is better); the issue's goals are against openapi-python-client")
    for name, runs in results.items():
        goal = SPECS[name].goal
        for ours, peer, time_goal, memory_goal in (
            ("seamgen", OPC, goal.time, goal.memory),
            ("seamgen", DCG, None, None),
            (UNCACHED, OPC, None, None),
        ):
            time_text = compared(runs[ours], runs[peer], "seconds", time_goal)
            memory_text = compared(runs[ours], runs[peer], "peak_mb", memory_goal)
            label = name if (ours, peer) == ("seamgen", OPC) else ("(no cache)" if ours == UNCACHED else "")
            print(f"{label:<22}vs {peer:<26} time {time_text:<44} memory {memory_text}")
    failures = [(name, tool, run) for name, runs in results.items() for tool, run in runs.items() if not run.ok]
    if failures:
        print("\nfailures (exit code, last line of output):")
        for name, tool, run in failures:
            print(f"  {tool} on {name}: {exit_text(run)}: {run.error}")
    if imports:
        ours, sdk = imports
        print(f"\nimport, median of {rounds} rounds, less `python -c pass` (bytecode compiled, as after pip install):")
        for label, run in (
            ("seamgen's package for seam.json", ours),
            (f"official SDK {PEER_PACKAGES['seam'][0]}", sdk),
        ):
            print(f"  {label:<34}{cell(run) if run.ok else f'{exit_text(run)}: {run.error}'}")
        time_text, memory_text = compared(ours, sdk, "seconds", IMPORT_GOAL), compared(ours, sdk, "peak_mb")
        print(f"  {'ratio':<34}time {time_text}, memory {memory_text}")


# --- in-process profile -------------------------------------------------------------------------


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


# The pipeline's steps: (label, module, name) of the call that does each, as the CLI reaches it.
STEPS = (
    ("load (parse, with positions)", "seamgen.pipeline", "load"),
    ("validate (all rules)", "seamgen.pipeline", "lint"),
    ("build (the model)", "seamgen.pipeline", "build"),
    ("render (templates, compile)", "seamgen.pipeline", "render"),
    ("write (stage, journal, rename)", "seamgen.cli", "write"),
)


def run_generate(spec: Path, work: Path, out: str) -> tuple[int, float]:
    """``seamgen generate`` in this process, from ``work``: its exit code and wall time."""
    from seamgen.cli import main as seamgen_main

    with inside(work):
        started = time.perf_counter()
        code = seamgen_main(["generate", str(spec), "--out", out, "--quiet"])
        return code, time.perf_counter() - started


def timed_steps(spec: Path, work: Path) -> tuple[int, float, dict[str, float]]:
    """One run with each step's function wrapped in a timer: seconds by step, without the profiler's
    overhead (which is several times the run on template-heavy code, and skews the split)."""
    spent = dict.fromkeys([label for label, _, _ in STEPS], 0.0)

    def timer(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started

        return timed

    with ExitStack() as patches:
        for label, module, name in STEPS:
            target = importlib.import_module(module)
            patches.enter_context(mock.patch.object(target, name, timer(label, getattr(target, name))))
        code, total = run_generate(spec, work, "out-timed")
    return code, total, spent


def profile(case: SpecCase, work: Path) -> None:
    """Where seamgen's time goes on one spec, in this process (imports done): by step, timed
    plainly; then the top 25 calls by cumulative time and the top 15 by own time, under cProfile."""
    spec = case.file()
    relaxed_config(work)
    code, total, spent = timed_steps(spec, work)
    print(f"seamgen generate {case.name} in process, imports done: exit {code}, {total:.2f} s")
    for label, seconds in [*spent.items(), ("the rest (config, hash, report)", total - sum(spent.values()))]:
        print(f"  {label:<32}{seconds:7.2f} s {seconds / total:6.1%}")
    profiler = cProfile.Profile()
    profiler.enable()
    code, total = run_generate(spec, work, "out-profiled")
    profiler.disable()
    print(f"\nthe same under cProfile: exit {code}, {total:.2f} s")
    print_profile(profiler)


def print_profile(profiler: cProfile.Profile) -> None:
    """The top 25 calls by cumulative time and the top 15 by own time."""
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", default=",".join(SPECS), help=f"comma-separated: {', '.join(SPECS)} (default all)")
    parser.add_argument("--rounds", type=int, default=3, help="cold runs per tool and spec, median (default 3)")
    parser.add_argument("--profile", metavar="SPEC", choices=SPECS, help="profile seamgen generate on SPEC instead")
    args = parser.parse_args()
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit(f"{GNU_TIME} is missing: apt-get install -y time")
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as folder:
        work = Path(folder)
        if args.profile:
            profile(SPECS[args.profile], work)
            return
        names = [name.strip() for name in args.specs.split(",") if name.strip()]
        unknown = [name for name in names if name not in SPECS]
        if unknown:
            parser.error(f"--specs: unknown {', '.join(unknown)}; choose from {', '.join(SPECS)}")
        relaxed_config(work)
        compileall.compile_dir(Path(seamgen.__file__).parent, quiet=1)  # an editable install has no bytecode yet
        kept = work / "seamgen-seam"
        results = {name: bench_spec(SPECS[name], args.rounds, work, kept if name == "seam" else None) for name in names}
        imports = bench_import(kept if kept.is_dir() else None, args.rounds, work) if "seam" in names else None
        report(results, imports, args.rounds)


if __name__ == "__main__":
    main()
