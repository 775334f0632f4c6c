"""Regenerate the README's screenshots of the HTML docs: an endpoint page of spec/openapi.yaml in
the light and the dark theme, 1200x800, in headless Chromium. Run from the checkout after changing
how the site looks, then commit the PNGs:

    python -m tests.screenshot_docs
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import ROOT, SPEC
from tests.test_docs_html import CHROMIUM, CHROMIUM_FLAGS

SCREENSHOTS = ROOT / ".github" / "screenshots"
PAGE = Path("api") / "action_attempts" / "get.html"
VIEWPORT = {"width": 1200, "height": 800}


def main() -> None:
    if CHROMIUM is None:
        sys.exit("Debian's chromium is needed (apt-get install chromium)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as out, sync_playwright() as playwright:
        command = [sys.executable, "-m", "seamgen", "generate", "--spec", str(SPEC), "--out", out, "--quiet"]
        subprocess.run(command, check=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=VIEWPORT)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto((Path(out) / "docs" / "html" / PAGE).as_uri())
            target = SCREENSHOTS / f"docs-{scheme}.png"
            page.screenshot(path=str(target), animations="disabled", caret="hide")
            print(f"{target.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
