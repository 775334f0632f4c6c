"""The client modules' view of the model: resource namespaces, their methods, and one error
class per documented error type.

Templates loop over what this module returns and print it; they compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from seamgen.filters import py_str
from seamgen.ir import Api, Endpoint, Named
from seamgen.python_models import PyModule
from seamgen.python_names import Annotations, TypeNames, field_name, literal, tuple_literal
from seamgen.text import Code, Identifier, SpecText, pascal


# The client: resource namespaces, their methods, and one error class per documented error type.
@dataclass(frozen=True)
class PyParam:
    name: Identifier
    wire: SpecText
    declaration: Code
    """``name: annotation`` with `` = None`` for an optional parameter."""
    required: bool
    doc: SpecText


@dataclass(frozen=True)
class PyMethod:
    name: Identifier
    constant: Identifier
    """The module constant that describes the endpoint to the transport."""
    path: SpecText
    http_methods: Code
    """The methods the endpoint accepts, as a tuple literal; the transport picks one."""
    response_key: Code
    returns: Code
    idempotent: bool
    waits: bool
    """Returns an action attempt, so it takes ``wait_for_action_attempt``."""
    doc: SpecText
    params: tuple[PyParam, ...]
    required: Code
    """The dict literal of required parameters, JSON name to argument."""
    optional: Code


@dataclass(frozen=True)
class PyResource:
    attribute: Identifier
    sync_class: Identifier
    async_class: Identifier
    doc: SpecText
    methods: tuple[PyMethod, ...]
    polls: bool
    """Holds the method that fetches one action attempt, so it gets ``poll_until_ready``."""


@dataclass(frozen=True)
class PyError:
    name: Identifier
    code: Code
    doc: SpecText
    statuses: tuple[int, ...]


@dataclass(frozen=True)
class PyClient:
    default_endpoint: Code
    resources: tuple[PyResource, ...]
    errors: tuple[PyError, ...]
    action_attempt: Identifier | None
    """The action attempt union, when the spec has an ``x-resource: action_attempt`` schema."""
    poll: PyMethod | None
    """The method that fetches one action attempt by id, used to wait for it."""
    poll_params: Code
    """Its parameters as a dict literal, the id passed as ``attempt_id``."""
    errors_by_status: tuple[tuple[int, Identifier], ...]
    """The error class of a status only one documented error type uses (for bodies without a type)."""
    models: tuple[Identifier, ...]
    """Model names the generated client modules annotate with."""
    resource_classes: tuple[Identifier, ...]
    error_exports: tuple[Identifier, ...]
    """The names ``errors.py`` defines for users: every error class."""


def python_client(api: Api) -> PyClient:
    """The client modules' content for ``api``."""
    names = TypeNames(api)
    annotate = Annotations(names)
    attempt = next((r.object_type for r in api.resources if r.object_name == "action_attempt" and r.object_type), None)
    grouped = [
        (resource, tuple(_method(endpoint, annotate, attempt) for endpoint in resource.endpoints))
        for resource in api.resources
    ]
    poll = next((m for _, methods in grouped for m in methods if m.waits and m.name == "get" and m.params), None)
    resources = tuple(
        PyResource(
            resource.name,
            pascal(resource.name),
            Identifier(f"Async{pascal(resource.name)}"),
            resource.description or SpecText(f"The {resource.name} endpoints."),
            methods,
            poll in methods,
        )
        for resource, methods in grouped
    )
    errors = tuple(
        PyError(
            Identifier(f"SeamHttp{error.ident}Error"),
            literal(error.code),
            error.description or SpecText(error.code),
            tuple(int(status) for status in error.statuses if status.isdigit()),
        )
        for error in api.errors
    )
    by_status: dict[int, list[PyError]] = {}
    for error in errors:
        for status in error.statuses:
            by_status.setdefault(status, []).append(error)
    server = api.servers[0].url if api.servers else "http://localhost"
    used = sorted({Identifier(n) for n in annotate.used_names} | ({names.types[attempt.name]} if attempt else set()))
    return PyClient(
        Code(py_str(server)),
        resources,
        errors,
        names.types[attempt.name] if attempt else None,
        poll,
        Code(f"{{{py_str(poll.params[0].wire)}: attempt_id}}") if poll else Code("{}"),
        tuple((status, found[0].name) for status, found in sorted(by_status.items()) if len(found) == 1),
        tuple(used),
        tuple(sorted(name for r in resources for name in (r.sync_class, r.async_class))),
        tuple(sorted(_ERROR_EXPORTS + [e.name for e in errors] + (_ATTEMPT_ERRORS if poll else []))),
    )


def package_exports(module: PyModule, client: PyClient) -> tuple[Identifier, ...]:
    """Everything ``__init__`` re-exports: models, errors, the clients and ``WaitOptions``."""
    extra = [Identifier("AsyncSeam"), Identifier("Seam")] + ([Identifier("WaitOptions")] if client.poll else [])
    return tuple(sorted({*module.exports, *client.error_exports, *extra}))


_ERROR_EXPORTS = [
    Identifier(name)
    for name in ("SeamConfigurationError", "SeamConnectionError", "SeamError", "SeamHttpApiError",
                 "SeamInvalidResponseError", "SeamTimeoutError")
]  # fmt: skip
_ATTEMPT_ERRORS = [
    Identifier(name)
    for name in ("SeamActionAttemptError", "SeamActionAttemptFailedError", "SeamActionAttemptTimeoutError")
]


def _method(endpoint: Endpoint, annotate: Annotations, attempt: Named | None) -> PyMethod:
    taken: set[str] = {"self", "wait_for_action_attempt", "params", "result"}
    params = tuple(
        PyParam(
            name,
            p.name,
            _declaration(name, annotate(p.type), p.required),
            p.required,
            p.description or SpecText(f"The ``{p.name}`` parameter."),
        )
        for p in sorted(endpoint.parameters, key=lambda p: not p.required)
        for name in [field_name(p.ident, taken)]
    )
    waits = attempt is not None and endpoint.returns == attempt
    summary = endpoint.description or endpoint.summary or SpecText(f"Calls {endpoint.path}.")
    args = [f"    {p.name}: {p.doc}" for p in params]
    if waits:
        args.append(
            "    wait_for_action_attempt: True, or a dict with timeout and polling_interval, to wait until it settles."
        )
    doc = SpecText(f"{summary}\n\nArgs:\n" + "\n".join(args) if args else summary)
    returns = annotate(endpoint.returns) if endpoint.returns is not None else Code("None")
    return PyMethod(
        endpoint.name,
        Identifier("_" + "_".join((*endpoint.group, endpoint.name)).upper()),
        endpoint.path,
        tuple_literal([Code(py_str(method)) for method in endpoint.methods]),
        Code(py_str(endpoint.response_key) if endpoint.response_key else "None"),
        returns,
        endpoint.idempotent,
        waits,
        doc,
        params,
        _dict_literal([p for p in params if p.required]),
        _dict_literal([p for p in params if not p.required]),
    )


def _declaration(name: Identifier, annotation: Code, required: bool) -> Code:
    if required:
        return Code(f"{name}: {annotation}")
    optional = annotation if annotation.endswith("| None") or annotation in ("None", "Any") else f"{annotation} | None"
    return Code(f"{name}: {optional} = None")


def _dict_literal(params: list[PyParam]) -> Code:
    return Code("{" + ", ".join(f"{py_str(p.wire)}: {p.name}" for p in params) + "}")
