"""Python names and type annotations for the spec's elements, shared by the models and the client.

Everything here is specific to Python (keywords, pydantic's reserved names, ``Literal`` syntax);
the intermediate model stays language-neutral.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from functools import cmp_to_key

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
    Property,
    Scalar,
    TypeExpr,
    UnionType,
)
from seamgen.text import Code, Identifier, unique, words

# Names models.py imports or defines itself; a spec type with one of these names is renamed.
RESERVED_TYPE_NAMES = frozenset(
    {
        "Annotated", "Any", "Field", "Literal", "MODEL_CONFIG", "OpenEnum", "OpenIntEnum", "OrUnset",
        "SeamModel", "StrictBool", "StrictInt", "StrictNumber", "Tag", "TypeAlias", "UNSET", "Union", "dataclass",
        "model_validator", "only_unknown", "validate_unknown_fields", "None", "True", "False",
    }
)  # fmt: skip
# The package exports these beside the models; its client's own names give way to the models'.
PACKAGE_NAMES = frozenset({"UNSET", "Unset", "WaitOptions"})
# resources.py imports these beside the models it annotates with (client.py too), so no model takes one.
CLIENT_MODULE_NAMES = frozenset(
    {
        "TYPE_CHECKING", "AsyncTransport", "Call", "FileContent", "ParameterStyle", "Settings", "SyncTransport",
        "TracebackType", "TypeAdapter", "TypedDict",
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


# ruff's line length, which the generated pyproject.toml keeps.
LINE_LENGTH = 120
# The longest class name: `class <name>(SeamModel):` and `<name>: TypeAlias = Annotated[` must fit.
MAX_NAME = 80


def literal(value: Scalar) -> Code:
    """A Python literal for a JSON scalar. Non-ASCII characters of a string are escapes: a value
    is data, and one that looks like another (a Cyrillic letter, a typographic quote) must not
    pass for it in the source."""
    if not isinstance(value, str):
        return Code(repr(value))
    return Code(py_str(value).encode("ascii", "backslashreplace").decode("ascii"))


def tuple_literal(items: list[Code]) -> Code:
    """``(a,)`` or ``(a, b)``, as a formatter writes them."""
    return Code(f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})")


def declaration(name: str, annotation: Code, default: Code, indent: int = 4) -> tuple[Code, ...]:
    """``name: annotation<default>`` as lines that fit ruff's line length at ``indent``: the default
    split at its own brackets when that is enough, else the annotation parenthesized and split at
    its ``|`` and brackets too. Lines after the first are indented relative to the first."""
    value = default.removeprefix(" = ")
    lines = wrap(value, indent, f"{name}: {annotation} = ") if value else [f"{' ' * indent}{name}: {annotation}"]
    if any(len(line) > LINE_LENGTH for line in lines):
        inner = wrap(annotation, indent + 4)
        lines = [f"{' ' * indent}{name}: (", *inner, *(wrap(value, indent, ") = ") if value else [" " * indent + ")"])]
    return tuple(Code(line[indent:]) for line in lines)


def assignment(name: str, value: Code, indent: int = 4) -> tuple[Code, ...]:
    """``name = value`` as lines that fit ruff's line length at ``indent`` (the value parenthesized
    on a line of its own when it does not fit beside the name)."""
    line = f"{name} = {value}"
    if indent + len(line) <= LINE_LENGTH:
        return (Code(line),)
    return (Code(f"{name} = ("), Code(f"    {value}"), Code(")"))


def wrap(code: str, indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    """``prefix``, ``code`` (an expression inside brackets) and ``suffix`` as lines within the line
    length, each with its indentation: split at top-level ``|``, then inside a subscript's or a
    call's brackets at its commas."""
    pad = " " * indent
    if indent + len(prefix) + len(code) + len(suffix) <= LINE_LENGTH:
        return [pad + prefix + code + suffix]
    options = split_top_level(code, " | ")
    if len(options) > 1:
        last = len(options) - 1
        return [
            line
            for index, option in enumerate(options)
            for line in wrap(option, indent, "| " if index else "", suffix if index == last else "")
        ]
    opening = re.match(r"[\w.]+([\[(])", code)
    closing = {"[": "]", "(": ")"}[opening.group(1)] if opening else ""
    if opening and code.endswith(closing):
        items = split_top_level(code[opening.end() : -1], ", ")
        inner = [line for item in items for line in wrap(item, indent + 4, suffix=",")]
        return [pad + prefix + opening.group(), *inner, pad + closing + suffix]
    return [pad + prefix + code + suffix]  # one name or literal: nothing to split


def split_top_level(code: str, separator: str) -> list[str]:
    """``code`` split at ``separator`` where it stands outside brackets and string literals."""
    parts, depth, start, index, quote = [], 0, 0, 0, ""
    while index < len(code):
        char = code[index]
        if quote:
            index += 2 if char == "\\" else 1
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif depth == 0 and code.startswith(separator, index):
            parts.append(code[start:index])
            start = index = index + len(separator)
            continue
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        index += 1
    return [*parts, code[start:]]


class TypeNames:
    """Python names for the spec's types: unique, never a name models.py or the package's
    ``__init__`` uses for something else, never starting with an underscore (a private name)."""

    def __init__(self, api: Api) -> None:
        taken: set[str] = set(RESERVED_TYPE_NAMES | PACKAGE_NAMES | CLIENT_MODULE_NAMES)
        self.types = {name: unique(self._safe(name), taken) for name in api.types}
        self.fallbacks = {
            name: unique(Identifier(f"Unknown{self.types[name]}"), taken)
            for name, kind in api.types.items()
            if isinstance(kind, UnionType)
        }

    @staticmethod
    def _safe(name: Identifier) -> Identifier:
        public = name if name[:1].isalpha() else Identifier(f"Model{name.lstrip('_')}")
        public = _shortened(public)
        return Identifier(f"{public}Model") if public in RESERVED_TYPE_NAMES | PACKAGE_NAMES else public


def _shortened(name: Identifier) -> Identifier:
    """A name short enough that the lines declaring and using it fit: its first word and as many
    of its last words as ``MAX_NAME`` allows (a deep inline schema's name grows with its path)."""
    if len(name) <= MAX_NAME:
        return name
    first, *rest = words(name)
    kept: list[str] = []
    for word in reversed(rest):
        if len(first) + len(word) + sum(map(len, kept)) > MAX_NAME:
            break
        kept.insert(0, word)
    return Identifier(first + "".join(kept))


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


def field_names(properties: Iterable[Property]) -> dict[str, Identifier]:
    """Each property's attribute on its model, by its JSON name: the names ``field_name`` gives the
    properties in order, so the models, the docs' samples and ``seamgen diff`` agree."""
    taken: set[str] = set()
    return {str(prop.name): field_name(prop.ident, taken) for prop in properties}


def member_name(ident: Identifier, taken: set[str]) -> Identifier:
    """An enum member's name: the model's ``SCREAMING_SNAKE`` identifier, unique in its class
    (and never private: a leading underscore would make it one)."""
    return unique(Identifier(ident.lstrip("_") or "VALUE"), taken)


def _natural(a: str, b: str) -> int:
    """Compare as ruff does (``natord``): digit runs as numbers, a run with a leading zero digit by digit."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i].isdigit() and b[j].isdigit():
            end_a, end_b = i, j
            while end_a < len(a) and a[end_a].isdigit():
                end_a += 1
            while end_b < len(b) and b[end_b].isdigit():
                end_b += 1
            run_a, run_b = a[i:end_a], b[j:end_b]
            if a[i] == "0" or b[j] == "0":  # left-aligned: the first differing digit, then the longer run
                order = _cmp(run_a[: len(run_b)], run_b[: len(run_a)]) or _cmp(len(run_a), len(run_b))
            else:  # right-aligned: the longer run, then the first differing digit
                order = _cmp(len(run_a), len(run_b)) or _cmp(run_a, run_b)
            if order:
                return order
            i, j = end_a, end_b
        elif a[i] != b[j]:
            return _cmp(a[i], b[j])
        else:
            i, j = i + 1, j + 1
    return _cmp(len(a) - i, len(b) - j)


def _cmp(a: str | int, b: str | int) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


def _kind(name: str) -> int:
    """Constants (``SCREAMING_CASE``, two characters or more), then classes, then the rest."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        return 0
    return 1 if name[:1].isupper() else 2


def isort_order(names: Iterable[str]) -> list[Identifier]:
    """Names as ruff's isort orders one ``from … import``: by kind, then naturally ignoring case."""

    def compare(a: str, b: str) -> int:
        return _cmp(_kind(a), _kind(b)) or _natural(a.lower(), b.lower()) or _natural(a, b)

    return [Identifier(name) for name in sorted(set(names), key=cmp_to_key(compare))]


def all_order(names: Iterable[str]) -> list[Identifier]:
    """Names as ruff orders ``__all__`` (RUF022): by kind, then naturally, case counting."""

    def compare(a: str, b: str) -> int:
        return _cmp(_kind(a), _kind(b)) or _natural(a, b)

    return [Identifier(name) for name in sorted(set(names), key=cmp_to_key(compare))]


class Annotations:
    """Type annotations as code; records the imported names they use."""

    def __init__(self, names: TypeNames) -> None:
        self.names = names
        self.used: set[str] = set()
        self.used_names: set[str] = set()
        """Spec type names the annotations mention."""

    def spell(self, builtin: str) -> Code:
        """How the annotations spell a builtin type (a class whose member shadows it says otherwise)."""
        return Code(builtin)

    def __call__(self, expr: TypeExpr) -> Code:
        if isinstance(expr, Primitive):
            self.used.add(PRIMITIVES[expr.kind])
            return Code(PRIMITIVES[expr.kind])
        if isinstance(expr, Constant):
            if expr.value is None:
                return Code("None")
            if isinstance(expr.value, float):  # a Literal may not hold a float
                return self(expr.of)
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
            if all(isinstance(o, Constant) and isinstance(o.value, str | int) for o in expr.options):
                self.used.add("Literal")
                values = dict.fromkeys(literal(option.value) for option in expr.options if isinstance(option, Constant))
                return Code(f"Literal[{', '.join(values)}]")
            rendered = [part for option in expr.options for part in split_top_level(self(option), " | ")]
            parts = list(dict.fromkeys(rendered))
            if "Any" in parts:
                return Code("Any")
            last = ["None"] if "None" in parts else []  # None stays last, as ruff's RUF036 asks
            return Code(" | ".join([*(part for part in parts if part != "None"), *last]))
        assert isinstance(expr, AnyValue)
        self.used.add("Any")
        return Code("Any")
