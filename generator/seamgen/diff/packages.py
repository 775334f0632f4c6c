"""Read one side of ``seamgen diff --generated``: the Python package in a folder, or in a folder of a git
revision (extracted with ``git archive`` into a temporary folder, never checked out).

The folder is a ``seamgen generate --out`` folder (its manifest names the package), the package's own
folder, or any folder holding one package. Every ``.py`` file of the package must parse, since griffe
leaves out a module it cannot read and its API would silently look removed.
"""

from __future__ import annotations

import ast
import functools
import io
import os
import posixpath
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe

from seamgen import manifest
from seamgen.diff.findings import Side
from seamgen.diff.sources import GIT_PREFIX, DiffInputError, git, relative

INIT = "__init__.py"


@dataclass(frozen=True)
class Package:
    """A package as griffe reads it, from files under ``root`` that findings name after ``label``
    (the folder as given, or ``REF:PATH``)."""

    api: griffe.Module
    root: Path
    label: str
    side: Side

    def line_of(self, obj: Any, line: int | None = None) -> tuple[str, int, str]:
        """The file ``obj`` is written in, as shown, with ``line`` (default: ``obj``'s first) and its text;
        an imported name stands where its module imports it."""
        module = obj.parent if obj.is_alias else obj
        number = line or (obj.alias_lineno if obj.is_alias else obj.lineno) or 1
        lines = self.api.lines_collection[module.filepath]
        text = lines[number - 1] if number <= len(lines) else ""
        return shown(self.root, self.label, module.filepath), number, text

    def public(self, obj: Any) -> tuple[str, str]:
        """The dotted path users know ``obj`` by, and its module's: a public name re-exporting an object
        of a private module (``_lenient.response_problems``) stands for it."""
        path: str = obj.path
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in self._reexports:
                name, module = self._reexports[prefix]
                return name + path[len(prefix) :], module
        return path, (obj.parent if obj.is_alias else obj).module.path

    def unresolved(self) -> dict[str, griffe.Alias]:
        """Public names imported from this package's own modules that do not define them, by path:
        griffe skips them when comparing, but importing them fails."""
        inside = f"{self.api.name}."
        return {a.path: a for a in self._public_aliases if a.target_path.startswith(inside) and not _resolves(a)}

    @functools.cached_property
    def _reexports(self) -> dict[str, tuple[str, str]]:
        """Objects of private modules by path, each with the public name that re-exports it (the one
        nearest the top) and that name's module."""
        found: dict[str, tuple[str, str]] = {}
        for alias in self._public_aliases:
            if _private(alias.target_path):
                found.setdefault(alias.target_path, (alias.path, alias.path.rpartition(".")[0]))
        return found

    @functools.cached_property
    def _public_aliases(self) -> list[griffe.Alias]:
        """The public names that public modules import, breadth first from the package's top."""
        found: list[griffe.Alias] = []
        modules = [self.api]
        for module in modules:  # grows as it goes
            for member in module.members.values():
                if isinstance(member, griffe.Alias) and member.is_public:
                    found.append(member)
                elif isinstance(member, griffe.Module) and member.is_public:
                    modules.append(member)
        return found


def _resolves(alias: griffe.Alias) -> bool:
    try:
        alias.final_target  # noqa: B018 (resolving is the point)
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    return True


def _private(path: str) -> bool:
    """True when a part of the dotted ``path`` is private (``_client``), dunder names aside."""
    return any(part.startswith("_") and not part.endswith("__") for part in path.split("."))


def shown(root: Path, label: str, path: Path) -> str:
    """``path``, a file or folder under ``root``, as findings print it: after ``label``, the folder
    as the user gave it or ``REF:PATH``."""
    relative = path.relative_to(root).as_posix()
    return label if relative == "." else posixpath.join(label, relative)


def read_package(source: str, side: Side, default_out: str) -> Package:
    """The package ``source`` holds: a folder, or ``git:REF[:PATH]`` (``PATH`` defaults to
    ``default_out``, the config's output folder)."""
    if not source.startswith(GIT_PREFIX):
        folder = Path(source)
        if not folder.is_dir():
            raise DiffInputError(f"{source}: no such folder")
        return _load(folder, source.rstrip("/") or "/", side)
    ref, _, path = source[len(GIT_PREFIX) :].partition(":")
    if not ref:
        raise DiffInputError(f"{source}: no git revision (write git:REF or git:REF:PATH)")
    root = Path(git(source, "rev-parse", "--show-toplevel").strip())
    path = path or relative(Path(default_out).resolve(), root, source)
    with tempfile.TemporaryDirectory(prefix="seamgen-diff-") as temp:
        folder = Path(temp, posixpath.basename(path.rstrip("/")) or "root")  # PATH may be the package itself
        _extract(source, f"{ref}:{path}", folder)
        return _load(folder, f"{ref}:{path.rstrip('/')}", side)


def _load(folder: Path, label: str, side: Side) -> Package:
    """The one package in ``folder``, every module of it parsed."""
    folder = folder.resolve()  # griffe's file paths are absolute
    where = functools.partial(shown, folder, label)
    package = _package_folder(folder, where)
    modules = _module_files(package)
    for path in modules:
        _parse(path, where)
    try:
        api = griffe.load(package.name, search_paths=[package.parent], try_relative_path=False, allow_inspection=False)
    except (ImportError, griffe.GriffeError) as exc:
        raise DiffInputError(f"{where(package)}: griffe cannot read the package: {exc}") from exc
    if not isinstance(api, griffe.Module):
        raise DiffInputError(f"{where(package)}: griffe found no module named {package.name} there")
    skipped = sorted(set(modules) - set(_loaded(api)))
    if skipped:
        raise DiffInputError(
            f"{where(skipped[0])}: griffe does not read this module (a folder without {INIT}, or a file name that "
            "is not a module name), so its API cannot be compared"
        )
    return Package(api, folder, label, side)


def _package_folder(folder: Path, where: Callable[[Path], str]) -> Path:
    """The folder of the one top-level package in ``folder`` (``folder`` itself when it is one), found
    through seamgen's manifest when ``folder`` is an output folder."""
    path = folder / manifest.MANIFEST
    try:
        owned = manifest.parse(path.read_bytes(), Path(where(path))) if path.is_file() else None
    except OSError as exc:
        raise DiffInputError(f"{where(path)}: cannot read the manifest: {exc.strerror}") from exc
    except manifest.ManifestError as exc:
        raise DiffInputError(str(exc)) from exc
    inits = [folder / name for name in owned.files if posixpath.basename(name) == INIT] if owned else _inits(folder)
    packages = {init.parent for init in inits}
    tops = sorted(package for package in packages if package.parent not in packages)
    if not tops:
        raise DiffInputError(f"{where(folder)}: no Python package (a folder with {INIT}) in this folder")
    if len(tops) > 1:
        names = ", ".join(where(top) for top in tops)
        raise DiffInputError(f"{where(folder)}: {len(tops)} packages ({names}); give the folder of one")
    return tops[0]


def _inits(folder: Path) -> Iterator[Path]:
    """Every ``__init__.py`` under ``folder``, hidden folders (tool caches, ``.venv``) aside."""
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and name != "__pycache__")
        if INIT in files:
            yield Path(here, INIT)


def _module_files(package: Path) -> list[Path]:
    """The ``.py`` files of ``package``, caches and hidden folders aside."""
    return sorted(
        Path(here, name)
        for here, folders, files in os.walk(package)
        if not any(part.startswith(".") or part == "__pycache__" for part in Path(here).relative_to(package).parts)
        for name in files
        if name.endswith(".py")
    )


def _parse(path: Path, where: Callable[[Path], str]) -> None:
    """Refuse a module Python cannot parse, at the place it stops."""
    try:
        ast.parse(path.read_bytes(), str(path))
    except SyntaxError as exc:
        raise DiffInputError(f"{where(path)}:{exc.lineno or 1}:{exc.offset or 1}: cannot parse: {exc.msg}") from exc
    except (ValueError, OSError) as exc:  # null bytes, an unknown encoding; unreadable
        raise DiffInputError(f"{where(path)}: cannot parse: {exc}") from exc


def _loaded(module: griffe.Module) -> Iterator[Path]:
    """The file of ``module`` and of each of its submodules, as griffe loaded them."""
    if isinstance(module.filepath, Path):
        yield module.filepath
    for submodule in module.modules.values():
        yield from _loaded(submodule)


def _extract(source: str, tree: str, into: Path) -> None:
    """Write the files of git's ``tree`` (``REF:PATH``) into the folder ``into``."""
    try:
        done = subprocess.run(["git", "archive", "--format=tar", tree], capture_output=True, check=False)
    except OSError as exc:
        raise DiffInputError(f"{source}: cannot run git: {exc.strerror}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"git exited {done.returncode}"]
        raise DiffInputError(f"{source}: {reason[0]}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        for member in archive.getmembers():
            target = into.joinpath(*member.name.split("/"))
            content = archive.extractfile(member) if member.isfile() else None
            # A crafted tree could name ../x: only plain files inside ``into`` are written.
            if content is not None and target.resolve().is_relative_to(into.resolve()):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.read())
