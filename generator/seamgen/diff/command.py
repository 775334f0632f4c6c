"""The ``seamgen diff`` subcommand: its arguments, and a run that turns every bad input into a message."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from seamgen.diff.context import Pair
from seamgen.diff.findings import FAIL_ON, FORMATS, fails, render, summary
from seamgen.diff.operations import compare_specs
from seamgen.diff.sources import DiffInputError, read_side

HELP = "Print the changes from BASE to HEAD, each rated breaking, potentially-breaking or non-breaking."
SIDE_HELP = "a spec file, or git:REF[:PATH] for the spec at a git revision (PATH defaults to the config's spec)"


def add_parser(commands: Any) -> None:
    """Add ``diff`` to the subcommands (``commands`` is argparse's subparsers action)."""
    sub: argparse.ArgumentParser = commands.add_parser("diff", help=HELP, description=HELP)
    sub.add_argument("base", metavar="BASE", help=SIDE_HELP)
    sub.add_argument("head", metavar="HEAD", help=SIDE_HELP)
    sub.add_argument("--format", choices=FORMATS, default="text", help="text (default), github annotations, or json")
    sub.add_argument(
        "--fail-on", choices=tuple(FAIL_ON), default="breaking", help="exit 1 on a change at this level or above"
    )
    sub.set_defaults(spec=None)  # filled in from the config: the PATH of a bare git:REF


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a change reaches ``--fail-on``, 2 when a side cannot be read, else 0."""
    try:
        pair = Pair(read_side(args.base, args.spec), read_side(args.head, args.spec))
    except DiffInputError as exc:
        print(f"seamgen diff: {exc}", file=sys.stderr)
        return 2
    compare_specs(pair)
    print(render(pair.findings, args.format), end="")
    if args.format == "text":
        print(f"{args.base} -> {args.head}: {summary(pair.findings)}", file=sys.stderr)
    return 1 if fails(pair.findings, args.fail_on) else 0
