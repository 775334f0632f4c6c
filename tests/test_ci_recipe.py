"""The CI recipe users copy (issue 13): the pre-commit hooks of ``.pre-commit-hooks.yaml`` and the GitHub
Actions workflow ``.github/workflow-templates/seamgen.yml``, run the way their users' repositories run them.

Both run in temporary git repositories holding a copy of our spec and its generated output, so what is
tested is the recipe as a user meets it, not this checkout's own layout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SPEC

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / ".github" / "workflow-templates" / "seamgen.yml"
BIN = Path(sys.executable).parent
# What GitHub's `${{ … }}` expressions of the workflow stand for in the test's pull request.
GITHUB_CONTEXT = {"github.base_ref": "main"}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "seamgen tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "seamgen tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}
SPEC_TEXT = SPEC.read_text(encoding="utf-8")
DESCRIPTION = "These endpoints read action attempts back."


def _env(**extra: str) -> dict[str, str]:
    """The test's environment with this venv's ``seamgen`` and ``pre-commit`` first on PATH and a fixed
    git identity, so commits work on a machine without a git config."""
    env = {**os.environ, **GIT_ENV, **extra}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_env(**extra), capture_output=True, text=True, timeout=600)


def _git(cwd: Path, *args: str) -> str:
    result = _run(["git", *args], cwd)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def _edit_description(text: str) -> str:
    """A valid edit that changes the generated docs (info.description is the docs' first page)."""
    assert DESCRIPTION in text, "the spec's info.description changed: update DESCRIPTION"
    return text.replace(DESCRIPTION, "These endpoints read action attempts back, by id or as a list.", 1)


def _break_schema(text: str) -> str:
    """An OpenAPI schema error: an unknown top-level field."""
    return text.replace("openapi: 3.1.0\n", "openapi: 3.1.0\nbogus_field: 1\n", 1)


def _remove_list_endpoint(text: str) -> str:
    """A breaking change that still validates and generates: the list endpoint is gone."""
    start, end = text.index("  /action_attempts/list:\n"), text.index("webhooks:\n")
    return text[:start] + text[end:]


def _user_repo(folder: Path, spec_text: str = SPEC_TEXT) -> Path:
    """A repository as a user keeps it: the spec in spec/, seamgen's output in generated/, committed."""
    folder.mkdir()
    _git(folder, "init", "--quiet", "--initial-branch=main")
    _write_and_generate(folder, spec_text)
    _commit(folder, "spec and generated client")
    return folder


def _write_and_generate(repo: Path, spec_text: str) -> None:
    (repo / "spec").mkdir(exist_ok=True)
    (repo / "spec" / "openapi.yaml").write_text(spec_text, encoding="utf-8")
    result = _run([sys.executable, "-m", "seamgen", "generate", "--quiet"], repo)
    assert result.returncode == 0, result.stdout + result.stderr


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--allow-empty", "-m", message)


# --- pre-commit ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this checkout's HEAD with the working tree's ``.pre-commit-hooks.yaml`` committed on top.

    ``pre-commit try-repo`` installs a repository's committed state; a clone keeps the other changes in
    this shared working tree (someone else's edits under way) out of the package it installs, and lets
    the hook file be tested before it is committed here.
    """
    assert (BIN / "pre-commit").is_file(), "pre-commit is a test dependency: pip install -e '.[test]'"
    clone = tmp_path_factory.mktemp("hooks") / "seamgen"
    _git(ROOT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    shutil.copyfile(HOOKS_FILE, clone / ".pre-commit-hooks.yaml")
    _commit(clone, "the working tree's hook file")
    return clone


def _try_hook(hooks_repo: Path, user_repo: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` as its docs show it; it builds the hook's environment in a temporary store
    of its own (a pip install of seamgen from ``hooks_repo``), so every call tests that install too."""
    return _run(
        [str(BIN / "pre-commit"), "try-repo", str(hooks_repo), hook, "--all-files", "--color", "never"],
        user_repo,
        PRE_COMMIT_HOME=str(user_repo.parent / "pre-commit-home"),
    )


def test_hook_file_declares_both_hooks_for_the_spec_and_the_output() -> None:
    """Users put only ids in their config; what each hook runs, and on which changes, comes from here."""
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}
    assert set(hooks) == {"seamgen-validate", "seamgen-check"}
    assert hooks["seamgen-validate"]["entry"] == "seamgen validate"
    assert hooks["seamgen-check"]["entry"] == "seamgen check"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False

    def matches(hook: str, path: str) -> bool:
        return re.search(hooks[hook]["files"], path) is not None

    for path in ("spec/openapi.yaml", "spec/schemas/action_attempt.yaml", "pyproject.toml", "seamgen.toml"):
        assert matches("seamgen-validate", path) and matches("seamgen-check", path), path
    assert matches("seamgen-check", "generated/.seamgen-manifest.json")
    assert matches("seamgen-check", "generated/python/src/seam_action_attempts/models.py")
    assert not matches("seamgen-validate", "generated/python/src/seam_action_attempts/models.py")
    for path in ("README.md", "src/app.py", "docs/pyproject.toml"):
        assert not matches("seamgen-check", path), path


def test_pre_commit_hooks_pass_on_a_clean_repo_and_fail_on_a_bad_spec_or_stale_output(
    hooks_repo: Path, tmp_path: Path
) -> None:
    """The hooks as pre-commit installs and runs them: they pass on a spec committed with its output,
    ``seamgen-validate`` fails on a schema error and ``seamgen-check`` on output not regenerated."""
    repo = _user_repo(tmp_path / "api")
    for hook in ("seamgen-validate", "seamgen-check"):
        result = _try_hook(hooks_repo, repo, hook)
        assert result.returncode == 0, result.stdout + result.stderr
        assert re.search(r"seamgen (validate|check)\.+Passed", result.stdout), result.stdout

    (repo / "spec" / "openapi.yaml").write_text(_edit_description(SPEC_TEXT), encoding="utf-8")
    _commit(repo, "spec edited, output not regenerated")
    result = _try_hook(hooks_repo, repo, "seamgen-check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "seamgen check" in result.stdout and "Failed" in result.stdout
    assert "run `seamgen generate`" in result.stdout

    (repo / "spec" / "openapi.yaml").write_text(_break_schema(SPEC_TEXT), encoding="utf-8")
    _commit(repo, "spec broken")
    result = _try_hook(hooks_repo, repo, "seamgen-validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bogus_field" in result.stdout and "[oas-schema]" in result.stdout


# --- the GitHub Actions workflow ------------------------------------------------------------------------


def _workflow_runs() -> list[dict[str, Any]]:
    """The workflow's steps that run a command, in order."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow[True] == {"pull_request": None}, "the workflow runs on pull requests"  # YAML 1.1: on is True
    (job,) = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    checkout = next(step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the diff step reads the base branch with git"
    assert any(str(step.get("uses", "")).startswith("actions/setup-python@") for step in steps)
    return [step for step in steps if "run" in step]


def _seamgen_steps() -> dict[str, dict[str, Any]]:
    """The steps that run seamgen, by subcommand; the others may only install it."""
    steps: dict[str, dict[str, Any]] = {}
    for step in _workflow_runs():
        command = step["run"].strip()
        if command.startswith("seamgen "):
            steps[command.split()[1]] = step
        else:
            assert re.fullmatch(r'python -m pip install "seamgen @ git\+https://\S+"', command), command
    return steps


def _expand(value: str) -> str:
    """GitHub's ``${{ … }}`` expressions, from the test's pull request; an unknown one fails the test."""

    def lookup(match: re.Match[str]) -> str:
        assert match.group(1) in GITHUB_CONTEXT, f"the test does not know ${{{{ {match.group(1)} }}}}"
        return GITHUB_CONTEXT[match.group(1)]

    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lookup, value)


def _run_step(step: dict[str, Any], checkout: Path) -> subprocess.CompletedProcess[str]:
    """A step as the runner runs it: its ``run:`` script through ``bash -e`` (GitHub's default shell on
    Linux), with its ``env:`` expanded."""
    assert "${{" not in step["run"], "expressions belong in env:, not in the script"
    env = {name: _expand(str(value)) for name, value in step.get("env", {}).items()}
    return _run(["bash", "-e", "-c", step["run"]], checkout, **env)


def _pull_request(tmp_path: Path, head_spec: str, regenerate: bool = True) -> Path:
    """A pull request as ``actions/checkout`` with ``fetch-depth: 0`` leaves it: a clone of ``origin``,
    whose ``main`` holds the base commit, checked out at the head commit of a branch on top of it."""
    base = _user_repo(tmp_path / "author")
    origin = tmp_path / "origin.git"
    _git(tmp_path, "clone", "--quiet", "--bare", str(base), str(origin))
    _git(base, "remote", "add", "origin", str(origin))
    _git(base, "switch", "--quiet", "-c", "feature")
    if regenerate:
        _write_and_generate(base, head_spec)
    else:
        (base / "spec" / "openapi.yaml").write_text(head_spec, encoding="utf-8")
    _commit(base, "the pull request's change")
    _git(base, "push", "--quiet", "origin", "feature")
    checkout = tmp_path / "checkout"
    _git(tmp_path, "clone", "--quiet", "--branch", "feature", str(origin), str(checkout))
    assert _git(checkout, "rev-list", "--count", "origin/main..HEAD").strip() == "1"
    return checkout


def test_workflow_runs_exactly_validate_check_and_diff() -> None:
    """The workflow's commands are the ones the tests below run: a step added, removed or renamed in
    the YAML fails here instead of going untested."""
    steps = _seamgen_steps()
    assert list(steps) == ["validate", "check", "diff"]
    assert steps["validate"]["run"].strip() == "seamgen validate --format github"
    assert steps["check"]["run"].strip() == "seamgen check"
    assert steps["diff"]["run"].strip() == (
        'seamgen diff "git:origin/$BASE_REF:spec/openapi.yaml" spec/openapi.yaml --fail-on breaking --format github'
    )
    assert steps["diff"]["env"] == {"BASE_REF": "${{ github.base_ref }}"}


def test_workflow_passes_a_pull_request_that_regenerated_its_output(tmp_path: Path) -> None:
    """A spec edit committed with its regenerated output passes validate and check, as the workflow runs them."""
    checkout = _pull_request(tmp_path, _edit_description(SPEC_TEXT))
    steps = _seamgen_steps()
    for name in ("validate", "check"):
        result = _run_step(steps[name], checkout)
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
    assert "::error" not in _run_step(steps["validate"], checkout).stdout


def test_workflow_fails_a_pull_request_with_stale_output(tmp_path: Path) -> None:
    """The spec edited without ``seamgen generate``: validate passes, check fails and says what to run."""
    checkout = _pull_request(tmp_path, _edit_description(SPEC_TEXT), regenerate=False)
    steps = _seamgen_steps()
    assert _run_step(steps["validate"], checkout).returncode == 0
    result = _run_step(steps["check"], checkout)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "run `seamgen generate`" in result.stdout + result.stderr


def test_workflow_annotates_a_pull_request_whose_spec_has_errors(tmp_path: Path) -> None:
    """A schema error fails validate with a GitHub error annotation at the spec's line."""
    checkout = _pull_request(tmp_path, _break_schema(SPEC_TEXT), regenerate=False)
    result = _run_step(_seamgen_steps()["validate"], checkout)
    assert result.returncode == 1, result.stdout + result.stderr
    # the finding is pinned to the unknown field itself
    line = _break_schema(SPEC_TEXT).splitlines().index("bogus_field: 1") + 1
    annotation = rf"^::error file=spec/openapi\.yaml,line={line},col=1,title=oas-schema::.*bogus_field"
    assert re.search(annotation, result.stdout, re.M), result.stdout


def _diff_missing() -> str | None:
    """Why the workflow's diff step cannot run with this seamgen yet, or None when it can: the command
    is being built (issue 13), and the step needs ``--fail-on breaking`` and ``--format github``."""
    result = _run([str(BIN / "seamgen"), "diff", "--help"], ROOT)
    if result.returncode != 0:
        return "`seamgen diff` is not built yet (issue 13): the workflow's diff step is not run"
    usage = " ".join(result.stdout.split())
    for option, value in (("--fail-on", "breaking"), ("--format", "github")):
        choices = re.search(rf"\[{option} \{{([^}}]*)\}}\]", usage)
        if choices is None or value not in choices.group(1).split(","):
            return (
                f"`seamgen diff` does not take `{option} {value}` yet (issue 13): the workflow's diff step is not run"
            )
    return None


DIFF_MISSING = _diff_missing()
needs_diff = pytest.mark.skipif(DIFF_MISSING is not None, reason=DIFF_MISSING or "")


@needs_diff
def test_workflow_diff_step_fails_a_breaking_pull_request(tmp_path: Path) -> None:
    """The list endpoint removed (with its output regenerated, so validate and check pass): the diff
    step against ``origin/main`` fails with an error annotation."""
    checkout = _pull_request(tmp_path, _remove_list_endpoint(SPEC_TEXT))
    steps = _seamgen_steps()
    assert _run_step(steps["validate"], checkout).returncode == 0
    assert _run_step(steps["check"], checkout).returncode == 0
    result = _run_step(steps["diff"], checkout)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "::error" in result.stdout, result.stdout


@needs_diff
def test_workflow_diff_step_passes_a_description_edit(tmp_path: Path) -> None:
    """A description edit breaks no client: the diff step passes."""
    checkout = _pull_request(tmp_path, _edit_description(SPEC_TEXT))
    result = _run_step(_seamgen_steps()["diff"], checkout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout
