"""The client from shapes real specs publish: each spec below is small and reproduces one class of
problem the public specs showed (Seam's nested groups, GitHub's and Gmail's operationIds, Stripe's
untagged paths and form bodies, Twilio's tag prefixes, Petstore's models named like tags).

Every operation is one method, reached by the names the spec gives it; the generated modules
import, are ruff- and ``mypy --strict``-clean, and send each parameter where the spec puts it.
"""

from __future__ import annotations

import asyncio
import json
import keyword
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from seamgen.build import build
from seamgen.cli import main
from seamgen.identity import identity, package_version
from seamgen.lint.client import client_names_unique, requests_supported
from seamgen.lint.context import Context
from seamgen.loader import Spec, load
from seamgen.operation_names import client_names
from seamgen.python_client import PyClient, python_client
from tests.conftest import assert_ruff_and_mypy_clean, import_package, locate
from tests.servers import Reply, scripted


def spec_text(title: str, paths: str, extra: str = "") -> str:
    header = f'openapi: 3.1.0\ninfo: {{title: "{title}", version: "1"}}\nservers: [{{url: https://api.example.com}}]\n'
    return header + "paths:\n" + textwrap.indent(textwrap.dedent(paths), "  ") + textwrap.dedent(extra)


def load_text(tmp_path: Path, text: str, name: str = "openapi.yaml") -> Spec:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


def names_of(spec: Spec) -> dict[tuple[str, str], str]:
    """``(METHOD, path)`` to the client call path the generator gives the operation."""
    found = client_names(spec.document).names
    return {(str(p[2]).upper(), str(p[1])): ".".join((*n.group, n.method)) for p, n in found.items()}


def client_of(spec: Spec) -> PyClient:
    return python_client(build(spec))


# Seam's spec: x-fern-sdk-group-name lists nest (access_codes.unmanaged), a group is both a leaf with
# methods and the parent of another, and one endpoint is served by GET and POST.
NESTED = spec_text(
    "Seam Connect",
    """\
    /access_codes/list:
      post:
        x-fern-sdk-group-name: [access_codes]
        x-fern-sdk-method-name: list
        responses: {"200": {description: OK}}
    /access_codes/unmanaged/list:
      post:
        x-fern-sdk-group-name: [access_codes, unmanaged]
        x-fern-sdk-method-name: list
        responses: {"200": {description: OK}}
    /access_codes/get:
      get:
        x-fern-sdk-group-name: [access_codes]
        x-fern-sdk-method-name: get
        parameters: [{name: access_code_id, in: query, required: true, schema: {type: string}}]
        responses: {"200": {description: OK}}
      post:
        x-fern-sdk-group-name: [access_codes]
        x-fern-sdk-method-name: get
        requestBody:
          content:
            application/json:
              schema: {type: object, required: [access_code_id], properties: {access_code_id: {type: string}}}
        responses: {"200": {description: OK}}
    """,
)


def test_fern_group_lists_are_nested_namespaces(tmp_path: Path) -> None:
    spec = load_text(tmp_path, NESTED)
    assert names_of(spec) == {
        ("POST", "/access_codes/list"): "access_codes.list",
        ("POST", "/access_codes/unmanaged/list"): "access_codes.unmanaged.list",
        ("GET", "/access_codes/get"): "access_codes.get",
        ("POST", "/access_codes/get"): "access_codes.get",
    }
    client = client_of(spec)
    [access_codes] = client.root.children
    assert [c.attribute for c in access_codes.children] == ["unmanaged"]
    assert [m.name for m in access_codes.methods] == ["list", "get"]
    assert sorted(m.call for m in client.methods.values()) == [
        "access_codes.get",
        "access_codes.list",
        "access_codes.unmanaged.list",
    ]
    assert client_names(spec.document).clashes == ()
    [get] = [e for e in build(spec).endpoints if e.name == "get"]
    assert get.methods == ("GET", "POST")


@pytest.mark.parametrize("tag", ["None", "True", "False", "class"])
def test_a_namespace_named_like_a_keyword_gets_a_class_python_accepts(tmp_path: Path, tag: str) -> None:
    paths = f'/a:\n  get: {{operationId: getA, tags: ["{tag}"], responses: {{"204": {{description: OK}}}}}}\n'
    client = client_of(load_text(tmp_path, spec_text("Keywords", paths)))
    for namespace in client.namespaces:
        for name in (namespace.sync_class, namespace.async_class):
            assert name.isidentifier() and not keyword.iskeyword(name), name


# Names without Seam's extensions, as other generators give them. The tag is the namespace and the
# operationId the method, without the tag's words at its start or after its verb (Petstore's
# addPet, Twilio's ListAccount) unless another method has that name; tags lose the words they all
# share (Twilio's `Api20100401`).
TAGGED = """\
/pets:
  get: {operationId: petList, tags: [Api2010Pet], responses: {"200": {description: OK}}}
  post: {operationId: addPet, tags: [Api2010Pet], responses: {"200": {description: OK}}}
/owners:
  get: {operationId: ListOwners, tags: [Api2010Owners], responses: {"200": {description: OK}}}
/owners/all:
  get: {operationId: list, tags: [Api2010Owners], responses: {"200": {description: OK}}}
"""
# A dotted or slashed operationId is its own path, less the part every one shares (Gmail's `gmail.`).
DOTTED = """\
/drafts:
  get: {operationId: gmail.users.drafts.list, tags: [users], responses: {"200": {description: OK}}}
/profile:
  get: {operationId: gmail.users.getProfile, tags: [users], responses: {"200": {description: OK}}}
"""
SLASHED = """\
/orgs/{org}/repos:
  get:
    operationId: repos/list-for-org
    tags: [repos]
    parameters: [{name: org, in: path, required: true, schema: {type: string}}]
    responses: {"200": {description: OK}}
/zen:
  get: {operationId: meta/get-zen, tags: [meta], responses: {"200": {description: OK}}}
"""
# Untagged paths group by their first segment after the prefix every path shares (Stripe's /v1,
# and its GetOrdersOrder is orders.get_order); an operation with no such segment is a method of the
# client itself.
UNTAGGED = """\
/v1/orders/{order}:
  get:
    operationId: GetOrdersOrder
    parameters: [{name: order, in: path, required: true, schema: {type: string}}]
    responses: {"200": {description: OK}}
/v1/orders/{order}/cancel:
  post: {responses: {"200": {description: OK}}}
/v1:
  get: {operationId: getStatus, responses: {"200": {description: OK}}}
"""


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (
            TAGGED,
            {
                "GET /pets": "pet.list",
                "POST /pets": "pet.add",
                "GET /owners": "owners.list_owners",
                "GET /owners/all": "owners.list",
            },
        ),
        (DOTTED, {"GET /drafts": "users.drafts.list", "GET /profile": "users.get_profile"}),
        (SLASHED, {"GET /orgs/{org}/repos": "repos.list_for_org", "GET /zen": "meta.get_zen"}),
        (
            UNTAGGED,
            {
                "GET /v1/orders/{order}": "orders.get_order",
                "POST /v1/orders/{order}/cancel": "orders.post_cancel",
                "GET /v1": "get_status",
            },
        ),
    ],
    ids=["tagged", "dotted", "slashed", "untagged"],
)
def test_names_come_from_tags_operation_ids_and_paths(tmp_path: Path, paths: str, expected: dict[str, str]) -> None:
    named = names_of(load_text(tmp_path, spec_text("Naming", paths)))
    assert {f"{method} {path}": name for (method, path), name in named.items()} == expected


# Two paths that get one name (a copied x-fern-sdk-method-name), and a method named like a
# namespace beside it: errors at both operations, and the generator still names every one apart.
CLASHING = spec_text(
    "Clashes",
    """\
    /pets/list:
      get: {x-fern-sdk-group-name: pets, x-fern-sdk-method-name: list, responses: {"200": {description: OK}}}
    /pets/all:
      get: {x-fern-sdk-group-name: pets, x-fern-sdk-method-name: list, responses: {"200": {description: OK}}}
    /pets/toys:
      get: {x-fern-sdk-group-name: pets, x-fern-sdk-method-name: toys, responses: {"200": {description: OK}}}
    /pets/toys/list:
      get: {x-fern-sdk-group-name: [pets, toys], x-fern-sdk-method-name: list, responses: {"200": {description: OK}}}
    """,
)


def test_clashing_names_are_errors_at_both_operations(tmp_path: Path) -> None:
    spec = load_text(tmp_path, CLASHING)
    found = sorted(client_names_unique.check(Context(spec)))
    lines = {
        path: locate(CLASHING, f"{path}:")[0] for path in ("/pets/list", "/pets/all", "/pets/toys", "/pets/toys/list")
    }
    assert [(d.line, d.severity, d.rule) for d in found] == [
        (lines[path] + 1, "error", "client-name-unique")
        for path in ("/pets/list", "/pets/all", "/pets/toys", "/pets/toys/list")
    ]
    same, namespace = found[0].message, found[2].message
    assert found[1].message == same and found[3].message == namespace
    assert (
        f"GET /pets/all (line {lines['/pets/all'] + 1})" in same
        and f"GET /pets/list (line {lines['/pets/list'] + 1})" in same
    )
    assert "'pets.list'" in same and "'pets.list_2'" in same
    assert "'pets.toys'" in namespace and "namespace" in namespace and "'pets.toys_2'" in namespace
    assert names_of(spec) == {
        ("GET", "/pets/list"): "pets.list",
        ("GET", "/pets/all"): "pets.list_2",
        ("GET", "/pets/toys"): "pets.toys_2",
        ("GET", "/pets/toys/list"): "pets.toys.list",
    }
    assert sorted(m.call for m in client_of(spec).methods.values()) == [
        "pets.list", "pets.list_2", "pets.toys.list", "pets.toys_2"
    ]  # fmt: skip


# A REST spec as most public ones are: path, query and header parameters, a JSON object body, an
# array body, 204 answers, a multipart body and a cookie, methods
# named like builtins (list, str) and like the client's own members (close, import), a namespace
# named like a model (Pets) and one named like the client (Seam); Twilio's and GitHub's long names.
REST = spec_text(
    "Pet Store API",
    """\
    /pets:
      get:
        operationId: petsList
        tags: [pets]
        parameters:
          - {name: limit, in: query, schema: {type: integer}}
          - {name: sold, in: query, schema: {type: boolean}}
          - {name: min_price, in: query, schema: {type: number}}
          - {name: status, in: query, schema: {type: string, enum: [available, sold]}}
          - {name: X-Trace-Id, in: header, schema: {type: string}}
        responses:
          "200":
            description: OK
            content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
      post:
        operationId: petsCreate
        tags: [pets]
        parameters: [{name: dry_run, in: query, schema: {type: boolean}}]
        requestBody:
          required: true
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
        responses:
          "201": {description: Created, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
    /pets/{pet_id}:
      parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
      get:
        operationId: petsStr
        tags: [pets]
        responses:
          "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
      delete:
        operationId: petsDelete
        tags: [pets]
        responses: {"204": {description: Deleted}}
      put:
        operationId: petsRename
        tags: [pets]
        requestBody:
          content:
            application/json:
              schema: {type: object, required: [pet_id, name], properties: {pet_id: {type: string}, name: {type: string}}}
        responses: {"204": {description: Renamed}}
    /pets/{pet_id}/story:
      get:
        operationId: petsStory
        tags: [pets]
        parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
        responses: {"200": {description: Its story, content: {text/plain: {schema: {type: string}}}}}
    /pets/{pet_id}/photo.png:
      get:
        operationId: petsPhoto
        tags: [pets]
        parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
        responses: {"200": {description: Its photo, content: {image/png: {schema: {type: string, format: binary}}}}}
    /pets/{pet_id}/tags:
      put:
        operationId: petsSetTags
        tags: [pets]
        parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
        requestBody:
          content: {application/json: {schema: {type: array, items: {type: string}}}}
        responses: {"204": {description: Tagged}}
    /pets/{pet_id}/photo:
      post:
        operationId: petsUploadPhoto
        tags: [pets]
        parameters:
          - {name: pet_id, in: path, required: true, schema: {type: string}}
          - {name: session, in: cookie, schema: {type: string}}
        requestBody:
          content:
            multipart/form-data: {schema: {type: object, properties: {photo: {type: string, format: binary}}}}
        responses: {"204": {description: Uploaded}}
    /store/inventory:
      get:
        operationId: getInventory
        tags: [Seam]
        responses:
          "200":
            description: OK
            content: {application/json: {schema: {type: object, additionalProperties: {type: integer}}}}
    /accounts/{account_sid}/incoming_phone_numbers/{incoming_phone_number_sid}/assigned_add_ons/{assigned_add_on_sid}/extensions:
      get:
        operationId: ListIncomingPhoneNumberAssignedAddOnExtension
        tags: [IncomingPhoneNumberAssignedAddOnExtensionsOfTheAccount]
        parameters:
          - {name: account_sid, in: path, required: true, schema: {type: string}}
          - {name: incoming_phone_number_sid, in: path, required: true, schema: {type: string}}
          - {name: assigned_add_on_sid, in: path, required: true, schema: {type: string}}
          - name: dependency_graph_autosubmit_action_enabled_for_new_repositories_of_the_organization
            in: query
            schema: {type: string, enum: [enabled_for_every_repository, disabled_for_every_repository, not_set]}
        responses: {"204": {description: Listed}}
    /:
      get: {operationId: close, responses: {"204": {description: Closed}}}
      post: {operationId: import, responses: {"204": {description: Imported}}}
    /calls/{call_id}:
      get:
        operationId: getCall
        parameters: [{name: call_id, in: path, required: true, schema: {type: string}}]
        responses:  # models named like what resources.py imports from the runtime: they are renamed
          "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Call"}}}}
    """,
    """\
    x-seamgen: {python: {client: Seam}}
    components:
      schemas:
        Pet:
          type: object
          required: [name]
          properties:
            id: {type: string}
            name: {type: string}
            tags: {type: array, items: {type: string}}
        Pets:
          type: object
          properties:
            pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        Call:
          type: object
          properties:
            id: {type: string}
            file: {$ref: "#/components/schemas/FileContent"}
        FileContent: {type: object, properties: {style: {$ref: "#/components/schemas/ParameterStyle"}}}
        ParameterStyle: {type: string, enum: [form]}
    """,
)
PET = {"id": "p/1", "name": "Rex", "tags": ["good"]}


@pytest.fixture(scope="module")
def rest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    """The REST spec's package: its ``src`` folder, imported."""
    folder = tmp_path_factory.mktemp("rest")
    (folder / "openapi.yaml").write_text(REST, encoding="utf-8")
    out = folder / "out"
    assert main(["generate", "--spec", str(folder / "openapi.yaml"), "--out", str(out), "--quiet"]) == 0
    src = out / "python" / "src"
    return src, import_package(src, "pet_store_api")


def test_rest_package_is_ruff_and_mypy_strict_clean(rest: tuple[Path, ModuleType]) -> None:
    src, _ = rest
    assert_ruff_and_mypy_clean(src, "pet_store_api")


def test_every_operation_is_one_method_that_shadows_nothing(rest: tuple[Path, ModuleType]) -> None:
    src, package = rest
    operations = [(p, m) for p, item in yaml.safe_load(REST)["paths"].items() for m in item if m != "parameters"]
    client = package.Seam(api_key="key")
    own = {"endpoint", "close", "aclose", "poll_until_ready"}
    methods = [
        name
        for namespace in (
            client,
            client.pets,
            client.seam,
            client.incoming_phone_number_assigned_add_on_extensions_of_the_account,
            client.calls,
        )
        for cls in type(namespace).__mro__[:-1]
        for name, value in vars(cls).items()
        if callable(value) and not name.startswith("_") and name not in own
    ]
    assert sorted(methods) == sorted(
        ["close_", "import_", "list", "create", "str", "delete", "rename", "story", "photo", "set_tags", "upload_photo",
         "get_inventory",
         "list_incoming_phone_number_assigned_add_on_extension", "get_call"]
    )  # fmt: skip
    assert len(methods) == len(operations)
    resources = (src / "pet_store_api" / "resources.py").read_text()
    assert "class PetsResource:" in resources and "class SeamResource:" in resources  # the model Pets, the client
    assert "body: builtins.list[builtins.str] | None = None" in resources  # after the methods named list and str


def test_requests_put_each_parameter_where_the_spec_says(rest: tuple[Path, ModuleType]) -> None:
    _, package = rest
    replies = (
        Reply(200, [PET]),
        Reply(201, PET),
        *[Reply(204)] * 3,
        Reply(200, {"cats": 2}),
        Reply(200, b"Once upon a time", {"content-type": "text/plain"}),
        Reply(200, b"\x89PNG", {"content-type": "image/png"}),
    )
    with scripted(*replies) as (url, server), package.Seam(api_key="key", endpoint=f"{url}/v2") as client:
        listed = client.pets.list(limit=2, sold=False, status="sold", x_trace_id="t1")
        created = client.pets.create(name="Rex", tags=["good"], dry_run=True)
        assert client.pets.set_tags(pet_id="p/1", body=["a", "b"]) is None
        assert client.pets.delete(pet_id="p 1") is None
        assert client.pets.rename(pet_id="p1", pet_id_2="p2", name="Max") is None  # in the path, in the body
        assert client.seam.get_inventory() == {"cats": 2}
        assert client.pets.story(pet_id="p1") == "Once upon a time"  # text/plain: the text
        assert client.pets.photo(pet_id="p1") == b"\x89PNG"  # any other media type: the bytes
    assert [pet.name for pet in listed] == ["Rex"] and created.id == "p/1"
    found = [
        (r["method"], r["raw_path"] + (f"?{r['query']}" if r["query"] else ""), json.loads(r["body"] or "null"))
        for r in server.requests
    ]
    assert found == [
        ("GET", "/v2/pets?limit=2&sold=false&status=sold", None),
        ("POST", "/v2/pets?dry_run=true", {"name": "Rex", "tags": ["good"]}),
        ("PUT", "/v2/pets/p%2F1/tags", ["a", "b"]),
        ("DELETE", "/v2/pets/p%201", None),
        ("PUT", "/v2/pets/p1", {"pet_id": "p2", "name": "Max"}),
        ("GET", "/v2/store/inventory", None),
        ("GET", "/v2/pets/p1/story", None),
        ("GET", "/v2/pets/p1/photo.png", None),
    ]
    assert server.requests[0]["headers"]["x-trace-id"] == "t1"


def test_async_client_calls_the_same_way(rest: tuple[Path, ModuleType]) -> None:
    _, package = rest

    async def run(url: str) -> Any:
        async with package.AsyncSeam(api_key="key", endpoint=url) as client:
            return await client.pets.str(pet_id="p?1")

    with scripted(Reply(200, PET)) as (url, server):
        assert asyncio.run(run(url)).name == "Rex"
    assert server.requests[0]["raw_path"] == "/pets/p%3F1"


def test_multipart_bodies_and_cookies_are_sent_without_warnings(tmp_path: Path) -> None:
    """tests/test_rest_requests.py sends them, and lists what is still a warning."""
    assert list(requests_supported.check(Context(load_text(tmp_path, REST)))) == []


@pytest.mark.parametrize(
    ("title", "package", "client", "env"),
    [
        ("Stripe API", "stripe_api", "Stripe", "STRIPE"),
        ("GitHub's official OpenAPI spec + Octokit extension", "github", "GitHub", "GITHUB"),
        ("Twilio - Api", "twilio", "Twilio", "TWILIO"),
        ("Spotify Web API", "spotify_web_api", "SpotifyWeb", "SPOTIFY_WEB"),
        ("Seam Connect", "seam_connect", "SeamConnect", "SEAM_CONNECT"),
        ("AWS SQS", "aws_sqs", "AwsSqs", "AWS_SQS"),
        ("Email", "email_api", "Email", "EMAIL"),  # the standard library's email
        ("Pydantic", "pydantic_api", "Pydantic", "PYDANTIC"),  # a runtime dependency
        ("1Password Connect", "api_1_password_connect", "Api1PasswordConnect", "API_1PASSWORD_CONNECT"),
        ("API", "api", "Api", "API"),
    ],
)
def test_package_and_client_names_come_from_the_title(title: str, package: str, client: str, env: str) -> None:
    found = identity({"info": {"title": title, "version": "1"}})
    assert (found.package, found.client, found.env_prefix) == (package, client, env)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.55.0", "1.55.0"),
        ("v1", "1"),
        ("2.0.0rc1", "2.0.0rc1"),
        ("2012-11-05", "2012.11.5"),
        ("Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)", "2025.10.15"),
        ("beta 3.1", "3.1"),
        ("latest", "0.0.0"),
    ],
)
def test_package_version_is_pep_440(version: str, expected: str) -> None:
    assert package_version(version) == expected


def test_x_seamgen_python_settings_name_the_client_and_version(tmp_path: Path) -> None:
    text = spec_text("Stripe API", "{}\n", 'x-seamgen: {python: {client: Acme, version: "2.1"}}\n')
    spec = load_text(tmp_path, text.replace("paths:\n  {}", "paths: {}"))
    client = client_of(spec)
    names = client.names
    assert (names.client, names.async_client, names.error, names.api_key_env) == (
        "Acme", "AsyncAcme", "AcmeError", "ACME_API_KEY"
    )  # fmt: skip
    assert build(spec).package_version == "2.1" and build(spec).package == "stripe_api"
    assert client.root.sync_class == "AcmeResources"


AUTH_PATHS = """\
/me:
  get: {operationId: getMe, responses: {"204": {description: Me}}}
"""


@pytest.mark.parametrize(
    ("schemes", "security", "header", "query"),
    [
        ({"token": {"type": "http", "scheme": "bearer"}}, None, ("Authorization", "Bearer k1"), ""),
        # Stripe lists basic first; a key without a colon is the user (Stripe's `-u sk_test_...:`)
        (
            {"bearerAuth": {"type": "http", "scheme": "bearer"}, "basicAuth": {"type": "http", "scheme": "basic"}},
            [{"basicAuth": []}, {"bearerAuth": []}],
            ("Authorization", "Basic azE6"),
            "",
        ),
        # Figma and Petstore: an OAuth flow first, then an API key header, which the client takes
        (
            {
                "oauth": {"type": "oauth2", "flows": {}},
                "pat": {"type": "apiKey", "in": "header", "name": "X-Figma-Token"},
            },
            None,
            ("X-Figma-Token", "k1"),
            "",
        ),
        ({"key": {"type": "apiKey", "in": "query", "name": "api_key"}}, None, None, "api_key=k1"),
        ({"key": {"type": "apiKey", "in": "cookie", "name": "session"}}, None, ("Cookie", "session=k1"), ""),
        ({"oauth": {"type": "oauth2", "flows": {}}}, None, ("Authorization", "Bearer k1"), ""),
    ],
    ids=["bearer", "basic-preferred", "api-key-header", "api-key-query", "api-key-cookie", "oauth-token"],
)
def test_the_api_key_is_sent_as_the_spec_says(
    tmp_path: Path, schemes: dict[str, Any], security: Any, header: tuple[str, str] | None, query: str
) -> None:
    extra = {"components": {"securitySchemes": schemes}, **({"security": security} if security else {})}
    path = tmp_path / "openapi.yaml"
    path.write_text(spec_text("Keys", AUTH_PATHS) + yaml.safe_dump(extra), encoding="utf-8")
    name = f"keys_{tmp_path.name.replace('-', '_')}"  # a package per case: imports are cached by name
    assert main(["generate", "--spec", str(path), "--out", str(tmp_path / "out"), "--package-name", name]) == 0
    package = import_package(tmp_path / "out" / "python" / "src", name)
    with scripted(Reply(204)) as (url, server), package.Keys(api_key="k1", endpoint=url) as client:
        assert client.me.get() is None
    [request] = server.requests
    assert request["query"] == query
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", str(tmp_path / "out" / "python")]
    assert subprocess.run(ruff, capture_output=True, text=True).returncode == 0
    if header:
        assert request["headers"][header[0].lower()] == header[1]
    assert ("authorization" in request["headers"]) == (header is not None and header[0] == "Authorization")
