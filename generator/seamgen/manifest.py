"""The manifest: which files in an output folder seamgen wrote, so it never touches any other.

It lives in the output folder as ``.seamgen-manifest.json`` and is committed with the
generated files. It records each file's SHA-256 (a file changed by hand since is noticed),
the spec's hash and the generator's version. ``check`` compares it like any generated file,
except for the generator's version: upgrading seamgen alone does not make output stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seamgen import __version__

# Every file seamgen keeps for itself in an output folder (the manifest, the journal of a run in
# progress, its staging folder) is named so, and nothing it generates may be.
PRIVATE_PREFIX = ".seamgen-"
MANIFEST = f"{PRIVATE_PREFIX}manifest.json"
FORMAT = 1


class ManifestError(Exception):
    """The manifest on disk cannot be read; the message says which file and why."""


def check_relative(relative: str) -> None:
    """Refuse a path that is not a plain relative path inside the output folder, or that names
    seamgen's own files or a repository's ``.git``: generated files, and so manifest entries, never do."""
    parts = relative.split("/")
    if relative.startswith("/") or any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise ValueError(f"refusing a path outside the output folder: {relative!r}")
    if any(part.startswith(PRIVATE_PREFIX) or part.lower() == ".git" for part in parts):
        raise ValueError(f"refusing {relative!r}: {PRIVATE_PREFIX}* and .git are never generated files")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def spec_hash(document: Any) -> str:
    """A hash of the spec's content, not its bytes: comments, formatting and line endings do not count."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return sha256(canonical.encode("utf-8"))


@dataclass(frozen=True)
class Manifest:
    """The files of one run by POSIX path (with their SHA-256), and what they were made from."""

    files: dict[str, str] = field(default_factory=dict)
    spec_sha256: str = ""
    generator: str = f"seamgen {__version__}"

    @classmethod
    def of(cls, files: Mapping[str, bytes], spec_sha256: str) -> Manifest:
        return cls({path: sha256(content) for path, content in sorted(files.items())}, spec_sha256)

    def to_bytes(self) -> bytes:
        body = {"format": FORMAT, "generator": self.generator, "spec_sha256": self.spec_sha256, "files": self.files}
        return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def comparable(self) -> Manifest:
        """The manifest as ``check`` compares it: the generator's version left out."""
        return Manifest(self.files, self.spec_sha256, "")


def read(out: Path) -> Manifest | None:
    """The manifest of the output folder ``out``, or None where there is none."""
    path = out / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read the manifest: {exc.strerror}") from exc
    return parse(raw, path)


def parse(raw: bytes, path: Path) -> Manifest:
    """A manifest from its bytes; anything but the format ``to_bytes`` writes is a ``ManifestError``.

    The manifest is committed, so a pull request can edit it: every path must be one seamgen could
    have generated, or a run would delete what the manifest names.
    """
    try:
        body = json.loads(raw)
        if not isinstance(body, dict) or type(body.get("format")) is not int or body["format"] != FORMAT:
            raise ValueError(f"an object with format {FORMAT} expected")
        files = body.get("files")
        if not isinstance(files, dict):
            raise ValueError("files must be an object")
        for relative, digest in files.items():
            check_relative(relative)
            if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ValueError(f"{relative!r} must map to a SHA-256 in hex")
        return Manifest(files, str(body.get("spec_sha256", "")), str(body.get("generator", "")))
    except ValueError as exc:
        raise ManifestError(
            f"{path}: not a seamgen manifest ({exc}); restore it from version control, or delete it and "
            "generate with --force"
        ) from exc
