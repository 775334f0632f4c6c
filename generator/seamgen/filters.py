"""The only ways spec text reaches generated files: each filter returns a literal or an
escaped fragment whose meaning cannot change, whatever the text holds (quotes, backslashes,
``\\r``, ``\\u2028``, NUL, template syntax)."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from seamgen.docs_highlight import highlight


def py_str(text: object) -> str:
    """A Python string literal for ``text`` (``repr``, preferring double quotes)."""
    value = str(text)
    literal = repr(value)
    if literal.startswith("'") and '"' not in value:
        literal = '"' + literal[1:-1] + '"'
    return literal


def py_doc(text: object, indent: int = 0, width: int = 88) -> str:
    """Docstring body for ``text``: lines split at every Unicode line break and wrapped at
    ``width``; backslashes, triple quotes and a closing quote escaped; invisible characters
    written as escapes."""
    lines = [
        _doc_line(wrapped)
        for line in str(text).splitlines()
        for wrapped in textwrap.wrap(line, width - indent, break_long_words=False, break_on_hyphens=False) or [""]
    ] or [""]
    body = ("\n" + " " * indent).join(lines).replace(" " * indent + "\n", "\n")
    # No two raw quotes may touch, and none may end the body: then no quote run can close the docstring.
    body = re.sub(r'"(?="|\Z)', r'\\"', body)
    return body + "\n" + " " * indent if "\n" in body else body


def _doc_line(line: str) -> str:
    line = line.replace("\\", "\\\\")
    if line.isprintable():  # nearly every line: skip the walk over its characters
        return line
    return "".join(char if char.isprintable() else _escape(char) for char in line)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def toml_str(text: object) -> str:
    """A TOML basic string for ``text`` (JSON escapes are valid TOML; DEL is escaped too)."""
    return json.dumps(str(text), ensure_ascii=True).replace("\x7f", "\\u007f")


PYTHON_FILTERS = {"py_str": py_str, "py_doc": py_doc, "toml_str": toml_str}


# HTML that real specs write in their prose (AWS's and Stripe's), and its Markdown.
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b([^<>]*)>")
_HTML_MARKS = {"code": "`", "tt": "`", "i": "*", "em": "*", "b": "**", "strong": "**"}
_HTML_BLOCKS = frozenset({"p", "br", "div", "span", "ul", "ol", "li", "dl", "dt", "dd", "pre", "note", "important"})
_BREAK = "\x1f"  # where a block tag was: one space, however many of them meet
_HTML_HREF = re.compile(r"""\bhref\s*=\s*(?:"(https?://[^"]*)"|'(https?://[^']*)')""", re.I)


def prose(text: object, blocks: bool = False) -> str:
    """Spec prose with the HTML real specs put in it as Markdown: ``<code>``, ``<i>``, ``<b>`` …
    become its marks, ``<a href="https://…">`` a link, paragraphs and list items spaces, or with
    ``blocks`` paragraph breaks (a ``<br>`` a line break). Any other tag (``<script>``, ``<List>``)
    stays text, for the filters to escape."""
    links: list[str] = []

    def markdown(tag: re.Match[str]) -> str:
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in _HTML_MARKS:
            return _HTML_MARKS[name]
        if blocks and name == "br":
            return "\\\n"  # CommonMark's hard line break
        if blocks and name in _HTML_BLOCKS:
            return "\n\n"
        if name in _HTML_BLOCKS:
            return _BREAK
        if name != "a":
            return tag.group(0)
        if closing:
            url = links.pop() if links else ""
            return f"]({url})" if url else ""
        href = _HTML_HREF.search(tag.group(3))
        links.append(md_url(href.group(1) or href.group(2)) if href else "")
        return "[" if href else ""

    return re.sub(f" *{_BREAK}[ {_BREAK}]*", " ", _HTML_TAG.sub(markdown, str(text)))


# GitBook reads ``{% tag %}``, ``{{ expression }}`` and ``{# comment #}`` anywhere in a page, code
# included. Every ``{`` that would open one is written so the page's text holds no opener: an entity
# in Markdown text, a ``\u007b`` escape in a string literal (JSON, YAML, Python, JavaScript, Ruby).
GITBOOK_OPENER = re.compile(r"\{(?=[{%#])")


def literal_untagged(literal: str) -> str:
    """A string literal (JSON, YAML, Python, JavaScript or Ruby) with every GitBook tag opener's
    ``{`` written as the ``\u007b`` escape each of them reads as ``{``."""
    return GITBOOK_OPENER.sub(r"\\u007b", literal)


def md(text: object) -> str:
    """Spec prose (itself Markdown) made safe for a GitBook page: no raw HTML, no template tags,
    no line that starts a heading or block by accident; links and emphasis keep working."""
    lines = " ".join(prose(text).splitlines()).strip()
    escaped = lines.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return GITBOOK_OPENER.sub("&#123;", escaped)


def md_cell(text: object) -> str:
    """``md`` for a table cell: a ``|`` no longer ends the cell."""
    return md(text).replace("|", "\\|")


def md_code(text: object) -> str:
    """An inline code span of ``text``: fenced with more backticks than it contains. A code span
    shows entities as they are, so text holding a GitBook tag opener is plain text (``md_literal``)."""
    value = " ".join(str(text).splitlines())
    if GITBOOK_OPENER.search(value):
        return md_literal(value)
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"  # inside a code span, < and & are already literal


def md_cell_code(text: object) -> str:
    """``md_code`` in a table cell: GFM ends a cell at a ``|`` even inside a code span, unless escaped."""
    code = md_code(text)
    return code.replace("|", "\\|") if code.startswith("`") else code  # md_literal escapes it already


def md_literal(text: object) -> str:
    """Plain text in Markdown: every character that could mean emphasis, a link, HTML, an entity or
    a GitBook tag is escaped."""
    value = " ".join(str(text).splitlines())
    return re.sub(r"\{(?=[{%#])|([\\`*_{}\[\]()#+!|<>~&])", lambda m: f"\\{m[1]}" if m[1] else "&#123;", value)


def md_attr(text: object) -> str:
    """A GitBook tag attribute value (inside double quotes): no quote, newline, tag start or end gets through."""
    value = " ".join(str(text).splitlines())
    value = value.replace("&", "&amp;").replace('"', "&quot;").replace("%}", "%&#125;").replace("<", "&lt;")
    return GITBOOK_OPENER.sub("&#123;", value)


def md_url(text: object) -> str:
    """A link target: characters that would end the Markdown link are percent-encoded."""
    return quote(str(text), safe=":/?#@!$&'*+,;=%~-._")


def md_path(text: object) -> str:
    """A link to a file under the docs root: relative, every character but ASCII letters, digits,
    ``_.-~`` and ``/`` percent-encoded, so no query, fragment, scheme or link end can appear."""
    return quote(str(text).lstrip("/"), safe="/")


def yaml_scalar(text: object) -> str:
    """A YAML front-matter value: plain when that reads the same, else a double-quoted string."""
    value = " ".join(str(text).splitlines()).strip()
    plain = re.fullmatch(r"[A-Za-z0-9(][^:#{}\[\],&*!|>'\"%@`]*", value) and not value.endswith(" ")
    if plain:
        return value
    quoted = "".join(char if char.isprintable() else _escape(char) for char in json.dumps(value, ensure_ascii=False))
    return literal_untagged(quoted)  # YAML's double-quoted strings read JSON's escapes and \x, \u, \U alike


MARKDOWN_FILTERS = {
    "md": md, "md_cell": md_cell, "md_code": md_code, "md_literal": md_literal, "md_attr": md_attr,
    "md_url": md_url, "md_path": md_path, "yaml_scalar": yaml_scalar,
}  # fmt: skip


def _unlink_relative(state: StateCore) -> None:
    """Keep only absolute web and mail links: a relative one (``/documentation/...``, ``#section``)
    points into the API owner's own site, which the generated site is not, so only its text stays.
    Links do not nest, so a dropped opening drops the next closing."""
    for block in state.tokens:
        kept: list[Token] = []
        dropping = False
        for token in block.children or []:
            if token.type == "link_open" and not re.match(r"(?i)(https?|mailto):", str(token.attrGet("href"))):
                dropping = True
            elif token.type == "link_close" and dropping:
                dropping = False
            else:
                kept.append(token)
        if block.children is not None:
            block.children = kept


def _image_as_link(tokens: list[Token], index: int) -> str:
    """An image as a link to it, its alt text the link's: a page opened offline loads nothing from
    the web, and a relative image, which only the API owner's site has, is its alt text alone."""
    alt = escapeHtml("".join(child.content for child in tokens[index].children or []))
    src = str(tokens[index].attrGet("src") or "")
    return f'<a href="{escapeHtml(src)}">{alt}</a>' if re.match(r"(?i)https?:", src) else alt


def _markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False})
    parser.core.ruler.push("unlink_relative", _unlink_relative)
    parser.add_render_rule("image", lambda _self, tokens, index, _options, _env: _image_as_link(tokens, index))
    # A heading in a description would break the page's outline (h1 title, h2 sections): bold text.
    parser.add_render_rule("heading_open", lambda *_: "<p><strong>")
    parser.add_render_rule("heading_close", lambda *_: "</strong></p>\n")
    return parser


_MARKDOWN = _markdown()


def md_html(text: object) -> Markup:
    """Spec prose rendered from Markdown to inline HTML, for one line (a lead, an enum value's
    description); raw HTML in it is shown as text, never run."""
    return Markup(_MARKDOWN.renderInline(" ".join(prose(text).splitlines()).strip()))


def md_blocks(text: object) -> Markup:
    """Spec prose rendered from Markdown to HTML blocks: its paragraphs, lists, quotes and code blocks
    as the spec wrote them. Raw HTML in it is shown as text, never run."""
    # A line break that ends a paragraph breaks nothing (and would leave its backslash).
    source = re.sub(r"\\\n(?=[ \t]*(?:\n|$))", "\n", prose(text, blocks=True).strip() + "\n")
    # A code block takes focus, as the site's own do: a keyboard must reach it to scroll a wide one.
    return Markup(_MARKDOWN.render(source).rstrip("\n").replace("<pre><code", '<pre tabindex="0"><code'))


def slug(text: object) -> str:
    """A stable, readable fragment id: lower case, runs of other characters become ``-``."""
    return re.sub(r"[^a-z0-9_.]+", "-", str(text).lower()).strip("-") or "section"


def js_str(text: object) -> Markup:
    """A JavaScript string literal of ``text``: JSON in ASCII, with ``<``, ``>`` and ``&`` escaped
    too, so it stays one inert string in a script file and in an HTML page alike."""
    literal = json.dumps(str(text), ensure_ascii=True)
    return Markup(literal.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


HTML_FILTERS: dict[str, Callable[..., str]] = {
    "md_html": md_html, "md_blocks": md_blocks, "slug": slug, "js_str": js_str, "highlight": highlight,
}  # fmt: skip
