"""Typed strings: text from the spec is untrusted data, identifiers are sanitized names.

Templates only ever see these types for spec-derived strings. The render environments
refuse to print a ``SpecText`` unless a filter turned it into a literal first (see
``render``), so spec text cannot reach generated code by accident.
"""

from __future__ import annotations

import keyword
import re
import unicodedata


class SpecText(str):
    """Text copied from the spec (descriptions, names, values): hostile until escaped."""

    __slots__ = ()


class Identifier(str):
    """An ASCII identifier made from spec text: ``[A-Za-z_][A-Za-z0-9_]*``, never empty."""

    __slots__ = ()


class Code(str):
    """Generated source assembled from identifiers and escaped literals: safe to print as is."""

    __slots__ = ()


_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|\b|_)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def words(text: str) -> list[str]:
    """Split ``text`` into ASCII words at case changes and non-alphanumerics.

    NFKD folding first turns ``ﬁeld`` into ``field`` and ``é`` into ``e`` (Python would
    NFKC-normalise identifiers anyway); anything still non-ASCII is a separator.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [m.group(0) for part in re.split(r"[^A-Za-z0-9]+", folded) for m in _WORD.finditer(part)]


def _ensure_start(name: str, fallback: str) -> str:
    if not name:
        return fallback
    return f"_{name}" if name[0].isdigit() else name


def snake(text: str, fallback: str = "value") -> Identifier:
    """``snake_case`` identifier for ``text``; a leading ``_`` in the source is kept."""
    lead = "_" if text.startswith("_") else ""
    return Identifier(_ensure_start(lead + "_".join(w.lower() for w in words(text)), fallback))


def pascal(text: str, fallback: str = "Model") -> Identifier:
    """``PascalCase`` identifier for ``text`` (``LOCK_DOOR`` gives ``LockDoor``)."""
    parts = (w.capitalize() if w.isupper() else w[:1].upper() + w[1:] for w in words(text))
    return Identifier(_ensure_start("".join(parts), fallback))


def screaming(text: str, fallback: str = "VALUE") -> Identifier:
    """``SCREAMING_SNAKE`` identifier for ``text``."""
    return Identifier(_ensure_start("_".join(w.upper() for w in words(text)), fallback))


def is_python_identifier(text: str) -> bool:
    """True for an ASCII identifier that is not a Python keyword (a valid import name part)."""
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text)) and not keyword.iskeyword(text)


def unique(ident: Identifier, taken: set[str]) -> Identifier:
    """``ident``, or ``ident_2``, ``ident_3`` … if taken; records the result in ``taken``."""
    name, counter = ident, 2
    while name in taken:
        name, counter = Identifier(f"{ident}_{counter}"), counter + 1
    taken.add(name)
    return name
