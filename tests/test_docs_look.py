"""How the HTML site reads: code highlighted at generate time with its text unchanged, a copy button
on every code block, the chosen language remembered across pages, a dark theme following the
system's, print styles; the site is opened from disk (file://), as readers may."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from seamgen.build import build
from seamgen.cli import main
from seamgen.docs_highlight import LEXERS, STYLED, css_class, highlight
from seamgen.docs_view import Docs, docs, html_file
from seamgen.loader import load
from seamgen.render import TEMPLATES
from tests.conftest import SPEC
from tests.test_docs_html import browser, needs_chromium  # noqa: F401  (the fixture, shared)
from tests.test_hostile_docs import thing_spec
from tests.test_real_specs_docs import render_docs

HOSTILE = '</code></pre><script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
SCHEMES = ("light", "dark")
AA = 4.5


@pytest.fixture(scope="module")
def pages() -> Docs:
    return docs(build(load(SPEC)))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our spec's site, generated from the working tree's templates (``generated/`` may lag behind)."""
    out = tmp_path_factory.mktemp("look")
    assert main(["generate", "--spec", str(SPEC), "--out", str(out), "--quiet"]) == 0
    return out / "docs" / "html"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    """A fresh page (its own storage and clipboard) that fails the test on any console error."""
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def endpoint_urls(site: Path, pages: Docs) -> list[str]:
    return [(site / html_file(endpoint.file)).as_uri() for endpoint in pages.endpoints if endpoint.samples]


class CodeBlocks(HTMLParser):
    """Each ``<code class="language-…">``'s language, text (as the browser's textContent) and span classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, set[str]]] = []
        self._open: tuple[str, list[str], set[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "code" and classes and classes[0].startswith("language-"):
            self._open = (classes[0].removeprefix("language-"), [], set())
        elif tag == "span" and self._open:
            self._open[2].update(classes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._open:
            language, text, spans = self._open
            self.blocks.append((language, "".join(text), spans))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[1].append(data)


def code_blocks(text: str) -> list[tuple[str, str, set[str]]]:
    parser = CodeBlocks()
    parser.feed(text)
    return parser.blocks


def test_every_code_block_is_highlighted_in_its_language_and_keeps_its_text(site: Path, pages: Docs) -> None:
    styled = {css_class(kind) for kind in STYLED}
    highlighted: dict[str, int] = {}
    for endpoint in pages.endpoints:
        expected = [(str(s.language), str(s.code)) for s in endpoint.samples]
        expected += [("json", str(r.body)) for r in endpoint.responses if r.body]
        blocks = code_blocks((site / html_file(endpoint.file)).read_text())
        assert [(language, text) for language, text, _ in blocks] == expected, endpoint.file
        for language, _, spans in blocks:
            assert spans <= styled, (endpoint.file, spans - styled)
            highlighted[language] = highlighted.get(language, 0) + bool(spans)
    languages = {str(language.language) for language in build(load(SPEC)).code_samples} | {"json"}
    assert {language for language, count in highlighted.items() if count} == languages


@pytest.mark.parametrize("language", [*LEXERS, "cobol"])
def test_hostile_code_stays_text_in_every_language(language: str) -> None:
    code = f'{HOSTILE}\n# {HOSTILE}\n// {HOSTILE}\n{{"{HOSTILE}": "{HOSTILE}"}}'
    out = str(highlight(code, language))
    assert "<script" not in out and "<img" not in out and "</code" not in out and "</pre" not in out
    assert re.sub(r'<span class="[a-z0-9]+">|</span>', "", out).count("<") == 0
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == code


def test_a_hostile_spec_reaches_the_code_blocks_escaped(tmp_path: Path) -> None:
    files = render_docs(tmp_path, thing_spec(value=HOSTILE))
    endpoint = next(text for path, text in files.items() if path.startswith("html/api/") and "create" in path)
    blocks = code_blocks(endpoint)
    assert any(HOSTILE in text for _, text, _ in blocks), "the hostile example is shown, as text"
    assert "<script>alert" not in endpoint and "<img" not in endpoint


def test_every_styled_token_kind_has_a_color_in_both_themes() -> None:
    light, dark = token_colors()
    for kind in STYLED:
        assert css_class(kind) in light and css_class(kind) in dark, kind


def test_theme_colors_in_the_css_pass_aa_on_the_page_and_code_backgrounds() -> None:
    themes = dict(zip(SCHEMES, theme_variables(), strict=True))
    for scheme, tokens in zip(SCHEMES, token_colors(), strict=True):
        colors = themes[scheme]
        for text in ("--ink", "--muted", "--accent"):
            for background in ("--bg", "--code"):
                ratio = contrast(parse_color(colors[text]), parse_color(colors[background]))
                assert ratio >= AA, (scheme, text, background, ratio)
        for name, color in tokens.items():
            ratio = contrast(parse_color(color), parse_color(colors["--code"]))
            assert ratio >= AA, (scheme, name, ratio)


@needs_chromium
@pytest.mark.parametrize("scheme", SCHEMES)
def test_rendered_text_links_and_code_pass_aa_in_both_themes(page: Any, site: Path, pages: Docs, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    seen: set[str] = set()
    for url in (endpoint_urls(site, pages)[0], (site / html_file(pages.objects[0].file)).as_uri()):
        page.goto(url)
        for selector, color, background in page.evaluate(VISIBLE_COLORS, TEXT_SELECTORS):
            seen.add(selector)
            assert contrast(parse_color(color), parse_color(background)) >= AA, (
                scheme,
                url,
                selector,
                color,
                background,
            )
    assert {"main p", "main a", "main pre code", "main pre code span", ".copy"} <= seen, "text, links and code"


TEXT_SELECTORS = ["main p", "main a", "em", ".method", "main pre code", "main pre code span", ".copy"]
# Each visible element's [selector, color, background]: the nearest opaque background it is drawn on.
VISIBLE_COLORS = """(selectors) => {
  const background = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const color = getComputedStyle(at).backgroundColor;
      if (color !== "rgba(0, 0, 0, 0)") return color;
    }
    return "rgb(255, 255, 255)";
  };
  return selectors.flatMap((selector) =>
    Array.from(document.querySelectorAll(selector)).filter((e) => e.getClientRects().length)
      .map((e) => [selector, getComputedStyle(e).color, background(e)]));
}"""


@needs_chromium
def test_dark_mode_follows_the_system_and_screenshots_are_saved(
    page: Any, site: Path, pages: Docs, tmp_path: Path
) -> None:
    colors = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.goto(endpoint_urls(site, pages)[0])
        colors[scheme] = page.evaluate(
            """() => [document.body, document.querySelector("pre")].map((e) => {
              const style = getComputedStyle(e);
              return [style.color, style.backgroundColor];
            })"""
        )
        page.screenshot(path=str(tmp_path / f"docs-{scheme}.png"), full_page=True)
    for (light_ink, light_bg), (dark_ink, dark_bg) in zip(colors["light"], colors["dark"], strict=True):
        assert light_ink != dark_ink and light_bg != dark_bg
        assert luminance(parse_color(dark_bg)) < luminance(parse_color(light_bg))
    shots = [(tmp_path / f"docs-{scheme}.png").read_bytes() for scheme in SCHEMES]
    assert shots[0] != shots[1] and min(len(shot) for shot in shots) > 10_000


@needs_chromium
def test_copy_button_copies_the_code_with_the_clipboard_api(page: Any, site: Path, pages: Docs) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(endpoint_urls(site, pages)[0])
    blocks = page.locator("pre").count()
    assert page.get_by_role("button", name="Copy code", include_hidden=True).count() == blocks > 0
    sample = pages.endpoints[0].samples[0]
    page.locator(f"#panel-{sample.language}").get_by_role("button", name="Copy code").click()
    assert page.evaluate("navigator.clipboard.readText()") == str(sample.code)
    page.wait_for_function("document.querySelector('.copy-status[role=status]').textContent === 'Copied'")


@needs_chromium
def test_copy_button_works_by_keyboard_and_falls_back_to_a_selection(page: Any, site: Path, pages: Docs) -> None:
    page.add_init_script(
        """Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
        document.addEventListener("copy", () => { window.copied = String(document.getSelection()); });"""
    )
    page.goto(endpoint_urls(site, pages)[0])
    response = next(r for r in pages.endpoints[0].responses if r.body)
    button = page.locator("article.response").first.get_by_role("button", name="Copy code")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.copy-status[role=status]').textContent === 'Copied'")
    assert page.evaluate("window.copied") == str(response.body)
    assert page.evaluate("String(document.getSelection())") == "", "the selection is put back"


@needs_chromium
def test_the_chosen_language_is_remembered_on_other_pages(page: Any, site: Path, pages: Docs) -> None:
    urls = endpoint_urls(site, pages)
    assert len(urls) >= 2
    last = str(pages.endpoints[0].samples[-1].language)
    page.goto(urls[0])
    page.click(f"#tab-{last}")
    for url in (urls[1], (site / "index.html").as_uri(), urls[0]):
        page.goto(url)
        if page.locator("[role=tab]").count():
            assert page.get_attribute(f"#tab-{last}", "aria-selected") == "true", url
            assert page.locator(f"#panel-{last}").is_visible()
            assert page.locator("[role=tabpanel]:visible").count() == 1


@needs_chromium
def test_tabs_still_switch_where_storage_is_refused(page: Any, site: Path, pages: Docs) -> None:
    page.add_init_script(
        """Object.defineProperty(window, "localStorage", { get: () => { throw new DOMException("denied"); } });"""
    )
    languages = [str(sample.language) for sample in pages.endpoints[0].samples]
    page.goto(endpoint_urls(site, pages)[0])
    page.focus(f"#tab-{languages[0]}")
    page.keyboard.press("ArrowRight")
    assert page.locator(f"#panel-{languages[1]}").is_visible()
    assert page.get_attribute(f"#tab-{languages[1]}", "tabindex") == "0"


@needs_chromium
def test_print_hides_the_controls_and_shows_every_language(page: Any, site: Path, pages: Docs) -> None:
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(endpoint_urls(site, pages)[0])
    for hidden in ("nav.side", "[role=tablist]", ".copy"):
        assert page.locator(hidden).count() and not page.locator(hidden).first.is_visible(), hidden
    for sample in pages.endpoints[0].samples:
        assert page.locator(f"#panel-{sample.language}").is_visible()
    styles = page.evaluate(
        """() => [getComputedStyle(document.querySelector("pre")).breakInside,
                  getComputedStyle(document.body).color]"""
    )
    assert styles[0] == "avoid"
    assert luminance(parse_color(styles[1])) < 0.1, "dark ink on paper, whatever the screen's theme"


# Colors, as WCAG 2 computes their contrast.


def parse_color(text: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``#rgb`` or ``rgb(r, g, b)`` as 0-255 channels."""
    text = text.strip()
    if text.startswith("#"):
        digits = text[1:] if len(text) == 7 else "".join(char * 2 for char in text[1:])
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, 1)?\)", text)
    assert match, f"an opaque color: {text}"
    return (int(match[1]), int(match[2]), int(match[3]))


def luminance(color: tuple[float, float, float]) -> float:
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in color]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def dark_block(css: str) -> tuple[str, str]:
    """``css`` without, and only, its ``@media screen and (prefers-color-scheme: dark) { … }`` block."""
    match = re.search(r"@media screen and \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, re.S)
    assert match, "a dark theme"
    return css[: match.start()] + css[match.end() :], match[1]


def theme_variables() -> list[dict[str, str]]:
    """site.css's custom properties on ``:root``, light then dark (the dark block overrides)."""
    css = (TEMPLATES / "docs_html" / "site.css").read_text()
    light, dark = (root_variables(part) for part in dark_block(css.split("@media print")[0]))
    return [light, {**light, **dark}]


def root_variables(css: str) -> dict[str, str]:
    root = re.search(r":root \{([^}]*)\}", css)
    assert root, "custom properties on :root"
    return dict(re.findall(r"(--[a-z]+): (#[0-9a-f]+)", root[1]))


def token_colors() -> list[dict[str, str]]:
    """highlight.css's color per token class, light then dark."""
    light, dark = dark_block((TEMPLATES / "docs_html" / "highlight.css").read_text())
    return [dict(re.findall(r"pre \.([a-z0-9]+) \{ color: (#[0-9a-f]+); \}", part)) for part in (light, dark)]
