"""Where every value and key of a JSON text stands, in one pass over its tokens.

JSON specs are parsed by the ``json`` module (exact escapes, surrogate pairs included, and ten
times faster than composing them as YAML); this scan only records the 1-based line and column of
each value and mapping key by its path, and finds what ``json`` lets through but a spec must not
hold: duplicate keys, nesting past the limit, ``NaN``/``Infinity`` and unpaired surrogates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

Path = tuple[str | int, ...]
Position = tuple[int, int]

# A string (unrolled: no per-character alternation), a structural character, or a bare scalar.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = frozenset({"true", "false", "null"})


class JsonProblem(Exception):
    """Something a spec must not hold, at a 1-based line and column, under a lint rule id."""

    def __init__(self, line: int, column: int, message: str, rule: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.rule = line, column, message, rule


@dataclass
class _Frame:
    """An open object or array: its path, the key or index being read, and the keys seen."""

    path: Path
    is_object: bool
    index: int = 0
    key: str | None = None
    expect_key: bool = True
    keys: dict[str, Position] = field(default_factory=dict)

    def child(self) -> Path:
        return (*self.path, self.key if self.is_object else self.index)  # type: ignore[arg-type]


@dataclass
class Positions:
    """The positions of a JSON text's values and keys, by path."""

    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)


def scan(text: str, max_depth: int) -> Positions:
    """Positions of ``text``, which ``json.loads`` has accepted; raises ``JsonProblem``."""
    found = Positions()
    stack: list[_Frame] = []
    line, line_start, last = 1, 0, 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        newlines = text.count("\n", last, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, start) + 1
        last = start
        here = (line, start - line_start + 1)
        token = match.group()
        frame = stack[-1] if stack else None
        if token in ",:":
            if frame is not None and token == ",":
                frame.index += 1
                frame.expect_key = frame.is_object
            elif frame is not None:
                frame.expect_key = False
            continue
        if token in "]}":
            stack.pop()
            continue
        if frame is not None and frame.is_object and frame.expect_key:
            frame.key = _string(token, here)
            if frame.key in frame.keys:
                message = f"duplicate key {frame.key!r} (first defined on line {frame.keys[frame.key][0]})"
                raise JsonProblem(*here, message, "yaml-duplicate-key")
            frame.keys[frame.key] = here
            found.keys[frame.child()] = here
            continue
        path = frame.child() if frame is not None else ()
        found.values[path] = here
        if token in "[{":
            if len(stack) >= max_depth:
                raise JsonProblem(*here, f"nesting deeper than {max_depth} levels", "yaml-limits")
            stack.append(_Frame(path, token == "{"))
        elif token[0] == '"':
            _string(token, here)
        elif token not in _LITERALS and not token[-1].isdigit():
            raise JsonProblem(*here, f"{token} is not a JSON value")
    return found


def _string(token: str, here: Position) -> str:
    """The text of a string token; one with an unpaired surrogate cannot be written as UTF-8."""
    if "\\" not in token:
        return token[1:-1]
    value: str = json.loads(token)
    if _SURROGATE.search(value):
        raise JsonProblem(*here, "string holds an unpaired UTF-16 surrogate escape")
    return value
