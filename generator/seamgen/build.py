"""Build the intermediate model (``ir.Api``) from a validated spec.

Everything a later output needs is decided here, once: client method names and groups,
which HTTP methods serve an endpoint, what it returns, which errors it documents, which
events exist. Templates never look at the raw spec.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seamgen.ir import (
    Api,
    ApiErrorType,
    AuthScheme,
    CodeSampleLanguage,
    Constant,
    Endpoint,
    Event,
    Named,
    ObjectType,
    Parameter,
    Resource,
    Response,
    Server,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.loader import Spec
from seamgen.pointers import Resolver, as_dict
from seamgen.schemas import merge_object
from seamgen.text import Identifier, SpecText, is_python_identifier, pascal, snake, unique
from seamgen.types import TypeBuilder, narrowed, spec_text
from seamgen.walk import Operation, operations

JSON = "application/json"


def build(spec: Spec, package: str | None = None) -> Api:
    """The model of ``spec``; ``package`` overrides the Python import name it asks for."""
    doc = spec.document
    resolver = Resolver(doc)
    types = TypeBuilder(resolver)
    for name in (doc.get("components") or {}).get("schemas") or {}:
        types.component(name)
    settings = doc.get("x-seamgen") or {}
    info = doc.get("info") or {}
    endpoints = tuple(_endpoints(doc, resolver, types))
    events = tuple(_events(doc, resolver, types))
    union_ref = settings.get("events")
    event_union = types.type_of(union_ref, "Event") if isinstance(union_ref, dict) else None
    python = settings.get("python") or {}
    import_name = package or python.get("package") or snake(str(info.get("title") or "api"), "api")
    return Api(
        title=SpecText(str(info.get("title", ""))),
        version=SpecText(str(info.get("version", ""))),
        summary=spec_text(info.get("summary")),
        description=spec_text(info.get("description")),
        package=Identifier(import_name) if is_python_identifier(import_name) else snake(import_name, "api"),
        distribution=SpecText(str(python.get("distribution") or import_name.replace("_", "-"))),
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
    )


def _auth(doc: dict[str, Any]) -> Iterable[AuthScheme]:
    for name, scheme in ((doc.get("components") or {}).get("securitySchemes") or {}).items():
        yield AuthScheme(
            SpecText(name),
            SpecText(str(scheme.get("type", ""))),
            spec_text(scheme.get("scheme")),
            spec_text(scheme.get("bearerFormat")),
            spec_text(scheme.get("description")),
        )


def _group_and_name(op: Operation) -> tuple[tuple[Identifier, ...], Identifier]:
    """Client namespace and method name: Fern's extensions (as Seam uses them), else the path."""
    spec = op.spec
    group = spec.get("x-fern-sdk-group-name")
    if isinstance(group, str):
        group = [group]
    segments = [s for s in op.route.split("/") if s and not s.startswith("{")]
    if not group:
        tags = spec.get("tags") or []
        group = tags[:1] or segments[:-1] or ["api"]
    groups = tuple(snake(str(g), "api") for g in group)
    name = spec.get("x-fern-sdk-method-name")
    if not name:
        op_id = snake(str(spec.get("operationId") or f"{op.method}_{segments[-1] if segments else 'root'}"))
        prefix = "_".join(groups) + "_"
        name = op_id[len(prefix) :] if op_id.startswith(prefix) and len(op_id) > len(prefix) else op_id
    return groups, snake(str(name), "call")


def _endpoints(doc: dict[str, Any], resolver: Resolver, types: TypeBuilder) -> Iterable[Endpoint]:
    grouped: dict[tuple[tuple[Identifier, ...], Identifier], list[Operation]] = {}
    for op in operations(doc):
        if op.section == "paths":
            grouped.setdefault(_group_and_name(op), []).append(op)
    for (group, name), ops in grouped.items():
        yield _endpoint(group, name, ops, doc, resolver, types)


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
    key = first["x-response-key"] if "x-response-key" in first else _derived_response_key(responses, types)
    methods = tuple(op.method.upper() for op in ops)
    read_only = all(op.method == "get" or op.spec.get("x-read-only") is True for op in ops)
    idempotent = read_only or all(
        op.method in ("get", "put", "delete") or op.spec.get("x-idempotent") is True for op in ops
    )
    return Endpoint(
        path=SpecText(ops[0].route),
        group=group,
        name=name,
        methods=methods,  # type: ignore[arg-type]
        summary=spec_text(first.get("summary")),
        description=spec_text(first.get("description")),
        title=spec_text(first.get("x-title")),
        page_description=spec_text(first.get("x-page-description")),
        parameters=tuple(_parameters(ops, doc, resolver, types, hint)),
        responses=responses,
        response_key=spec_text(key),
        returns=_returns(responses, key, types),
        read_only=read_only,
        idempotent=idempotent,
    )


def _parameters(
    ops: list[Operation], doc: dict[str, Any], resolver: Resolver, types: TypeBuilder, hint: str
) -> Iterable[Parameter]:
    seen: set[str] = set()
    idents: set[str] = set()
    for op in ops:
        path_item = doc[op.section][op.route]
        for raw in [*(path_item.get("parameters") or []), *(op.spec.get("parameters") or [])]:
            param, _ = resolver.deref(raw)
            if not isinstance(param, dict) or param.get("name") in seen or param.get("in") == "cookie":
                continue
            seen.add(param["name"])
            yield Parameter(
                SpecText(param["name"]),
                unique(snake(param["name"], "param"), idents),
                param.get("in", "query"),
                types.type_of(param.get("schema"), f"{hint}{pascal(param['name'])}"),
                bool(param.get("required")),
                spec_text(param.get("description")),
                param.get("example"),
            )
        body, _ = resolver.deref(op.spec.get("requestBody"))
        media = ((body or {}).get("content") or {}).get(JSON) or {}
        schema = media.get("schema")
        merged = merge_object(schema, resolver)
        example = as_dict(media.get("example"))
        for prop, parts in merged.properties.items():
            if prop in seen:
                continue
            seen.add(prop)
            described = [as_dict(resolver.deref(p)[0]).get("description") for p in parts]
            description = next((text for text in reversed(described) if text), None)
            yield Parameter(
                SpecText(prop),
                unique(snake(prop, "param"), idents),
                "body",
                narrowed([types.type_of(p, f"{hint}{pascal(prop)}") for p in parts]),
                prop in merged.required,
                spec_text(description),
                example.get(prop),
            )


def _responses(ops: list[Operation], resolver: Resolver, types: TypeBuilder, hint: str) -> tuple[Response, ...]:
    found: dict[str, Response] = {}
    for op in ops:
        for status, raw in (op.spec.get("responses") or {}).items():
            if str(status) in found:
                continue
            response, _ = resolver.deref(raw)
            media = ((response or {}).get("content") or {}).get(JSON) or {}
            example = media.get("example")
            if example is None and isinstance(media.get("examples"), dict) and media["examples"]:
                example = (resolver.deref(next(iter(media["examples"].values())))[0] or {}).get("value")
            body = types.type_of(media["schema"], f"{hint}Response{status}") if "schema" in media else None
            found[str(status)] = Response(
                SpecText(str(status)),
                SpecText(str((response or {}).get("description") or "")),
                body,
                example,
                _error_codes(str(status), body, example, types),
            )
    return tuple(found[status] for status in sorted(found))


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


def _derived_response_key(responses: tuple[Response, ...], types: TypeBuilder) -> str | None:
    model = _success_model(responses, types)
    names = [p.name for p in model.properties if p.name != "ok"] if model else []
    return names[0] if len(names) == 1 else None


def _success_model(responses: tuple[Response, ...], types: TypeBuilder) -> ObjectType | None:
    success = next((r for r in responses if r.status.startswith("2")), None)
    model = types.types.get(success.type.name) if success and isinstance(success.type, Named) else None
    return model if isinstance(model, ObjectType) else None


def _returns(responses: tuple[Response, ...], key: str | None, types: TypeBuilder) -> TypeExpr | None:
    model = _success_model(responses, types)
    if model is None:
        return None
    if key is None:
        return Named(model.name)
    return next((p.type for p in model.properties if p.name == key), None)


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
        media = ((body or {}).get("content") or {}).get(JSON) or {}
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
        groups.setdefault(endpoint.group[0], []).append(endpoint)
    for group, members in groups.items():
        tag = tags.get(group, {})
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
