"""The generated package's identity: import name, distribution, version and client name.

They come from ``x-seamgen.python`` when set, else from ``info``: the title's words before any
subtitle (``GitHub's official OpenAPI spec`` is ``github``), the client's without generic words
(``Stripe API`` is ``stripe_api`` and ``Stripe``), and the version as PEP 440 accepts it (a date
``2012-11-05`` is ``2012.11.5``).
An import name never shadows a standard-library module or a runtime dependency.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any

from seamgen.pointers import as_dict
from seamgen.text import Identifier, SpecText, is_python_identifier, screaming, snake

# Modules of every Python the package may run on (3.10 to 3.14), so that the output does not
# depend on the interpreter that generates it, and the generated package's runtime dependencies.
_STDLIB = frozenset(sys.stdlib_module_names) | {
    "aifc", "asynchat", "asyncore", "audioop", "cgi", "cgitb", "chunk", "crypt", "distutils", "imghdr", "imp",
    "lib2to3", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "smtpd", "sndhdr", "spwd", "sunau",
    "telnetlib", "tomllib", "uu", "xdrlib", "annotationlib", "compression",
}  # fmt: skip
RUNTIME_DEPENDENCIES = frozenset(
    {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection", "httpx",
     "httpcore", "anyio", "sniffio", "certifi", "idna", "h11", "exceptiongroup"}
)  # fmt: skip
RESERVED_MODULES = _STDLIB | RUNTIME_DEPENDENCIES
_GENERIC_WORDS = frozenset({"api", "apis", "rest", "restful", "http", "openapi", "spec", "specification", "sdk"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# PEP 440's version pattern (packaging.version.VERSION_PATTERN), anchored.
_PEP440 = re.compile(
    r"""v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*
    (?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?
    (?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?
    (?:[-_.]?dev[-_.]?[0-9]*)?
    (?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Identity:
    package: Identifier
    """The import name."""
    distribution: SpecText
    version: SpecText
    """A PEP 440 version."""
    client: Identifier
    """The client class (``Seam``); ``Async<client>`` and ``<client>Error`` follow from it."""
    env_prefix: Identifier
    """The environment variables' prefix (``SEAM`` for ``SEAM_API_KEY``)."""


def identity(doc: dict[str, Any], package: str | None = None) -> Identity:
    """The identity ``doc`` asks for; ``package`` overrides the import name."""
    info = as_dict(doc.get("info"))
    python = (doc.get("x-seamgen") or {}).get("python") or {}
    words = title_words(str(info.get("title") or ""))
    import_name = safe_package(str(package or python.get("package") or "_".join(w.lower() for w in words)))
    words = [w for w in words if w.lower() not in _GENERIC_WORDS] or ["api"]
    client = python.get("client")
    return Identity(
        import_name,
        SpecText(str(python.get("distribution") or import_name.replace("_", "-"))),
        SpecText(package_version(str(python.get("version") or info.get("version") or ""))),
        Identifier(client) if isinstance(client, str) and is_python_identifier(client) else _pascal_words(words),
        screaming(client) if isinstance(client, str) and client else _screaming_words(words),
    )


def title_words(title: str) -> list[str]:
    """The name part of a title: its words before a subtitle or possessive."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    head = re.split(r"\s[-|:]\s|[:(+,|/]|'s\b", folded, maxsplit=1)[0]
    return re.findall(r"[A-Za-z0-9]+", head) or ["api"]


def safe_package(name: str) -> Identifier:
    """``name`` as a public import name (``api_`` before a digit) that shadows no module the
    package or its users import (``_api`` after one)."""
    ident = name if is_python_identifier(name) else snake(name, "api").lstrip("_")
    ident = f"api_{ident}" if not ident[:1].isalpha() else ident
    return Identifier(f"{ident}_api") if ident in RESERVED_MODULES else Identifier(ident)


def package_version(version: str) -> str:
    """``version`` if PEP 440 accepts it; else the date or number in it; else ``0.0.0``."""
    text = version.strip()
    date = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
    if date:
        return ".".join(str(int(part)) for part in date.groups())
    if _PEP440.fullmatch(text):
        return text[1:] if text[:1] in "vV" else text
    named = re.search(r"\b([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})\b", text)
    if named and named.group(1).lower() in _MONTHS:
        return f"{named.group(3)}.{_MONTHS.index(named.group(1).lower()) + 1}.{int(named.group(2))}"
    number = re.search(r"\d+(?:\.\d+)*", text)
    return number.group(0) if number else "0.0.0"


def _screaming_words(words: list[str]) -> Identifier:
    name = "_".join(w.upper() for w in words)
    return Identifier(name if name[:1].isalpha() else f"API_{name}")


def _pascal_words(words: list[str]) -> Identifier:
    """``GitHub`` stays as written; an all-caps word is capitalized (``AWS`` is ``Aws``)."""
    name = "".join(w.capitalize() if w.isupper() else w[:1].upper() + w[1:] for w in words)
    return Identifier(name if is_python_identifier(name) else f"Api{name}")
