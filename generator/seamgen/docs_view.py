"""The docs' view of the model: what each GitBook page shows, computed once.

Pages follow the seed pages: the object page (properties of the flat object, enum values,
events, endpoints) and one page per endpoint (swagger block, code samples, parameters table,
response). Values that mix spec text into Markdown structure (table rows, JSON bodies, code
samples) are escaped here and returned as ``Code``; prose stays ``SpecText`` for the ``md`` filter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from seamgen.filters import md_cell, md_code, py_str
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
    Resource,
    TypeExpr,
    UnionType,
)  # fmt: skip
from seamgen.python_names import field_name
from seamgen.text import Code, Identifier, SpecText, words

RESPONSE_NOTE = (
    "This section shows the JSON response returned by the API. Since each language encapsulates this response "
    "inside objects specific to that language and/or implementation, the actual type in your language might "
    "differ from what's written here."
)


@dataclass(frozen=True)
class DocProperty:
    name: SpecText
    label: str
    description: SpecText | None
    enum_values: tuple[SpecText, ...]
    constant: SpecText | None


@dataclass(frozen=True)
class DocEvent:
    name: SpecText
    description: SpecText | None
    properties: tuple[DocProperty, ...]


@dataclass(frozen=True)
class DocLink:
    path: SpecText
    url: SpecText
    description: SpecText | None


@dataclass(frozen=True)
class ObjectPage:
    file: str
    title: SpecText
    object_name: SpecText
    description: SpecText | None
    properties: tuple[DocProperty, ...]
    events: tuple[DocEvent, ...]
    endpoints: tuple[DocLink, ...]


@dataclass(frozen=True)
class SwaggerParam:
    location: str
    name: SpecText
    required: bool
    description: SpecText


@dataclass(frozen=True)
class SwaggerResponse:
    status: str
    description: SpecText
    fence: Code
    body: Code | None


@dataclass(frozen=True)
class CodeSample:
    label: SpecText
    language: Identifier
    fence: Code
    code: Code
    """The call and, as comments, what it prints."""


@dataclass(frozen=True)
class EndpointPage:
    file: str
    title: SpecText
    page_description: SpecText | None
    method: str
    path: SpecText
    base_url: SpecText
    summary: SpecText
    description: SpecText | None
    params: tuple[SwaggerParam, ...]
    responses: tuple[SwaggerResponse, ...]
    samples: tuple[CodeSample, ...]
    table: tuple[Code, ...]
    """The parameters table's lines, padded as the seed pads them."""
    response_fence: Code
    response_json: Code | None


@dataclass(frozen=True)
class Docs:
    objects: tuple[ObjectPage, ...]
    endpoints: tuple[EndpointPage, ...]
    note: str


def docs(api: Api) -> Docs:
    """Every page of ``api``'s docs."""
    objects = tuple(_object_page(api, resource) for resource in api.resources)
    endpoints = tuple(_endpoint_page(api, endpoint) for endpoint in api.endpoints)
    return Docs(objects, endpoints, RESPONSE_NOTE)


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


def _property(api: Api, prop: Property) -> DocProperty:
    target = prop.type.inner if isinstance(prop.type, Nullable) else prop.type
    enum = api.types.get(target.name) if isinstance(target, Named) else None
    values = tuple(SpecText(str(v.value)) for v in enum.values) if isinstance(enum, EnumType) else ()
    constant = SpecText(str(target.value)) if isinstance(target, Constant) else None
    return DocProperty(prop.name, label(api, prop.type), prop.description, values, constant)


def _properties(api: Api, expr: TypeExpr | None) -> tuple[Property, ...]:
    found = api.types.get(expr.name) if isinstance(expr, Named) else None
    if isinstance(found, UnionType):
        return found.flat
    return found.properties if isinstance(found, ObjectType) else ()


def _object_page(api: Api, resource: Resource) -> ObjectPage:
    found = api.types.get(resource.object_type.name) if resource.object_type else None
    events = tuple(
        DocEvent(e.name, e.description, tuple(_property(api, p) for p in _properties(api, e.type)))
        for e in resource.events
    )
    return ObjectPage(
        file=f"api/{resource.name}/README.md",
        title=SpecText(" ".join(w.capitalize() for w in words(resource.name))),
        object_name=resource.object_name or SpecText(resource.name),
        description=(found.description if found else None) or resource.description,
        properties=tuple(_property(api, p) for p in _properties(api, resource.object_type)),
        events=events,
        endpoints=tuple(DocLink(e.path, _url(api, e), e.description) for e in resource.endpoints),
    )


def _url(api: Api, endpoint: Endpoint) -> SpecText:
    return SpecText(f"{api.docs_base_url or ''}/api{endpoint.path}")


def _endpoint_page(api: Api, endpoint: Endpoint) -> EndpointPage:
    bearer = next((a for a in api.auth if a.scheme and a.scheme.lower() == "bearer"), None)
    params = [
        SwaggerParam(
            "query" if "GET" in endpoint.methods else p.location, p.name, p.required, p.description or SpecText("")
        )
        for p in endpoint.parameters
    ]
    if bearer is not None:
        params.append(
            SwaggerParam(
                "header", SpecText("Authorization"), True, SpecText(f"Bearer <{bearer.bearer_format or 'TOKEN'}>")
            )
        )
    responses = tuple(
        SwaggerResponse(_status(r.status), r.description, *_json_block(r.example)) for r in endpoint.responses
    )
    success = next((r for r in endpoint.responses if r.status.startswith("2")), None)
    fence, body = _json_block(success.example if success else None)
    return EndpointPage(
        file=f"api/{endpoint.path.strip('/')}.md",
        title=endpoint.title or endpoint.summary or SpecText(endpoint.path),
        page_description=endpoint.page_description,
        method=("GET" if "GET" in endpoint.methods else endpoint.methods[0]).lower(),
        path=endpoint.path,
        base_url=api.servers[0].url if api.servers else SpecText(""),
        summary=endpoint.summary or endpoint.title or SpecText(endpoint.path),
        description=endpoint.description,
        params=tuple(params),
        responses=responses,
        samples=tuple(_samples(api, endpoint, success.example if success else None)),
        table=_table(api, endpoint),
        response_fence=fence,
        response_json=body,
    )


def _status(status: str) -> str:
    try:
        return f"{status}: {HTTPStatus(int(status)).phrase}"
    except ValueError:
        return status


def fence_for(text: str) -> Code:
    """A code fence longer than any backtick run in ``text``, so the text cannot close it."""
    return Code("`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1))


def _json_block(value: Any) -> tuple[Code, Code | None]:
    if value is None:
        return Code("```"), None
    # GitBook reads {% %} tags even inside code blocks; in a JSON string, \\u0025 is the same "%".
    text = json.dumps(value, indent=2, ensure_ascii=False).replace("{%", "{\\u0025").replace("{{", "{\\u007b")
    return fence_for(text), Code(text)


def _table(api: Api, endpoint: Endpoint) -> tuple[Code, ...]:
    rows = [[md_code(p.name), f"type: {_json_type(p.type)}", md_cell(p.description or "")] for p in endpoint.parameters]
    if not rows:
        return ()
    widths = [len(cell) for cell in rows[0]]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(rows[0], widths, strict=True)) + " |"]
    lines.append("| " + " | ".join("-" * width for width in widths) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return tuple(Code(line) for line in lines)


def _json_type(expr: TypeExpr) -> str:
    if isinstance(expr, Nullable):
        return _json_type(expr.inner)
    if isinstance(expr, Primitive):
        return expr.kind
    if isinstance(expr, ListOf):
        return f"array of {_json_type(expr.item)}s"
    if isinstance(expr, Constant):
        return _json_type(expr.of)
    return "object"


# Code samples: the call with the examples' values, and the output each language prints.
def _samples(api: Api, endpoint: Endpoint, example: Any) -> list[CodeSample]:
    args: dict[str, Any] = {str(p.name): p.example for p in endpoint.parameters if p.example is not None}
    result = example.get(str(endpoint.response_key)) if isinstance(example, dict) and endpoint.response_key else example
    renderers = {"python": _python_sample, "javascript": _javascript_sample, "ruby": _ruby_sample}
    samples = []
    for language in api.code_samples:
        render = renderers.get(str(language.language))
        if render is not None:
            code = render(api, endpoint, args, result)
            samples.append(CodeSample(language.label, language.language, fence_for(code), Code(code)))
    return samples


def _commented(prefix: str, lines: list[str]) -> str:
    return "\n".join(f"{prefix} {line}".rstrip() for line in lines)


def _python_sample(api: Api, endpoint: Endpoint, args: dict[str, Any], result: Any) -> str:
    call = (
        f"seam.{'.'.join(endpoint.group)}.{endpoint.name}(" + ", ".join(f"{k}={_py(v)}" for k, v in args.items()) + ")"
    )
    return call + "\n\n" + _commented("#", _python_output(api, endpoint.returns, result))


def _py(value: Any) -> str:
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_py, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _python_output(api: Api, expr: TypeExpr | None, value: Any) -> list[str]:
    """What ``print(repr(result))`` shows, one top-level field or item per line (as the seed does)."""
    if isinstance(value, list) and isinstance(expr, ListOf):
        items = [_python_repr(api, expr.item, item) for item in value]
        return ["[", *(f"  {item}," for item in items[:-1]), *(f"  {item}" for item in items[-1:]), "]"]
    return _split_call(_python_repr(api, expr, value))


def _split_call(text: str) -> list[str]:
    match = re.fullmatch(r"(\w+)\((.*)\)", text, re.S)
    if not match or not match.group(2):
        return [text]
    parts = _top_level_parts(match.group(2))
    return [f"{match.group(1)}(", *(f"  {part}," for part in parts[:-1]), f"  {parts[-1]}", ")"]


def _top_level_parts(text: str) -> list[str]:
    parts, depth, current, quote = [], 0, "", ""
    for index, char in enumerate(text):
        if quote:
            current += char
            if char == quote and text[index - 1] != "\\":
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    return [*parts, current.strip()] if current.strip() else parts


def _python_repr(api: Api, expr: TypeExpr | None, value: Any) -> str:
    """The repr the generated pydantic models give ``value`` parsed as ``expr``."""
    if isinstance(expr, Nullable):
        return "None" if value is None else _python_repr(api, expr.inner, value)
    found = api.types.get(expr.name) if isinstance(expr, Named) else None
    if isinstance(found, UnionType) and isinstance(value, dict):
        tag = tuple(value.get(str(p)) for p in found.discriminator)
        variant = next((v.type for v in found.variants if v.tag == tag), None)
        return _python_repr(api, variant, value) if variant else repr(value)
    if isinstance(found, ObjectType) and isinstance(value, dict):
        taken: set[str] = set()
        fields = [
            f"{field_name(p.ident, taken)}={_python_repr(api, p.type, value[p.name])}"
            for p in found.properties
            if p.name in value
        ]
        extras = [f"{k}={_py(v)}" for k, v in value.items() if k not in {p.name for p in found.properties}]
        return f"{found.name}({', '.join(fields + extras)})"
    if isinstance(expr, ListOf) and isinstance(value, list):
        return "[" + ", ".join(_python_repr(api, expr.item, v) for v in value) + "]"
    return repr(value)


def _camel(name: str) -> str:
    parts = words(name)
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:]) if parts else name


def _javascript_sample(api: Api, endpoint: Endpoint, args: dict[str, Any], result: Any) -> str:
    target = ".".join(_camel(part) for part in (*endpoint.group, endpoint.name))
    fields = "".join(f"  {k}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in args.items())
    call = f"await seam.{target}({{\n{fields}}});" if args else f"await seam.{target}();"
    return call + "\n\n" + _commented("//", _js(result, 0).splitlines())


def _js(value: Any, depth: int) -> str:
    """``value`` as Node's ``console.log`` prints it: single quotes, bare keys, two-space indents."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = [k if re.fullmatch(r"[A-Za-z_$][\w$]*", k) else _js(k, 0) for k in value]
        body = ",\n".join(f"{inner}{k}: {_js(v, depth + 1)}" for k, v in zip(keys, value.values(), strict=True))
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, list):
        return "[]" if not value else "[\n" + ",\n".join(inner + _js(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, str):
        return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    return "null" if value is None else json.dumps(value)


def _ruby_sample(api: Api, endpoint: Endpoint, args: dict[str, Any], result: Any) -> str:
    call = (
        f"seam.{'.'.join(endpoint.group)}.{endpoint.name}("
        + ", ".join(f"{k}: {_rb(v, 0)}" for k, v in args.items())
        + ")"
    )
    return call + "\n\n" + _commented("#", _rb(result, 0).splitlines())


def _rb(value: Any, depth: int) -> str:
    """``value`` as Ruby's ``pp`` prints the Hash the SDK returns."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(
            f"{inner}{json.dumps(k, ensure_ascii=False)} => {_rb(v, depth + 1)}" for k, v in value.items()
        )
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, list):
        return "[]" if not value else "[\n" + ",\n".join(inner + _rb(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("#{", "\\#{")
    return "nil" if value is None else json.dumps(value)


# The HTML site: the same pages, plus navigation and relative links between them.
@dataclass(frozen=True)
class NavItem:
    label: SpecText
    href: str
    """Relative to the site's root."""
    children: tuple[NavItem, ...] = ()


def html_file(markdown_file: str) -> str:
    """The HTML page of a Markdown page: ``README.md`` becomes ``index.html``."""
    return re.sub(r"README\.md$", "index.html", markdown_file).removesuffix(".md") + (
        "" if markdown_file.endswith("README.md") else ".html"
    )


def _tree(pages: Docs) -> tuple[tuple[ObjectPage, tuple[EndpointPage, ...]], ...]:
    """Each resource page with its endpoints' pages, in the order the object page lists them;
    a file already placed is not placed again (GitBook refuses a SUMMARY that lists a file twice)."""
    by_path = {str(page.path): page for page in pages.endpoints}
    placed = {page.file for page in pages.objects}
    tree = []
    for page in pages.objects:
        children = []
        for link in page.endpoints:
            endpoint = by_path.get(str(link.path))
            if endpoint is not None and endpoint.file not in placed:
                placed.add(endpoint.file)
                children.append(endpoint)
        tree.append((page, tuple(children)))
    return tuple(tree)


def navigation(pages: Docs) -> tuple[NavItem, ...]:
    """One entry per resource page, with its endpoints' pages under it."""
    return tuple(
        NavItem(page.title, html_file(page.file), tuple(NavItem(e.path, html_file(e.file)) for e in endpoints))
        for page, endpoints in _tree(pages)
    )


# GitBook's Git Sync: SUMMARY.md (the table of contents) and README.md (the first page).
INDEX_FILE = "README.md"
SUMMARY_FILE = "SUMMARY.md"


@dataclass(frozen=True)
class TocEntry:
    """A page in SUMMARY.md and on the index page."""

    title: SpecText
    """The page's own title (its ``#`` heading), as GitBook expects of a SUMMARY link."""
    file: SpecText
    """The Markdown file, relative to the docs root. Made from spec paths, so only a filter
    (``md_path``) may print it."""
    path: SpecText | None = None
    """The endpoint's path, for the index page."""
    description: SpecText | None = None
    children: tuple[TocEntry, ...] = ()


def table_of_contents(api: Api, pages: Docs) -> tuple[TocEntry, ...]:
    """The index page, then each resource page with its endpoints' pages under it, in the order of
    the HTML navigation: every Markdown page once."""
    title = api.title if api.title.strip() else SpecText("Overview")
    resources = (
        TocEntry(
            page.title,
            SpecText(page.file),
            description=page.description,
            children=tuple(TocEntry(e.title, SpecText(e.file), e.path) for e in endpoints),
        )
        for page, endpoints in _tree(pages)
    )
    return (TocEntry(title, SpecText(INDEX_FILE), description=api.description), *resources)


def root_of(file: str) -> str:
    """The relative path from ``file`` back to the site's root (``../../`` for ``api/x/y.html``)."""
    return "../" * file.count("/")
