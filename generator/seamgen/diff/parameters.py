"""Compare the parameters of two versions of an operation, keyed by where they go and their name."""

from __future__ import annotations

from typing import Any

from seamgen.diff.context import Pair, Which, only, shared
from seamgen.diff.schemas import SchemaDiff, Subject, shape, unique_pairs
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, as_list
from seamgen.walk import Operation

# (in, name) to the parameter and its path; a header's name in lower case, as HTTP compares them.
Parameters = dict[tuple[str, str], tuple[dict[str, Any], JsonPath]]


def parameters(pair: Pair, op: Operation, which: Which) -> Parameters:
    """An operation's parameters: the path item's, overridden by the operation's own."""
    spec = pair.base if which == "base" else pair.head
    item = as_dict(as_dict(spec.document.get(op.section)).get(op.route))
    found: Parameters = {}
    for holder, listed in ((op.path[:2], item.get("parameters")), (op.path, op.spec.get("parameters"))):
        for index, param in enumerate(as_list(listed)):
            value, path, _ = pair.deref((param, (*holder, "parameters", index)), which)
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                where = str(value.get("in"))
                found[(where, value["name"].lower() if where == "header" else value["name"])] = (value, path)
    return found


def compare_parameters(schemas: SchemaDiff, old: Parameters, new: Parameters, operation: Subject) -> None:
    """Report parameters changed, renamed, removed and added; ``operation`` names the operation and
    the side its parameters travel on."""
    for key in shared(old, new):
        subject = _subject(operation, new[key][0])
        required = old[key][0].get("required") is True, new[key][0].get("required") is True
        schemas.required_changed(*required, new[key][1], subject)
        old_schema = (old[key][0].get("schema"), (*old[key][1], "schema"))
        schemas.compare(old_schema, (new[key][0].get("schema"), (*new[key][1], "schema")), subject)
    removed, added = only(old, new), only(new, old)

    def alike(before: tuple[str, str], after: tuple[str, str]) -> bool:
        return before[0] == after[0] and _same(old[before][0], new[after][0])

    for old_key, match in unique_pairs(removed, added, alike):
        removed.remove(old_key)
        added.remove(match)
        subject = _subject(operation, old[old_key][0])
        message = f"{subject} was renamed to `{new[match][0]['name']}`: clients that send it are rejected"
        schemas.pair.report("head", new[match][1], "breaking", message, subject.rule("renamed"))
    for key in removed:
        schemas.removed(_subject(operation, old[key][0]), old[key][1])
    for key in added:
        schemas.added(_subject(operation, new[key][0]), new[key][0].get("required") is True, new[key][1])


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Two parameters alike but for their name (and prose): a rename, not a removal and an addition."""

    def outline(param: dict[str, Any]) -> Any:
        return shape({**param, "name": None, "schema": shape(param.get("schema"))})

    return bool(outline(old) == outline(new))


def _subject(operation: Subject, param: dict[str, Any]) -> Subject:
    return Subject(operation.side, "parameter", f"{param['name']} ({param.get('in')}) of {operation.name}")
