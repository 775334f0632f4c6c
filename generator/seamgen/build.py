"""Build the intermediate model (``ir.Api``) from a validated spec.

Everything a later output needs is decided here, once: client method names and groups,
which HTTP methods serve an endpoint, what it returns, which errors it documents, which
events exist. Templates never look at the raw spec.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

from seamgen.identity import identity
from seamgen.ir import (
    Access,
    AnyOf,
    Api,
    ApiErrorType,
    AuthScheme,
    Body,
    CodeSampleLanguage,
    Constant,
    Endpoint,
    Event,
    Example,
    Header,
    Named,
    ObjectType,
    Parameter,
    Resource,
    Response,
    Server,
    Style,
    StyleName,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.loader import Spec
from seamgen.media import json_media, request_media
from seamgen.operation_names import ClientName, client_names
from seamgen.pagination import cursor_settings, pagination
from seamgen.pointers import Resolver, as_dict
from seamgen.schemas import MergedObject, merge_object
from seamgen.text import Identifier, SpecText, pascal, snake, unique
from seamgen.types import TypeBuilder, access_of, default_of, narrowed, spec_text
from seamgen.walk import Operation, operations

DEFAULT_RESOURCE = Identifier("api")
"""The docs' resource of the operations that are methods of the client itself."""


def build(spec: Spec, package: str | None = None) -> Api:
    """The model of ``spec``; ``package`` overrides the Python import name it asks for."""
    doc = spec.document
    resolver = Resolver(doc)
    types = TypeBuilder(resolver)
    schemas = as_dict(doc.get("components")).get("schemas") or {}
    components = {str(name): types.component(name) for name in schemas}
    settings = doc.get("x-seamgen") or {}
    info = doc.get("info") or {}
    endpoints = tuple(_endpoints(doc, resolver, types))
    events = tuple(_events(doc, resolver, types))
    union_ref = settings.get("events")
    event_union = types.type_of(union_ref, "Event") if isinstance(union_ref, dict) else None
    ident = identity(doc, package)
    return Api(
        title=SpecText(str(info.get("title", ""))),
        version=SpecText(str(info.get("version", ""))),
        summary=spec_text(info.get("summary")),
        description=spec_text(info.get("description")),
        package=ident.package,
        distribution=ident.distribution,
        package_version=ident.version,
        client=ident.client,
        env_prefix=ident.env_prefix,
        servers=tuple(
            Server(SpecText(str(s.get("url"))), spec_text(s.get("description"))) for s in doc.get("servers") or []
        ),
        auth=tuple(_auth(doc)),
        types=types.types,
        resources=tuple(_resources(doc, types, endpoints, events)),
        endpoints=endpoints,
        errors=tuple(_errors(endpoints, types)),
        events=events,
        event_union=event_union if isinstance(event_union, Named) else None,
        code_samples=tuple(
            CodeSampleLanguage(snake(str(sample["language"])), SpecText(str(sample["label"])))
            for sample in (settings.get("docs") or {}).get("code-samples") or []
        ),
        docs_base_url=spec_text(str((settings.get("docs") or {}).get("base-url") or "").rstrip("/")),
        security=_security(doc.get("security")),
        components=components,
    )


def _auth(doc: dict[str, Any]) -> Iterable[AuthScheme]:
    """The security schemes, those of the top-level ``security`` requirements first, in their order."""
    schemes = as_dict((doc.get("components") or {}).get("securitySchemes"))
    required = [name for item in doc.get("security") or [] if isinstance(item, dict) for name in item]
    for name in dict.fromkeys([*(n for n in required if n in schemes), *schemes]):
        scheme = as_dict(schemes[name])
        yield AuthScheme(
            SpecText(name),
            SpecText(str(scheme.get("type", ""))),
            spec_text(scheme.get("scheme")),
            spec_text(scheme.get("bearerFormat")),
            spec_text(scheme.get("description")),
            spec_text(scheme.get("in")),
            spec_text(scheme.get("name")),
        )


def _endpoints(doc: dict[str, Any], resolver: Resolver, types: TypeBuilder) -> Iterable[Endpoint]:
    """One endpoint per client name: the operations on one path that share it are one method."""
    names = client_names(doc).names
    grouped: dict[ClientName, list[Operation]] = {}
    for op in operations(doc):
        if op.section == "paths":
            grouped.setdefault(names[op.path], []).append(op)
    for name, ops in grouped.items():
        yield _endpoint(name.group, name.method, ops, doc, resolver, types)


def _endpoint(
    group: tuple[Identifier, ...],
    name: Identifier,
    ops: list[Operation],
    doc: dict[str, Any],
    resolver: Resolver,
    types: TypeBuilder,
) -> Endpoint:
    first = ops[0].spec
    hint = pascal("_".join((*group, name)))
    responses = _responses(ops, resolver, types, hint)
    key = first.get("x-response-key")  # only where the spec says so: a one-property body is no envelope
    methods = tuple(op.method.upper() for op in ops)
    parameters, body = _request(ops, doc, resolver, types, hint)
    read_only = all(op.method == "get" or op.spec.get("x-read-only") is True for op in ops)
    idempotent = read_only or all(
        op.method in ("get", "put", "delete") or op.spec.get("x-idempotent") is True for op in ops
    )
    returns = _returns(responses, key, types)
    success = _success(responses)
    pages = pagination(cursor_settings(doc), parameters, success.type if success else None, returns, types.types)
    return Endpoint(
        path=SpecText(ops[0].route),
        group=group,
        name=name,
        methods=methods,  # type: ignore[arg-type]
        summary=spec_text(first.get("summary")),
        description=spec_text(first.get("description")),
        title=spec_text(first.get("x-title")),
        page_description=spec_text(first.get("x-page-description")),
        parameters=parameters,
        body=body,
        responses=responses,
        response_key=spec_text(key),
        returns=returns,
        read_only=read_only,
        idempotent=idempotent,
        raw_response=_raw_response(ops, resolver),
        pagination=pages,
        security=_security(first.get("security")),
    )


def _security(requirements: Any) -> tuple[tuple[SpecText, ...], ...] | None:
    """A ``security`` list as alternatives of scheme names (an empty list: one that needs none); None
    where there is none."""
    if not isinstance(requirements, list):
        return None
    found = tuple(tuple(SpecText(str(name)) for name in item) for item in requirements if isinstance(item, dict))
    return found or ((),)


def _request(
    ops: list[Operation], doc: dict[str, Any], resolver: Resolver, types: TypeBuilder, hint: str
) -> tuple[tuple[Parameter, ...], Body | None]:
    """The parameters of every operation (a name once per place: path, header, cookie, or query and
    body, which a merged GET and POST share, unless one operation has both), and the body (the
    first operation's that has one)."""
    params: dict[tuple[str, str], Parameter] = {}
    idents: set[str] = set()
    body_of: Body | None = None
    for op in ops:
        path_item = doc[op.section][op.route]
        queried: set[str] = set()  # this operation's query parameters: its body may hold the same names
        for raw in [*(path_item.get("parameters") or []), *(op.spec.get("parameters") or [])]:
            param, _ = resolver.deref(raw)
            if not isinstance(param, dict) or not isinstance(param.get("name"), str) or _ignored(param):
                continue
            location = param.get("in", "query")
            if location == "query":
                queried.add(param["name"])
            key = (_place(location), param["name"])
            if key not in params:
                params[key] = Parameter(
                    SpecText(param["name"]),
                    unique(snake(param["name"], "param"), idents),
                    location,
                    types.type_of(param.get("schema"), f"{hint}{pascal(param['name'])}"),
                    bool(param.get("required")) or location == "path",
                    spec_text(param.get("description") or _schema_description(param.get("schema"), resolver)),
                    param.get("example"),
                    None if location == "path" else _style(param, _DEFAULT_STYLES.get(location, "form")),
                    default=default_of([as_dict(resolver.deref(param.get("schema"))[0])]),
                )
        body, _ = resolver.deref(op.spec.get("requestBody"))
        sent = request_media(as_dict(body).get("content"))
        if sent is None:
            continue
        kind, media = sent
        example = as_dict(media.get("example"))
        variants = _variants(media.get("schema"), types, hint) if kind == "json" else ()
        properties = None if variants else _body_properties(media.get("schema"), resolver, types, hint)
        body_of = body_of or Body(
            AnyOf(variants) if variants else None if properties is not None
            else types.type_of(media.get("schema"), f"{hint}Body"),
            as_dict(body).get("required") is True,
            spec_text(as_dict(body).get("description")),
            kind,
            variants,
            _examples(media, resolver),
        )  # fmt: skip
        encoding = as_dict(media.get("encoding"))
        for prop, prop_type, required, description, access, default in properties or []:
            # A merged GET's query parameter is its POST's body property; one operation's are two.
            key = ("body", prop) if prop in queried else ("payload", prop)
            if key not in params:
                ident = unique(snake(f"{prop}_body" if prop in queried else prop, "param"), idents)
                style = _style(as_dict(encoding.get(prop)), "form") if kind == "form" else None
                params[key] = Parameter(
                    SpecText(prop), ident, "body", prop_type, required, spec_text(description), example.get(prop),
                    style, access, default,
                )  # fmt: skip
    return tuple(params.values()), body_of


def _schema_description(schema: Any, resolver: Resolver) -> Any:
    """A parameter's schema's description: Spotify's and others' parameters say what they are there."""
    return as_dict(resolver.deref(schema)[0]).get("description")


_DEFAULT_STYLES: dict[str, StyleName] = {"query": "form", "cookie": "form", "header": "simple"}
_STYLES: tuple[StyleName, ...] = ("form", "simple", "spaceDelimited", "pipeDelimited", "deepObject")


def _style(spec: dict[str, Any], default: StyleName) -> Style:
    """OpenAPI's ``style`` (a style this client does not know is ``default``; lint warns) and
    ``explode``, which defaults to true for ``form`` alone."""
    found = spec.get("style")
    name = next((style for style in _STYLES if style == found), default)
    explode = spec.get("explode")
    return Style(name, explode if isinstance(explode, bool) else name == "form")


def _variants(schema: Any, types: TypeBuilder, hint: str) -> tuple[Named, ...]:
    """The models of a body that is a ``oneOf``/``anyOf`` of objects; empty for any other body."""
    if not isinstance(schema, dict) or not (schema.get("oneOf") or schema.get("anyOf") or "$ref" in schema):
        return ()
    found = types.type_of(schema, f"{hint}Body")
    union = types.types.get(found.name) if isinstance(found, Named) else None
    options: list[TypeExpr] = [v.type for v in union.variants] if isinstance(union, UnionType) else []
    options = list(found.options) if isinstance(found, AnyOf) else options
    models = [o for o in options if isinstance(o, Named) and isinstance(types.types.get(o.name), ObjectType)]
    return tuple(models) if models and len(models) == len(options) else ()


def _ignored(param: dict[str, Any]) -> bool:
    """The headers OpenAPI says to ignore: the client sets them itself."""
    location, name = param.get("in"), str(param.get("name")).lower()
    return location == "header" and name in ("accept", "content-type", "authorization")


def _place(location: str) -> str:
    return "payload" if location in ("query", "body") else location


class _BodyProperty(NamedTuple):
    name: str
    type: TypeExpr
    required: bool
    description: Any
    access: Access
    default: Any


def _body_properties(schema: Any, resolver: Resolver, types: TypeBuilder, hint: str) -> list[_BodyProperty] | None:
    """A JSON body's properties: an object's (``allOf`` merged) or, for a ``oneOf``/``anyOf`` of
    objects, every variant's, required where all require it, as Seam's SDKs take them; described as
    the first variant that has it says. None for a body that is not objects (an array, a map, a scalar)."""
    resolved = as_dict(resolver.deref(schema)[0])
    variants = [merge_object(schema, resolver)]
    if not variants[0].properties and not _is_plain_object(resolved):
        options = resolved.get("oneOf") or resolved.get("anyOf") or []
        variants = [merge_object(option, resolver) for option in options if isinstance(option, dict)]
        if not variants or not all(v.properties for v in variants):
            return None
    found: dict[str, list[TypeExpr]] = {}
    first: dict[str, list[Any]] = {}  # each property's parts in the first variant that has it
    for variant in variants:
        for prop, parts in variant.properties.items():
            kind = narrowed([types.type_of(p, f"{hint}{pascal(prop)}") for p in parts])
            if kind not in found.setdefault(prop, []):
                found[prop].append(kind)
            first.setdefault(prop, parts)
    properties = []
    for prop, kinds in found.items():
        schemas = [as_dict(resolver.deref(part)[0]) for part in first[prop]]
        kind = kinds[0] if len(kinds) == 1 else AnyOf(tuple(kinds))
        described = _description(first[prop], resolver)
        required = _required(prop, variants)
        properties.append(_BodyProperty(prop, kind, required, described, access_of(schemas), default_of(schemas)))
    return properties


def _is_plain_object(schema: dict[str, Any]) -> bool:
    """An object schema without properties or a value type: an empty body."""
    return schema.get("type") == "object" and schema.get("additionalProperties") in (None, False)


def _required(prop: str, variants: list[MergedObject]) -> bool:
    return all(prop in variant.required for variant in variants)


def _description(parts: list[Any], resolver: Resolver) -> Any:
    described = [as_dict(resolver.deref(p)[0]).get("description") for p in parts]
    return next((text for text in reversed(described) if text), None)


def _responses(ops: list[Operation], resolver: Resolver, types: TypeBuilder, hint: str) -> tuple[Response, ...]:
    found: dict[str, Response] = {}
    for op in ops:
        for status, raw in (op.spec.get("responses") or {}).items():
            if str(status) in found:
                continue
            response, _ = resolver.deref(raw)
            media = json_media(as_dict(response).get("content")) or {}
            examples = _examples(media, resolver)
            example = examples[0].value if examples else None
            body = types.type_of(media["schema"], f"{hint}Response{status}") if "schema" in media else None
            found[str(status)] = Response(
                SpecText(str(status)),
                SpecText(str((response or {}).get("description") or "")),
                body,
                example,
                _error_codes(str(status), body, example, types),
                examples,
                _headers(as_dict(response).get("headers"), resolver, types, f"{hint}Response{status}"),
            )
    return tuple(found[status] for status in sorted(found))


def _headers(headers: Any, resolver: Resolver, types: TypeBuilder, hint: str) -> tuple[Header, ...]:
    """The headers a response documents, ``Content-Type`` aside (OpenAPI says to ignore it)."""
    found = []
    for name, raw in as_dict(headers).items():
        header = as_dict(resolver.deref(raw)[0])
        if str(name).lower() == "content-type":
            continue
        kind = types.type_of(header.get("schema"), f"{hint}{pascal(str(name))}Header")
        description = header.get("description") or _schema_description(header.get("schema"), resolver)
        found.append(Header(SpecText(str(name)), kind, header.get("required") is True, spec_text(description)))
    return tuple(found)


def _examples(media: dict[str, Any], resolver: Resolver) -> tuple[Example, ...]:
    """A media type's ``example``, else each of its named ``examples`` that holds a value (one that
    only points at an ``externalValue`` has nothing to show)."""
    if media.get("example") is not None:
        return (Example(SpecText(""), None, media["example"]),)
    found = []
    for name, raw in as_dict(media.get("examples")).items():
        example = as_dict(resolver.deref(raw)[0])
        if example.get("value") is not None:
            found.append(Example(SpecText(str(name)), spec_text(example.get("summary")), example["value"]))
    return tuple(found)


def _raw_response(ops: list[Operation], resolver: Resolver) -> Literal["text", "bytes"] | None:
    """``text`` when the success bodies are ``text/*``, ``bytes`` for other media types; None when
    one is JSON or there are none."""
    found: list[str] = []
    for op in ops:
        for status, raw in as_dict(op.spec.get("responses")).items():
            content = as_dict(as_dict(resolver.deref(raw)[0]).get("content"))
            if str(status).startswith("2") and json_media(content) is not None:
                return None
            found += [str(key) for key in content] if str(status).startswith("2") else []
    if not found:
        return None
    return "text" if all(key.lower().startswith("text/") for key in found) else "bytes"


def _error_codes(status: str, body: TypeExpr | None, example: Any, types: TypeBuilder) -> tuple[SpecText, ...]:
    if status[:1] not in ("4", "5"):
        return ()
    error = example.get("error") if isinstance(example, dict) else None
    if isinstance(error, dict) and isinstance(error.get("type"), str):
        return (SpecText(error["type"]),)
    return tuple(SpecText(str(code)) for code, _ in _error_variants(body, types))


def _error_variants(body: TypeExpr | None, types: TypeBuilder) -> Iterable[tuple[Any, Named]]:
    """The ``(type, schema)`` pairs an error envelope's ``error`` property can hold."""
    envelope = types.types.get(body.name) if isinstance(body, Named) else None
    if not isinstance(envelope, ObjectType):
        return
    error = next((p.type for p in envelope.properties if p.name == "error"), None)
    target = types.types.get(error.name) if isinstance(error, Named) else None
    if isinstance(target, UnionType):
        for variant in target.variants:
            yield variant.tag[0], variant.type
    elif isinstance(target, ObjectType) and isinstance(error, Named):
        code = next((p.type for p in target.properties if p.name == "type"), None)
        if isinstance(code, Constant):
            yield code.value, error


def _success(responses: tuple[Response, ...]) -> Response | None:
    """The first success response with a JSON body; the ``default`` one where no success status is documented."""
    statuses = [r for r in responses if r.status.startswith("2")] or [r for r in responses if r.status == "default"]
    return next((r for r in statuses if r.type is not None), None)


def _success_model(responses: tuple[Response, ...], types: TypeBuilder) -> ObjectType | None:
    success = _success(responses)
    model = types.types.get(success.type.name) if success and isinstance(success.type, Named) else None
    return model if isinstance(model, ObjectType) else None


def _returns(responses: tuple[Response, ...], key: str | None, types: TypeBuilder) -> TypeExpr | None:
    """What the client returns: the success body, or its property ``key``."""
    success = _success(responses)
    if success is None or key is None:
        return success.type if success else None
    model = _success_model(responses, types)
    return next((p.type for p in model.properties if p.name == key), None) if model else None


def _errors(endpoints: tuple[Endpoint, ...], types: TypeBuilder) -> Iterable[ApiErrorType]:
    statuses: dict[str, list[str]] = {}
    schemas: dict[str, Named] = {}
    for endpoint in endpoints:
        for response in endpoint.responses:
            for code, named in _error_variants(response.type, types):
                schemas.setdefault(str(code), named)
            for code in response.error_codes:
                if response.status not in statuses.setdefault(code, []):
                    statuses[code].append(response.status)
    for code, named in schemas.items():
        model = types.types.get(named.name)
        yield ApiErrorType(
            SpecText(code),
            pascal(code),
            named,
            model.description if model else None,
            tuple(SpecText(s) for s in sorted(statuses.get(code, []))),
        )


def _events(doc: dict[str, Any], resolver: Resolver, types: TypeBuilder) -> Iterable[Event]:
    for op in operations(doc):
        if op.section != "webhooks":
            continue
        body, _ = resolver.deref(op.spec.get("requestBody"))
        media = json_media(as_dict(body).get("content")) or {}
        payload = types.type_of(media.get("schema"), f"{op.route}_event")
        model = types.types.get(payload.name) if isinstance(payload, Named) else None
        description = (model.description if model else None) or spec_text(op.spec.get("description"))
        yield Event(SpecText(op.route), payload, description)


def _resources(
    doc: dict[str, Any], types: TypeBuilder, endpoints: tuple[Endpoint, ...], events: tuple[Event, ...]
) -> Iterable[Resource]:
    tags = {str(t.get("name")): t for t in doc.get("tags") or [] if isinstance(t, dict)}
    by_resource = {
        str(schema.get("x-resource")): pascal(name)
        for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items()
        if isinstance(schema, dict) and schema.get("x-resource")
    }
    groups: dict[Identifier, list[Endpoint]] = {}
    for endpoint in endpoints:
        groups.setdefault(endpoint.group[0] if endpoint.group else DEFAULT_RESOURCE, []).append(endpoint)
    # A group is its tag's name as an identifier ("Payments" groups as "payments").
    by_group: dict[str, Any] = {**{snake(name, "api"): tag for name, tag in tags.items()}, **tags}
    for group, members in groups.items():
        tag = by_group.get(group, {})
        object_name = tag.get("x-resource")
        type_name = by_resource.get(str(object_name)) if object_name else None
        yield Resource(
            group,
            spec_text(tag.get("description")),
            spec_text(object_name),
            Named(type_name) if type_name in types.types else None,
            tuple(members),
            tuple(e for e in events if object_name and e.name.startswith(f"{object_name}.")),
        )
