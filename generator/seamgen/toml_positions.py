"""Where a key stands in a TOML file: tomllib returns plain dicts without positions, and the
libraries that keep them (tomlkit) do not expose lines either.

Rather than re-parse TOML by hand, this asks tomllib itself: a key is defined on the first line
whose prefix of the file parses and holds it. A prefix that stops inside a multi-line string or
array does not parse, so text in strings is never mistaken for a key.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the backport tomllib was made from
    import tomli as tomllib

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_AT = re.compile(r" \(at line (\d+), column (\d+)\)$")
_AT_END = " (at end of document)"


def key_position(text: str, keys: tuple[str, ...]) -> tuple[int, int]:
    """1-based line and column of the last key of ``keys`` (a path of tables) in ``text``."""
    lines = text.split("\n")
    for end in range(1, len(lines) + 1):
        if keys and _holds("\n".join(lines[:end]), keys):
            return _name_position(lines[:end], keys[-1])
    return 1, 1


def syntax_error_position(text: str, message: str) -> tuple[str, int, int]:
    """tomllib's error message split into its text and the line and column it ends with."""
    found = _AT.search(message)
    if found:
        return message[: found.start()], int(found[1]), int(found[2])
    lines = text.split("\n")
    return message.removesuffix(_AT_END), len(lines), len(lines[-1]) + 1


def _holds(prefix: str, keys: tuple[str, ...]) -> bool:
    try:
        found: Any = tomllib.loads(prefix)
    except tomllib.TOMLDecodeError:
        return False
    for key in keys:
        if not isinstance(found, dict) or key not in found:
            return False
        found = found[key]
    return True


def _name_position(lines: list[str], key: str) -> tuple[int, int]:
    """The key's name on the last line, or on the nearest line above (its value may span lines):
    bare or quoted, after a line start, space, dot, bracket, brace or comma and before ``=``,
    ``.`` or ``]``."""
    spellings = [json.dumps(key, ensure_ascii=False), f"'{key}'"]
    if _BARE_KEY.fullmatch(key):
        spellings.insert(0, key)
    name = re.compile(r"(?:^|[\s.\[{,])(" + "|".join(map(re.escape, spellings)) + r")\s*[=.\]]")
    for index in range(len(lines) - 1, -1, -1):
        found = name.search(lines[index])
        if found:
            return index + 1, found.start(1) + 1
    return len(lines), 1
