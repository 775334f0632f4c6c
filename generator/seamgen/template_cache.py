"""Compiled templates kept between runs, as Python keeps ``__pycache__``: parsing and compiling
the built-in templates is most of a small spec's render time.

The cache is Jinja's own bytecode cache, in ``$SEAMGEN_CACHE_DIR`` (set it empty to turn the cache
off), else ``$XDG_CACHE_HOME/seamgen``, else ``~/.cache/seamgen``. Jinja keys an entry by the
template's path and checks its source's hash, so an edited template is compiled afresh; the
environment's settings (delimiters, autoescape, the guard on printed values) change the compiled
code too, so they name the file. A cache that cannot be read or written is skipped: it only
ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from seamgen import __version__


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, with a folder it cannot write treated as no cache."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):  # a torn or foreign file
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def cache_folder() -> Path | None:
    """Where compiled templates go, or None when the cache is off."""
    configured = os.environ.get("SEAMGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured).expanduser() if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "seamgen"


def bytecode_cache(settings: str) -> jinja2.BytecodeCache | None:
    """A cache for the templates of one environment, whose ``settings`` say how it compiles them."""
    folder = cache_folder()
    if folder is None:
        return None
    folder = folder / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    tag = hashlib.sha256(f"{__version__}|{jinja2.__version__}|{settings}".encode()).hexdigest()[:16]
    return _QuietCache(str(folder), f"{tag}-%s.cache")
