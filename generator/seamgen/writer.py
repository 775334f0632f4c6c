"""Write rendered files atomically, and compare them with what is on disk.

``write`` builds the complete new tree in a staging folder next to the output, then swaps
the two folders, so a failure at any point leaves the previous output as it was. Files
whose bytes did not change are hard-linked (or copied with their metadata) from the old
tree, so their modification time survives and build tools see nothing new.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FolderSummary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class WriteSummary:
    """Counts per top-level output folder (``python``, ``docs`` …)."""

    folders: dict[str, FolderSummary] = field(default_factory=dict)

    def folder(self, path: str) -> FolderSummary:
        return self.folders.setdefault(path.split("/", 1)[0], FolderSummary())


# Caches that tools write next to code (importing or type-checking the generated package in place).
# They are neither output nor drift; a regeneration drops them.
TOOL_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "*.egg-info")


def existing_files(root: Path) -> dict[str, Path]:
    """Every file under ``root`` by POSIX relative path, tool caches aside (empty if ``root`` is absent)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not any(part.match(cache) for cache in TOOL_CACHES for part in map(Path, path.relative_to(root).parts))
    }


def write(files: Mapping[str, bytes], out: Path) -> WriteSummary:
    """Replace ``out`` with exactly ``files``; on any failure ``out`` is left untouched."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    old = existing_files(out)
    summary = WriteSummary()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        for relative, content in files.items():
            _stage(staging / relative, content, old.get(relative), summary.folder(relative), relative)
        for relative in old.keys() - files.keys():
            summary.folder(relative).removed += 1
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _stage(target: Path, content: bytes, previous: Path | None, counts: FolderSummary, relative: str) -> None:
    _check_relative(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and previous.read_bytes() == content:
        try:
            os.link(previous, target)
        except OSError:
            shutil.copy2(previous, target)
        counts.unchanged += 1
    else:
        target.write_bytes(content)
        counts.written += 1


def _check_relative(relative: str) -> None:
    parts = relative.split("/")
    if relative.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` where ``out`` is; the old tree is removed only once the new one is in place."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(retired)
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


@dataclass
class Drift:
    """How ``out`` differs from what generation would write."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    diff: str = ""

    @property
    def stale(self) -> bool:
        return bool(self.missing or self.extra or self.changed)


def compare(files: Mapping[str, bytes], out: Path) -> Drift:
    """What differs between ``files`` and the tree at ``out``, with a unified diff."""
    on_disk = existing_files(out)
    drift = Drift(
        missing=sorted(files.keys() - on_disk.keys()),
        extra=sorted(on_disk.keys() - files.keys()),
    )
    chunks: list[str] = []
    for relative in sorted(files.keys() & on_disk.keys()):
        current = on_disk[relative].read_bytes()
        if current == files[relative]:
            continue
        drift.changed.append(relative)
        chunks.extend(_diff(relative, current, files[relative]))
    drift.diff = "".join(chunks)
    return drift


def _diff(relative: str, current: bytes, expected: bytes) -> list[str]:
    try:
        old, new = current.decode("utf-8"), expected.decode("utf-8")
    except UnicodeDecodeError:
        return [f"Binary files a/{relative} and b/{relative} differ\n"]
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{relative}", f"b/{relative}"
    )
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
