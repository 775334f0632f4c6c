"""The models module's view of the model: each schema as a pydantic dataclass, enum or union,
and each union as nested pydantic tagged unions.

Templates loop over what this module returns and print it; they compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from seamgen.filters import py_str
from seamgen.ir import (
    AnyOf,
    AnyValue,
    Api,
    Constant,
    EnumType,
    ObjectType,
    Primitive,
    Property,
    Scalar,
    TypeExpr,
    UnionType,
)
from seamgen.python_names import Annotations, TypeNames, field_name, literal, member_name, tuple_literal
from seamgen.text import Code, Identifier, SpecText

# Longest union written on one line; the nesting around it stays within ruff's 120 columns.
LINE_BUDGET = 88


@dataclass(frozen=True)
class PyField:
    name: Identifier
    annotation: Code
    default: Code
    """What follows the annotation: nothing, `` = None`` or `` = Field(...)`` for an alias."""
    doc: SpecText


@dataclass(frozen=True)
class PyModel:
    name: Identifier
    doc: SpecText
    fields: tuple[PyField, ...]
    extra: Code | None
    """The type of unknown properties' values when the spec types them, as an expression."""
    template: ClassVar[str] = "python/model.py.j2"


@dataclass(frozen=True)
class PyMember:
    name: Identifier
    value: Code
    doc: SpecText


@dataclass(frozen=True)
class PyEnum:
    name: Identifier
    doc: SpecText
    members: tuple[PyMember, ...]


@dataclass(frozen=True)
class PyUnion:
    name: Identifier
    doc: SpecText
    known: tuple[Code, ...]
    """Lines of the known variants' type: nested ``Field(discriminator=...)`` unions, one per property."""
    fallback: Identifier
    properties: Code
    """The JSON names of the discriminator properties, as a tuple literal."""
    keys: tuple[Code, ...]
    """The known combinations of their values, one tuple literal each."""
    template: ClassVar[str] = "python/union.py.j2"


@dataclass(frozen=True)
class PyModule:
    """models.py, in definition order: enums, then models and unions as the model orders them."""

    enums: tuple[PyEnum, ...]
    definitions: tuple[PyModel | PyUnion, ...]
    exports: tuple[Identifier, ...]
    typing_imports: tuple[Identifier, ...]
    pydantic_imports: tuple[Identifier, ...]
    base_imports: tuple[Identifier, ...]


def python_module(api: Api) -> PyModule:
    """models.py's content for ``api``."""
    names = TypeNames(api)
    annotate = Annotations(names)
    selected = _selected_values(api)
    enums: list[PyEnum] = []
    definitions: list[PyModel | PyUnion] = []
    for name, kind in api.types.items():
        python_name = names.types[name]
        if isinstance(kind, EnumType):
            enums.append(_enum(python_name, kind))
        elif isinstance(kind, ObjectType):
            doc = kind.description or SpecText(f"The {python_name} object.")
            properties = _narrowed(kind.properties, selected.get(name, {}))
            definitions.append(_model(python_name, doc, properties, kind.extra, annotate))
        else:
            fallback = names.fallbacks[name]
            doc = SpecText(f"{python_name} of a kind this client does not know yet; it keeps every field.")
            definitions.append(_model(fallback, doc, kind.flat, AnyValue(), annotate))
            definitions.append(_union(python_name, kind, names, fallback))
    models = [d for d in definitions if isinstance(d, PyModel)]
    has_unions = len(models) < len(definitions)
    typing_names = {"Any", "Literal"} & annotate.used
    typing_names |= {"Annotated", "TypeAlias"} if has_unions else set()
    fields = [f for m in models for f in m.fields]
    pydantic_names = {"Field"} if has_unions or any("Field(" in f.default for f in fields) else set()
    pydantic_names |= {"MISSING"} if any("MISSING" in f.default for f in fields) else set()
    pydantic_names |= {"Tag"} if has_unions else set()
    pydantic_names |= {"model_validator"} if any(m.extra for m in models) else set()
    base_names = {"StrictBool", "StrictInt", "StrictNumber"} & annotate.used
    base_names |= {"MODEL_CONFIG", "SeamModel"} if models else set()
    base_names |= {"OpenEnum"} if enums else set()
    base_names |= {"only_unknown"} if has_unions else set()
    base_names |= {"validate_unknown_fields"} if any(m.extra for m in models) else set()
    return PyModule(
        tuple(enums),
        tuple(definitions),
        tuple(sorted([e.name for e in enums] + [d.name for d in definitions])),
        _import_order(typing_names),
        _import_order(pydantic_names),
        _import_order(base_names),
    )


def _selected_values(api: Api) -> dict[str, dict[str, list[Scalar]]]:
    """For each union member: the discriminator values that select it, by property."""
    found: dict[str, dict[str, list[Scalar]]] = {}
    for kind in api.types.values():
        if isinstance(kind, UnionType):
            for variant in kind.variants:
                by_property = found.setdefault(variant.type.name, {})
                for wire, value in zip(kind.discriminator, variant.tag, strict=True):
                    by_property.setdefault(wire, []).append(value)
    return found


def _narrowed(properties: tuple[Property, ...], selected: dict[str, list[Scalar]]) -> tuple[Property, ...]:
    """A union member's discriminator properties, pinned to the values that select it.

    pydantic's tagged unions need a ``Literal`` there. A spec may type the property as a plain
    string and name the values only in the discriminator's ``mapping``; as a member of the union
    the object can hold no other value, so its model says so.
    """
    return tuple(
        replace(prop, type=AnyOf(tuple(Constant(value, prop.type) for value in selected[prop.name])))
        if prop.name in selected and not isinstance(prop.type, Constant)
        else prop
        for prop in properties
    )


def _import_order(names: set[str]) -> tuple[Identifier, ...]:
    """Names as isort orders one import: constants, then classes, then functions."""

    def rank(name: str) -> int:
        return 0 if name.isupper() else 1 if name[0].isupper() else 2

    return tuple(Identifier(name) for name in sorted(names, key=lambda name: (rank(name), name)))


def _enum(name: Identifier, enum: EnumType) -> PyEnum:
    taken: set[str] = set()
    members = tuple(
        PyMember(member_name(v.ident, taken), literal(v.value), v.description or SpecText(f"The value {v.value!r}."))
        for v in enum.values
    )
    return PyEnum(name, enum.description or SpecText(f"The {name} values."), members)


def _model(
    name: Identifier,
    doc: SpecText,
    properties: tuple[Property, ...],
    extra: TypeExpr | None,
    annotate: Annotations,
) -> PyModel:
    attributes = _attributes(properties)
    fields = tuple(
        PyField(attribute, _annotation(prop, annotate), _default(prop, attribute), _field_doc(prop))
        for prop, attribute in zip(properties, attributes, strict=True)
    )
    typed_extra = annotate(extra) if extra is not None and not isinstance(extra, AnyValue) else None
    return PyModel(name, doc, fields, typed_extra)


def _attributes(properties: tuple[Property, ...]) -> list[Identifier]:
    taken: set[str] = set()
    return [field_name(prop.ident, taken) for prop in properties]


def _annotation(prop: Property, annotate: Annotations) -> Code:
    """The field's type; an optional field may also be ``MISSING``, which a dump leaves out."""
    code = annotate(prop.type)
    if prop.required:
        return code
    if code == "None" or code.endswith(" | None"):  # None stays last, as ruff's RUF036 asks
        return Code(f"{code.removesuffix('None')}MISSING | None")
    return Code(f"{code} | MISSING")


def _default(prop: Property, attribute: Identifier) -> Code:
    alias = f"alias={py_str(prop.name)}" if str(prop.name) != str(attribute) else ""
    if prop.required:
        return Code(f" = Field({alias})" if alias else "")
    return Code(f" = Field(default=MISSING, {alias})" if alias else " = MISSING")


def _field_doc(prop: Property) -> SpecText:
    doc = prop.description or f"The ``{prop.name}`` property."
    fmt = prop.type.format if isinstance(prop.type, Primitive) else None
    return SpecText(f"{doc}\n\nFormat: {fmt} (not enforced, so newer values still parse)." if fmt else doc)


def _union(name: Identifier, union: UnionType, names: TypeNames, fallback: Identifier) -> PyUnion:
    attribute_of = dict(zip((p.name for p in union.flat), _attributes(union.flat), strict=True))
    attributes = [attribute_of.get(wire, Identifier(wire)) for wire in union.discriminator]
    entries = [(v.tag, names.types[v.type.name]) for v in union.variants]
    known_type, discriminators = _pick(entries, attributes)
    known = _annotated(known_type, [*discriminators, Code(f"Tag({py_str(name)})")])
    properties = tuple_literal([Code(py_str(wire)) for wire in union.discriminator])
    keys = [tuple_literal([literal(value) for value in v.tag]) for v in union.variants]
    shown = "; ".join(f"{_tag_text(union, v.tag)}: {names.types[v.type.name]}" for v in union.variants)
    doc = SpecText(
        f"{union.description or name}\n\nPicked by {', '.join(union.discriminator)}, one lookup each ({shown}); "
        f"any other value parses as {fallback}."
    )
    return PyUnion(name, doc, tuple(known), fallback, properties, tuple(keys))


Entry = tuple[tuple[Scalar, ...], Identifier]
"""A union variant: its discriminator values and its class."""


def _pick(entries: list[Entry], attributes: list[Identifier]) -> tuple[list[Code], list[Code]]:
    """The type that picks one of ``entries`` by its values of ``attributes``, and its annotations.

    One property gives one tagged union; several give a tagged union per property, nested, so
    pydantic reads each value once and validates only the variant it selects.
    """
    if len(entries) == 1:
        return [Code(entries[0][1])], []
    groups: dict[Scalar, list[Entry]] = {}
    for tag, variant in entries:
        groups.setdefault(tag[0], []).append((tag[1:], variant))
    if len(groups) == 1:
        return _pick([(tag[1:], variant) for tag, variant in entries], attributes[1:])
    members = [_annotated(*_pick(group, attributes[1:])) for group in groups.values()]
    discriminator = Code(f"Field(discriminator={py_str(attributes[0])})")
    one_line = " | ".join(member[0] for member in members)
    if all(len(member) == 1 for member in members) and len(one_line) <= LINE_BUDGET:
        return [Code(one_line)], [discriminator]
    lines = []
    for index, member in enumerate(members):
        lines.append(Code(("| " if index else "") + member[0]))
        lines.extend(member[1:])
    return lines, [discriminator]


def _annotated(lines: list[Code], annotations: list[Code]) -> list[Code]:
    """``Annotated[type, annotations...]`` as lines, or the bare type when there is nothing to add."""
    if not annotations:
        return lines
    inner = [Code(f"    {line}") for line in lines]
    extra = [Code(f"    {annotation},") for annotation in annotations]
    return [Code("Annotated["), *inner[:-1], Code(f"{inner[-1]},"), *extra, Code("]")]


def _tag_text(union: UnionType, tag: tuple[Scalar, ...]) -> str:
    return ", ".join(f"{prop}={value}" for prop, value in zip(union.discriminator, tag, strict=True))
