"""Compare the operations of two specs: paths, parameters, request bodies and responses.

Operations under ``webhooks`` run the other way round: the API sends their request body and the
client reads it, so it is judged as a response.
"""

from __future__ import annotations

import re
from typing import Any

from seamgen.diff.components import compare_components
from seamgen.diff.constraints import UNKNOWN_KEPT
from seamgen.diff.context import Node, Pair, Which, only, shared
from seamgen.diff.findings import Level
from seamgen.diff.headers import compare_headers
from seamgen.diff.lifecycle import Lifecycle
from seamgen.diff.parameters import compare_parameters, parameters
from seamgen.diff.schemas import SchemaDiff, Side, Subject, unique_pairs
from seamgen.diff.security import compare_security
from seamgen.pointers import as_dict
from seamgen.walk import HTTP_METHODS, Operation, operations

UNKNOWN_EVENTS = UNKNOWN_KEPT.replace("values", "event types")
_PARAMETER = re.compile(r"\{[^}]*\}")


def compare_specs(pair: Pair) -> None:
    """Report every change from ``pair.base`` to ``pair.head``, to ``pair``."""
    old_paths, new_paths = as_dict(pair.base.document.get("paths")), as_dict(pair.head.document.get("paths"))
    pair.routes = _moved(only(old_paths, new_paths), only(new_paths, old_paths))
    old = {op.path: op for op in operations(pair.base.document)}
    new = {pair.in_base(op.path): op for op in operations(pair.head.document)}  # by BASE's path, to match
    schemas, lifecycle = SchemaDiff(pair), Lifecycle(pair)
    compare_security(pair)
    compare_components(pair)
    for path in shared(old, new):
        _operation(pair, schemas, old[path], new[path])
        lifecycle.compare(old[path], new[path], _name(new[path]))
    routes = {section: _routes(pair, section) for section in ("paths", "webhooks")}
    for section, (old_routes, new_routes) in routes.items():
        for route in only(old_routes, new_routes):
            _route_removed(pair, section, route, old_routes[route])
        for route in only(new_routes, old_routes):
            _route_added(pair, section, route)
    for path in (p for p in only(old, new) if p[1] in routes[str(p[0])][1]):
        op = old[path]
        level: Level = "potentially-breaking" if op.spec.get("deprecated") is True else "breaking"
        rule = "api-removed-with-deprecation" if level != "breaking" else "api-removed-without-deprecation"
        pair.report("base", path, level, f"{_name(op)} was removed: clients that call it break", rule)
    for path in (p for p in only(new, old) if p[1] in routes[str(p[0])][0]):
        op = new[path]
        pair.report("head", op.path, "non-breaking", f"{_name(op)} was added", "endpoint-added")


def _routes(pair: Pair, section: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The paths or webhooks of BASE and of HEAD, HEAD's by BASE's path where only parameters were renamed."""
    new = as_dict(pair.head.document.get(section))
    return as_dict(pair.base.document.get(section)), {str(pair.in_base((section, r))[1]): new[r] for r in new}


def _moved(removed: list[str], added: list[str]) -> dict[str, str]:
    """HEAD's path to BASE's, for a removed and an added path that differ only in their parameters'
    names (``/pets/{petId}`` and ``/pets/{id}``): one path, as oasdiff matches them, whose renamed
    parameter is reported as such; where two paths could match, neither is."""
    pairs = unique_pairs(removed, added, lambda before, after: _template(before) == _template(after))
    return {after: before for before, after in pairs}


def _template(route: str) -> str:
    return _PARAMETER.sub("{}", route)


def _route_added(pair: Pair, section: str, route: str) -> None:
    """A path added; a webhook added is a new event type, which clients that handle only the known
    ones may not expect."""
    if section == "paths":
        pair.report("head", (section, route), "non-breaking", f"path {route} was added", "api-path-added")
    else:
        message = f"webhook {route} was added: clients that handle only the known events break ({UNKNOWN_EVENTS})"
        pair.report("head", (section, route), "potentially-breaking", message, "event-type-added")


def _route_removed(pair: Pair, section: str, route: str, item: Any) -> None:
    """A whole path removed: breaking, unless every operation on it was deprecated first; a webhook
    removed is an event clients no longer get."""
    if section == "webhooks":
        message = f"webhook {route} is no longer sent: receivers that wait for it, and code that uses its model, break"
        pair.report("base", (section, route), "breaking", message, "event-type-removed")
        return
    methods = [as_dict(op) for method, op in as_dict(item).items() if method in HTTP_METHODS]
    deprecated = bool(methods) and all(op.get("deprecated") is True for op in methods)
    level: Level = "potentially-breaking" if deprecated else "breaking"
    rule = "api-path-removed-with-deprecation" if deprecated else "api-path-removed-without-deprecation"
    pair.report("base", (section, route), level, f"path {route} was removed: clients that call it break", rule)


def _operation(pair: Pair, schemas: SchemaDiff, old: Operation, new: Operation) -> None:
    writes: Side = "response" if old.section == "webhooks" else "request"
    reads: Side = "request" if writes == "response" else "response"
    compare_parameters(
        schemas, parameters(pair, old, "base"), parameters(pair, new, "head"), Subject(writes, "parameter", _name(new))
    )
    old_body, new_body = _request_body(pair, old, "base"), _request_body(pair, new, "head")
    subject = Subject(writes, "body", _name(new))
    if old.section == "paths":
        _body_required(pair, old_body, new_body, subject)
    _bodies(pair, schemas, old_body, new_body, subject)
    old_responses, new_responses = as_dict(old.spec.get("responses")), as_dict(new.spec.get("responses"))
    for status in shared(old_responses, new_responses):
        old_body = pair.deref((old_responses[status], (*old.path, "responses", status)), "base")[:2]
        new_body = pair.deref((new_responses[status], (*new.path, "responses", status)), "head")[:2]
        response = Subject(reads, "body", f"{_name(new)} ({status})")
        _bodies(pair, schemas, old_body, new_body, response)
        compare_headers(schemas, old_body, new_body, response)
    if old.section == "paths":
        _statuses(pair, old, new, only(old_responses, new_responses), only(new_responses, old_responses))


def _statuses(pair: Pair, old: Operation, new: Operation, removed: list[str], added: list[str]) -> None:
    """Responses removed or added: losing a success response breaks the clients that expect it;
    error responses come and go without breaking anyone (clients handle unknown ones)."""
    for status in removed:
        success = status.startswith("2")
        level: Level = "breaking" if success else "non-breaking"
        how = ": clients that expect it break" if success else ""
        rule = "response-success-status-removed" if success else "response-non-success-status-removed"
        pair.report(
            "base", (*old.path, "responses", status), level, f"{_name(old)} no longer answers {status}{how}", rule
        )
    for status in added:
        rule = "response-success-status-added" if status.startswith("2") else "response-non-success-status-added"
        pair.report("head", (*new.path, "responses", status), "non-breaking", f"{_name(new)} may answer {status}", rule)


def _request_body(pair: Pair, op: Operation, which: Which) -> Node:
    return pair.deref((op.spec.get("requestBody"), (*op.path, "requestBody")), which)[:2]


def _body_required(pair: Pair, old: Node, new: Node, subject: Subject) -> None:
    """A request body added or made required breaks the calls that send none."""
    if not isinstance(new[0], dict):
        return
    before, after = as_dict(old[0]).get("required") is True, new[0].get("required") is True
    if not isinstance(old[0], dict):
        level: Level = "breaking" if after else "non-breaking"
        rule = "request-body-added-required" if after else "request-body-added-optional"
        pair.report(
            "head", new[1], level, f"{subject} was added" + (": calls without one are rejected" if after else ""), rule
        )
    elif after and not before:
        pair.report(
            "head",
            new[1],
            "breaking",
            f"{subject} became required: calls without one are rejected",
            "request-body-became-required",
        )
    elif before and not after:
        pair.report("head", new[1], "non-breaking", f"{subject} became optional", "request-body-became-optional")


def _bodies(pair: Pair, schemas: SchemaDiff, old: Node, new: Node, subject: Subject) -> None:
    """Compare the schemas of the media types both bodies have; a media type removed breaks the
    clients that use it."""
    old_content, new_content = as_dict(as_dict(old[0]).get("content")), as_dict(as_dict(new[0]).get("content"))
    for media in (m for m in old_content if m not in new_content and new_content):
        how = "send it are rejected" if subject.side == "request" else "read it break"
        message = f"{subject} no longer has the media type {media}: clients that {how}"
        pair.report("base", (*old[1], "content", media), "breaking", message, subject.rule("media-type-removed"))
    for media in shared(old_content, new_content):
        old_schema = (as_dict(old_content[media]).get("schema"), (*old[1], "content", media, "schema"))
        new_schema = (as_dict(new_content[media]).get("schema"), (*new[1], "content", media, "schema"))
        schemas.compare(old_schema, new_schema, subject)


def _name(op: Operation) -> str:
    return f"{op.method.upper()} {op.route}" if op.section == "paths" else f"webhook {op.route}"
