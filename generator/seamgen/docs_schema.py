"""Schema views: the expandable tree of a parameter, a body, a response or an event, from the model.

Every page shows types the same way: a node per property with its type, required and nullable
markers, description and enum values (each with its description); objects expand under it and a
union lists its variants by their discriminator values. Each named object or union is expanded in
one place in the whole site (its object page, else its shallowest use, decided before any page is
built) and linked everywhere else, a cycle included, so the site grows linearly with the spec.
Nodes show the spec's names only, never the model's for inline types. Every id comes from
the page's ``Anchors``, so ids are unique on a page by construction, whatever the names slug to.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

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


def _example_text(value: Any) -> SpecText:
    """An example or default as a node shows it: a scalar as ``scalar_text`` does, anything else as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return scalar_text(value)
    return SpecText(json.dumps(value, ensure_ascii=False))


def scalar_text(value: Scalar) -> SpecText:
    """A JSON value as a page shows it: a string as it is, anything else as JSON (``null``, ``true``),
    and the empty string as JSON too (``""``, Stripe's "unset" value), which as it is would show nothing."""
    return SpecText(value if isinstance(value, str) and value else json.dumps(value))


class Anchors:
    """A page's HTML ids, each given once: a taken id gets the next free ``-2``, ``-3`` … Two enum
    values (``a b``, ``a-b``) or a property and another's enum value can slug alike."""

    def __init__(self, *fixed: str) -> None:
        self.taken = set(fixed)
        self.named: set[tuple[str, str]] = set()

    def first(self, kind: str, name: str) -> bool:
        """Whether no deeper node of this page had ``name`` yet (recording it): the first gets an id
        for search to open, its repeats none (each of Seam's hundred event variants has an ``event_id``)."""
        new = (kind, name) not in self.named
        self.named.add((kind, name))
        return new

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
    """Its id on the page, where search results open it: every value on a tree's first level, and
    below it the first value of its text on the page (``Anchors.first``); empty for the others."""


@dataclass(eq=False)
class PageLink:
    """Where a named type is shown in full: its object page, or the one node that expands it.

    One object per type, shared by every link to it: a type's home is decided before any tree is
    built, but its node's id only once that node is built (on a later page, perhaps), so ``href`` is
    filled in then. ``docs`` builds every page before any is rendered."""

    title: SpecText
    href: str
    """Relative to the site's root, with the node's fragment."""


@dataclass(frozen=True)
class SchemaNode:
    """A property (or a parameter, a union variant, a body as a whole) and what it holds."""

    name: SpecText
    anchor: str
    """Its id, where search results and links open it: every node on a tree's first level and each
    that expands a named type; below the first level the page's first node of its name (half of
    Stripe's properties sit there); a body's root takes its section's."""
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
    """Not expanded, and its type shown nowhere: each of its uses lies below ``MAX_DEPTH``."""
    example: SpecText | None = None
    """A parameter's example, as JSON (a string as it is)."""
    access: str = ""
    """``read-only`` or ``write-only`` (``Property.access``)."""
    default: SpecText | None = None
    """The schema's default, as JSON (a string as it is)."""
    permalink: bool = False
    """Whether its name links to its id: a tree's first level and the node that expands a named type
    (deeper ones have an id for search alone, which keeps Stripe's pages light)."""


_Root = tuple[int, int]
"""A tree's root: ``id`` of its value's type in the model, and how many roots held that type before
(a type may be shared): the plan and the pages meet roots alike, whatever the pages' own ids."""


@dataclass(frozen=True)
class _Place:
    """A node's place in its tree: its root, id path, depth and member indices from the root."""

    root: _Root = (0, 0)
    path: str = ""
    depth: int = 0
    at: tuple[int, ...] = ()

    def below(self, name: str, index: int) -> _Place:
        path = f"{self.path}.{slug(name)}" if self.path else slug(name)
        return _Place(self.root, path, self.depth + 1, (*self.at, index))


@dataclass(frozen=True)
class _Member:
    """A property of an object, or a variant of a union, as a node below its parent shows it."""

    name: SpecText
    type: TypeExpr
    required: bool = False
    description: SpecText | None = None
    variant: bool = False
    access: str = ""
    default: Any = None
    example: Any = None


@dataclass(frozen=True)
class _Seed:
    """A tree's root as the pages meet it: a parameter's or property's (depth 1), a body's, a
    response's or an event's (depth 0). An event's properties are roots of their own."""

    type: TypeExpr
    depth: int
    members: bool = True
    own_page: bool = False
    """The root of a type's own page: expanded there, though the type's home is set before planning."""


class SchemaViews:
    """The trees of one API's types. Each named object or union is expanded in one place only, its
    home: its object page (``homes`` to start with), else its shallowest use in the whole site (page
    order breaks ties), decided before any tree is built; everywhere else, a cycle included, it is a
    link there. So the site holds each type's properties once, grows linearly with the spec, and no
    use is a dead end whichever page comes first. Nodes show only names the spec gave
    (``components/schemas``); the model's names for inline types stay out of the pages."""

    def __init__(self, api: Api, homes: dict[Identifier, PageLink], own_pages: Iterable[Identifier] = ()) -> None:
        """``homes``: the types shown on a page of their own (a resource's object page, or one of
        ``own_pages``, which ``own_page`` builds after the object pages, before the endpoints')."""
        self.api = api
        self.homes = dict(homes)
        self.spec_names = spec_names(api)
        self.own_roots = {name: Named(name) for name in own_pages}  # one object each: roots are counted by id
        self.met: Counter[int] = Counter()
        self.planned = self._plan(_seeds(api, tuple(self.own_roots.values())))
        self.met.clear()

    def own_page(self, scope: Scope, name: Identifier) -> SchemaNode:
        """The tree of a type on its own page: expanded in full, whatever links to it."""
        expr = self.own_roots[name]
        return self._fill(scope, self._root(expr), "", _Member(SpecText(""), expr), "", own_page=True)

    def properties(self, scope: Scope, props: Iterable[Property | Parameter]) -> tuple[SchemaNode, ...]:
        """A node per property: an object page's properties, an event's, a body's parameters."""
        return tuple(
            self.node(scope, p.name, p.type, p.required, p.description, access=p.access, default=p.default)
            for p in props
        )

    def shown_at(self, scope: Scope, anchor: str, expr: TypeExpr | None) -> tuple[SchemaNode, ...]:
        """The properties of ``expr`` shown at ``anchor`` (an event's): its other uses link there."""
        if expr is not None and self._homed_here(self._root(expr), expr):
            self._home(expr, f"{scope.page}#{anchor}")
        return self.properties(scope, properties_of(self.api, expr))

    def node(
        self,
        scope: Scope,
        name: SpecText,
        expr: TypeExpr,
        required: bool = False,
        description: SpecText | None = None,
        location: str = "",
        example: Any = None,
        access: str = "",
        default: Any = None,
    ) -> SchemaNode:
        """One value's tree (a parameter, with its example): ``name`` starts its ids."""
        place = _Place(self._root(expr).root, slug(name), 1)
        member = _Member(name, expr, required, description, access=access, default=default, example=example)
        return self._node(scope, place, member, location)

    def root(self, scope: Scope, anchor: str, expr: TypeExpr, description: SpecText | None = None) -> SchemaNode:
        """A body's tree: the node itself has no name and takes the id its section already has."""
        return self._fill(scope, self._root(expr), anchor, _Member(SpecText(""), expr, False, description), "")

    def _root(self, expr: TypeExpr) -> _Place:
        """The place of the next root that holds ``expr``, counted as ``_plan`` counts them."""
        count = self.met[id(expr)]
        self.met[id(expr)] += 1
        return _Place((id(expr), count))

    def _plan(self, seeds: Iterable[_Seed]) -> dict[tuple[_Root, tuple[int, ...]], Identifier]:
        """Every named type's home, before any tree is built: breadth-first over all roots at once,
        so a type is expanded at its shallowest use, not deep inside an error response met first."""
        planned: dict[tuple[_Root, tuple[int, ...]], Identifier] = {}
        queue: list[tuple[int, int, int, _Place, TypeExpr, bool, bool]] = []
        for order, seed in enumerate(seeds):
            root = self._root(seed.type)
            heapq.heappush(queue, (seed.depth, order, len(queue), root, seed.type, seed.members, seed.own_page))
        discovered = len(queue)
        while queue:
            depth, order, _, place, expr, members, own_page = heapq.heappop(queue)
            inner = _element(expr)
            if self._expandable(inner) and not own_page:
                if inner.name in self.homes or depth > MAX_DEPTH:
                    continue
                planned[(place.root, place.at)] = inner.name
                self.homes[inner.name] = PageLink(self._title(inner), "")
            for index, member in enumerate(self._members(inner) if members else ()):
                child = _Place(place.root, "", depth + 1, (*place.at, index))
                heapq.heappush(queue, (depth + 1, order, discovered, child, member.type, True, False))
                discovered += 1
        return planned

    def _node(self, scope: Scope, place: _Place, member: _Member, location: str = "") -> SchemaNode:
        home = self._homed_here(place, member.type)
        permalink = place.depth == 1 or home
        wanted = permalink or scope.anchors.first("property", member.name)
        anchor = scope.anchors.claim(scope.node + place.path) if wanted else ""
        return self._fill(scope, place, anchor, member, location, permalink=permalink)

    def _homed_here(self, place: _Place, expr: TypeExpr) -> bool:
        """Whether the node at ``place`` expands ``expr``'s type: the plan put its home there, or
        the plan missed it (a root ``_seeds`` does not know) and no node expands it yet."""
        inner = _element(expr)
        if not self._expandable(inner):
            return False
        planned = self.planned.get((place.root, place.at))
        if planned is not None:
            return planned == inner.name
        return place.depth <= MAX_DEPTH and inner.name not in self.homes

    def _home(self, expr: TypeExpr, href: str) -> None:
        """Make ``href`` the home of ``expr``'s type: every link to it, made before or after, lands there."""
        inner = _element(expr)
        assert isinstance(inner, Named)
        self.homes.setdefault(inner.name, PageLink(self._title(inner), "")).href = href

    def _expandable(self, inner: TypeExpr) -> TypeGuard[Named]:
        return expandable(self.api, inner)

    def _fill(
        self,
        scope: Scope,
        place: _Place,
        anchor: str,
        member: _Member,
        location: str,
        permalink: bool = False,
        own_page: bool = False,
    ) -> SchemaNode:
        """The node at ``place``, its values, properties and variants claimed in page order."""
        expr, inner = member.type, _element(member.type)
        home = own_page or self._homed_here(place, expr)
        if home and not own_page:
            self._home(expr, f"{scope.page}#{anchor}")
        link = self.homes.get(inner.name) if isinstance(inner, Named) and not home else None
        cut = not home and link is None and self._expandable(inner)
        members = self._members(inner) if home or not (link or cut) else ()
        nodes = [self._node(scope, place.below(m.name, i), m) for i, m in enumerate(members)]
        return SchemaNode(
            name=member.name,
            anchor=anchor,
            label=label(self.api, expr),
            type=self._type(expr),
            required=member.required,
            nullable=isinstance(expr, Nullable),
            description=member.description,
            enum_values=self._values(scope, place, inner),
            constant=scalar_text(inner.value) if isinstance(inner, Constant) else None,
            link=link,
            location=location,
            children=tuple(n for n, m in zip(nodes, members, strict=True) if not m.variant),
            variants=tuple(n for n, m in zip(nodes, members, strict=True) if m.variant),
            cut=cut,
            permalink=permalink,
            access=member.access,
            default=None if member.default is None else _example_text(member.default),
            example=None if member.example is None else _example_text(member.example),
        )

    def _title(self, inner: Named) -> SpecText:
        """A named type as nodes show it: the spec's name for it; a union the spec leaves unnamed by
        its variants' names (``TrackObject or EpisodeObject``); else its label (``Object``)."""
        found = self.api.types.get(inner.name)
        if inner.name in self.spec_names or not isinstance(found, UnionType):
            return self.spec_names.get(inner.name) or SpecText(label(self.api, inner))
        return SpecText(" or ".join(dict.fromkeys(self._name(variant.type) for variant in found.variants)))

    def _name(self, expr: TypeExpr) -> str:
        """What names one option of a union: the spec's name for its type, else its label."""
        inner = expr.inner if isinstance(expr, Nullable) else expr
        named = self.spec_names.get(inner.name) if isinstance(inner, Named) else None
        return named or label(self.api, inner)

    def _type(self, expr: TypeExpr) -> str:
        if isinstance(expr, Nullable):
            return self._type(expr.inner)
        if isinstance(expr, ListOf):
            return f"List of {self._type(expr.item)}"
        if isinstance(expr, MapOf):
            return f"Map of {self._type(expr.value)}"
        if isinstance(expr, AnyOf):  # Stripe's default_source: String or bank_account or card or source
            return " or ".join(dict.fromkeys(self._type(option) for option in expr.options))
        if not isinstance(expr, Named):
            return label(self.api, expr)
        link = self.homes.get(expr.name)
        return link.title if link else self._title(expr)

    def _values(self, scope: Scope, place: _Place, inner: TypeExpr) -> tuple[DocEnumValue, ...]:
        """``inner``'s enum values: each has an id on a tree's first level; deeper, the page's first of its text."""
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(found, EnumType):
            described = [(scalar_text(v.value), v.description) for v in found.values]
        elif isinstance(inner, AnyOf) and all(isinstance(o, Constant) for o in inner.options):
            described = [(scalar_text(o.value), None) for o in inner.options if isinstance(o, Constant)]
        else:
            return ()
        prefix = f"{scope.value}{place.path}-"
        return tuple(
            DocEnumValue(value, text, scope.anchors.claim(prefix + slug(value)) if wanted else "")
            for value, text in described
            for wanted in (place.depth <= 1 or scope.anchors.first("enum value", value),)
        )

    def _members(self, inner: TypeExpr) -> tuple[_Member, ...]:
        """What a node of ``inner`` holds: an object's properties (``*`` for its others), a union's
        variants named by the discriminator values that select them, or an inline union's options."""
        found = self.api.types.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(found, ObjectType):
            extra = _extra(found)
            others = (_Member(SpecText("*"), extra),) if extra else ()
            members = (
                _Member(p.name, p.type, p.required, p.description, access=p.access, default=p.default)
                for p in found.properties
            )
            return (*members, *others)
        if isinstance(found, UnionType):
            return tuple(_Member(_tag(found.discriminator, v.tag), v.type, variant=True) for v in found.variants)
        if isinstance(inner, AnyOf) and not all(isinstance(o, Constant) for o in inner.options):
            return tuple(_Member(self._option(n, o), o, variant=True) for n, o in enumerate(inner.options, 1))
        return ()

    def _option(self, number: int, option: TypeExpr) -> SpecText:
        """What names an option of a union without a discriminator: the spec's name for its type,
        else its place and label (``Option 2 (Object)``), never a name the model made up for it."""
        inner, shown = _element(option), self._type(option)
        named = isinstance(inner, Named) and inner.name in self.spec_names
        return SpecText(shown if named else f"Option {number} ({shown})")


def _seeds(api: Api, own_pages: tuple[Named, ...] = ()) -> Iterator[_Seed]:
    """Every tree's root in page order, as ``docs_view`` builds the pages: object pages' properties
    and events first, then the types' own pages, then each endpoint's parameters (the body's last),
    body and responses (each one's tree, then its headers)."""
    for resource in api.resources:
        yield from (_Seed(p.type, 1) for p in properties_of(api, resource.object_type))
        for event in resource.events:
            yield _Seed(event.type, 0, members=False)
            yield from (_Seed(p.type, 1) for p in properties_of(api, event.type))
    yield from (_Seed(root, 0, own_page=True) for root in own_pages)
    for endpoint in api.endpoints:
        # An endpoint served by GET takes its body's parameters in the query string, with the others.
        in_body = [p.location == "body" and "GET" not in endpoint.methods for p in endpoint.parameters]
        for section in (False, True):
            yield from (
                _Seed(p.type, 1) for p, body in zip(endpoint.parameters, in_body, strict=True) if body == section
            )
        if endpoint.body is not None and endpoint.body.value is not None:
            yield _Seed(endpoint.body.value, 0)
        for response in endpoint.responses:
            yield from (_Seed(response.type, 0),) if response.type is not None else ()
            yield from (_Seed(header.type, 1) for header in response.headers)


def spec_names(api: Api) -> dict[Identifier, SpecText]:
    """The name the spec gives each type it names (``components/schemas``), by the model's name."""
    return {e.name: SpecText(n) for n, e in reversed(api.components.items()) if isinstance(e, Named)}


def expandable(api: Api, inner: TypeExpr) -> TypeGuard[Named]:
    """Whether ``inner`` is a named union or non-empty object: what a node expands in one place only."""
    found = api.types.get(inner.name) if isinstance(inner, Named) else None
    if isinstance(found, ObjectType):
        return bool(found.properties or _extra(found))
    return isinstance(found, UnionType)


def own_page_types(api: Api, homed: Iterable[Identifier]) -> tuple[Identifier, ...]:
    """The types shown on a page of their own: each object or union the spec names (and no object
    page shows) that two places use or more, counting each tree's root and each member of a type
    (which is shown once). A type used once is shown where it is used; a shared one was shown at
    its first use, which sent Train Travel's 401 on "Create a booking" to "Get a list of stations"."""
    uses: Counter[Identifier] = Counter()
    for expr in (*(seed.type for seed in _seeds(api)), *_member_types(api)):
        uses.update(_named_in(expr))
    shown = set(homed)
    return tuple(
        name
        for name in dict.fromkeys(e.name for e in api.components.values() if isinstance(e, Named))
        if uses[name] > 1 and name not in shown and expandable(api, Named(name))
    )


def _member_types(api: Api) -> Iterator[TypeExpr]:
    """The type of every member of every object and union of the model."""
    for found in api.types.values():
        if isinstance(found, ObjectType):
            yield from (p.type for p in found.properties)
            yield from (extra,) if (extra := _extra(found)) else ()
        elif isinstance(found, UnionType):
            yield from (v.type for v in found.variants)


def _named_in(expr: TypeExpr) -> Iterator[Identifier]:
    """The named types a node of ``expr`` shows: its own (lists and maps aside), or an inline union's options'."""
    inner = _element(expr)
    if isinstance(inner, Named):
        yield inner.name
    elif isinstance(inner, AnyOf):
        for option in inner.options:
            yield from _named_in(option)


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
