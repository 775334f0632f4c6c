"""Which media types of a ``content`` map are JSON: the ones the client sends and decodes."""

from __future__ import annotations

from typing import Any


def is_json(media_type: str) -> bool:
    """``application/json``, with parameters (``; charset=utf-8``) or as a ``+json`` suffix."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence == "application/json" or (essence.startswith("application/") and essence.endswith("+json"))


def json_media(content: Any) -> dict[str, Any] | None:
    """The media type object of the JSON entry of ``content`` (plain ``application/json`` first);
    None when there is none."""
    if not isinstance(content, dict):
        return None
    found = [key for key in content if isinstance(key, str) and is_json(key)]
    found.sort(key=lambda key: key.split(";", 1)[0].strip().lower() != "application/json")
    media = content[found[0]] if found else None
    return media if isinstance(media, dict) else ({} if found else None)
