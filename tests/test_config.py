"""Project settings: which config file is read, what it sets, and how it is refused."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from seamgen.lint.severity import RULE_IDS
from seamgen.toml_positions import key_position
from tests.conftest import MINIMAL, ROOT, Run, locate

SEAM_RULES = "x-seamgen:\n  lint:\n    ruleset: seam\npaths:\n"
# A description-present warning under Seam's ruleset, nothing under the default one.
UNDESCRIBED = MINIMAL.replace("      description: Returns a widget.\n", "")
# An example-valid error under Seam's ruleset, a warning under the default one.
BAD_EXAMPLE = MINIMAL.replace("color: red\n", "color: green\n").replace("paths:\n", SEAM_RULES, 1)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder, made the current folder."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_without_a_config_the_defaults_stay(cli: Callable[..., Run], project: Path) -> None:
    put(project / "spec" / "openapi.yaml", MINIMAL)
    put(project / "pyproject.toml", "[tool.ruff]\nline-length = 100\n")  # no [tool.seamgen]: passed over
    run = cli("validate")
    assert (run.code, run.err) == (0, "spec/openapi.yaml: 0 errors, 0 warnings\n")
    assert cli("generate", "--quiet").code == 0
    assert (project / "generated" / "python" / "pyproject.toml").is_file()


def test_pyproject_table_sets_spec_and_out(cli: Callable[..., Run], project: Path) -> None:
    put(project / "api" / "widgets.yaml", MINIMAL)
    put(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.seamgen]\nspec = "api/widgets.yaml"\nout = "build"\n',
    )
    assert cli("validate").err == "api/widgets.yaml: 0 errors, 0 warnings\n"
    assert cli("generate", "--quiet").code == 0
    assert cli("check").code == 0
    assert (project / "build" / "python" / "pyproject.toml").is_file()


def test_docs_serve_reads_out_from_the_config(cli: Callable[..., Run], project: Path) -> None:
    put(project / "seamgen.toml", 'out = "site-out"\n')
    run = cli("docs", "serve")
    assert (run.code, run.err) == (
        2,
        "seamgen docs serve: no site at site-out/docs/html/ (run `seamgen generate` first)\n",
    )


def test_seamgen_toml_beside_pyproject_wins(cli: Callable[..., Run], project: Path) -> None:
    put(project / "a.yaml", MINIMAL)
    put(project / "seamgen.toml", 'spec = "a.yaml"\n')
    put(project / "pyproject.toml", '[tool.seamgen]\nspec = "b.yaml"\n')
    assert cli("validate").err == "a.yaml: 0 errors, 0 warnings\n"


def test_nearest_config_upwards_wins(cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    put(project / "outer.yaml", MINIMAL)
    put(project / "pyproject.toml", '[tool.seamgen]\nspec = "outer.yaml"\n')
    put(project / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')  # no table: passed over
    put(
        project / "pkg" / "inner" / "seamgen.toml", 'spec = "../../outer.yaml"\nrules = {description-present = "off"}\n'
    )
    put(project / "pkg" / "inner" / "deeper" / ".keep", "")
    monkeypatch.chdir(project / "pkg")
    assert cli("validate").err == "../outer.yaml: 0 errors, 0 warnings\n"
    monkeypatch.chdir(project / "pkg" / "inner" / "deeper")
    put(project / "outer.yaml", UNDESCRIBED)
    assert cli("validate").err == "../../../outer.yaml: 0 errors, 0 warnings\n"  # inner's rules apply


def test_paths_are_relative_to_the_config_folder(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(project / "spec" / "openapi.yaml", MINIMAL)
    put(project / "tpl" / "python" / "py.typed.j2", "# custom\n")
    put(project / "pyproject.toml", '[tool.seamgen]\nout = "gen"\ntemplates = "tpl"\npackage-name = "widgets"\n')
    (project / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(project / "docs" / "deep")
    run = cli("generate")
    assert run.code == 0, run.err
    assert "into ../../gen/" in run.out
    assert (project / "gen" / "python" / "src" / "widgets" / "py.typed").read_text() == "# custom\n"
    assert cli("check").code == 0


def test_flags_and_a_positional_spec_override_the_config(cli: Callable[..., Run], project: Path) -> None:
    put(project / "good.yaml", MINIMAL)
    put(project / "seamgen.toml", 'spec = "missing.yaml"\nout = "configured"\n')
    assert cli("validate").code == 2
    assert cli("validate", "--spec", "good.yaml").err == "good.yaml: 0 errors, 0 warnings\n"
    assert cli("validate", "good.yaml").err == "good.yaml: 0 errors, 0 warnings\n"
    assert cli("generate", "good.yaml", "--out", "flagged", "--quiet").code == 0
    assert cli("check", "good.yaml", "--out", "flagged").code == 0
    assert (project / "flagged").is_dir()
    assert not (project / "configured").exists()
    mock = cli("mock", "missing-too.yaml")
    assert (mock.code, mock.err) == (
        2,
        "missing-too.yaml:1:1: error: cannot read spec: No such file or directory [spec-readable]\n",
    )


def test_spec_given_twice_is_a_usage_error(cli: Callable[..., Run], project: Path) -> None:
    run = cli("validate", "a.yaml", "--spec", "b.yaml")
    assert run.code == 2
    assert "not both" in run.err


# (file, its text, the needle whose last occurrence the error points at, the message after "error: ")
ERRORS = [
    ("pyproject.toml", '[tool.seamgen]\nspecs = "x"\n', "specs", "tool.seamgen.specs: unknown key (did you mean 'spec'?)"),
    ("pyproject.toml", "[tool.seamgen]\nout = 3\n", "out", "tool.seamgen.out: must be a string, not an integer"),
    ("pyproject.toml", '[tool.seamgen]\nrules = "off"\n', "rules", "tool.seamgen.rules: must be a table, not a string"),
    ("pyproject.toml", '[tool]\nseamgen = ["x"]\n', "seamgen", "tool.seamgen: must be a table, not an array"),
    ("pyproject.toml", '[tool.seamgen.rules]\n"description-presnt" = "off"\n', '"description-presnt"',
     "tool.seamgen.rules.description-presnt: unknown rule (did you mean 'description-present'?)"),
    ("pyproject.toml", '[tool.seamgen]\nrules.description-present = "ignore"\n', "description-present",
     "tool.seamgen.rules.description-present: severity must be one of error, warning, off, not 'ignore'"),
    ("pyproject.toml", '[tool.seamgen]\nspec = "s.yaml"\nrules = { oas-schema = "off" }\n', "oas-schema",
     "tool.seamgen.rules.oas-schema: cannot be relaxed: the generator relies on specs that pass it"),
    ("seamgen.toml", 'ruleset = ["seam", "sea"]\n', "ruleset", "ruleset: unknown ruleset 'sea' (did you mean 'seam'?)"),
    ("seamgen.toml", "ruleset = 1\n", "ruleset", "ruleset: must be a string or an array, not an integer"),
    ("pyproject.toml", '[tool.seamgen]\npackage-name = "my-widgets"\n', "package-name",
     "tool.seamgen.package-name: 'my-widgets' is not a valid Python import name"),
    ("seamgen.toml", 'templates = "nowhere"\n', "templates", "templates: no such folder: nowhere"),
    ("pyproject.toml", '[project]\ndescription = """\n[tool.seamgen]\nout = "x"\n"""\n[tool.seamgen]\nout = [\n  "a",\n]\n',
     "out", "tool.seamgen.out: must be a string, not an array"),
    ("seamgen.toml", 'spec = "a.yaml"\nout =\n', "\n", "Invalid value"),
    ("pyproject.toml", '[tool.seamgen]\n[tool.seamgen]\n', "]\n", "Cannot declare ('tool', 'seamgen') twice"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "needle", "message"), ERRORS, ids=[e[3].split(":")[0] for e in ERRORS])
def test_config_errors_name_file_line_and_column(
    cli: Callable[..., Run], project: Path, name: str, text: str, needle: str, message: str
) -> None:
    put(project / name, text)
    line, column = locate(text, needle, text.count(needle))
    for command in ("validate", "generate", "check"):
        run = cli(command)
        assert (run.code, run.out) == (2, ""), command
        assert run.err == f"{name}:{line}:{column}: error: {message}\n"


def test_a_broken_config_above_is_named_by_its_path(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(project / "pyproject.toml", "[tool.seamgen]\nspce = 1\n")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert (
        cli("validate").err == "../pyproject.toml:2:1: error: tool.seamgen.spce: unknown key (did you mean 'spec'?)\n"
    )


def test_severities_change_validate_output_and_exit_code(cli: Callable[..., Run], project: Path) -> None:
    put(project / "spec.yaml", UNDESCRIBED)
    config = put(project / "seamgen.toml", 'spec = "spec.yaml"\n')
    assert cli("validate").err == "spec.yaml: 0 errors, 0 warnings\n"  # the recommended ruleset
    config.write_text('spec = "spec.yaml"\nruleset = "seam"\n')
    warned = cli("validate")
    assert (warned.code, warned.err) == (0, "spec.yaml: 0 errors, 1 warning\n")
    config.write_text(config.read_text() + '[rules]\ndescription-present = "off"\n')
    assert (cli("validate").out, cli("validate", "--strict").code) == ("", 0)
    config.write_text(config.read_text().replace('"off"', '"error"'))
    failed = cli("validate")
    assert failed.code == 1
    assert "error: operation POST /widgets/get has no description [description-present]" in failed.out
    put(project / "spec.yaml", BAD_EXAMPLE)
    config.write_text('spec = "spec.yaml"\nrules = {example-valid = "warning"}\n')
    relaxed = cli("validate")
    assert relaxed.code == 0
    assert ": warning: example does not match its schema" in relaxed.out


def test_an_error_severity_blocks_generate_and_fails_check(cli: Callable[..., Run], project: Path) -> None:
    put(project / "spec.yaml", UNDESCRIBED)
    config = put(project / "seamgen.toml", 'spec = "spec.yaml"\n')
    assert cli("generate", "--quiet").code == 0
    config.write_text('spec = "spec.yaml"\n[rules]\ndescription-present = "error"\n')  # on, though off by default
    blocked = cli("generate", "--out", "other")
    assert blocked.code == 1
    assert "spec.yaml: not generated: 1 error, 0 warnings" in blocked.err
    assert not (project / "other").exists()
    checked = cli("check")
    assert checked.code == 1
    assert "[description-present]" in checked.err


def test_the_config_ruleset_replaces_the_specs(cli: Callable[..., Run], project: Path) -> None:
    put(project / "spec.yaml", BAD_EXAMPLE)  # asks for Seam's rules, where a bad example is an error
    config = put(project / "seamgen.toml", 'spec = "spec.yaml"\n')
    assert cli("validate").code == 1
    config.write_text('spec = "spec.yaml"\nruleset = "recommended"\n')
    relaxed = cli("validate")
    assert (relaxed.code, relaxed.err) == (0, "spec.yaml: 0 errors, 1 warning\n")
    config.write_text('spec = "spec.yaml"\nruleset = ["recommended"]\nrules = {example-valid = "error"}\n')
    assert cli("validate").code == 1  # [rules] applies after the ruleset


def test_a_relaxed_error_lets_generate_run(cli: Callable[..., Run], project: Path) -> None:
    put(project / "spec.yaml", BAD_EXAMPLE)
    put(project / "seamgen.toml", 'spec = "spec.yaml"\n[rules]\nexample-valid = "off"\n')
    assert cli("generate", "--quiet").code == 0
    assert cli("check").code == 0


def test_configurable_rules_are_the_readme_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Rules of `seamgen validate`", 1)[1].split("\n\n", 1)[0]
    listed = {rule for group in re.findall(r"\[([^\]]*)\]", section) for rule in re.findall(r"`([a-z-]+)`", group)}
    assert listed == RULE_IDS


@pytest.mark.parametrize(
    ("text", "keys", "needle"),
    [
        ('a = """\n[tool.seamgen]\nspec = 1\n"""\n[tool.seamgen]\nspec = 2\n', ("tool", "seamgen", "spec"), "spec = 2"),
        ("[tool . seamgen]\n", ("tool", "seamgen"), "seamgen"),
        ("[tool]\nseamgen.'rules'.\"x y\" = 1\n", ("tool", "seamgen", "rules", "x y"), '"x y"'),
        ("[x]\nrules = {a = 1, 'b' = 2}\n", ("x", "rules", "b"), "'b'"),
    ],
)
def test_key_positions_come_from_tomllib_not_from_text_in_strings(
    text: str, keys: tuple[str, ...], needle: str
) -> None:
    assert key_position(text, keys) == locate(text, needle)
