"""--templates DIR: the user's templates replace built-in ones file by file, under the same guards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from seamgen.pipeline import generate
from seamgen.render import TEMPLATES
from tests.conftest import MINIMAL, Run, import_package, tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding the spec, made the current folder."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "openapi.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def custom(name: str, text: str) -> None:
    """Write the user's template ``name`` into ``tpl/`` of the current folder."""
    path = Path("tpl") / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def rendered(templates: str | None = None) -> dict[str, bytes]:
    """Every output file, in memory, as generate renders it."""
    files = generate(Path("spec/openapi.yaml"), templates=Path(templates) if templates else None).files
    assert files is not None
    return files


def generated(cli: Callable[..., Run], out: str, *args: str) -> dict[str, bytes]:
    run = cli("generate", "--out", out, "--quiet", *args)
    assert run.code == 0, run.err
    return tree(Path(out))


def test_a_python_template_override_changes_only_its_files(cli: Callable[..., Run], project: Path) -> None:
    builtin = (TEMPLATES / "python" / "__init__.py.j2").read_text(encoding="utf-8")
    custom("python/__init__.py.j2", "# Built for {{ api.title|py_str }} with our own header.\n" + builtin)
    custom("python/py.typed.j2", "# typed, says our template\n")
    before, after = rendered(), rendered("tpl")
    package = "python/src/widgets_api"
    assert after[f"{package}/py.typed"] == b"# typed, says our template\n"
    assert (
        after[f"{package}/__init__.py"]
        == b'# Built for "Widgets API" with our own header.\n' + before[f"{package}/__init__.py"]
    )
    assert {path for path in after if after[path] != before[path]} == {f"{package}/py.typed", f"{package}/__init__.py"}
    generated(cli, "out", "--package-name", "custom_widgets", "--templates", "tpl")
    assert import_package(project / "out" / "python" / "src", "custom_widgets").__doc__


def test_a_docs_template_override_adds_a_footer(cli: Callable[..., Run], project: Path) -> None:
    builtin = (TEMPLATES / "docs_markdown" / "endpoint.md.j2").read_text(encoding="utf-8")
    custom("docs_markdown/endpoint.md.j2", builtin + "\n---\n\nMaintained by the widgets team: [[ page.title|md ]]\n")
    before, after = rendered(), rendered("tpl")
    page = "docs/markdown/api/widgets/get.md"
    assert after[page] == before[page] + b"\n---\n\nMaintained by the widgets team: /widgets/get\n"
    assert {path for path in after if after[path] != before[path]} == {page}
    generated(cli, "custom", "--templates", "tpl")
    assert cli("check", "--out", "custom", "--templates", "tpl").code == 0
    assert cli("check", "--out", "custom").code == 1


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("python/py.typed.j2", "# {{ api.title }}\n", 1, "spec text 'Widgets API' reached a template without an escaping filter"),
        ("docs_markdown/object.md.j2", "# Objects\n\n[[ page.title ]]\n", 3, "spec text 'Widgets' reached a template without an escaping filter"),
        ("python/py.typed.j2", "ok\n{% if %}\n", 2, "Expected an expression, got 'end of statement block'"),
        ("python/py.typed.j2", "ok\n\n{{ nope }}\n", 3, "'nope' is undefined"),
        ("python/py.typed.j2", "{{ api.title.nope }}\n", 1, "'seamgen.text.SpecText object' has no attribute 'nope'"),
        ("python/py.typed.j2", "# {{ api.endpoints[0] }}\n", 1, "a template printed a Endpoint object, whose text may come from the spec; print its fields through an escaping filter"),
        ("docs_markdown/object.md.j2", "[[ page ]]\n", 1, "a template printed a ObjectPage object, whose text may come from the spec; print its fields through an escaping filter"),
        ("docs_html/index.html.j2", '{% extends "docs_html/bsae.html.j2" %}\n', 1, "template 'docs_html/bsae.html.j2' not found"),
    ],
)  # fmt: skip
def test_a_failing_template_is_named_and_nothing_is_written(
    cli: Callable[..., Run], project: Path, name: str, text: str, line: int, message: str
) -> None:
    before = generated(cli, "out")
    custom(name, text)
    run = cli("generate", "--out", "out", "--templates", "tpl")
    assert (run.code, run.out) == (1, "")
    assert run.err == f"tpl/{name}:{line}: error: {message}\n"
    assert tree(Path("out")) == before
    assert cli("check", "--out", "out", "--templates", "tpl").err == run.err


def test_html_templates_escape_spec_text_too(cli: Callable[..., Run], project: Path) -> None:
    spec = Path("spec/openapi.yaml")
    spec.write_text(MINIMAL.replace("title: Widgets API", 'title: "Widgets <b>&</b>"'), encoding="utf-8")
    custom("docs_html/index.html.j2", "<title>{{ api.title }}</title>\n")
    page = generated(cli, "out", "--templates", "tpl")["docs/html/index.html"]
    assert page == b"<title>Widgets &lt;b&gt;&amp;&lt;/b&gt;</title>\n"


def test_a_missing_templates_folder_is_a_usage_error(cli: Callable[..., Run], project: Path) -> None:
    run = cli("generate", "--templates", "nowhere")
    assert run.code == 2
    assert "--templates: no such folder: nowhere" in run.err
    assert not Path("generated").exists()


def test_a_misnamed_custom_template_is_reported_not_silently_ignored(cli: Callable[..., Run], project: Path) -> None:
    custom("python/modles.py.j2", "# a typo\n")
    custom("python/py.typed", "# no .j2\n")
    run = cli("generate", "--out", "out", "--templates", "tpl")
    assert run.code == 0, run.err
    for name in ("python/modles.py.j2", "python/py.typed"):
        assert f"tpl/{name}: warning: no built-in template has this name, so it is not used" in run.err
