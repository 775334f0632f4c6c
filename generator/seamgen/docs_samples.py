"""The endpoint pages' code samples: each call with the examples' values, and what it prints.

The Python sample calls the generated client as the client's view names it (the method's path
from the client, its arguments' names); JavaScript and Ruby use Seam's SDK call shapes. A sample
prints the success response's example; an endpoint without one gets the call alone.

Samples are built from values, never from spec text pasted into code: every name is an identifier
of the sample's language or a string literal of it, every value a literal written by that
language's rules (no interpolation, no raw line break that could end a comment, no GitBook tag).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from seamgen.filters import literal_untagged, py_str
from seamgen.ir import Api, Endpoint, ListOf, Named, Nullable, ObjectType, TypeExpr, UnionType
from seamgen.python_client import PyClient, python_client
from seamgen.python_names import TypeNames, field_names
from seamgen.text import Code, Identifier, SpecText, is_python_identifier, snake, words


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
        arguments = ", ".join(f"{names[k]}={_py(v, py_str)}" for k, v in args.items() if k in names)
        call = f"{snake(self.client.names.client)}.{method.call}({arguments})"
        return _with_output(call, "#", self._python_output(endpoint.returns, result) if shown else [])

    def _python_output(self, expr: TypeExpr | None, value: Any) -> list[str]:
        """What ``print(repr(result))`` shows, one top-level field or item per line (as the seed does)."""
        if isinstance(value, list) and isinstance(expr, ListOf):
            items = [self._python_repr(expr.item, item) for item in value]
            return ["[", *(f"  {item}," for item in items[:-1]), *(f"  {item}" for item in items[-1:]), "]"]
        model = self._python_model(expr, value)
        if model is None or not model[1]:
            return [self._python_repr(expr, value)]
        name, fields = model
        return [f"{name}(", *(f"  {field}," for field in fields[:-1]), f"  {fields[-1]}", ")"]

    def _python_model(self, expr: TypeExpr | None, value: Any) -> tuple[str, list[str]] | None:
        """The class and the ``name=repr`` fields of the model ``value`` parses as (None: no model)."""
        if isinstance(expr, Nullable):
            return None if value is None else self._python_model(expr.inner, value)
        found = self.api.types.get(expr.name) if isinstance(expr, Named) else None
        if isinstance(found, UnionType) and isinstance(value, dict):
            tag = tuple(value.get(str(p)) for p in found.discriminator)
            variant = next((v.type for v in found.variants if v.tag == tag), None)
            return self._python_model(variant, value) if variant else None
        if not (isinstance(found, ObjectType) and isinstance(value, dict)):
            return None
        attributes = field_names(found.properties)
        shown = [p for p in found.properties if p.name in value]
        fields = [f"{attributes[p.name]}={self._python_repr(p.type, value[p.name])}" for p in shown]
        extras = {k: v for k, v in value.items() if k not in {p.name for p in found.properties}}
        return str(self.types[found.name]), fields + _python_extras(extras)

    def _python_repr(self, expr: TypeExpr | None, value: Any) -> str:
        """The repr the generated pydantic models give ``value`` parsed as ``expr``."""
        model = self._python_model(expr, value)
        if model is not None:
            return f"{model[0]}({', '.join(model[1])})"
        if isinstance(expr, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self._python_repr(expr.item, v) for v in value) + "]"
        return _py(value, repr)


def _python_extras(extras: dict[str, Any]) -> list[str]:
    """Unknown fields as the model's repr shows them (``name=value``); a key that is no Python
    identifier is shown as the ``**{...}`` that would pass it, never as raw text."""
    named = [f"{k}={_py(v, repr)}" for k, v in extras.items() if is_python_identifier(k)]
    others = {k: v for k, v in extras.items() if not is_python_identifier(k)}
    return named + ([f"**{_py(others, repr)}"] if others else [])


def _with_output(call: str, comment: str, lines: list[str]) -> str:
    """The call, then what it prints as comments (nothing when the spec has no example)."""
    if not lines:
        return call
    return call + "\n\n" + "\n".join(f"{comment} {line}".rstrip() for line in lines)


def _py(value: Any, string: Callable[[str], str]) -> str:
    """A JSON value as a Python literal, its strings written by ``string`` (``repr`` as a model's
    repr shows them, ``py_str`` in a call); repr escapes every unprintable character."""
    if isinstance(value, str):
        return literal_untagged(string(value))
    if isinstance(value, list):
        return "[" + ", ".join(_py(v, string) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k, string)}: {_py(v, string)}" for k, v in value.items()) + "}"
    return repr(value)


def json_literal(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON (also a JavaScript expression): unprintable characters escaped, as a line
    break in a string would end a ``//`` comment (JavaScript breaks lines at U+2028 too)."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return literal_untagged(_escape_unprintable(text, _json_escape))


def _json_escape(char: str) -> str:
    return json.dumps(char)[1:-1]


def _braced_escape(char: str) -> str:
    """``\\u{...}``: JavaScript's and Ruby's escape for any code point."""
    return f"\\u{{{ord(char):x}}}"


def _escape_unprintable(text: str, escape: Callable[[str], str]) -> str:
    """``text`` with every unprintable character but its line breaks escaped; a printable line is kept whole
    (nearly all are: walking every character of GitHub's examples took three seconds)."""
    return "\n".join(
        line if line.isprintable() else "".join(char if char.isprintable() else escape(char) for char in line)
        for line in text.split("\n")
    )


def _quoted(value: str, quote: str, escapes: dict[str, str]) -> str:
    """A ``quote``-delimited literal of the C family (JavaScript, Ruby): backslash, the quote,
    line breaks and other unprintable characters escaped, then ``escapes`` (Ruby's ``#{``)."""
    body = "".join(
        "\\" + char if char in ("\\", quote) else _C_ESCAPES.get(char) or _escape_unprintable(char, _braced_escape)
        for char in value
    )
    for pattern, replacement in escapes.items():
        body = re.sub(pattern, replacement, body)
    return literal_untagged(quote + body + quote)


_C_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _camel(name: str) -> str:
    parts = words(name)
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:]) if parts else name


def _javascript(endpoint: Endpoint, args: dict[str, Any], result: Any, shown: bool) -> str:
    target = ".".join(_camel(part) for part in (*endpoint.group, endpoint.name))
    fields = "".join(f"  {_js_key(k)}: {json_literal(v)},\n" for k, v in args.items())
    call = f"await seam.{target}({{\n{fields}}});" if args else f"await seam.{target}();"
    return _with_output(call, "//", _js(result, 0).splitlines() if shown else [])


def _js_key(key: str) -> str:
    """An object key as Node prints it: bare when it is an identifier, else quoted."""
    return key if re.fullmatch(r"[A-Za-z_$][\w$]*", key, re.ASCII) else _js(key, 0)


def _js(value: Any, depth: int) -> str:
    """``value`` as Node's ``console.log`` prints it: single quotes, bare keys, two-space indents."""
    return _printed(value, depth, lambda key, item: f"{_js_key(key)}: {item}", _js_scalar)


def _js_scalar(value: Any) -> str:
    if isinstance(value, str):
        return _quoted(value, "'", {})
    return "null" if value is None else json.dumps(value)


def _printed(value: Any, depth: int, entry: Callable[[str, str], str], scalar: Callable[[Any], str]) -> str:
    """Objects and arrays over lines at two-space indents, as Node and Ruby print them: each object
    entry as ``entry`` spells a key and its printed value, everything else as ``scalar``."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = ",\n".join(f"{inner}{entry(k, _printed(v, depth + 1, entry, scalar))}" for k, v in value.items())
        return "{\n" + body + "\n" + pad + "}"
    if isinstance(value, list):
        items = ",\n".join(inner + _printed(v, depth + 1, entry, scalar) for v in value)
        return "[]" if not value else "[\n" + items + "\n" + pad + "]"
    return scalar(value)


def _ruby(endpoint: Endpoint, args: dict[str, Any], result: Any, shown: bool) -> str:
    target = ".".join((*endpoint.group, endpoint.name))
    call = f"seam.{target}(" + ", ".join(f"{_rb_key(k)} {_rb(v, 0)}" for k, v in args.items()) + ")"
    return _with_output(call, "#", _rb(result, 0).splitlines() if shown else [])


def _rb_key(key: str) -> str:
    """A keyword argument's label: ``name:``, or ``"name":`` when the name is no Ruby identifier."""
    return f"{key}:" if re.fullmatch(r"[a-z_][A-Za-z0-9_]*", key) else f"{_rb(key, 0)}:"


def _rb(value: Any, depth: int) -> str:
    """``value`` as Ruby's ``pp`` prints the Hash the SDK returns."""
    return _printed(value, depth, lambda key, item: f"{_rb_scalar(key)} => {item}", _rb_scalar)


def _rb_scalar(value: Any) -> str:
    if isinstance(value, str):
        return _quoted(value, '"', {r"#(?=[{$@])": r"\\#"})  # "#{x}", "#$0", "#@x" interpolate
    return "nil" if value is None else json.dumps(value)
