"""Names of the generated client's own classes, errors and settings, and its import lines.

They derive from one name, ``Api.client`` (``Seam``: ``AsyncSeam``, ``SeamError``,
``SEAM_API_KEY``), and stay clear of the models' names: where one is taken, the client is
``<name>Client`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.ir import Api
from seamgen.python_names import LINE_LENGTH, isort_order
from seamgen.text import Code, Identifier

_FIXED_ERRORS = (
    "Error",
    "ConfigurationError",
    "ConnectionError",
    "TimeoutError",
    "InvalidResponseError",
    "HttpApiError",
)
_ATTEMPT_ERRORS = ("ActionAttemptError", "ActionAttemptFailedError", "ActionAttemptTimeoutError")


@dataclass(frozen=True)
class ClientNames:
    client: Identifier
    async_client: Identifier
    api_key_env: Identifier
    endpoint_env: Identifier
    error: Identifier
    """The root of every error the client raises."""
    configuration_error: Identifier
    connection_error: Identifier
    timeout_error: Identifier
    invalid_response_error: Identifier
    api_error: Identifier
    """An error response; each documented error type subclasses it."""
    attempt_error: Identifier
    attempt_failed_error: Identifier
    attempt_timeout_error: Identifier

    @property
    def fixed_errors(self) -> tuple[Identifier, ...]:
        return (
            self.error, self.configuration_error, self.connection_error, self.timeout_error,
            self.invalid_response_error, self.api_error,
        )  # fmt: skip

    @property
    def attempt_errors(self) -> tuple[Identifier, ...]:
        return self.attempt_error, self.attempt_failed_error, self.attempt_timeout_error

    def http_error(self, ident: str) -> Identifier:
        """The class of a documented error type: ``SeamHttpActionAttemptNotFoundError``."""
        return Identifier(f"{self.client}Http{ident}Error")


def client_names(api: Api, taken: set[str]) -> ClientNames:
    """The names for ``api.client``; ``<client>Client`` (then numbered) where a model has one of them."""
    names, counter = _names(api.client, api.env_prefix), 1
    while {names.client, names.async_client, *names.fixed_errors, *names.attempt_errors} & taken:
        names = _names(Identifier(f"{api.client}Client{counter if counter > 1 else ''}"), api.env_prefix)
        counter += 1
    return names


def _names(base: Identifier, env: Identifier) -> ClientNames:
    return ClientNames(
        base,
        Identifier(f"Async{base}"),
        Identifier(f"{env}_API_KEY"),
        Identifier(f"{env}_ENDPOINT"),
        *(Identifier(f"{base}{suffix}") for suffix in (*_FIXED_ERRORS, *_ATTEMPT_ERRORS)),
    )


def import_line(module: str, names: list[str] | set[str]) -> Code:
    """``from module import a, b``, parenthesized one name a line when it passes the line length."""
    ordered = isort_order(names)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH:
        return Code(line)
    return Code(f"from {module} import (\n" + "".join(f"    {name},\n" for name in ordered) + ")")
