"""Syntax highlighting of the site's code blocks, done at generate time so readers load no library.

Pygments tokenizes; only the token kinds ``highlight.css`` colors become spans (the rest is plain
text), which keeps pages small: a JSON example's punctuation and indentation carry no markup.
Every token's text is escaped here, so hostile sample text stays text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import cache
from itertools import groupby

from markupsafe import Markup
from pygments.lexer import Lexer
from pygments.lexers import BashLexer, JavascriptLexer, JsonLexer, PythonLexer, RubyLexer
from pygments.token import STANDARD_TYPES, Comment, Keyword, Name, Number, String, Token, _TokenType, is_token_subtype

# The sample languages (``x-seamgen.docs.code-samples``, and ``json`` for response bodies) Pygments reads.
LEXERS: dict[str, type[Lexer]] = {
    "python": PythonLexer,
    "javascript": JavascriptLexer,
    "ruby": RubyLexer,
    "json": JsonLexer,
    "bash": BashLexer,
    "curl": BashLexer,
    "shell": BashLexer,
}

# The token kinds highlight.css colors, most specific first; a token shows as the first it descends from.
# JSON's keys (Name.Tag) stay plain: a span on each would add a tenth to GitHub's site (1.2 MB).
STYLED: tuple[_TokenType, ...] = (Keyword.Constant, Keyword, Comment, String, Number, Name.Variable, Name.Builtin)


@cache
def styled(kind: _TokenType) -> _TokenType:
    """The styled kind ``kind`` shows as, or plain text (cached: a page has thousands of tokens, of few kinds)."""
    return next((style for style in STYLED if is_token_subtype(kind, style)), Token.Text)


def css_class(kind: _TokenType) -> str:
    """The class of a styled kind's spans: Pygments' own short names, as its style sheets use."""
    return STANDARD_TYPES[kind]


def highlight(code: object, language: object) -> Markup:
    """``code`` as HTML for inside ``<pre><code>``, a span per run of one styled kind; a language
    without a lexer is plain text. The text is kept exactly (Pygments would strip and add newlines)."""
    text = str(code)
    lexer_type = LEXERS.get(str(language))
    if lexer_type is None:
        return Markup(_text(text))
    tokens = lexer_type(stripnl=False, ensurenl=False).get_tokens(text)
    return Markup("".join(_span(kind, parts) for kind, parts in groupby(tokens, lambda token: styled(token[0]))))


def _span(kind: _TokenType, tokens: Iterable[tuple[_TokenType, str]]) -> str:
    content = _text("".join(part for _, part in tokens))
    return content if kind is Token.Text else f'<span class="{css_class(kind)}">{content}</span>'


def _text(text: str) -> str:
    """Element text escaped (``<``, ``>``, ``&``); quotes need none outside attributes, and JSON is full of them."""
    return html.escape(text, quote=False)
