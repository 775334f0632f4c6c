"""The mock's objects: each resource's instances by id, with optional timed settling.

An entry is ``{"object": {...}, "after": seconds, "then": {...}}``: the object as the API
returns it and, optionally, the fields it takes ``after`` seconds from when it was added,
so a ``pending`` action attempt can settle to ``success`` or ``error`` while a client polls.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class SeedError(ValueError):
    """A seed entry that is not ``{"object": {...}, "after": number, "then": {...}}``."""


@dataclass
class _Entry:
    current: dict[str, Any]
    settles_at: float | None
    then: dict[str, Any]


class Store:
    """Objects of one resource, keyed by their id property (``action_attempt_id``)."""

    def __init__(self, id_property: str, clock: Any = time.monotonic) -> None:
        self.id_property = id_property
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def add(self, entry: Any, check: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """Add a seed entry (or replace the object with the same id); returns the object. ``check``,
        given a well-formed entry, raises ``SeedError`` for one whose object the schema refuses."""
        if not isinstance(entry, dict) or not isinstance(entry.get("object"), dict):
            raise SeedError('an entry needs an "object" mapping')
        obj = entry["object"]
        if not isinstance(obj.get(self.id_property), str):
            raise SeedError(f"the object needs a string {self.id_property!r}")
        after, then = entry.get("after"), entry.get("then", {})
        if (after is None) != (not then) or (after is not None and not isinstance(after, int | float)):
            raise SeedError('"after" (seconds) and "then" (fields to set) go together')
        if not isinstance(then, dict):
            raise SeedError('"then" must be a mapping of fields to set')
        if check is not None:
            check(entry)
        with self._lock:
            settles_at = self._clock() + float(after) if after is not None else None
            self._entries[obj[self.id_property]] = _Entry(copy.deepcopy(obj), settles_at, copy.deepcopy(then))
        return copy.deepcopy(obj)

    def get(self, object_id: str) -> dict[str, Any] | None:
        """The object as it is now (settled if its time has come), or None."""
        with self._lock:
            entry = self._entries.get(object_id)
            if entry is None:
                return None
            if entry.settles_at is not None and self._clock() >= entry.settles_at:
                entry.current.update(entry.then)
                entry.settles_at = None
            return copy.deepcopy(entry.current)

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._entries)
