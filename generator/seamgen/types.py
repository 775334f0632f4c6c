"""Turn JSON Schemas into the model's type expressions and named types.

Handles what real specs publish as well as ours: OpenAPI 3.0 ``nullable`` (with or without a
``type``), 3.1 type lists and ``oneOf [X, null]``, ``allOf`` narrowing a base, enums with
per-value descriptions, inline schemas with no name, and unions without a ``discriminator``
whose variants pin one or more properties to constants (dispatched in one step).
"""

from __future__ import annotations

import re
from typing import Any

from seamgen.ir import (
    Access,
    AnyOf,
    AnyValue,
    Constant,
    EnumType,
    EnumValue,
    ListOf,
    MapOf,
    Named,
    NamedType,
    Nullable,
    ObjectType,
    Primitive,
    PrimitiveKind,
    Property,
    TypeExpr,
    UnionType,
    Variant,
)  # fmt: skip
from seamgen.pointers import Resolver, as_dict
from seamgen.schemas import Scalar, dispatch, merge_object
from seamgen.text import Identifier, SpecText, pascal, snake, unique, words

Tag = tuple[Scalar, ...]
PRIMITIVES: tuple[PrimitiveKind, ...] = ("string", "integer", "number", "boolean", "null")
TYPE_KEYWORDS = frozenset(
    {"$ref", "type", "properties", "additionalProperties", "items", "allOf", "oneOf", "anyOf", "enum", "const"}
)


def spec_text(value: Any) -> SpecText | None:
    """Spec text as ``SpecText`` without the blank lines and indentation around it (a YAML block
    scalar's last newline, a description indented in its JSON string); None for a missing or
    blank value."""
    text = str(value).strip() if value is not None else ""
    return SpecText(text) if text else None


def type_name(text: str) -> Identifier:
    """``PascalCase`` name for a schema key; of a dotted path, each segment that the next one
    repeats is left out (``account.call.call_event`` is ``AccountCallEvent``)."""
    kept: list[str] = []
    for segment in re.split(r"[./]+", text):
        if kept and (snake(segment) + "_").startswith(snake(kept[-1]) + "_"):
            kept[-1] = segment
        else:
            kept.append(segment)
    return pascal("_".join(kept))


def member_ident(value: Any) -> Identifier:
    """A ``SCREAMING_SNAKE`` name for an enum value, whatever it holds: its words, a leading sign
    spelled out (``-1`` is ``MINUS_1``, ``-created`` is ``MINUS_CREATED``) and ``VALUE_`` before a
    leading digit (``1hour`` is ``VALUE_1_HOUR``, as openapi-python-client names them). A value
    without letters or digits is ``VALUE`` (``EMPTY`` when empty); collisions get a suffix."""
    text = str(value)
    core = "_".join(word.upper() for word in words(text))
    if not core:
        return Identifier("EMPTY" if text == "" else "VALUE")
    name = {"-": "MINUS_", "+": "PLUS_"}.get(text[:1], "") + core
    return Identifier(f"VALUE_{name}" if name[0].isdigit() else name)


def _constraint_only(schema: Any) -> bool:
    """A ``oneOf``/``anyOf`` variant that only constrains the value its parent types (say, which
    properties are required together): it adds no type of its own."""
    return isinstance(schema, dict) and not set(schema) & TYPE_KEYWORDS


def _kind_of(value: Any) -> PrimitiveKind:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return "number" if isinstance(value, float) else "string"


class TypeBuilder:
    """Collects named types as schemas are read; a schema object is translated once."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.types: dict[Identifier, NamedType] = {}
        self._memo: dict[int, TypeExpr] = {}
        self._claimed: set[str] = set()
        self._active: set[int] = set()
        """Schemas being translated: meeting one again is a recursion."""

    def component(self, name: str) -> TypeExpr:
        """The type of ``components.schemas[name]``, named after the component."""
        schema = self.resolver.document["components"]["schemas"][name]
        return self.type_of(schema, name, named=True)

    def type_of(self, schema: Any, hint: str, named: bool = False) -> TypeExpr:
        """The type of ``schema``; ``hint`` names it if it needs a name, ``named`` forces one.

        A schema is translated once, so every ``$ref`` to it gets the same type, nullability
        included. A schema that contains itself other than through a named type (a JSON value:
        a union of scalars, lists of it and maps of it) is any value where it recurs.
        """
        if not isinstance(schema, dict):
            return AnyValue()
        key = id(schema)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:
            return AnyValue()
        self._active.add(key)
        try:
            found = self._ref(schema, hint) if "$ref" in schema else self._schema(schema, hint, named)
        finally:
            self._active.discard(key)
        self._memo[key] = found
        return found

    def _schema(self, schema: dict[str, Any], hint: str, named: bool) -> TypeExpr:
        nullable = schema.get("nullable") is True
        kind = schema.get("type")
        if isinstance(kind, list):
            nullable = nullable or "null" in kind
            rest = [t for t in kind if t != "null"]
            kind = rest[0] if len(rest) == 1 else rest or "null"
        inner = self._non_null(schema, kind, hint, named)
        return Nullable(inner) if nullable and not isinstance(inner, Nullable) else inner

    def _ref(self, schema: dict[str, Any], hint: str) -> TypeExpr:
        target, where = self.resolver.deref(schema)
        if where is not None and where[:2] == ("components", "schemas") and len(where) == 3:
            base = self.type_of(target, str(where[2]), named=True)
        else:
            base = self.type_of(target, hint)
        if "const" in schema or (isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1):
            value = schema["const"] if "const" in schema else schema["enum"][0]
            return Constant(value, base)
        return Nullable(base) if schema.get("nullable") is True and not isinstance(base, Nullable) else base

    def _non_null(self, schema: dict[str, Any], kind: Any, hint: str, named: bool) -> TypeExpr:
        """The type of ``schema`` but for its nullability; ``kind`` is its ``type`` without ``null``."""
        if "const" in schema or (isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1):
            value = schema["const"] if "const" in schema else schema["enum"][0]
            return Constant(value, Primitive(_kind_of(value)))
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, hint)
        variants = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(variants, list) and not all(_constraint_only(variant) for variant in variants):
            return self._union(schema, variants, hint)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and not schema.get("properties"):
            return self.type_of(all_of[0], hint)
        if isinstance(kind, list) and all(isinstance(k, str) for k in kind):  # 3.1: type: [string, integer]
            return AnyOf(tuple(self._non_null(schema, k, hint, named) for k in kind))
        if all_of or kind == "object" or "properties" in schema:
            if named or all_of or schema.get("properties"):
                return self._object(schema, hint)
            return MapOf(self._extra(schema, hint) or AnyValue())
        if kind == "array":
            return ListOf(self.type_of(schema.get("items"), hint + "Item"))
        if kind in PRIMITIVES:
            fmt = schema.get("format")
            return Primitive(kind, SpecText(str(fmt)) if fmt else None)
        return AnyValue()

    def _claim(self, schema: dict[str, Any], hint: str) -> Identifier:
        """A unique name for ``schema``: its ``title``, else the name its place suggests (``hint``:
        the component's key, or the parent's name and the property's), numbered when both are taken."""
        title = schema.get("title")
        candidates = [pascal(str(title))] if isinstance(title, str) and title.strip() else []
        candidates.append(type_name(hint))
        name = next((candidate for candidate in candidates if candidate not in self._claimed), None)
        counter = 2
        while name is None or name in self._claimed:
            name, counter = Identifier(f"{candidates[0]}{counter}"), counter + 1
        self._claimed.add(name)
        self._memo[id(schema)] = Named(name)
        return name

    def _enum(self, schema: dict[str, Any], hint: str) -> TypeExpr:
        """An enum of strings or of integers; ``null`` among the values makes it nullable, and
        values of other or mixed kinds are a union of constants."""
        if not all(isinstance(value, str | int | float | None) for value in schema["enum"]):
            return AnyValue()  # objects or arrays listed: any JSON value is as precise as Python gets
        nullable = None in schema["enum"]
        values = list({(type(v), v): v for v in schema["enum"] if v is not None}.values())  # a repeat is one value
        kinds = {_kind_of(value) for value in values}
        if len(values) < 2 or kinds not in ({"string"}, {"integer"}):
            options = tuple(Constant(value, Primitive(_kind_of(value))) for value in values)
            inner: TypeExpr = Primitive("null") if not options else options[0] if len(options) == 1 else AnyOf(options)
            return Nullable(inner) if nullable and options else inner
        name = self._claim(schema, hint)
        described = schema.get("x-enumDescriptions") or {}
        listed = schema.get("x-enum-descriptions") or []
        members = []
        idents: set[str] = set()
        for value in values:
            text = described.get(str(value)) if isinstance(described, dict) else None
            index = schema["enum"].index(value)
            if text is None and isinstance(listed, list) and index < len(listed):
                text = listed[index]
            members.append(EnumValue(value, unique(member_ident(value), idents), spec_text(text)))
        [kind] = kinds
        self.types[name] = EnumType(name, spec_text(schema.get("description")), kind, tuple(members))
        return Nullable(Named(name)) if nullable else Named(name)

    def _union(self, schema: dict[str, Any], variants: list[Any], hint: str) -> TypeExpr:
        if all(isinstance(v, dict) and "const" in v for v in variants):
            as_enum = {
                **schema,
                "enum": [v["const"] for v in variants],
                "x-enum-descriptions": [v.get("description") for v in variants],
            }
            return self._enum(as_enum, hint)
        real = [v for v in variants if not (isinstance(v, dict) and v.get("type") == "null" and len(v) <= 2)]
        nullable = len(real) < len(variants)
        if len(real) == 1:
            inner = self.type_of(real[0], hint)
            return Nullable(inner) if nullable else inner
        found = dispatch({**schema, "oneOf": real, "anyOf": None}, self.resolver)
        if found is None or not all(self._is_model(variant) for variant in real):
            return self._any_of(real, hint, nullable)
        name = self._claim(schema, hint)
        members = []
        for variant, tags in zip(real, self._tags(schema, real, found.tags), strict=True):
            member = self.type_of(variant, hint + "".join(pascal(str(v)) for v in tags[0]), named=True)
            member = member.inner if isinstance(member, Nullable) else member
            if not isinstance(member, Named):  # an object schema is a model: only a malformed spec gets here
                return self._any_of(real, hint, nullable)
            members += [Variant(member, tag) for tag in tags]
        union = UnionType(
            name,
            spec_text(schema.get("description")),
            tuple(SpecText(p) for p in found.properties),
            tuple(members),
            self._flatten(members),
        )
        self.types[name] = union
        return Nullable(Named(name)) if nullable else Named(name)

    def _any_of(self, variants: list[Any], hint: str, nullable: bool) -> TypeExpr:
        """A union a client can only try variant by variant."""
        options = AnyOf(tuple(self.type_of(v, f"{hint}Option{i + 1}") for i, v in enumerate(variants)))
        return Nullable(options) if nullable else options

    def _tags(self, schema: dict[str, Any], variants: list[Any], found: tuple[Tag, ...]) -> list[list[Tag]]:
        """Each variant's discriminator values: the one ``dispatch`` found, and any other key of
        the ``mapping`` that names the same schema (OpenAPI lets several values select one)."""
        tags = [[tag] for tag in found]
        mapping = as_dict(as_dict(schema.get("discriminator")).get("mapping"))
        targets = [self.resolver.deref(variant)[1] for variant in variants]
        for key, ref in mapping.items():
            target = self.resolver.mapping_target(ref) if isinstance(ref, str) else None
            if target is not None and target in targets and (key,) not in tags[targets.index(target)]:
                tags[targets.index(target)].append((key,))
        return tags

    def _is_model(self, schema: Any) -> bool:
        """Whether ``schema`` is an object model or a union that tells its own variants apart,
        as a tagged union's variant must be (not an array or a scalar)."""
        target, _ = self.resolver.deref(schema)
        if not isinstance(target, dict) or "enum" in target:
            return False
        if target.get("oneOf") or target.get("anyOf"):
            return dispatch(target, self.resolver) is not None
        parts = target.get("allOf")
        if isinstance(parts, list) and len(parts) == 1 and not target.get("properties"):
            return self._is_model(parts[0])
        kind = target.get("type", "object")
        return "object" in kind if isinstance(kind, list) else kind == "object"

    def _object(self, schema: dict[str, Any], hint: str) -> Named:
        name = self._claim(schema, hint)
        merged = merge_object(schema, self.resolver)
        idents: set[str] = set()
        properties = []
        for prop, parts in merged.properties.items():
            prop_type = narrowed([self.type_of(part, f"{name}{pascal(prop)}") for part in parts])
            description = None
            for part in parts:
                description = spec_text(as_dict(self.resolver.deref(part)[0]).get("description")) or description
            ident = unique(snake(prop), idents)
            resolved = [as_dict(self.resolver.deref(part)[0]) for part in parts]
            facts = (access_of(resolved), default_of(resolved))
            properties.append(Property(SpecText(prop), ident, prop_type, prop in merged.required, description, *facts))
        extra = self._extra({"additionalProperties": merged.additional}, name)
        self.types[name] = ObjectType(name, spec_text(schema.get("description")), tuple(properties), extra)
        return Named(name)

    def _extra(self, schema: dict[str, Any], hint: str) -> TypeExpr | None:
        additional = schema.get("additionalProperties")
        if additional is False:
            return None
        if additional is None or additional is True or additional == {}:
            return AnyValue()
        return self.type_of(additional, hint + "Value")

    def _flatten(self, members: list[Variant]) -> tuple[Property, ...]:
        """Every variant's properties as one object: a property's types joined across variants
        (a variant that is a union brings its own joined properties)."""
        order: dict[str, list[Property]] = {}
        named = (self.types.get(name) for name in dict.fromkeys(member.type.name for member in members))
        models = [model for model in named if isinstance(model, ObjectType | UnionType)]
        for model in models:
            for prop in model.flat if isinstance(model, UnionType) else model.properties:
                order.setdefault(prop.name, []).append(prop)
        return tuple(
            Property(
                props[0].name,
                props[0].ident,
                _join([p.type for p in props]),
                len(props) == len(models) and all(p.required for p in props),
                next((p.description for p in props if p.description), None),
                props[0].access if all(p.access == props[0].access for p in props) else "",
                props[0].default if all(p.default == props[0].default for p in props) else None,
            )
            for props in order.values()
        )


def default_of(parts: list[dict[str, Any]]) -> Any:
    """A property's or parameter's ``default``, as its last part that states one says (None: none)."""
    flat = [*parts, *(sub for part in parts for sub in part.get("allOf") or [] if isinstance(sub, dict))]
    return next((part["default"] for part in reversed(flat) if "default" in part), None)


def access_of(parts: list[dict[str, Any]]) -> Access:
    """A property's ``readOnly``/``writeOnly``, as any of its parts says (or their ``allOf`` parts:
    ``allOf: [{$ref: Id}, {readOnly: true}]`` is how a shared type is marked in one place)."""
    flat = [*parts, *(sub for part in parts for sub in part.get("allOf") or [] if isinstance(sub, dict))]
    if any(part.get("readOnly") is True for part in flat):
        return "read-only"
    return "write-only" if any(part.get("writeOnly") is True for part in flat) else ""


def narrowed(types: list[TypeExpr]) -> TypeExpr:
    """The type ``allOf`` parts give one property: later parts narrow earlier ones."""
    result = types[0]
    for part in types[1:]:
        if isinstance(part, Constant) and isinstance(part.of, Primitive):
            base = result.of if isinstance(result, Constant) else result
            result = Constant(part.value, base.inner if isinstance(base, Nullable) else base)
        elif not isinstance(part, AnyValue):
            result = part
    return result


def _join(types: list[TypeExpr]) -> TypeExpr:
    nullable = False
    options: list[TypeExpr] = []
    for item in types:
        if isinstance(item, Constant):
            item = item.of
        if isinstance(item, Nullable):
            nullable, item = True, item.inner
        if item == Primitive("null"):
            nullable = True
        elif item not in options:
            options.append(item)
    if not options:
        return Primitive("null")
    if AnyValue() in options:
        options = [AnyValue()]
    joined = options[0] if len(options) == 1 else AnyOf(tuple(options))
    return Nullable(joined) if nullable else joined
