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
    NamedType,
    ObjectType,
    Primitive,
    Property,
    Scalar,
    TypeExpr,
    UnionType,
)
from seamgen.python_names import (
    Annotations,
    TypeNames,
    assignment,
    declaration,
    field_name,
    field_names,
    isort_order,
    literal,
    member_name,
    tuple_literal,
    wrap,
)
from seamgen.text import Code, Identifier, SpecText, snake

# Longest union written on one line; the nesting around it stays within ruff's 120 columns.
LINE_BUDGET = 88


@dataclass(frozen=True)
class PyField:
    name: Identifier
    annotation: Code
    default: Code
    """What follows the annotation: nothing, `` = UNSET``, a tag's value, or `` = Field(...)`` for an alias."""
    doc: SpecText
    declaration: tuple[Code, ...]
    """``name: annotation<default>`` as lines within ruff's line length."""


@dataclass(frozen=True)
class PyModel:
    name: Identifier
    doc: SpecText
    fields: tuple[PyField, ...]
    extra: Code | None
    """The type of unknown properties' values when the spec types them, as an expression."""
    check: tuple[Code, ...]
    """The statement that checks unknown properties against ``extra``, as lines (relative indentation)."""
    template: ClassVar[str] = "python/model.py.j2"


@dataclass(frozen=True)
class PyMember:
    name: Identifier
    value: Code
    doc: SpecText
    declaration: tuple[Code, ...]
    """``name = value`` as lines within ruff's line length."""


@dataclass(frozen=True)
class PyEnum:
    name: Identifier
    base: Identifier
    """``OpenEnum`` for strings, ``OpenIntEnum`` for integers."""
    doc: SpecText
    members: tuple[PyMember, ...]


@dataclass(frozen=True)
class PyUnion:
    name: Identifier
    doc: SpecText
    variants: frozenset[Identifier]
    """The classes it names, which must be defined before it (an alias is evaluated at import)."""
    known: tuple[Code, ...]
    """Lines of the known variants' type: nested ``Field(discriminator=...)`` unions, one per property."""
    fallback: Identifier
    properties: Code
    """The JSON names of the discriminator properties, as a tuple literal."""
    keys: tuple[Code, ...]
    """The known combinations of their values, one tuple literal each."""
    by_function: bool
    """Tagged by ``tagged_by`` rather than by a field: a variant is a union itself."""
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
            properties, tags = _tagged(kind.properties, selected.get(name, {}))
            definitions.append(_model(python_name, doc, properties, kind.extra, annotate, tags))
        else:
            fallback = names.fallbacks[name]
            doc = SpecText(f"{python_name} of a kind this client does not know yet; it keeps every field.")
            definitions.append(_model(fallback, doc, kind.flat, AnyValue(), annotate))
            definitions.append(_union(python_name, kind, api.types, names, fallback))
    definitions = _defined_before_use(definitions)
    models = [d for d in definitions if isinstance(d, PyModel)]
    has_unions = len(models) < len(definitions)
    typing_names = {"Any", "Literal"} & annotate.used
    typing_names |= {"Annotated", "TypeAlias"} if has_unions else set()
    fields = [f for m in models for f in m.fields]
    pydantic_names = {"Field"} if has_unions or any("Field(" in f.default for f in fields) else set()
    pydantic_names |= {"Tag"} if has_unions else set()
    pydantic_names |= {"model_validator"} if any(m.extra for m in models) else set()
    base_names = {"StrictBool", "StrictInt", "StrictNumber"} & annotate.used
    base_names |= {"MODEL_CONFIG", "SeamModel"} if models else set()
    base_names |= {"UNSET", "OrUnset"} if any("UNSET" in f.default for f in fields) else set()
    base_names |= {enum.base for enum in enums}
    base_names |= {"only_unknown"} if has_unions else set()
    base_names |= {"tagged_by"} if any(isinstance(d, PyUnion) and d.by_function for d in definitions) else set()
    base_names |= {"validate_unknown_fields"} if any(m.extra for m in models) else set()
    return PyModule(
        tuple(enums),
        tuple(definitions),
        tuple(isort_order([e.name for e in enums] + [d.name for d in definitions])),
        tuple(isort_order(typing_names)),
        tuple(isort_order(pydantic_names)),
        tuple(isort_order(base_names)),
    )


def _defined_before_use(definitions: list[PyModel | PyUnion]) -> list[PyModel | PyUnion]:
    """Definitions in the model's order, but each union after the classes it names.

    A class's annotations are evaluated lazily (pydantic resolves them on first use), so classes
    may refer to anything; a union is a module-level alias, evaluated where it stands.
    """
    ordered: list[PyModel | PyUnion] = []
    defined: set[str] = set()
    waiting: list[PyModel | PyUnion] = []
    for item in definitions:
        waiting.append(item)
        while ready := next((d for d in waiting if isinstance(d, PyModel) or d.variants <= defined), None):
            ordered.append(ready)
            defined.add(ready.name)
            waiting.remove(ready)
    return ordered + waiting  # only a cycle of unions (which a spec cannot express) is left


def _selected_values(api: Api) -> dict[str, dict[str, list[Scalar]]]:
    """For each union member: the discriminator values that select it, by property."""
    found: dict[str, dict[str, list[Scalar]]] = {}
    for kind in api.types.values():
        if isinstance(kind, UnionType):
            for variant in kind.variants:
                by_property = found.setdefault(variant.type.name, {})
                for wire, value in zip(kind.discriminator, variant.tag, strict=True):
                    values = by_property.setdefault(wire, [])
                    values += [] if value in values else [value]
    return found


def _tagged(
    properties: tuple[Property, ...], selected: dict[str, list[Scalar]]
) -> tuple[tuple[Property, ...], dict[str, Code]]:
    """A union member's properties with its discriminators as pydantic's tagged unions need them.

    A discriminator must be a ``Literal`` field that is always there. A spec may type it as a
    plain string (naming the values only in the ``mapping``), make it optional, or leave it out of
    the member: as a member of the union the object can hold no other value, so its model says
    so. An optional one selected by a single value defaults to it (the object parses without it,
    as the spec allows, and dumps it); the union itself dispatches only on a value that is there,
    and sends an object without one to its fallback. Returns the properties and those defaults.
    """
    narrowed = []
    for prop in properties:
        values = selected.get(prop.name)
        if values is not None and not isinstance(prop.type, Constant):
            prop = replace(prop, type=AnyOf(tuple(Constant(value, prop.type) for value in values)))
        narrowed.append(prop)
    listed = {prop.name for prop in properties}
    narrowed += [
        Property(SpecText(wire), snake(wire), AnyOf(tuple(Constant(v, AnyValue()) for v in values)), False, None)
        for wire, values in selected.items()
        if wire not in listed
    ]
    defaults = {}
    for prop in narrowed:
        values = [prop.type.value] if isinstance(prop.type, Constant) else selected.get(prop.name, [])
        if prop.name in selected and not prop.required and len(values) == 1:
            defaults[str(prop.name)] = literal(values[0])
    return tuple(narrowed), defaults


def _enum(name: Identifier, enum: EnumType) -> PyEnum:
    taken: set[str] = set()
    members = tuple(
        PyMember(name, value, v.description or SpecText(f"The value {v.value!r}."), assignment(name, value))
        for v in enum.values
        for name, value in [(member_name(v.ident, taken), literal(v.value))]
    )
    base = Identifier("OpenIntEnum" if enum.kind == "integer" else "OpenEnum")
    return PyEnum(name, base, enum.description or SpecText(f"The {name} values."), members)


def _model(
    name: Identifier,
    doc: SpecText,
    properties: tuple[Property, ...],
    extra: TypeExpr | None,
    annotate: Annotations,
    tags: dict[str, Code] | None = None,
) -> PyModel:
    """A class; ``tags`` are the defaults of its optional discriminators, by JSON name."""
    attributes = list(field_names(properties).values())
    fields = []
    for prop, attribute in zip(properties, attributes, strict=True):
        tag = (tags or {}).get(str(prop.name))
        annotation = annotate(prop.type) if tag else _annotation(prop, annotate)
        default = _default(prop, attribute, tag)
        fields.append(
            PyField(attribute, annotation, default, _field_doc(prop), declaration(attribute, annotation, default))
        )
    typed_extra = annotate(extra) if extra is not None and not isinstance(extra, AnyValue) else None
    check = wrap(f"validate_unknown_fields(self, {typed_extra})", 8, "return ") if typed_extra else []
    return PyModel(name, doc, tuple(fields), typed_extra, tuple(Code(line[8:]) for line in check))


def _annotation(prop: Property, annotate: Annotations) -> Code:
    """The field's type; an optional field's may also be ``UNSET``, which a dump leaves out."""
    code = annotate(prop.type)
    return code if prop.required else Code(f"OrUnset[{code}]")


def _default(prop: Property, attribute: Identifier, tag: Code | None = None) -> Code:
    """`` = …`` after the annotation: the field's absence (``UNSET``) or tag, and its JSON name."""
    alias = f", alias={py_str(prop.name)}" if str(prop.name) != str(attribute) else ""
    if prop.required and not tag:
        return Code(f" = Field({alias.removeprefix(', ')})" if alias else "")
    value = tag or "UNSET"
    return Code(f" = Field(default={value}{alias})" if alias else f" = {value}")


def _field_doc(prop: Property) -> SpecText:
    doc = prop.description or f"The ``{prop.name}`` property."
    fmt = prop.type.format if isinstance(prop.type, Primitive) else None
    return SpecText(f"{doc}\n\nFormat: {fmt} (not enforced, so newer values still parse)." if fmt else doc)


def _union(
    name: Identifier, union: UnionType, types: dict[Identifier, NamedType], names: TypeNames, fallback: Identifier
) -> PyUnion:
    attribute_of = field_names(union.flat)
    attributes = [attribute_of.get(wire) or field_name(snake(wire), set()) for wire in union.discriminator]
    entries = [(v.tag, names.types[v.type.name]) for v in union.variants]
    by_function = any(isinstance(types[v.type.name], UnionType) for v in union.variants)
    known_type, discriminators = (_by_function if by_function else _pick)(entries, union, attributes)
    known = _annotated(known_type, [*discriminators, [Code(f"Tag({py_str(name)})")]])
    properties = tuple_literal([Code(py_str(wire)) for wire in union.discriminator])
    keys = [tuple_literal([literal(value) for value in v.tag]) for v in union.variants]
    shown = "; ".join(f"{_tag_text(union, v.tag)}: {names.types[v.type.name]}" for v in union.variants)
    doc = SpecText(
        f"{union.description or name}\n\nPicked by {', '.join(union.discriminator)}, one lookup each ({shown}); "
        f"any other value parses as {fallback}."
    )
    variants = frozenset({fallback, *(names.types[v.type.name] for v in union.variants)})
    return PyUnion(name, doc, variants, tuple(known), fallback, properties, tuple(keys), by_function)


Entry = tuple[tuple[Scalar, ...], Identifier]
"""A union variant: its discriminator values and its class."""


def _pick(entries: list[Entry], union: UnionType, attributes: list[Identifier]) -> tuple[list[Code], list[list[Code]]]:
    """The type that picks one of ``entries`` by its values of ``attributes``, and its annotations.

    One property gives one tagged union; several give a tagged union per property, nested, so
    pydantic reads each value once and validates only the variant it selects.
    """
    if len({variant for _, variant in entries}) == 1:
        return [Code(entries[0][1])], []
    groups: dict[Scalar, list[Entry]] = {}
    for tag, variant in entries:
        groups.setdefault(tag[0], []).append((tag[1:], variant))
    if len(groups) == 1:
        return _pick([(tag[1:], variant) for tag, variant in entries], union, attributes[1:])
    picked = [tuple(_annotated(*_pick(group, union, attributes[1:]))) for group in groups.values()]
    members = list(dict.fromkeys(picked))  # one variant selected by several values is one member
    discriminator = [Code(f"Field(discriminator={py_str(attributes[0])})")]
    one_line = " | ".join(member[0] for member in members)
    if all(len(member) == 1 for member in members) and len(one_line) <= LINE_BUDGET:
        return [Code(one_line)], [discriminator]
    lines = []
    for index, member in enumerate(members):
        lines.append(Code(("| " if index else "") + member[0]))
        lines.extend(member[1:])
    return lines, [discriminator]


def _by_function(
    entries: list[Entry], union: UnionType, attributes: list[Identifier]
) -> tuple[list[Code], list[list[Code]]]:
    """A union with a variant that is a union itself, as a union tagged by a function.

    pydantic's field discriminator needs a ``Literal`` on every variant, which a union has not;
    ``tagged_by`` reads the discriminator values and names the variant, and the inner union
    dispatches on its own properties (and keeps its own fallback).
    """
    variants = list(dict.fromkeys(variant for _, variant in entries))
    choices = [Code(f"{'| ' if index else ''}Annotated[{v}, Tag({py_str(v)})]") for index, v in enumerate(variants)]
    properties = tuple_literal([Code(py_str(wire)) for wire in union.discriminator])
    names = tuple_literal([Code(py_str(attribute)) for attribute in attributes])
    tags = [f"        {tuple_literal([literal(value) for value in tag])}: {py_str(v)}," for tag, v in entries]
    call = ["tagged_by(", f"    {properties},", f"    {names},", "    {", *tags, "    },", ")"]
    return choices, [[Code(line) for line in call]]


def _annotated(lines: list[Code], annotations: list[list[Code]]) -> list[Code]:
    """``Annotated[type, annotations...]`` as lines, or the bare type when there is nothing to add;
    each annotation is a list of lines."""
    if not annotations:
        return lines
    inner = [Code(f"    {line}") for line in lines]
    extra = [Code(f"    {line}") for a in annotations for line in [*a[:-1], f"{a[-1]},"]]
    return [Code("Annotated["), *inner[:-1], Code(f"{inner[-1]},"), *extra, Code("]")]


def _tag_text(union: UnionType, tag: tuple[Scalar, ...]) -> str:
    return ", ".join(f"{prop}={value}" for prop, value in zip(union.discriminator, tag, strict=True))
