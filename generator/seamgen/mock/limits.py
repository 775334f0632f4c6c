"""How much a request may send the mock, and for how long: an ASGI middleware around ``receive``.

Starlette reads a body whole and has no limit, and uvicorn gives a client all the time it likes
to send one: a 40 MB body held hundreds of MB, a dripped one held its connection open. A limit
that is hit raises ``Rejected``, which the app answers in the spec's error format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 1 << 20
    read_seconds: float = 10.0
    """Time to send a request's head (uvicorn: see ``serve``) and, apart, its body (here)."""


DEFAULT_LIMITS = Limits()


class Rejected(Exception):
    """A request the mock will not read further: its status and error code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class ReadLimits:
    """Passes the body on until it exceeds ``body_bytes`` (413) or takes ``read_seconds`` (408)."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, received = self.limits.body_bytes, 0
        deadline = anyio.current_time() + self.limits.read_seconds
        declared = int(dict(scope["headers"]).get(b"content-length", b"0"))  # h11 checked it
        too_large = Rejected(413, "payload_too_large", f"the request body is larger than {limit} bytes")

        async def limited() -> Any:
            nonlocal received
            if declared > limit:
                raise too_large
            with anyio.move_on_after(deadline - anyio.current_time()) as timer:
                message = await receive()
            if timer.cancelled_caught:
                raise Rejected(408, "request_timeout", f"the request body took over {self.limits.read_seconds} s")
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large
            return message

        await self.app(scope, limited, send)
