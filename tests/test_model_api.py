"""The generated models' pydantic API: ``model_dump``/``model_dump_json`` with pydantic's keywords,
``model_copy``, ``model_fields``, ``model_json_schema``, and ``UNSET`` for an absent optional field.

Each keyword's effect is compared with what pydantic gives for an equivalent ``BaseModel`` (whose
optional fields are pydantic's own ``MISSING``) on the same JSON, or with the JSON input itself.
"""

from __future__ import annotations

import copy
import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal

import pytest
from jsonschema import Draft202012Validator
from pydantic import MISSING, BaseModel, ConfigDict, Field

from seamgen.cli import main
from tests.conftest import SPEC, import_package, spec_document

SHELF = textwrap.dedent(
    """\
    openapi: 3.1.0
    info: {title: Shelf API, version: "1", description: Books on a shelf.}
    paths: {}
    components:
      schemas:
        Author:
          type: object
          description: Who wrote it.
          required: [name]
          properties:
            name: {type: string}
            born: {type: integer}
        Book:
          type: object
          description: A book.
          required: [id, item]
          properties:
            id: {type: string}
            title: {type: string}
            subtitle: {type: [string, "null"]}
            page-count: {type: integer}
            author: {$ref: "#/components/schemas/Author"}
            tags: {type: array, items: {type: string}}
            item: {$ref: "#/components/schemas/Item"}
        Item:
          oneOf: [{$ref: "#/components/schemas/Paper"}, {$ref: "#/components/schemas/Digital"}]
          discriminator: {propertyName: kind}
        Paper:
          type: object
          required: [kind]
          properties: {kind: {const: paper}, weight: {type: number}}
        Digital:
          type: object
          required: [kind, url]
          properties: {kind: {const: digital}, url: {type: string}}
    """
)

# The same schemas as pydantic models of its own: extra fields kept, JSON names in and out,
# an absent optional field pydantic's MISSING (left out of every dump).
CONFIG = ConfigDict(extra="allow", validate_by_alias=True, validate_by_name=False, serialize_by_alias=True)


class Author(BaseModel):
    """Who wrote it."""

    model_config = CONFIG
    name: str
    born: int | MISSING = MISSING


class Paper(BaseModel):
    model_config = CONFIG
    kind: Literal["paper"]
    weight: float | MISSING = MISSING


class Digital(BaseModel):
    model_config = CONFIG
    kind: Literal["digital"]
    url: str


class Book(BaseModel):
    """A book."""

    model_config = CONFIG
    id: str
    title: str | MISSING = MISSING
    subtitle: str | MISSING | None = MISSING
    page_count: int | MISSING = Field(default=MISSING, alias="page-count")
    author: Author | MISSING = MISSING
    tags: list[str] | MISSING = MISSING
    item: Annotated[Paper | Digital, Field(discriminator="kind")]


# Absent (title, tags, born), null (subtitle), a JSON name that is no identifier (page-count),
# unknown fields at every level, with nulls in and under them, and a union member.
BOOK = {
    "id": "b1",
    "subtitle": None,
    "page-count": 320,
    "author": {"name": "Ann", "nickname": None, "links": {"home": None, "blog": "b"}},
    "item": {"kind": "paper", "weight": 1.5, "ink": "black"},
    "shelf": {"row": 2, "note": None},
    "legacy": None,
}

KEYWORDS: list[dict[str, Any]] = [
    {},
    {"by_alias": True},
    {"by_alias": False},
    {"exclude_none": True},
    {"exclude_unset": True},
    {"exclude_defaults": True},
    {"round_trip": True},
    {"include": {"id": True, "page_count": True, "author": {"name", "links"}, "shelf": {"note"}, "item": {"weight"}}},
    {"exclude": {"subtitle": True, "item": {"weight"}, "legacy": True, "author": {"links": {"blog"}}}},
    {"include": {"page_count", "legacy"}, "by_alias": False, "exclude_none": True},
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("model_api")
    (root / "shelf.yaml").write_text(SHELF, encoding="utf-8")
    for spec, package in ((root / "shelf.yaml", "shelf_api"), (SPEC, "seam_model_api")):
        assert main(["generate", "--spec", str(spec), "--out", str(root / package), "--package-name", package,
                     "--quiet"]) == 0  # fmt: skip
    return root


@pytest.fixture(scope="module")
def shelf(out: Path) -> ModuleType:
    return import_package(out / "shelf_api" / "python" / "src", "shelf_api")


@pytest.fixture(scope="module")
def seam(out: Path) -> ModuleType:
    return import_package(out / "seam_model_api" / "python" / "src", "seam_model_api")


@pytest.mark.parametrize("keywords", KEYWORDS, ids=lambda k: ",".join(k) or "none")
@pytest.mark.parametrize("mode", ["python", "json"])
def test_model_dump_takes_pydantics_keywords_with_pydantics_meaning(
    shelf: ModuleType, keywords: dict[str, Any], mode: Literal["python", "json"]
) -> None:
    ours, theirs = shelf.Book.model_validate(BOOK), Book.model_validate(BOOK)
    assert ours.model_dump(mode=mode, **keywords) == theirs.model_dump(mode=mode, **keywords)


@pytest.mark.parametrize("keywords", KEYWORDS, ids=lambda k: ",".join(k) or "none")
def test_model_dump_json_takes_pydantics_keywords_and_indent(shelf: ModuleType, keywords: dict[str, Any]) -> None:
    ours, theirs = shelf.Book.model_validate_json(json.dumps(BOOK)), Book.model_validate_json(json.dumps(BOOK))
    for indent in (None, 2):
        assert ours.model_dump_json(indent=indent, **keywords) == theirs.model_dump_json(indent=indent, **keywords)


def test_an_absent_optional_field_is_unset_falsy_and_apart_from_null(shelf: ModuleType) -> None:
    book = shelf.Book.model_validate(BOOK)
    assert book.title is shelf.UNSET and isinstance(book.title, shelf.Unset)
    assert not book.title and not book.tags and not book.author.born
    assert book.subtitle is None and book.subtitle is not shelf.UNSET
    assert book.page_count == BOOK["page-count"]
    assert repr(shelf.UNSET) == "UNSET" and "UNSET" not in repr(book)
    assert book.model_dump(mode="json") == BOOK
    assert "UNSET" not in book.model_dump_json()


def test_unset_is_the_packages_one_sentinel(shelf: ModuleType) -> None:
    assert {"UNSET", "Unset"} <= set(shelf.__all__)
    assert shelf.UNSET is importlib.import_module("shelf_api.models").UNSET is shelf.Unset.UNSET
    assert list(shelf.Unset) == [shelf.UNSET]
    assert copy.deepcopy(shelf.UNSET) is shelf.UNSET


def test_code_may_pass_unset_but_input_never_is_unset(shelf: ModuleType) -> None:
    book = shelf.Book(id="b2", title=shelf.UNSET, item=shelf.Digital(kind="digital", url="u"))
    assert book.title is shelf.UNSET
    assert book.model_dump() == {"id": "b2", "item": {"kind": "digital", "url": "u"}}
    assert shelf.Book.model_validate({**BOOK, "title": "UNSET"}).title == "UNSET"
    assert shelf.Book.model_validate_json(json.dumps({**BOOK, "title": "UNSET"})).title == "UNSET"


def test_a_wrong_value_of_an_optional_field_gives_its_types_error_alone(shelf: ModuleType) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        shelf.Book.model_validate_json(json.dumps({**BOOK, "title": 5}))
    with pytest.raises(ValidationError) as expected:
        Book.model_validate_json(json.dumps({**BOOK, "title": 5}))
    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [
        (e["loc"], e["type"]) for e in expected.value.errors()
    ]


@pytest.mark.parametrize("deep", [False, True])
def test_model_copy_updates_by_attribute_name_as_pydantic_does(shelf: ModuleType, deep: bool) -> None:
    ours, theirs = shelf.Book.model_validate(BOOK), Book.model_validate(BOOK)
    update = {"title": "New", "page_count": 1, "legacy": "kept"}
    copied = ours.model_copy(update=update, deep=deep)
    assert copied.model_dump() == theirs.model_copy(update=update, deep=deep).model_dump()
    assert ours.model_dump(mode="json") == BOOK  # the original is untouched
    assert (copied.author is ours.author) is not deep
    assert copied.author == ours.author
    assert ours.model_copy() == ours


def test_model_fields_is_on_the_class_as_in_pydantic(shelf: ModuleType) -> None:
    for ours, theirs in ((shelf.Book, Book), (shelf.Author, Author), (shelf.Digital, Digital)):
        assert {name: (f.alias, f.is_required()) for name, f in ours.model_fields.items()} == {
            name: (f.alias, f.is_required()) for name, f in theirs.model_fields.items()
        }
    assert shelf.Book.model_validate(BOOK).model_fields is shelf.Book.model_fields


def test_model_json_schema_is_pydantics_without_unset(shelf: ModuleType) -> None:
    assert shelf.Author.model_json_schema() == Author.model_json_schema()
    ours, theirs = shelf.Book.model_json_schema(), Book.model_json_schema()
    assert ours["required"] == theirs["required"]
    assert {k: v for k, v in ours["properties"].items() if k != "item"} == {
        k: v for k, v in theirs["properties"].items() if k != "item"
    }
    assert shelf.Book.model_json_schema(by_alias=False)["properties"].keys() == Book.model_fields.keys()
    Draft202012Validator(ours).validate(BOOK)


def spec_examples() -> list[tuple[str, dict[str, Any]]]:
    """Our spec's response examples, with the schema each one is of."""
    responses = spec_document()["components"]["responses"]
    found = []
    for response in responses.values():
        media = response.get("content", {}).get("application/json", {})
        if "example" in media:
            found.append((media["schema"]["$ref"].rsplit("/", 1)[-1], media["example"]))
    return found


@pytest.mark.parametrize(("schema", "example"), spec_examples())
def test_our_specs_examples_dump_as_the_keywords_say(seam: ModuleType, schema: str, example: dict[str, Any]) -> None:
    model = getattr(seam, schema)
    data = {**example, "sent_later": None}
    parsed = model.model_validate_json(json.dumps(data))
    assert parsed.model_dump(mode="json", round_trip=True, exclude_unset=True, by_alias=True) == data
    assert parsed.model_dump_json(indent=2) == json.dumps(parsed.model_dump(mode="json"), indent=2)
    assert parsed.model_dump(exclude_none=True, include={"ok", "sent_later"}) == {"ok": data["ok"]}
    assert parsed.model_dump(mode="json", exclude={"ok"}) == {k: v for k, v in data.items() if k != "ok"}
    assert parsed.model_copy(update={"ok": not data["ok"]}).model_dump(mode="json") == {**data, "ok": not data["ok"]}
    assert model.model_fields.keys() == spec_document()["components"]["schemas"][schema]["properties"].keys()
    Draft202012Validator(model.model_json_schema()).validate(data)


def test_an_optional_field_our_spec_leaves_out_is_unset(seam: ModuleType) -> None:
    body = dict(next(example for schema, example in spec_examples() if schema == "ErrorResponse"))
    body["error"] = {key: value for key, value in body["error"].items() if key != "request_id"}
    parsed = seam.ErrorResponse.model_validate(body)
    assert parsed.error.request_id is seam.UNSET and not parsed.error.request_id
    assert parsed.model_dump(mode="json") == body


def test_schemas_named_like_the_sentinel_get_classes_of_their_own(tmp_path: Path) -> None:
    text = SHELF.replace("    Author:", "    Unset: {type: object, properties: {a: {type: string}}}\n"
                         "    OrUnset: {type: object, properties: {b: {type: string}}}\n    Author:")  # fmt: skip
    (tmp_path / "names.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(tmp_path / "names.yaml"), "--out", str(out), "--package-name",
                 "sentinel_names", "--quiet"]) == 0  # fmt: skip
    package = import_package(out / "python" / "src", "sentinel_names")
    models = importlib.import_module("sentinel_names.models")
    classes = {cls.__name__ for cls in vars(models).values() if hasattr(cls, "model_fields")}
    assert {"UnsetModel", "OrUnsetModel"} <= classes
    assert package.UnsetModel.model_validate({}).a is package.UNSET is package.Unset.UNSET


USER_CODE = """\
from shelf_api import UNSET, Book, Unset


def title_of(book: Book) -> str:
    if book.title is not UNSET:
        return book.title.upper()
    return "untitled"


def pages(book: Book) -> int:
    return book.page_count if book.page_count else 0


def subtitle(book: Book) -> str | None:
    return None if isinstance(book.subtitle, Unset) else book.subtitle


def dumped(book: Book) -> dict[str, object]:
    text = book.model_dump_json(indent=2, by_alias=True, exclude_none=True)
    return {"json": text, **book.model_dump(mode="json", include={"id"}, exclude_unset=True)}


def copied(book: Book) -> Book:
    return book.model_copy(update={"title": "T"}, deep=True)
"""


def test_user_code_narrowing_unset_is_mypy_strict_clean(out: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE, encoding="utf-8")
    src = out / "shelf_api" / "python" / "src"
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(src), "PATH": ""},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    broken = tmp_path / "broken.py"
    broken.write_text("from shelf_api import Book\n\n\ndef f(book: Book) -> str:\n    return book.title\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(broken)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(src), "PATH": ""},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1 and "Unset" in result.stdout, result.stdout
