"""Client names of operations: the namespace path and the method each operation becomes.

Seam's specs name them with Fern's extensions: ``x-fern-sdk-group-name`` (a list is a nested
namespace, ``seam.access_codes.unmanaged``) and ``x-fern-sdk-method-name``. Other specs get the
names other generators give them (openapi-python-client, Stainless): a dotted or slashed
``operationId`` is its own path (``gmail.users.drafts.list`` is ``users.drafts.list``: a prefix
every operationId shares is the API's name), else the first tag is the namespace (less the words
every tag starts with: Twilio's ``Api20100401``) and the ``operationId`` in snake_case, without
the tag's prefix, the method; without a tag, the path's
first segment after the spec's common prefix (``/v1``) is the namespace, and an operation
without either is a method of the client itself.

Two operations on one path that get the same name are one method (Seam serves most endpoints
as both GET and POST). Any other clash is the spec's to fix: ``clashes`` lists both operations,
and the later one gets a numbered name, so the names are unique whatever the lint settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from seamgen.loader import JsonPath
from seamgen.text import Identifier, snake, unique
from seamgen.walk import Operation, operations

Group = tuple[Identifier, ...]


@dataclass(frozen=True)
class ClientName:
    group: Group
    """The namespace path from the client (empty: a method of the client itself)."""
    method: Identifier


@dataclass(frozen=True)
class Clash:
    """``operation`` would have had the name ``wanted``, which ``other`` already has."""

    operation: Operation
    wanted: ClientName
    other: Operation
    """The operation named so first or, when ``namespace``, the first one in that namespace."""
    namespace: bool
    given: ClientName


@dataclass(frozen=True)
class Naming:
    names: dict[JsonPath, ClientName]
    """The name of every operation under ``paths``, by its JSON path."""
    clashes: tuple[Clash, ...]


def client_names(document: dict[str, Any]) -> Naming:
    """Every operation's client name, unique: clashing operations get numbered names."""
    ops = [op for op in operations(document) if op.section == "paths"]
    wanted = _wanted_names(ops)
    namespaces: dict[ClientName, Operation] = {}
    for op in ops:
        group = wanted[op.path].group
        for depth in range(len(group)):
            namespaces.setdefault(ClientName(group[:depth], group[depth]), op)
    taken: dict[Group, set[str]] = {}
    for namespace in namespaces:
        taken.setdefault(namespace.group, set()).add(namespace.method)
    owners: dict[ClientName, Operation] = {}
    by_route: dict[tuple[ClientName, str], ClientName] = {}
    names: dict[JsonPath, ClientName] = {}
    clashes: list[Clash] = []
    for op in ops:
        want = wanted[op.path]
        given = by_route.get((want, op.route))
        if given is None:
            given = ClientName(want.group, unique(want.method, taken.setdefault(want.group, set())))
            if want in owners or want in namespaces:
                other = owners.get(want) or namespaces[want]
                clashes.append(Clash(op, want, other, want not in owners, given))
            owners[given] = op
            by_route[(want, op.route)] = given
        names[op.path] = given
    return Naming(names, tuple(clashes))


def _wanted_names(ops: list[Operation]) -> dict[JsonPath, ClientName]:
    dotted = {op.path: parts for op in ops if len(parts := _id_parts(op.spec.get("operationId"))) > 1}
    shared = _shared_length(list(dotted.values()), keep=2)
    prefix = _common_prefix([_static_segments(op.route) for op in ops])
    tags = _tag_groups(ops)
    names = {}
    short: dict[JsonPath, ClientName] = {}
    for op in ops:
        fern_group = op.spec.get("x-fern-sdk-group-name")
        fern_method = op.spec.get("x-fern-sdk-method-name")
        parts = dotted.get(op.path, [])[shared:]
        if fern_group:
            group = _group([fern_group] if isinstance(fern_group, str) else fern_group)
        elif parts:
            group = _group(parts[:-1])
        elif _tag(op):
            group = (tags[_tag(op)],)
        else:
            group = _group(_static_segments(op.route)[len(prefix) :][:1])
        if fern_method:
            method = snake(str(fern_method), "call")
        elif parts and not fern_group:
            method = snake(parts[-1], "call")
        else:
            method = _method_from_id(op, [_tag(op), "_".join(group)])
            short[op.path] = ClientName(group, _without_noun(method, group))
        names[op.path] = ClientName(group, method)
    return _shortened(ops, names, short)


def _without_noun(method: Identifier, group: Group) -> Identifier:
    """A method name without the namespace's words after its first (``list_account`` in ``account``
    is ``list``, Stripe's ``get_accounts_account`` in ``accounts`` is ``get_account``)."""
    words, noun = method.split("_"), group[-1].split("_") if group else []
    if noun and len(words) > len(noun) and words[0] and words[1 : 1 + len(noun)] == noun:
        return Identifier("_".join(words[:1] + words[1 + len(noun) :]))
    return method


def _shortened(
    ops: list[Operation], names: dict[JsonPath, ClientName], short: dict[JsonPath, ClientName]
) -> dict[JsonPath, ClientName]:
    """``names`` with the short ones that no operation on another path has or gets as well."""
    final = {path: short.get(path, name) for path, name in names.items()}
    routes = {op.path: op.route for op in ops}
    while True:
        holders: dict[ClientName, set[str]] = {}
        for path, name in final.items():
            holders.setdefault(name, set()).add(routes[path])
        clashing = [path for path, name in final.items() if name != names[path] and len(holders[name]) > 1]
        if not clashing:
            return final
        final.update({path: names[path] for path in clashing})


def _group(parts: Iterable[Any]) -> Group:
    return tuple(snake(str(part), "api") for part in parts)


def _tag(op: Operation) -> str:
    """The operation's first tag in snake_case, or ``""``."""
    tags = op.spec.get("tags")
    return snake(str(tags[0]), "api") if isinstance(tags, list) and tags else ""


def _tag_groups(ops: list[Operation]) -> dict[str, Identifier]:
    """Each tag's namespace: the tag without the words every tag starts with (Twilio's ``Api20100401``)."""
    words = {tag: tag.split("_") for op in ops if (tag := _tag(op))}
    shared = _shared_length(list(words.values()), keep=1)
    while shared and any(parts[shared][:1].isdigit() for parts in words.values()):
        shared -= 1
    return {tag: Identifier("_".join(parts[shared:])) for tag, parts in words.items()}


def _method_from_id(op: Operation, prefixes: list[str]) -> Identifier:
    """The operationId in snake_case without its namespace's prefix (the tag's, or the namespace's
    own), else ``<http method>_<last segment>``."""
    op_id = op.spec.get("operationId")
    segments = _static_segments(op.route)
    name = snake(str(op_id) if op_id else f"{op.method}_{segments[-1] if segments else 'root'}", "call")
    for prefix in (f"{prefix}_" for prefix in prefixes if prefix):
        if name.startswith(prefix) and len(name) > len(prefix) and not name[len(prefix)].isdigit():
            return Identifier(name[len(prefix) :])
    return name


def _id_parts(op_id: Any) -> list[str]:
    return [part for part in re.split(r"[./]", op_id) if part] if isinstance(op_id, str) else []


def _shared_length(lists: list[list[str]], keep: int) -> int:
    """How many leading items all of ``lists`` (two or more distinct ones) share, leaving each ``keep``."""
    distinct = [list(items) for items in dict.fromkeys(tuple(items) for items in lists)]
    if len(distinct) < 2:
        return 0
    shared = len(_common_prefix(distinct))
    return max(min(shared, *(len(items) - keep for items in distinct)), 0)


def _static_segments(route: str) -> list[str]:
    """The path's segments that are not parameters (a ``#fragment`` or ``?query`` in a key is not path)."""
    path = re.split(r"[#?]", route, maxsplit=1)[0]
    return [segment for segment in path.split("/") if segment and not segment.startswith("{")]


def _common_prefix(lists: list[list[str]]) -> list[str]:
    if len(lists) < 2:
        return []
    prefix = []
    for items in zip(*lists, strict=False):
        if len(set(items)) > 1:
            break
        prefix.append(items[0])
    return prefix
