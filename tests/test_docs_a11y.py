"""Accessibility of the HTML site: axe-core finds nothing on any page in either theme, and a reader
with only a keyboard reaches and works the search, the navigation, the tabs, the copy buttons and
the expandable sections, always seeing where the focus is."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seamgen.loader import load
from tests.conftest import ROOT, SPEC
from tests.test_docs_html import CHROMIUM, browser, needs_chromium  # noqa: F401  (browser: a fixture)

# Pinned like the corpus: a newer axe-core may add rules, and the site should change only when we do.
AXE = ("axe-core", "4.10.3")
AXE_SHA256 = "880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb"  # of package/axe.min.js
AXE_CACHE = ROOT / "benchmarks" / ".peers" / "axe-core"
AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
SCHEMES = ("light", "dark")
SEAM_SPEC = ROOT / "benchmarks" / ".corpus" / "seam.json"
SEAM_SAMPLE = 15
MAX_TABS = 400  # more Tab presses than any page of our spec has stops


def _generate(spec: Path, out: Path) -> Path:
    """The site as a user gets it from ``seamgen generate``, in a folder of the test's own."""
    command = [sys.executable, "-m", "seamgen", "generate", "--spec", str(spec), "--out", str(out), "--quiet"]
    subprocess.run(command, check=True)
    return out / "docs" / "html"


@pytest.fixture(scope="module")
def axe_js() -> Path:
    """axe-core's script, fetched once with npm and checked against its pin before any page runs it."""
    target = AXE_CACHE / f"axe-{AXE[1]}.min.js"
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == AXE_SHA256:
        return target
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed (.ci/run installs it): axe-core cannot be fetched")
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            ["npm", "pack", "@".join(AXE), "--pack-destination", scratch, "--json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        tarball = Path(scratch) / json.loads(result.stdout)[0]["filename"]
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            data = member.read()
    got = hashlib.sha256(data).hexdigest()
    assert got == AXE_SHA256, f"{'@'.join(AXE)}: axe.min.js has sha256 {got}, pinned {AXE_SHA256}"
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(SPEC, tmp_path_factory.mktemp("a11y"))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


def _violations(page: Any, axe_js: Path, options: dict[str, Any], within: str = "html") -> list[str]:
    """axe-core's violations in the part of the page as shown that matches ``within``, a line per rule and failure (the elements that fail
    alike, such as every token of one colour, counted on one line): rule, first element, what to fix."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("([within, options]) => axe.run(within, options)", [within, options])
    alike: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for rule in result["violations"]:
        for node in rule["nodes"]:
            summary = re.sub(r"contrast of [\d.]+", "contrast", " ".join(node["failureSummary"].split()))
            alike.setdefault((f"{rule['id']} ({rule['impact']})", summary), []).append(node)
    return [
        f"{rule} on {len(nodes)} element(s), first {nodes[0]['target']}: {nodes[0]['html'][:160]} -- {summary}"
        for (rule, summary), nodes in alike.items()
    ]


def _reveal_everything(page: Any) -> None:
    """Open every <details> and show every tab panel: axe checks the contrast of visible text only."""
    page.evaluate(
        """() => {
            document.querySelectorAll("details").forEach((d) => { d.open = true; });
            document.querySelectorAll("[role=tabpanel][hidden]").forEach((p) => { p.hidden = false; });
        }"""
    )


def _audit(page: Any, axe_js: Path, site: Path, pages: list[Path], *, reveal: bool) -> list[str]:
    """Every page in both themes: all of axe's WCAG 2.1 AA and best-practice rules on the page as it
    loads, then (``reveal``) contrast again with every collapsed or hidden part shown."""
    found = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for file in pages:
            where = f"{scheme} {file.relative_to(site)}"
            page.goto(file.as_uri())
            found += [f"{where}: {line}" for line in _violations(page, axe_js, AXE_RULES)]
            if reveal:
                _reveal_everything(page)
                contrast = {"runOnly": ["color-contrast"]}
                found += [f"{where} (all shown): {line}" for line in _violations(page, axe_js, contrast)]
    return found


@needs_chromium
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_axe_finds_nothing_on_any_page_of_our_spec_in_either_theme(
    page: Any, axe_js: Path, site: Path, width: int
) -> None:
    """On a phone, code and tables scroll sideways: a scrolling region must be reachable by keyboard."""
    page.set_viewport_size({"width": width, "height": 900})
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1
    found = _audit(page, axe_js, site, pages, reveal=True)
    assert found == [], "\n".join(found)


def _seam_sample(site: Path) -> list[Path]:
    """The index, the largest page and pages spread evenly over the rest, the same on every run. The
    pages are audited as they load: their hidden parts use the styles our spec's pages check shown (a
    big page fully expanded takes axe half a minute)."""
    pages = sorted(site.rglob("*.html"))
    largest = max(pages, key=lambda file: file.stat().st_size)
    step = max(1, len(pages) // (SEAM_SAMPLE - 2))
    return sorted({site / "index.html", largest, *pages[::step]})


@pytest.mark.corpus
@needs_chromium
def test_axe_finds_nothing_on_a_sample_of_seams_full_spec(page: Any, axe_js: Path, tmp_path: Path) -> None:
    if not SEAM_SPEC.is_file():
        pytest.skip(f"{SEAM_SPEC.relative_to(ROOT)} is absent (python benchmarks/corpus.py fetch seam)")
    site = _generate(SEAM_SPEC, tmp_path)
    sample = _seam_sample(site)
    assert len(sample) >= SEAM_SAMPLE - 2
    found = _audit(page, axe_js, site, sample, reveal=False)
    assert found == [], "\n".join(found)


@needs_chromium
def test_the_dark_theme_is_really_dark(page: Any, site: Path) -> None:
    """Contrast 'in both themes' means something only if the system's dark setting changes the colours."""
    page.goto((site / "index.html").as_uri())
    colours = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] != colours["dark"], colours


# --- the keyboard -----------------------------------------------------------------------------

DESCRIBE_FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = `${el.getAttribute("aria-label") || ""} ${el.textContent || ""}`.trim();
    return {
        tag: el.tagName.toLowerCase(),
        role: el.getAttribute("role") || "",
        type: el.getAttribute("type") || "",
        id: el.id,
        label: label.slice(0, 60),
        inNav: Boolean(el.closest("nav")),
        visible: el.matches(":focus-visible"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        html: el.outerHTML.slice(0, 120),
    };
}"""


def _tab_through(page: Any) -> list[dict[str, Any]]:
    """What Tab focuses, in order, from the top of the page until the focus leaves the page."""
    page.locator("body").focus()
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate(DESCRIBE_FOCUS)
        if stop is None or (stops and stop["html"] == stops[0]["html"]):
            break
        stops.append(stop)
    return stops


def _is_search(stop: dict[str, Any]) -> bool:
    return stop["type"] == "search" or stop["role"] in ("searchbox", "combobox")


def _is_copy(stop: dict[str, Any]) -> bool:
    return stop["tag"] == "button" and "copy" in stop["label"].lower()


def _tab_to(page: Any, wanted: str) -> dict[str, Any]:
    """Press Tab until the focused element matches the CSS selector ``wanted``."""
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("wanted => document.activeElement.matches(wanted)", wanted):
            return dict(page.evaluate(DESCRIBE_FOCUS))
    pytest.fail(f"Tab never reaches {wanted}")


@needs_chromium
@pytest.mark.parametrize("scheme", SCHEMES)
def test_tab_reaches_search_navigation_tabs_and_copy_and_shows_where_it_is(page: Any, site: Path, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto((site / "api" / "action_attempts" / "get.html").as_uri())
    stops = _tab_through(page)
    reached = {
        "the search box": any(map(_is_search, stops)),
        "a navigation link": any(stop["inNav"] and stop["tag"] == "a" for stop in stops),
        "the language tabs": any(stop["role"] == "tab" for stop in stops),
        "a copy button": any(map(_is_copy, stops)),
    }
    assert all(reached.values()), f"Tab does not reach {[name for name, ok in reached.items() if not ok]}"
    assert sum(stop["role"] == "tab" for stop in stops) == 1, "one tab stop per tab list; arrows move between tabs"
    unseen = [stop["html"] for stop in stops if not (stop["visible"] and (stop["outline"] or stop["shadow"]))]
    assert unseen == [], f"focus is not visible on {unseen}"


@needs_chromium
def test_arrow_keys_switch_the_language_tab_and_its_panel(page: Any, site: Path) -> None:
    page.goto((site / "api" / "action_attempts" / "get.html").as_uri())
    first = _tab_to(page, "[role=tab]")
    for key in ("ArrowRight", "ArrowLeft"):
        page.keyboard.press(key)
        tab = page.locator(":focus")
        assert tab.get_attribute("role") == "tab" and tab.get_attribute("aria-selected") == "true"
        panel = page.locator(f"[id='{tab.get_attribute('aria-controls')}']")
        assert panel.is_visible()
        assert page.locator("[role=tabpanel]:visible").count() == 1
    assert page.locator(":focus").get_attribute("id") == first["id"]


@needs_chromium
@pytest.mark.parametrize("key", ["Enter", " "])
def test_enter_and_space_expand_and_collapse_sections(page: Any, site: Path, key: str) -> None:
    page.goto((site / "api" / "action_attempts" / "index.html").as_uri())
    _tab_to(page, "main summary")
    is_open = "() => document.activeElement.parentElement.open"
    before = page.evaluate(is_open)
    page.keyboard.press(key)
    assert page.evaluate(is_open) is not before
    page.keyboard.press(key)
    assert page.evaluate(is_open) is before


@needs_chromium
def test_the_navigation_groups_expand_and_collapse_by_keyboard(page: Any, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    _tab_to(page, "nav summary, nav [aria-expanded]")
    is_open = """() => {
        const el = document.activeElement;
        return el.tagName === "SUMMARY" ? el.parentElement.open : el.getAttribute("aria-expanded") === "true";
    }"""
    before = page.evaluate(is_open)
    page.keyboard.press("Enter")
    assert page.evaluate(is_open) is not before
    page.keyboard.press(" ")
    assert page.evaluate(is_open) is before


def _first_enum_value() -> str:
    """A value the spec lists in an enum, which the search must find."""
    schemas = load(SPEC).document["components"]["schemas"]
    return str(next(schema["enum"][0] for schema in schemas.values() if schema.get("enum")))


@needs_chromium
@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_works_by_keyboard_and_its_results_pass_axe(page: Any, axe_js: Path, site: Path, scheme: str) -> None:
    value = _first_enum_value()
    page.emulate_media(color_scheme=scheme)
    page.goto((site / "index.html").as_uri())
    _tab_to(page, "input[type=search]")
    page.keyboard.type(value)
    page.keyboard.press("ArrowDown")
    found = _violations(page, axe_js, AXE_RULES, within="[role=search]")
    assert found == [], "the search box with its results:\n" + "\n".join(found)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    fragment = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert fragment, page.url
    assert value in page.locator(f"[id='{fragment}']").inner_text()
