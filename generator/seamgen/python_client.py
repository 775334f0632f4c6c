"""The client modules' view of the model: the client and its namespaces (nested as the
endpoints' groups are), their methods, and one error class per documented error type.

The client is the root namespace: its class in ``resources.py`` holds the top namespaces as
attributes and the methods of endpoints without a group; ``Seam`` and ``AsyncSeam`` subclass it.
Every name is a valid identifier, unique where it lives, and shadows nothing the code around it
uses: a method never hides the client's own attributes, and in a class with a member named like
a builtin its annotations use (``list``), they say ``builtins.list``. Templates loop over what
this module returns and print it; they compute nothing.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass

from seamgen.filters import py_str
from seamgen.ir import AnyOf, Api, Endpoint, ListOf, MapOf, Primitive, TypeExpr
from seamgen.python_auth import PyAuth, python_auth, security_option
from seamgen.python_calls import FILE, PLACES, PyParam, call_options, python_params, transport_call
from seamgen.python_client_names import ClientNames, client_names, import_line
from seamgen.python_models import PyModule
from seamgen.python_names import (
    CLIENT_MODULE_NAMES,
    LINE_LENGTH,
    Annotations,
    TypeNames,
    all_order,
    isort_order,
    tuple_literal,
    wrap,
)
from seamgen.text import Code, Identifier, SpecText, pascal, unique

Group = tuple[Identifier, ...]
# Members of every namespace class; the root's also has the clients' own (sync and async alike).
NAMESPACE_MEMBERS = frozenset({"_transport", "poll_until_ready"})
CLIENT_MEMBERS = NAMESPACE_MEMBERS | {"_http", "_owns_http", "_settings", "aclose", "close", "endpoint", "paginate"}
# Builtins the annotations of a namespace class use bare, unless a member of the class has the name.
ANNOTATION_BUILTINS = ("bool", "bytes", "dict", "float", "list", "str")
# Names resources.py and client.py bind besides the models and the client's own classes.
MODULE_NAMES = CLIENT_MODULE_NAMES | {"WaitOptions"}
# The longest namespace class or endpoint constant: `self.<attribute> = (` … must fit a line.
MAX_NAME = 60


@dataclass(frozen=True)
class PyMethod:
    name: Identifier
    call: Code
    """The attribute path from the client: ``access_codes.unmanaged.get``."""
    constant: Identifier
    """The module constant that describes the endpoint to the transport."""
    constant_type: Code
    """``Call[<returns>]``, wrapped to the line length."""
    adapter: Code
    """``returns="<returns>"``: the type as text, resolved on the first call (the models load then)."""
    path: SpecText
    http_methods: Code
    """The methods the endpoint accepts, as a tuple literal; the transport picks one."""
    options: tuple[Code, ...]
    """The ``Call`` arguments beyond the defaults: what the body is, whether the response is JSON."""
    response_key: Code
    returns: Code
    """The return annotation, wrapped (in parentheses) when the ``def`` line would be too long."""
    returns_value: bool
    """False when the endpoint documents no JSON success body: the method returns None."""
    idempotent: bool
    waits: bool
    """Returns an action attempt, so it takes ``wait_for_action_attempt``."""
    doc: SpecText
    params: tuple[PyParam, ...]
    send: Code
    """``self._transport.call(<constant>, …)`` with every argument where it goes, wrapped."""
    paged: Code | None = None
    """``@paged(…)``'s arguments for a list endpoint that pages: its cursor argument, and where the
    list is in what it returns; the mark lets the client's ``paginate`` follow its pages."""


@dataclass(frozen=True)
class PyNamespace:
    attribute: Identifier
    """Its attribute on the parent namespace."""
    sync_class: Identifier
    async_class: Identifier
    sync_new: Code
    """``<sync_class>(transport)`` after ``self.<attribute> = ``, wrapped when too long; ``async_new`` likewise."""
    async_new: Code
    doc: SpecText
    methods: tuple[PyMethod, ...]
    children: tuple[PyNamespace, ...]
    builtin: dict[str, Code]
    """How the class's annotations spell each builtin: ``list``, or ``builtins.list`` where a member is ``list``."""
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
    names: ClientNames
    auth: PyAuth
    doc: SpecText
    """The docstring of ``client.py``; ``sync_doc`` and ``async_doc`` are the classes'."""
    sync_doc: SpecText
    async_doc: SpecText
    user_agent: Code
    default_endpoint: Code
    root: PyNamespace
    """The class ``Seam`` and ``AsyncSeam`` subclass: the top namespaces and the ungrouped methods."""
    namespaces: tuple[PyNamespace, ...]
    """Every namespace class, the root first, parents before their children."""
    errors: tuple[PyError, ...]
    action_attempt: Identifier | None
    """The action attempt union, when the spec has an ``x-resource: action_attempt`` schema."""
    poll: PyMethod | None
    """The method that fetches one action attempt by id, used to wait for it."""
    poll_arguments: Code
    """Its arguments after the constant, the id as ``attempt_id``: ``payload={"action_attempt_id": attempt_id}``."""
    errors_by_status: tuple[tuple[int, Identifier], ...]
    """The error class of a status only one documented error type uses (for bodies without a type)."""
    imports: dict[str, tuple[Code, ...]]
    """The import sections (isort's) of ``resources.py`` and ``client.py``, and the errors ``_client.py`` imports."""
    error_exports: tuple[Identifier, ...]
    """The names ``errors.py`` defines for users: every error class, in isort's order."""
    methods: dict[tuple[Group, Identifier], PyMethod]
    """Each endpoint's method, by the endpoint's ``(group, name)``."""

    @property
    def pages(self) -> bool:
        """Some list endpoint pages with a cursor: the clients get ``paginate``."""
        return any(method.paged for method in self.methods.values())

    def method_of(self, endpoint: Endpoint) -> PyMethod:
        """The method that calls ``endpoint`` (``call`` is its path from the client)."""
        return self.methods[endpoint.group, endpoint.name]


def python_client(api: Api) -> PyClient:
    """The client modules' content for ``api``."""
    types = TypeNames(api)
    models: set[str] = {*types.types.values(), *types.fallbacks.values()}
    names = client_names(api, models)
    tree = _Tree(api, types, names, models)
    root = tree.namespace((), Identifier(""), "", CLIENT_MEMBERS)
    errors = _errors(api, names, models)
    by_status: dict[int, list[PyError]] = {}
    for error in errors:
        for status in error.statuses:
            by_status.setdefault(status, []).append(error)
    server = api.servers[0].url if api.servers else "http://localhost"
    poll = tree.poll
    pages = any(method.paged for method in tree.methods.values())
    auth = python_auth(api, names)
    return PyClient(
        names,
        auth,
        *_docs(api, names, auth),
        Code(py_str(f"{api.package}/{api.package_version}")),
        Code(py_str(server)),
        root,
        tuple(_descendants(root)),
        errors,
        tree.attempt,
        poll,
        Code(f"{poll.params[0].place}={{{py_str(poll.params[0].wire)}: attempt_id}}") if poll else Code(""),
        tuple((status, found[0].name) for status, found in sorted(by_status.items()) if len(found) == 1),
        {
            "resources": tree.imports(api.package, names),
            "client": _client_imports(api.package, root, pages),
            "transport": (_transport_imports(api.package, names, pages),),
        },
        tuple(isort_order([*names.fixed_errors, *(e.name for e in errors), *(names.attempt_errors if poll else ())])),
        tree.methods,
    )


def package_exports(module: PyModule, client: PyClient) -> tuple[Identifier, ...]:
    """Everything ``__init__`` re-exports (models, errors, the clients, ``WaitOptions`` and
    ``response_problems``), as ``__all__`` sorts."""
    extra = [client.names.client, client.names.async_client, Identifier("response_problems"), Identifier("__version__")]
    extra += [Identifier("WaitOptions")] if client.poll else []
    extra += [Identifier("UNSET"), Identifier("Unset")]  # the value of an absent optional field, and its type
    return tuple(all_order({*module.exports, *client.error_exports, *extra}))


class _ClassAnnotations(Annotations):
    """Annotations inside one class: a builtin one of its members shadows is ``builtins.<name>``."""

    def __init__(self, names: TypeNames, members: set[str]) -> None:
        super().__init__(names)
        self.members = frozenset(members)

    def spell(self, builtin: str) -> Code:
        if builtin not in self.members:
            return Code(builtin)
        self.used.add("builtins")
        return Code(f"builtins.{builtin}")

    def __call__(self, expr: TypeExpr) -> Code:
        if isinstance(expr, Primitive) and expr.kind == "string":
            return self.spell("str")
        if isinstance(expr, ListOf):
            return Code(f"{self.spell('list')}[{self(expr.item)}]")
        if isinstance(expr, MapOf):
            return Code(f"{self.spell('dict')}[{self.spell('str')}, {self(expr.value)}]")
        return super().__call__(expr)


class _Tree:
    """Walks the endpoints' groups into namespace classes, naming classes and members on the way."""

    def __init__(self, api: Api, types: TypeNames, names: ClientNames, models: set[str]) -> None:
        self.api = api
        self.types = types
        self.annotations = [_ClassAnnotations(types, set())]
        """The module's annotations (the ``Call`` constants, where no builtin is shadowed), then each class's."""
        attempt = next(
            (r.object_type for r in api.resources if r.object_name == "action_attempt" and r.object_type), None
        )
        self.attempt_type: TypeExpr | None = attempt
        self.attempt = types.types[attempt.name] if attempt else None
        self.docs: dict[Group, SpecText] = {(r.name,): r.description for r in api.resources if r.description}
        self.endpoints: dict[Group, list[Endpoint]] = {}
        self.children: dict[Group, dict[Identifier, None]] = {}
        for endpoint in api.endpoints:
            self.endpoints.setdefault(endpoint.group, []).append(endpoint)
            for depth in range(len(endpoint.group)):
                self.children.setdefault(endpoint.group[:depth], {})[endpoint.group[depth]] = None
        self.class_names = models | MODULE_NAMES | {names.client, names.async_client}
        self.root = Identifier(f"{names.client}Resources")
        self.constants: set[str] = set()
        self.methods: dict[tuple[Group, Identifier], PyMethod] = {}
        self.fetches_attempt = _fetches_one(api.endpoints, attempt)
        """The endpoint that fetches one action attempt by id, which waiting polls; None: no method waits."""
        self.poll: PyMethod | None = None

    def namespace(self, group: Group, attribute: Identifier, path: str, reserved: frozenset[str]) -> PyNamespace:
        """The class of ``group`` and, nested in it, those of its sub-groups."""
        taken = set(reserved)
        children = [(child, _member(child, taken)) for child in self.children.get(group, {})]
        endpoints = [(endpoint, _member(endpoint.name, taken)) for endpoint in self.endpoints.get(group, [])]
        annotate = _ClassAnnotations(self.types, taken)
        self.annotations.append(annotate)
        sync_class, async_class = self._class_names(_shortened(group, pascal) if group else self.root)
        methods = tuple(self._method(endpoint, name, path, annotate) for endpoint, name in endpoints)
        polls = self.poll is not None and self.poll in methods
        spelled = (["bool"] if any(m.waits for m in methods) else []) + (["float", "str"] if polls else [])
        nested = tuple(
            self.namespace((*group, child), name, f"{path}{name}.", NAMESPACE_MEMBERS) for child, name in children
        )
        doc = self.docs.get(group) or SpecText(f"The {'.'.join(group)} endpoints." if group else "The API's endpoints.")
        builtin = {name: annotate.spell(name) for name in spelled}
        return PyNamespace(
            attribute,
            sync_class,
            async_class,
            _new(attribute, sync_class),
            _new(attribute, async_class),
            doc,
            methods,
            nested,
            builtin,
            polls,
        )

    def _class_names(self, base: Identifier) -> tuple[Identifier, Identifier]:
        """``Base`` and ``AsyncBase``, else ``BaseResource`` and ``AsyncBaseResource`` (numbered if need be)."""
        candidate, counter = base, 1
        while {candidate, f"Async{candidate}"} & self.class_names or keyword.iskeyword(candidate):  # None, True
            candidate = Identifier(f"{base}Resource{counter if counter > 1 else ''}")
            counter += 1
        pair = (candidate, Identifier(f"Async{candidate}"))
        self.class_names.update(pair)
        return pair

    def _method(self, endpoint: Endpoint, name: Identifier, path: str, annotate: _ClassAnnotations) -> PyMethod:
        params = python_params(endpoint, annotate)
        waits = self.fetches_attempt is not None and endpoint.returns == self.attempt_type
        returns = _returns(endpoint, self.annotations[0])
        words = (*endpoint.group, endpoint.name)
        constant = unique(Identifier("_" + _shortened(words, lambda text: text.upper())), self.constants)
        method = PyMethod(
            name,
            Code(f"{path}{name}"),
            constant,
            _constant_type(constant, returns),
            _returns_text(returns),
            endpoint.path,
            tuple_literal([Code(py_str(method)) for method in endpoint.methods]),
            (*_options(endpoint, self.annotations[0]), *filter(None, [security_option(endpoint, self.api)])),
            Code(py_str(endpoint.response_key) if endpoint.response_key else "None"),
            _return_annotation(_returns(endpoint, annotate)),
            endpoint.returns is not None or endpoint.raw_response is not None,
            endpoint.idempotent,
            waits,
            _doc(endpoint, params, waits),
            params,
            transport_call(constant, params),
            _paged(endpoint, params),
        )
        self.methods[endpoint.group, endpoint.name] = method
        if endpoint is self.fetches_attempt:
            self.poll = method
        return method

    def imports(self, package: Identifier, names: ClientNames) -> tuple[Code, ...]:
        """``resources.py``'s import sections: the standard library, pydantic, the package's modules."""
        used: set[str] = set().union(*(a.used for a in self.annotations))
        models: set[str] = set().union(*(a.used_names for a in self.annotations))
        models |= {self.attempt} if self.poll and self.attempt else set()
        typing = ({"Any", "Literal"} & used) | ({"TypedDict"} if self.poll else set())
        typing |= {"TYPE_CHECKING"} if models else set()
        stdlib = [
            f"import {name}"
            for name in ("asyncio", "builtins", "time")
            if name in used or (self.poll and name != "builtins")
        ]
        stdlib += [import_line("typing", typing)] if typing else []
        strict = {"StrictBool", "StrictInt", "StrictNumber"} & used
        params = [p for method in self.methods.values() for p in method.params]
        options = [option for method in self.methods.values() for option in method.options]
        call = {"Call"} if self.methods else set()
        call |= {"ParameterStyle"} if any(option.startswith("styles=") for option in options) else set()
        call |= {FILE} if any(re.search(rf"\b{FILE}\b", p.declaration) for p in params) else set()
        requests = {"request_params"} if any(p.place in PLACES and not p.required for p in params) else set()
        paged = any(method.paged for method in self.methods.values())
        base = strict | ({"UNSET", "Unset"} if any(p.nullable for p in params) else set())
        own: list[str] = [import_line(f"{package}._base", base)] if base else []
        own += [import_line(f"{package}._call", call)] if call else []
        own.append(import_line(f"{package}._client", {"AsyncTransport", "SyncTransport"}))
        own += [import_line(f"{package}._pagination", {"paged"})] if paged else []
        own += [import_line(f"{package}._requests", requests)] if requests else []
        own += [import_line(f"{package}.errors", set(names.attempt_errors))] if self.poll else []
        sections: list[list[str]] = [stdlib, own]
        if models:  # annotations only: the models load on the first call, not when the client is imported
            lines = import_line(f"{package}.models", models).splitlines()
            sections.append(["if TYPE_CHECKING:", *(f"    {line}" for line in lines)])
        return tuple(Code("\n".join(section)) for section in sections if section)


def _docs(api: Api, names: ClientNames, auth: PyAuth) -> tuple[SpecText, SpecText, SpecText]:
    sync, rest = names.client, names.async_client
    module = f"``{sync}`` and ``{rest}``: the clients of the {api.title}."
    others = "".join(f", ``{c.argument}`` to ``{c.env}``" for c in auth.credentials[1:])
    sync_doc = (
        f"Synchronous client: ``{sync}(api_key=...)``, then ``client.<namespace>.<method>(...)``.\n\n"
        f"``api_key`` defaults to ``{names.api_key_env}``{others}, ``endpoint`` to ``{names.endpoint_env}`` and then "
        "the spec's server. Requests the spec marks safe to repeat are retried ``max_retries`` times "
        "(default 2) after connection errors, 408, 429 and 5xx responses, within ``timeout`` (default 60 s), "
        "which bounds each call as a whole, retries and slow responses included. A response body larger than "
        "``max_response_bytes`` (default 64 MiB, counted decompressed) is refused, never buffered whole. Keys "
        "are checked when the client is built. Calls that accept both go as POST "
        "with a JSON body; ``prefer_get=True`` sends them as GET with a query string. A success body that "
        "strays from the spec is returned as far as it goes (``response_problems`` says where, a warning is "
        "logged); ``strict_response_validation=True`` raises instead. Pass ``http_client`` for custom transports."
    )
    async_doc = (
        f"Asynchronous client: ``{rest}(api_key=...)``, then ``await client.<namespace>.<method>(...)``.\n\n"
        f"Takes the same options as ``{sync}``; ``http_client`` is an ``httpx.AsyncClient``."
    )
    return SpecText(module), SpecText(sync_doc), SpecText(async_doc)


def _transport_imports(package: Identifier, names: ClientNames, pages: bool) -> Code:
    """What ``_client.py`` imports from the package: the validators, the lenient reader, the errors,
    and where a list endpoint pages, the note of its next cursor."""
    errors = {
        "ERRORS_BY_CODE", "ERRORS_BY_STATUS", names.connection_error, names.api_error,
        names.invalid_response_error, names.timeout_error,
    }  # fmt: skip
    lines = (
        import_line(f"{package}._base", {"adapter"}),
        import_line(f"{package}._call", {"Call", "Settings", "returns"}),
        import_line(f"{package}._lenient", {"ResponseProblem", "construct"}),
        import_line(f"{package}._requests", {"Arguments", "build_request"}),
        import_line(f"{package}.errors", errors),
        *([import_line(f"{package}._pagination", {"note_next_cursor"})] if pages else []),
    )
    return Code("\n".join(sorted(lines)))


def _client_imports(package: Identifier, root: PyNamespace, pages: bool) -> tuple[Code, ...]:
    """``client.py``'s import sections; ``paginate`` needs the typing of a method and the iterators."""
    stdlib = ["from types import TracebackType"]
    own = [
        import_line(f"{package}._call", {"Settings"}),
        import_line(f"{package}._client", {"AsyncTransport", "SyncTransport", "bounded_client"}),
        import_line(f"{package}.resources", {root.sync_class, root.async_class}),
    ]
    if pages:
        stdlib[:0] = [import_line("collections.abc", {"AsyncIterator", "Awaitable", "Callable", "Iterator"})]
        stdlib.append(import_line("typing", {"Any", "ParamSpec", "TypeVar", "overload"}))
        own.insert(2, import_line(f"{package}._pagination", {"aitems", "items"}))
    return (Code("\n".join(stdlib)), Code("import httpx"), Code("\n".join(own)))


def _fetches_one(endpoints: tuple[Endpoint, ...], attempt: TypeExpr | None) -> Endpoint | None:
    """The endpoint that returns ``attempt`` given just its id (one required ``…_id`` parameter), the
    one named ``get`` first: what waiting for an action attempt polls, whatever the spec names it."""
    found = [
        endpoint
        for endpoint in endpoints
        if attempt is not None
        and endpoint.returns == attempt
        and [str(p.name).endswith("_id") for p in endpoint.parameters if p.required] == [True]
    ]
    return min(found, key=lambda endpoint: endpoint.name != "get", default=None)


def _shortened(parts: tuple[Identifier, ...], style: Callable[[str], str]) -> Identifier:
    """``style`` of the parts joined, less leading parts (then cut) while longer than ``MAX_NAME``:
    a deep namespace's class or constant stays short enough for a line."""
    name = style("_".join(parts))
    for start in range(1, len(parts)):
        if len(name) <= MAX_NAME:
            break
        name = style("_".join(parts[start:]))
    return Identifier(name[:MAX_NAME].rstrip("_"))


def _new(attribute: Identifier, cls: Identifier) -> Code:
    """``<cls>(transport)`` after ``self.<attribute> = ``, in parentheses of its own when too long."""
    if len(f"        self.{attribute} = {cls}(transport)") <= LINE_LENGTH:
        return Code(f"{cls}(transport)")
    return Code(f"(\n            {cls}(transport)\n        )")


def _descendants(namespace: PyNamespace) -> list[PyNamespace]:
    return [namespace, *(found for child in namespace.children for found in _descendants(child))]


def _member(name: Identifier, taken: set[str]) -> Identifier:
    """A member's name: a keyword, or a name the class has already, gets a trailing underscore."""
    safe = Identifier(f"{name}_") if keyword.iskeyword(name) or name in taken else name
    return unique(safe, taken)


def _returns(endpoint: Endpoint, annotate: _ClassAnnotations) -> Code:
    """The success body's type: its JSON's, ``str`` or ``bytes`` for other media types, else None."""
    if endpoint.returns is not None:
        return annotate(endpoint.returns)
    if endpoint.raw_response is None:
        return Code("None")
    return annotate.spell("str" if endpoint.raw_response == "text" else "bytes")


def _options(endpoint: Endpoint, annotate: Annotations) -> tuple[Code, ...]:
    """``body`` (its kind, when there is one), ``response`` (when the success body is not JSON), how
    the request goes (``call_options``) and the models a union body may be (``accepts``)."""
    found = []
    if endpoint.body is not None:
        found.append(Code(f"body={py_str('value' if endpoint.body.value is not None else 'properties')}"))
    if endpoint.returns is None:
        found.append(Code(f"response={py_str(endpoint.raw_response or 'none')}"))
    found += call_options(endpoint)
    if endpoint.pagination is not None:
        found.append(Code(f"next_cursor={tuple_literal([Code(py_str(p)) for p in endpoint.pagination.next_cursor])}"))
    if endpoint.body is not None and endpoint.body.variants:
        found.append(_returns_text(annotate(AnyOf(endpoint.body.variants)), "accepts"))
    return tuple(found)


def _paged(endpoint: Endpoint, params: tuple[PyParam, ...]) -> Code | None:
    """``"<cursor argument>"``, with ``items=(…)`` (JSON names) where the list is inside what the method returns."""
    if endpoint.pagination is None:
        return None
    found = next(p for p in params if p.wire == endpoint.pagination.cursor_name and p.place != "path")
    items = endpoint.pagination.items
    where = f", items={tuple_literal([Code(py_str(part)) for part in items])}" if items else ""
    return Code(py_str(found.name) + where)


def _constant_type(constant: Identifier, returns: Code) -> Code:
    """``Call[<returns>]`` for ``<constant>: … = Call(``, its type split over lines when that is too long."""
    if len(f"{constant}: Call[{returns}] = Call(") <= LINE_LENGTH:
        return Code(f"Call[{returns}]")
    return Code("Call[\n" + "\n".join(wrap(returns, 4)) + "\n]")


def _returns_text(returns: Code, keyword: str = "returns") -> Code:
    """``returns="<returns>"`` (or another ``keyword``), the text in pieces of their own lines
    (parenthesized) when too long."""
    if len(f"    {keyword}={py_str(returns)},") <= LINE_LENGTH:
        return Code(f"{keyword}={py_str(returns)}")
    pieces, start = [], 0
    while start < len(returns):  # each piece as long as its literal fits the line
        end = start + 1
        while end < len(returns) and len(py_str(returns[start : end + 1])) <= LINE_LENGTH - 8:
            end += 1
        pieces.append(py_str(returns[start:end]))
        start = end
    return Code(f"{keyword}=(\n" + "".join(f"        {piece}\n" for piece in pieces) + "    )")


def _return_annotation(annotation: Code) -> Code:
    """The annotation after ``    ) -> ``, parenthesized over lines when the line would be too long."""
    if len(f"    ) -> {annotation}:") <= LINE_LENGTH:
        return annotation
    return Code("(\n" + "\n".join(wrap(annotation, 8)) + "\n    )")


def _doc(endpoint: Endpoint, params: tuple[PyParam, ...], waits: bool) -> SpecText:
    summary = endpoint.description or endpoint.summary or SpecText(f"Calls {endpoint.path}.")
    args = [f"    {p.name}: {p.doc}" for p in params]
    if waits:
        args.append(
            "    wait_for_action_attempt: True, or a dict with timeout and polling_interval, to wait until it settles."
        )
    return SpecText(f"{summary}\n\nArgs:\n" + "\n".join(args) if args else summary)


def _errors(api: Api, names: ClientNames, models: set[str]) -> tuple[PyError, ...]:
    """One class per documented error type, named clear of the models and the fixed errors."""
    taken = set(models) | {names.client, names.async_client, *names.fixed_errors, *names.attempt_errors}
    return tuple(
        PyError(
            unique(names.http_error(error.ident), taken),
            Code(py_str(error.code)),
            error.description or SpecText(error.code),
            tuple(int(status) for status in error.statuses if status.isdigit()),
        )
        for error in api.errors
    )
