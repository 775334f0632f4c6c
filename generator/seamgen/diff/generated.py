"""``seamgen diff --generated``: the public API of two generated Python packages, compared with griffe.

A seamgen upgrade changes generated code as a spec edit does (a namespace moved, a helper renamed), so
this compares what users import, whichever of the two made the change. griffe reads the source without
importing it (code under review never runs) and follows Python's conventions for what is public: the
names in a module's ``__all__``, else those without a leading underscore, nothing inside a private
module such as ``_client.py``, but a private object that a public name re-exports.

These findings point into Python files, not a JSON document: ``pointer`` is empty and ``symbols`` holds
the dotted paths of the object that changed (``seam_action_attempts.models.ActionAttemptError.message``),
the shortest public one first where a re-export gives it two; the message names it within its module
(``attribute ActionAttemptError.message``). Rule ids are
``python-`` and griffe's kind of breakage (``python-parameter-removed``), all of them in ``RULES``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from typing import Any

import griffe

from seamgen.diff.changelog import changelog
from seamgen.diff.findings import Finding, Level, fails, render, summary
from seamgen.diff.packages import Package, read_package
from seamgen.diff.sources import DiffInputError

HELP = (
    "BASE and HEAD are generated packages (an --out folder, a package's folder, or git:REF[:PATH], PATH defaulting "
    "to the config's out): compare their public Python API with griffe"
)
# griffe's kinds of breakage that change behaviour without breaking a call; the rest break code.
_RISKS = {"PARAMETER_CHANGED_DEFAULT"}
# griffe 2 no longer reports a changed attribute value (a constant, ``__version__``); griffe 1, the one
# Python 3.10 gets, still does: left out, so every Python gives the same findings.
_NOT_A_BREAK = "ATTRIBUTE_CHANGED_VALUE"
# Options of ``seamgen diff`` that read specs, so they mean nothing between two packages.
_SPEC_ONLY = {"ignore": "--ignore", "suggest_version": "--suggest-version", "check_version": "--check-version"}


def rule(kind: griffe.BreakageKind) -> str:
    """The rule id of griffe's ``kind``: ``PARAMETER_REMOVED`` is ``python-parameter-removed``."""
    return "python-" + kind.name.lower().replace("_", "-")


BROKEN_IMPORT = "python-import-broken"
RULES = frozenset({BROKEN_IMPORT, *(rule(kind) for kind in griffe.BreakageKind)})


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a change reaches ``--fail-on``, 2 when a side cannot be read, else 0."""
    refused = [flag for name, flag in _SPEC_ONLY.items() if getattr(args, name, None)]
    try:
        if refused:
            raise DiffInputError(f"{refused[0]} reads specs, so it does not go with --generated")
        findings = compare_packages(args.base, args.head, args.out)
    except DiffInputError as exc:
        print(f"seamgen diff: {exc}", file=sys.stderr)
        return 2
    print(changelog(findings, None, None) if args.format == "markdown" else render(findings, args.format), end="")
    if args.format in ("text", "markdown"):
        print(f"{args.base} -> {args.head}: {summary(findings)}", file=sys.stderr)
    return 1 if fails(findings, args.fail_on) else 0


def compare_packages(base: str, head: str, default_out: str) -> list[Finding]:
    """The breaking changes from the package in ``base`` to the one in ``head`` (folders, or
    ``git:REF[:PATH]`` with ``PATH`` defaulting to ``default_out``)."""
    old, new = read_package(base, "base", default_out), read_package(head, "head", default_out)
    if old.api.name != new.api.name:
        raise DiffInputError(
            f"{base} holds the package {old.api.name} and {head} holds {new.api.name}: compare two versions "
            "of one package (a renamed package breaks every import)"
        )
    try:
        breakages = griffe.find_breaking_changes(old.api, new.api)
        found = [(_object(b), _finding(b, old, new)) for b in breakages if b.kind.name != _NOT_A_BREAK]
    except griffe.GriffeError as exc:
        raise DiffInputError(f"{base} -> {head}: griffe cannot compare the packages: {exc}") from exc
    already = old.unresolved()
    return _merged(found) + [_broken(alias, new) for path, alias in new.unresolved().items() if path not in already]


def _object(breakage: griffe.Breakage) -> tuple[str, str, str]:
    """What ``breakage`` is about, whichever name it was found under: its kind, the object a
    re-export stands for, and the parameter."""
    obj: Any = breakage.obj
    return breakage.kind.name, obj.target_path if obj.is_alias else obj.path, _parameter(breakage)


def _merged(found: list[tuple[tuple[str, str, str], Finding]]) -> list[Finding]:
    """One finding per change: a class gone from its module and from the package that re-exports it
    is one change, placed at the shortest public name (the one users import), the others among its
    symbols."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for key, finding in found:
        groups.setdefault(key, []).append(finding)
    merged = []
    for group in groups.values():
        group.sort(key=lambda finding: (finding.symbols[0].count("."), finding.symbols[0]))
        merged.append(replace(group[0], symbols=tuple(dict.fromkeys(s for f in group for s in f.symbols))))
    return merged


def _broken(alias: griffe.Alias, package: Package) -> Finding:
    """A public name HEAD imports from its own module that lacks it (griffe skips such names)."""
    file, line, column = _place(package, alias, _word(alias.name))
    source = alias.target_path.rpartition(".")[0]
    message = f"{alias.name} is imported from {source}, which does not define it: code that imports it breaks"
    return Finding(file, line, column, "breaking", message, BROKEN_IMPORT, "head", "", (alias.path,))


def _finding(breakage: griffe.Breakage, old: Package, new: Package) -> Finding:
    """``breakage`` as a finding, placed where its object stands in HEAD (in BASE once removed)."""
    removed = breakage.kind is griffe.BreakageKind.OBJECT_REMOVED
    package = old if removed else new
    obj: Any = breakage.obj  # an Alias where the change is to an imported name
    symbol, module = package.public(obj)
    method = obj.is_function and obj.parent is not None and obj.parent.is_class
    what, name = "method" if method else obj.kind.value, symbol[len(module) + 1 :] or symbol
    parameter = _parameter(breakage)
    declared = isinstance(breakage.new_value, griffe.Parameter)  # in HEAD's signature, so placed there
    file, line, column = _place(package, obj, rf"\b{re.escape(parameter)}\s*[:=,)]" if declared else _word(obj.name))
    level: Level = "potentially-breaking" if breakage.kind.name in _RISKS else "breaking"
    message = _message(breakage, what, name, parameter)
    anchor = _anchor(obj.path, new) if removed else None
    return Finding(file, line, column, level, message, rule(breakage.kind), package.side, "", (symbol,), anchor)


def _anchor(path: str, new: Package) -> tuple[str, int, int] | None:
    """Where a removed object's nearest enclosing object stands in HEAD (``--format github`` annotates
    there: a pull request shows HEAD's files), if HEAD has one besides the package itself."""
    parts = path.split(".")[1:]
    for end in range(len(parts) - 1, 0, -1):
        try:
            kept = new.api[".".join(parts[:end])]
        except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        return _place(new, kept, _word(kept.name))
    return None


def _parameter(breakage: griffe.Breakage) -> str:
    """The name of the parameter ``breakage`` is about, or "" when it is about a whole object."""
    for value in (breakage.new_value, breakage.old_value):
        if isinstance(value, griffe.Parameter):
            return value.name
    return ""


def _place(package: Package, obj: Any, pattern: str) -> tuple[str, int, int]:
    """File, line and column of the first match of ``pattern`` in ``obj``'s lines, decorators aside
    (griffe starts a decorated object at its first decorator); ``obj``'s first line where none does."""
    file, first, _ = package.line_of(obj)
    last = first if obj.is_alias or obj.is_module else (obj.endlineno or first)
    for line in range(first, last + 1):
        text = package.line_of(obj, line)[2]
        found = re.search(pattern, text)
        if found and not text.lstrip().startswith("@"):
            return file, line, found.start() + 1
    return file, first, 1


def _word(name: str) -> str:
    return rf"\b{re.escape(name)}\b"


def _message(breakage: griffe.Breakage, what: str, name: str, parameter: str) -> str:
    """What changed about the ``what`` (``class``) ``name`` (``Seam``) and whose code breaks."""
    old, new = breakage.old_value, breakage.new_value
    of = f"parameter {parameter} of {what} {name}"
    messages = {
        "OBJECT_REMOVED": lambda: f"{what} {name} was removed: code that uses it breaks",
        "OBJECT_CHANGED_KIND": lambda: (
            f"{name} changed from a {old.value} to a {new.value}: code that uses it as a {old.value} breaks"
        ),
        "PARAMETER_REMOVED": lambda: f"{of} was removed: calls that pass it break",
        "PARAMETER_ADDED_REQUIRED": lambda: (
            f"{what} {name} has a new required parameter {parameter}: calls without it break"
        ),
        "PARAMETER_CHANGED_REQUIRED": lambda: f"{of} is now required: calls without it break",
        "PARAMETER_MOVED": lambda: f"{of} moved ({breakage.details}): calls that pass it by position break",
        "PARAMETER_CHANGED_KIND": lambda: (
            f"{of} changed from {old.kind.value} to {new.kind.value}: calls that pass it as {old.kind.value} break"
        ),
        "PARAMETER_CHANGED_DEFAULT": lambda: (
            f"the default of {of} changed from {old.default} to {new.default}: calls that leave it out act differently"
        ),
        "RETURN_CHANGED_TYPE": lambda: (
            f"the return type of {what} {name} changed from {old} to {new or 'none declared'}: "
            "code that uses the result may break"
        ),
        "CLASS_REMOVED_BASE": lambda: (
            f"{what} {name} no longer derives from {', '.join(sorted({str(b) for b in old} - {str(b) for b in new}))}: "
            "isinstance checks and inherited members break"
        ),
    }
    if breakage.kind.name in messages:
        return messages[breakage.kind.name]()
    return f"{what} {name}: {breakage.kind.value} ({old} -> {new})"  # a kind this table does not know yet
