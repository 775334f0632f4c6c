"""Read one side of a diff: a spec file, or ``git:REF[:PATH]``, the spec at a git revision.

A revision is read with ``git show`` rather than a checkout, so diffing never touches the work tree
(CI diffs ``git:origin/main`` against the pull request's own checkout).
"""

from __future__ import annotations

import posixpath
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from seamgen.bundle import kind_at
from seamgen.loader import Spec, load, parse
from seamgen.pointers import iter_refs

GIT_PREFIX = "git:"


class DiffInputError(Exception):
    """A side of the diff that cannot be read; the message names it and says why."""


def read_side(source: str, default_spec: str) -> Spec:
    """The spec ``source`` names; a ``git:`` source without a path reads ``default_spec`` (the
    config's spec, relative to the current folder) at that revision."""
    if not source.startswith(GIT_PREFIX):
        return _openapi(_bundled(load(Path(source), source)))
    return _openapi(_revision(source, default_spec))


def _openapi(spec: Spec) -> Spec:
    """``spec``, if it says it is OpenAPI 3: any other YAML would compare as a spec without paths,
    every operation of the other side reported as removed or added."""
    version = spec.document.get("openapi")
    if str(version)[:4] in ("3.0.", "3.1."):
        return spec
    said = "has no openapi field" if version is None else f"says openapi: {version!r}"
    said += ", a number: quote it" if isinstance(version, (int, float)) else ""
    raise DiffInputError(f"{spec.file}: not an OpenAPI 3 document: it {said} (seamgen reads 3.0.x and 3.1.x)")


def _revision(source: str, default_spec: str) -> Spec:
    """The spec at a git revision, with the files it refers to read from the same revision."""
    ref, _, path = source[len(GIT_PREFIX) :].partition(":")
    if not ref:
        raise DiffInputError(f"{source}: no git revision (write git:REF or git:REF:PATH)")
    root = Path(git(source, "rev-parse", "--show-toplevel").strip())
    path = path or relative(Path(default_spec).resolve(), root, source)
    display = f"{ref}:{path}"
    text = git(source, "show", display)
    if text.startswith(f"tree {display}\n"):  # what `git show` prints for a folder
        folder = path.rstrip("/")
        hint = f"name the spec file in it (git:{ref}:{folder}/...)"
        raise DiffInputError(f"{source}: {folder} is a folder at {ref}: {hint}")
    spec = parse(text, display)
    files = _revision_files(source, ref, path, spec)
    if not files:
        return spec
    files[path] = text
    with tempfile.TemporaryDirectory(prefix="seamgen-diff-") as folder:
        for name, text in files.items():
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_text(text, encoding="utf-8")
        return _bundled(load(Path(folder) / path, display))


def _revision_files(source: str, ref: str, path: str, spec: Spec) -> dict[str, str]:
    """The files the spec at ``path`` (``spec``) refers to at revision ``ref``, and the files they
    refer to, by their paths from the repository's root: a copy of them is bundled as a spec read
    from files is."""
    files: dict[str, str] = {}
    waiting = [(path, spec)]
    while waiting:
        name, document = waiting.pop()
        for other in _referred(document, name):
            if other not in files and other != path and not other.startswith(("../", "/")):  # the bundler says so
                files[other] = git(f"{source}: {ref}:{name} refers to {other}", "show", f"{ref}:{other}")
                waiting.append((other, parse(files[other], f"{ref}:{other}")))
    return files


def _referred(spec: Spec, name: str) -> list[str]:
    """The files ``spec`` (at ``name``) refers to, by their paths from the repository's root."""
    found = []
    for holder, ref in iter_refs(spec.document):
        parts = urlsplit(ref)
        if parts.path and not (parts.scheme or parts.netloc) and kind_at(holder) != "data":
            found.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))))
    return found


def _bundled(spec: Spec) -> Spec:
    """``spec``, unless a reference in it could not be followed: a diff without what it refers to
    would report its content as removed."""
    problem = next(iter(spec.ref_problems.values()), None)
    if problem is not None:
        raise DiffInputError(problem.text())
    return spec


def relative(spec: Path, root: Path, source: str) -> str:
    """``spec`` as git names it: relative to the repository's root, with forward slashes."""
    try:
        return spec.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DiffInputError(f"{source}: the spec {spec} is outside the git repository at {root}") from None


def git(source: str, *args: str) -> str:
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
