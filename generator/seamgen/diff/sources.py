"""Read one side of a diff: a spec file, or ``git:REF[:PATH]``, the spec at a git revision.

A revision is read with ``git show`` rather than a checkout, so diffing never touches the work tree
(CI diffs ``git:origin/main`` against the pull request's own checkout).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from seamgen.loader import Spec, load, parse

GIT_PREFIX = "git:"


class DiffInputError(Exception):
    """A side of the diff that cannot be read; the message names it and says why."""


def read_side(source: str, default_spec: str) -> Spec:
    """The spec ``source`` names; a ``git:`` source without a path reads ``default_spec`` (the
    config's spec, relative to the current folder) at that revision."""
    if not source.startswith(GIT_PREFIX):
        return load(Path(source), source)
    ref, _, path = source[len(GIT_PREFIX) :].partition(":")
    if not ref:
        raise DiffInputError(f"{source}: no git revision (write git:REF or git:REF:PATH)")
    root = Path(_git(source, "rev-parse", "--show-toplevel").strip())
    path = path or _relative(Path(default_spec).resolve(), root, source)
    display = f"{ref}:{path}"
    return parse(_git(source, "show", display), display)


def _relative(spec: Path, root: Path, source: str) -> str:
    """``spec`` as git names it: relative to the repository's root, with forward slashes."""
    try:
        return spec.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DiffInputError(f"{source}: the spec {spec} is outside the git repository at {root}") from None


def _git(source: str, *args: str) -> str:
    """The output of ``git args``; git's own complaint, named after ``source``, when it fails."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError as exc:
        raise DiffInputError(f"{source}: cannot run git: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise DiffInputError(f"{source}: the spec is not valid UTF-8") from exc
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or [f"git exited with {done.returncode}"]
        raise DiffInputError(f"{source}: {reason[0]}")
    return done.stdout
