"""The docs at scale: seamgen's HTML site against Redoc's single page, same spec, same run.

Issue 14 asks that the static site stay light as the spec grows (the navigation one shared script,
shared schemas linked rather than inlined) and sets two goals against Redoc, the single-page
reference docs a Seam user would otherwise publish: the site's total size at most Redoc's, and the
first render of any of its pages at most half of Redoc's. For each spec this script, ``--rounds``
times, interleaving the tools:

- runs ``seamgen generate SPEC --out OUT --quiet`` as ``bench_generate.py`` does (from a folder whose
  ``seamgen.toml`` relaxes every rule that may be relaxed, its template cache this run's own; it
  writes the client too) and measures ``OUT/docs/html``: total bytes, pages, the largest page, and
  what a browser loads for a page (the page and the files it asks for: ``nav.js``, ``site.js``,
  ``site.css``); ``OUT/docs/markdown`` is sized too, shown but not compared;
- runs ``redocly build-docs SPEC --inlineBundle -o redoc.html`` (Redocly CLI, pinned and installed by
  ``diff_history.py``, telemetry off). Without ``--inlineBundle`` its page loads Redoc's script from
  Redocly's CDN; inlined, the page is all a reader downloads, as seamgen's site is;
- opens pages from ``file://`` in headless Chromium (Debian's ``chromium``, driven by Playwright with the
  flags the HTML tests use), each in a fresh browser context that is offline, and reads first contentful
  paint (``performance.getEntriesByName('first-contentful-paint')``) and the ``load`` event, both from
  navigation start. seamgen: the largest page, ``index.html`` and 5 other pages spread evenly over the
  site's sorted paths, each also as a bare copy without its stylesheet and scripts (what its content
  alone costs; the one-line page is the browser's own floor); Redoc: its page. Every request that is
  not ``file://`` fails (the context is offline) and is reported (neither tool should need the
  network); a load slower than ``--timeout`` is reported as a timeout, not waited for.

Wall time and peak RSS of the generators come from GNU time (``bench_generate.measure``); every time is
the median over rounds, and "first paint" compares seamgen's slowest page with Redoc's page. Both pages
paint before their scripts finish: Redoc's HTML is prerendered, and its ``load`` (when its bundle has run
and the page responds) is shown beside it. Run on demand, never in CI (needs ``npm``, ``node`` and
``chromium``; ``python benchmarks/corpus.py fetch seam github`` first; both specs, five rounds: about
4 minutes on 2 cores):

    python benchmarks/bench_docs.py [--specs seam,github] [--rounds 5] [--timeout 120]
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from bench_generate import GNU_TIME, Run, exit_text, generate, measure, median_run, relaxed_config
from corpus import CORPUS
from diff_history import REDOCLY, redocly_bin, redocly_env

import seamgen

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"seam": CORPUS / "seam.json", "github": CORPUS / "github.json"}
SAMPLE = 5  # seamgen pages measured besides the largest and the index
SIZE_GOAL = 1.0  # seamgen's site, at most this times Redoc's page
PAINT_GOAL = 0.5  # seamgen's slowest first paint, at most this times Redoc's
# First contentful paint comes after `load` on a small page; wait for it this long after `load`.
PAINT_WAIT_MS = 10_000
TIMINGS = """async (waitMs) => {
  const paint = await new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry) { observer.disconnect(); resolve(entry.startTime); }
    }).observe({type: 'paint', buffered: true});
    setTimeout(() => resolve(null), waitMs);
  });
  return {paint, load: performance.getEntriesByType('navigation')[0].loadEventStart};
}"""


def seamgen_version() -> str:
    """The work tree's commit, ``-dirty`` when it has changes: which seamgen these figures are of."""
    described = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True, check=False
    )
    return described.stdout.strip() or "(not a git checkout)"


def chromium_flags() -> list[str]:
    """The flags the HTML tests launch Chromium with (``tests/test_docs_html.py``), the same if it will not import."""
    sys.path.insert(0, str(ROOT))
    try:
        flags: list[str] = importlib.import_module("tests.test_docs_html").CHROMIUM_FLAGS
        return flags
    except ImportError:
        return [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        ]  # fmt: skip
    finally:
        sys.path.remove(str(ROOT))


# --- sizes --------------------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@dataclass
class Site:
    """seamgen's docs as written: sizes, and the pages the browser opens (paths relative to ``html``)."""

    html: Path
    html_bytes: int
    markdown_bytes: int
    pages: dict[str, int]  # every .html page and its bytes
    largest: str
    measured: list[str]  # the largest, the index, then the sample

    @classmethod
    def read(cls, docs: Path) -> Site:
        html = docs / "html"
        pages = {path.relative_to(html).as_posix(): path.stat().st_size for path in sorted(html.rglob("*.html"))}
        largest = max(pages, key=lambda name: (pages[name], name))
        measured = list(dict.fromkeys([largest, "index.html"]))
        others = [name for name in pages if name not in measured]
        step = max(1, len(others) // SAMPLE)
        measured += others[step // 2 :: step][:SAMPLE]
        return cls(html, folder_bytes(html), folder_bytes(docs / "markdown"), pages, largest, measured)


def composition(site: Site) -> list[tuple[str, int]]:
    """Where the site's bytes go, by kind of file and, inside pages, code blocks and their escaped quotes."""
    assets = folder_bytes(site.html / "assets")
    nav = (site.html / "assets" / "nav.js").stat().st_size if (site.html / "assets" / "nav.js").is_file() else 0
    objects = sum(size for name, size in site.pages.items() if name.startswith("api/") and name.endswith("/index.html"))
    schemas = sum(size for name, size in site.pages.items() if name.startswith("schemas/"))
    endpoints = sum(site.pages.values()) - objects - schemas - site.pages.get("index.html", 0)
    code = quotes = 0
    for name in site.pages:
        text = (site.html / name).read_text(encoding="utf-8")
        blocks = re.findall(r"<pre[ >].*?</pre>", text, flags=re.DOTALL)
        code += sum(len(block.encode()) for block in blocks)
        quotes += sum(block.count("&#34;") * 4 + block.count("&quot;") * 5 for block in blocks)
    return [
        ("assets/ (nav.js, site.js, site.css)", assets),
        ("  of which nav.js", nav),
        ("index.html", site.pages.get("index.html", 0)),
        ("resource pages (api/*/index.html)", objects),
        ("types' own pages (schemas/*.html)", schemas),
        ("endpoint pages", endpoints),
        ("<pre> code blocks, all pages", code),
        ("  of which &#34; or &quot; over a plain quote", quotes),
    ]


# --- the browser --------------------------------------------------------------------------------


@dataclass
class Load:
    paint_ms: float | None  # None: no first contentful paint, or the load timed out
    load_ms: float | None
    loaded_bytes: int  # the page and every file:// resource it requested
    outside: list[str] = field(default_factory=list)  # requests that left file:// (they fail: the context is offline)
    error: str = ""  # "timeout" or the browser's error


def open_page(browser: Any, page_file: Path, timeout: float) -> Load:
    """Open ``page_file`` in a fresh context, offline, and read its timings once it has loaded."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Offline, and requests watched rather than intercepted: routing every request through Playwright
    # (``context.route``) made each of a page's files wait on a round trip to this process, 40-75 ms
    # on a page of nine files, a cost no reader pays and Redoc's one file does not.
    context = browser.new_context(offline=True)
    files: set[str] = set()
    outside: list[str] = []

    def watch(request: Any) -> None:
        url = request.url
        if url.startswith("file:"):
            files.add(unquote(urlparse(url).path))
        else:
            outside.append(url)

    context.on("request", watch)
    page = context.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load", timeout=timeout * 1000)
        timings = page.evaluate(TIMINGS, PAINT_WAIT_MS)
        error = ""
    except PlaywrightTimeout:
        timings, error = {"paint": None, "load": None}, "timeout"
    except PlaywrightError as failure:
        timings, error = {"paint": None, "load": None}, str(failure).splitlines()[0]
    finally:
        context.close()
    loaded = sum(Path(name).stat().st_size for name in files if Path(name).is_file())
    return Load(timings["paint"], timings["load"], loaded, outside, error)


def median_load(loads: list[Load]) -> Load:
    """Median paint and load over the rounds that have them; a round's error (timeout) wins."""
    failed = [load for load in loads if load.error]
    paints = [load.paint_ms for load in loads if load.paint_ms is not None]
    ends = [load.load_ms for load in loads if load.load_ms is not None]
    return Load(
        statistics.median(paints) if paints and not failed else None,
        statistics.median(ends) if ends and not failed else None,
        max(load.loaded_bytes for load in loads),
        sorted({url for load in loads for url in load.outside}),
        failed[0].error if failed else "",
    )


# --- one spec -----------------------------------------------------------------------------------


@dataclass
class Result:
    spec: str
    seamgen: Run
    redoc: Run
    site: Site | None
    redoc_bytes: int
    pages: dict[str, Load]  # seamgen's measured pages
    bare: dict[str, Load]  # the same pages without their stylesheet and scripts
    redoc_page: Load | None
    floor: Load  # a one-line page: what any page costs, the browser's share


def build_redoc(spec: Path, out: Path, work: Path) -> Run:
    command = [str(redocly_bin()), "build-docs", str(spec), "--inlineBundle", "-o", str(out)]
    return measure(command, work, redocly_env())


def floor_page(work: Path) -> Path:
    """A page of one line: its first paint is the floor under any page's (a new renderer, a parse, a paint)."""
    page = work / "floor.html"
    page.write_text("<!doctype html><title>floor</title><p>floor</p>", encoding="utf-8")
    return page


BARE = re.compile(r'<link rel="stylesheet"[^>]*>\n?|<script src="[^"]*"[^>]*></script>\n?')


def bare_copy(page: Path) -> Path:
    """``page`` without its stylesheet and scripts, beside it (written after the site is sized): its
    first paint is what the page's own content costs, the part no asset can make faster."""
    bare = page.with_name(f"{page.stem}.bare.html")
    bare.write_text(BARE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return bare


def bench_spec(name: str, browser: Any, rounds: int, timeout: float, work: Path) -> Result:
    spec = SPECS[name]
    floors: list[Load] = []
    generated: list[Run] = []
    built: list[Run] = []
    loads: dict[str, list[Load]] = {}
    bare_loads: dict[str, list[Load]] = {}
    redoc_loads: list[Load] = []
    site: Site | None = None
    redoc_bytes = 0
    for index in range(rounds):
        print(f"{name}: round {index + 1}/{rounds}", end="", flush=True)
        floors.append(open_page(browser, floor_page(work), timeout))
        out, redoc = work / f"seamgen-{name}", work / f"redoc-{name}.html"
        shutil.rmtree(out, ignore_errors=True)
        redoc.unlink(missing_ok=True)
        generated.append(generate("seamgen", spec, work, out))
        print(f", seamgen generate {generated[-1].seconds:.1f} s", end="", flush=True)
        built.append(build_redoc(spec, redoc, work))
        print(f", redocly build-docs {built[-1].seconds:.1f} s", end="", flush=True)
        if built[-1].ok and redoc.is_file():
            redoc_bytes = redoc.stat().st_size
            redoc_loads.append(open_page(browser, redoc, timeout))
            print(f", Redoc's page {describe(redoc_loads[-1])}", end="", flush=True)
        if generated[-1].ok and (out / "docs" / "html").is_dir():
            site = Site.read(out / "docs")
            for page in site.measured:
                loads.setdefault(page, []).append(open_page(browser, site.html / page, timeout))
                bare_loads.setdefault(page, []).append(open_page(browser, bare_copy(site.html / page), timeout))
            slowest = max(site.measured, key=lambda page: loads[page][-1].paint_ms or float("inf"))
            print(f", seamgen's slowest {slowest} {describe(loads[slowest][-1])}", end="", flush=True)
        print(flush=True)
    return Result(  # the last round's output stays until the report is printed
        name,
        median_run(generated),
        median_run(built),
        site,
        redoc_bytes,
        {page: median_load(page_loads) for page, page_loads in loads.items()},
        {page: median_load(page_loads) for page, page_loads in bare_loads.items()},
        median_load(redoc_loads) if redoc_loads else None,
        median_load(floors),
    )


# --- the report ---------------------------------------------------------------------------------


def describe(load: Load) -> str:
    if load.error:
        return load.error
    paint = f"{load.paint_ms:.0f} ms" if load.paint_ms is not None else "no paint"
    return f"paint {paint}, load {load.load_ms:.0f} ms"


def size(count: int) -> str:
    return f"{count / 1e6:.2f} MB" if count >= 1e6 else f"{count / 1e3:.1f} kB"


def ratio(ours: float | None, theirs: float | None, goal: float | None = None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "  -" + (f"   (goal <= {goal:.2f}x {'FAIL' if ours is None else 'not judged'})" if goal else "")
    value = ours / theirs
    if goal is None:
        return f"{value:5.2f}x"
    return f"{value:5.2f}x (goal <= {goal:.2f}x {'PASS' if value <= goal else 'FAIL'})"


def run_cell(run: Run) -> str:
    return f"{run.seconds:.2f} s, {run.peak_mb:.0f} MB" if run.ok else f"{exit_text(run)}: {run.error}"


def ms(value: float | None, error: str = "") -> str:
    return error or ("no paint" if value is None else f"{value:.0f} ms")


def report(result: Result, rounds: int) -> None:
    spec = SPECS[result.spec]
    print(f"\n{result.spec} ({spec.name}, {size(spec.stat().st_size)}): median of {rounds} rounds")
    site, redoc = result.site, result.redoc_page
    rows: list[tuple[str, str, str, str]] = []
    both_ran = result.seamgen.ok and result.redoc.ok
    generate_ratio = ratio(result.seamgen.seconds, result.redoc.seconds) if both_ran else "  -"
    rows.append(("generate (wall, peak RSS)", run_cell(result.seamgen), run_cell(result.redoc), generate_ratio))
    if site is None:
        rows.append(("site", "no site written", "", ""))
    else:
        pages = list(result.pages.items())
        slowest = max(pages, key=lambda item: float("inf") if item[1].paint_ms is None else item[1].paint_ms)
        slowest_load = max(pages, key=lambda item: float("inf") if item[1].load_ms is None else item[1].load_ms)
        redoc_paint = redoc.paint_ms if redoc else None
        redoc_end = redoc.load_ms if redoc else None
        redoc_error = redoc.error if redoc else "not built"
        largest = result.pages[site.largest]
        rows += [
            ("total size (HTML)", f"{size(site.html_bytes)}, {len(site.pages)} pages",
             f"{size(result.redoc_bytes)}, 1 page", ratio(site.html_bytes, result.redoc_bytes or None, SIZE_GOAL)),
            ("  Markdown (not compared)", size(site.markdown_bytes), "", ""),
            ("largest page", f"{site.largest} {size(site.pages[site.largest])}", size(result.redoc_bytes), ""),
            ("  with what it loads", size(largest.loaded_bytes), size(redoc.loaded_bytes) if redoc else "",
             ratio(largest.loaded_bytes, redoc.loaded_bytes if redoc else None)),
            ("first contentful paint, slowest", f"{ms(slowest[1].paint_ms, slowest[1].error)} ({slowest[0]})",
             ms(redoc_paint, redoc_error), ratio(slowest[1].paint_ms, redoc_paint, PAINT_GOAL)),
            ("  that page bare (no CSS, no JS)", ms(result.bare[slowest[0]].paint_ms, result.bare[slowest[0]].error),
             "", ratio(result.bare[slowest[0]].paint_ms, redoc_paint)),
            ("  floor: a one-line page", ms(result.floor.paint_ms, result.floor.error), "",
             ratio(result.floor.paint_ms, redoc_paint)),
            ("load event, slowest", f"{ms(slowest_load[1].load_ms, slowest_load[1].error)} ({slowest_load[0]})",
             ms(redoc_end, redoc_error), ratio(slowest_load[1].load_ms, redoc_end)),
        ]  # fmt: skip
    print(f"  {'':<34}{'seamgen':<56}{'Redoc (build-docs --inlineBundle)':<36}seamgen / Redoc")
    for label, ours, theirs, compared in rows:
        print(f"  {label:<34}{ours:<56}{theirs:<36}{compared}".rstrip())
    if site is not None:
        print(f"  seamgen's pages opened ({len(result.pages)}): bytes, bytes loaded, first paint, load, paint bare")
        for page, load in result.pages.items():
            bare = result.bare[page]
            print(f"    {page:<58}{size(site.pages[page]):>10}{size(load.loaded_bytes):>10}"
                  f"{ms(load.paint_ms, load.error):>10}{ms(load.load_ms, load.error):>10}"
                  f"{ms(bare.paint_ms, bare.error):>10}")  # fmt: skip
        print("  where seamgen's HTML bytes go:")
        for label, count in composition(site):
            print(f"    {label:<40}{size(count):>10} {100 * count / site.html_bytes:5.1f}%")
    outside = {url for load in result.pages.values() for url in load.outside}
    theirs = len(redoc.outside) if redoc else 0
    print(f"  requests leaving the site (failed, offline): seamgen {len(outside)}, Redoc {theirs}")
    for url in sorted(outside | set(redoc.outside if redoc else ()))[:10]:
        print(f"    {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", default=",".join(SPECS), help=f"comma-separated: {', '.join(SPECS)} (default all)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per spec, medians reported (default 5)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a page may take to load (default 120)")
    args = parser.parse_args()
    names = [name.strip() for name in args.specs.split(",") if name.strip()]
    unknown = [name for name in names if name not in SPECS]
    if unknown:
        parser.error(f"--specs: unknown {', '.join(unknown)}; choose from {', '.join(SPECS)}")
    missing = [str(SPECS[name]) for name in names if not SPECS[name].is_file()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: python benchmarks/corpus.py fetch {' '.join(names)}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is not on PATH: apt-get install -y chromium")
    if not Path(GNU_TIME).is_file():
        sys.exit(f"{GNU_TIME} is missing: apt-get install -y time")
    from playwright.sync_api import sync_playwright

    redocly_bin()  # installed before the first round, so no round times npm
    compileall.compile_dir(Path(seamgen.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as folder, sync_playwright() as playwright:
        work = Path(folder)
        relaxed_config(work)
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=chromium_flags())
        try:
            open_page(browser, floor_page(work), args.timeout)  # the browser's first page pays for its start
            results = [bench_spec(name, browser, args.rounds, args.timeout, work) for name in names]
            print(f"\nseamgen {seamgen_version()}, Redocly CLI {'@'.join(REDOCLY)}, Chromium {browser.version}")
            for result in results:
                report(result, args.rounds)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
