"""Models from shapes real specs publish: each spec below is small and reproduces one class of
problem the public specs showed (Stripe, GitHub, Figma, Spotify, Gmail, Twilio, Train Travel).

Every package here must import, parse what its schemas allow and dump it back unchanged, and be
ruff- and ``mypy --strict``-clean. Expectations come from the spec text of each test.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from seamgen.cli import main
from tests.conftest import import_package

HEADER = """\
openapi: {version}
info: {{title: {title}, version: "1", description: Shapes from real specs.}}
paths: {{}}
components:
  schemas:
"""


def spec(title: str, schemas: str, version: str = "3.1.0") -> str:
    return HEADER.format(version=version, title=title) + textwrap.indent(textwrap.dedent(schemas), "    ")


# Enum values that are no identifiers: digits first (Stripe's `1hour`, Gmail's `$.xgafv` "1"/"2"),
# signs (Spotify's -1), leading zeros (GitHub's file modes), nothing at all, collisions after
# case folding, keywords; integer enums (Figma's [0, 1] typed number), null among the values.
ENUMS = spec(
    "Enum Values",
    """\
    Interval:
      type: string
      description: Values that are no identifiers.
      enum: ["1hour", "+1", "-1", "040000", "", "*", "in-progress", "in_progress", "class", "None", "Größe", "“quoted”"]
    Xgafv:
      type: string
      description: Google's error format.
      enum: ["1", "2"]
    Grow:
      type: number
      description: Figma's stretch flag.
      enum: [0, 1]
    Mode:
      type: integer
      description: Spotify's mode.
      enum: [-1, 0, 1]
    Conclusion:
      type: [string, "null"]
      description: GitHub's check conclusion.
      enum: [success, failure, null]
    Ratio:
      type: number
      description: Numbers that are not integers.
      enum: [0.5, 1.5]
    Holder:
      type: object
      description: Holds one of each.
      properties:
        interval: {$ref: "#/components/schemas/Interval"}
        xgafv: {$ref: "#/components/schemas/Xgafv"}
        grow: {$ref: "#/components/schemas/Grow"}
        mode: {$ref: "#/components/schemas/Mode"}
        conclusion: {$ref: "#/components/schemas/Conclusion"}
        ratio: {$ref: "#/components/schemas/Ratio"}
        size: {type: [string, integer], description: A type list.}
    """,
)

# Unions whose discriminator property is optional (Train Travel, Spotify, Figma), a plain string
# named only in the mapping, or missing from a variant; one union without a discriminator whose
# variants pin an optional property. The union comes before its variants in the spec.
UNIONS = spec(
    "Tagged Unions",
    """\
    Pet:
      description: A pet, by its kind.
      oneOf:
        - {$ref: "#/components/schemas/Cat"}
        - {$ref: "#/components/schemas/Dog"}
        - {$ref: "#/components/schemas/Bird"}
      discriminator:
        propertyName: kind
        mapping:
          cat: "#/components/schemas/Cat"
          dog: "#/components/schemas/Dog"
          bird: "#/components/schemas/Bird"
    Cat:
      type: object
      description: Its kind is optional and a plain string.
      properties:
        kind: {type: string}
        name: {type: string}
    Dog:
      type: object
      description: Its kind is required and constant.
      required: [kind]
      properties:
        kind: {const: dog}
        barks: {type: boolean}
    Bird:
      type: object
      description: It does not list its kind at all.
      properties:
        wingspan: {type: number}
    Change:
      description: Told apart by an optional constant.
      oneOf:
        - type: object
          properties:
            action: {const: created}
            id: {type: string}
        - type: object
          properties:
            action: {const: deleted}
    """,
)

# Recursion and forward references: a JSON value type (GitHub, Notion), a tree, a union that
# contains itself and comes before its variants, and GitHub's union with an array "variant".
RECURSIVE = spec(
    "Recursive Shapes",
    """\
    Shape:
      description: A shape; groups hold shapes.
      oneOf: [{$ref: "#/components/schemas/Group"}, {$ref: "#/components/schemas/Circle"}]
      discriminator: {propertyName: type}
    Group:
      type: object
      description: Shapes together.
      required: [type, members]
      properties:
        type: {type: string}
        members: {type: array, items: {$ref: "#/components/schemas/Shape"}}
    Circle:
      type: object
      description: A circle.
      required: [type]
      properties:
        type: {type: string}
        radius: {type: number}
    JsonValue:
      description: Any JSON value.
      anyOf:
        - {type: string}
        - {type: number}
        - {type: boolean}
        - {type: "null"}
        - {type: array, items: {$ref: "#/components/schemas/JsonValue"}}
        - {type: object, additionalProperties: {$ref: "#/components/schemas/JsonValue"}}
    Node:
      type: object
      description: A tree.
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        parent: {oneOf: [{$ref: "#/components/schemas/Node"}, {type: "null"}]}
    Content:
      description: A directory listing or a file.
      oneOf: [{$ref: "#/components/schemas/Listing"}, {$ref: "#/components/schemas/File"}]
      discriminator:
        propertyName: type
        mapping: {array: "#/components/schemas/Listing", file: "#/components/schemas/File"}
    Listing:
      type: array
      description: Files.
      items: {$ref: "#/components/schemas/File"}
    File:
      type: object
      description: A file.
      required: [type]
      properties:
        type: {type: string}
        size: {type: integer}
    Document:
      type: object
      description: Uses them all.
      properties:
        data: {$ref: "#/components/schemas/JsonValue"}
        tree: {$ref: "#/components/schemas/Node"}
        shapes: {type: array, items: {$ref: "#/components/schemas/Shape"}}
        content: {$ref: "#/components/schemas/Content"}
    """,
)

# Figma's effects: a discriminator mapping two values to one variant, which is a union of its own
# (told apart by another property); the other variants are classes.
NESTED = spec(
    "Nested Unions",
    """\
    Effect:
      description: An effect.
      oneOf:
        - {$ref: "#/components/schemas/ShadowEffect"}
        - {$ref: "#/components/schemas/BlurEffect"}
      discriminator:
        propertyName: type
        mapping:
          DROP_SHADOW: "#/components/schemas/ShadowEffect"
          LAYER_BLUR: "#/components/schemas/BlurEffect"
          BACKGROUND_BLUR: "#/components/schemas/BlurEffect"
    ShadowEffect:
      type: object
      description: A shadow.
      required: [type]
      properties:
        type: {type: string, enum: [DROP_SHADOW]}
        offset: {type: number}
    BlurEffect:
      description: A blur, normal or progressive.
      oneOf: [{$ref: "#/components/schemas/NormalBlur"}, {$ref: "#/components/schemas/ProgressiveBlur"}]
    NormalBlur:
      type: object
      description: A normal blur.
      required: [type, blurType]
      properties:
        type: {type: string, enum: [LAYER_BLUR, BACKGROUND_BLUR]}
        blurType: {type: string, enum: [NORMAL]}
        radius: {type: number}
    ProgressiveBlur:
      type: object
      description: A progressive blur.
      required: [type, blurType]
      properties:
        type: {type: string, enum: [LAYER_BLUR, BACKGROUND_BLUR]}
        blurType: {type: string, enum: [PROGRESSIVE]}
        startRadius: {type: number}
    Node:
      type: object
      description: Has effects.
      properties:
        effects: {type: array, items: {$ref: "#/components/schemas/Effect"}}
    """,
)

# Names that collide once made identifiers, or would shadow what models.py or the package binds.
NAMES = spec(
    "Colliding Names",
    """\
    foo-bar: {type: object, properties: {a: {type: string}}}
    FooBar: {type: object, properties: {b: {type: string}}}
    foo_bar: {type: object, properties: {c: {type: string}}}
    Field: {type: object, properties: {d: {type: string}}}
    Any: {type: object, properties: {e: {type: string}}}
    MISSING: {type: object, properties: {f: {type: string}}}
    WaitOptions: {type: object, properties: {g: {type: string}}}
    1st: {type: object, properties: {h: {type: string}}}
    Shadow:
      type: object
      properties:
        list: {type: array, items: {type: string}}
        dict: {type: object}
        str: {type: string}
        class: {type: string}
        model_dump: {type: string}
        "": {type: string}
    """,
)

# OpenAPI 3.0: nullability through a $ref to a titled nullable schema (used twice), allOf merges,
# a typed additionalProperties, formats that are documented but not enforced, and an anyOf of
# constants on an optional property.
MERGES = spec(
    "Merged Objects",
    """\
    Owner:
      title: Person
      type: object
      nullable: true
      properties: {name: {type: string}}
    Thing:
      type: object
      required: [owner, backup]
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        backup: {$ref: "#/components/schemas/Owner"}
    Base:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Extended:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            email: {type: string, format: email}
            level: {anyOf: [{enum: [low]}, {enum: [high]}]}
          additionalProperties: {type: integer}
    """,
    version="3.0.3",
)

# Lines ruff would find too long (Twilio's dotted names, long enum values and Literal unions) or
# whitespace-only (a description's surrounding blank lines).
LONG = spec(
    "Long Lines",
    """\
    api.v2010.account.incoming_phone_number.incoming_phone_number_assigned_add_on.incoming_phone_number_assigned_add_on_extension:
      type: object
      properties:
        a_property_with_a_rather_long_name_that_also_has_an_alias_because_of_its_Capitals:
          $ref: "#/components/schemas/MerchantCategory"
        variable_overrides:
          type: object
          additionalProperties:
            type: object
            additionalProperties:
              oneOf:
                - {type: boolean}
                - {type: number}
                - {type: string}
                - {$ref: "#/components/schemas/MerchantCategory"}
                - {type: object, properties: {color_red_green_blue_and_alpha_channel: {type: number}}}
                - {type: object, properties: {variable_alias_identifier_of_the_collection: {type: string}}}
    MerchantCategory:
      type: string
      enum: [medical_dental_ophthalmic_and_hospital_equipment_and_supplies_and_some_more_words_to_pass_120]
    Sortable:
      type: object
      description: "\\n        Indented, with a blank line after it, as Seam's JSON has it.\\n    "
      required: [required_union_of_long_names]
      properties:
        required_union_of_long_names:
          oneOf:
            - {$ref: "#/components/schemas/api.v2010.account.incoming_phone_number.incoming_phone_number_assigned_add_on.incoming_phone_number_assigned_add_on_extension"}
            - {type: object, properties: {variable_alias_identifier_of_the_collection_and_then_some_more: {type: string}}}
        Item10: {type: string}
        item2: {type: string}
        ITEM1: {type: string}
        nested_level_one_with_a_long_name:
          type: object
          properties:
            nested_level_two_with_a_long_name:
              type: object
              properties:
                nested_level_three_with_a_long_name:
                  type: object
                  additionalProperties: {$ref: "#/components/schemas/MerchantCategory"}
                  properties: {leaf: {type: string}}
    """,
)

# No schemas at all: the package has no models to load lazily.
NO_MODELS = spec("No Models", "").replace("  schemas:\n", "  schemas: {}\n")

SPECS = {
    "enum_values": ENUMS,
    "tagged_unions": UNIONS,
    "recursive_shapes": RECURSIVE,
    "nested_unions": NESTED,
    "colliding_names": NAMES,
    "merged_objects": MERGES,
    "long_lines": LONG,
    "no_models": NO_MODELS,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every spec above generated into its own folder, as ``seamgen generate`` does."""
    root = tmp_path_factory.mktemp("real_specs_models")
    for package, text in SPECS.items():
        (root / f"{package}.yaml").write_text(text, encoding="utf-8")
        code = main(["generate", "--spec", str(root / f"{package}.yaml"), "--out", str(root / package), "--quiet",
                     "--package-name", package])  # fmt: skip
        assert code == 0, package
    return root


def load_package(out: Path, package: str) -> ModuleType:
    return import_package(out / package / "python" / "src", package)


def schemas_of(text: str) -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(text)["components"]["schemas"]
    return found


def round_trip(target: Any, data: Any) -> Any:
    adapter: TypeAdapter[Any] = TypeAdapter(target)
    parsed = adapter.validate_json(json.dumps(data))
    assert adapter.dump_python(parsed, mode="json") == data
    return parsed


# Class 2: enum members named from any value.
def test_every_enum_value_is_a_member_with_a_valid_unique_name(out: Path) -> None:
    module = load_package(out, "enum_values")
    for name in ("Interval", "Xgafv", "Grow", "Mode", "Conclusion"):
        values = [value for value in schemas_of(ENUMS)[name]["enum"] if value is not None]
        enum = getattr(module, name)
        assert [member.value for member in enum] == values
        assert all(member.isidentifier() and member.isupper() for member in enum.__members__)


def test_enum_member_names_follow_the_documented_convention(out: Path) -> None:
    interval = load_package(out, "enum_values").Interval
    named = {member.value: name for name, member in interval.__members__.items()}
    assert named["1hour"] == "VALUE_1_HOUR"
    assert (named["+1"], named["-1"], named["040000"]) == ("PLUS_1", "MINUS_1", "VALUE_040000")
    assert (named[""], named["*"], named["class"], named["None"]) == ("EMPTY", "VALUE", "CLASS", "NONE")
    assert (named["in-progress"], named["in_progress"]) == ("IN_PROGRESS", "IN_PROGRESS_2")
    assert load_package(out, "enum_values").Mode.MINUS_1.value == -1


def test_integer_enums_are_open_and_strict(out: Path) -> None:
    module = load_package(out, "enum_values")
    assert round_trip(module.Holder, {"mode": -1}).mode is module.Mode.MINUS_1
    assert round_trip(module.Holder, {"grow": 1}).grow is module.Grow.VALUE_1
    assert round_trip(module.Holder, {"mode": 7}).mode == 7
    for wrong in ("1", 1.0, True):
        with pytest.raises(ValidationError):
            module.Holder.model_validate({"mode": wrong})


def test_string_enums_stay_open_and_null_is_allowed_where_the_enum_lists_it(out: Path) -> None:
    module = load_package(out, "enum_values")
    assert round_trip(module.Holder, {"interval": "2hours"}).interval == "2hours"
    assert round_trip(module.Holder, {"interval": "“quoted”"}).interval is module.Interval("“quoted”")
    assert round_trip(module.Holder, {"conclusion": None}).conclusion is None
    assert round_trip(module.Holder, {"conclusion": "success"}).conclusion is module.Conclusion.SUCCESS
    assert round_trip(module.Holder, {"ratio": 1.5}).ratio == 1.5


def test_a_type_list_is_a_union_of_its_types(out: Path) -> None:
    module = load_package(out, "enum_values")
    assert [round_trip(module.Holder, {"size": size}).size for size in ("L", 42)] == ["L", 42]
    with pytest.raises(ValidationError):
        module.Holder.model_validate({"size": 1.5})


# Class 4: a discriminator that is optional, a plain string, or missing from a variant.
def test_a_union_dispatches_however_its_variants_declare_the_discriminator(out: Path) -> None:
    module = load_package(out, "tagged_unions")
    mapping = schemas_of(UNIONS)["Pet"]["discriminator"]["mapping"]
    examples = {"cat": {"name": "Tom"}, "dog": {"barks": True}, "bird": {"wingspan": 0.5}}
    for kind, ref in mapping.items():
        parsed = round_trip(module.Pet, {"kind": kind, **examples[kind]})
        assert type(parsed) is getattr(module, ref.rsplit("/", 1)[-1])


def test_an_object_without_its_tag_or_with_an_unknown_one_parses_into_the_fallback(out: Path) -> None:
    module = load_package(out, "tagged_unions")
    assert type(round_trip(module.Pet, {"name": "Tom"})) is module.UnknownPet
    assert type(round_trip(module.Pet, {"kind": "fish", "fins": 2})) is module.UnknownPet
    with pytest.raises(ValidationError):  # a known tag whose object is invalid stays an error
        TypeAdapter(module.Pet).validate_python({"kind": "cat", "name": 5})


def test_a_variant_whose_tag_is_optional_parses_without_it(out: Path) -> None:
    module = load_package(out, "tagged_unions")
    assert module.Cat.model_validate({"name": "Tom"}).kind == "cat"
    assert module.Bird.model_validate({}).kind == "bird"
    assert type(round_trip(module.Change, {"action": "created", "id": "c1"})).__name__ == "ChangeCreated"
    assert type(round_trip(module.Change, {"action": "deleted"})).__name__ == "ChangeDeleted"
    assert type(round_trip(module.Change, {"id": "c1"})) is module.UnknownChange


# Class 6: forward references and recursion.
def test_recursive_shapes_parse_and_dump_back(out: Path) -> None:
    module = load_package(out, "recursive_shapes")
    document = {
        "data": {"a": [1, "x", None, {"b": True, "c": [[]]}]},
        "tree": {"name": "root", "children": [{"name": "leaf", "children": [], "parent": None}]},
        "shapes": [{"type": "Group", "members": [{"type": "Circle", "radius": 1.0}, {"type": "Group", "members": []}]}],
    }
    parsed = round_trip(module.Document, document)
    assert type(parsed.tree.children[0]) is module.Node
    assert [type(shape).__name__ for shape in parsed.shapes[0].members] == ["Circle", "Group"]


def test_a_union_with_a_variant_that_is_no_object_tries_each_variant(out: Path) -> None:
    """GitHub's contents: a oneOf of an array and objects, with a discriminator. No class takes the union's name."""
    module = load_package(out, "recursive_shapes")
    assert not hasattr(module, "Content")
    listing = round_trip(module.Document, {"content": [{"type": "file", "size": 1}]})
    assert type(listing.content[0]) is module.File
    assert type(round_trip(module.Document, {"content": {"type": "file"}}).content) is module.File


def test_a_union_alias_comes_after_the_classes_it_names(out: Path) -> None:
    source = (out / "recursive_shapes" / "python" / "src" / "recursive_shapes" / "models.py").read_text()
    defined = [
        node.name if isinstance(node, ast.ClassDef) else ast.unparse(node.target)
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef | ast.AnnAssign)
    ]
    assert defined.index("Shape") > max(defined.index("Group"), defined.index("Circle"), defined.index("UnknownShape"))


def test_a_union_variant_may_be_a_union_and_several_values_may_select_one_variant(out: Path) -> None:
    module = load_package(out, "nested_unions")
    effects = [
        {"type": "DROP_SHADOW", "offset": 2},
        {"type": "LAYER_BLUR", "blurType": "NORMAL", "radius": 1},
        {"type": "BACKGROUND_BLUR", "blurType": "PROGRESSIVE", "startRadius": 3},
    ]
    parsed = round_trip(module.Node, {"effects": effects}).effects
    assert [type(effect) for effect in parsed] == [module.ShadowEffect, module.NormalBlur, module.ProgressiveBlur]


def test_unknown_values_at_either_level_parse_into_that_levels_fallback(out: Path) -> None:
    module = load_package(out, "nested_unions")
    assert type(round_trip(module.Effect, {"type": "GLASS", "refraction": 1})) is module.UnknownEffect
    assert type(round_trip(module.Effect, {"type": "LAYER_BLUR", "blurType": "RADIAL"})) is module.UnknownBlurEffect
    with pytest.raises(ValidationError):  # a known variant that does not parse stays an error
        TypeAdapter(module.Effect).validate_python({"type": "DROP_SHADOW", "offset": "far"})


# Names: unique by construction, never shadowing what the module or the package binds.
def test_colliding_and_reserved_schema_names_each_get_their_own_class(out: Path) -> None:
    load_package(out, "colliding_names")
    models = importlib.import_module("colliding_names.models")
    properties = {name: set(schema["properties"]) for name, schema in schemas_of(NAMES).items()}
    classes = [
        value
        for value in vars(models).values()
        if dataclasses.is_dataclass(value) and value.__module__ == models.__name__
    ]
    fields = [
        {name if info.alias is None else info.alias for name, info in cls.__pydantic_fields__.items()}
        for cls in classes
    ]
    assert sorted(map(sorted, fields)) == sorted(map(sorted, properties.values()))
    assert all(not cls.__name__.startswith("_") for cls in classes)
    assert models.Field is pydantic.Field
    assert "WaitOptions" not in vars(models)  # the package exports the client's WaitOptions


def test_fields_named_like_builtins_and_methods_keep_their_json_names(out: Path) -> None:
    module = load_package(out, "colliding_names")
    data = {"list": ["a"], "dict": {"k": 1}, "str": "s", "class": "c", "model_dump": "m", "": "empty"}
    parsed = round_trip(module.Shadow, data)
    assert parsed.list_ == ["a"]


# 3.0 nullability, allOf, additionalProperties, formats.
def test_nullability_survives_every_ref_to_a_titled_nullable_schema(out: Path) -> None:
    module = load_package(out, "merged_objects")
    assert round_trip(module.Thing, {"owner": None, "backup": None}).backup is None
    assert round_trip(module.Thing, {"owner": {"name": "n"}, "backup": None}).owner.name == "n"


def test_merged_objects_check_what_the_spec_says_and_nothing_more(out: Path) -> None:
    module = load_package(out, "merged_objects")
    parsed = round_trip(module.Extended, {"id": "1", "email": "not an email", "level": "low", "extra": 3})
    assert parsed.level == "low"
    assert round_trip(module.Extended, {"id": "1"}).id == "1"
    for wrong in ({"email": "e"}, {"id": "1", "extra": "x"}, {"id": "1", "level": 3}):
        with pytest.raises(ValidationError):
            module.Extended.model_validate(wrong)


def test_long_lines_are_wrapped_and_long_names_shortened(out: Path) -> None:
    module = load_package(out, "long_lines")
    assert module.ApiV2010AccountIncomingPhoneNumberAssignedAddOnExtension.__name__
    data = {"variable_overrides": {"mode": {"a": True, "b": 1.5, "c": {"color_red_green_blue_and_alpha_channel": 1}}}}
    round_trip(module.ApiV2010AccountIncomingPhoneNumberAssignedAddOnExtension, data)


def test_generated_models_are_ruff_and_mypy_strict_clean(out: Path) -> None:
    """With the generated package's own ruff settings; __init__ sorts its imports and __all__ as ruff does."""
    for package in SPECS:
        python = out / package / "python"
        source = python / "src" / package
        ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(python / "pyproject.toml")]
        done = subprocess.run(
            [*ruff, str(source / "models.py"), str(source / "__init__.py")], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(out / ".mypy")]
    packages = [arg for package in SPECS for arg in ("-p", f"{package}.models")]
    paths = ":".join(str(out / package / "python" / "src") for package in SPECS)
    done = subprocess.run([*mypy, *packages], capture_output=True, text=True, env={"MYPYPATH": paths, "PATH": ""})
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_the_package_leaves_the_models_until_one_is_used(out: Path) -> None:
    """models.py may hold thousands of classes (Seam's, GitHub's): the package's import does not wait for them."""
    code = (
        "import sys, enum_values\n"
        "assert 'enum_values.models' not in sys.modules\n"
        "assert enum_values.Interval.VALUE_1_HOUR == '1hour'\n"
        "assert 'enum_values.models' in sys.modules and 'Interval' in dir(enum_values)\n"
    )
    src = out / "enum_values" / "python" / "src"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(src)})
    assert done.returncode == 0, done.stderr
