"""The Python package's view of the model: Python-safe names, type annotations as code,
and each union as nested pydantic tagged unions.

Everything here is specific to the Python output (keywords, pydantic's reserved names,
``Literal`` syntax); the intermediate model stays language-neutral. Templates loop over
what this module returns and print it; they compute nothing.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, replace
from typing import ClassVar

from seamgen.filters import py_str
from seamgen.ir import (
    AnyOf,
    AnyValue,
    Api,
    Constant,
    Endpoint,
    EnumType,
    ListOf,
    MapOf,
    Named,
    Nullable,
    ObjectType,
    Primitive,
    Property,
    Scalar,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.text import Code, Identifier, SpecText, pascal, unique

# Names models.py imports or defines itself; a spec type with one of these names is renamed.
RESERVED_TYPE_NAMES = frozenset(
    {
        "Annotated", "Any", "Field", "Literal", "MISSING", "MODEL_CONFIG", "OpenEnum",
        "SeamModel", "StrictBool", "StrictInt", "StrictNumber", "Tag", "TypeAlias", "Union", "dataclass",
        "model_validator", "only_unknown", "validate_unknown_fields", "None", "True", "False",
    }
)  # fmt: skip
# A field may not shadow a name the class's annotations use: its default would replace it there.
BUILTIN_TYPES = frozenset({"bool", "bytes", "dict", "float", "frozenset", "int", "list", "str", "tuple"})
RESERVED_FIELD_NAMES = RESERVED_TYPE_NAMES | BUILTIN_TYPES
# JSON types as annotations: strict, so a string "5" is not an integer and "true" is not a boolean.
PRIMITIVES = {
    "string": "str",
    "integer": "StrictInt",
    "number": "StrictNumber",
    "boolean": "StrictBool",
    "null": "None",
}


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


def literal(value: Scalar) -> Code:
    """A Python literal for a JSON scalar."""
    return Code(py_str(value) if isinstance(value, str) else repr(value))


def tuple_literal(items: list[Code]) -> Code:
    """``(a,)`` or ``(a, b)``, as a formatter writes them."""
    return Code(f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})")


class _Names:
    """Python names for the spec's types: reserved names and collisions get a suffix."""

    def __init__(self, api: Api) -> None:
        taken: set[str] = set(RESERVED_TYPE_NAMES)
        self.types = {name: unique(self._safe(name), taken) for name in api.types}
        self.fallbacks = {
            name: unique(Identifier(f"Unknown{self.types[name]}"), taken)
            for name, kind in api.types.items()
            if isinstance(kind, UnionType)
        }

    @staticmethod
    def _safe(name: Identifier) -> Identifier:
        return Identifier(f"{name}Model") if name in RESERVED_TYPE_NAMES else name


def field_name(ident: Identifier, taken: set[str]) -> Identifier:
    """A dataclass-safe attribute name, as close to the JSON name as Python allows.

    A leading underscore stays (one: two would be name-mangled), so ``_errors`` needs no alias
    and a JSON key ``errors`` stays an unknown field instead of colliding with it. Keywords,
    ``model_`` names (SeamModel's methods) and names annotations use get a trailing ``_``.
    """
    core = ident.lstrip("_")
    name = ("_" if ident.startswith("_") else "") + core if core else "field"
    if keyword.iskeyword(name) or name.startswith("model_") or name in RESERVED_FIELD_NAMES:
        name += "_"
    return unique(Identifier(name), taken)


def member_name(ident: Identifier, taken: set[str]) -> Identifier:
    return unique(Identifier(ident.lstrip("_") or "VALUE"), taken)


class _Annotations:
    """Type annotations as code; records the imported names they use."""

    def __init__(self, names: _Names) -> None:
        self.names = names
        self.used: set[str] = set()
        self.used_names: set[str] = set()
        """Spec type names the annotations mention."""

    def __call__(self, expr: TypeExpr) -> Code:
        if isinstance(expr, Primitive):
            self.used.add(PRIMITIVES[expr.kind])
            return Code(PRIMITIVES[expr.kind])
        if isinstance(expr, Constant):
            if expr.value is None:
                return Code("None")
            self.used.add("Literal")
            return Code(f"Literal[{literal(expr.value)}]")
        if isinstance(expr, Named):
            self.used_names.add(self.names.types[expr.name])
            return Code(self.names.types[expr.name])
        if isinstance(expr, ListOf):
            return Code(f"list[{self(expr.item)}]")
        if isinstance(expr, MapOf):
            return Code(f"dict[str, {self(expr.value)}]")
        if isinstance(expr, Nullable):
            inner = self(expr.inner)
            return inner if inner in ("None", "Any") else Code(f"{inner} | None")
        if isinstance(expr, AnyOf):
            if all(isinstance(option, Constant) and option.value is not None for option in expr.options):
                self.used.add("Literal")
                values = dict.fromkeys(literal(option.value) for option in expr.options if isinstance(option, Constant))
                return Code(f"Literal[{', '.join(values)}]")
            return Code(" | ".join(dict.fromkeys(self(option) for option in expr.options)))
        assert isinstance(expr, AnyValue)
        self.used.add("Any")
        return Code("Any")


def python_module(api: Api) -> PyModule:
    """models.py's content for ``api``."""
    names = _Names(api)
    annotate = _Annotations(names)
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
    annotate: _Annotations,
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


def _annotation(prop: Property, annotate: _Annotations) -> Code:
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


def _union(name: Identifier, union: UnionType, names: _Names, fallback: Identifier) -> PyUnion:
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


# The client: resource namespaces, their methods, and one error class per documented error type.
@dataclass(frozen=True)
class PyParam:
    name: Identifier
    wire: SpecText
    declaration: Code
    """``name: annotation`` with `` = None`` for an optional parameter."""
    required: bool
    doc: SpecText


@dataclass(frozen=True)
class PyMethod:
    name: Identifier
    constant: Identifier
    """The module constant that describes the endpoint to the transport."""
    path: SpecText
    http_methods: Code
    """The methods the endpoint accepts, as a tuple literal; the transport picks one."""
    response_key: Code
    returns: Code
    idempotent: bool
    waits: bool
    """Returns an action attempt, so it takes ``wait_for_action_attempt``."""
    doc: SpecText
    params: tuple[PyParam, ...]
    required: Code
    """The dict literal of required parameters, JSON name to argument."""
    optional: Code


@dataclass(frozen=True)
class PyResource:
    attribute: Identifier
    sync_class: Identifier
    async_class: Identifier
    doc: SpecText
    methods: tuple[PyMethod, ...]
    polls: bool
    """Holds the method that fetches one action attempt, so it gets ``poll_until_ready``."""


@dataclass(frozen=True)
class PyError:
    name: Identifier
    code: Code
    doc: SpecText
    statuses: tuple[int, ...]


@dataclass(frozen=True)
class PyClient:
    default_endpoint: Code
    resources: tuple[PyResource, ...]
    errors: tuple[PyError, ...]
    action_attempt: Identifier | None
    """The action attempt union, when the spec has an ``x-resource: action_attempt`` schema."""
    poll: PyMethod | None
    """The method that fetches one action attempt by id, used to wait for it."""
    poll_params: Code
    """Its parameters as a dict literal, the id passed as ``attempt_id``."""
    errors_by_status: tuple[tuple[int, Identifier], ...]
    """The error class of a status only one documented error type uses (for bodies without a type)."""
    models: tuple[Identifier, ...]
    """Model names the generated client modules annotate with."""
    resource_classes: tuple[Identifier, ...]
    error_exports: tuple[Identifier, ...]
    """The names ``errors.py`` defines for users: every error class."""


def python_client(api: Api) -> PyClient:
    """The client modules' content for ``api``."""
    names = _Names(api)
    annotate = _Annotations(names)
    attempt = next((r.object_type for r in api.resources if r.object_name == "action_attempt" and r.object_type), None)
    grouped = [
        (resource, tuple(_method(endpoint, annotate, attempt) for endpoint in resource.endpoints))
        for resource in api.resources
    ]
    poll = next((m for _, methods in grouped for m in methods if m.waits and m.name == "get" and m.params), None)
    resources = tuple(
        PyResource(
            resource.name,
            pascal(resource.name),
            Identifier(f"Async{pascal(resource.name)}"),
            resource.description or SpecText(f"The {resource.name} endpoints."),
            methods,
            poll in methods,
        )
        for resource, methods in grouped
    )
    errors = tuple(
        PyError(
            Identifier(f"SeamHttp{error.ident}Error"),
            literal(error.code),
            error.description or SpecText(error.code),
            tuple(int(status) for status in error.statuses if status.isdigit()),
        )
        for error in api.errors
    )
    by_status: dict[int, list[PyError]] = {}
    for error in errors:
        for status in error.statuses:
            by_status.setdefault(status, []).append(error)
    server = api.servers[0].url if api.servers else "http://localhost"
    used = sorted({Identifier(n) for n in annotate.used_names} | ({names.types[attempt.name]} if attempt else set()))
    return PyClient(
        Code(py_str(server)),
        resources,
        errors,
        names.types[attempt.name] if attempt else None,
        poll,
        Code(f"{{{py_str(poll.params[0].wire)}: attempt_id}}") if poll else Code("{}"),
        tuple((status, found[0].name) for status, found in sorted(by_status.items()) if len(found) == 1),
        tuple(used),
        tuple(sorted(name for r in resources for name in (r.sync_class, r.async_class))),
        tuple(sorted(_ERROR_EXPORTS + [e.name for e in errors] + (_ATTEMPT_ERRORS if poll else []))),
    )


def package_exports(module: PyModule, client: PyClient) -> tuple[Identifier, ...]:
    """Everything ``__init__`` re-exports: models, errors, the clients and ``WaitOptions``."""
    extra = [Identifier("AsyncSeam"), Identifier("Seam")] + ([Identifier("WaitOptions")] if client.poll else [])
    return tuple(sorted({*module.exports, *client.error_exports, *extra}))


_ERROR_EXPORTS = [
    Identifier(name)
    for name in ("SeamConfigurationError", "SeamConnectionError", "SeamError", "SeamHttpApiError",
                 "SeamInvalidResponseError", "SeamTimeoutError")
]  # fmt: skip
_ATTEMPT_ERRORS = [
    Identifier(name)
    for name in ("SeamActionAttemptError", "SeamActionAttemptFailedError", "SeamActionAttemptTimeoutError")
]


def _method(endpoint: Endpoint, annotate: _Annotations, attempt: Named | None) -> PyMethod:
    taken: set[str] = {"self", "wait_for_action_attempt", "params", "result"}
    params = tuple(
        PyParam(
            name,
            p.name,
            _declaration(name, annotate(p.type), p.required),
            p.required,
            p.description or SpecText(f"The ``{p.name}`` parameter."),
        )
        for p in sorted(endpoint.parameters, key=lambda p: not p.required)
        for name in [field_name(p.ident, taken)]
    )
    waits = attempt is not None and endpoint.returns == attempt
    summary = endpoint.description or endpoint.summary or SpecText(f"Calls {endpoint.path}.")
    args = [f"    {p.name}: {p.doc}" for p in params]
    if waits:
        args.append(
            "    wait_for_action_attempt: True, or a dict with timeout and polling_interval, to wait until it settles."
        )
    doc = SpecText(f"{summary}\n\nArgs:\n" + "\n".join(args) if args else summary)
    returns = annotate(endpoint.returns) if endpoint.returns is not None else Code("None")
    return PyMethod(
        endpoint.name,
        Identifier("_" + "_".join((*endpoint.group, endpoint.name)).upper()),
        endpoint.path,
        tuple_literal([Code(py_str(method)) for method in endpoint.methods]),
        Code(py_str(endpoint.response_key) if endpoint.response_key else "None"),
        returns,
        endpoint.idempotent,
        waits,
        doc,
        params,
        _dict_literal([p for p in params if p.required]),
        _dict_literal([p for p in params if not p.required]),
    )


def _declaration(name: Identifier, annotation: Code, required: bool) -> Code:
    if required:
        return Code(f"{name}: {annotation}")
    optional = annotation if annotation.endswith("| None") or annotation in ("None", "Any") else f"{annotation} | None"
    return Code(f"{name}: {optional} = None")


def _dict_literal(params: list[PyParam]) -> Code:
    return Code("{" + ", ".join(f"{py_str(p.wire)}: {p.name}" for p in params) + "}")
