"""Schema views and enum value descriptions: what the pages show of each type, derived from the model.

Expectations come from the spec through ``build`` (the intermediate model), never from the pages'
own wording: every property with its required and nullable markers, every enum value with its
description, every union variant by its discriminator values; shared objects linked, each named type
expanded once in the whole site; ids unique on every page, whatever the spec's names slug to.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from seamgen.build import build
from seamgen.docs_schema import SchemaNode, properties_of
from seamgen.docs_view import Docs, EndpointPage, docs
from seamgen.filters import md, md_html
from seamgen.ir import Api, EnumType, Named, Nullable, ObjectType, TypeExpr, UnionType
from seamgen.loader import load
from seamgen.render import OUTPUTS, Source, environment, html_files
from tests.conftest import ROOT, SPEC, Run
from tests.test_docs_html import browser, needs_chromium  # noqa: F401  (browser: a fixture)
from tests.test_hostile_docs import TAGS, tag_skeleton, thing_spec
from tests.test_real_specs_docs import render_docs, write_spec

SEAM_FULL = ROOT / "benchmarks" / ".corpus" / "seam.json"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def model(tmp_path: Path, doc: dict[str, Any]) -> tuple[Api, Docs]:
    api = build(load(write_spec(tmp_path, doc)))
    return api, docs(api)


def spec_doc() -> dict[str, Any]:
    return copy.deepcopy(load(SPEC).document)


def ids(page: str) -> list[str]:
    """Every id on an HTML page (autoescape keeps a quote out of any attribute value)."""
    return re.findall(r'\sid="([^"]*)"', page)


def walk(nodes: tuple[SchemaNode, ...]) -> Iterator[SchemaNode]:
    for node in nodes:
        yield node
        yield from walk(node.children + node.variants)


def endpoint_trees(page: EndpointPage) -> tuple[SchemaNode, ...]:
    roots = [page.request_body] + [response.schema for response in page.responses]
    return page.parameters + tuple(root for root in roots if root is not None)


def element(page: str, anchor: str) -> str:
    """The ``<li>`` or ``<article>`` with id ``anchor``, up to the next sibling at its level (enough to search in)."""
    start = page.index(f'id="{anchor}"')
    tag = page.rfind("<", 0, start)
    name = re.match(r"<(\w+)", page[tag:]).group(1)  # type: ignore[union-attr]
    depth, position = 0, tag
    for match in re.finditer(rf"<(/?){name}\b[^>]*>", page[tag:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = tag + match.end()
            break
    return page[tag:position]


# Enum value descriptions.
def test_object_pages_show_every_enum_value_with_its_description_in_markdown_and_html(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec_doc())
    api = build(load(SPEC))
    markdown, site = files["markdown/api/action_attempts/README.md"], files["html/api/action_attempts/index.html"]
    props = [p for r in api.resources for p in properties_of(api, r.object_type) if isinstance(p.type, Named)]
    enums = [(p.name, e) for p in props if isinstance(e := api.types[p.type.name], EnumType)]  # type: ignore[union-attr]
    assert enums and all(value.description for _, enum in enums for value in enum.values)
    for name, enum in enums:
        block = markdown.split(f"**`{name}`**")[1].split("***")[0]
        assert "".join(f"* `{v.value}`\n  * {md(v.description)}\n" for v in enum.values) in block, name
        tree = element(site, f"property-{name}")
        for value in enum.values:
            assert f"<code>{value.value}</code> <span>{md_html(value.description)}</span>" in tree


def test_endpoint_pages_show_the_enum_values_of_a_parameter_with_their_descriptions(tmp_path: Path) -> None:
    doc = spec_doc()
    status = {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/ActionAttemptStatus"}}
    doc["paths"]["/action_attempts/list"]["get"]["parameters"].append(status)
    files = render_docs(tmp_path, doc)
    api = build(load(write_spec(tmp_path / "again", doc)))
    enum = api.types["ActionAttemptStatus"]  # type: ignore[index]
    assert isinstance(enum, EnumType)
    markdown = files["markdown/api/action_attempts/list.md"]
    block = markdown.split('name="status"')[1].split("{% endswagger-parameter %}")[0]
    assert block.endswith("".join(f"* `{v.value}`\n  * {md(v.description)}\n" for v in enum.values))
    tree = element(files["html/api/action_attempts/list.html"], "parameter-status")
    for value in enum.values:
        assert (
            f'id="parameter-status-{value.value}"><code>{value.value}</code> <span>{md_html(value.description)}' in tree
        )


def test_enum_values_that_slug_alike_or_repeat_get_unique_ids(tmp_path: Path) -> None:
    """``a b``, ``a-b``, ``A-B`` slug alike, ``a`` is listed twice; an enum value of the property
    ``event`` slugs as the event's own id, and a property ``x y`` as a property ``x-y``."""
    doc = thing_spec(value="v")
    thing = doc["components"]["schemas"]["Thing"]["properties"]
    thing["kind"] = {"enum": ["a b", "a-b", "A-B", "a", "a"]}
    thing["event"] = {"enum": ["thing.v", "x"]}
    thing["x y"], thing["x-y"] = {"type": "string"}, {"type": "string"}
    files = render_docs(tmp_path, doc)
    for name, page in files.items():
        if name.endswith(".html"):
            assert [i for i, count in Counter(ids(page)).items() if count > 1] == [], name
    page = files["html/api/things/index.html"]
    values = re.findall(r'<li id="(kind-[^"]*)"><code>([^<]*)</code>', page)
    assert [value for _, value in values] == ["a b", "a-b", "A-B", "a"]
    assert 'id="event-thing.v"' in page and "<code>thing.v</code>" in element(page, "property-event")


def test_every_page_of_the_spec_has_unique_ids_and_every_fragment_link_lands(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec_doc())
    pages = {name.removeprefix("html/"): page for name, page in files.items() if name.endswith(".html")}
    for name, page in pages.items():
        assert [i for i, count in Counter(ids(page)).items() if count > 1] == [], name
        root = "../" * name.count("/")
        for href in re.findall(r'href="([^"]*#[^"]*)"', page):
            target, fragment = href.split("#")
            target = name if not target else target.removeprefix(root)
            assert fragment in ids(pages[target]), (name, href)


# Trees: every property with its markers.
def assert_tree_is_the_object(api: Api, node: SchemaNode, found: ObjectType) -> None:
    assert [child.name for child in node.children] == [p.name for p in found.properties]
    for child, prop in zip(node.children, found.properties, strict=True):
        assert (child.required, child.nullable) == (prop.required, isinstance(prop.type, Nullable)), prop.name


def test_response_trees_hold_every_property_of_their_type_with_its_markers(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec_doc())
    api, pages = model(tmp_path / "model", spec_doc())
    checked = 0
    for endpoint, page in zip(api.endpoints, pages.endpoints, strict=True):
        site = files[f"html/{page.file.removesuffix('.md')}.html"]
        for response, shown in zip(endpoint.responses, page.responses, strict=True):
            found = api.types.get(response.type.name) if isinstance(response.type, Named) else None
            assert shown.schema is not None and isinstance(found, ObjectType)
            if shown.schema.link is None:
                assert_tree_is_the_object(api, shown.schema, found)
                article = element(site, shown.anchor)
                markers = [p.required for p in found.properties].count(True)
                assert article.count('<b class="required">required</b>') >= markers
                checked += 1
    assert checked >= 2


def test_request_body_trees_hold_every_body_property(tmp_path: Path) -> None:
    doc = thing_spec(value="v")
    body = doc["paths"]["/things/create"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": "The thing's name."},
            "note": {"type": ["string", "null"]},
            "size": {"type": "object", "properties": {"width": {"type": "integer"}}, "required": ["width"]},
        },
    }
    body["example"] = {"name": "n"}
    api, pages = model(tmp_path, doc)
    [endpoint], [page] = api.endpoints, pages.endpoints
    assert page.request_body is not None
    body_params = [p for p in endpoint.parameters if p.location == "body"]
    nodes = page.request_body.children
    assert [(n.name, n.required, n.nullable) for n in nodes] == [
        (p.name, p.required, isinstance(p.type, Nullable)) for p in body_params
    ]
    [(size, size_param)] = [(n, p) for n, p in zip(nodes, body_params, strict=True) if p.name == "size"]
    assert isinstance(size_param.type, Named)
    size_type = api.types[size_param.type.name]
    assert isinstance(size_type, ObjectType)
    assert_tree_is_the_object(api, size, size_type)
    site = render_docs(tmp_path / "site", doc)["html/api/things/create.html"]
    section = site.split('id="request-body"')[1].split("</section>")[0]
    assert all(f"<code>{p.name}</code>" in section for p in body_params)
    assert '<code>width</code> <i>Integer</i> <b class="required">required</b>' in section


def test_event_trees_hold_every_property_of_the_event(tmp_path: Path) -> None:
    files = render_docs(tmp_path, spec_doc())
    api, pages = model(tmp_path / "model", spec_doc())
    [page] = pages.objects
    site = files["html/api/action_attempts/index.html"]
    assert [e.name for e in page.events] == [e.name for e in api.resources[0].events]
    for event, shown in zip(api.resources[0].events, page.events, strict=True):
        props = properties_of(api, event.type)
        assert [(n.name, n.required) for n in shown.properties] == [(p.name, p.required) for p in props]
        article = element(site, shown.anchor)
        for node in shown.properties:
            assert f'id="{node.anchor}"' in article and f"<code>{node.name}</code>" in article
        assert f"Value: <code>{event.name}</code>" in article


def shown_trees(api: Api, pages: Docs) -> Iterator[tuple[str, TypeExpr | None, SchemaNode]]:
    """(HTML page, type, tree) of every response's tree and every type's own page."""
    for endpoint, page in zip(api.endpoints, pages.endpoints, strict=True):
        for response, shown in zip(endpoint.responses, page.responses, strict=True):
            if shown.schema is not None:
                yield f"html/{page.file.removesuffix('.md')}.html", response.type, shown.schema
    for own in pages.schemas:
        yield f"html/{own.file}", Named(own.name), own.tree


def test_union_variants_are_named_by_their_discriminator_values(tmp_path: Path) -> None:
    api, pages = model(tmp_path, spec_doc())
    files = render_docs(tmp_path / "site", spec_doc())
    checked = 0
    for html, expr, tree in shown_trees(api, pages):
        if tree.link is not None or not isinstance(api.types.get(getattr(expr, "name", "")), ObjectType):
            continue
        for prop, node in zip(properties_of(api, expr), tree.children, strict=False):  # "*" last: other keys
            union = api.types.get(prop.type.name) if isinstance(prop.type, Named) else None
            if isinstance(union, UnionType) and node.link is None:
                expected = [
                    ", ".join(f'{d} = "{value}"' for d, value in zip(union.discriminator, v.tag, strict=True))
                    for v in union.variants
                ]
                assert [variant.name for variant in node.variants] == expected
                assert all(f"<code>{escape(name)}</code>" in element(files[html], node.anchor) for name in expected)
                checked += 1
    assert checked == 1  # ErrorResponse's own page shows the union; every error response links there


# Links: shared objects are shown once.
def test_a_resource_object_is_linked_from_a_response_not_copied(tmp_path: Path) -> None:
    api, pages = model(tmp_path, spec_doc())
    files = render_docs(tmp_path / "site", spec_doc())
    [resource] = api.resources
    assert resource.object_type is not None
    own = [p.name for p in properties_of(api, resource.object_type)]
    for page in pages.endpoints:
        site = files[f"html/{page.file.removesuffix('.md')}.html"]
        [success] = [r for r in page.responses if r.status.startswith("2")]
        assert success.schema is not None
        [linked] = [n for n in success.schema.children if n.link is not None]
        assert linked.link is not None and linked.link.href == "api/action_attempts/index.html"
        article = element(site, success.anchor)
        assert 'href="../../api/action_attempts/index.html"' in article
        assert not any(f"<code>{name}</code>" in article.split("<pre")[0] for name in own if name != linked.name)


def test_a_type_used_in_many_places_is_expanded_once_in_the_whole_site(tmp_path: Path) -> None:
    """ErrorResponse is the body of every error response: its own page shows it, they all link
    there, so a description deep inside it (a variant's property's) is on one page, once."""
    api, pages = model(tmp_path, spec_doc())
    uses = [r for e in api.endpoints for r in e.responses if r.type == Named("ErrorResponse")]  # type: ignore[arg-type]
    roots = [r.schema for page in pages.endpoints for r in page.responses if r.schema is not None]
    links = [root.link for root in roots if root.link is not None and root.link.title == "ErrorResponse"]
    [own] = [page for page in pages.schemas if page.title == "ErrorResponse"]
    assert len(uses) > 2 and len(links) == len(uses) and {link.href for link in links} == {own.file}
    assert [node.name for node in own.tree.children] == ["error", "ok"]
    invalid_input = api.types["InvalidInputError"]  # type: ignore[index]
    assert isinstance(invalid_input, ObjectType)
    [deep] = [p.description for p in invalid_input.properties if p.name == "validation_errors"]
    files = render_docs(tmp_path / "site", spec_doc())
    holders = {name: page.count(str(md_html(deep))) for name, page in files.items() if name.endswith(".html")}
    # The property's description in ErrorResponse's tree; the same text heads ValidationErrors' own page.
    assert {name: count for name, count in holders.items() if count} == {
        f"html/{own.file}": 1,
        "html/schemas/validation_errors.html": 1,
    }


def test_a_self_referencing_schema_stops_at_a_link_to_itself(tmp_path: Path) -> None:
    doc = thing_spec(value="v")
    schemas = doc["components"]["schemas"]
    schemas["Node"] = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
        },
    }
    schemas["Thing"]["properties"]["tree"] = {"$ref": "#/components/schemas/Node"}
    response = doc["paths"]["/things/create"]["post"]["responses"]["200"]["content"]["application/json"]
    response["schema"] = {"type": "object", "properties": {"root": {"$ref": "#/components/schemas/Node"}}}
    response["example"] = {"root": {"id": "n1", "children": []}}
    files = render_docs(tmp_path, doc)
    _, pages = model(tmp_path / "model", doc)
    [own] = pages.schemas  # Node: used by Thing, the response and itself
    assert own.file == "schemas/node.html" and [n.name for n in own.tree.children] == ["id", "children", "parent"]
    for child in own.tree.children[1:]:
        assert child.link is not None and child.link.href == own.file
        assert child.children == ()
    assert "List of Node" in files["html/schemas/node.html"]
    [page] = pages.objects
    [tree] = [n for n in page.properties if n.name == "tree"]
    assert tree.link is not None and tree.link.href == own.file and tree.children == ()
    [endpoint] = pages.endpoints
    [response_tree] = [r.schema for r in endpoint.responses]
    assert response_tree is not None
    [root] = response_tree.children
    assert root.link is not None and root.link.href == own.file


def test_hostile_names_and_descriptions_stay_text_in_trees(tmp_path: Path) -> None:
    doc = thing_spec(name=f"n{HOSTILE}", value=HOSTILE, key=HOSTILE)
    kind = doc["components"]["schemas"]["Thing"]["properties"]["kind"]
    kind["x-enumDescriptions"] = {HOSTILE: f"{HOSTILE}{TAGS}", "a": TAGS}
    files = render_docs(tmp_path, doc)
    for name, page in files.items():
        if name.endswith(".html"):
            assert "<script>alert" not in page and "<img" not in page, name
            assert re.findall(r"<script[^>]*>", page) == re.findall(r'<script src="[^"]+"(?: defer)?>', page)
    site = files["html/api/things/index.html"]
    assert str(escape(HOSTILE)) in element(site, "property-kind")
    benign_doc = thing_spec(name="n", value="plain", key="k")
    benign_doc["components"]["schemas"]["Thing"]["properties"]["kind"]["x-enumDescriptions"] = {"plain": "p", "a": "q"}
    benign = render_docs(tmp_path / "benign", benign_doc)
    for name in (n for n in files if n.startswith("markdown/")):
        assert tag_skeleton(files[name]) == tag_skeleton(benign[name]), name


@needs_chromium
def test_trees_expand_and_collapse_by_keyboard_and_a_link_into_a_closed_one_shows_its_target(
    browser: Any,  # noqa: F811
    cli: Callable[..., Run],
    tmp_path: Path,
) -> None:
    """From disk, as readers open the site: Enter and Space on a summary toggle its tree; a link to a
    node inside closed ``<details>`` opens them (the browser's own behaviour for fragments)."""
    assert cli("generate", "--spec", str(SPEC), "--out", str(tmp_path), "--quiet").code == 0
    api, pages = model(tmp_path / "model", spec_doc())
    roots = [(html, root) for html, _, root in shown_trees(api, pages)]
    [(html, variant), *_] = [(html, v) for html, root in roots for n in walk((root,)) for v in n.variants if v.anchor]
    url = (tmp_path / "docs" / html).as_uri()
    tab = browser.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.goto(f"{url}#{variant.anchor}")
    assert tab.locator(f"[id='{variant.anchor}']").is_visible()
    tab.goto(url)
    target = tab.locator(f"[id='{variant.anchor}']")
    assert not target.is_visible()
    summary = tab.locator("details", has=target).last.locator(":scope > summary")
    summary.focus()
    tab.keyboard.press("Enter")
    assert target.is_visible()
    tab.keyboard.press("Space")
    assert not target.is_visible()
    assert problems == []


# Scale: Seam's full spec.
@pytest.mark.skipif(
    not SEAM_FULL.is_file(), reason="needs benchmarks/.corpus/seam.json (python benchmarks/corpus.py fetch)"
)
def test_seam_full_spec_trees_grow_linearly_and_pages_stay_small() -> None:
    """Each named type is expanded once, so the site's nodes are at most one per property, variant and
    parameter of the spec, plus one per reference. The largest page bound: Redoc's single page for
    this spec is 4.7 MB (redocly-cli 2.77.0, ``benchmarks/bench_docs.py``); no seamgen page may weigh
    a tenth of it, whatever page a shared type happens to be expanded on first."""
    api = build(load(SEAM_FULL))
    pages = docs(api)
    nodes = sum(1 for page in pages.endpoints for _ in walk(endpoint_trees(page)))
    nodes += sum(
        1 for page in pages.objects for _ in walk(page.properties + tuple(n for e in page.events for n in e.properties))
    )
    members = sum(
        len(t.properties) if isinstance(t, ObjectType) else len(t.variants) if isinstance(t, UnionType) else 0
        for t in api.types.values()
    )
    references = sum(len(e.parameters) + len(e.responses) + 2 for e in api.endpoints)
    assert nodes <= members + references
    [output] = [o for o in OUTPUTS if o.files is html_files]
    env = environment(output.filters, None, output.syntax, output.autoescape)
    largest = max(
        len(env.get_template(item.template).render(api=api, **item.context).encode())
        for item in html_files(Source(api))
        if item.path.endswith(".html")
    )
    assert largest < 470_000


# Homes: decided before any tree is built; only the spec's names shown.
def two_page_spec() -> dict[str, Any]:
    """``Owner`` met first three levels deep in ``create``'s error response, then at the top of the
    later page ``get``'s response; ``create`` also shows an inline union without a discriminator."""
    doc = thing_spec(value="v")
    doc["components"]["schemas"]["Owner"] = {"type": "object", "properties": {"owner_id": {"type": "string"}}}
    owner = {"$ref": "#/components/schemas/Owner"}
    create = doc["paths"]["/things/create"]["post"]
    nested = {"type": "object", "properties": {"detail": {"type": "object", "properties": {"owner": owner}}}}
    error = {"type": "object", "properties": {"error": nested}}
    create["responses"]["400"] = {"description": "bad", "content": {"application/json": {"schema": error}}}
    circle, square = ({"type": "object", "properties": {side: {"type": "number"}}} for side in ("radius", "side"))
    shape = {"type": "object", "properties": {"shape": {"oneOf": [circle, square, owner]}}}
    create["responses"]["409"] = {"description": "shape", "content": {"application/json": {"schema": shape}}}
    get = copy.deepcopy(create) | {"x-fern-sdk-method-name": "get", "responses": {}}
    top = {"type": "object", "properties": {"owner": owner}}
    get["responses"]["200"] = {"description": "ok", "content": {"application/json": {"schema": top}}}
    doc["paths"]["/things/get"] = {"post": get}
    return doc


def all_nodes(pages: Docs) -> Iterator[tuple[EndpointPage | None, SchemaNode]]:
    for page in pages.endpoints:
        yield from ((page, node) for node in walk(endpoint_trees(page)))
    for obj in pages.objects:
        yield from ((None, n) for n in walk(obj.properties + tuple(p for e in obj.events for p in e.properties)))


def test_a_type_the_spec_names_and_two_places_use_has_a_page_of_its_own(tmp_path: Path) -> None:
    """Owner is met three levels deep on ``create``, as a union's option there, and at the top on
    ``get``: every use links to its page (shown at one of them, it sent readers to an unrelated page)."""
    _, pages = model(tmp_path, two_page_spec())
    create, get = pages.endpoints
    [own] = pages.schemas
    assert (own.file, own.title, [n.name for n in own.tree.children]) == ("schemas/owner.html", "Owner", ["owner_id"])
    [top] = [n for r in get.responses if r.schema for n in r.schema.children if n.name == "owner"]
    [deep] = [n for r in create.responses if r.schema for n in walk((r.schema,)) if n.name == "owner"]
    for node in (top, deep):
        assert node.link is not None and node.link.href == own.file
        assert (node.children, node.cut, node.type) == ((), False, "Owner")
    files = render_docs(tmp_path / "site", two_page_spec())
    assert '<code>owner</code> <i><a href="../../schemas/owner.html">Owner</a></i>' in files["html/api/things/create.html"]
    assert "<h1>Owner</h1>" in files["html/schemas/owner.html"]
    assert '<a href="schemas/owner.html"><code>Owner</code></a>' in files["html/index.html"]


@pytest.mark.parametrize("spec", ["two_pages", "seam"])
def test_no_node_is_a_dead_end_when_its_type_has_a_home(tmp_path: Path, spec: str) -> None:
    """Every use of a named object or union either expands it or links to where it is expanded, and
    every link lands on a node of its page: none says "not expanded" without a way to the type."""
    doc = two_page_spec() if spec == "two_pages" else spec_doc()
    _, pages = model(tmp_path, doc)
    files = render_docs(tmp_path / "site", doc)
    expandable = 0
    for _, node in all_nodes(pages):
        assert not node.cut, node.name
        if node.link is not None:
            target, _, fragment = node.link.href.partition("#")
            assert target and (not fragment or f'id="{fragment}"' in files[f"html/{target}"]), node.link
        else:
            expandable += bool(node.children or node.variants)
    assert expandable


def test_an_inline_union_without_a_discriminator_shows_no_generated_names(tmp_path: Path) -> None:
    doc = two_page_spec()
    api, pages = model(tmp_path, doc)
    made_up = set(api.types) - {e.name for e in api.components.values() if isinstance(e, Named)}
    assert any("Option" in name for name in made_up) and any("Response" in name for name in made_up)
    [shape] = [n for _, n in all_nodes(pages) if n.name == "shape"]
    assert [v.name for v in shape.variants] == ["Option 1 (Object)", "Option 2 (Object)", "Owner"]
    for _, node in all_nodes(pages):
        assert not {node.name, node.type, node.link.title if node.link else ""} & made_up, node
    trees = "".join(page for name, page in render_docs(tmp_path / "site", doc).items() if name.endswith(".html"))
    assert not [name for name in made_up if f">{name}<" in trees]
