"""Which path template of the spec a request path falls under, with its path parameters.

Starlette's routes take only identifier-like parameter names; a spec may name one ``{pet-id}``.
Concrete segments win over templated ones, as OpenAPI says (``/pets/mine`` before ``/pets/{id}``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

_PARAMETER = re.compile(r"\{([^{}/]+)\}")


class Router:
    """The spec's path templates, most concrete first."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._routes = sorted(
            ((template, _pattern(template)) for template in set(templates)),
            key=lambda route: (-_literal_segments(route[0]), route[0]),
        )

    def match(self, raw_path: str) -> tuple[str, dict[str, str]] | None:
        """The template ``raw_path`` (still percent-encoded) falls under, and its decoded parameters."""
        for template, (pattern, names) in self._routes:
            found = pattern.fullmatch(raw_path)
            if found:
                return template, {name: unquote(value) for name, value in zip(names, found.groups(), strict=True)}
        return None


def _pattern(template: str) -> tuple[re.Pattern[str], list[str]]:
    names: list[str] = []
    parts: list[str] = []
    position = 0
    for found in _PARAMETER.finditer(template):
        parts += [re.escape(template[position : found.start()]), "([^/]+)"]
        names.append(found[1])
        position = found.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts)), names


def _literal_segments(template: str) -> int:
    return sum(1 for segment in template.split("/") if segment and not _PARAMETER.search(segment))
