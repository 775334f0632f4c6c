"""The ``seamgen diff`` subcommand: its arguments, and a run that turns every bad input into a message."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from seamgen.diff import generated
from seamgen.diff.changelog import changelog
from seamgen.diff.context import Pair
from seamgen.diff.findings import FAIL_ON, FORMATS, Finding, fails, render, summary
from seamgen.diff.operations import compare_specs
from seamgen.diff.policy import Policy, read_ignore_file
from seamgen.diff.rules import VERSION_RULE
from seamgen.diff.sources import DiffInputError, read_side
from seamgen.diff.symbols import annotate
from seamgen.diff.version import CAUSES, declared, not_bumped, plan
from seamgen.diff.wellformed import problems

HELP = "Print the changes from BASE to HEAD, each rated breaking, potentially-breaking or non-breaking."
SIDE_HELP = "a spec file, or git:REF[:PATH] for the spec at a git revision (PATH defaults to the config's spec)"
_VERSION_FORMATS = ("text", "json")  # what --suggest-version prints: a version, not findings


def add_parser(commands: Any) -> None:
    """Add ``diff`` to the subcommands (``commands`` is argparse's subparsers action)."""
    sub: argparse.ArgumentParser = commands.add_parser("diff", help=HELP, description=HELP)
    sub.add_argument("base", metavar="BASE", help=SIDE_HELP)
    sub.add_argument("head", metavar="HEAD", help=SIDE_HELP)
    sub.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), github annotations, json, or a changelog"
    )
    sub.add_argument(
        "--fail-on", choices=tuple(FAIL_ON), default="breaking", help="exit 1 on a change at this level or above"
    )
    sub.add_argument("--ignore", metavar="FILE", help="a YAML file of accepted changes: rule, place (at) and reason")
    version = sub.add_mutually_exclusive_group()
    version.add_argument(
        "--suggest-version", action="store_true", help="print only the version BASE's info.version should go to"
    )
    version.add_argument(
        "--check-version", action="store_true", help="report api-version-not-bumped when HEAD's info.version is lower"
    )
    sub.add_argument("--generated", action="store_true", help=generated.HELP)
    # filled in from the config: the PATH of a bare git:REF (out with --generated)
    sub.set_defaults(spec=None, out=None)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a change reaches ``--fail-on`` (with ``--check-version``: when the version check
    does), 2 when an input cannot be read, else 0."""
    if args.generated:
        return generated.run(args)
    if args.suggest_version and args.format not in _VERSION_FORMATS:
        print(
            f"seamgen diff: --suggest-version prints a version: use --format {' or '.join(_VERSION_FORMATS)}",
            file=sys.stderr,
        )
        return 2
    policy = Policy(args.diff_levels, read_ignore_file(args.ignore) if args.ignore else [], args.ignore)
    try:
        pair = Pair(read_side(args.base, args.spec), read_side(args.head, args.spec))
    except DiffInputError as exc:
        print(f"seamgen diff: {exc}", file=sys.stderr)
        return 2
    for line in [*problems(pair.base, args.base), *problems(pair.head, args.head)]:
        print(line, file=sys.stderr)
    compare_specs(pair)
    for note in annotate(pair):
        print(f"seamgen diff: {note}", file=sys.stderr)
    findings = policy.apply(pair.findings)
    if args.suggest_version:
        return _suggest(pair, findings, args.base, args.format)
    gate = findings
    if args.check_version:  # the version is the gate: the changes it announces do not fail the run
        gate = policy.apply(_version_check(pair, findings))
        findings = [*findings, *gate]
    policy.warn_stale()
    _print(pair, findings, args.format)
    if args.format in ("text", "markdown"):
        print(f"{args.base} -> {args.head}: {summary(findings, policy.set_aside())}", file=sys.stderr)
    return 1 if fails(gate, args.fail_on) else 0


def _suggest(pair: Pair, findings: list[Finding], side: str, fmt: str) -> int:
    """Print the next version alone on stdout, for scripts (with ``--format json``, with BASE's
    version and the bump too); why on stderr, BASE named as the user wrote it (``side``)."""
    base, bump, wanted = plan(pair.base, pair.head, findings)
    print(json.dumps({"version": str(wanted), "base": str(base), "bump": bump}) if fmt == "json" else wanted)
    print(f"{side}: {base} -> {wanted}: {CAUSES[bump]}", file=sys.stderr)
    return 0


def _version_check(pair: Pair, findings: list[Finding]) -> list[Finding]:
    base, bump, wanted = plan(pair.base, pair.head, findings)
    finding = not_bumped(pair.head, base, wanted, bump)
    return [finding] if finding else []


def _print(pair: Pair, findings: list[Finding], fmt: str) -> None:
    """The findings on stdout; a changelog lists the API's changes, so the version check goes to stderr."""
    if fmt != "markdown":
        print(render(findings, fmt), end="")
        return
    changes = [f for f in findings if f.rule != VERSION_RULE]
    print(changelog(changes, declared(pair.base), declared(pair.head)), end="")
    print("".join(f.text() + "\n" for f in findings if f.rule == VERSION_RULE), end="", file=sys.stderr)
