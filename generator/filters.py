"""The only ways spec text reaches generated files: each filter returns a literal or an
escaped fragment whose meaning cannot change, whatever the text holds (quotes, backslashes,
``\\r``, ``\\u2028``, NUL, template syntax)."""

from __future__ import annotations

import json
import re
import textwrap


def py_str(text: object) -> str:
    """A Python string literal for ``text`` (``repr``, preferring double quotes)."""
    value = str(text)
    literal = repr(value)
    if literal.startswith("'") and '"' not in value:
        literal = '"' + literal[1:-1] + '"'
    return literal


def py_doc(text: object, indent: int = 0, width: int = 88) -> str:
    """Docstring body for ``text``: lines split at every Unicode line break and wrapped at
    ``width``; backslashes, triple quotes and a closing quote escaped; invisible characters
    written as escapes."""
    lines = [
        _doc_line(wrapped)
        for line in str(text).splitlines()
        for wrapped in textwrap.wrap(line, width - indent, break_long_words=False, break_on_hyphens=False) or [""]
    ] or [""]
    body = ("\n" + " " * indent).join(lines).replace(" " * indent + "\n", "\n")
    # No two raw quotes may touch, and none may end the body: then no quote run can close the docstring.
    body = re.sub(r'"(?="|\Z)', r'\\"', body)
    return body + "\n" + " " * indent if "\n" in body else body


def _doc_line(line: str) -> str:
    line = line.replace("\\", "\\\\")
    return "".join(char if char.isprintable() else _escape(char) for char in line)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def toml_str(text: object) -> str:
    """A TOML basic string for ``text`` (JSON escapes are valid TOML; DEL is escaped too)."""
    return json.dumps(str(text), ensure_ascii=True).replace("\x7f", "\\u007f")


PYTHON_FILTERS = {"py_str": py_str, "py_doc": py_doc, "toml_str": toml_str}
