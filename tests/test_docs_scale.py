"""The HTML site at scale: pages that do not grow with the spec, the navigation held once (in
``assets/nav.js``) and collapsible by resource, an index that lists every page without JavaScript."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamgen.docs_nav import INDEX_EXPANDED_LIMIT
from seamgen.docs_view import FOLDED_LINES
from tests.test_docs_html import browser, needs_chromium  # noqa: F401  (the fixture, shared)
from tests.test_real_specs_docs import endpoint_pages, json_response, operation, render_docs, site_nav, spec

RESOURCES = 6  # the small site's; the large one has twice as many
ACTIONS = ("get", "list", "create")
TOLERANCE = 1.02


def resource(number: int) -> str:
    """The name of a resource (the tag of its endpoints): one width for every N, a longer name is not growth."""
    return f"r{number:03d}"


def scale_spec(resources: int) -> dict[str, Any]:
    """``resources`` resources of three endpoints, each answering with one shared schema (nested, with an enum)."""
    thing = {"$ref": "#/components/schemas/Thing"}
    answer = {"200": {"description": "OK", "content": {"application/json": {"schema": thing}}}}
    paths = {
        f"/{resource(number)}/{action}": {
            "post": operation(f"{resource(number)}_{action}", tag=resource(number), responses=answer)
        }
        for number in range(resources)
        for action in ACTIONS
    }
    part = {"type": "object", "properties": {"serial": {"type": "string"}, "count": {"type": "integer"}}}
    properties = {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["a", "b", "c"]}, "part": part}
    return spec(paths, components={"schemas": {"Thing": {"type": "object", "properties": properties}}})


def html_pages(files: dict[str, str]) -> dict[str, int]:
    """Every HTML page's size in bytes, by its path in the site."""
    return {
        name.removeprefix("html/"): len(text.encode())
        for name, text in files.items()
        if name.startswith("html/") and name.endswith(".html")
    }


def site_bytes(files: dict[str, str]) -> int:
    return sum(len(text.encode()) for name, text in files.items() if name.startswith("html/"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, str]]:
    """The docs of the N-resource and the 2N-resource spec, by N."""
    return {
        count: render_docs(tmp_path_factory.mktemp(f"scale-{count}"), scale_spec(count))
        for count in (RESOURCES, 2 * RESOURCES)
    }


def test_pages_do_not_grow_with_the_spec_and_the_site_grows_linearly(sites: dict[int, dict[str, str]]) -> None:
    small, large = sites[RESOURCES], sites[2 * RESOURCES]
    small_pages, large_pages = html_pages(small), html_pages(large)
    once = ["index.html", *(name for name in small_pages if name.startswith("schemas/"))]  # Thing's own page
    assert once[1:] == ["schemas/thing.html"]
    assert len(large_pages) - len(once) == 2 * (len(small_pages) - len(once))  # every other page doubles
    pages = [name for name in small_pages if name != "index.html"]
    assert all(small["html/" + name] == large["html/" + name] for name in pages)  # no page holds the others
    others = {name: size for name, size in large_pages.items() if name != "index.html"}
    assert max(others.values()) <= TOLERANCE * max(small_pages[name] for name in pages)
    assert statistics.mean(others.values()) <= TOLERANCE * statistics.mean(small_pages[name] for name in pages)
    assert large_pages["index.html"] <= 2 * small_pages["index.html"]
    assert 1.5 * site_bytes(small) < site_bytes(large) <= 2 * site_bytes(small)


def test_the_navigation_is_held_once_in_nav_js(sites: dict[int, dict[str, str]]) -> None:
    files = sites[2 * RESOURCES]
    *nav, schemas = site_nav(files)  # the resources, then the types' own pages
    assert schemas == ["Schemas", "index.html#schemas", [["", "Thing", "schemas/thing.html"]]]
    paths = scale_spec(2 * RESOURCES)["paths"]
    assert [[(method, path) for method, path, _ in endpoints] for _, _, endpoints in nav] == [
        [("POST", path) for path in paths if path.startswith(f"/{resource(number)}/")]
        for number in range(2 * RESOURCES)
    ]
    for title, file, _ in nav:
        assert f"<h1>{title}</h1>" in files[f"html/{file}"]
    # The last resource's folder: nav.js names it, and of the pages only the index and its own.
    folder = nav[-1][1].rpartition("/")[0] + "/"
    assert folder in files["html/assets/nav.js"]
    pages = {name for name in files if name.endswith(".html") and folder in files[name]}
    assert pages == {"html/index.html", *(name for name in files if name.startswith(f"html/{folder}"))}


def test_the_index_links_every_page_collapsed_by_resource_once_the_api_is_large(
    sites: dict[int, dict[str, str]],
) -> None:
    for count, files in sites.items():
        index = files["html/index.html"]
        pages = sorted(name for name in html_pages(files) if name.startswith("api/"))
        assert sorted(set(re.findall(r'href="(api/[^"]+)"', index))) == pages
        lists = re.findall(r"<details( open)?>\s*<summary>(\d+) endpoints</summary>", index)
        assert [int(endpoints) for _, endpoints in lists] == [len(ACTIONS)] * count
        expanded = count * len(ACTIONS) <= INDEX_EXPANDED_LIMIT
        assert all((opened == " open") == expanded for opened, _ in lists)


# In the browser: the sidebar built from nav.js, a resource at a time, by keyboard.
@pytest.fixture(scope="module")
def large_site(sites: dict[int, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale-site")
    for name, text in sites[2 * RESOURCES].items():
        if name.startswith("html/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    return folder / "html"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    opened = context.new_page()
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    yield opened
    context.close()
    assert problems == []


def side_groups(page: Any) -> list[dict[str, Any]]:
    return list(
        page.eval_on_selector_all(
            "nav.side details",
            """groups => groups.map(group => ({
                title: group.querySelector(':scope > summary').textContent,
                open: group.open,
                links: Array.from(group.querySelectorAll(':scope > ul a'), a => a.getAttribute('href')),
            }))""",
        )
    )


@needs_chromium
def test_the_sidebar_collapses_by_resource_and_opens_by_keyboard(
    page: Any, large_site: Path, sites: dict[int, dict[str, str]]
) -> None:
    nav = site_nav(sites[2 * RESOURCES])
    links = [[f"../../{page}" for page in (file, *(page for _, _, page in endpoints))] for _, file, endpoints in nav]
    current = nav[1][2][0][2]  # the second resource's first endpoint
    page.goto((large_site / current).as_uri())
    groups = side_groups(page)
    assert [group["title"] for group in groups] == [title for title, _, _ in nav]
    assert [group["open"] for group in groups] == [index == 1 for index in range(len(nav))]
    assert [group["links"] for group in groups] == [links[1] if index == 1 else [] for index in range(len(nav))]
    assert page.get_attribute(f'nav.side a[href="../../{current}"]', "aria-current") == "page"
    assert page.locator("nav.side summary a").count() == 0  # no control inside the control
    page.locator("nav.side summary").nth(5).focus()
    page.keyboard.press("Enter")
    built = page.locator("nav.side details").nth(5).locator(":scope > ul a")
    built.first.wait_for()  # the list is built on the toggle event, a task after the key press
    assert side_groups(page)[5] == {"title": nav[5][0], "open": True, "links": links[5]}  # built when opened
    page.keyboard.press("Space")
    assert not side_groups(page)[5]["open"]
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('nav.side details')[5].open")
    page.wait_for_timeout(50)  # a second toggle task would append a second list: give it its turn
    assert side_groups(page)[5]["links"] == links[5]  # once, however often it opens
    page.locator("nav.side details").nth(5).locator("ul a").nth(1).click()
    assert page.url == (large_site / nav[5][2][0][2]).as_uri()


# Where the sidebar and the page's text sit across (the height above them is the header's affair).
PLACES = """[document.querySelector('nav.side'), document.querySelector('main')].map(element => {
  const box = element.getBoundingClientRect();
  return [box.x, box.width];
})"""


@needs_chromium
def test_the_sidebar_is_reserved_so_building_it_moves_nothing(browser: Any, large_site: Path) -> None:  # noqa: F811
    places = []
    for javascript in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        opened = context.new_page()
        opened.goto((large_site / "api" / "r_003" / "list.html").as_uri(), wait_until="load")
        places.append(opened.evaluate(PLACES))
        context.close()
    assert places[0] == places[1]


def test_a_long_response_example_starts_folded_and_a_short_one_shown(tmp_path: Path) -> None:
    """Pages of JSON would push a page's other responses out of reach: past FOLDED_LINES lines the
    example is a closed <details> saying how long it is; the Markdown page shows every example."""
    long = {f"key{number}": number for number in range(FOLDED_LINES)}  # FOLDED_LINES + 2 lines with its braces
    short = {f"key{number}": number for number in range(FOLDED_LINES - 2)}  # exactly FOLDED_LINES
    responses = {"200": json_response("Long.", long), "201": json_response("Short.", short)}
    files = render_docs(tmp_path, spec({"/items": {"get": operation("listItems", responses=responses)}}))
    [(name, markdown)] = endpoint_pages(files).items()
    html = files[name.replace("markdown/", "html/").replace(".md", ".html")]
    folded = re.findall(r'<details class="example"><summary>Example \((\d+) lines\)</summary>\s*<pre', html)
    assert folded == [str(FOLDED_LINES + 2)]
    blocks = re.findall(r"<pre[^>]*><code[^>]*>(.*?)</code></pre>", html, re.S)
    assert [block.count("\n") + 1 for block in blocks] == [FOLDED_LINES + 2, FOLDED_LINES]
    assert '"key99": 99' in markdown and '"key97": 97' in markdown


# The current page's link and the navigation's visible box, in the viewport's coordinates.
CURRENT_IN_NAV = """(() => {
  const nav = document.querySelector('nav.side').getBoundingClientRect();
  const here = document.querySelector('nav.side [aria-current="page"]').getBoundingClientRect();
  return {navTop: nav.top, navBottom: nav.bottom, top: here.top, bottom: here.bottom};
})()"""


@needs_chromium
def test_the_sidebar_scrolls_to_the_current_page_and_follows_the_reader(
    browser: Any,  # noqa: F811
    large_site: Path,
    sites: dict[int, dict[str, str]],
) -> None:
    """Beside the page the navigation scrolls on its own, the current link in view; on a phone it
    comes after the page, which Stripe's navigation alone would push two screens down."""
    *_, (_, _, endpoints) = site_nav(sites[2 * RESOURCES])
    last = endpoints[-1][2]  # the last resource's last endpoint: at the navigation's bottom
    context = browser.new_context(viewport={"width": 1280, "height": 200})  # the navigation is taller
    opened = context.new_page()
    opened.goto((large_site / last).as_uri(), wait_until="load")
    box = opened.evaluate(CURRENT_IN_NAV)
    assert opened.evaluate("document.querySelector('nav.side').scrollTop") > 0
    assert box["navTop"] <= box["top"] and box["bottom"] <= min(box["navBottom"], 200), box
    opened.mouse.wheel(0, 2000)
    opened.wait_for_function("() => window.scrollY > 0")
    assert opened.evaluate("document.querySelector('nav.side').getBoundingClientRect().top") == 0  # sticky
    context.close()
    context = browser.new_context(viewport={"width": 375, "height": 700})
    opened = context.new_page()
    opened.goto((large_site / last).as_uri(), wait_until="load")
    top = "document.querySelector('{}').getBoundingClientRect().top"
    assert opened.evaluate(top.format("main")) < opened.evaluate(top.format("nav.side"))
    context.close()
