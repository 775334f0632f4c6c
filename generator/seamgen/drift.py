"""``seamgen check``: how an output folder differs from what ``generate`` would write.

Only seamgen's files count: those this run would write and those the manifest on disk lists.
A user's own files beside them are not drift, and neither is the generator version in the
manifest, so upgrading seamgen alone does not make committed output stale.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from seamgen import manifest as manifests
from seamgen.manifest import MANIFEST, Manifest
from seamgen.writer import JOURNAL


@dataclass
class Drift:
    """How ``out`` differs from what generation would write."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    diff: str = ""
    interrupted: bool = False

    @property
    def stale(self) -> bool:
        return bool(self.missing or self.extra or self.changed or self.interrupted)


def compare(files: Mapping[str, bytes], out: Path, spec_sha256: str = "") -> Drift:
    """What differs between ``files`` (plus their manifest) and the output folder ``out``."""
    previous = manifests.read(out) if out.is_dir() else None
    expected = dict(files)
    expected[MANIFEST] = _expected_manifest(Manifest.of(files, spec_sha256), previous)
    listed = set(previous.files) if previous is not None else set()
    drift = Drift(
        missing=sorted(path for path in expected if not (out / path).is_file()),
        extra=sorted(path for path in listed - files.keys() if (out / path).is_file()),
        interrupted=(out / JOURNAL).exists(),
    )
    chunks: list[str] = []
    for relative in sorted(expected.keys() - set(drift.missing), key=lambda path: (path == MANIFEST, path)):
        current = (out / relative).read_bytes()
        if current != expected[relative]:
            drift.changed.append(relative)
            chunks.extend(_diff(relative, current, expected[relative]))
    drift.diff = "".join(chunks)
    return drift


def _expected_manifest(manifest: Manifest, previous: Manifest | None) -> bytes:
    """The manifest a run would write, under the generator version already on disk when nothing else differs."""
    if previous is not None and previous.comparable() == manifest.comparable():
        return Manifest(manifest.files, manifest.spec_sha256, previous.generator).to_bytes()
    return manifest.to_bytes()


def _diff(relative: str, current: bytes, expected: bytes) -> list[str]:
    try:
        old, new = current.decode("utf-8"), expected.decode("utf-8")
    except UnicodeDecodeError:
        return [f"Binary files a/{relative} and b/{relative} differ\n"]
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{relative}", f"b/{relative}"
    )
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
