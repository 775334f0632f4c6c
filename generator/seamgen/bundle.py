"""Multi-file specs: every ``$ref`` to another file in the spec's folder is brought into the one
document the rest of seamgen reads, as Redocly's ``bundle`` does.

A referenced component (``other.yaml#/components/schemas/Pet``) takes the same place in the
bundle; a whole file or another fragment referenced where a schema, parameter, response (…)
stands becomes a component of that kind, named after its last pointer segment or its file
(``./schemas/pet.yaml`` -> ``components.schemas.pet``); a component that is only such a
reference (``Pet: {$ref: pet.yaml}``) is replaced by what it refers to. References are rewritten
to local ones, so cycles (a file referring back to the first) are ordinary local references.
Every grafted value keeps its own file, line and column for findings. A reference to a URL, to
a file outside the spec's folder, to a missing file or to nothing in it stays, with a finding.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from seamgen.diagnostics import Diagnostic
from seamgen.pointers import MISSING, JsonPath, decode, encode, iter_refs, lookup

if TYPE_CHECKING:
    from seamgen.loader import Spec

Load = Callable[[Path, str], "Spec | Diagnostic"]  # a file's spec, or why it cannot be read

# What stands where in an OpenAPI document: state -> {key: next state}; "*" is any map key,
# "#" any list index. Enough to tell which kind of object a reference stands for.
_SCHEMA_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_STATES: dict[str, dict[str, str]] = {
    "root": {"paths": "paths", "webhooks": "paths", "components": "components"},
    "paths": {"*": "pathItems"},
    "pathItems": {"parameters": "#parameters", **{m: "operation" for m in ("get", "put", "post", "delete", "options", "head", "patch", "trace")}},  # noqa: E501
    "operation": {"parameters": "#parameters", "requestBody": "requestBodies", "responses": "responses*", "callbacks": "*callbacks"},  # noqa: E501
    "responses*": {"*": "responses"},
    "callbacks": {"*": "pathItems"},
    "parameters": {"schema": "schemas", "content": "*media", "examples": "*examples"},
    "headers": {"schema": "schemas", "content": "*media", "examples": "*examples"},
    "requestBodies": {"content": "*media"},
    "responses": {"headers": "*headers", "content": "*media", "links": "*links"},
    "media": {"schema": "schemas", "examples": "*examples", "encoding": "*encoding"},
    "encoding": {"headers": "*headers"},
    "examples": {"value": "data"},
    "components": {kind: "*" + kind for kind in ("schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks", "pathItems")},  # noqa: E501
    "schemas": {
        **dict.fromkeys(("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"), "*schemas"),
        **dict.fromkeys(("allOf", "oneOf", "anyOf", "prefixItems"), "#schemas"),
        **dict.fromkeys(_SCHEMA_ONE, "schemas"),
        **dict.fromkeys(("example", "examples", "default", "const", "enum"), "data"),
    },
}
COMPONENT_KINDS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks")  # noqa: E501


def kind_at(path: JsonPath) -> str | None:
    """The kind of OpenAPI object at ``path`` (``schemas``, ``parameters``, ``data``, …), if known."""
    state = "root"
    for part in path:
        if state.startswith(("*", "#")):
            state = state[1:]
            continue
        if state == "data" or str(part).startswith("x-"):
            return None if state != "data" else "data"
        table = _STATES.get(state, {})
        nxt = table.get(str(part)) or table.get("*")
        if nxt is None:
            return None
        state = nxt
    return None if state.startswith(("*", "#")) else state


def bundle(spec: Spec, path: Path, load: Load) -> Spec:
    """``spec`` (loaded from ``path``) with the files it refers to grafted in; ``load`` reads one."""
    if any(not ref.startswith("#") for _, ref in iter_refs(spec.document)):
        _Bundler(spec, path.resolve(), load).run()
    return spec


class _Bundler:
    def __init__(self, spec: Spec, root: Path, load: Load) -> None:
        self.spec, self.root, self.folder, self.load = spec, root, root.parent, load
        self.files: dict[Path, Spec] = {root: spec}
        self.placed: dict[tuple[Path, JsonPath], JsonPath] = {}

    def run(self) -> None:
        refs = [(holder, ref) for holder, ref in iter_refs(self.spec.document) if not ref.startswith("#")]
        refs.sort(key=lambda item: not _is_component(item[0]))  # a component's own name wins
        for holder, ref in refs:
            self._rewrite(holder, ref, self.root)

    def _rewrite(self, holder: JsonPath, ref: str, base: Path) -> None:
        """Point the ``$ref`` at ``holder`` (written in ``base``) into the bundle."""
        if kind_at(holder) == "data":
            return
        target = self._target(holder, ref, base)
        if target is None:
            return
        file, pointer = target
        node = lookup(self.spec.document, holder)
        if (file, pointer) in self.placed or file == self.root:
            node["$ref"] = encode(self._placed(file, pointer))
            return
        value = lookup(self.files[file].document, pointer)
        if value is MISSING:
            self._problem(holder, f"$ref {ref!r} points at nothing in {self.files[file].file}")
            return
        if _is_component(holder) and set(node) == {"$ref"}:
            self._graft(holder, file, pointer, value)  # the component becomes what it referred to
            return
        destination = self._destination(holder, file, pointer)
        if destination is None:
            self._graft(holder, file, pointer, value)  # nowhere else to put it: inline
            return
        node["$ref"] = encode(destination)
        self._graft(destination, file, pointer, value)

    def _target(self, holder: JsonPath, ref: str, base: Path) -> tuple[Path, JsonPath] | None:
        """The file and pointer ``ref`` names, or None after a finding saying why it cannot be read."""
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            self._problem(holder, f"$ref {ref!r} is a URL: seamgen reads only files in the spec's folder")
            return None
        file = (base.parent / unquote(parts.path)).resolve() if parts.path else base
        pointer = decode("#" + parts.fragment)
        if pointer is None:
            self._problem(holder, f"$ref {ref!r} is not a JSON pointer")
            return None
        if not file.is_relative_to(self.folder):
            self._problem(holder, f"$ref {ref!r} is outside the spec's folder {self.folder}")
            return None
        if file not in self.files:
            if not file.is_file():
                self._problem(holder, f"$ref {ref!r}: no such file {self._shown(file)}")
                return None
            loaded = self.load(file, self._shown(file))
            if isinstance(loaded, Diagnostic):
                self.spec.ref_problems[holder] = loaded
                return None
            self.files[file] = loaded
        return file, pointer

    def _placed(self, file: Path, pointer: JsonPath) -> JsonPath:
        if file == self.root:
            return pointer
        return self.placed[(file, pointer)]

    def _destination(self, holder: JsonPath, file: Path, pointer: JsonPath) -> JsonPath | None:
        """Where a referenced value goes: its own component name, or a new one of its kind."""
        kind = pointer[1] if len(pointer) == 3 and pointer[0] == "components" else kind_at(holder)
        if kind not in COMPONENT_KINDS:
            return None
        name = str(pointer[-1]) if pointer else file.name.split(".")[0]
        components = self.spec.document.setdefault("components", {}).setdefault(kind, {})
        taken, suffix = name, 1
        while taken in components:
            suffix += 1
            taken = f"{name}{suffix}"
        return ("components", str(kind), taken)

    def _graft(self, destination: JsonPath, file: Path, pointer: JsonPath, value: Any) -> None:
        """Copy ``value`` to ``destination`` with its positions and file, then follow its references."""
        self.placed[(file, pointer)] = destination
        source = self.files[file]
        parent = lookup(self.spec.document, destination[:-1])
        parent[destination[-1]] = copied = copy.deepcopy(value)
        tables = ((self.spec.positions, source.positions), (self.spec.key_positions, source.key_positions))
        for suffix in _paths(copied):
            for table, origin in tables:
                if (*pointer, *suffix) in origin:
                    table[(*destination, *suffix)] = origin[(*pointer, *suffix)]
        self.spec.origins[destination] = source.file
        for holder, ref in list(iter_refs(copied)):
            self._rewrite((*destination, *holder), ref, file)

    def _problem(self, holder: JsonPath, message: str) -> None:
        self.spec.ref_problems[holder] = self.spec.diagnostic((*holder, "$ref"), "error", message, "ref-resolves")

    def _shown(self, file: Path) -> str:
        """``file`` named as findings name it: beside the spec's own name, as the user typed it."""
        return os.path.normpath(os.path.join(os.path.dirname(self.spec.file), os.path.relpath(file, self.folder)))


def _is_component(path: JsonPath) -> bool:
    return len(path) == 3 and path[0] == "components"


def _paths(node: Any, path: JsonPath = ()) -> list[JsonPath]:
    """Every path inside ``node``, itself first."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found
