"""Where seamgen may write: the checks on ``--out`` made before anything is touched.

An output folder is safe when it is new, empty, holds a manifest (seamgen owns what the
manifest lists and nothing else), or holds only files this run writes (output of a seamgen
from before manifests, adopted). Anything else needs ``--force``; the filesystem root, the
home folder, a file and a symlink are refused even then.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path

from seamgen.manifest import MANIFEST, PRIVATE_PREFIX

# Caches that tools write next to code (importing or type-checking the generated package in place).
# They are neither output nor drift, and do not make a folder anybody's.
TOOL_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "*.egg-info")


class OutputRefused(Exception):
    """``--out`` is not a folder seamgen may write into; the message says why and what to do."""


def is_tool_cache(relative: Path) -> bool:
    return any(part.match(cache) for cache in TOOL_CACHES for part in map(Path, relative.parts))


def entries(out: Path, include_own: bool = False) -> Iterator[str]:
    """Every entry under ``out`` (POSIX relative paths, sorted) but tool caches and, unless
    ``include_own``, seamgen's own files.

    Symlinks are listed, not followed: a link to a folder elsewhere is the user's, whatever it holds.
    """
    for folder, dirs, names in os.walk(out):
        base = Path(folder).relative_to(out)
        dirs.sort()
        links = [d for d in dirs if Path(folder, d).is_symlink()]
        for name in sorted(names) + links:
            relative = base / name
            if (include_own or not name.startswith(PRIVATE_PREFIX)) and not is_tool_cache(relative):
                yield relative.as_posix()
        dirs[:] = [d for d in dirs if d not in links and (include_own or not d.startswith(PRIVATE_PREFIX))]


def _top(relative: str) -> str:
    first, _, rest = relative.partition("/")
    return f"{first}/" if rest else first


def check_out(out: Path, writes: Collection[str], force: bool) -> None:
    """Raise ``OutputRefused`` unless seamgen may write ``writes`` into ``out``."""
    check_readable_out(out)
    resolved = out.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise OutputRefused(
            f"the output folder {out} is "
            f"{'the filesystem root' if resolved == Path(resolved.anchor) else 'your home folder'}; "
            "choose a folder of its own, such as generated/"
        )
    if not out.is_dir() or (out / MANIFEST).exists() or force:
        return
    foreign = sorted({_top(path) for path in entries(out) if path not in writes})
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise OutputRefused(
            f"the output folder {out} holds files this run does not write ({shown}) and no {MANIFEST} that "
            "says seamgen wrote them; choose an empty or new folder, or pass --force to write beside those "
            "files (seamgen never deletes a file it did not write)"
        )


def check_readable_out(out: Path) -> None:
    """Refuse an output folder that is a symlink, or a file (or lies under one)."""
    if out.is_symlink():
        raise OutputRefused(f"the output folder {out} is a symlink to {os.readlink(out)}; give the real folder")
    blocking = next((path for path in (out, *out.parents) if path.exists() and not path.is_dir()), None)
    if blocking is not None:
        raise OutputRefused(f"{blocking} is a file, not a folder; choose a folder for the generated files")
