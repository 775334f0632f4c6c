"""Compare ``components/schemas`` by name: the generated package exports a model for each component
schema that is an object, enum or union, so one removed or renamed breaks the code that imports it,
even where no operation used it, and even where the operations' findings show the change too (they
name the fields and calls, this the class)."""

from __future__ import annotations

from typing import Any

from seamgen.diff.context import Pair, Which, only
from seamgen.diff.findings import Level
from seamgen.diff.schemas import shape, unique_pairs
from seamgen.diff.symbol_names import bare
from seamgen.ir import Named
from seamgen.pointers import as_dict
from seamgen.types import TypeBuilder

_AT = ("components", "schemas")


def compare_components(pair: Pair) -> None:
    """Component schemas renamed (one removed and one added of the same shape, where no other has
    it), removed and added."""
    old, new = _schemas(pair, "base"), _schemas(pair, "head")
    removed, added = only(old, new), only(new, old)
    before, after = {name: shape(old[name]) for name in removed}, {name: shape(new[name]) for name in added}
    for old_name, new_name in unique_pairs(removed, added, lambda a, b: bool(before[a] == after[b])):
        removed.remove(old_name)
        added.remove(new_name)
        modelled = _model(pair, "base", old_name)
        message = f"component schema `{old_name}` was renamed to `{new_name}`" + (
            ": code that imports its generated model by the old name breaks" if modelled else " (it has no model)"
        )
        pair.report("head", (*_AT, new_name), _level(modelled), message, "api-schema-renamed")
    for name in removed:
        modelled = _model(pair, "base", name)
        message = f"component schema `{name}` was removed" + (
            ": code that imports its generated model breaks" if modelled else " (it had no model)"
        )
        # oasdiff's api-schema-removed is INFO: it does not look at generated code.
        pair.report("base", (*_AT, name), _level(modelled), message, "api-schema-removed")
    for name in added:
        pair.report("head", (*_AT, name), "non-breaking", f"component schema `{name}` was added", "api-schema-added")


def _schemas(pair: Pair, which: Which) -> dict[str, Any]:
    spec = pair.base if which == "base" else pair.head
    return as_dict(as_dict(spec.document.get("components")).get("schemas"))


def _model(pair: Pair, which: Which, name: str) -> bool:
    """Whether the generated package has a model for the component ``name``: the generator's own
    translation names it (a plain string or number schema is an alias it inlines)."""
    return isinstance(bare(TypeBuilder(pair.resolvers[which]).component(name)), Named)


def _level(modelled: bool) -> Level:
    return "breaking" if modelled else "non-breaking"
