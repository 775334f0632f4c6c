"""Render the intermediate model through the templates into ``{relative path: bytes}``.

Which files exist, and which template and context each gets, is decided here in Python;
templates only format. Rendering happens entirely in memory, so a failing template leaves
the output folder untouched.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from seamgen.docs_nav import INDEX_FILE, SUMMARY_FILE, navigation, root_of, table_of_contents
from seamgen.docs_search import search_index
from seamgen.docs_view import Docs, docs, html_file
from seamgen.filters import HTML_FILTERS, MARKDOWN_FILTERS, PYTHON_FILTERS
from seamgen.ir import Api
from seamgen.python_client import package_exports, python_client
from seamgen.python_models import python_module
from seamgen.template_cache import bytecode_cache
from seamgen.text import SpecText

# The built-in templates ship inside the package (``templates/`` of the checkout, installed as
# ``seamgen.templates``), so an installed seamgen generates from any directory.
TEMPLATES = Path(str(resources.files("seamgen.templates")))


class UnescapedSpecText(Exception):
    """A template printed spec text without passing it through an escaping filter."""


class TemplateFailed(Exception):
    """A template did not render (syntax error, undefined name, raw spec text): ``file:line: error: …``."""


def _refuse_spec_text(value: Any) -> Any:
    """What code and Markdown templates may print: code, identifiers, numbers; never spec text, nor
    an object whose repr would carry spec text out unescaped (``{{ api.endpoints[0] }}``)."""
    if isinstance(value, SpecText):
        raise UnescapedSpecText(f"spec text {value[:40]!r} reached a template without an escaping filter")
    if not isinstance(value, (str, int, float, jinja2.Undefined)) and value is not None:
        raise UnescapedSpecText(
            f"a template printed a {type(value).__name__} object, whose text may come from the spec; "
            "print its fields through an escaping filter"
        )
    return value


@dataclass(frozen=True)
class Delimiters:
    """Jinja's tag delimiters; GitBook pages are full of {% tags %}, so theirs are [% %] and [[ ]]."""

    block: tuple[str, str] = ("{%", "%}")
    variable: tuple[str, str] = ("{{", "}}")
    comment: tuple[str, str] = ("{#", "#}")


MARKDOWN_SYNTAX = Delimiters(("[%", "%]"), ("[[", "]]"), ("[#", "#]"))


def environment(
    filters: dict[str, Callable[..., str]],
    custom: Path | None = None,
    syntax: Delimiters = Delimiters(),
    autoescape: bool = False,
) -> jinja2.Environment:
    """A strict environment: undefined names fail. Without autoescape (code, Markdown), raw
    ``SpecText`` cannot be printed; with it (HTML), every printed string is escaped. A file in
    the ``custom`` folder replaces the built-in template of the same name, as openapi-python-client's
    ``--custom-template-path`` does; the guards hold for it all the same."""
    env = jinja2.Environment(
        block_start_string=syntax.block[0],
        block_end_string=syntax.block[1],
        variable_start_string=syntax.variable[0],
        variable_end_string=syntax.variable[1],
        comment_start_string=syntax.comment[0],
        comment_end_string=syntax.comment[1],
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in _folders(custom)]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None if autoescape else _refuse_spec_text,
        bytecode_cache=bytecode_cache(f"{syntax}|{autoescape}"),
    )
    env.filters.update(filters)
    return env


@dataclass(frozen=True)
class OutputFile:
    """One file to write: its path under the output folder, its template and extra context."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


class Source:
    """What a render reads: the intermediate model, and the docs' pages built from it once for both
    docs outputs (on GitHub's spec, building them takes three seconds)."""

    def __init__(self, api: Api) -> None:
        self.api = api

    @cached_property
    def docs(self) -> Docs:
        return docs(self.api)


@dataclass(frozen=True)
class Output:
    """An output (the Python package, the docs): its filters, syntax and the files the model asks for."""

    filters: dict[str, Callable[..., str]]
    files: Callable[[Source], Iterable[OutputFile]]
    syntax: Delimiters = Delimiters()
    autoescape: bool = False


def python_files(source: Source) -> Iterable[OutputFile]:
    api = source.api
    package = f"python/src/{api.package}"
    module, client = python_module(api), python_client(api)
    context = {"module": module, "client": client, "exports": package_exports(module, client)}
    yield OutputFile("python/pyproject.toml", "python/pyproject.toml.j2")
    yield OutputFile(f"{package}/__init__.py", "python/__init__.py.j2", context)
    yield OutputFile(f"{package}/_base.py", "python/_base.py.j2")
    yield OutputFile(f"{package}/_lenient.py", "python/_lenient.py.j2")
    if client.pages:
        yield OutputFile(f"{package}/_pagination.py", "python/_pagination.py.j2")
    yield OutputFile(f"{package}/models.py", "python/models.py.j2", context)
    yield OutputFile(f"{package}/errors.py", "python/errors.py.j2", context)
    yield OutputFile(f"{package}/_auth.py", "python/_auth.py.j2", context)
    yield OutputFile(f"{package}/_call.py", "python/_call.py.j2", context)
    yield OutputFile(f"{package}/_requests.py", "python/_requests.py.j2", context)
    yield OutputFile(f"{package}/_client.py", "python/_client.py.j2", context)
    yield OutputFile(f"{package}/resources.py", "python/resources.py.j2", context)
    yield OutputFile(f"{package}/client.py", "python/client.py.j2", context)
    yield OutputFile(f"{package}/py.typed", "python/py.typed.j2")


def markdown_files(source: Source) -> Iterable[OutputFile]:
    pages = source.docs
    toc = {"toc": table_of_contents(source.api, pages)}
    yield OutputFile(f"docs/markdown/{INDEX_FILE}", "docs_markdown/README.md.j2", toc)
    yield OutputFile(f"docs/markdown/{SUMMARY_FILE}", "docs_markdown/SUMMARY.md.j2", toc)
    yield OutputFile(
        "docs/markdown/.gitbook.yaml", "docs_markdown/gitbook.yaml.j2", {"readme": INDEX_FILE, "summary": SUMMARY_FILE}
    )
    for page in pages.objects:
        yield OutputFile(f"docs/markdown/{page.file}", "docs_markdown/object.md.j2", {"page": page})
    for endpoint in pages.endpoints:
        yield OutputFile(
            f"docs/markdown/{endpoint.file}", "docs_markdown/endpoint.md.j2", {"page": endpoint, "note": pages.note}
        )


# The site's static files, written to docs/html/assets/, each the templates it lists joined in order
# (a feature adds its part to one): every page waits for one stylesheet and one script of its own,
# since each file a page loads from disk delays its first paint (about 30 ms for four stylesheets).
HTML_ASSETS: dict[str, tuple[str, ...]] = {
    "site.css": ("site.css", "schema.css", "search.css", "highlight.css"),
    "site.js": ("search.js", "site.js"),
}


def html_files(source: Source) -> Iterable[OutputFile]:
    pages = source.docs
    nav = navigation(pages)

    def page(file: str, template: str, **context: Any) -> OutputFile:
        return OutputFile(
            f"docs/html/{file}",
            f"docs_html/{template}",
            {"nav": nav, "current": file, "root": root_of(file), **context},
        )

    yield page("index.html", "index.html.j2", pages=pages)
    for item in pages.objects:
        yield page(html_file(item.file), "object.html.j2", page=item)
    for endpoint in pages.endpoints:
        yield page(html_file(endpoint.file), "endpoint.html.j2", page=endpoint, note=pages.note)
    for schema in pages.schemas:
        yield page(schema.file, "schema_page.html.j2", page=schema)
    yield OutputFile("docs/html/assets/nav.js", "docs_html/nav.js.j2", {"nav": nav})
    yield OutputFile(
        "docs/html/assets/search-index.js", "docs_html/search-index.js.j2", {"search": search_index(pages)}
    )
    for asset, parts in HTML_ASSETS.items():
        yield OutputFile(f"docs/html/assets/{asset}", "docs_html/asset.j2", {"parts": parts})


OUTPUTS: tuple[Output, ...] = (
    Output(PYTHON_FILTERS, python_files),
    Output(MARKDOWN_FILTERS, markdown_files, MARKDOWN_SYNTAX),
    Output(HTML_FILTERS, html_files, autoescape=True),
)


def render(api: Api, custom: Path | None = None) -> dict[str, bytes]:
    """Every output file, rendered, keyed by its POSIX path under the output folder; ``custom``
    is a folder of templates that replace built-in ones (see ``environment``)."""
    files: dict[str, bytes] = {}
    source = Source(api)
    for output in OUTPUTS:
        env = environment(output.filters, custom, output.syntax, output.autoescape)
        for item in output.files(source):
            try:
                text = env.get_template(item.template).render(api=api, **item.context)
            except (jinja2.TemplateError, UnescapedSpecText) as exc:
                raise _failure(exc, item.template, custom) from exc
            if item.path.endswith(".py"):
                _compiles(text, item.path, item.template)
            files[item.path] = text.encode("utf-8")
    return dict(sorted(files.items()))


_DEFINITION = re.compile(r"(\s*)(?:(?:async\s+)?(?:class|def)\s+(\w+)|(\w+)\s*(?::[^=]*)?=)")


def _enclosing(lines: list[str]) -> str:
    """The dotted name of the definition the last of ``lines`` stands in (``Users.get_me``)."""
    stack: list[tuple[int, str]] = []
    for row in lines:
        match = _DEFINITION.match(row)
        if match and row.strip() and (match.group(2) or not match.group(1)):  # definitions, module-level names
            depth = len(match.group(1))
            stack = [entry for entry in stack if entry[0] < depth] + [(depth, match.group(2) or match.group(3))]
    return ".".join(name for _, name in stack)


def _compiles(text: str, path: str, template: str) -> None:
    """Refuse a rendered module Python cannot compile, naming the definition it broke in: a spec
    element no template was written for must stop the run, not reach the output folder."""
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 1
        inside = _enclosing(text.splitlines()[:line])
        message = getattr(exc, "msg", None) or str(exc)
        raise TemplateFailed(
            f"{path}:{line}: error: the generated code does not compile{f' in {inside}' if inside else ''}: {message} "
            f"(rendered by {template}; this spec element needs a fix in seamgen: please report it)"
        ) from exc


def unknown_templates(custom: Path) -> list[str]:
    """Files in a custom templates folder that replace no built-in template: misnamed, so unused."""
    builtin = set(jinja2.FileSystemLoader(TEMPLATES).list_templates())
    return [name for name in jinja2.FileSystemLoader(custom).list_templates() if name not in builtin]


def _folders(custom: Path | None) -> list[Path]:
    return [custom, TEMPLATES] if custom else [TEMPLATES]


def _failure(exc: Exception, template: str, custom: Path | None) -> TemplateFailed:
    """``exc`` pinned to the innermost template line. Jinja rewrites tracebacks so that template
    code shows as frames of the template file; the ``.py`` frames are Python's own."""
    where = template
    roots = tuple(os.path.join(os.path.abspath(folder), "") for folder in _folders(custom))
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(roots) and not frame.filename.endswith(".py"):
            where = f"{frame.filename}:{frame.lineno}"
    message = f"template {exc.name!r} not found" if isinstance(exc, jinja2.TemplateNotFound) else str(exc)
    return TemplateFailed(f"{where}: error: {message}")
