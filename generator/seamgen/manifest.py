"""The manifest: which files in an output folder seamgen wrote, so it never touches any other.

It lives in the output folder as ``.seamgen-manifest.json`` and is committed with the
generated files. It records each file's SHA-256 (a file changed by hand since is noticed),
the spec's hash and the generator's version. ``check`` compares it like any generated file,
except for the generator's version: upgrading seamgen alone does not make output stale.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seamgen import __version__

MANIFEST = ".seamgen-manifest.json"
FORMAT = 1


class ManifestError(Exception):
    """The manifest on disk cannot be read; the message says which file and why."""


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
    """A manifest from its bytes; anything but the format ``to_bytes`` writes is a ``ManifestError``."""
    try:
        body = json.loads(raw)
        files = body["files"]
        if body.get("format") != FORMAT or not isinstance(files, dict):
            raise ValueError(f"unknown manifest format {body.get('format')!r}")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError("files must map paths to SHA-256 strings")
        return Manifest(files, str(body.get("spec_sha256", "")), str(body.get("generator", "")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ManifestError(
            f"{path}: not a seamgen manifest ({exc}); restore it from version control, or delete it and "
            "generate with --force"
        ) from exc
