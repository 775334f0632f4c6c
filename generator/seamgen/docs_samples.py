"""The endpoint pages' code samples: each call with the examples' values, and what it prints.

The Python sample calls the generated client as the client's view names it (the method's path
from the client, its arguments' names); JavaScript and Ruby use Seam's SDK call shapes. A sample
prints the success response's example; an endpoint without one gets the call alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from seamgen.filters import py_str
from seamgen.ir import Api, Endpoint, ListOf, Named, Nullable, ObjectType, TypeExpr, UnionType
from seamgen.python_client import PyClient, python_client
from seamgen.python_names import TypeNames, field_name
from seamgen.text import Code, Identifier, SpecText, snake, words


@dataclass(frozen=True)
class CodeSample:
    label: SpecText
    language: Identifier
    fence: Code
    code: Code
    """The call and, as comments, what it prints."""


def fence_for(text: str) -> Code:
    """A code fence longer than any backtick run in ``text``, so the text cannot close it."""
    return Code("`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1))


class Samples:
    """Code samples for the endpoints of one ``api`` (the Python names are computed once, if asked for)."""

    def __init__(self, api: Api) -> None:
        self.api = api

    @cached_property
    def client(self) -> PyClient:
        return python_client(self.api)

    @cached_property
    def types(self) -> dict[Identifier, Identifier]:
        return TypeNames(self.api).types

    def of(self, endpoint: Endpoint, example: Any) -> tuple[CodeSample, ...]:
        """The samples ``x-seamgen.docs.code-samples`` asks for, calling ``endpoint``; ``example``
        is its success response's body (None: not documented, so no output is shown)."""
        args = {str(p.name): p.example for p in endpoint.parameters if p.example is not None}
        key = str(endpoint.response_key) if endpoint.response_key else None
        result = example.get(key) if isinstance(example, dict) and key else example
        renderers = {"python": self._python, "javascript": _javascript, "ruby": _ruby}
        samples = []
        for language in self.api.code_samples:
            render = renderers.get(str(language.language))
            if render is not None:
                code = render(endpoint, args, result, example is not None)
                samples.append(CodeSample(language.label, language.language, fence_for(code), Code(code)))
        return tuple(samples)

    def _python(self, endpoint: Endpoint, args: dict[str, Any], result: Any, shown: bool) -> str:
        method = self.client.method_of(endpoint)
        names = {str(p.wire): p.name for p in method.params if p.wire}
        arguments = ", ".join(f"{names[k]}={_py(v)}" for k, v in args.items() if k in names)
        call = f"{snake(self.client.names.client)}.{method.call}({arguments})"
        return _with_output(call, "#", self._python_output(endpoint.returns, result) if shown else [])

    def _python_output(self, expr: TypeExpr | None, value: Any) -> list[str]:
        """What ``print(repr(result))`` shows, one top-level field or item per line (as the seed does)."""
        if isinstance(value, list) and isinstance(expr, ListOf):
            items = [self._python_repr(expr.item, item) for item in value]
            return ["[", *(f"  {item}," for item in items[:-1]), *(f"  {item}" for item in items[-1:]), "]"]
        return _split_call(self._python_repr(expr, value))

    def _python_repr(self, expr: TypeExpr | None, value: Any) -> str:
        """The repr the generated pydantic models give ``value`` parsed as ``expr``."""
        if isinstance(expr, Nullable):
            return "None" if value is None else self._python_repr(expr.inner, value)
        found = self.api.types.get(expr.name) if isinstance(expr, Named) else None
        if isinstance(found, UnionType) and isinstance(value, dict):
            tag = tuple(value.get(str(p)) for p in found.discriminator)
            variant = next((v.type for v in found.variants if v.tag == tag), None)
            return self._python_repr(variant, value) if variant else repr(value)
        if isinstance(found, ObjectType) and isinstance(value, dict):
            taken: set[str] = set()
            fields = [
                f"{field_name(p.ident, taken)}={self._python_repr(p.type, value[p.name])}"
                for p in found.properties
                if p.name in value
            ]
            extras = [f"{k}={_py(v)}" for k, v in value.items() if k not in {p.name for p in found.properties}]
            return f"{self.types[found.name]}({', '.join(fields + extras)})"
        if isinstance(expr, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self._python_repr(expr.item, v) for v in value) + "]"
        return repr(value)


def _with_output(call: str, comment: str, lines: list[str]) -> str:
    """The call, then what it prints as comments (nothing when the spec has no example)."""
    if not lines:
        return call
    return call + "\n\n" + "\n".join(f"{comment} {line}".rstrip() for line in lines)


def _py(value: Any) -> str:
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(_py, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _split_call(text: str) -> list[str]:
    match = re.fullmatch(r"(\w+)\((.*)\)", text, re.S)
    if not match or not match.group(2):
        return [text]
    parts = _top_level_parts(match.group(2))
    return [f"{match.group(1)}(", *(f"  {part}," for part in parts[:-1]), f"  {parts[-1]}", ")"]


def _top_level_parts(text: str) -> list[str]:
    parts, depth, current, quote = [], 0, "", ""
    for index, char in enumerate(text):
        if quote:
            current += char
            if char == quote and text[index - 1] != "\\":
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    return [*parts, current.strip()] if current.strip() else parts


def _camel(name: str) -> str:
    parts = words(name)
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:]) if parts else name


def _javascript(endpoint: Endpoint, args: dict[str, Any], result: Any, shown: bool) -> str:
    target = ".".join(_camel(part) for part in (*endpoint.group, endpoint.name))
    fields = "".join(f"  {_js_key(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in args.items())
    call = f"await seam.{target}({{\n{fields}}});" if args else f"await seam.{target}();"
    return _with_output(call, "//", _js(result, 0).splitlines() if shown else [])


def _js_key(key: str) -> str:
    """An object key as Node prints it: bare when it is an identifier, else quoted."""
    return key if re.fullmatch(r"[A-Za-z_$][\w$]*", key) else _js(key, 0)


def _js(value: Any, depth: int) -> str:
    """``value`` as Node's ``console.log`` prints it: single quotes, bare keys, two-space indents."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(f"{inner}{_js_key(k)}: {_js(v, depth + 1)}" for k, v in value.items())
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, list):
        return "[]" if not value else "[\n" + ",\n".join(inner + _js(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, str):
        return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    return "null" if value is None else json.dumps(value)


def _ruby(endpoint: Endpoint, args: dict[str, Any], result: Any, shown: bool) -> str:
    target = ".".join((*endpoint.group, endpoint.name))
    call = f"seam.{target}(" + ", ".join(f"{_rb_key(k)} {_rb(v, 0)}" for k, v in args.items()) + ")"
    return _with_output(call, "#", _rb(result, 0).splitlines() if shown else [])


def _rb_key(key: str) -> str:
    """A keyword argument's label: ``name:``, or ``"name":`` when the name is no Ruby identifier."""
    return f"{key}:" if re.fullmatch(r"[a-z_][A-Za-z0-9_]*", key) else f"{_rb(key, 0)}:"


def _rb(value: Any, depth: int) -> str:
    """``value`` as Ruby's ``pp`` prints the Hash the SDK returns."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(
            f"{inner}{json.dumps(k, ensure_ascii=False)} => {_rb(v, depth + 1)}" for k, v in value.items()
        )
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, list):
        return "[]" if not value else "[\n" + ",\n".join(inner + _rb(v, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("#{", "\\#{")
    return "nil" if value is None else json.dumps(value)
