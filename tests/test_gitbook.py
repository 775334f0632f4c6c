"""The Markdown folder is a GitBook space as it is: SUMMARY.md, .gitbook.yaml and a first page,
all following the spec; and README documents every ``x-`` extension the generator reads."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from seamgen.build import build
from seamgen.diagnostics import has_errors
from seamgen.filters import md_path
from seamgen.lint import lint
from seamgen.loader import Spec, load
from seamgen.render import render
from tests.conftest import ROOT, SPEC

MARKDOWN = ROOT / "generated" / "docs" / "markdown"
HTML = ROOT / "generated" / "docs" / "html"

# (link text, file it points to, entries under it)
Entry = tuple[str, str, list[Any]]


def link_tree(text: str, only_links: bool = True) -> list[Entry]:
    """The bullet lists of ``text``, parsed as CommonMark: each item's first link, with the items of
    the list under it nested. Fails on raw HTML, on an item without a link and, when ``only_links``,
    on an item with anything beside its link."""
    tokens = MarkdownIt("commonmark").parse(text)
    assert not [t for t in tokens if t.type == "html_block"], "raw HTML"
    roots: list[Entry] = []
    lists: list[list[Entry]] = []
    for token in tokens:
        if token.type == "bullet_list_open":
            lists.append(lists[-1][-1][2] if lists else roots)
        elif token.type == "bullet_list_close":
            lists.pop()
        elif token.type == "inline" and lists:
            lists[-1].append(item_link(token, only_links))
    return roots


def item_link(inline: Token, only_link: bool) -> Entry:
    children = inline.children or []
    assert not [t for t in children if t.type == "html_inline"], "raw HTML"
    start = next(i for i, t in enumerate(children) if t.type == "link_open")
    end = next(i for i, t in enumerate(children) if t.type == "link_close")
    if only_link:
        assert start == 0 and end == len(children) - 1, inline.content
    label = "".join(t.content for t in children[start + 1 : end])
    return label, unquote(str(children[start].attrGet("href"))), []


def flatten(entries: list[Entry]) -> list[str]:
    return [file for _, file, children in entries for file in [file, *flatten(children)]]


def expected_tree(doc: dict[str, Any]) -> list[Entry]:
    """What SUMMARY.md should hold, read from the spec alone: the first page, then per client
    group (in path order) its object page and a page per client method, at the method's place in
    the client (``api/<group>/<method>.md``)."""
    groups: dict[str, list[Entry]] = {}
    for path, item in doc.get("paths", {}).items():
        ops = [op for method, op in item.items() if method in ("get", "post", "put", "patch", "delete")]
        group = ops[0]["x-fern-sdk-group-name"]
        group = [group] if isinstance(group, str) else group
        title = ops[0].get("x-title") or ops[0].get("summary") or path
        entry = (" ".join(title.splitlines()), "/".join(["api", *group, ops[0]["x-fern-sdk-method-name"]]) + ".md", [])
        groups.setdefault(group[0], []).append(entry)
    resources = [
        (" ".join(word.capitalize() for word in group.split("_")), f"api/{group}/README.md", endpoints)
        for group, endpoints in groups.items()
    ]
    return [(" ".join(doc["info"]["title"].splitlines()), "README.md", []), *resources]


def assert_titled_as_their_pages(entries: list[Entry], read: Callable[[str], str]) -> None:
    """Each entry's text is its page's ``#`` heading, as GitBook expects of a SUMMARY link."""
    for title, file, children in entries:
        tokens = MarkdownIt("commonmark").parse(read(file))
        h1 = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
        assert "".join(t.content for t in tokens[h1 + 1].children or []) == title, file
        assert_titled_as_their_pages(children, read)


def markdown_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if p.name != "SUMMARY.md")


def test_summary_lists_every_page_once_and_every_link_resolves() -> None:
    text = (MARKDOWN / "SUMMARY.md").read_text(encoding="utf-8")
    assert text.startswith("# Table of contents\n\n* [")
    files = flatten(link_tree(text))
    assert len(files) == len(set(files)), "GitBook refuses a file listed twice"
    assert sorted(files) == markdown_pages(MARKDOWN)
    assert all((MARKDOWN / file).is_file() for file in files)


def test_summary_follows_the_spec() -> None:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    summary = link_tree((MARKDOWN / "SUMMARY.md").read_text(encoding="utf-8"))
    assert summary == expected_tree(doc)
    assert_titled_as_their_pages(summary, lambda file: (MARKDOWN / file).read_text(encoding="utf-8"))


def test_summary_has_the_order_of_the_html_navigation() -> None:
    script = (HTML / "assets" / "nav.js").read_text(encoding="utf-8")
    # The Overview link comes first; the types' own pages are the site's alone (GitBook pages show no trees).
    nav = ["index.html", *(href for href in re.findall(r'"([^"]+\.html)"', script) if not href.startswith("schemas/"))]
    as_markdown = [re.sub(r"index\.html$", "README.md", href).removesuffix(".html") for href in nav]
    as_markdown = [href if href.endswith(".md") else f"{href}.md" for href in as_markdown]
    assert flatten(link_tree((MARKDOWN / "SUMMARY.md").read_text(encoding="utf-8"))) == as_markdown


def test_gitbook_yaml_points_at_the_first_page_and_the_summary() -> None:
    config = yaml.safe_load((MARKDOWN / ".gitbook.yaml").read_text(encoding="utf-8"))
    assert config == {"root": "./", "structure": {"readme": "README.md", "summary": "SUMMARY.md"}}
    root = MARKDOWN / config["root"]
    assert (root / config["structure"]["readme"]).is_file() and (root / config["structure"]["summary"]).is_file()


def test_first_page_introduces_the_api_and_links_every_page() -> None:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    text = (MARKDOWN / "README.md").read_text(encoding="utf-8")
    assert f"\n# {doc['info']['title']}\n" in text
    assert f"description: {doc['info']['summary']}\n" in text
    assert "Seam answers such a request at once with an [action attempt](https://docs.seam.co/latest/" in text
    resources = link_tree(text.split("## Resources", 1)[1], only_links=False)
    assert [(file, [f for _, f, _ in children]) for _, file, children in resources] == [
        (file, [f for _, f, _ in children]) for _, file, children in expected_tree(doc)[1:]
    ]
    assert [label for _, _, children in resources for label, _, _ in children] == list(doc["paths"])


@pytest.mark.parametrize(
    "path", ["api/a b/(c) [d].md", "api/x#frag?q=1&y=%2e.md", "api/é/<t>\\u.md", "api/javascript:alert(1).md"]
)
def test_md_path_is_a_relative_link_to_exactly_that_file(path: str) -> None:
    [(label, href, _)] = link_tree(f"* [page]({md_path(path)})\n")
    assert (label, href) == ("page", path)
    assert re.fullmatch(r"[A-Za-z0-9_.~/%-]+", md_path(path))


HOSTILE = "Get [it](evil.md) (now) ]] {% endswagger %} [% raw %] {{ x }} <script>alert(1)</script>\n* [x](y.md) & &amp; `tick` \\"


def render_markdown(doc: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    spec = load(spec_path)
    findings = lint(spec)
    assert not has_errors(findings), findings
    prefix = "docs/markdown/"
    return {k.removeprefix(prefix): v.decode() for k, v in render(build(spec)).items() if k.startswith(prefix)}


def test_hostile_titles_and_paths_cannot_change_the_structure(tmp_path: Path) -> None:
    doc = copy.deepcopy(load(SPEC).document)
    doc["info"].update(title=HOSTILE, summary=HOSTILE, description=HOSTILE)
    doc["tags"][0]["description"] = HOSTILE
    for op in doc["paths"]["/action_attempts/get"].values():
        op.update({"x-title": HOSTILE})
    for op in doc["paths"]["/action_attempts/list"].values():
        del op["x-title"]
        op["summary"] = "List\n* [injected](README.md)\n\n# Heading\r\nnext\u2028line"
    odd = copy.deepcopy(doc["paths"]["/action_attempts/get"]["post"])
    odd.update(operationId="actionAttemptsOdd", summary="Odd path")
    odd.update({"x-fern-sdk-method-name": "odd", "x-title": "Odd (path) [page]"})
    doc["paths"]["/action_attempts/odd (path) [x]#frag?q=1&y=é"] = {"post": odd}  # (a % crashes the linter)
    pages = render_markdown(doc, tmp_path)
    summary = link_tree(pages["SUMMARY.md"])
    assert summary == expected_tree(doc)
    assert_titled_as_their_pages(summary, pages.__getitem__)
    files = flatten(summary)
    assert sorted(files) == sorted(name for name in pages if name.endswith(".md") and name != "SUMMARY.md")
    body = pages["README.md"].split("\n---\n", 1)[1]  # the front matter holds it as a YAML string
    assert "<script>" not in pages["SUMMARY.md"] and "<script>" not in body
    index = pages["README.md"].split("## Resources", 1)
    assert len(index) == 2 and link_tree(index[1], only_links=False)[0][1] == "api/action_attempts/README.md"
    assert sorted(flatten(link_tree(index[1], only_links=False))) == sorted(files[1:])
    assert yaml.safe_load(pages["README.md"].split("---\n")[1]) == {"description": " ".join(HOSTILE.splitlines())}


# Every x- extension the generator reads is in README's table of conventions, and the table names no other.
def conventions_table() -> dict[str, list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("Conventions the generator reads", 1)[1].split("\n\n", 2)[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    return {key: row for row in rows for key in re.findall(r"`(x-[\w-]+(?:\.[\w-]+)*)", row[1])}


def extensions_in_the_source() -> set[str]:
    """Every string constant naming an ``x-`` extension in the generator's source."""
    found = set()
    for path in (ROOT / "generator" / "seamgen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"x-\w[\w-]*", node.value)
            ):
                found.add(node.value)
    return found


class Recording(dict[str, Any]):
    """A settings mapping that notes every key read from it, as ``x-seamgen.docs.base-url``."""

    def __init__(self, data: dict[str, Any], path: str, seen: set[str]) -> None:
        super().__init__(data)
        self.path, self.seen = path, seen

    def _read(self, key: str, value: Any) -> Any:
        if key != "$ref":  # walkers look for references in every mapping
            self.seen.add(f"{self.path}.{key}")
        nested = isinstance(value, dict) and "$ref" not in value  # a $ref is a value, not settings
        return Recording(value, f"{self.path}.{key}", self.seen) if nested else value

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self._read(key, super().get(key, default))

    def __getitem__(self, key: str) -> Any:
        return self._read(key, super().__getitem__(key))


def settings_read(spec: Spec) -> set[str]:
    """The ``x-seamgen`` settings that linting and building the model read (leaves only)."""
    seen: set[str] = set()
    spec.document["x-seamgen"] = Recording(spec.document["x-seamgen"], "x-seamgen", seen)
    lint(spec)
    build(spec)
    return {key for key in seen if not any(other.startswith(f"{key}.") for other in seen)}


def test_every_extension_the_generator_reads_is_documented_with_its_default() -> None:
    table = conventions_table()
    read = (extensions_in_the_source() - {"x-seamgen"}) | settings_read(load(SPEC))
    assert {"x-seamgen.docs.base-url", "x-title", "x-enum-descriptions"} <= read, "the scan misses what it should see"
    assert sorted(read - set(table)) == [], "undocumented: add a row to README's conventions table"
    assert sorted(set(table) - read) == [], "documented, but the generator does not read it"
    for key, (_, _, meaning, default) in table.items():
        assert meaning and default, f"{key}: say what it does and its default"
