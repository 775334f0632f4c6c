"""Write rendered files into an output folder as one transaction, touching only what seamgen owns.

The output folder may be shared with the user's own files (a repository's root, say), so the
folder is never replaced as a whole. A run instead:

1. stages every new or changed file in ``.seamgen-staging-*`` inside the output folder;
2. commits: writes ``.seamgen-journal.json`` (atomically), naming the staged files, the files to
   remove and the new manifest;
3. applies the journal: removes the files the previous manifest lists and this run no longer
   writes (unless they were changed by hand), renames each staged file into place, writes the
   manifest, deletes the journal and the empty staging folder.

A run killed before step 2 leaves the old output whole (the next run deletes its staging folder);
killed after it, the next run (``recover``) finishes the journal first, so the output becomes the
whole new tree. Unchanged files are not touched at all and keep their modification time. Files
and folders get the modes the user's umask gives, as any other program's would.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seamgen import manifest as manifests
from seamgen.manifest import MANIFEST, PRIVATE_PREFIX, Manifest, ManifestError, check_relative
from seamgen.outdir import OutputRefused, check_out

JOURNAL = f"{PRIVATE_PREFIX}journal.json"
STAGING_PREFIX = f"{PRIVATE_PREFIX}staging-"
TEMPORARY_SUFFIX = ".tmp"
# Tests set this to N to SIGKILL the process at the writer's N-th step, proving every
# interruption leaves an output the next run completes.
CRASH_AT = "SEAMGEN_TEST_CRASH_AT"


@dataclass
class FolderSummary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class WriteSummary:
    """Counts per top-level output folder (``python``, ``docs`` …), and the files left in place."""

    folders: dict[str, FolderSummary] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)
    """Files the previous manifest lists that this run no longer writes but left in place, and why."""
    recovered: bool = False
    """The run first finished one that had been interrupted after its commit."""

    def folder(self, path: str) -> FolderSummary:
        return self.folders.setdefault(path.split("/", 1)[0], FolderSummary())


@dataclass
class _Plan:
    install: dict[str, bytes]
    remove: list[str]
    summary: WriteSummary


def write(files: Mapping[str, bytes], out: Path, spec_sha256: str = "", force: bool = False) -> WriteSummary:
    """Make ``out`` hold ``files`` (and their manifest), touching nothing seamgen did not write.

    Raises ``OutputRefused`` (nothing touched) when ``out`` is not a folder seamgen may write, or
    a file in the way is not seamgen's and ``force`` is false; ``ManifestError`` for a damaged manifest.
    """
    for relative in files:
        check_relative(relative)
    check_out(out, files.keys(), force)
    _Crash.reset()
    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        recovered = recover(out)
        previous = manifests.read(out)
        plan = _plan(files, out, previous, force)
        plan.summary.recovered = recovered
        manifest = Manifest.of(files, spec_sha256).to_bytes()
        if not plan.install and not plan.remove and _read_bytes(out / MANIFEST) == manifest:
            return plan.summary  # nothing to do: not even the manifest's modification time changes
        staging = out / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        journal = {
            "staging": staging.name,
            "install": sorted(plan.install),
            "remove": plan.remove,
            "manifest": manifest.decode("utf-8"),
        }
        try:
            _stage(staging, plan.install)
            _atomic_write(out / JOURNAL, json.dumps(journal, indent=2, ensure_ascii=False).encode("utf-8"))
        except BaseException:  # not committed: the old output stands, and the staged copies go
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _Crash.step()
        _apply(out, journal)
    return plan.summary


def recover(out: Path) -> bool:
    """Finish a run that was killed after its commit (True if there was one), and delete what killed
    runs left uncommitted."""
    journal_path = out / JOURNAL
    interrupted = journal_path.exists()
    if interrupted:
        _apply(out, _read_journal(journal_path))
    for entry in out.iterdir():
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        elif entry.name.startswith(PRIVATE_PREFIX) and entry.name.endswith(TEMPORARY_SUFFIX):
            entry.unlink()
    return interrupted


def _read_journal(path: Path) -> dict[str, Any]:
    """The journal of an interrupted run, checked to name only paths inside the output folder."""
    try:
        journal = json.loads(path.read_bytes())
        if not str(journal["staging"]).startswith(STAGING_PREFIX) or "/" in journal["staging"]:
            raise ValueError(f"bad staging folder {journal['staging']!r}")
        for relative in [*journal["install"], *journal["remove"]]:
            check_relative(relative)
        manifests.parse(journal["manifest"].encode("utf-8"), path)
    except (ValueError, KeyError, TypeError, AttributeError, ManifestError) as exc:
        raise ManifestError(
            f"{path}: unreadable journal of an interrupted run ({exc}); delete it and generate again"
        ) from exc
    return dict(journal)


def _plan(files: Mapping[str, bytes], out: Path, previous: Manifest | None, force: bool) -> _Plan:
    """Which files to write, which to remove; refuses files in the way that are not seamgen's."""
    summary = WriteSummary()
    owned = previous.files if previous is not None else None
    territory = {relative.split("/", 1)[0] for relative in files}
    remove: list[str] = []
    for relative in sorted(set(owned or ()) - files.keys()):
        target = out / relative
        if not _through_real_folders(out, relative):
            summary.kept[relative] = "behind a symlinked folder, which may lead anywhere"
        elif not target.is_file() or target.is_symlink():
            continue
        elif relative.split("/", 1)[0] not in territory:  # an edited manifest must not reach the user's files
            summary.kept[relative] = f"outside the folders seamgen generates ({', '.join(sorted(territory))})"
        elif manifests.sha256(target.read_bytes()) != (owned or {})[relative]:
            summary.kept[relative] = "changed by hand since seamgen wrote it"
        else:
            remove.append(relative)
            summary.folder(relative).removed += 1
    install: dict[str, bytes] = {}
    in_the_way: list[str] = []
    for relative, content in files.items():
        target = out / relative
        _refuse_unsafe_parents(out, relative, set(remove))
        if target.is_file() and not target.is_symlink() and target.read_bytes() == content:
            summary.folder(relative).unchanged += 1
            continue
        if target.is_dir() and not target.is_symlink():
            raise OutputRefused(f"{target} is a folder where seamgen writes a file; move it out of the way")
        if (target.exists() or target.is_symlink()) and owned is not None and relative not in owned and not force:
            in_the_way.append(relative)
        install[relative] = content
        summary.folder(relative).written += 1
    if in_the_way:
        raise OutputRefused(
            f"{out}: seamgen would overwrite files it did not write: {', '.join(in_the_way[:5])}"
            + (f" and {len(in_the_way) - 5} more" if len(in_the_way) > 5 else "")
            + "; move them away, or pass --force to overwrite them"
        )
    return _Plan(install, remove, summary)


def _refuse_unsafe_parents(out: Path, relative: str, removed: set[str]) -> None:
    """A file is written only through real folders: never through a symlink, never over a user's file."""
    parts = relative.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        parent = "/".join(parts[:depth])
        path = out / parent
        if path.is_symlink():
            raise OutputRefused(f"{path} is a symlink (to {os.readlink(path)}); seamgen writes only into real folders")
        if path.exists() and not path.is_dir() and parent not in removed:
            raise OutputRefused(f"{path} is a file where seamgen needs a folder; move it out of the way")


def _through_real_folders(out: Path, relative: str) -> bool:
    """True when no folder between ``out`` and ``relative`` is a symlink (which could lead anywhere)."""
    parts = relative.split("/")[:-1]
    return not any((out / "/".join(parts[: depth + 1])).is_symlink() for depth in range(len(parts)))


def _stage(staging: Path, install: Mapping[str, bytes]) -> None:
    staging.mkdir()
    for relative, content in install.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        _Crash.step()


def _apply(out: Path, journal: Mapping[str, Any]) -> None:
    """Carry a committed journal out; safe to repeat after an interruption at any step.

    The journal is trusted no further than a manifest: it removes only files the manifest on disk
    lists (with the bytes it lists, below the folders the run generates), and installs only staged
    files whose bytes its new manifest lists, so a planted journal can do no more than an edited manifest.
    """
    staging = out / journal["staging"]
    previous = manifests.read(out) or Manifest()
    new = manifests.parse(journal["manifest"].encode("utf-8"), out / JOURNAL)
    territory = {relative.split("/", 1)[0] for relative in new.files}
    for relative in journal["remove"]:
        target = out / relative
        listed = previous.files.get(relative)
        if (
            listed is not None
            and relative.split("/", 1)[0] in territory
            and _through_real_folders(out, relative)
            and target.is_file()
            and not target.is_symlink()
            and manifests.sha256(target.read_bytes()) == listed
        ):
            target.unlink()
            _prune_empty_folders(out, target.parent)
        _Crash.step()
    for relative in journal["install"]:
        staged = staging / relative
        if not staged.is_file() or staged.is_symlink():  # renamed into place before the interruption
            continue
        if new.files.get(relative) != manifests.sha256(staged.read_bytes()):
            raise ManifestError(f"{out / JOURNAL}: {relative} is not what the run staged; delete the journal")
        if not _through_real_folders(out, relative):
            raise OutputRefused(
                f"{out / relative}: a folder on the way is a symlink; seamgen writes only into real folders"
            )
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, out / relative)
        _Crash.step()
    _atomic_write(out / MANIFEST, journal["manifest"].encode("utf-8"))
    _Crash.step()
    (out / JOURNAL).unlink()
    _Crash.step()
    if staging.is_dir() and not staging.is_symlink():
        shutil.rmtree(staging)


def _prune_empty_folders(out: Path, folder: Path) -> None:
    while folder != out and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _atomic_write(path: Path, content: bytes) -> None:
    temporary = path.with_name(path.name + TEMPORARY_SUFFIX)
    temporary.write_bytes(content)
    os.replace(temporary, path)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer at a time per output folder: a second run waits for the first to finish."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; concurrent runs there are the user's to avoid
        yield
        return
    descriptor = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


class _Crash:
    """Counts the writer's steps; kills the process at the step ``SEAMGEN_TEST_CRASH_AT`` names."""

    count = 0

    @classmethod
    def reset(cls) -> None:
        cls.count = 0

    @classmethod
    def step(cls) -> None:
        cls.count += 1
        if os.environ.get(CRASH_AT) == str(cls.count):
            os.kill(os.getpid(), signal.SIGKILL)
