"""``seamgen diff`` options: per-rule levels from the config, the ignore file, the markdown
changelog, the generated names in each format, and the version checks. Spec pairs come from the
table in ``test_diff``; positions and pointers are read from the files and the json output."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from seamgen.diff.findings import Finding
from seamgen.diff.rules import RULES
from tests.conftest import ROOT, Run, locate
from tests.test_diff import CASES, Case, edit_both, pet, write_pair

DIFF = ROOT / "generator" / "seamgen" / "diff"
LEVEL_NAMES = ("breaking", "potentially-breaking", "non-breaking")


def case(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def versioned(original: Case, base: str, head: str) -> Case:
    """``original`` with BASE's ``info.version`` set to ``base`` and HEAD's to ``head``."""
    prepare = getattr(original.edit, "prepare", lambda d: None)

    def before(doc: dict[str, Any]) -> None:
        prepare(doc)
        doc["info"]["version"] = base

    def after(doc: dict[str, Any]) -> None:
        original.edit(doc)
        doc["info"]["version"] = head

    return replace(original, edit=edit_both(before, after))


def findings(cli: Callable[..., Run], base: Path, head: Path) -> list[dict[str, Any]]:
    return json.loads(cli("diff", str(base), str(head), "--format", "json", "--fail-on", "any").out)  # type: ignore[no-any-return]


# The rule registry.


def test_every_rule_of_the_spec_pair_table_is_registered() -> None:
    assert {rule for c in CASES for rule, _ in c.expected} - RULES == set()


# Kebab-case texts in seamgen.diff that are no rule ids of the spec walk.
NOT_SPEC_RULES = {
    *LEVEL_NAMES,
    "rev-parse", "seamgen-diff-",  # git's arguments, a temporary folder's prefix
    "info-version-semver",  # the error for a version that is not semver, printed as validate's are
}  # fmt: skip
GENERATED_PREFIX = "python-"  # the generated package's rules (--generated), a registry of their own


def test_every_rule_id_text_in_the_diff_modules_is_part_of_a_registered_rule() -> None:
    """The walk composes rule ids from pieces (``f"new-optional-{side}-{kind}"``); a piece that no
    registered id contains is a rule the config and the ignore file would reject."""
    pieces: set[str] = set()
    for module in DIFF.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if re.fullmatch(r"-?[a-z]+(?:-[a-z]+)+-?|[a-z]+-", text):
                pieces.add(text)
    assert {"api-path-added", "-union-variant-", "new-optional-"} <= pieces  # the scan sees whole ids and pieces
    spec_pieces = {p for p in pieces - NOT_SPEC_RULES if not p.startswith(GENERATED_PREFIX)}
    assert {p for p in spec_pieces if not any(p in rule for rule in RULES)} == set()


# Levels from the config.


def test_config_levels_relevel_a_rule_and_turn_one_off(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, head = write_pair(tmp_path, case("response-property-renamed"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seamgen.diff.levels]\n"response-property-renamed" = "non-breaking"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    relevelled = cli("diff", str(base), str(head))
    assert relevelled.code == 0, relevelled.err
    assert ": non-breaking: " in relevelled.out and relevelled.out.endswith("[response-property-renamed]\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seamgen.diff]\nlevels = { response-property-renamed = "off" }\n', encoding="utf-8"
    )
    off = cli("diff", str(base), str(head), "--fail-on", "any")
    assert (off.code, off.out) == (0, "")
    assert "0 non-breaking; 1 off in the config" in off.err


@pytest.mark.parametrize(
    ("toml", "needle", "said"),
    [
        ('[diff.levels]\nresponse-property-renamd = "off"\n', "response-property-renamd",
         "diff.levels.response-property-renamd: unknown seamgen diff rule (did you mean 'response-property-renamed'?)"),
        ('[diff.levels]\nendpoint-added = "warn"\n', "endpoint-added",
         "level must be one of breaking, potentially-breaking, non-breaking, off, not 'warn'"),
        ("[diff]\nlevel = {}\n", "level", "diff.level: unknown key (did you mean 'levels'?)"),
        ('[diff]\nlevels = "off"\n', "levels", "diff.levels: must be a table, not a string"),
        ("diff = 1\n", "diff", "diff: must be a table, not an integer"),
    ],
)  # fmt: skip
def test_a_bad_diff_table_is_an_error_at_its_key(
    toml: str, needle: str, said: str, tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    (tmp_path / "seamgen.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("diff", str(base), str(head))
    line, column = locate(toml, needle)
    assert run.code == 2
    assert run.err.startswith(f"seamgen.toml:{line}:{column}: error: ") and said in run.err, run.err


# The ignore file.


def ignore_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "accepted.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_accepted_change_neither_prints_nor_fails_and_is_counted(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, case("response-property-renamed"))
    [renamed] = findings(cli, base, head)
    accepted = ignore_file(
        tmp_path,
        f"accepted:\n  - rule: {renamed['rule']}\n    at: '{renamed['pointer']}'\n    reason: No client read tag.\n",
    )
    run = cli("diff", str(base), str(head), "--ignore", str(accepted), "--fail-on", "any")
    assert (run.code, run.out) == (0, "")
    assert f"0 non-breaking; 1 accepted in {accepted}" in run.err
    assert "warning" not in run.err


def test_an_entry_accepts_its_rule_inside_the_place_it_names_and_nothing_else(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    """``at`` without ``#`` names the schema; a property inside it is accepted, another rule there is not."""
    base, head = write_pair(tmp_path, case("request-rename-needs-same-schema"))
    found = findings(cli, base, head)
    removed = next(f for f in found if f["rule"] == "request-property-removed")
    schema = "/" + "/".join(removed["pointer"].split("/")[1:4])  # /components/schemas/NewPet
    accepted = ignore_file(
        tmp_path, f"accepted:\n  - rule: request-property-removed\n    at: {schema}\n    reason: Unused.\n"
    )
    run = cli("diff", str(base), str(head), "--ignore", str(accepted), "--format", "json", "--fail-on", "any")
    assert [f["rule"] for f in json.loads(run.out)] == [f["rule"] for f in found if f is not removed]
    assert run.code == 1  # the optional property added still counts for --fail-on any


def test_a_stale_entry_is_a_warning_at_the_entry(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    text = "accepted:\n  - rule: response-property-removed\n    at: /components/schemas/Pet\n    reason: Gone.\n"
    accepted = ignore_file(tmp_path, text)
    run = cli("diff", str(base), str(head), "--ignore", str(accepted))
    line, column = locate(text, "rule:")
    assert run.code == 0
    assert f"{accepted}:{line}:{column}: warning: accepts no change" in run.err
    assert run.err.count("[stale-ignore]") == 1


@pytest.mark.parametrize(
    ("text", "needle", "said"),
    [
        ("accepted:\n  - rule: endpoint-added\n    at: /paths\n", "rule:", "reason is missing"),
        ("accepted:\n  - rule: endpoint-added\n    at: /paths\n    reason: ''\n", "reason:", "reason must be a non-empty string"),
        ("accepted:\n  - rule: endpoint-added\n    at: #/paths\n    reason: r\n", "at:", "at has no value (put a pointer that starts with # in quotes)"),
        ("accepted:\n  - rule: endpoint-addded\n    at: /paths\n    reason: r\n", "rule:", "unknown rule 'endpoint-addded' (did you mean 'endpoint-added'?)"),
        ("accepted:\n  - rule: endpoint-added\n    at: paths\n    reason: r\n", "at:", "'paths' is not a JSON pointer"),
        ("accepted:\n  - rule: endpoint-added\n    where: /paths\n", "where:", "unknown key 'where'"),
        ("acepted: []\n", "acepted", "unknown key 'acepted' (did you mean 'accepted'?)"),
        ("accepted: {}\n", "accepted", "`accepted` must be a list"),
        ("- rule: endpoint-added\n", "-", "ignore file must be a mapping at the top level"),
        ("accepted: [\n", "", "expected"),
    ],
    ids=["no-reason", "empty-reason", "unquoted-hash", "unknown-rule", "not-a-pointer", "unknown-key", "misspelt-top",
         "not-a-list", "a-list", "yaml-syntax"],
)  # fmt: skip
def test_a_bad_ignore_file_is_an_error_at_its_place(
    text: str, needle: str, said: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    accepted = ignore_file(tmp_path, text)
    run = cli("diff", str(base), str(head), "--ignore", str(accepted))
    assert run.code == 2
    assert said in run.err and "Traceback" not in run.err, run.err
    if needle:
        line, column = locate(text, needle)
        assert run.err.startswith(f"{accepted}:{line}:{column}: error: "), run.err


def test_a_missing_ignore_file_is_named(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    run = cli("diff", str(base), str(head), "--ignore", str(tmp_path / "none.yaml"))
    assert run.code == 2
    assert run.err.startswith(f"{tmp_path / 'none.yaml'}:1:1: error: cannot read ignore file")


# The markdown changelog.


def test_changelog_sections_follow_the_levels_under_heads_version(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """One edit per section, from a breaking one to a non-breaking one that adds nothing: the path
    added comes first in the document, but its bullet stands under Added."""
    edits = [
        case(c)
        for c in (
            "response-property-removed",
            "response-enum-value-added",
            "path-added",
            "request-property-became-optional",
        )
    ]

    def edit(doc: dict[str, Any]) -> None:
        for one in edits:
            one.edit(doc)

    base, head = write_pair(tmp_path, versioned(Case("several", edit, []), "1.0.0", "2.0.0"))
    run = cli("diff", str(base), str(head), "--format", "markdown")
    assert run.code == 1
    headings = [line for line in run.out.splitlines() if line.startswith("#")]
    assert headings == ["## 2.0.0", "### Breaking changes", "### Potentially breaking", "### Added", "### Changed"]
    bullets = [line for line in run.out.splitlines() if line.startswith("- ")]
    assert [b.rsplit(" ", 1)[1] for b in bullets] == [f"`{one.expected[0][0]}`" for one in edits]
    assert run.out == cli("diff", str(base), str(head), "--format", "markdown").out  # the same on every run


def test_changelog_is_unreleased_while_the_version_stands_and_says_when_nothing_changed(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    assert cli("diff", str(base), str(head), "--format", "markdown").out.startswith("## Unreleased\n")
    assert cli("diff", str(base), str(base), "--format", "markdown").out == "## Unreleased\n\nNo changes to the API.\n"


HOSTILE = "a*b_ <script>alert(1)</script> `x` | [l](http://e) {{ t }}\n# h"


def test_changelog_escapes_hostile_spec_text(tmp_path: Path, cli: Callable[..., Run]) -> None:
    """A property name, an enum value and a version full of Markdown: each shows as written, as
    text, in one list item of its own; nothing becomes HTML, emphasis, a link, a heading or a tag."""

    def edit(doc: dict[str, Any]) -> None:
        pet(doc)["properties"][HOSTILE] = {"type": "string"}
        pet(doc)["properties"]["kind"]["enum"].append(HOSTILE)

    base, head = write_pair(tmp_path, versioned(Case("hostile", edit, []), "1.0.0", "1.1.0 <b>" + HOSTILE))
    count = len(findings(cli, base, head))
    out = cli("diff", str(base), str(head), "--format", "markdown").out
    tokens = MarkdownIt("commonmark").parse(out)  # raw HTML allowed: the escaping must stop it
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}
    assert kinds.isdisjoint({"html_inline", "html_block", "em_open", "strong_open", "link_open"}), kinds
    assert [t.tag for t in tokens if t.type == "heading_open"][:1] == ["h2"]
    assert sum(t.type == "list_item_open" for t in tokens) == count == 2
    texts = ["".join(c.content for c in t.children or ()) for t in tokens if t.type == "inline"]
    shown = " ".join(HOSTILE.splitlines())
    assert texts[0] == "1.1.0 <b>" + shown
    assert sum(shown in text for text in texts) == 2
    assert "{{" not in out  # GitBook reads {{ as a template tag


# Generated names in each format.


def test_symbols_are_named_in_text_github_and_markdown() -> None:
    from seamgen.diff.changelog import changelog

    finding = Finding("a.yaml", 3, 5, "breaking", "gone", "response-property-removed", "base", "#/x", ("A.b", "c.d()"))
    assert finding.text() == "a.yaml:3:5: breaking: gone (generated code: `A.b`, `c.d()`) [response-property-removed]"
    assert finding.github().endswith("::gone (generated code: `A.b`, `c.d()`)")
    assert "- gone (generated code: `A.b`, `c.d()`) `response-property-removed`" in changelog([finding], "1", "1")
    assert replace(finding, symbols=()).text() == "a.yaml:3:5: breaking: gone [response-property-removed]"
    quoted = replace(finding, message="response property `Pet.tag_name` was removed", symbols=())
    assert "- response property `Pet.tag_name` was removed `response-property-removed`" in changelog([quoted], "1", "1")


def test_text_keeps_a_finding_on_one_line_whatever_a_name_holds(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, Case("newline", lambda d: pet(d)["properties"].update({"a\nb": {}}), []))
    out = cli("diff", str(base), str(head), "--fail-on", "any").out
    assert len(out.splitlines()) == len(findings(cli, base, head)) == 1


# Versions.


@pytest.mark.parametrize(
    ("base_version", "case_id", "suggested"),
    [
        ("1.4.2", "response-property-removed", "2.0.0"),  # breaking: major
        ("1.4.2", "path-added", "1.5.0"),  # an addition: minor
        ("1.4.2", "seam-action-type-added", "1.5.0"),  # a potentially-breaking addition: minor
        ("1.4.2", "response-enum-value-removed", "1.4.3"),  # non-breaking, no addition: patch
        ("1.4.2", "descriptions-only", "1.4.3"),  # no finding, but the document changed: patch
        ("0.4.2", "response-property-removed", "0.5.0"),  # below 1.0.0 breaking bumps the minor
        ("0.4.2", "path-added", "0.4.3"),  # and an addition the patch
        ("2.0.0-rc.1", "response-property-removed", "2.0.0"),  # the pre-release leads to 2.0.0
        ("1.5.0-rc.1", "path-added", "1.5.0"),
        ("1.4.3-rc.1", "response-property-removed", "2.0.0"),  # 1.4.3 is not a major release
        ("1.4.2+build.7", "path-added", "1.5.0"),  # build metadata is dropped
    ],
)
def test_suggest_version(
    base_version: str, case_id: str, suggested: str, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    original = case(case_id)
    base, head = write_pair(tmp_path, versioned(original, base_version, base_version))
    run = cli("diff", str(base), str(head), "--suggest-version")
    assert (run.code, run.out) == (0, suggested + "\n"), run.err


def test_suggest_version_keeps_the_version_of_an_unchanged_spec(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, versioned(case("descriptions-only"), "3.1.4", "9.9.9"))
    document = yaml.safe_load(base.read_text(encoding="utf-8"))
    head.write_text(yaml.safe_dump({**document, "info": {**document["info"], "version": "9.9.9"}}), encoding="utf-8")
    assert cli("diff", str(base), str(head), "--suggest-version").out == "3.1.4\n"


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "01.2.3", "1.2.3-", 7])
def test_a_version_that_is_not_semver_is_an_error_at_its_place(
    version: Any, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    base, head = write_pair(tmp_path, versioned(case("path-added"), version, "1.0.0"))
    run = cli("diff", str(base), str(head), "--suggest-version")
    line, column = locate(base.read_text(encoding="utf-8"), "version:")
    assert run.code == 2
    error = run.err.splitlines()[-1]  # after the warning that a number is no OpenAPI version string
    assert error.startswith(f"{base}:{line}:{column + len('version: ')}: error: info.version "), run.err
    assert f"info.version {version!r} is not a semantic version" in run.err
    assert ("put the version in quotes" in run.err) == isinstance(version, int)


@pytest.mark.parametrize(
    ("base_version", "head_version", "case_id", "code"),
    [
        ("1.4.2", "1.4.2", "response-property-removed", 1),
        ("1.4.2", "1.5.0", "response-property-removed", 1),
        ("1.4.2", "2.0.0", "response-property-removed", 0),  # bumped: the breaking change is announced
        ("1.4.2", "2.0.0-rc.1", "response-property-removed", 0),  # a pre-release of the needed version
        ("1.4.2", "1.4.3", "path-added", 1),
        ("1.4.2", "1.5.0", "path-added", 0),
        ("0.4.2", "0.5.0", "response-property-removed", 0),
        ("1.4.2", "1.4.1", "descriptions-only", 1),
        ("1.4.2", "1.4.2", "descriptions-only", 1),
    ],
)
def test_check_version(
    base_version: str, head_version: str, case_id: str, code: int, tmp_path: Path, cli: Callable[..., Run]
) -> None:
    base, head = write_pair(tmp_path, versioned(case(case_id), base_version, head_version))
    run = cli("diff", str(base), str(head), "--check-version", "--format", "json")
    assert run.code == code, run.out + run.err
    flagged = [f for f in json.loads(run.out) if f["rule"] == "api-version-not-bumped"]
    assert len(flagged) == code
    if flagged:
        line, column = locate(head.read_text(encoding="utf-8"), f"version: {head_version}")
        assert (flagged[0]["line"], flagged[0]["column"]) == (line, column + len("version: "))
        assert flagged[0]["pointer"] == "#/info/version"


def test_check_version_in_a_changelog_goes_to_stderr(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, versioned(case("response-property-removed"), "1.0.0", "1.0.0"))
    run = cli("diff", str(base), str(head), "--check-version", "--format", "markdown")
    assert run.code == 1
    assert "api-version-not-bumped" not in run.out and "[api-version-not-bumped]" in run.err


def test_suggest_and_check_version_exclude_each_other(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, case("path-added"))
    run = cli("diff", str(base), str(head), "--suggest-version", "--check-version")
    assert run.code == 2 and "not allowed with argument" in run.err


def test_check_version_names_heads_version_when_it_is_not_semver(tmp_path: Path, cli: Callable[..., Run]) -> None:
    base, head = write_pair(tmp_path, versioned(case("path-added"), "1.0.0", "next"))
    run = cli("diff", str(base), str(head), "--check-version")
    line, column = locate(head.read_text(encoding="utf-8"), "next")
    assert run.code == 2
    assert run.err.startswith(f"{head}:{line}:{column}: error: info.version 'next' is not a semantic version"), run.err
