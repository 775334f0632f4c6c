"""Python names and type annotations for the spec's elements, shared by the models and the client.

Everything here is specific to Python (keywords, pydantic's reserved names, ``Literal`` syntax);
the intermediate model stays language-neutral.
"""

from __future__ import annotations

import keyword

from seamgen.filters import py_str
from seamgen.ir import (
    AnyOf,
    AnyValue,
    Api,
    Constant,
    ListOf,
    MapOf,
    Named,
    Nullable,
    Primitive,
    Scalar,
    TypeExpr,
    UnionType,
)
from seamgen.text import Code, Identifier, unique

# Names models.py imports or defines itself; a spec type with one of these names is renamed.
RESERVED_TYPE_NAMES = frozenset(
    {
        "Annotated", "Any", "Field", "Literal", "MISSING", "MODEL_CONFIG", "OpenEnum",
        "SeamModel", "StrictBool", "StrictInt", "StrictNumber", "Tag", "TypeAlias", "Union", "dataclass",
        "model_validator", "only_unknown", "validate_unknown_fields", "None", "True", "False",
    }
)  # fmt: skip
# A field may not shadow a name the class's annotations use: its default would replace it there.
BUILTIN_TYPES = frozenset({"bool", "bytes", "dict", "float", "frozenset", "int", "list", "str", "tuple"})
RESERVED_FIELD_NAMES = RESERVED_TYPE_NAMES | BUILTIN_TYPES
# JSON types as annotations: strict, so a string "5" is not an integer and "true" is not a boolean.
PRIMITIVES = {
    "string": "str",
    "integer": "StrictInt",
    "number": "StrictNumber",
    "boolean": "StrictBool",
    "null": "None",
}


def literal(value: Scalar) -> Code:
    """A Python literal for a JSON scalar."""
    return Code(py_str(value) if isinstance(value, str) else repr(value))


def tuple_literal(items: list[Code]) -> Code:
    """``(a,)`` or ``(a, b)``, as a formatter writes them."""
    return Code(f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})")


class TypeNames:
    """Python names for the spec's types: reserved names and collisions get a suffix."""

    def __init__(self, api: Api) -> None:
        taken: set[str] = set(RESERVED_TYPE_NAMES)
        self.types = {name: unique(self._safe(name), taken) for name in api.types}
        self.fallbacks = {
            name: unique(Identifier(f"Unknown{self.types[name]}"), taken)
            for name, kind in api.types.items()
            if isinstance(kind, UnionType)
        }

    @staticmethod
    def _safe(name: Identifier) -> Identifier:
        return Identifier(f"{name}Model") if name in RESERVED_TYPE_NAMES else name


def field_name(ident: Identifier, taken: set[str]) -> Identifier:
    """A dataclass-safe attribute name, as close to the JSON name as Python allows.

    A leading underscore stays (one: two would be name-mangled), so ``_errors`` needs no alias
    and a JSON key ``errors`` stays an unknown field instead of colliding with it. Keywords,
    ``model_`` names (SeamModel's methods) and names annotations use get a trailing ``_``.
    """
    core = ident.lstrip("_")
    name = ("_" if ident.startswith("_") else "") + core if core else "field"
    if keyword.iskeyword(name) or name.startswith("model_") or name in RESERVED_FIELD_NAMES:
        name += "_"
    return unique(Identifier(name), taken)


def member_name(ident: Identifier, taken: set[str]) -> Identifier:
    return unique(Identifier(ident.lstrip("_") or "VALUE"), taken)


class Annotations:
    """Type annotations as code; records the imported names they use."""

    def __init__(self, names: TypeNames) -> None:
        self.names = names
        self.used: set[str] = set()
        self.used_names: set[str] = set()
        """Spec type names the annotations mention."""

    def __call__(self, expr: TypeExpr) -> Code:
        if isinstance(expr, Primitive):
            self.used.add(PRIMITIVES[expr.kind])
            return Code(PRIMITIVES[expr.kind])
        if isinstance(expr, Constant):
            if expr.value is None:
                return Code("None")
            self.used.add("Literal")
            return Code(f"Literal[{literal(expr.value)}]")
        if isinstance(expr, Named):
            self.used_names.add(self.names.types[expr.name])
            return Code(self.names.types[expr.name])
        if isinstance(expr, ListOf):
            return Code(f"list[{self(expr.item)}]")
        if isinstance(expr, MapOf):
            return Code(f"dict[str, {self(expr.value)}]")
        if isinstance(expr, Nullable):
            inner = self(expr.inner)
            return inner if inner in ("None", "Any") else Code(f"{inner} | None")
        if isinstance(expr, AnyOf):
            if all(isinstance(option, Constant) and option.value is not None for option in expr.options):
                self.used.add("Literal")
                values = dict.fromkeys(literal(option.value) for option in expr.options if isinstance(option, Constant))
                return Code(f"Literal[{', '.join(values)}]")
            return Code(" | ".join(dict.fromkeys(self(option) for option in expr.options)))
        assert isinstance(expr, AnyValue)
        self.used.add("Any")
        return Code("Any")
