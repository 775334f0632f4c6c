"""Which media types of a ``content`` map are JSON (the ones the client decodes), and which one a
client sends a request body as."""

from __future__ import annotations

from typing import Any, Literal


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


RequestMedia = Literal["json", "form", "multipart"]
_SENT: dict[str, RequestMedia] = {
    "application/x-www-form-urlencoded": "form",
    "multipart/form-data": "multipart",
}


def request_media(content: Any) -> tuple[RequestMedia, dict[str, Any]] | None:
    """How a client sends a request body of ``content``, and its media type object: JSON when it
    is offered, else a form, else multipart. None when it offers none of them."""
    media = json_media(content)
    if media is not None:
        return "json", media
    if not isinstance(content, dict):
        return None
    found = {_SENT.get(str(key).split(";", 1)[0].strip().lower()): value for key, value in content.items()}
    kind: RequestMedia
    for kind in ("form", "multipart"):
        if kind in found:
            return kind, found[kind] if isinstance(found[kind], dict) else {}
    return None
