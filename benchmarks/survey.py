"""How seamgen fares on the real public specs of ``corpus.py``: where it stops, and how far it gets.

For each fetched spec (``python benchmarks/corpus.py fetch`` first) it runs what a user would, each
step a subprocess timed and measured (wall time, peak RSS from ``wait4``) with a timeout:

1. ``seamgen validate --format json`` with the default severities: exit code, findings by rule.
2. ``seamgen generate`` with every rule that may be relaxed turned off (a ``seamgen.toml`` in the
   work folder): real specs break house rules (descriptions, examples), and what we want to learn
   is whether the generator copes with the shapes beyond them. Validate's exit says whether a bare
   ``generate`` would have refused.
3. On the generated package: ``import``, ``ruff check``, and ``mypy --strict`` (skipped above 5 MB
   of spec: it would take longer than the rest put together).

Any output holding a ``Traceback`` is a crash, listed apart. The report (a table, then details for
each spec) goes to stdout and ``benchmarks/.corpus/survey.md``; outputs and logs stay in
``benchmarks/.corpus/work/<name>/`` to dig in. Run on demand:

    python benchmarks/survey.py [NAME ...] [--timeout 600] [--no-mypy]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from corpus import CORPUS, SPECS, Spec

from seamgen.lint.severity import REQUIRED, RULE_IDS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MYPY_LIMIT = 5_000_000
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
CRASH = "Traceback (most recent call last)"


@dataclass
class Step:
    exit: int | None  # None: killed at the timeout
    seconds: float
    peak_mb: float
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


@dataclass
class Result:
    spec: Spec
    steps: dict[str, Step] = field(default_factory=dict)
    findings: list[dict[str, object]] = field(default_factory=list)
    files: int = 0
    package: str | None = None
    ruff: list[dict[str, object]] = field(default_factory=list)
    mypy: list[str] = field(default_factory=list)


def tool(name: str) -> str:
    """The virtualenv's own copy of a command (seamgen, ruff, mypy), else the one on PATH."""
    return shutil.which(name, path=str(BIN)) or name


def run(command: list[str], cwd: Path, log: Path, timeout: float, env: dict[str, str] | None = None) -> Step:
    """Run ``command`` to completion or ``timeout``, with its wall time and peak RSS.

    Linux carries a process's RSS high-water mark across exec, so a child forked from this (large)
    process reports at least our size through wait4; GNU time, forking from a 2 MB process, reports
    the command's own peak. Without /usr/bin/time the wait4 figure stands, floored at our size.
    """
    rss = Path(f"{log}.rss")
    if GNU_TIME:
        command = [GNU_TIME, "--format", "%M", "--output", str(rss), *command]
    start = time.perf_counter()
    with open(f"{log}.out", "w+b") as out, open(f"{log}.err", "w+b") as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        killed = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        texts = [stream.read().decode("utf-8", "replace") for stream in (out, err)]
    measured = rss.read_text().split() if rss.is_file() else []
    peak_kb = int(measured[-1]) if measured and measured[-1].isdigit() else usage.ru_maxrss
    return Step(None if killed else process.returncode, seconds, peak_kb / 1024, *texts)


def survey(spec: Spec, work: Path, timeout: float, mypy: bool) -> Result:
    result = Result(spec)
    here = work / spec.name
    shutil.rmtree(here, ignore_errors=True)
    (here / "logs").mkdir(parents=True)
    logs = here / "logs"
    print(f"{spec.name}: validate", end="", flush=True)
    step = result.steps["validate"] = run(
        [tool("seamgen"), "validate", "--format", "json", str(spec.file)], here, logs / "validate", timeout
    )
    with contextlib.suppress(ValueError):  # no JSON: the crash or error shows in the details
        result.findings = json.loads(step.out)
    relaxed = "".join(f'"{rule}" = "off"\n' for rule in sorted(RULE_IDS - REQUIRED))
    (here / "seamgen.toml").write_text(f"[rules]\n{relaxed}")
    print(", generate", end="", flush=True)
    out = here / "out"
    result.steps["generate"] = run(
        [tool("seamgen"), "generate", "--quiet", "--out", str(out), str(spec.file)], here, logs / "generate", timeout
    )
    result.files = sum(1 for path in out.rglob("*") if path.is_file()) if out.is_dir() else 0
    src = out / "python" / "src"
    packages = sorted(path.name for path in src.iterdir() if path.is_dir()) if src.is_dir() else []
    if packages:
        result.package = packages[0]
        print(", import", end="", flush=True)
        env = {**os.environ, "PYTHONPATH": str(src)}
        command = [sys.executable, "-c", f"import {result.package}"]
        result.steps["import"] = run(command, here, logs / "import", timeout, env)
        print(", ruff", end="", flush=True)
        command = [tool("ruff"), "check", "--no-cache", "--output-format", "json", str(out / "python")]
        step = result.steps["ruff"] = run(command, here, logs / "ruff", timeout)
        with contextlib.suppress(ValueError):
            result.ruff = json.loads(step.out)
        if mypy and spec.file.stat().st_size <= MYPY_LIMIT:
            print(", mypy", end="", flush=True)
            command = [tool("mypy"), "--strict", "--cache-dir", str(here / "mypy-cache"), "-p", result.package]
            step = result.steps["mypy"] = run(command, src, logs / "mypy", timeout)
            result.mypy = [line for line in step.out.splitlines() if ": error:" in line]
    print(flush=True)
    return result


def last_line(text: str) -> str:
    """The line that names an error: a traceback's exception, else the last line said."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def cell(text: str, width: int = 90) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def exit_of(step: Step | None) -> str:
    if step is None:
        return "-"
    return "timeout" if step.exit is None else str(step.exit)


def row(result: Result) -> list[str]:
    steps = result.steps
    validate, generate = steps["validate"], steps["generate"]
    severities = Counter(str(finding["severity"]) for finding in result.findings)
    rules = Counter(f"{finding['rule']}{'!' if finding['severity'] == 'error' else ''}" for finding in result.findings)
    top = ", ".join(f"{rule}:{count}" for rule, count in rules.most_common(5))
    imported = steps.get("import")
    if imported is None:
        import_cell = "-"
    elif imported.exit == 0:
        import_cell = "ok"
    else:
        import_cell = cell(last_line(imported.err) or exit_of(imported), 60)
    return [
        result.spec.name,
        f"{result.spec.file.stat().st_size / 1e6:.2f}",
        exit_of(validate),
        f"{validate.seconds:.1f}",
        f"{severities['error']}/{severities['warning']}",
        top or "-",
        exit_of(generate),
        f"{generate.seconds:.1f}",
        f"{generate.peak_mb:.0f}",
        str(result.files),
        import_cell,
        str(len(result.ruff)) if "ruff" in steps else "-",
        mypy_cell(result),
        ", ".join(name for name, step in steps.items() if name != "import" and CRASH in step.err) or "-",
    ]


def mypy_cell(result: Result) -> str:
    """Error count; mypy stops at a syntax error, so such a count is only of those."""
    mypy = result.steps.get("mypy")
    if mypy is None:
        return "-"
    if mypy.exit is None:
        return "timeout"
    syntax = any(line.endswith("[syntax]") for line in result.mypy)
    return f"{len(result.mypy)}{' (syntax)' if syntax else ''}"


HEADER = [
    "spec", "MB", "validate exit", "validate s", "errors/warnings", "top rules (! = error)",
    "generate exit (relaxed)", "generate s", "peak MB", "files", "import", "ruff", "mypy", "traceback in",
]  # fmt: skip


def details(result: Result) -> list[str]:
    """The evidence for failure classes: first messages per rule or code, crashes, errors."""
    lines = [f"### {result.spec.name}", "", f"Source: `{result.spec.source}`", ""]
    for name, step in result.steps.items():
        if name != "import" and CRASH in step.err:  # a failed import is its own column
            lines.append(f"- **TRACEBACK in {name}**: `{cell(last_line(step.err), 200)}`")
    seen: set[str] = set()
    for finding in result.findings:
        rule = str(finding["rule"])
        if finding["severity"] == "error" and rule not in seen:
            seen.add(rule)
            where = f"{Path(str(finding['file'])).name}:{finding['line']}"
            lines.append(f"- validate `{rule}`: {where}: {cell(str(finding['message']), 200)}")
    generate = result.steps["generate"]
    if generate.exit != 0:
        errors = [line for line in generate.output.splitlines() if "warning:" not in line and line.strip()]
        lines += [f"- generate: `{cell(line, 240)}`" for line in errors[:5]]
    imported = result.steps.get("import")
    if imported and imported.exit != 0:
        frames = re.findall(r'File "([^"]+)", line (\d+)', imported.err)
        at = f" at {Path(frames[-1][0]).name}:{frames[-1][1]}" if frames else ""
        lines.append(f"- import{at}: `{cell(last_line(imported.err), 200)}`")
    by_code: dict[str, dict[str, object]] = {}
    for item in result.ruff:
        by_code.setdefault(str(item.get("code") or "syntax"), item)
    counts = Counter(str(item.get("code") or "syntax") for item in result.ruff)
    for code, count in counts.most_common(6):
        item = by_code[code]
        location = item.get("location") or {}
        where = f"{Path(str(item['filename'])).name}:{location.get('row', '?')}" if isinstance(location, dict) else ""
        lines.append(f"- ruff {code} x{count}: {where}: {cell(str(item['message']), 160)}")
    codes = Counter(match.group(1) for line in result.mypy if (match := re.search(r"\[([a-z-]+)\]$", line)))
    for code, count in codes.most_common(6):
        first = next(line for line in result.mypy if line.endswith(f"[{code}]"))
        lines.append(f"- mypy [{code}] x{count}: `{cell(first, 200)}`")
    return [*lines, ""]


def report(results: list[Result]) -> str:
    revision = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"# seamgen on the real-spec corpus ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, seamgen {revision})",
        "",
        "`generate` runs with every relaxable rule off; a validate exit of 1 means a bare generate refuses.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(cell(text) for text in row(result)) + " |" for result in results]
    lines += ["", "## Details", ""]
    for result in results:
        lines += details(result)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="specs to survey (default: every fetched one)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per step (default 600)")
    parser.add_argument("--no-mypy", action="store_true", help="skip mypy --strict")
    args = parser.parse_args()
    specs = [spec for spec in SPECS if not args.names or spec.name in args.names]
    missing = [spec.name for spec in specs if not spec.file.is_file()]
    if missing:
        sys.exit(f"not fetched: {', '.join(missing)} (run: python benchmarks/corpus.py fetch)")
    work = CORPUS / "work"
    results = [survey(spec, work, args.timeout, not args.no_mypy) for spec in specs]
    text = report(results)
    (CORPUS / "survey.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
