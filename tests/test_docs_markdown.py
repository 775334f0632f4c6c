"""The GitBook pages: they reproduce the seeds, round-trip to the spec, and their samples run."""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from seamgen.build import build
from seamgen.docs_schema import label
from seamgen.filters import md
from seamgen.ir import Api, EnumType, Named, UnionType
from seamgen.loader import load
from seamgen.mock.serve import mock_api, running
from seamgen.pipeline import generate
from tests.conftest import (
    ROOT,
    SEED_ENDPOINT_PAGE,
    SEED_OBJECT_PAGE,
    SEED_SPEC,
    SPEC,
    Run,
    add_action_type,
    add_endpoint,
    add_event,
    needs_seeds,
)

PAGES = ROOT / "generated" / "docs" / "markdown" / "api" / "action_attempts"
API = build(load(SPEC))


def stable_links(text: str) -> str:
    return re.sub(r"/~/revisions/[A-Za-z0-9]+", "", text)


def fences(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)\n```", text, re.S)


def headings(text: str) -> list[str]:
    """Markdown headings, code blocks (where # starts a comment) left out."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return [line for line in prose.splitlines() if re.match(r"#{1,6} ", line)]


def response_bodies(text: str) -> dict[str, Any]:
    """The example body of each swagger response, by status code."""
    found = re.findall(r'{% swagger-response status="(\d+):[^"]*"[^%]*%}\n```javascript\n(.*?)\n```', text, re.S)
    return {status: json.loads(body) for status, body in found}


@pytest.fixture(scope="module")
def seed_pages() -> dict[str, str]:
    """The Markdown pages generated from the frozen seed spec (users edit spec/openapi.yaml, not it), by name."""
    generation = generate(SEED_SPEC)
    assert generation.files is not None, [d.text() for d in generation.diagnostics]
    prefix = "docs/markdown/api/action_attempts/"
    return {
        path.removeprefix(prefix): content.decode("utf-8")
        for path, content in generation.files.items()
        if path.startswith(prefix)
    }


def additions(page: str, original: str) -> list[str]:
    """The lines ``page`` adds to ``original``, which must keep every line of ``original`` in order."""
    wanted, added = original.splitlines(), []
    for line in page.splitlines():
        if wanted and line == wanted[0]:
            wanted.pop(0)
        else:
            added.append(line)
    assert wanted == [], f"missing from the page, or out of order: {wanted[0]!r}"
    return added


def enum_description_lines(api: Api) -> list[str]:
    """The lines the object page adds to the seed's: each enum value's description, under its value."""
    union = api.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    enums = [api.types[p.type.name] for p in union.flat if isinstance(p.type, Named)]
    return [f"  * {md(v.description)}" for e in enums if isinstance(e, EnumType) for v in e.values if v.description]


@needs_seeds
def test_object_page_holds_every_seed_line_in_order_and_adds_only_enum_descriptions(
    seed_pages: dict[str, str],
) -> None:
    seed = stable_links(SEED_OBJECT_PAGE.read_text(encoding="utf-8"))
    added = additions(seed_pages["README.md"], seed)
    assert added == enum_description_lines(build(load(SEED_SPEC)))
    assert added, "the seed spec describes its enum values (x-enumDescriptions)"


def test_describing_an_enum_value_adds_its_line_and_changes_no_other(tmp_path: Path, cli: Callable[..., Run]) -> None:
    doc = copy.deepcopy(load(SPEC).document)
    described = doc["components"]["schemas"]["ActionType"]["x-enumDescriptions"]
    value, text = next(iter(described.items()))
    del described[value]
    before = generate_docs(tmp_path / "before", cli, doc)
    described[value] = text
    after = generate_docs(tmp_path / "after", cli, doc)
    pages = sorted(path.name for path in before.glob("*.md"))
    assert pages == sorted(path.name for path in after.glob("*.md")) and "README.md" in pages
    for name in pages:
        added = additions((after / name).read_text(encoding="utf-8"), (before / name).read_text(encoding="utf-8"))
        assert added == ([f"  * {md(text)}"] if name == "README.md" else []), name
    readme = (after / "README.md").read_text(encoding="utf-8")
    assert f"* `{value}`\n  * {md(text)}\n" in readme


@needs_seeds
def test_endpoint_page_holds_every_fact_of_the_seed_in_its_order(seed_pages: dict[str, str]) -> None:
    seed = SEED_ENDPOINT_PAGE.read_text(encoding="utf-8").replace("whatâ€™s", "what's")
    page = seed_pages["get.md"]
    assert headings(page) == headings(seed)
    for line in seed.splitlines():
        if line.startswith(
            ("{% swagger method", "{% swagger-parameter", "{% tab ", "| ", "description: ", "This section")
        ):
            assert line in page, line
    for status, description in re.findall(r'{% swagger-response status="([^"]+)" description="([^"]*)" %}', seed):
        assert f'{{% swagger-response status="{status}" description="{description or ""}' in page or description == ""
    seed_bodies, page_bodies = response_bodies(seed), response_bodies(page)
    assert seed_bodies == {status: page_bodies[status] for status in seed_bodies}
    assert list(seed_bodies) == [status for status in page_bodies if status in seed_bodies]
    assert fences(seed, "json") == fences(page, "json")
    assert "ID of the Action Attempt to be retrieved" in page and "Bearer &lt;API_KEY&gt;" in page


def test_pages_parse_back_to_the_spec() -> None:
    """Nothing lost, nothing invented: the object page's facts equal the model's."""
    page = (PAGES / "README.md").read_text(encoding="utf-8")
    properties_part, events_part = page.split("## Events")
    events_part, endpoints_part = events_part.split("## Endpoints")
    found = re.findall(r"\*\*`(\w+)`\*\* \*(\w+)\*", properties_part)
    union = API.types["ActionAttempt"]  # type: ignore[index]
    assert isinstance(union, UnionType)
    assert found == [(p.name, label(API, p.type)) for p in union.flat]
    for prop in union.flat:
        if isinstance(prop.type, Named) and isinstance(enum := API.types[prop.type.name], EnumType):
            block = properties_part.split(f"**`{prop.name}`**")[1].split("***")[0]
            assert re.findall(r"^\* `(\w+)`", block, re.M) == [v.value for v in enum.values]
    names = re.findall(r"^\*\*`([\w.]+)`\*\*$", events_part, re.M)
    assert names == [e.name for e in API.events]
    for event, chunk in zip(API.events, events_part.split("***")[:-1], strict=True):
        expected = [(p.name, label(API, p.type)) for p in API.types[event.type.name].properties]  # type: ignore[union-attr,index]
        assert re.findall(r"\*\*`(\w+)`\*\* \*(\w+)\*", chunk) == expected
        assert f"Value: `{event.name}`" in chunk
    assert re.findall(r"\[\*\*`([^`]+)`\*\*\]", endpoints_part) == [e.path for e in API.endpoints]
    for endpoint in API.endpoints:
        endpoint_page = (PAGES / f"{endpoint.name}.md").read_text(encoding="utf-8")
        statuses = re.findall(r'swagger-response status="(\d+):', endpoint_page)
        assert statuses == [r.status for r in endpoint.responses]
        assert response_bodies(endpoint_page) == {
            r.status: r.example for r in endpoint.responses if r.example is not None
        }
        assert re.findall(r'swagger-parameter in="\w+" name="(\w+)"', endpoint_page) == [
            p.name for p in endpoint.parameters
        ] + ["Authorization"]
        assert [
            row.split("|")[1].strip(" `")
            for row in endpoint_page.split("### Parameters")[1].split("### Response")[0].strip().splitlines()
            if "---" not in row
        ] == [p.name for p in endpoint.parameters]


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    spec = load(SPEC)
    with running(mock_api(build(spec), spec).app) as url:
        yield url


def python_samples(pages: Path = PAGES) -> list[tuple[str, str, str]]:
    """(page, call, the output the page shows) of every Python sample in ``pages``."""
    samples = []
    for page in sorted(pages.glob("*.md")):
        for block in fences(page.read_text(encoding="utf-8"), "python"):
            call, _, output = block.partition("\n\n")
            samples.append((page.name, call, output))
    return samples


def sample_call(code: str) -> tuple[list[str], dict[str, Any]]:
    """The attribute path and keyword arguments of a Python sample's one call, read with ``ast``,
    never evaluated: a sample that is not a call of literals fails here (spec text is hostile)."""
    [statement] = ast.parse(code).body
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call), code
    chain, node = [], statement.value.func
    while isinstance(node, ast.Attribute):
        chain.insert(0, node.attr)
        node = node.value
    assert isinstance(node, ast.Name) and not statement.value.args, code
    arguments: dict[str, Any] = {}
    for keyword in statement.value.keywords:
        value = ast.literal_eval(keyword.value)
        arguments.update(value if keyword.arg is None else {keyword.arg: value})  # None: **{"page-size": 10}
    return [node.id, *chain], arguments


def printed_and_shown(seam: Any, call: str, output: str) -> tuple[str, str]:
    """What a sample prints when its call is made on ``seam``, and what its page shows, spacing
    after commas aside."""
    [_, *chain], arguments = sample_call(call)
    printed = repr(attrgetter(".".join(chain))(seam)(**arguments))
    shown = "".join(line.removeprefix("#").strip() for line in output.splitlines())
    return re.sub(r",\s*", ",", printed), re.sub(r",\s*", ",", shown)


@pytest.mark.parametrize(("page", "call", "output"), python_samples(), ids=[s[0] for s in python_samples()])
def test_python_samples_run_against_the_mock_and_print_what_the_page_shows(
    package: ModuleType, mock_url: str, page: str, call: str, output: str
) -> None:
    printed, shown = printed_and_shown(package.Seam(api_key="docs", endpoint=mock_url), call, output)
    assert shown == printed


@pytest.mark.parametrize(
    ("language", "marker", "checker", "suffix"),
    [("javascript", "await seam.", ("node", "--check"), ".mjs"), ("ruby", "seam.", ("ruby", "-c"), ".rb")],
)
def test_code_samples_are_valid_syntax(
    tmp_path: Path, language: str, marker: str, checker: tuple[str, str], suffix: str
) -> None:
    """Node checks the JavaScript samples (as ES modules, for the top-level await) and Ruby the Ruby ones."""
    program = shutil.which(checker[0])
    if program is None:
        pytest.skip(f"{checker[0]} is not installed")
    pages = PAGES.glob("*.md")
    blocks = [b for page in pages for b in fences(page.read_text(encoding="utf-8"), language) if marker in b]
    assert len(blocks) == len(API.endpoints)
    for index, block in enumerate(blocks):
        sample = tmp_path / f"sample{index}{suffix}"
        sample.write_text(block + "\n")
        done = subprocess.run([program, checker[1], str(sample)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def generate_docs(tmp_path: Path, cli: Callable[..., Run], doc: dict[str, Any]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    out = tmp_path / "out"
    run = cli("generate", "--spec", str(spec), "--out", str(out), "--quiet")
    assert run.code == 0, run.err
    return out / "docs" / "markdown" / "api" / "action_attempts"


def test_markdown_specials_in_spec_text_are_escaped(tmp_path: Path, cli: Callable[..., Run]) -> None:
    doc = copy.deepcopy(load(SPEC).document)
    doc["components"]["parameters"]["ActionAttemptIdQuery"]["description"] = "ID | with a pipe, <b>html</b> and `ticks`"
    doc["components"]["schemas"]["ActionAttemptBase"]["properties"]["action_attempt_id"]["description"] = (
        "<script>x</script> {% endswagger %}"
    )
    pages = generate_docs(tmp_path, cli, doc)
    get = (pages / "get.md").read_text()
    row = get.split("### Parameters")[1].strip().splitlines()[0]
    assert len(re.findall(r"(?<!\\)\|", row)) == 4, row
    assert "<b>" not in get and "**html**" in get  # HTML formatting becomes Markdown
    readme = (pages / "README.md").read_text()
    assert "<script>" not in readme and "{% endswagger %}" not in readme


def test_spec_edits_change_the_pages_without_template_changes(tmp_path: Path, cli: Callable[..., Run]) -> None:
    doc = copy.deepcopy(load(SPEC).document)
    add_action_type(doc, "OPEN_GARAGE", "Open a garage door.")
    add_event(doc, "action_attempt.open_garage.succeeded", "GarageOpenedEvent", "A garage door opened.")
    add_endpoint(doc, "cancel", "Cancel Action Attempt", "Cancels an action attempt.", read_only=True)
    pages = generate_docs(tmp_path, cli, doc)
    readme = (pages / "README.md").read_text()
    assert "* `OPEN_GARAGE`" in readme
    assert "**`action_attempt.open_garage.succeeded`**\n\nA garage door opened." in readme
    assert "[**`/action_attempts/cancel`**](https://docs.seam.co/latest/api/action_attempts/cancel)" in readme
    cancel_page = (pages / "cancel.md").read_text()
    assert "# Cancel Action Attempt" in cancel_page
    assert 'method="post" path="/action_attempts/cancel"' in cancel_page
    assert "seam.action_attempts.cancel(action_attempt_id=" in cancel_page


def test_check_covers_the_docs(cli: Callable[..., Run], tmp_path: Path) -> None:
    out = tmp_path / "out"
    cli("generate", "--spec", str(SPEC), "--out", str(out), "--quiet")
    page = out / "docs" / "markdown" / "api" / "action_attempts" / "get.md"
    page.write_text(page.read_text().replace("Get Action Attempt", "Get Action Attempts"))
    run = cli("check", "--spec", str(SPEC), "--out", str(out))
    assert run.code == 1
    assert "--- a/docs/markdown/api/action_attempts/get.md" in run.out
