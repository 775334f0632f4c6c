"""The code of a client method: its parameters, the transport call that sends each one where the
spec puts it (path, query string, headers, cookies, body), and the ``Call`` options that say how
(the body's media type, the parameters' styles, a union body's models), laid out within ruff's
line length.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.filters import py_str
from seamgen.ir import Constant, Endpoint, ListOf, Nullable, Parameter, Primitive, Style, TypeExpr
from seamgen.python_names import LINE_LENGTH, Annotations, declaration, field_name
from seamgen.text import Code, Identifier, SpecText

# Where the transport puts a parameter: the ``call`` keyword arguments, in order. ``payload`` is the
# body's fields, or the query string of a GET (an endpoint serving GET and POST alike takes either).
PLACES = ("path", "query", "headers", "cookies", "payload")
# The style the transport spells a place's arrays and objects in unless told otherwise.
DEFAULT_STYLES = {"query": Style("form", True), "cookies": Style("form", True), "payload": Style("form", True)}
FILE = Code("FileContent")
"""The annotation of a file a multipart body uploads (bytes, a binary file object or a path)."""
# Names a method's body binds, which no parameter may take.
METHOD_LOCALS = frozenset({"self", "wait_for_action_attempt", "result", "attempt_id"})
_CALL_INDENT = len("        result = await ")


@dataclass(frozen=True)
class PyParam:
    name: Identifier
    wire: SpecText
    """The JSON name; empty for the argument that is the whole body."""
    place: str
    """One of ``PLACES``, or ``body`` for the whole body."""
    declaration: Code
    """``name: annotation``, `` = None`` when optional; lines after the first indented for a signature."""
    required: bool
    doc: SpecText
    nullable: bool = False
    """Optional, and ``null`` is a value it may take: it defaults to ``UNSET`` so that ``None`` is sent
    (as ``null``, clearing a field), where another optional parameter's ``None`` is not sent at all."""


def python_params(endpoint: Endpoint, annotate: Annotations) -> tuple[PyParam, ...]:
    """Required first; the whole body (if the endpoint sends one value) after the others of its kind."""
    taken = set(METHOD_LOCALS)
    merged = len(endpoint.methods) > 1
    multipart = endpoint.body is not None and endpoint.body.media == "multipart"
    found = [
        PyParam(name, p.name, _place(p.location, merged),
                _declaration(name, _annotation(p, multipart, annotate), p.required, nullable),
                p.required, p.description or SpecText(f"The ``{p.name}`` parameter."), nullable)
        for p in endpoint.parameters
        for name in [field_name(p.ident, taken)]
        for nullable in [not p.required and isinstance(p.type, Nullable)]
    ]  # fmt: skip
    body = endpoint.body
    if body is not None and body.value is not None:
        name = field_name(Identifier("body"), taken)
        doc = body.description or SpecText("The request body.")
        declared = _declaration(name, annotate(body.value), body.required)
        found.append(PyParam(name, SpecText(""), "body", declared, body.required, doc))
    return tuple(sorted(found, key=lambda p: not p.required))


def transport_call(constant: Identifier, params: tuple[PyParam, ...]) -> Code:
    """``self._transport.call(<constant>, path=…, query=…, headers=…, payload=…, body=…)`` after
    ``        result = await ``: on one line when it fits, else an argument a line, each wrapped."""
    places = [(place, [p for p in params if p.place == place]) for place in PLACES]
    body = [f"body={p.name}" for p in params if p.place == "body"]
    line = ", ".join([constant, *(f"{place}={_mapping(found)}" for place, found in places if found), *body])
    if _CALL_INDENT + len(f"self._transport.call({line})") <= LINE_LENGTH:
        return Code(f"self._transport.call({line})")
    arguments = [constant, *(_argument(place, found, 12) for place, found in places if found), *body]
    return Code("self._transport.call(\n" + "".join(f"            {a},\n" for a in arguments) + "        )")


def call_options(endpoint: Endpoint) -> tuple[Code, ...]:
    """The ``Call`` arguments that say how the request goes beyond the defaults: the body's media
    type, and the styles of the parameters not spelled the place's default way."""
    media = endpoint.body.media if endpoint.body else "json"
    found = [Code(f"media={py_str(media)}")] if media != "json" else []
    merged = len(endpoint.methods) > 1
    styles: dict[str, list[tuple[SpecText, Style]]] = {}
    for param in endpoint.parameters:
        place = _place(param.location, merged)
        if param.style and _container(param.type) and param.style != DEFAULT_STYLES.get(place, Style("simple", False)):
            styles.setdefault(place, []).append((param.name, param.style))
    return (*found, _styles(styles)) if styles else tuple(found)


def _styles(styles: dict[str, list[tuple[SpecText, Style]]]) -> Code:
    """``styles={place: {name: ParameterStyle(...)}}`` at 4 columns: on one line when it fits, else a line each."""
    entries = {place: [f"{py_str(name)}: {_style(style)}" for name, style in found] for place, found in styles.items()}
    line = ", ".join(f"{py_str(place)}: {{{', '.join(found)}}}" for place, found in entries.items())
    if len(f"    styles={{{line}}},") <= LINE_LENGTH:
        return Code(f"styles={{{line}}}")
    places = "".join(
        f"        {py_str(place)}: {{\n" + "".join(_style_entry(entry) for entry in found) + "        },\n"
        for place, found in entries.items()
    )
    return Code("styles={\n" + places + "    }")


def _style_entry(entry: str) -> str:
    """``name: ParameterStyle(...)`` at 12 columns, the style on a line of its own when the name is long."""
    if len(f"            {entry},") <= LINE_LENGTH:
        return f"            {entry},\n"
    name, style = entry.rsplit(": ", 1)
    return f"            {name}: (\n                {style}\n            ),\n"


def _style(style: Style) -> str:
    return f"ParameterStyle({py_str(style.name)}, explode={style.explode})"


def _container(kind: TypeExpr) -> bool:
    """Whether a value of ``kind`` may be an array or object, which the styles spell differently."""
    if isinstance(kind, Nullable):
        return _container(kind.inner)
    return not isinstance(kind, Primitive | Constant)


def _annotation(param: Parameter, multipart: bool, annotate: Annotations) -> Code:
    """A parameter's type; a multipart body's binary strings (and arrays of them) are files to upload."""
    if multipart and param.location == "body" and _binary(param.type):
        return FILE
    if multipart and param.location == "body" and isinstance(param.type, ListOf) and _binary(param.type.item):
        return Code(f"{annotate.spell('list')}[{FILE}]")
    return annotate(param.type)


def _binary(kind: TypeExpr) -> bool:
    return isinstance(kind, Primitive) and kind.kind == "string" and kind.format == "binary"


_PLACES = {"path": "path", "header": "headers", "cookie": "cookies"}


def _place(location: str, merged: bool) -> str:
    if location in _PLACES:
        return _PLACES[location]
    return "query" if location == "query" and not merged else "payload"


def _declaration(name: Identifier, annotation: Code, required: bool, nullable: bool = False) -> Code:
    """A parameter of a signature: 8 columns in, a comma after it (so measured from column 9)."""
    if not required and not (annotation.endswith("| None") or annotation in ("None", "Any")):
        annotation = Code(f"{annotation} | None")
    if nullable and annotation != "Any":  # ``UNSET`` before ``None``, which ends a union (ruff's RUF036)
        annotation = Code(f"{annotation.removesuffix(' | None')} | Unset | None")
    default = "" if required else " = UNSET" if nullable else " = None"
    lines = declaration(name, annotation, Code(default), 9)
    return Code(("\n" + " " * 8).join(lines))


def _groups(params: list[PyParam]) -> list[list[PyParam]]:
    """The required arguments, then (if any) the optional ones, then (if any) the nullable ones:
    ``request_params``'s arguments, which drop an optional ``None`` and a nullable ``UNSET``."""
    required = [p for p in params if p.required]
    optional = [p for p in params if not p.required and not p.nullable]
    nullable = [p for p in params if p.nullable]
    if nullable:
        return [required, optional, nullable]
    return [required, optional] if optional else [required]


def _mapping(params: list[PyParam]) -> str:
    """The arguments as a dict of JSON name to value; ``request_params`` drops optional ones not given."""
    groups = _groups(params)
    return f"request_params({', '.join(_dict(group) for group in groups)})" if len(groups) > 1 else _dict(groups[0])


def _argument(place: str, params: list[PyParam], indent: int) -> str:
    """``place=<mapping>`` at ``indent``, split over lines when too long (its first line unindented)."""
    line = f"{place}={_mapping(params)}"
    if indent + len(line) + 1 <= LINE_LENGTH:
        return line
    groups = _groups(params)
    if len(groups) == 1:
        return f"{place}={_dict_block(groups[0], indent, len(place) + 1)}"
    inner = " " * (indent + 4)
    blocks = "".join(f"{inner}{_dict_block(part, indent + 4)},\n" for part in groups)
    return f"{place}=request_params(\n{blocks}{' ' * indent})"


def _dict_block(params: list[PyParam], indent: int, lead: int = 0) -> str:
    """A dict literal ``lead`` columns after ``indent`` (its first line unindented) and followed by a
    comma, an entry a line when too long."""
    line = _dict(params)
    if indent + lead + len(line) + 1 <= LINE_LENGTH:
        return line
    return "{\n" + "".join(_entry(p, indent + 4) for p in params) + " " * indent + "}"


def _entry(param: PyParam, indent: int) -> str:
    pad = " " * indent
    line = f"{pad}{py_str(param.wire)}: {param.name},\n"
    if len(line) - 1 <= LINE_LENGTH:
        return line
    return f"{pad}{py_str(param.wire)}: (\n{pad}    {param.name}\n{pad}),\n"


def _dict(params: list[PyParam]) -> str:
    return "{" + ", ".join(f"{py_str(p.wire)}: {p.name}" for p in params) + "}"
