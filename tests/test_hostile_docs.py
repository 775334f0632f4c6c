"""Hostile specs cannot inject into the docs: a sample is a call of literals in its language (parsed
here with ``ast``, ``node --check`` and Ruby's own parser, never run), GitBook reads no tag but the
templates' own in any context, and no page file can overwrite another or leave the docs folder."""

from __future__ import annotations

import ast
import html
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from seamgen.build import build
from seamgen.docs_view import html_file
from seamgen.loader import load
from seamgen.python_client import python_client
from seamgen.render import render
from tests.test_docs_markdown import printed_and_shown, sample_call
from tests.test_real_specs_docs import render_docs, write_spec

LANGUAGES = ("python", "javascript", "ruby")
INJECTION = 'x=__import__("os").system("touch PWNED"), y'
# Every kind of GitBook template syntax, and a tag that would end the swagger block.
TAGS = '{% endswagger %}{% hint style="danger" %}PWNED{% endhint %}{{ PWNED }}{# PWNED #}'


def thing_spec(
    name: str = "thing_id", value: str = "t1", key: str = "thing_id", param: str = "page-size", **top: Any
) -> dict[str, Any]:
    """A Seam-shaped spec of one resource: ``name`` is a request property (example ``value``),
    ``key`` a response example's key, ``param`` a query parameter; ``value`` also names an enum
    value, a property of the object and an event."""
    body = {"schema": {"type": "object", "properties": {name: {"type": "string"}}}, "example": {name: value}}
    thing = {
        "type": "object",
        "x-resource": "thing",
        "properties": {"thing_id": {"type": "string"}, value: {"type": "string"}, "kind": {"enum": [value, "a"]}},
    }
    event = {"type": "object", "properties": {"event_type": {"const": f"thing.{value}"}}}
    operation = {
        "x-fern-sdk-group-name": "things",
        "x-fern-sdk-method-name": "create",
        "tags": ["things"],
        "summary": value,
        "x-page-description": f"Creates {value}",
        "parameters": [{"name": param, "in": "query", "schema": {"type": "integer"}, "example": 10}],
        "requestBody": {"content": {"application/json": body}},
        "responses": {
            "200": {
                "description": value,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"},
                        "example": {"thing_id": "t1", key: value, "kind": value},
                    }
                },
            }
        },
    }
    webhook = {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things API", "version": "1.0.0", "summary": value},
        "servers": [{"url": "https://api.example.com"}],
        "x-seamgen": {"docs": {"code-samples": [{"language": lang, "label": lang} for lang in LANGUAGES]}},
        "tags": [{"name": "things", "x-resource": "thing"}],
        "webhooks": {f"thing.{value}": {"post": {**webhook, "responses": {"200": {"description": "ok"}}}}},
        "paths": {"/things/create": {"post": operation}},
        "components": {"schemas": {"Thing": thing, "Event": event}},
        **top,
    }


def samples(page: str) -> dict[str, str]:
    """Each language's sample code on an endpoint page (its Code Example section's code blocks)."""
    section = page.split("### Code Example\n", 1)[1].split("\n### ", 1)[0]
    return {lang: code for _, lang, code in re.findall(r"^(`{3,})(\w+)\n(.*?)\n\1$", section, re.S | re.M)}


def create_page(tmp_path: Path, doc: dict[str, Any]) -> str:
    return render_docs(tmp_path, doc)["markdown/api/things/create.md"]


def assert_literal_call(code: str) -> ast.Call:
    """``code`` is one call of the client variable's method with literal arguments, then comments:
    no other name, call, operator or statement anywhere."""
    [statement] = ast.parse(code).body
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
    literal = (ast.Constant, ast.List, ast.Dict, ast.UnaryOp, ast.USub, ast.Load, ast.keyword)
    for node in ast.walk(statement.value):
        assert node is statement.value or isinstance(node, (ast.Attribute, ast.Name, *literal)), ast.dump(node)
    names = [node for node in ast.walk(statement) if isinstance(node, ast.Name)]
    assert len(names) == 1 and not [a for a in statement.value.args], code
    return statement.value


def assert_comments_hold_the_output(code: str, marker: str) -> None:
    """After the call and a blank line, every line is a comment, and no character but a line feed
    could end one (a raw U+2028 ends a JavaScript comment)."""
    _, _, output = code.partition("\n\n")
    assert output and all(line.startswith(marker) for line in output.split("\n")), output
    assert all(char.isprintable() or char == "\n" for char in code), ascii(code)


def checker(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.skip(f"{program} is not installed")
    return found


def node_check(tmp_path: Path, code: str) -> None:
    sample = tmp_path / "sample.mjs"
    sample.write_text(f"const seam = {{}};\n{code}\n", encoding="utf-8")
    done = subprocess.run([checker("node"), "--check", str(sample)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


RUBY_TOKENS = "require 'ripper'; puts Ripper.lex(File.read(ARGV[0])).map { |t| t[1] }.uniq"


def ruby_tokens(tmp_path: Path, code: str) -> set[str]:
    """Ruby's own lexer's token kinds of ``code`` (``ruby -c`` checks its syntax; neither runs it)."""
    sample = tmp_path / "sample.rb"
    sample.write_text(code + "\n", encoding="utf-8")
    ruby = checker("ruby")
    syntax = subprocess.run([ruby, "-c", str(sample)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    lexed = subprocess.run([ruby, "-e", RUBY_TOKENS, str(sample)], capture_output=True, text=True, check=True)
    return set(lexed.stdout.split())


# Samples: built from values, by each language's rules.
def test_a_property_name_that_is_code_reaches_the_python_sample_as_a_name_and_runs_nothing(tmp_path: Path) -> None:
    doc = thing_spec(name=INJECTION, value="v")
    code = samples(create_page(tmp_path, doc))["python"]
    call = assert_literal_call(code)
    api = build(load(write_spec(tmp_path / "spec", doc)))
    names = {str(p.wire): str(p.name) for p in python_client(api).method_of(api.endpoints[0]).params}
    assert {k.arg: ast.literal_eval(k.value) for k in call.keywords} == {names[INJECTION]: "v", names["page-size"]: 10}


def test_a_parameter_that_is_no_identifier_keeps_every_sample_valid(tmp_path: Path) -> None:
    doc = thing_spec(param="page-size")
    found = samples(create_page(tmp_path, doc))
    assert sorted(found) == sorted(LANGUAGES)
    call = assert_literal_call(found["python"])
    api = build(load(write_spec(tmp_path / "spec", doc)))
    [page_size] = [p.name for p in python_client(api).method_of(api.endpoints[0]).params if p.wire == "page-size"]
    assert {k.arg: ast.literal_eval(k.value) for k in call.keywords}[page_size] == 10
    node_check(tmp_path, found["javascript"])
    assert "'page-size': 10," in found["javascript"]
    ruby_tokens(tmp_path, found["ruby"])


@pytest.mark.parametrize(("language", "marker"), [("python", "#"), ("javascript", "//"), ("ruby", "#")])
def test_a_response_key_with_line_breaks_stays_inside_the_output_comment(
    tmp_path: Path, language: str, marker: str
) -> None:
    key = "a\nimport os; os.system('touch PWNED')\u2028b\r\x85c"
    code = samples(create_page(tmp_path, thing_spec(key=key)))[language]
    assert_comments_hold_the_output(code, marker)
    if language == "python":
        assert_literal_call(code)
    elif language == "javascript":
        node_check(tmp_path, code)
    else:
        ruby_tokens(tmp_path, code)


def test_ruby_samples_interpolate_nothing(tmp_path: Path) -> None:
    value = "#$0 #@x #@@y #{`touch PWNED`}"
    code = samples(create_page(tmp_path, thing_spec(name="label", value=value)))["ruby"]
    tokens = ruby_tokens(tmp_path, code)
    assert {"on_tstring_content", "on_comment"} <= tokens
    assert not tokens & {"on_embvar", "on_embexpr_beg", "on_backtick"}, tokens


def test_the_suite_runs_a_sample_only_when_it_is_a_call_of_literals(tmp_path: Path) -> None:
    """The docs tests call what a sample calls (``printed_and_shown``); hostile code is refused unrun."""
    touched = tmp_path / "PWNED"
    hostile = f"seam.things.get(x=__import__('os').system('touch {touched}'))"
    with pytest.raises(ValueError, match="malformed"):
        printed_and_shown(object(), hostile, "")
    assert not touched.exists()
    assert sample_call('seam.things.list(**{"page-size": 10}, limit=[1])') == (
        ["seam", "things", "list"],
        {"page-size": 10, "limit": [1]},
    )


# GitBook: no tag but the templates' own, in any context.
def tag_skeleton(text: str) -> list[str]:
    """Every GitBook opener in ``text`` with the word after it: the page's template structure."""
    return re.findall(r"\{[%{#]\s*[^\s%}#]*", text)


def test_spec_text_adds_no_gitbook_tag_to_any_page(tmp_path: Path) -> None:
    hostile = render_docs(tmp_path / "hostile", thing_spec(name=f"n{TAGS}", value=TAGS, key=TAGS, param=f"p|{TAGS}"))
    benign = render_docs(tmp_path / "benign", thing_spec(name="n", value="plain", key="k", param="p"))
    markdown = sorted(name for name in hostile if name.startswith("markdown/"))
    assert markdown == sorted(name for name in benign if name.startswith("markdown/"))
    for name in markdown:
        assert tag_skeleton(hostile[name]) == tag_skeleton(benign[name]), name


def test_hostile_text_still_reads_as_the_spec_wrote_it(tmp_path: Path) -> None:
    """Escaped, not dropped: the rendered object page shows each value, the front matter parses
    back to the description, and the parameters table keeps its columns."""
    doc = thing_spec(value=TAGS, key=TAGS, param=f"p|{TAGS}")
    files = render_docs(tmp_path, doc)
    shown = html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(files["markdown/api/things/README.md"])))
    # A property's name, an enum value, an event's name and its constant, an endpoint's summary.
    assert shown.count(TAGS) == 5 and shown.count(f"thing.{TAGS}") == 2
    page = files["markdown/api/things/create.md"]
    front = page.split("---\n")[1]
    assert yaml.safe_load(front) == {"description": f"Creates {TAGS}"}
    assert yaml.safe_load(files["markdown/README.md"].split("---\n")[1]) == {"description": TAGS}
    rows = page.split("### Parameters")[1].split("###")[0].strip().splitlines()
    assert [len(re.findall(r"(?<!\\)\|", row)) for row in rows] == [4, 4, 4]
    example = doc["paths"]["/things/create"]["post"]["responses"]["200"]["content"]["application/json"]["example"]
    assert json.loads(page.split("```json\n")[1].split("\n```")[0]) == example


# Page files: unique by construction, inside the docs folder.
PAGE_PATHS = ["/things/list", "/things/list/", "/things/README", "/things/index", "/things/..", "/things/../../etc"]
PAGE_PATHS += ["/things/xREADME", "/things/xindex", "/things/Index", "/things/con", "/things/" + "a" * 300]
PAGE_PATHS += ["/things/" + "a" * 299 + "b"]  # cut to the same name as the one before: numbered


@pytest.mark.parametrize("named", [False, True], ids=["names from paths", "x-fern-sdk-method-name"])
def test_no_path_overwrites_another_page_or_leaves_the_docs(tmp_path: Path, named: bool) -> None:
    """As Seam's spec names methods (after the path's last segment, ``list`` twice) and as the generator does."""
    doc = thing_spec()
    for path in PAGE_PATHS:
        name = {"x-fern-sdk-method-name": path.rstrip("/").rsplit("/", 1)[1]} if named else {}
        get = {"x-fern-sdk-group-name": "things", **name, "responses": {"204": {"description": "ok"}}}
        doc["paths"][path] = {"get": get}
    rendered = render(build(load(write_spec(tmp_path, doc))))  # list and list/ break client-name-unique
    files = {name.removeprefix("docs/"): text.decode() for name, text in rendered.items() if name.startswith("docs/")}
    for file in files:
        assert posixpath.normpath(file) == file and ".." not in file.split("/"), file
        assert max(len(part.encode()) for part in file.split("/")) <= 255, "a file system's longest name"
    for kind, own in (("markdown", "README.md"), ("html", "index.html")):
        folder = f"{kind}/api/things/"
        assert "create" in files[folder + own] and "swagger" not in files[folder + own]  # the object page
        pages = [name for name in files if name.startswith(folder) and name != folder + own]
        assert len({name.casefold() for name in pages}) == len(doc["paths"]), pages
    routes = [route for name, text in files.items() if name.startswith("markdown/api/") for route in swagger_paths(text)]
    assert sorted(routes) == sorted(doc["paths"])


def swagger_paths(page: str) -> list[str]:
    return re.findall(r'{% swagger method="\w+" path="([^"]+)"', page)


def test_html_pages_of_distinct_markdown_pages_are_distinct() -> None:
    """Only a folder's own README.md becomes its index.html; a page that merely ends so keeps its name."""
    markdown = ["api/x/README.md", "api/x/xREADME.md", "api/x/xindex.md", "README.md", "api/README_2.md"]
    assert [html_file(name) for name in markdown] == [
        "api/x/index.html",
        "api/x/xREADME.html",
        "api/x/xindex.html",
        "index.html",
        "api/README_2.html",
    ]
