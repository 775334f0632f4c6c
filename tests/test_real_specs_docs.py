"""The docs of specs shaped like real public ones (REST paths, odd status keys, odd names, no
examples): every operation gets a page of its own, files that cannot collide, and statuses as
safe text. Each spec here is small and hand-written to reproduce one class of problem."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
import yaml

from seamgen.build import build
from seamgen.diagnostics import has_errors
from seamgen.docs_view import PageFiles, status_label
from seamgen.filters import md, md_blocks, md_html
from seamgen.lint import lint
from seamgen.loader import load
from seamgen.python_client import python_client
from seamgen.render import OUTPUTS, Source, environment, html_files, markdown_files
from seamgen.text import snake
from tests.conftest import Run, import_package
from tests.test_docs_markdown import sample_call
from tests.test_gitbook import flatten, link_tree

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))}


def spec(paths: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shop API", "version": "1.0.0"},
        "servers": [{"url": "https://shop.example.com/v1"}],
        "paths": paths,
        **top,
    }


def operation(op_id: str, tag: str = "items", **fields: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [tag], "responses": {"204": {"description": "Done."}}, **fields}


def json_response(description: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}
    if example is not None:
        media["example"] = example
    return {"description": description, "content": {"application/json": media}}


def write_spec(tmp_path: Path, doc: dict[str, Any]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def render_docs(tmp_path: Path, doc: dict[str, Any]) -> dict[str, str]:
    """The Markdown and HTML files of ``doc``'s docs (relative to ``docs/``), which must lint clean."""
    loaded = load(write_spec(tmp_path, doc))
    findings = lint(loaded)
    assert not has_errors(findings), [f.text() for f in findings if f.severity == "error"]
    api = build(loaded)
    files = {}
    for output in OUTPUTS:
        if output.files in (markdown_files, html_files):
            env = environment(output.filters, None, output.syntax, output.autoescape)
            for item in output.files(Source(api)):
                assert item.path not in files, f"{item.path} written twice"
                files[item.path.removeprefix("docs/")] = env.get_template(item.template).render(api=api, **item.context)
    return files


def routes(page: str) -> list[tuple[str, str]]:
    """The (method, path) of the swagger block of an endpoint page."""
    return re.findall(r'{% swagger method="(\w+)" path="([^"]*)"', page)


def endpoint_pages(files: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in files.items() if name.startswith("markdown/api/") and routes(text)}


# Class 3: response keys that are not a standard code.
STATUSES = {"200": "200: OK", "2XX": "2XX", "480": "480", "4XX": "4XX", "default": "default"}


def test_every_response_key_shows_as_its_status(tmp_path: Path) -> None:
    responses = {key: json_response(f"Answer {key}.", {"id": key}) for key in STATUSES}
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", responses=responses)}}))
    [(name, page)] = endpoint_pages(files).items()
    shown = re.findall(r'{% swagger-response status="([^"]+)" description="Answer ([^"]+)\." %}', page)
    assert sorted(shown) == sorted((label, key) for key, label in STATUSES.items())
    html = files[name.replace("markdown/", "html/").replace(".md", ".html")]
    for label in STATUSES.values():
        anchor = re.sub(r"[^a-z0-9]+", "-", label.lower())
        assert f'<article class="response" id="response-{anchor}">' in html, label
        assert f'<h3><a href="#response-{anchor}">{label}</a>' in html, label


@pytest.mark.parametrize(
    "key",
    [
        '200" onclick="alert(1)',
        "default %}{% endswagger %}",
        "<script>x</script>",
        "\uff12\uff10\uff10",
        "2xx",
        " 404 ",
        "",
        "ok",
    ],
)
def test_a_status_label_is_made_of_what_it_matched(key: str) -> None:
    assert re.fullmatch(r"[A-Za-z0-9 :-]+", status_label(key)), status_label(key)


def test_standard_codes_keep_their_phrases_whatever_the_python() -> None:
    assert [status_label(k) for k in ("200", "404", "413", "422", "2xx", "299")] == [
        "200: OK",
        "404: Not Found",
        "413: Content Too Large",
        "422: Unprocessable Content",
        "2XX",
        "299",
    ]


# Class 14: every operation gets its own page, at a file no other page can take.
ODD_PATHS = {
    "/items": {"get": operation("listItems"), "post": operation("createItem")},
    "/items/": {"get": operation("listItemsWithSlash")},
    "/items/{item_id}": {
        "get": operation("getItem"),
        "put": operation("replaceItem"),
        "delete": operation("deleteItem"),
        "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
    },
    "/items/README": {"get": operation("readme")},
    "/items/index": {"get": operation("Index")},
    "/items:batchGet": {"post": operation("items.batchGet")},
    "/items/search": {"get": operation("items.search.run")},
    "/con": {"get": operation("con", tag="con")},
}


def test_every_operation_gets_its_own_page(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec(ODD_PATHS))
    pages = endpoint_pages(files)
    expected = sorted((method, path) for path, item in ODD_PATHS.items() for method in item if method in HTTP_METHODS)
    assert sorted(route for page in pages.values() for route in routes(page)) == expected
    summary = flatten(link_tree(files["markdown/SUMMARY.md"]))
    assert len(summary) == len(set(summary))
    assert sorted(f"markdown/{file}" for file in summary if file != "README.md") == sorted(
        name for name in files if name.startswith("markdown/api/")
    )
    index = link_tree(files["markdown/README.md"].split("## Resources", 1)[1], only_links=False)
    assert flatten(index) == summary[1:]
    labels = [label for _, _, endpoints in index for label, _, _ in endpoints]
    assert len(labels) == len(set(labels)) == len(expected)


def test_page_files_are_safe_and_unique_ignoring_case(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec(ODD_PATHS))
    names = [name for name in files if name.startswith(("markdown/api/", "html/api/"))]
    assert len({name.casefold() for name in names}) == len(names)
    for name in names:
        assert re.fullmatch(r"(markdown|html)/api(/[A-Za-z0-9_]+)+\.(md|html)", name), name
        stems = [part.split(".")[0].casefold() for part in name.split("/")]
        assert not WINDOWS_DEVICES & set(stems), name
    for folder in {name.rsplit("/", 1)[0] for name in names if name.startswith("markdown/")}:
        own = [
            name for name in names if name.rsplit("/", 1)[0] == folder and name.endswith(("/README.md", "/index.md"))
        ]
        assert own in ([], [f"{folder}/README.md"]), own


def test_object_pages_link_each_endpoint_to_its_own_page(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec(ODD_PATHS))
    readme = files["markdown/api/items/README.md"]
    links = re.findall(r"\[\*\*`([^`]+)`\*\*\]\(/(api/[^)]+)\)", readme)
    assert len(links) == len({target for _, target in links}) == len({label for label, _ in links}) > 1
    shared = {path for path, item in ODD_PATHS.items() if len(set(item) & set(HTTP_METHODS)) > 1}
    routed = []
    for label, target in links:
        [(method, path)] = routes(files[f"markdown/{target}.md"])
        assert label == (f"{method.upper()} {path}" if path in shared else path)
        routed.append((target, method, path))
    html = files["html/api/items/index.html"]
    hrefs = re.findall(
        r'<h3><span class="method">(\w+)</span> <a href="\.\./\.\./(api/[^"]+)\.html"><code>([^<]+)</code>', html
    )
    assert [(href, method.lower(), path) for method, href, path in hrefs] == routed


def test_page_files_claim_names_once() -> None:
    files = PageFiles()
    assert files.object_page("items") == "api/items/README.md"
    assert [files.endpoint_page(("items",), name) for name in ("get", "Get", "README", "index", "con", "LPT1")] == [
        "api/items/get.md",
        "api/items/Get_2.md",
        "api/items/README_2.md",
        "api/items/index_2.md",
        "api/items/con_2.md",
        "api/items/LPT1_2.md",
    ]
    assert files.endpoint_page(("items", "unmanaged"), "get") == "api/items/unmanaged/get.md"
    assert files.endpoint_page(("items",), "unmanaged") == "api/items/unmanaged.md"
    assert files.endpoint_page(("aux",), "list") == "api/aux_2/list.md"
    assert files.endpoint_page((), "health") == "api/health.md"


# Pages of endpoints without parameters, examples or JSON bodies.
BARE_PATHS = {
    "/ping": {"get": operation("ping", tag="status")},
    "/upload": {
        "post": operation(
            "upload",
            tag="status",
            requestBody={"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
            responses={"200": {"description": "Text.", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        )
    },
    "/report": {"get": operation("report", tag="status", responses={"200": json_response("A report.")})},
}


@pytest.mark.parametrize("samples", [[], [{"language": "python", "label": "Python"}]])
def test_bare_endpoints_render_sensibly(tmp_path: Path, samples: list[dict[str, str]]) -> None:
    doc = spec(BARE_PATHS, **({"x-seamgen": {"docs": {"code-samples": samples}}} if samples else {}))
    files = render_docs(tmp_path, doc)
    pages = endpoint_pages(files)
    assert len(pages) == 3
    readme = files["markdown/api/status/README.md"]
    assert "## The status Object" not in readme and "## Properties" not in readme  # no x-resource: no object
    for name, page in pages.items():
        assert "### Parameters" not in page and "### Response" not in page and "#### JSON format" not in page
        if samples:
            [code] = re.findall(r"```python\n(.*?)\n```", page, re.S)
            assert re.fullmatch(r"\w+(\.\w+)+\(\)", code), code  # no output: the spec shows none
        else:
            assert "### Code Example" not in page and "{% tabs %}" not in page
        html = files[name.replace("markdown/", "html/").replace(".md", ".html")]
        assert "<table>" not in html and 'class="note"' not in html
        assert ('id="code-example"' in html) == bool(samples)


# Prose with HTML in it (AWS's and Stripe's specs): its formatting shows, nothing else runs.
PROSE = [
    ("<p>Use <code>SendMessage</code> to <i>send</i>.</p>", "Use `SendMessage` to *send*."),
    ("<p>See <a href='https://aws.example/sqs'>the guide</a>.</p><ul><li><p>One</p></li></ul>", "See [the guide](https://aws.example/sqs). One"),
    ('<a href="https://e.example/a b)">t</a> <b>bold</b> <strong>too</strong>', "[t](https://e.example/a%20b%29) **bold** **too**"),
    ('<a href="javascript:alert(1)">x</a><script>alert(1)</script>', "x&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)> Map<String, List<Int>> a < b", "&lt;img src=x onerror=alert(1)&gt; Map&lt;String, List&lt;Int&gt;&gt; a &lt; b"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "markdown"), PROSE)
def test_html_in_prose_becomes_markdown_and_anything_else_stays_text(text: str, markdown: str) -> None:
    assert md(text) == markdown
    html = md_html(text)
    assert not re.findall(r"<(?!/?(a|code|em|strong)\b)", html), html
    assert re.findall(r"<a [^>]*>", html) == [f'<a href="{url}">' for url in re.findall(r"\]\(([^)]+)\)", markdown)]


def test_pages_show_html_prose_as_markdown(tmp_path: Path) -> None:
    listing = operation("listItems", description="<p>Lists <code>items</code>, <i>newest</i> first.</p>")
    files = render_docs(tmp_path, spec({"/items": {"get": listing}}))
    [(name, page)] = endpoint_pages(files).items()
    assert "\nLists `items`, *newest* first.\n" in page
    html = files[name.replace("markdown/", "html/").replace(".md", ".html")]
    assert "<p>Lists <code>items</code>, <em>newest</em> first.</p>" in html


# Code samples: the Python sample calls the generated client, whatever the spec's names.
PYTHON_SAMPLES = {"x-seamgen": {"python": {"package": "sample_shop"}, "docs": {"code-samples": [{"language": "python", "label": "Python"}]}}}  # fmt: skip
ODD_NAMES = {
    "/pets": {
        "get": operation(
            "listPets",
            tag="pets",
            parameters=[
                {"name": "per-page", "in": "query", "schema": {"type": "integer"}, "example": 5},
                {"name": "from", "in": "query", "schema": {"type": "string"}, "example": "2024-01-01"},
                {"name": "class", "in": "query", "schema": {"type": "boolean"}, "example": True},
            ],
            responses={"200": json_response("Pets.", {"id": "p1"})},
        )
    },
    "/pets/all": {"get": operation("list", tag="pets")},
    "/pets/{pet-id}": {
        "get": operation(
            "pets.get",
            tag="pets",
            parameters=[
                {"name": "pet-id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "p1"}
            ],
        )
    },
    "/health": {"get": {"operationId": "health", "responses": {"204": {"description": "Up."}}}},
}


def page_call(page: str) -> tuple[list[str], dict[str, Any]]:
    """The attribute path and keyword arguments of a page's Python sample (one call, then comments)."""
    [code] = re.findall(r"```python\n(.*?)\n```", page, re.S)
    return sample_call(code)


def test_python_samples_call_the_generated_client(tmp_path: Path, cli: Callable[..., Run]) -> None:
    path = write_spec(tmp_path, spec(ODD_NAMES, **PYTHON_SAMPLES))
    run = cli("generate", "--spec", str(path), "--out", str(tmp_path / "out"), "--quiet")
    assert run.code == 0, run.err
    package = import_package(tmp_path / "out" / "python" / "src", "sample_shop")
    names = python_client(build(load(path))).names
    client = getattr(package, names.client)(api_key="key")
    pages = sorted((tmp_path / "out" / "docs" / "markdown" / "api").rglob("*.md"))
    calls = [page_call(page.read_text(encoding="utf-8")) for page in pages if page.name != "README.md"]
    assert len(calls) == sum(len(item) for item in ODD_NAMES.values())
    for (variable, *chain), arguments in calls:
        assert variable == snake(names.client)
        inspect.signature(attrgetter(".".join(chain))(client)).bind(**arguments)
    examples = sorted(
        str(p["example"]) for item in ODD_NAMES.values() for op in item.values() for p in op.get("parameters", [])
    )
    assert sorted(str(value) for _, arguments in calls for value in arguments.values()) == examples
    client.close()


# Scale: the site holds its navigation once (nav.js), so it grows linearly with the spec.
def site_nav(files: dict[str, str]) -> list[Any]:
    """``SITE_NAV`` of nav.js: JSON but for the trailing commas (its strings are JSON strings, on one line)."""
    array = files["html/assets/nav.js"].split("const SITE_NAV = ", 1)[1].rsplit(";", 1)[0]
    return list(json.loads(re.sub(r",(\n\s*\])", r"\1", array)))


def items(count: int) -> dict[str, Any]:
    return {f"/items/{n}": {"get": operation(f"getItem{n}")} for n in range(count)}


def test_an_endpoint_page_does_not_grow_with_the_spec(tmp_path: Path) -> None:
    small = render_docs(tmp_path / "small", spec(items(3)))
    large = render_docs(tmp_path / "large", spec(items(60)))
    pages = [name for name in small if re.fullmatch(r"html/api/items/\w+\.html", name) and "index" not in name]
    assert len(pages) == 3 and all(small[name] == large[name] for name in pages)
    assert len(large["html/assets/nav.js"]) > 5 * len(small["html/assets/nav.js"])  # the one copy grows


def test_nav_js_lists_every_endpoint_page_once_and_the_index_serves_readers_without_javascript(
    tmp_path: Path,
) -> None:
    hostile = "/items/</script><script>alert(1)</script>\u2028\"'"
    paths = {**ODD_PATHS, hostile: {"get": operation("hostile")}}
    files = render_docs(tmp_path, spec(paths))
    nav = site_nav(files)
    listed = [(method.lower(), path, file) for _, _, endpoints in nav for method, path, file in endpoints]
    expected = sorted((method, path) for path, item in paths.items() for method in item if method in HTTP_METHODS)
    assert sorted((method, path) for method, path, _ in listed) == expected
    assert "</script>" not in files["html/assets/nav.js"]
    pages = sorted(name.removeprefix("html/") for name in files if re.fullmatch(r"html/api/.+\.html", name))
    assert sorted([file for _, file, _ in nav] + [file for _, _, file in listed]) == pages
    assert sorted(set(re.findall(r'href="(api/[^"]+)"', files["html/index.html"]))) == pages
    for name in pages:
        root = "../" * name.count("/")
        side = files[f"html/{name}"].split('<nav class="side"', 1)[1].split("</nav>", 1)[0]
        assert f'<a href="{root}index.html">Overview</a>' in side, name


def test_the_parameters_table_types_enums_and_unions_by_their_json_types(tmp_path: Path) -> None:
    """An enum is its values' JSON type and a union lists its options' (``type: object`` before)."""
    schemas = {
        "sort": {"type": "string", "enum": ["name", "date"]},
        "limit": {"type": "integer", "enum": [10, 50]},
        "size": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
    }
    parameters = [{"name": name, "in": "query", "schema": schema} for name, schema in schemas.items()]
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", parameters=parameters)}}))
    [page] = endpoint_pages(files).values()
    rows = dict(re.findall(r"^\| `(\w+)` \| type: ([^|]+?) \|", page, re.M))
    assert rows == {"sort": "string", "limit": "integer", "size": "string or integer", "tags": "array of strings"}


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("see [the guide](/documentation/web-api)", "see the guide"),
        ("see [below](#set-permissions)", "see below"),
        ("see [the guide](https://example.com/guide)", 'see <a href="https://example.com/guide">the guide</a>'),
        ("write to [us](mailto:api@example.com)", 'write to <a href="mailto:api@example.com">us</a>'),
    ],
)
def test_only_absolute_links_in_prose_become_links_on_the_site(text: str, html: str) -> None:
    """A relative link points into the API owner's site, not the generated one: its text stays, the link goes."""
    assert md_html(text) == html


# Long descriptions (GitHub's, Redoc's readers') keep their paragraphs, lists and quotes on the site.
MULTI_PARAGRAPH = "Lists items.\n\n> [!NOTE]\n> Newest first.\n\n- one\n- two\n\n## Limits\n\nAt most 100 `items`."


def test_a_long_description_keeps_its_blocks_on_the_site(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", description=MULTI_PARAGRAPH)}}))
    [name] = endpoint_pages(files)
    html = files[name.replace("markdown/", "html/").replace(".md", ".html")]
    assert "<p>Lists items.</p>\n<blockquote>\n<p>[!NOTE]\nNewest first.</p>\n</blockquote>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    # A heading in prose is bold text: the page's outline stays its title and sections.
    assert "<p><strong>Limits</strong></p>\n<p>At most 100 <code>items</code>.</p>" in html
    assert "<h2>Limits" not in html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("typing it shows ![:strawberry:](https://example.com/1f353.png).", 'typing it shows <a href="https://example.com/1f353.png">:strawberry:</a>.'),
        ("a ![diagram](/images/flow.png) here", "a diagram here"),
        ('![<img src=x onerror=alert(1)>](javascript:alert(1))', "![&lt;img src=x onerror=alert(1)&gt;](javascript:alert(1))"),
    ],
)  # fmt: skip
def test_an_image_in_prose_is_a_link_to_it_never_loaded(text: str, html: str) -> None:
    """A site opened offline loads nothing from the web: an image is its alt text, a link when absolute."""
    assert md_html(text) == html
    assert md_blocks(text) == f"<p>{html}</p>"


# What the review of Stripe's, Spotify's, Twilio's and Train Travel's sites found missing or wrong.
def site_page(files: dict[str, str], name: str) -> str:
    return files[name.replace("markdown/", "html/").replace(".md", ".html")]


def test_a_parameter_described_by_its_schema_shows_that_description(tmp_path: Path) -> None:
    """Spotify describes 212 of its 214 parameters in their schema only."""
    market = {"name": "market", "in": "query", "schema": {"type": "string", "description": "An ISO 3166-1 code."}}
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", parameters=[market])}}))
    [(name, page)] = endpoint_pages(files).items()
    assert "An ISO 3166-1 code." in page
    assert "<p>An ISO 3166-1 code.</p>" in site_page(files, name)


def test_a_server_url_ending_in_a_slash_makes_no_double_slash(tmp_path: Path) -> None:
    doc = spec({"/v1/items": {"get": operation("listItems")}}, servers=[{"url": "https://api.example.com/"}])
    files = render_docs(tmp_path, doc)
    [name] = endpoint_pages(files)
    assert "<code>https://api.example.com/v1/items</code>" in site_page(files, name)


def test_the_empty_string_enum_value_shows_as_json(tmp_path: Path) -> None:
    """Stripe's "unset" value: shown as it is, it would be an empty bullet."""
    exempt = {"name": "tax_exempt", "in": "query", "schema": {"type": "string", "enum": ["", "exempt", "none"]}}
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", parameters=[exempt])}}))
    [name] = endpoint_pages(files)
    values = re.findall(r"<li id=\"parameter-tax_exempt-[^\"]*\"><code>([^<]*)</code>", site_page(files, name))
    assert values == ["&#34;&#34;", "exempt", "none"]
    assert "<code></code>" not in site_page(files, name)


def test_a_tag_description_shows_on_its_resource_page_whatever_its_case(tmp_path: Path) -> None:
    tags = [{"name": "Payments", "description": "Pay for bookings.\n\n> Bookings expire within 1 hour."}]
    files = render_docs(tmp_path, spec({"/payments": {"get": operation("listPayments", tag="Payments")}}, tags=tags))
    [page] = [text for name, text in files.items() if name.endswith("payments/index.html")]
    assert "<p>Pay for bookings.</p>\n<blockquote>\n<p>Bookings expire within 1 hour.</p>" in page


@pytest.mark.parametrize(
    ("media", "sent_as"),
    [
        ("application/json", "application/json"),
        ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
        ("multipart/form-data", "multipart/form-data"),
    ],
)
def test_the_request_body_says_how_it_is_sent(tmp_path: Path, media: str, sent_as: str) -> None:
    schema = {"type": "object", "properties": {"email": {"type": "string"}}}
    body = {"content": {media: {"schema": schema}}}
    files = render_docs(tmp_path, spec({"/customers": {"post": operation("createCustomer", requestBody=body)}}))
    [name] = endpoint_pages(files)
    assert f'<h2 id="request-body">Request body</h2>\n  <p>Sent as <code>{sent_as}</code>.</p>' in site_page(files, name)


def test_the_summary_is_not_repeated_under_a_title_that_says_the_same(tmp_path: Path) -> None:
    same = operation("listItems", summary="List items")
    other = operation("getItem", summary="Get an item", **{"x-title": "Get Item"})
    files = render_docs(tmp_path, spec({"/items": {"get": same}, "/item": {"get": other}}))
    pages = "".join(site_page(files, name) for name in endpoint_pages(files))
    assert "<h1>List items</h1>" in pages and "<strong>List items</strong>" not in pages
    assert "<h1>Get Item</h1>" in pages and "<p><strong>Get an item</strong></p>" in pages


SCHEMES = {
    "basicAuth": {"type": "http", "scheme": "basic", "description": "Your secret key as the user name."},
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "auth-scheme"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    "oauth": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a.example/auth", "scopes": {}}}},
}


def auth_section(html: str) -> list[str]:
    """Each alternative of the page's Authentication section, its paragraphs' text joined."""
    section = re.search(r'<h2 id="authentication">Authentication</h2>(.*?)</section>', html, re.S)
    assert section, "an Authentication section"
    items = re.findall(r"<li>(.*?)</li>", section[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", line).strip() for line in item.strip().splitlines()) for item in items]


def test_the_security_an_endpoint_needs_is_shown_as_the_spec_states_it(tmp_path: Path) -> None:
    """Stripe's is Basic or Bearer (the site made up one required Authorization header); an operation
    may name its own, or none."""
    paths = {
        "/charges": {"get": operation("listCharges")},
        "/search": {"get": operation("search", security=[{"queryKey": []}, {"oauth": ["read"]}])},
        "/health": {"get": operation("health", security=[{}])},
        "/both": {"get": operation("both", security=[{"basicAuth": [], "queryKey": []}])},
    }
    doc = spec(paths, components={"securitySchemes": SCHEMES}, security=[{"basicAuth": []}, {"bearerAuth": []}])
    files = render_docs(tmp_path, doc)
    pages = {name.rsplit("/", 1)[1]: site_page(files, name) for name in endpoint_pages(files)}
    assert auth_section(pages["list_charges.md"]) == [
        "HTTP Basic (basicAuth): Authorization: Basic &lt;base64 of user:password&gt; Your secret key as the user name.",
        "Bearer token (bearerAuth): Authorization: Bearer &lt;auth-scheme&gt;",
    ]
    assert "<p>Any one of:</p>" in pages["list_charges.md"]
    assert auth_section(pages["search.md"]) == ["API key (queryKey): ?key=&lt;API key&gt;", "OAuth 2.0 (oauth)"]
    assert auth_section(pages["health.md"]) == ["None needed"]
    assert auth_section(pages["both.md"]) == [
        "HTTP Basic (basicAuth): Authorization: Basic &lt;base64 of user:password&gt; Your secret key as the user name. "
        "and API key (queryKey): ?key=&lt;API key&gt;"
    ]
    assert all('id="parameter-authorization"' not in page for page in pages.values())


def test_without_security_in_the_spec_no_section_is_made_up(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems")}}))
    [name] = endpoint_pages(files)
    assert 'id="authentication"' not in site_page(files, name)


def test_every_example_of_a_body_is_shown_titled_by_its_summary(tmp_path: Path) -> None:
    """Train Travel's payment takes a Card or a Bank example, and answers with one of each: the site
    showed only the first response example, and no request example at all."""
    schema = {"type": "object", "properties": {"amount": {"type": "number"}, "source": {"type": "string"}}}
    examples = {
        "Card": {"summary": "Card Payment", "value": {"amount": 49.99, "source": "card"}},
        "Bank": {"value": {"amount": 19.99, "source": "bank_account"}},
        "Remote": {"summary": "Only a link", "externalValue": "https://example.com/remote.json"},
    }
    media = {"application/json": {"schema": schema, "examples": examples}}
    pay = operation("pay", requestBody={"content": media}, responses={"200": {"description": "Paid.", "content": media}})
    files = render_docs(tmp_path, spec({"/payments": {"post": pay}}))
    [(name, markdown)] = endpoint_pages(files).items()
    html = site_page(files, name)
    request = html[html.index('id="request-body"') : html.index('id="responses"')]
    response = html[html.index('id="responses"') :]
    for section in (request, response):
        titles = re.findall(r'<p class="example-title">([^<]*)</p>\s*<pre', section)
        assert titles == ["Card Payment", "Bank"]
        assert section.count("<pre") == 2 and "bank_account" in section and "Only a link" not in section
    assert "bank_account" not in markdown  # the GitBook page keeps one example per response, as the seed


def test_a_lone_named_example_is_untitled_unless_summarized(tmp_path: Path) -> None:
    """GitHub names the one example of each body ``default``: a title saying so would be noise."""
    schema = {"type": "object", "properties": {"id": {"type": "string"}}}
    lone = {"application/json": {"schema": schema, "examples": {"default": {"value": {"id": "a"}}}}}
    summed = {"application/json": {"schema": schema, "examples": {"one": {"summary": "A paid order", "value": {}}}}}
    responses = {"200": {"description": "OK", "content": lone}, "201": {"description": "Made", "content": summed}}
    files = render_docs(tmp_path, spec({"/items": {"post": operation("makeItem", responses=responses)}}))
    [name] = endpoint_pages(files)
    assert re.findall(r'<p class="example-title">([^<]*)</p>', site_page(files, name)) == ["A paid order"]


def test_a_union_is_named_by_its_options_names_where_the_spec_names_it_not(tmp_path: Path) -> None:
    """Spotify's playlist item is a TrackObject or an EpisodeObject and Stripe's default_source a
    string or one of three objects: both showed as just "Object" or "String or Object"."""
    track = {"type": "object", "properties": {"track_number": {"type": "integer"}}}
    episode = {"type": "object", "properties": {"show": {"type": "string"}}}
    item = {"oneOf": [{"$ref": "#/components/schemas/TrackObject"}, {"$ref": "#/components/schemas/EpisodeObject"}]}
    source = {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/TrackObject"}, {"$ref": "#/components/schemas/EpisodeObject"}]}  # fmt: skip
    schema = {"type": "object", "properties": {"item": item, "source": source}}
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}
    components = {"schemas": {"TrackObject": track, "EpisodeObject": episode}}
    files = render_docs(tmp_path, spec({"/items": {"get": operation("getItem", responses=responses)}}, components=components))
    [name] = endpoint_pages(files)
    types = dict(re.findall(r"<code>(item|source)</code></a> <i>([^<]*)</i>", site_page(files, name)))
    assert types == {"item": "TrackObject or EpisodeObject", "source": "String or TrackObject or EpisodeObject"}


def test_a_response_heading_is_its_status_and_its_description_reads_below(tmp_path: Path) -> None:
    """Spotify's error descriptions are paragraphs: in the heading they made one long line of it."""
    text = "Bad or expired token.\n\nRe-authenticate the user."
    responses = {"401": {"description": text}, "204": {"description": "Done."}}
    files = render_docs(tmp_path, spec({"/items": {"delete": operation("dropItem", responses=responses)}}))
    [name] = endpoint_pages(files)
    html = site_page(files, name)
    assert '<h3><a href="#response-401-unauthorized">401: Unauthorized</a></h3>\n    <p>Bad or expired token.</p>\n<p>Re-authenticate the user.</p>' in html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<p>Lists <code>items</code>.</p><p>Newest first.</p>", "<p>Lists <code>items</code>.</p>\n<p>Newest first.</p>"),
        ("The last item. Examples:<br/>To reorder, send range_start.", "<p>The last item. Examples:<br />\nTo reorder, send range_start.</p>"),
        ("Ends in a break.<br>", "<p>Ends in a break.</p>"),
        ("<p>Hi<br></p><script>x</script>", "<p>Hi</p>\n<p>&lt;script&gt;x&lt;/script&gt;</p>"),
    ],
)  # fmt: skip
def test_html_paragraphs_and_line_breaks_in_prose_stay_on_the_site(text: str, html: str) -> None:
    """Spotify's and AWS's descriptions break lines and paragraphs with HTML: flattened, they ran together."""
    assert md_blocks(text) == html


def test_a_parameter_example_shows_in_its_tree(tmp_path: Path) -> None:
    """Train Travel's origin and date carry examples the site left out."""
    parameters = [
        {"name": "origin", "in": "query", "schema": {"type": "string"}, "example": "efdbb9d1-02c2-4bc3-afb7"},
        {"name": "limit", "in": "query", "schema": {"type": "integer"}, "example": 10},
        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "example": ["a", "b"]},
    ]
    files = render_docs(tmp_path, spec({"/trips": {"get": operation("listTrips", parameters=parameters)}}))
    [name] = endpoint_pages(files)
    shown = re.findall(r"<p>Example: <code>([^<]*)</code></p>", site_page(files, name))
    assert shown == ["efdbb9d1-02c2-4bc3-afb7", "10", "[&#34;a&#34;, &#34;b&#34;]"]


def test_read_only_and_write_only_properties_say_so(tmp_path: Path) -> None:
    """Train Travel's Booking id is readOnly and a card's cvc writeOnly: the site listed both as plain inputs."""
    booking = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "cvc": {"type": "string", "writeOnly": True},
            "card": {"allOf": [{"$ref": "#/components/schemas/Card"}, {"readOnly": True}]},
            "name": {"type": "string"},
        },
    }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}}}
    make = operation("createBooking", requestBody=body)
    card = {"type": "object", "properties": {"last4": {"type": "string"}}}
    components = {"schemas": {"Booking": booking, "Card": card}}
    files = render_docs(tmp_path, spec({"/bookings": {"post": make}}, components=components))
    [name] = endpoint_pages(files)
    markers = dict(re.findall(r"<code>(\w+)</code></a> <i>[^<]*</i>((?: <b>[^<]*</b>)*)", site_page(files, name)))
    assert markers == {"id": " <b>read-only</b>", "cvc": " <b>write-only</b>", "card": " <b>read-only</b>", "name": ""}


def test_a_response_shows_the_headers_it_documents(tmp_path: Path) -> None:
    """Train Travel's responses carry RateLimit headers the site never mentioned."""
    rate = {"description": "The remaining quota.", "schema": {"type": "integer"}, "required": True}
    headers = {"RateLimit-Remaining": rate, "Content-Type": {"schema": {"type": "string"}}, "Link": {"$ref": "#/components/headers/Link"}}  # fmt: skip
    components = {"headers": {"Link": {"schema": {"type": "string", "description": "The next page."}}}}
    responses = {"200": {"description": "OK", "headers": headers}}
    files = render_docs(tmp_path, spec({"/trips": {"get": operation("listTrips", responses=responses)}}, components=components))
    [name] = endpoint_pages(files)
    html = site_page(files, name)
    shown = re.findall(r'<li id="response-200-ok-header-([^"]*)"><a[^>]*><code>([^<]*)</code></a> <i>([^<]*)</i>((?: <b[^>]*>[^<]*</b>)*)\n<p>([^<]*)</p>', html)  # fmt: skip
    assert shown == [
        ("ratelimit-remaining", "RateLimit-Remaining", "Integer", ' <b class="required">required</b>', "The remaining quota."),
        ("link", "Link", "String", "", "The next page."),
    ]  # fmt: skip


def test_a_code_block_in_a_description_takes_focus_as_the_sites_own(tmp_path: Path) -> None:
    """axe's scrollable-region-focusable, on Seam's access_codes/create: a wide block must scroll by keyboard."""
    assert md_blocks("Send:\n\n```json\n{\"code\": \"1234\"}\n```\n\n    indented too") == (
        '<p>Send:</p>\n<pre tabindex="0"><code class="language-json">{&quot;code&quot;: &quot;1234&quot;}\n</code></pre>\n'
        '<pre tabindex="0"><code>indented too\n</code></pre>'
    )


def test_defaults_show_in_the_trees(tmp_path: Path) -> None:
    """Train Travel's bicycles and dogs default to false: the site never said so."""
    parameters = [{"name": "dogs", "in": "query", "schema": {"type": "boolean", "default": False}}]
    trip = {"type": "object", "properties": {"class": {"type": "string", "enum": ["first", "second"], "default": "second"}}}  # fmt: skip
    body = {"content": {"application/json": {"schema": {"type": "object", "properties": {"seats": {"type": "integer", "default": 1}}}}}}  # fmt: skip
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": trip}}}}
    book = operation("bookTrip", parameters=parameters, requestBody=body, responses=responses)
    files = render_docs(tmp_path, spec({"/trips": {"post": book}}))
    [name] = endpoint_pages(files)
    shown = re.findall(r"<code>(\w+)</code></a>[^\n]*\n(?:<p>(?!Default)[^\n]*\n)?<p>Default: <code>([^<]*)</code></p>", site_page(files, name))  # fmt: skip
    assert shown == [("dogs", "false"), ("seats", "1"), ("class", "second")]


def test_types_own_pages_have_unique_file_names_ignoring_case(tmp_path: Path) -> None:
    """Two names the spec keeps apart (``Owner``, ``owner``; ``con``, a Windows device) get files a
    case-insensitive disk keeps apart too, each linked from its uses."""
    schemas = {name: {"type": "object", "properties": {"id": {"type": "string"}}} for name in ("Owner", "owner", "con")}
    both = {name: {"$ref": f"#/components/schemas/{name}"} for name in schemas}
    shape = {"type": "object", "properties": {f"a{n}": ref for n, ref in enumerate(both.values())}}
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": shape}}}}
    paths = {f"/{verb}": {"get": operation(f"{verb}Things", responses=responses)} for verb in ("list", "find")}
    files = render_docs(tmp_path, spec(paths, components={"schemas": schemas}))
    pages = sorted(name for name in files if name.startswith("html/schemas/"))
    assert pages == ["html/schemas/con_2.html", "html/schemas/owner.html", "html/schemas/owner_2.html"]
    for page in pages:
        assert files[page].count("<h1>") == 1
    [name, _] = endpoint_pages(files)
    assert all(f'href="../../{page.removeprefix("html/")}"' in site_page(files, name) for page in pages)
