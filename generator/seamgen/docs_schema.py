"""Schema views: the expandable tree of a parameter, a body, a response or an event, from the model.

Every page shows types the same way: a node per property with its type, required and nullable
markers, description and enum values (each with its description); objects expand under it and a
union lists its variants by their discriminator values. Each named object or union is expanded in
one place in the whole site (its object page, else where the site first meets it) and linked
everywhere else, a cycle included, so the site grows linearly with the spec. Every id comes from
the page's ``Anchors``, so ids are unique on a page by construction, whatever the names slug to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeGuard

from seamgen.filters import slug
from seamgen.ir import (
    AnyOf,
    AnyValue,
    Api,
    Constant,
    EnumType,
    ListOf,
    MapOf,
    Named,
    Nullable,
    ObjectType,
    Parameter,
    Primitive,
    Property,
    Scalar,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.text import Identifier, SpecText

MAX_DEPTH = 8
"""Nested levels a tree expands, a guard only: each named type is expanded once in the whole site
(see ``SchemaViews``), and Seam's deepest chain of inline objects is five levels."""


def label(api: Api, expr: TypeExpr) -> str:
    """The type as the seed pages name it: UUID, Datetime, String, Enum, Object …"""
    if isinstance(expr, Nullable):
        return label(api, expr.inner)
    if isinstance(expr, Constant):
        return "Enum"
    if isinstance(expr, Primitive):
        formats = {"uuid": "UUID", "date-time": "Datetime", "date": "Date"}
        return formats.get(str(expr.format), expr.kind.capitalize())
    if isinstance(expr, Named):
        return "Enum" if isinstance(api.types.get(expr.name), EnumType) else "Object"
    if isinstance(expr, ListOf):
        return "List"
    if isinstance(expr, MapOf | AnyValue):
        return "Object"
    assert isinstance(expr, AnyOf)
    return " or ".join(dict.fromkeys(label(api, option) for option in expr.options))


def properties_of(api: Api, expr: TypeExpr | None) -> tuple[Property, ...]:
    """The properties of a named object, or of a union as one flat object (as the object page shows it)."""
    found = api.types.get(expr.name) if isinstance(expr, Named) else None
    if isinstance(found, UnionType):
        return found.flat
    return found.properties if isinstance(found, ObjectType) else ()


def scalar_text(value: Scalar) -> SpecText:
    """A JSON value as a page shows it: a string as it is, anything else as JSON (``null``, ``true``)."""
    return SpecText(value if isinstance(value, str) else json.dumps(value))


class Anchors:
    """A page's HTML ids, each given once: a taken id gets the next free ``-2``, ``-3`` … Two enum
    values (``a b``, ``a-b``) or a property and another's enum value can slug alike."""

    def __init__(self, *fixed: str) -> None:
        self.taken = set(fixed)

    def claim(self, wanted: str) -> str:
        candidate, counter = wanted, 2
        while candidate in self.taken:
            candidate, counter = f"{wanted}-{counter}", counter + 1
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True)
class Scope:
    """A tree's place in the site: its page and where its ids start there (``node`` before a
    property's path, ``value`` before an enum value's: an object page's keep their bare
    ``status-pending``)."""

    page: str
    """The page's HTML file, relative to the site's root."""
    anchors: Anchors
    node: str
    value: str


@dataclass(frozen=True)
class DocEnumValue:
    value: SpecText
    description: SpecText | None
    anchor: str
    """Its id on the page; empty below a tree's first level, where ids would only weigh the page."""


@dataclass(frozen=True)
class PageLink:
    """Where a named type is shown in full: its object page, or the one node that expands it."""

    title: SpecText
    href: str
    """Relative to the site's root, with the node's fragment."""


@dataclass(frozen=True)
class SchemaNode:
    """A property (or a parameter, a union variant, a body as a whole) and what it holds."""

    name: SpecText
    anchor: str
    """Its id: a tree's first level and the node that expands a named type have one, others none."""
    label: str
    """The type as the seed pages name it (``List``, ``Object``)."""
    type: str
    """The type in full, for the site: ``List of UUID``, or the linked type's name."""
    required: bool
    nullable: bool
    description: SpecText | None
    enum_values: tuple[DocEnumValue, ...] = ()
    constant: SpecText | None = None
    link: PageLink | None = None
    """Where its type is shown in full, instead of here."""
    location: str = ""
    """Where a parameter goes (``query``, ``header`` …); empty for a property."""
    children: tuple[SchemaNode, ...] = ()
    variants: tuple[SchemaNode, ...] = ()
    cut: bool = False
    """Not expanded: it lies below ``MAX_DEPTH``."""


@dataclass(frozen=True)
class _Place:
    """A node's place in its tree: its id path and depth."""

    path: str = ""
    depth: int = 0

    def below(self, name: str) -> _Place:
        return _Place(f"{self.path}.{slug(name)}" if self.path else slug(name), self.depth + 1)


class SchemaViews:
    """The trees of one API's types. Each named object or union is expanded in one place only, its
    home: its object page (``homes`` to start with), else the first node to meet it, in page order;
    everywhere else, a cycle included, it is a link there. So the site holds each type's properties
    once and grows linearly with the spec."""

    def __init__(self, api: Api, homes: dict[Identifier, PageLink]) -> None:
        self.api = api
        self.homes = dict(homes)

    def properties(self, scope: Scope, props: Iterable[Property | Parameter]) -> tuple[SchemaNode, ...]:
        """A node per property: an object page's properties, an event's, a body's parameters."""
        return self._properties(scope, _Place(), props)

    def shown_at(self, scope: Scope, anchor: str, expr: TypeExpr | None) -> tuple[SchemaNode, ...]:
        """The properties of ``expr`` shown at ``anchor`` (an event's): trees met later link there."""
        if isinstance(expr, Named) and expr.name not in self.homes:
            self.homes[expr.name] = PageLink(SpecText(expr.name), f"{scope.page}#{anchor}")
        return self.properties(scope, properties_of(self.api, expr))

    def node(
        self,
        scope: Scope,
        name: SpecText,
        expr: TypeExpr,
        required: bool = False,
        description: SpecText | None = None,
        location: str = "",
    ) -> SchemaNode:
        """One value's tree (a parameter): ``name`` starts its ids."""
        return self._node(scope, _Place(), name, expr, required, description, location)

    def root(self, scope: Scope, anchor: str, expr: TypeExpr, description: SpecText | None = None) -> SchemaNode:
        """A body's tree: the node itself has no name and takes the id its section already has."""
        return self._fill(scope, _Place(), anchor, SpecText(""), expr, False, description, "")

    def _properties(self, scope: Scope, place: _Place, props: Iterable[Property | Parameter]) -> tuple[SchemaNode, ...]:
        return tuple(self._node(scope, place, p.name, p.type, p.required, p.description) for p in props)

    def _node(
        self,
        scope: Scope,
        above: _Place,
        name: SpecText,
        expr: TypeExpr,
        required: bool,
        description: SpecText | None,
        location: str = "",
    ) -> SchemaNode:
        place = above.below(name)
        named = self._new_home(_element(expr), place)
        anchor = scope.anchors.claim(scope.node + place.path) if place.depth == 1 or named else ""
        return self._fill(scope, place, anchor, name, expr, required, description, location)

    def _new_home(self, inner: TypeExpr, place: _Place) -> TypeGuard[Named]:
        """Whether the node at ``place`` is where ``inner`` is expanded: not shown anywhere yet, above ``MAX_DEPTH``."""
        return self._unshown(inner) and place.depth <= MAX_DEPTH

    def _unshown(self, inner: TypeExpr) -> TypeGuard[Named]:
        """Whether ``inner`` is a named union or non-empty object that no node expands yet."""
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(found, ObjectType):
            return bool(found.properties or _extra(found)) and found.name not in self.homes
        return isinstance(found, UnionType) and found.name not in self.homes

    def _fill(
        self,
        scope: Scope,
        place: _Place,
        anchor: str,
        name: SpecText,
        expr: TypeExpr,
        required: bool,
        description: SpecText | None,
        location: str,
    ) -> SchemaNode:
        """The node at ``place``, its values, properties and variants claimed in page order."""
        inner = _element(expr)
        link = self.homes.get(inner.name) if isinstance(inner, Named) else None
        cut = self._unshown(inner) and place.depth > MAX_DEPTH
        if self._new_home(inner, place):
            self.homes[inner.name] = PageLink(SpecText(inner.name), f"{scope.page}#{anchor}")
        expand = link is None and not cut
        return SchemaNode(
            name=name,
            anchor=anchor,
            label=label(self.api, expr),
            type=self._type(expr),
            required=required,
            nullable=isinstance(expr, Nullable),
            description=description,
            enum_values=self._values(scope, place, inner, bool(anchor) and place.depth <= 1),
            constant=scalar_text(inner.value) if isinstance(inner, Constant) else None,
            link=link,
            location=location,
            children=self._children(scope, place, inner) if expand else (),
            variants=self._variants(scope, place, inner) if expand else (),
            cut=cut,
        )

    def _type(self, expr: TypeExpr) -> str:
        if isinstance(expr, Nullable):
            return self._type(expr.inner)
        if isinstance(expr, ListOf):
            return f"List of {self._type(expr.item)}"
        if isinstance(expr, MapOf):
            return f"Map of {self._type(expr.value)}"
        link = self.homes.get(expr.name) if isinstance(expr, Named) else None
        return link.title if link else label(self.api, expr)

    def _values(self, scope: Scope, place: _Place, inner: TypeExpr, ids: bool) -> tuple[DocEnumValue, ...]:
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(found, EnumType):
            described = [(scalar_text(v.value), v.description) for v in found.values]
        elif isinstance(inner, AnyOf) and all(isinstance(o, Constant) for o in inner.options):
            described = [(scalar_text(o.value), None) for o in inner.options if isinstance(o, Constant)]
        else:
            return ()
        prefix = f"{scope.value}{place.path}-"
        return tuple(
            DocEnumValue(value, text, scope.anchors.claim(prefix + slug(value)) if ids else "")
            for value, text in described
        )

    def _children(self, scope: Scope, place: _Place, inner: TypeExpr) -> tuple[SchemaNode, ...]:
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if not isinstance(found, ObjectType):
            return ()
        extra = _extra(found)
        others = (self._node(scope, place, SpecText("*"), extra, False, None),) if extra else ()
        return self._properties(scope, place, found.properties) + others

    def _variants(self, scope: Scope, place: _Place, inner: TypeExpr) -> tuple[SchemaNode, ...]:
        """A union's members, each named by the discriminator values that select it."""
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(found, UnionType):
            return tuple(
                self._node(scope, place, _tag(found.discriminator, v.tag), v.type, False, None) for v in found.variants
            )
        if isinstance(inner, AnyOf) and not all(isinstance(o, Constant) for o in inner.options):
            return tuple(self._node(scope, place, self._option(o), o, False, None) for o in inner.options)
        return ()

    def _option(self, option: TypeExpr) -> SpecText:
        """What names an option of a union without a discriminator: its type's name, else its label."""
        inner = _element(option)
        return SpecText(inner.name if isinstance(inner, Named) else self._type(option))


def _extra(found: ObjectType) -> TypeExpr | None:
    """The type of an object's other properties; None where any value goes, which a node would not tell."""
    return None if isinstance(found.extra, AnyValue) else found.extra


def _element(expr: TypeExpr) -> TypeExpr:
    """What a value holds, lists, maps and null aside: the type whose properties or values it shows."""
    while isinstance(expr, Nullable | ListOf | MapOf):
        expr = expr.inner if isinstance(expr, Nullable) else expr.item if isinstance(expr, ListOf) else expr.value
    return expr


def _tag(discriminator: tuple[SpecText, ...], values: tuple[Scalar, ...]) -> SpecText:
    """A variant's name: ``status = "pending"`` (each discriminator with its JSON value)."""
    pairs = zip(discriminator, values, strict=True)
    return SpecText(", ".join(f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in pairs))
