"""Whole specs with hostile names, descriptions, examples, enums, unions and recursion: each one is
refused with located findings, or it generates a package that compiles, imports without a side
effect and round-trips its exampless. Never a traceback, never a file outside the output folder.

hypothesis draws the specs: names and texts come from a list of known troublemakers (code,
template tags, keywords, the client's own attribute names, path tricks, control characters) and
from arbitrary text.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamgen.build import build
from seamgen.cli import main
from seamgen.ir import Named
from seamgen.loader import load
from seamgen.pointers import Resolver
from seamgen.python_names import TypeNames
from seamgen.types import TypeBuilder
from tests.conftest import tree

TROUBLE = [
    '__import__("os").system("touch PWNED")', 'x=1, y', '"""', "'''", "\\", "\n", "\r\n", "\t", "\x00", "\u2028",
    "{% raw %}", "{% endraw %}", "{{ 7*7 }}", "[[ x ]]", "[% if %]", "#{`id`}", "#$0", "#@x", "${x}", "<script>",
    "]]>", "*/", "-->", "class", "None", "self", "def", "import", "__init__", "_transport", "close", "endpoint",
    "paginate", "model_dump", "Seam", "UNSET", "Call", "list", "str", "page-size", "0abc", "a b", "", "README",
    "index", "..", "a/b", "?q=1", "#frag", "%2F", "ß", "ǅ", "\U0001f4a5", "\U0001d518", "\ud7ff", "A" * 300,
]  # fmt: skip
TEXT = st.sampled_from(TROUBLE) | st.text(max_size=12)
NAME = TEXT.filter(lambda text: text.strip() != "")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same specs on every run: CI is not flaky, and a failure reproduces
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # capsys is read out, and so emptied, for each spec
    ],
)
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w+Error: ", re.MULTILINE)
LOCATED = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): ", re.MULTILINE)


@st.composite
def objects(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """An object schema with hostile property names, texts, an enum and an example."""
    names = draw(st.lists(NAME, min_size=1, max_size=4, unique=True))
    enum = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
    properties: dict[str, Any] = {n: {"type": "string", "description": draw(TEXT)} for n in names}
    properties[names[0]] = {"type": "string", "enum": enum, "description": draw(TEXT)}
    example = {names[0]: enum[0], **{n: draw(TEXT) for n in names[1:]}}
    return {"type": "object", "title": name, "description": draw(TEXT), "properties": properties, "example": example}


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A whole OpenAPI 3.1 document: hostile components, a tagged union, a recursive type, endpoints."""
    titles = draw(st.lists(NAME, min_size=2, max_size=3, unique=True))  # class names come from titles
    names = [f"M{index}" for index in range(len(titles))]  # a component's key is [a-zA-Z0-9._-]+
    schemas: dict[str, Any] = {name: draw(objects(title)) for name, title in zip(names, titles, strict=True)}
    tags = draw(st.lists(NAME, min_size=2, max_size=2, unique=True))
    schemas["Union"] = {
        "oneOf": [
            {"type": "object", "required": ["kind"], "properties": {"kind": {"const": tag}, "v": {"type": "string"}}}
            for tag in tags
        ],
        "description": draw(TEXT),
    }
    schemas["Tree"] = {
        "type": "object",
        "properties": {"label": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}},
    }  # fmt: skip
    paths: dict[str, Any] = {}
    for index, name in enumerate(names):
        segment = draw(NAME)
        parameter = draw(NAME)
        paths[f"/{index}/{segment}".replace("{", "(").replace("}", ")")] = {
            draw(st.sampled_from(["get", "post", "put", "delete"])): {
                "operationId": draw(NAME),
                "summary": draw(TEXT),
                "description": draw(TEXT),
                "tags": [draw(NAME)],
                "parameters": [{"name": parameter, "in": draw(st.sampled_from(["query", "header"])),
                                "schema": {"type": "string"}, "example": draw(TEXT)}],
                "responses": {"200": {"description": draw(TEXT), "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{name}"}}}}},
            }
        }  # fmt: skip
    paths["/tree"] = {"get": {"operationId": "tree", "responses": {"200": {"description": "A tree.", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Tree"},
                             "example": {"label": "root", "children": [{"label": "leaf", "children": []}]}}}}}}}  # fmt: skip
    info = {"title": draw(NAME), "version": draw(TEXT), "description": draw(TEXT)}
    return {"openapi": "3.1.0", "info": info, "paths": paths, "components": {"schemas": schemas}}


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run in ``folder``, so that a file written anywhere relative to the current folder is seen."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        yield


@SETTINGS
@given(document=specs())
def test_a_hostile_spec_is_refused_where_located_or_generates_a_working_package(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path_factory.mktemp("hostile")
    (work / "spec.json").write_text(json.dumps(document), encoding="utf-8")
    package = f"hostile_{work.name.replace('-', '_')}"
    with inside(work):
        code = main(["generate", "spec.json", "--out", "out", "--package-name", package, "--quiet"])
    out, err = capsys.readouterr()
    assert not TRACEBACK.search(out + err), err
    assert code in (0, 1), err
    assert set(tree(work)) - {"spec.json"} <= {path for path in tree(work) if path.startswith("out/")}
    if code == 1:
        assert LOCATED.search(err), f"refused without a located finding: {err}"
        return
    before = set(tree(work))
    sys.path.insert(0, str(work / "out" / "python" / "src"))
    try:
        with inside(work):
            imported = importlib.import_module(package)
            for name in imported.__all__:
                getattr(imported, name)  # every export loads (models load lazily)
    finally:
        sys.path.remove(str(work / "out" / "python" / "src"))
    assert set(tree(work)) == before, "importing the package wrote files"
    spec = load(work / "spec.json")
    classes, types = TypeNames(build(spec)).types, TypeBuilder(Resolver(spec.document))
    examples = {name: schema["example"] for name, schema in document["components"]["schemas"].items() if "example" in schema}
    examples["Tree"] = document["paths"]["/tree"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    for name, example in examples.items():
        named = types.component(name)
        assert isinstance(named, Named), name
        model = getattr(imported, classes[named.name])
        assert model.model_validate(example).model_dump(mode="json") == example, name
