"""The docs' view of the model: what each GitBook page shows, computed once.

Pages follow the seed pages: the object page (properties of the flat object, enum values,
events, endpoints) and one page per endpoint (swagger block, code samples, parameters table,
response). Values that mix spec text into Markdown structure (table rows, JSON bodies, code
samples) are escaped here and returned as ``Code``; prose stays ``SpecText`` for the ``md`` filter.
Page files are named from the model's identifiers (namespace path and method), never from spec
text, and are unique by construction (see ``PageFiles``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from seamgen.docs_auth import DocAuth, endpoint_auth
from seamgen.docs_samples import CodeSample, Samples, fence_for, json_literal
from seamgen.docs_schema import (
    Anchors,
    DocEnumValue,
    PageLink,
    SchemaNode,
    SchemaViews,
    Scope,
    own_page_types,
    properties_of,
    spec_names,
)  # fmt: skip
from seamgen.filters import md_cell, md_cell_code, slug
from seamgen.ir import (
    AnyOf,
    AnyValue,
    Api,
    Body,
    Constant,
    Endpoint,
    EnumType,
    Event,
    Example,
    ListOf,
    Named,
    Nullable,
    ObjectType,
    Parameter,
    Primitive,
    Resource,
    Response,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.text import Code, Identifier, SpecText, snake, words

RESPONSE_NOTE = (
    "This section shows the JSON response returned by the API. Since each language encapsulates this response "
    "inside objects specific to that language and/or implementation, the actual type in your language might "
    "differ from what's written here."
)


@dataclass(frozen=True)
class DocEvent:
    name: SpecText
    anchor: str
    description: SpecText | None
    properties: tuple[SchemaNode, ...]


@dataclass(frozen=True)
class DocLink:
    """An object page's link to one of its endpoints' pages."""

    path: SpecText
    label: SpecText
    """The path, with the method in front where other endpoints share the path."""
    method: str
    html: str
    """The endpoint's HTML page, relative to the site's root."""
    url: SpecText
    """The endpoint's page where the docs are published (``x-seamgen.docs.base-url``)."""
    description: SpecText | None


@dataclass(frozen=True)
class ObjectPage:
    file: str
    title: SpecText
    object_name: SpecText
    description: SpecText | None
    properties: tuple[SchemaNode, ...]
    events: tuple[DocEvent, ...]
    endpoints: tuple[DocLink, ...]

    @property
    def has_object(self) -> bool:
        """The resource documents an object (``x-resource``): the page has its properties and events."""
        return bool(self.properties or self.events)


@dataclass(frozen=True)
class SwaggerParam:
    location: str
    name: SpecText
    required: bool
    description: SpecText
    enum_values: tuple[DocEnumValue, ...]


# The Content-Type the generated client sends each kind of body with.
SENT_AS = {"json": "application/json", "form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}

# An example longer than this starts folded on the site: pages of JSON (GitHub's list of emoji is
# 1,877 lines) would push the page's other sections out of reach and hold up its first paint.
FOLDED_LINES = 100


@dataclass(frozen=True)
class DocExample:
    """An example of a body, for the site: its title where the spec names it, its JSON."""

    title: SpecText | None
    body: Code

    @property
    def lines(self) -> int:
        return self.body.count("\n") + 1

    @property
    def folded(self) -> bool:
        """Whether the site shows it folded (``FOLDED_LINES``)."""
        return self.lines > FOLDED_LINES


@dataclass(frozen=True)
class SwaggerResponse:
    status: str
    description: SpecText
    fence: Code
    body: Code | None
    """The first example, as the GitBook page shows it."""
    anchor: str
    schema: SchemaNode | None
    """The response body's tree, for the site."""
    examples: tuple[DocExample, ...] = ()
    """Every example, for the site."""
    headers: tuple[SchemaNode, ...] = ()
    """The headers it documents, for the site."""


@dataclass(frozen=True)
class EndpointPage:
    file: str
    title: SpecText
    page_description: SpecText | None
    method: str
    path: SpecText
    label: SpecText
    """The path, with the method in front where other endpoints share the path (REST's ``GET``,
    ``PUT``, ``DELETE`` of one object): what names the page where its title is missing."""
    base_url: SpecText
    summary: SpecText
    description: SpecText | None
    params: tuple[SwaggerParam, ...]
    parameters: tuple[SchemaNode, ...]
    """The site's parameters: those of the path, query, headers and cookies (a GET's body ones too)."""
    request_body: SchemaNode | None
    """The site's request body: its parameters, or its type where it is sent as one value."""
    request_media: str
    """The body's media type, as the client sends it (empty without a body)."""
    request_examples: tuple[DocExample, ...]
    auth: DocAuth | None
    """The security the endpoint needs, for the site (the GitBook page keeps the seed's ``Authorization``)."""
    responses: tuple[SwaggerResponse, ...]
    samples: tuple[CodeSample, ...]
    table: tuple[Code, ...]
    """The parameters table's lines, padded as the seed pads them."""
    response_fence: Code
    response_json: Code | None

    @property
    def subtitle(self) -> SpecText | None:
        """The summary under the site's title, where it says something the title does not."""
        return None if self.summary == self.title else self.summary


@dataclass(frozen=True)
class SchemaPage:
    """A type's own page on the site: a type the spec names and two places or more use."""

    name: Identifier
    """The type's name in the model."""
    file: str
    """The HTML page, relative to the site's root (``schemas/booking.html``)."""
    title: SpecText
    description: SpecText | None
    tree: SchemaNode


@dataclass(frozen=True)
class Docs:
    objects: tuple[ObjectPage, ...]
    endpoints: tuple[EndpointPage, ...]
    note: str
    schemas: tuple[SchemaPage, ...] = ()
    """The types' own pages, for the site (the GitBook space shows no trees)."""


def docs(api: Api) -> Docs:
    """Every page of ``api``'s docs."""
    files = PageFiles()
    object_files = [files.object_page(resource.name) for resource in api.resources]
    endpoint_files = {id(endpoint): files.endpoint_page(endpoint.group, endpoint.name) for endpoint in api.endpoints}
    samples = Samples(api)
    object_links = _object_links(api, object_files)
    own = own_page_types(api, object_links)
    schema_links = _schema_links(api, files, own)
    views = SchemaViews(api, {**object_links, **schema_links}, own)
    # Object pages' trees first: a type met on one is expanded there, and endpoint pages link to it.
    trees = [_object_trees(api, views, r, file) for r, file in zip(api.resources, object_files, strict=True)]
    schemas = tuple(_schema_page(api, views, name, link.href) for name, link in schema_links.items())
    paths = Counter(endpoint.path for endpoint in api.endpoints)
    endpoints = tuple(
        _endpoint_page(api, views, e, endpoint_files[id(e)], samples, paths[e.path] > 1) for e in api.endpoints
    )
    by_file = {page.file: page for page in endpoints}
    objects = tuple(
        _object_page(api, resource, file, tree, [by_file[endpoint_files[id(e)]] for e in resource.endpoints])
        for resource, file, tree in zip(api.resources, object_files, trees, strict=True)
    )
    return Docs(objects, endpoints, RESPONSE_NOTE, schemas)


def _schema_links(api: Api, files: PageFiles, own: tuple[Identifier, ...]) -> dict[Identifier, PageLink]:
    """Each own page's link: ``schemas/<name>.html`` (``PageFiles.schema_page``)."""
    names = spec_names(api)
    return {name: PageLink(names[name], files.schema_page(snake(names[name], "schema"))) for name in own}


def _schema_page(api: Api, views: SchemaViews, name: Identifier, file: str) -> SchemaPage:
    found = api.types.get(name)
    description = found.description if isinstance(found, ObjectType | UnionType) else None
    tree = views.own_page(Scope(file, Anchors(), "", ""), name)
    return SchemaPage(name, file, views.spec_names[name], description, tree)


def _object_links(api: Api, object_files: list[str]) -> dict[Identifier, PageLink]:
    """The types with their own object page (a resource's object), which trees link to, not copy."""
    links: dict[Identifier, PageLink] = {}
    for resource, file in zip(api.resources, object_files, strict=True):
        if resource.object_type is not None:
            title = resource.object_name or SpecText(resource.name)
            links.setdefault(resource.object_type.name, PageLink(title, html_file(file)))
    return links


class PageFiles:
    """Page files under ``api/``: a folder per namespace, ``README.md`` for a resource's object
    page, ``<method>.md`` for an endpoint. Made of identifiers, and unique by construction even
    where names differ only by case (macOS, Windows): a clash gets the next free ``_2``, ``_3`` …,
    as do Windows' device names and an endpoint named as a folder's own page. A name is cut to
    ``MAX_NAME`` characters, as file systems allow 255 bytes a name (the site's ``.html`` included)."""

    # Windows refuses these as a file or folder name, whatever the extension.
    DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))})
    # A folder's own page: README.md here, index.html in the site.
    FOLDER_PAGES = frozenset({"readme", "index"})
    MAX_NAME = 100

    def __init__(self) -> None:
        self.folders: dict[tuple[str, ...], str] = {(): "api"}
        self.taken: set[str] = set()

    def object_page(self, resource: str) -> str:
        return f"{self.folder((resource,))}/README.md"

    def endpoint_page(self, group: tuple[str, ...], name: str) -> str:
        return self._claim(self.folder(group), name, ".md", self.DEVICES | self.FOLDER_PAGES) + ".md"

    def schema_page(self, name: str) -> str:
        """A type's own page, on the site alone (so ``.html``): ``schemas/<name>.html``."""
        return self._claim("schemas", name, ".html", self.DEVICES | self.FOLDER_PAGES) + ".html"

    def folder(self, group: tuple[str, ...]) -> str:
        if group not in self.folders:
            self.folders[group] = self._claim(self.folder(group[:-1]), group[-1], "/", self.DEVICES)
        return self.folders[group]

    def _claim(self, parent: str, name: str, suffix: str, reserved: frozenset[str]) -> str:
        name = name[: self.MAX_NAME]
        candidate, counter = name, 2
        while candidate.casefold() in reserved or f"{parent}/{candidate}{suffix}".casefold() in self.taken:
            candidate, counter = f"{name}_{counter}", counter + 1
        self.taken.add(f"{parent}/{candidate}{suffix}".casefold())
        return f"{parent}/{candidate}"


def _object_trees(
    api: Api, views: SchemaViews, resource: Resource, file: str
) -> tuple[tuple[SchemaNode, ...], tuple[DocEvent, ...]]:
    """The object page's properties and events."""
    page, anchors = html_file(file), Anchors("properties", "events", "endpoints")
    # The site's ids from before enum values had descriptions: property-status, status-pending.
    properties = views.properties(Scope(page, anchors, "property-", ""), properties_of(api, resource.object_type))
    return properties, tuple(_event(views, Scope(page, anchors, "event-", ""), e) for e in resource.events)


def _object_page(
    api: Api,
    resource: Resource,
    file: str,
    trees: tuple[tuple[SchemaNode, ...], tuple[DocEvent, ...]],
    endpoints: list[EndpointPage],
) -> ObjectPage:
    found = api.types.get(resource.object_type.name) if resource.object_type else None
    return ObjectPage(
        file=file,
        title=SpecText(" ".join(w.capitalize() for w in words(resource.name))),
        object_name=resource.object_name or SpecText(resource.name),
        description=(found.description if found else None) or resource.description,
        properties=trees[0],
        events=trees[1],
        endpoints=tuple(
            DocLink(e.path, e.label, e.method, html_file(e.file), _url(api, e.file), e.description or e.title)
            for e in endpoints
        ),
    )


def _event(views: SchemaViews, page: Scope, event: Event) -> DocEvent:
    anchor = page.anchors.claim(f"{page.node}{slug(event.name)}")
    scope = Scope(page.page, page.anchors, f"{anchor}-", f"{anchor}-")
    return DocEvent(event.name, anchor, event.description, views.shown_at(scope, anchor, event.type))


def _url(api: Api, file: str) -> SpecText:
    return SpecText(f"{api.docs_base_url or ''}/{file.removesuffix('.md')}")


def _endpoint_page(
    api: Api, views: SchemaViews, endpoint: Endpoint, file: str, samples: Samples, shared_path: bool
) -> EndpointPage:
    method = "GET" if "GET" in endpoint.methods else endpoint.methods[0]
    success = next((r for r in endpoint.responses if r.status.startswith("2")), None)
    code_samples = samples.of(endpoint, success.example if success else None)
    tabs = (f"{kind}-{sample.language}" for sample in code_samples for kind in ("tab", "panel"))
    sections = ("authentication", "parameters", "request-body", "code-example", "responses")
    page = Scope(html_file(file), Anchors(*sections, *tabs), "", "")
    # An endpoint served by GET takes its body's parameters in the query string too.
    located = tuple(
        ("query" if p.location == "body" and method == "GET" else p.location, p) for p in endpoint.parameters
    )
    trees = _parameter_trees(views, page, located)
    params = [
        SwaggerParam(where, p.name, p.required, p.description or SpecText(""), trees[id(p)].enum_values)
        for where, p in located
    ]
    parameters = [trees[id(p)] for where, p in located if where != "body"]
    bearer = next((a for a in api.auth if a.scheme and a.scheme.lower() == "bearer"), None)
    if bearer is not None:
        auth = SpecText(f"Bearer <{bearer.bearer_format or 'TOKEN'}>")
        params.append(SwaggerParam("header", SpecText("Authorization"), True, auth, ()))
    body_nodes = tuple(trees[id(p)] for where, p in located if where == "body")
    fence, body = _json_block(success.example if success else None)
    label = SpecText(f"{method} {endpoint.path}" if shared_path else endpoint.path)
    return EndpointPage(
        file=file,
        title=endpoint.title or endpoint.summary or label,
        page_description=endpoint.page_description,
        method=method.lower(),
        path=endpoint.path,
        label=label,
        # The path starts with "/": a server URL ending in one (Stripe's) would show "//".
        base_url=SpecText(api.servers[0].url.rstrip("/")) if api.servers else SpecText(""),
        summary=endpoint.summary or endpoint.title or label,
        description=endpoint.description,
        params=tuple(params),
        parameters=tuple(parameters),
        request_body=_request_body(views, page, endpoint.body, body_nodes),
        request_media=SENT_AS[endpoint.body.media] if endpoint.body else "",
        request_examples=_examples(endpoint.body.examples) if endpoint.body else (),
        auth=endpoint_auth(api, endpoint),
        responses=tuple(_response(views, page, r) for r in endpoint.responses),
        samples=code_samples,
        table=_table(api, endpoint),
        response_fence=fence,
        response_json=body,
    )


def _parameter_trees(
    views: SchemaViews, page: Scope, located: tuple[tuple[str, Parameter], ...]
) -> dict[int, SchemaNode]:
    """Each parameter's tree, by ``id`` of the parameter: the Parameters section's first, then the
    request body's, so ids are claimed in page order."""
    scopes = {
        section: Scope(page.page, page.anchors, f"{section}-", f"{section}-") for section in ("parameter", "body")
    }
    trees = {}
    for section in ("parameter", "body"):
        for where, p in located:
            if (where == "body") == (section == "body"):
                location = "" if where == "body" else where
                trees[id(p)] = views.node(
                    scopes[section], p.name, p.type, p.required, p.description, location, p.example, p.access, p.default
                )
    return trees


def _request_body(
    views: SchemaViews, page: Scope, body: Body | None, parameters: tuple[SchemaNode, ...]
) -> SchemaNode | None:
    """The body's tree: an object of its parameters, or the one value it is sent as."""
    if body is not None and body.value is not None:
        scope = Scope(page.page, page.anchors, "body-", "body-")
        return views.root(scope, "request-body", body.value, body.description)
    if body is None or not parameters:
        return None
    return SchemaNode(
        SpecText(""), "request-body", "Object", "Object", body.required, False, body.description, children=parameters
    )


def _response(views: SchemaViews, page: Scope, response: Response) -> SwaggerResponse:
    status = status_label(response.status)
    anchor = page.anchors.claim(f"response-{slug(status)}")
    scope = Scope(page.page, page.anchors, f"{anchor}-", f"{anchor}-")
    schema = views.root(scope, anchor, response.type) if response.type is not None else None
    fence, body = _json_block(response.example)
    at = Scope(page.page, page.anchors, f"{anchor}-header-", f"{anchor}-header-")
    headers = tuple(views.node(at, h.name, h.type, h.required, h.description) for h in response.headers)
    examples = _examples(response.examples)
    return SwaggerResponse(status, response.description, fence, body, anchor, schema, examples, headers)


def _examples(examples: tuple[Example, ...]) -> tuple[DocExample, ...]:
    """Each example as JSON, titled by its summary, else by its name where there are several (GitHub
    names its only example of each body ``default``)."""
    return tuple(
        DocExample(
            example.summary or (example.name if len(examples) > 1 else None) or None,
            Code(json_literal(example.value, indent=2)),
        )
        for example in examples
    )


# RFC 9110's reason phrases and the IANA registry's others, fixed here: Python's ``http.HTTPStatus``
# renamed some in 3.13, and the pages may not depend on the Python that renders them.
REASON_PHRASES = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
    205: "Reset Content", 206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used",
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
    305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
    408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
    417: "Expectation Failed", 421: "Misdirected Request", 422: "Unprocessable Content", 423: "Locked",
    424: "Failed Dependency", 425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required",
    429: "Too Many Requests", 431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates",
    507: "Insufficient Storage", 508: "Loop Detected", 510: "Not Extended", 511: "Network Authentication Required",
}  # fmt: skip


def status_label(status: str) -> str:
    """A response key as the pages show it, made from what it matched, never copied: ``200: OK``,
    ``480`` (a code without a standard phrase), ``4XX`` (a range), ``default``. OpenAPI allows no
    other key; one that slips through keeps only its letters and digits."""
    key = str(status).strip()
    if re.fullmatch(r"[1-5][0-9]{2}", key):
        phrase = REASON_PHRASES.get(int(key))
        return f"{int(key)}: {phrase}" if phrase else str(int(key))
    if re.fullmatch(r"[1-5][xX]{2}", key):
        return f"{key[0]}XX"
    words_only = " ".join(re.findall(r"[A-Za-z0-9]+", key))
    return words_only.lower() if words_only.lower() == "default" else words_only or "response"


def _json_block(value: Any) -> tuple[Code, Code | None]:
    if value is None:
        return Code("```"), None
    text = json_literal(value, indent=2)
    return fence_for(text), Code(text)


def _table(api: Api, endpoint: Endpoint) -> tuple[Code, ...]:
    rows = [
        [md_cell_code(p.name), f"type: {_json_type(api, p.type)}", md_cell(p.description or "")]
        for p in endpoint.parameters
    ]
    if not rows:
        return ()
    widths = [len(cell) for cell in rows[0]]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(rows[0], widths, strict=True)) + " |"]
    lines.append("| " + " | ".join("-" * width for width in widths) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return tuple(Code(line) for line in lines)


def _json_type(api: Api, expr: TypeExpr) -> str:
    """The JSON type a parameters table shows (``type: string``): an enum is its values' type, a
    union of one JSON type is that type, one of several lists them."""
    if isinstance(expr, Nullable):
        return _json_type(api, expr.inner)
    if isinstance(expr, Primitive):
        return expr.kind
    if isinstance(expr, ListOf):
        return f"array of {_json_type(api, expr.item)}s"
    if isinstance(expr, Constant):
        return _json_type(api, expr.of)
    named = api.types.get(expr.name) if isinstance(expr, Named) else None
    if isinstance(named, EnumType):
        return str(named.kind)
    if isinstance(expr, AnyOf):
        return " or ".join(dict.fromkeys(_json_type(api, option) for option in expr.options))
    if isinstance(expr, AnyValue):
        return "any"
    return "object"


def html_file(markdown_file: str) -> str:
    """The HTML page of a Markdown page: a folder's ``README.md`` becomes its ``index.html`` (and
    ``xREADME.md`` stays ``xREADME.html``: it must not meet the page of an endpoint named ``xindex``)."""
    folder, _, name = markdown_file.rpartition("/")
    page = "index.html" if name == "README.md" else name.removesuffix(".md") + ".html"
    return f"{folder}/{page}" if folder else page
