"""Compare the headers of two versions of a response, by name regardless of case (as HTTP does).

A response header is read by clients like a response property: removing one that was required
breaks the clients that read it, removing an optional one is a risk (clients that use it when it
comes lose it), and its schema is compared like a body's. A webhook's responses are written by the
client, so there a header removed breaks nobody and a required one added breaks everyone.
"""

from __future__ import annotations

from typing import Any

from seamgen.diff.context import Node, Pair, Which, only, shared
from seamgen.diff.schemas import SchemaDiff, Subject
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict

Headers = dict[str, tuple[str, dict[str, Any], JsonPath]]  # lower-case name to name, header and path


def compare_headers(schemas: SchemaDiff, old: Node, new: Node, subject: Subject) -> None:
    """Compare the headers of responses ``old`` and ``new``; ``subject`` names the response and the
    side its headers travel on."""
    pair = schemas.pair
    before, after = _headers(pair, old, "base"), _headers(pair, new, "head")
    for key in shared(before, after):
        named = Subject(subject.side, "header", f"{after[key][0]} of {subject.name}")
        was, now = (before[key][1].get("required") is True), (after[key][1].get("required") is True)
        schemas.required_changed(was, now, after[key][2], named)
        old_schema = (before[key][1].get("schema"), (*before[key][2], "schema"))
        schemas.compare(old_schema, (after[key][1].get("schema"), (*after[key][2], "schema")), named)
    for key in only(before, after):
        name, header, path = before[key]
        _removed(pair, Subject(subject.side, "header", f"{name} of {subject.name}"), header, path)
    for key in only(after, before):
        name, header, path = after[key]
        _added(pair, Subject(subject.side, "header", f"{name} of {subject.name}"), header, path)


def _removed(pair: Pair, subject: Subject, header: dict[str, Any], path: JsonPath) -> None:
    if subject.side == "request":
        pair.report("base", path, "non-breaking", f"{subject} is no longer read", "request-header-removed")
    elif header.get("required") is True:
        message = f"{subject} was removed: clients that read it break"
        pair.report("base", path, "breaking", message, "required-response-header-removed")
    else:
        message = f"{subject} was removed: clients that use it when it comes break"
        pair.report("base", path, "potentially-breaking", message, "optional-response-header-removed")


def _added(pair: Pair, subject: Subject, header: dict[str, Any], path: JsonPath) -> None:
    if subject.side == "response":
        pair.report("head", path, "non-breaking", f"{subject} was added", "response-header-added")
    elif header.get("required") is True:
        message = f"{subject} was added as required: clients that leave it out are rejected"
        pair.report("head", path, "breaking", message, "new-required-request-header")
    else:
        pair.report("head", path, "non-breaking", f"{subject} was added as optional", "new-optional-request-header")


def _headers(pair: Pair, response: Node, which: Which) -> Headers:
    """The headers of ``response`` by lower-case name, each followed through ``$ref``."""
    found: Headers = {}
    for name, header in as_dict(as_dict(response[0]).get("headers")).items():
        value, path, _ = pair.deref((header, (*response[1], "headers", name)), which)
        if isinstance(value, dict):
            found[name.lower()] = (name, value, path)
    return found
