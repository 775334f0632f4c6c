"""``seamgen diff`` on inputs a review found mishandled: a side that is YAML but no OpenAPI 3
document, a git path that names a folder, and a malformed schema inside a union."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SPEC, Run, git, spec_document


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("foo: bar\n", "it has no openapi field"),
        ('swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\n', "it has no openapi field"),
        ("openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n", "it says openapi: 3.1, a number: quote it"),
    ],
)
@pytest.mark.parametrize("side", ["base", "head"])
def test_a_side_that_is_no_openapi_3_document_is_an_input_error(
    text: str, said: str, side: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """It was compared as a spec without paths: every operation of the other side reported removed."""
    other = tmp_path / "other.yaml"
    other.write_text(text, encoding="utf-8")
    result = cli("diff", str(SPEC), str(other)) if side == "head" else cli("diff", str(other), str(SPEC))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"seamgen diff: {other}: not an OpenAPI 3 document: {said} (seamgen reads 3.0.x and 3.1.x)\n"


@pytest.mark.parametrize("folder", ["spec", "spec/"])
def test_a_git_path_that_is_a_folder_says_so(
    folder: str, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``git show`` lists a folder, which read as a YAML string ("spec must be a mapping")."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "spec/openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "spec")
    monkeypatch.chdir(tmp_path)
    result = cli("diff", f"git:HEAD:{folder}", "spec/openapi.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"seamgen diff: git:HEAD:{folder}: spec is a folder at HEAD: name the spec file in it (git:HEAD:spec/...)\n"
    )


@pytest.mark.parametrize(("keyword", "value"), [("allOf", 5), ("properties", "str"), ("required", 5), ("oneOf", 5)])
def test_a_union_variant_with_a_malformed_keyword_is_no_traceback(
    keyword: str, value: object, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """diff reads specs validate has not passed: the generator's union reading skips what is malformed."""
    document = spec_document()
    document["components"]["schemas"]["UnauthorizedError"][keyword] = value
    head = tmp_path / "head.json"
    head.write_text(json.dumps(document), encoding="utf-8")
    result = cli("diff", str(SPEC), str(head))
    assert result.code in (0, 1) and "Traceback" not in result.err
    warning, first = result.err.splitlines()[:2]
    assert warning == f"seamgen diff: warning: {head} is not a valid OpenAPI document, so its changes may be misread:"
    assert first.startswith(f"{head}:") and first.endswith("[oas-schema]")


def test_valid_sides_get_no_warning(tmp_path: Path, cli: Callable[..., Run]) -> None:
    result = cli("diff", str(SPEC), str(SPEC))
    assert "warning" not in result.err
