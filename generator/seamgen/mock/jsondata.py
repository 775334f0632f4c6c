"""Request JSON read strictly, so that what the mock parses it can also validate, store and echo.

Python's ``json`` takes more than RFC 8259 allows and more than the rest of the mock can bear:
``NaN`` and ``1e999`` (which the JSON answers cannot encode again), lone surrogates (which cannot
be encoded as UTF-8 in an answer), integers past Python's digit limit, and nesting deep enough to
exhaust the recursion limit here or in the schema validator. Each is refused with a reason.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

# Far deeper than any object of an API; shallow enough for recursive validators and encoders.
MAX_DEPTH = 64
MAX_DIGITS = sys.get_int_max_str_digits() or 4300


class NotJson(ValueError):
    """The bytes are not JSON the mock accepts; the message says why, for the client."""


def parse_json(raw: bytes) -> Any:
    """The data of ``raw`` (UTF-8 JSON), or ``NotJson``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotJson("the request body is not UTF-8") from None
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_integer, parse_float=_number)
    except RecursionError:
        raise NotJson(f"the request body nests deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError:
        raise NotJson("the request body is not valid JSON") from None
    _check(value)
    return value


def _constant(name: str) -> Any:
    raise NotJson(f"{name} is not a JSON number")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NotJson(f"a number in the request body has more than {MAX_DIGITS} digits")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise NotJson(f"{text[:20]} is too large a number")
    return value


def _check(value: Any) -> None:
    """Depth and text, walked without recursion (the value may be as deep as the parser allowed)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise NotJson(f"the request body nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            pending += [(key, depth) for key in item]
            pending += [(member, depth + 1) for member in item.values()]
        elif isinstance(item, list):
            pending += [(member, depth + 1) for member in item]
        elif isinstance(item, str) and not item.isascii():
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise NotJson("the request body holds a lone surrogate (\\ud800-\\udfff), which is not text") from None
