"""``seamgen diff --format markdown``: the changes as a changelog section, ready to paste.

Messages quote spec text (names, enum values, patterns), and a spec is untrusted input: every piece
of it goes through the docs' Markdown filters, so a name cannot open HTML, a link or a list.
"""

from __future__ import annotations

from seamgen.diff.findings import Finding
from seamgen.diff.rules import DEPRECATED, is_addition
from seamgen.filters import md_code, md_literal

# Section headings, most urgent first; non-breaking changes split into additions, deprecations (as
# Keep a Changelog heads them) and the rest.
SECTIONS = ("Breaking changes", "Potentially breaking", "Added", "Deprecated", "Changed")


def changelog(findings: list[Finding], base_version: str | None, head_version: str | None) -> str:
    """A ``## VERSION`` section (``Unreleased`` while HEAD's ``info.version`` is BASE's), then one
    ``###`` section per kind of change, each in document order."""
    released = head_version is not None and head_version != base_version
    lines = [f"## {md_literal(head_version) if released else 'Unreleased'}", ""]
    for section in SECTIONS:
        bullets = [_bullet(f) for f in findings if _section(f) == section]
        if bullets:
            lines += [f"### {section}", "", *bullets, ""]
    if not findings:
        lines += ["No changes to the API.", ""]
    return "\n".join(lines)


def _section(finding: Finding) -> str:
    if finding.level != "non-breaking":
        return SECTIONS[0] if finding.level == "breaking" else SECTIONS[1]
    if finding.rule == DEPRECATED:
        return SECTIONS[3]
    return SECTIONS[2] if is_addition(finding.rule) else SECTIONS[4]


def _bullet(finding: Finding) -> str:
    symbols = f" (generated code: {', '.join(map(md_code, finding.symbols))})" if finding.symbols else ""
    return f"- {_message(finding.message)}{symbols} {md_code(finding.rule)}"


def _message(message: str) -> str:
    """A message with the names it quotes in backticks as code spans, the rest as plain text. A name
    holding a backtick upsets the pairing (a quoted part then starts or ends with a space, or the
    count is odd): such a message is plain text throughout, shown as written."""
    parts = message.split("`")
    quoted = parts[1::2]
    if len(parts) % 2 == 0 or any(not part or part != part.strip() for part in quoted):
        return md_literal(message)
    return "".join(md_code(part) if index % 2 else md_literal(part) for index, part in enumerate(parts))
