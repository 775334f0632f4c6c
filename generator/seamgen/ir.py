"""The intermediate model: everything templates need to know about the API, and nothing more.

``build`` makes it from a validated spec. Templates only format it: every structure a
template loops over is computed here. Strings from the spec are ``SpecText`` (escape before
use) and names are ``Identifier``; JSON values (examples, constants) stay plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from seamgen.text import Identifier, SpecText

Scalar = str | int | float | bool | None
PrimitiveKind = Literal["string", "integer", "number", "boolean", "null"]
HttpMethod = Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]


# Type expressions: how a property, parameter or body is typed.
@dataclass(frozen=True)
class Primitive:
    kind: PrimitiveKind
    format: SpecText | None = None


@dataclass(frozen=True)
class Constant:
    """Exactly one value; ``of`` is the type it narrows (an enum, or a primitive)."""

    value: Scalar
    of: TypeExpr


@dataclass(frozen=True)
class Named:
    """A reference to ``Api.types[name]``."""

    name: Identifier


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    value: TypeExpr


@dataclass(frozen=True)
class Nullable:
    inner: TypeExpr


@dataclass(frozen=True)
class AnyOf:
    """A union with no way to dispatch: a client has to try each option."""

    options: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value."""


TypeExpr = Primitive | Constant | Named | ListOf | MapOf | Nullable | AnyOf | AnyValue


# Named types: models, enums and unions.
Access = Literal["", "read-only", "write-only"]


@dataclass(frozen=True)
class Property:
    name: SpecText
    ident: Identifier
    type: TypeExpr
    required: bool
    description: SpecText | None
    access: Access = ""
    """OpenAPI's ``readOnly`` (only in responses) or ``writeOnly`` (only in requests)."""
    default: Any = None
    """The schema's ``default`` (None where it states none)."""


@dataclass(frozen=True)
class ObjectType:
    name: Identifier
    description: SpecText | None
    properties: tuple[Property, ...]
    extra: TypeExpr | None
    """The type of properties not listed (``additionalProperties``); None when closed."""


@dataclass(frozen=True)
class EnumValue:
    value: Scalar
    ident: Identifier
    description: SpecText | None


@dataclass(frozen=True)
class EnumType:
    name: Identifier
    description: SpecText | None
    kind: PrimitiveKind
    values: tuple[EnumValue, ...]


@dataclass(frozen=True)
class Variant:
    """One member of a union and the discriminator values that select it."""

    type: Named
    tag: tuple[Scalar, ...]


@dataclass(frozen=True)
class UnionType:
    """A union that picks its variant in one step by the values of ``discriminator``."""

    name: Identifier
    description: SpecText | None
    discriminator: tuple[SpecText, ...]
    variants: tuple[Variant, ...]
    flat: tuple[Property, ...]
    """All variants' properties as one object, the way docs show the resource."""


NamedType = ObjectType | EnumType | UnionType


# The API surface: endpoints, errors, events, resources.
StyleName = Literal["form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"]


@dataclass(frozen=True)
class Style:
    """How an array or object parameter (or form field) is spelled: OpenAPI's ``style`` and ``explode``."""

    name: StyleName
    explode: bool


@dataclass(frozen=True)
class Parameter:
    name: SpecText
    ident: Identifier
    location: Literal["query", "body", "path", "header", "cookie"]
    type: TypeExpr
    required: bool
    description: SpecText | None
    example: Any = None
    style: Style | None = None
    """The spec's style, with OpenAPI's defaults filled in; None for path parameters, JSON and
    multipart fields."""
    access: Access = ""
    """A body property's ``readOnly``/``writeOnly`` (``Property.access``)."""
    default: Any = None
    """Its schema's ``default`` (None where it states none)."""


@dataclass(frozen=True)
class Example:
    """One example of a body: OpenAPI's ``example``, or one of its named ``examples``."""

    name: SpecText
    """Its key in ``examples``; empty for an ``example``."""
    summary: SpecText | None
    value: Any


@dataclass(frozen=True)
class Body:
    """An endpoint's request body: JSON, a form (``application/x-www-form-urlencoded``) or multipart."""

    value: TypeExpr | None
    """Its type when it is sent as one value (an array, a map, a union of objects);
    None when it is an object whose properties are the endpoint's ``body`` parameters."""
    required: bool
    description: SpecText | None
    media: Literal["json", "form", "multipart"] = "json"
    variants: tuple[Named, ...] = ()
    """The models a union body may be (``value`` is their union): the client sends only these."""
    examples: tuple[Example, ...] = ()
    """Every example the spec gives of the body, in its order."""


@dataclass(frozen=True)
class Header:
    """A header a response documents (``Content-Type`` aside, which OpenAPI says to ignore)."""

    name: SpecText
    type: TypeExpr
    required: bool
    description: SpecText | None


@dataclass(frozen=True)
class Response:
    status: SpecText
    description: SpecText
    type: TypeExpr | None
    example: Any
    """The first example's value: what samples show and the mock answers with."""
    error_codes: tuple[SpecText, ...]
    """The error ``type``s this response documents (from its example, else its schema)."""
    examples: tuple[Example, ...] = ()
    """Every example the spec gives of the body, in its order."""
    headers: tuple[Header, ...] = ()


@dataclass(frozen=True)
class Pagination:
    """How a list endpoint pages: the cursor it takes, and where each page holds the next one."""

    cursor: Identifier
    """The cursor parameter's identifier (the ``ident`` of one of the endpoint's parameters)."""
    cursor_name: SpecText
    next_cursor: tuple[SpecText, ...]
    """The property names from the success body down to the next page's cursor (null on the last)."""
    item: TypeExpr
    """What the endpoint returns a list of."""
    items: tuple[SpecText, ...] = ()
    """The property names from what the method returns down to the list; empty when it is the list."""


@dataclass(frozen=True)
class Endpoint:
    """One client method; Seam serves most of them as both GET (query) and POST (JSON body)."""

    path: SpecText
    group: tuple[Identifier, ...]
    """The client namespace path (``access_codes``, ``unmanaged``); empty for a method of the client."""
    name: Identifier
    """Unique in its namespace, and not the name of a namespace in it."""
    methods: tuple[HttpMethod, ...]
    summary: SpecText | None
    description: SpecText | None
    title: SpecText | None
    page_description: SpecText | None
    parameters: tuple[Parameter, ...]
    body: Body | None
    """The JSON request body; None when the operations take none."""
    responses: tuple[Response, ...]
    response_key: SpecText | None
    returns: TypeExpr | None
    """The type under ``response_key`` in the success response: what a client method returns."""
    read_only: bool
    idempotent: bool
    """Safe to send twice, so a client may retry it (GET, or marked ``x-read-only``/``x-idempotent``)."""
    raw_response: Literal["text", "bytes"] | None = None
    """What a success body that is not JSON is (text, or bytes for any other media type), where no
    success response is JSON: a client returns it as it came."""
    pagination: Pagination | None = None
    """How the endpoint pages, when it takes a cursor and returns a list (see ``pagination.py``)."""
    security: tuple[tuple[SpecText, ...], ...] | None = None
    """The operation's ``security``: alternatives, each the schemes that go together (``()`` for none
    needed); None where the operation states none, so the spec's top-level one applies."""


@dataclass(frozen=True)
class ApiErrorType:
    """An error ``type`` the API documents, with the schema of its ``error`` object."""

    code: SpecText
    ident: Identifier
    type: Named
    description: SpecText | None
    statuses: tuple[SpecText, ...]


@dataclass(frozen=True)
class Event:
    name: SpecText
    type: TypeExpr
    description: SpecText | None


@dataclass(frozen=True)
class Resource:
    """A group of endpoints and, when the spec says so (``x-resource``), the object they return."""

    name: Identifier
    description: SpecText | None
    object_name: SpecText | None
    object_type: Named | None
    endpoints: tuple[Endpoint, ...]
    events: tuple[Event, ...]


@dataclass(frozen=True)
class CodeSampleLanguage:
    language: Identifier
    label: SpecText


@dataclass(frozen=True)
class Server:
    url: SpecText
    description: SpecText | None


@dataclass(frozen=True)
class AuthScheme:
    name: SpecText
    kind: SpecText
    scheme: SpecText | None
    bearer_format: SpecText | None
    description: SpecText | None
    location: SpecText | None = None
    """Where an ``apiKey`` goes: ``header``, ``query`` or ``cookie``."""
    parameter: SpecText | None = None
    """The header, query parameter or cookie an ``apiKey`` is sent as."""


@dataclass(frozen=True)
class Api:
    title: SpecText
    version: SpecText
    summary: SpecText | None
    description: SpecText | None
    package: Identifier
    distribution: SpecText
    package_version: SpecText
    """``version`` as PEP 440 accepts it, or ``x-seamgen.python.version``."""
    client: Identifier
    """The client's name (``Seam``): ``x-seamgen.python.client``, else from ``title``."""
    env_prefix: Identifier
    """The prefix of the client's environment variables (``SEAM`` of ``SEAM_API_KEY``)."""
    servers: tuple[Server, ...]
    auth: tuple[AuthScheme, ...]
    """The security schemes, those the spec requires at the top level first."""
    types: dict[Identifier, NamedType]
    """Every named type, in a stable order (spec order, then inline types after their parent)."""
    resources: tuple[Resource, ...]
    endpoints: tuple[Endpoint, ...]
    errors: tuple[ApiErrorType, ...]
    events: tuple[Event, ...]
    event_union: Named | None
    code_samples: tuple[CodeSampleLanguage, ...]
    docs_base_url: SpecText | None
    """Where the published docs live; pages link to each other under it."""
    security: tuple[tuple[SpecText, ...], ...] | None = None
    """The top-level ``security`` (as ``Endpoint.security``): what an operation stating none needs."""
    components: dict[str, TypeExpr] = field(default_factory=dict)
    """Each component schema's type, by the schema's name in the spec: where a JSON pointer into
    ``components/schemas`` lands in the model (``seamgen diff`` names the code a change touches)."""
