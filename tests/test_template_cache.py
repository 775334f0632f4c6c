"""Compiled templates are cached between runs, and the cache never changes what is written.

Each test points ``SEAMGEN_CACHE_DIR`` at a folder of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SPEC, Run, tree


def generate(cli: Callable[..., Run], out: Path, *extra: str) -> dict[str, bytes]:
    result = cli("generate", str(SPEC), "--out", str(out), *extra)
    assert result.code == 0, result.err
    return tree(out)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder of one test (not made yet)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SEAMGEN_CACHE_DIR", str(folder))
    return folder


def uncached(cli: Callable[..., Run], out: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What a run with the cache off writes: what every cached run must write too."""
    monkeypatch.setenv("SEAMGEN_CACHE_DIR", "")
    return generate(cli, out)


def test_a_second_run_reads_compiled_templates_and_writes_the_same_files(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    first = generate(cli, tmp_path / "first")
    entries = sorted((cache / "templates").iterdir())
    assert entries, "the first run compiled the templates into the cache"
    mtimes = {entry: entry.stat().st_mtime_ns for entry in entries}
    assert generate(cli, tmp_path / "second") == first
    assert {entry: entry.stat().st_mtime_ns for entry in sorted((cache / "templates").iterdir())} == mtimes
    assert uncached(cli, tmp_path / "uncached", monkeypatch) == first


def test_an_edited_template_is_compiled_afresh(cli: Callable[..., Run], tmp_path: Path, cache: Path) -> None:
    custom = tmp_path / "templates" / "python"
    custom.mkdir(parents=True)
    marker = custom / "py.typed.j2"
    marker.write_text("# first\n", encoding="utf-8")
    files = generate(cli, tmp_path / "one", "--templates", str(tmp_path / "templates"))
    assert [body for name, body in files.items() if name.endswith("py.typed")] == [b"# first\n"]
    marker.write_text("# second {{ api.title|py_str }}\n", encoding="utf-8")
    files = generate(cli, tmp_path / "two", "--templates", str(tmp_path / "templates"))
    assert next(body for name, body in files.items() if name.endswith("py.typed")).startswith(b"# second ")


@pytest.mark.parametrize("blocker", ["cache", "cache/templates"])
def test_a_cache_folder_that_cannot_be_made_is_no_cache(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path, blocker: str
) -> None:
    """A file where the cache folder should be (as good as an unwritable folder, even for root)."""
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("not a folder\n", encoding="utf-8")
    expected = generate(cli, tmp_path / "out")
    assert (tmp_path / blocker).read_text(encoding="utf-8") == "not a folder\n"
    assert uncached(cli, tmp_path / "uncached", monkeypatch) == expected


def test_a_corrupt_cache_entry_is_compiled_afresh(cli: Callable[..., Run], tmp_path: Path, cache: Path) -> None:
    expected = generate(cli, tmp_path / "first")
    for entry in (cache / "templates").iterdir():
        entry.write_bytes(entry.read_bytes()[:40])
    assert generate(cli, tmp_path / "second") == expected
