"""Compare what credentials two specs ask for: security requirements and security schemes.

An operation's ``security`` (else the root's) lists alternatives: a client meets one of them. A
requirement names schemes that all apply, each with the OAuth scopes it needs. So a client that met
a requirement in BASE still gets in when HEAD has a requirement asking no more of it (the same
schemes or fewer, the same scopes or fewer); one that asks more breaks it. An empty list, or an
empty requirement, lets anyone in.
"""

from __future__ import annotations

from typing import Any

from seamgen.diff.context import Pair, Which, only, shared
from seamgen.diff.findings import Level
from seamgen.loader import JsonPath
from seamgen.pointers import as_dict, as_list
from seamgen.walk import Operation, operations

Requirement = dict[str, frozenset[str]]  # scheme name to the scopes it needs
Requirements = dict[frozenset[str], tuple[Requirement, JsonPath]]  # by its set of schemes
# Rule ids for the root's security and one operation's: a requirement added and removed, a scope
# added and removed.
_GLOBAL = (
    "api-global-security-added", "api-global-security-removed",
    "api-global-security-scope-added", "api-global-security-scope-removed",
)  # fmt: skip
_OPERATION = ("api-security-added", "api-security-removed", "api-security-scope-added", "api-security-scope-removed")
# What clients send for a scheme: changing any of these changes how they authenticate.
_CREDENTIAL_FIELDS = ("type", "scheme", "in", "name")


def compare_security(pair: Pair) -> None:
    """Report security schemes changed, then requirements: the root's, and each operation's that
    sets its own in either version (one that inherits the root's changes with it)."""
    _schemes(pair)
    old_root, new_root = pair.base.document.get("security"), pair.head.document.get("security")
    _requirements(pair, _listed(old_root, ("security",)), _listed(new_root, ("security",)), _GLOBAL, "the API")
    old_ops = {op.path: op for op in operations(pair.base.document) if op.section == "paths"}
    new_ops = {op.path: op for op in operations(pair.head.document) if op.section == "paths"}
    for path in shared(old_ops, new_ops):
        if "security" in old_ops[path].spec or "security" in new_ops[path].spec:
            old = _effective(pair, old_ops[path], "base")
            new = _effective(pair, new_ops[path], "head")
            _requirements(pair, old, new, _OPERATION, f"{new_ops[path].method.upper()} {new_ops[path].route}")


def _effective(pair: Pair, op: Operation, which: Which) -> Requirements:
    """The requirements that hold for ``op``: its own, else the root's."""
    if "security" in op.spec:
        return _listed(op.spec["security"], (*op.path, "security"))
    spec = pair.base if which == "base" else pair.head
    return _listed(spec.document.get("security"), ("security",))


def _listed(value: Any, path: JsonPath) -> Requirements:
    """A ``security`` list by scheme set; none listed (or no list) is the one empty requirement."""
    found: Requirements = {}
    for index, item in enumerate(as_list(value)):
        requirement = {name: _scopes(scopes) for name, scopes in as_dict(item).items()}
        found.setdefault(frozenset(requirement), (requirement, (*path, index)))
    return found or {frozenset(): ({}, path)}


def _requirements(pair: Pair, old: Requirements, new: Requirements, rules: tuple[str, ...], owner: str) -> None:
    """Requirements added and removed, and scopes changed within the ones both have. A requirement
    that replaces a narrower one says so itself: the narrower one's removal is not said again."""
    stranded = [key for key, (was, _) in old.items() if not any(_meets(was, now) for now, _ in new.values())]
    added, removed = only(new, old), only(old, new)
    for key in added:
        if key or not removed:  # an empty one added is said by the removals it comes with, if any
            breaks = any(set(was) <= key for was in stranded)
            _added(pair, new[key], breaks, rules[0] if key else rules[1], owner)  # anyone in: security removed
    for key in removed:
        if key and not (key in stranded and any(key <= later for later in added)):
            _removed(pair, old[key], key in stranded, rules[1], owner)
    for key in shared(old, new):
        _scopes_changed(pair, old[key], new[key], key in stranded, rules[2:], owner)


def _added(pair: Pair, requirement: tuple[Requirement, JsonPath], breaks: bool, rule: str, owner: str) -> None:
    named = _named(requirement[0])
    if breaks:
        message = (
            f"{owner} now requires {named}: clients without {'them' if len(requirement[0]) > 1 else 'it'} are rejected"
        )
    else:
        message = f"{owner} now accepts {named}" if requirement[0] else f"{owner} may now be called without credentials"
    pair.report("head", requirement[1], "breaking" if breaks else "non-breaking", message, rule)


def _removed(pair: Pair, requirement: tuple[Requirement, JsonPath], breaks: bool, rule: str, owner: str) -> None:
    named = _named(requirement[0])
    if breaks:
        message = f"{owner} no longer accepts {named}: clients that authenticate with it are rejected"
    else:
        message = f"{owner} no longer requires {named}"
    pair.report("base", requirement[1], "breaking" if breaks else "non-breaking", message, rule)


def _scopes_changed(
    pair: Pair,
    old: tuple[Requirement, JsonPath],
    new: tuple[Requirement, JsonPath],
    breaks: bool,
    rules: tuple[str, ...],
    owner: str,
) -> None:
    """Scopes a scheme needs, added (breaking unless another requirement still lets clients in)
    and removed."""
    level: Level = "breaking" if breaks else "non-breaking"
    for scheme in new[0]:
        for scope in sorted(new[0][scheme] - old[0][scheme]):
            how = ": clients whose tokens lack it are rejected" if breaks else ""
            message = f"{owner} now needs the scope {scope!r} of {scheme}{how}"
            pair.report("head", (*new[1], scheme), level, message, rules[0])
        for scope in sorted(old[0][scheme] - new[0][scheme]):
            message = f"{owner} no longer needs the scope {scope!r} of {scheme}"
            pair.report("head", (*new[1], scheme), "non-breaking", message, rules[1])


def _schemes(pair: Pair) -> None:
    """Security schemes removed, added, or changed in what clients send."""
    path = ("components", "securitySchemes")
    old = as_dict(as_dict(pair.base.document.get("components")).get("securitySchemes"))
    new = as_dict(as_dict(pair.head.document.get("components")).get("securitySchemes"))
    for name in only(old, new):
        message = f"security scheme {name} was removed: clients that authenticate with it are rejected"
        pair.report("base", (*path, name), "breaking", message, "api-security-component-removed")
    for name in only(new, old):
        message = f"security scheme {name} was added"
        pair.report("head", (*path, name), "non-breaking", message, "api-security-component-added")
    for name in shared(old, new):
        before = as_dict(pair.deref((old[name], (*path, name)), "base")[0])
        after, where, _ = pair.deref((new[name], (*path, name)), "head")
        changed = [f for f in _CREDENTIAL_FIELDS if before.get(f) != as_dict(after).get(f)]
        if changed:
            rule = "api-security-component-type-changed" if "type" in changed else "api-security-component-changed"
            how = ", ".join(f"{f} {before.get(f)!r} to {as_dict(after).get(f)!r}" for f in changed)
            message = f"security scheme {name} changed ({how}): clients that authenticate the old way are rejected"
            pair.report("head", where, "breaking", message, rule)


def _meets(have: Requirement, need: Requirement) -> bool:
    """True when a client that meets ``have`` meets ``need``."""
    return all(scheme in have and scopes <= have[scheme] for scheme, scopes in need.items())


def _scopes(value: Any) -> frozenset[str]:
    return frozenset(scope for scope in value if isinstance(scope, str)) if isinstance(value, list) else frozenset()


def _named(requirement: Requirement) -> str:
    return " and ".join(sorted(requirement)) or "no credentials"
