"""One side's generated names, by the place in its spec they come from.

``Names.at`` turns a JSON path into Python names: a schema's property into ``Model.field``, an
enum value into ``Enum.MEMBER``, a union variant into its class (and its error class, for an
error type), an operation, parameter or body property into the client call
(``seam.action_attempts.get(action_attempt_id=...)``), a webhook into its event model. Every name
comes from the functions the Python output uses (``TypeNames``, ``field_names``, ``member_name``,
``python_client``), never from rules of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seamgen.build import build
from seamgen.ir import AnyOf, Endpoint, EnumType, ListOf, Named, NamedType, Nullable, ObjectType, TypeExpr, UnionType
from seamgen.loader import JsonPath, Spec
from seamgen.operation_names import client_names
from seamgen.pointers import Resolver, as_dict, iter_refs, lookup
from seamgen.python_client import PyMethod, python_client
from seamgen.python_names import TypeNames, field_names, member_name
from seamgen.text import snake
from seamgen.walk import Operation, operations

Values = tuple[Any, ...]
# The component sections operations refer to by ``$ref``.
_SHARED = ("parameters", "requestBodies", "responses")
# From a request body or response to its schema: ``content``, the media type, ``schema``.
_CONTENT = 3


class Names:
    """The generated names of one spec; building raises on a spec generate would reject."""

    def __init__(self, spec: Spec) -> None:
        self.document = spec.document
        self.resolver = Resolver(spec.document)
        self.api = build(spec)
        self.client = python_client(self.api)
        self.classes = {str(name): str(python) for name, python in TypeNames(self.api).types.items()}
        self.instance = snake(self.client.names.client)
        """The client as the docs' code samples call it: ``seam``."""
        self.operations = client_names(spec.document).names
        self.endpoints = {(e.group, e.name): e for e in self.api.endpoints}
        self.errors = {str(e.type.name): py.name for e, py in zip(self.api.errors, self.client.errors, strict=True)}
        self.components = self.api.components

    def at(self, path: JsonPath, values: Values = (), reads: bool = False) -> list[str]:
        """The names of the element at ``path``; ``values`` are the members to name where ``path``
        is an enum's list (the values a change removed from it); ``reads`` for a change to what
        clients read, which the calls that send a schema do not see."""
        if path[:2] == ("components", "schemas") and len(path) > 2 and path[2] in self.components:
            return self._component(str(path[2]), path[3:], values, reads)
        if path[:1] == ("components",) and len(path) > 2 and path[1] in _SHARED:
            return [name for use in self._uses(path[:3]) for name in self.at((*use, *path[3:]), values, reads)]
        if path[:1] == ("paths",) and len(path) > 1:
            return self._route(path[:2], path[2:], values)
        if path[:1] == ("webhooks",) and len(path) > 1:
            return self._event(path, values)
        return []

    def _component(self, name: str, rest: JsonPath, values: Values, reads: bool) -> list[str]:
        """A component schema's names; its own property is also the field of the models that take
        it in (``allOf``) and, unless the change is to what clients ``reads``, the keyword argument
        of the calls that send it as their body."""
        expr, node = self.components[name], lookup(self.document, ("components", "schemas", name))
        found = self._schema(expr, node, rest, values, self._class(expr))
        prop = _own_property(rest)
        if prop is not None:
            for child in _including(self.document, self.resolver, name):
                found += self._field(self.components[child], prop)
            for op in () if reads else self._sending(name):
                found += self._call(op, prop)
        return found

    def _event(self, path: JsonPath, values: Values) -> list[str]:
        """A webhook's event model, and the names a path into its payload reaches."""
        event = next((e for e in self.api.events if e.name == path[1]), None)
        if event is None:
            return []
        schema = path[: 4 + _CONTENT] if path[3:4] == ("requestBody",) else path
        payload = lookup(self.document, schema)
        return self._schema(event.type, payload, path[len(schema) :], values, self._class(event.type))

    def _schema(self, expr: TypeExpr, node: Any, rest: JsonPath, values: Values, found: list[str]) -> list[str]:
        """The names of what ``rest`` leads to below the schema ``node`` (of type ``expr``): the
        deepest property, variant or enum member it reaches, else ``found``."""
        while rest and isinstance(node, dict):
            key, index = rest[0], rest[1] if len(rest) > 1 else None
            named = self._named(expr)
            if key == "items" and isinstance(bare(expr), ListOf):
                expr, node, rest = _item(expr), node.get("items"), rest[1:]
                continue
            if key == "enum" and isinstance(named, EnumType):
                chosen = values if index is None else (lookup(node, rest[:2]),)
                return self._members(named, chosen) or found
            if key == "properties" and isinstance(named, ObjectType):
                prop = next((p for p in named.properties if p.name == index), None)
                if prop is None:
                    break
                found, expr = self._field(expr, str(index)), prop.type
            elif key in ("oneOf", "anyOf") and str(index).isdigit():
                variant = self._variant(expr, node.get(key), int(str(index)))
                if variant is None:
                    break
                found, expr = self._class(variant) + self._error(variant), variant
            elif key != "allOf" or index is None:
                break
            node, rest = lookup(node, rest[:2]), rest[2:]
        return found

    def _route(self, route: JsonPath, rest: JsonPath, values: Values) -> list[str]:
        """The calls of a path's operations: all of them for the path, or a parameter they share."""
        ops = [op for op in operations(self.document) if op.path[:2] == route]
        if not rest or rest[0] == "parameters":
            return [name for op in ops for name in self._operation(op, route, rest, values)]
        return [name for op in ops if op.method == rest[0] for name in self._operation(op, op.path, rest[1:], values)]

    def _operation(self, op: Operation, holder: JsonPath, rest: JsonPath, values: Values) -> list[str]:
        """The call of ``op``, with the keyword argument a parameter or body property is sent as,
        and the names a path into a parameter's schema or a response body reaches. ``rest`` is the
        path below ``holder``: the operation, or its path item for a parameter they share."""
        endpoint = self._endpoint(op)
        if endpoint is None:
            return []
        if rest[:1] == ("parameters",) and len(rest) > 1:
            param = as_dict(self.resolver.deref(lookup(self.document, (*holder, *rest[:2])))[0])
            wire = str(param.get("name"))
            typed = next((p for p in endpoint.parameters if p.name == wire and p.location != "body"), None)
            inside = self._schema(typed.type, param.get("schema"), rest[3:], values, []) if typed else []
            return self._call(op, wire) + inside
        if rest[:1] == ("requestBody",):
            return self._body(op, endpoint, (*holder, *rest[: 1 + _CONTENT]), rest[1 + _CONTENT :], values)
        response = next((r for r in endpoint.responses if rest[:2] == ("responses", r.status)), None)
        if response is None or response.type is None:
            return self._call(op, None)
        schema = (*holder, *rest[: 2 + _CONTENT])
        found = self._schema(response.type, lookup(self.document, schema), rest[2 + _CONTENT :], values, [])
        return self._call(op, None) + found

    def _body(self, op: Operation, endpoint: Endpoint, schema: JsonPath, rest: JsonPath, values: Values) -> list[str]:
        """A request body's call: with the keyword argument of the property ``rest`` leads to below
        the body's ``schema`` (and the names deeper in it), or of the whole body where the call takes
        it as one value (and the variant ``rest`` names, of a union)."""
        split = _property_path(rest)
        if split is None:
            whole = endpoint.body.value if endpoint.body else None
            inside = self._schema(whole, lookup(self.document, schema), rest, values, []) if whole else []
            return self._call(op, None, whole is not None) + inside
        prop, after = split
        typed = next((p for p in endpoint.parameters if p.name == prop and p.location == "body"), None)
        node = lookup(self.document, (*schema, *rest[: len(rest) - len(after)]))
        return self._call(op, prop) + (self._schema(typed.type, node, after, values, []) if typed else [])

    def _endpoint(self, op: Operation) -> Endpoint | None:
        name = self.operations.get(op.path)
        return self.endpoints.get((name.group, name.method)) if name else None

    def _method(self, op: Operation) -> PyMethod | None:
        name = self.operations.get(op.path)
        return self.client.methods.get((name.group, name.method)) if name else None

    def _call(self, op: Operation, wire: str | None, whole: bool = False) -> list[str]:
        """``seam.action_attempts.get(action_attempt_id=...)``: the call with the keyword argument
        that sends ``wire`` (the whole body, when ``whole``), or with ``...`` for any."""
        method = self._method(op)
        if method is None:
            return []
        param = next((p for p in method.params if (p.place == "body" if whole else p.wire == wire)), None)
        argument = f"{param.name}=..." if param else "..."
        return [f"{self.instance}.{method.call}({argument})"]

    def _uses(self, shared: JsonPath) -> Iterator[JsonPath]:
        """Where operations refer to the shared parameter, request body or response at ``shared``."""
        for section in ("paths", "webhooks"):
            for holder, ref in iter_refs(self.document.get(section), (section,)):
                if self.resolver.target(ref) == shared:
                    yield holder

    def _sending(self, name: str) -> Iterator[Operation]:
        """The operations under ``paths`` whose request body is the component schema ``name``."""
        target = ("components", "schemas", name)
        for op in operations(self.document):
            content = as_dict(as_dict(self.resolver.deref(op.spec.get("requestBody"))[0]).get("content"))
            schemas = (self.resolver.deref(as_dict(media).get("schema"))[1] for media in content.values())
            if op.section == "paths" and target in schemas:
                yield op

    def _named(self, expr: TypeExpr) -> NamedType | None:
        plain = bare(expr)
        return self.api.types.get(plain.name) if isinstance(plain, Named) else None

    def _class(self, expr: TypeExpr) -> list[str]:
        plain = bare(expr)
        return [self.classes[plain.name]] if isinstance(plain, Named) else []

    def _error(self, expr: TypeExpr) -> list[str]:
        """The error class of the error type whose schema ``expr`` is, if it is one."""
        plain = bare(expr)
        return [self.errors[plain.name]] if isinstance(plain, Named) and plain.name in self.errors else []

    def _field(self, expr: TypeExpr, prop: str) -> list[str]:
        """``Model.attribute`` of the JSON property ``prop``, attributes named as the models name them."""
        model = self._named(expr)
        if not isinstance(model, ObjectType):
            return []
        attributes = field_names(model.properties)
        return [f"{self.classes[model.name]}.{attributes[prop]}"] if prop in attributes else []

    def _members(self, enum: EnumType, values: Values) -> list[str]:
        """``Enum.MEMBER`` of each of ``values``, members named as the models name them."""
        taken: set[str] = set()
        members = {(type(v.value), v.value): member_name(v.ident, taken) for v in enum.values}
        chosen = (members.get((type(value), value)) for value in values if isinstance(value, str | int | float))
        return [f"{self.classes[enum.name]}.{member}" for member in chosen if member]

    def _variant(self, expr: TypeExpr, listed: Any, index: int) -> TypeExpr | None:
        """The type of the ``index``-th variant of the union ``listed`` (whose type is ``expr``):
        the component it refers to, else the union's type in that place (``null`` has none)."""
        if not isinstance(listed, list) or index >= len(listed):
            return None
        where = self.resolver.deref(listed[index])[1]
        if where is not None and where[:2] == ("components", "schemas") and str(where[-1]) in self.components:
            return self.components[str(where[-1])]
        union, plain = self._named(expr), bare(expr)
        options: list[TypeExpr] = [plain]
        if isinstance(union, UnionType):
            options = list(dict.fromkeys(variant.type for variant in union.variants))
        elif isinstance(plain, AnyOf):
            options = list(plain.options)
        place = index - sum(as_dict(variant).get("type") == "null" for variant in listed[:index])
        return options[place] if place < len(options) else None


def bare(expr: TypeExpr) -> TypeExpr:
    """``expr`` without its nullability: a nullable model is still that model."""
    return expr.inner if isinstance(expr, Nullable) else expr


def _item(expr: TypeExpr) -> TypeExpr:
    plain = bare(expr)
    return plain.item if isinstance(plain, ListOf) else plain


def _own_property(rest: JsonPath) -> str | None:
    """The property ``rest`` names of the schema it starts at (through its ``allOf`` parts), if any."""
    split = _property_path(rest)
    return split[0] if split else None


def _property_path(rest: JsonPath) -> tuple[str, JsonPath] | None:
    """The property ``rest`` names of the schema it starts at (through its ``allOf`` parts), and
    the rest of the path below it; None when it names none."""
    while rest[:1] == ("allOf",) and len(rest) > 1:
        rest = rest[2:]
    return (str(rest[1]), rest[2:]) if rest[:1] == ("properties",) and len(rest) > 1 else None


def _including(document: dict[str, Any], resolver: Resolver, name: str) -> list[str]:
    """The component schemas that take in ``name`` through ``allOf``, directly or not."""
    schemas = as_dict(as_dict(document.get("components")).get("schemas"))
    found: list[str] = []
    pending = [name]
    while pending:
        target = ("components", "schemas", pending.pop())
        for child, schema in schemas.items():
            parts = as_dict(schema).get("allOf")
            if child in found or child == name or not isinstance(parts, list):
                continue
            if any(resolver.deref(part)[1] == target for part in parts if isinstance(part, dict)):
                found.append(child)
                pending.append(child)
    return found
