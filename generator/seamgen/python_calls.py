"""The code of a client method: its parameters, and the transport call that sends each one
where the spec puts it (path, query string, headers, JSON body), laid out within ruff's line length.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.filters import py_str
from seamgen.ir import Endpoint
from seamgen.python_names import LINE_LENGTH, Annotations, declaration, field_name
from seamgen.text import Code, Identifier, SpecText

# Where the transport puts a parameter: the ``call`` keyword arguments, in order. ``payload`` is the
# JSON body, or the query string of a GET (an endpoint serving GET and POST alike takes either).
PLACES = ("path", "query", "headers", "payload")
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


def python_params(endpoint: Endpoint, annotate: Annotations) -> tuple[PyParam, ...]:
    """Required first; the whole body (if the endpoint sends one value) after the others of its kind."""
    taken = set(METHOD_LOCALS)
    merged = len(endpoint.methods) > 1
    found = [
        PyParam(name, p.name, _place(p.location, merged), _declaration(name, annotate(p.type), p.required),
                p.required, p.description or SpecText(f"The ``{p.name}`` parameter."))
        for p in endpoint.parameters
        for name in [field_name(p.ident, taken)]
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


def _place(location: str, merged: bool) -> str:
    if location == "path":
        return "path"
    if location == "header":
        return "headers"
    return "query" if location == "query" and not merged else "payload"


def _declaration(name: Identifier, annotation: Code, required: bool) -> Code:
    """A parameter of a signature: 8 columns in, a comma after it (so measured from column 9)."""
    if not required and not (annotation.endswith("| None") or annotation in ("None", "Any")):
        annotation = Code(f"{annotation} | None")
    lines = declaration(name, annotation, Code("" if required else " = None"), 9)
    return Code(("\n" + " " * 8).join(lines))


def _mapping(params: list[PyParam]) -> str:
    """The arguments as a dict of JSON name to value; ``request_params`` drops optional ones not given."""
    required, optional = [p for p in params if p.required], [p for p in params if not p.required]
    return f"request_params({_dict(required)}, {_dict(optional)})" if optional else _dict(required)


def _argument(place: str, params: list[PyParam], indent: int) -> str:
    """``place=<mapping>`` at ``indent``, split over lines when too long (its first line unindented)."""
    line = f"{place}={_mapping(params)}"
    if indent + len(line) + 1 <= LINE_LENGTH:
        return line
    required, optional = [p for p in params if p.required], [p for p in params if not p.required]
    if not optional:
        return f"{place}={_dict_block(required, indent, len(place) + 1)}"
    inner = " " * (indent + 4)
    blocks = "".join(f"{inner}{_dict_block(part, indent + 4)},\n" for part in (required, optional))
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
