"""The HTML site in headless Chromium: no console errors, links resolve, tabs switch, phones fit."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
import yaml

from seamgen.loader import load
from seamgen.preview import preview_server
from tests.conftest import ROOT, SPEC, Run

SITE = ROOT / "generated" / "docs" / "html"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    server = preview_server(SITE, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@needs_chromium
def test_every_page_loads_without_errors_and_every_internal_link_resolves(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(site_url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    queue, seen = [site_url + "index.html"], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target, fragment = urldefrag(urljoin(url, href))
            if urlparse(target).netloc != urlparse(site_url).netloc:
                continue
            if fragment:
                assert target != url or page.locator(f"[id='{fragment}']").count() == 1, f"{url}: no #{fragment}"
            queue.append(target)
    assert len(seen) == len(list(SITE.rglob("*.html")))
    assert problems == []
    assert outside == [], "the site must work offline"


@needs_chromium
def test_language_tabs_switch(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(site_url + "api/action_attempts/get.html")
    assert page.locator("#panel-python").is_visible()
    assert not page.locator("#panel-javascript").is_visible()
    page.click("#tab-javascript")
    assert page.locator("#panel-javascript").is_visible()
    assert not page.locator("#panel-python").is_visible()
    assert page.get_attribute("#tab-javascript", "aria-selected") == "true"
    page.focus("#tab-javascript")
    page.keyboard.press("ArrowRight")
    assert page.locator("#panel-ruby").is_visible()
    assert "seam.action_attempts.get(action_attempt_id=" in page.inner_text("#panel-python")


@needs_chromium
def test_pages_fit_a_phone_and_a_screenshot_is_saved(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 812})
    ARTIFACTS.mkdir(exist_ok=True)
    for path in ("index.html", "api/action_attempts/index.html", "api/action_attempts/get.html"):
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    page.screenshot(path=str(ARTIFACTS / "docs-get-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(ARTIFACTS / "docs-get-desktop.png"), full_page=True)
    assert (ARTIFACTS / "docs-get-phone.png").stat().st_size > 10_000


def test_every_anchor_the_site_promises_exists() -> None:
    html = (SITE / "api" / "action_attempts" / "index.html").read_text()
    for anchor in (
        "property-action_attempt_id",
        "status-pending",
        "action_type-lock_door",
        "event-action_attempt.lock_door.succeeded",
        "events",
        "properties",
    ):
        assert f'id="{anchor}"' in html, anchor
    get = (SITE / "api" / "action_attempts" / "get.html").read_text()
    for anchor in ("response-200-ok", "response-404-not-found", "parameter-action_attempt_id", "panel-python"):
        assert f'id="{anchor}"' in get, anchor


def test_spec_text_is_escaped_in_html(tmp_path: Path, cli: Callable[..., Run]) -> None:
    doc = copy.deepcopy(load(SPEC).document)
    doc["components"]["schemas"]["ActionAttemptStatus"]["description"] = (
        '<script>alert("x")</script><img src=x onerror=alert(1)>'
    )
    doc["info"]["title"] = "Title </title><script>alert(2)</script>"
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    assert cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--quiet").code == 0
    site = tmp_path / "out" / "docs" / "html"
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text and "<img" not in text, page
        root = "../" * (len(page.relative_to(site).parts) - 1)
        assert re.findall(r"<script[^>]*>", text) == [
            f'<script src="{root}assets/{script}" defer>' for script in ("nav.js", "site.js")
        ]


def test_docs_serve_command_serves_the_site(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "seamgen", "docs", "serve", "--port", "0", "--out", str(ROOT / "generated")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[3]
        import httpx

        assert "Action Attempts" in httpx.get(url + "api/action_attempts/index.html").text
    finally:
        process.terminate()
        process.wait(timeout=10)
    missing = subprocess.run(
        [sys.executable, "-m", "seamgen", "docs", "serve", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert missing.returncode == 2
