"""The ``seamgen`` command line.

Exit codes: 0 success (warnings allowed unless ``--strict``), 1 the spec has errors, a template
fails or the output is stale, 2 a usage error, a bad config file or a spec file that cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from seamgen import __version__
from seamgen.build import build
from seamgen.config import ConfigError, discover
from seamgen.diagnostics import FORMATS, Diagnostic, has_errors, render, summary
from seamgen.diff import command as diff_command
from seamgen.drift import compare
from seamgen.lint import lint
from seamgen.loader import SpecLoadError, load
from seamgen.manifest import ManifestError
from seamgen.outdir import OutputRefused, check_readable_out
from seamgen.pipeline import Generation, generate, validate
from seamgen.render import TEMPLATES, TemplateFailed, unknown_templates
from seamgen.text import is_python_identifier
from seamgen.writer import JOURNAL, write

DEFAULT_SPEC = "spec/openapi.yaml"
DEFAULT_OUT = "generated"
OUT_HELP = f"the output folder (default: the config's out, else {DEFAULT_OUT})"
OK, FAILED, USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seamgen", description="Generate a typed Python client and docs from an OpenAPI spec."
    )
    parser.add_argument("--version", action="version", version=f"seamgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("spec_file", nargs="?", metavar="SPEC", help="the OpenAPI document, as --spec")
        sub.add_argument(
            "--spec", metavar="PATH", help=f"the OpenAPI document (default: the config's spec, else {DEFAULT_SPEC})"
        )
        return sub

    check_spec = command("validate", "Lint the spec; print findings as file:line:col: severity: message [rule].")
    check_spec.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), github annotations, or json"
    )
    check_spec.add_argument("--strict", action="store_true", help="fail on warnings too")
    mock = command("mock", "Serve the spec as an HTTP API on loopback until stopped (see README: The mock server).")
    mock.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    mock.add_argument("--port", type=_port, default=8080, help="port to listen on, 0 for any free one (default: 8080)")
    mock.add_argument("--api-key", metavar="KEY", help="accept only this bearer token (default: any non-empty one)")
    mock.add_argument(
        "--seed", type=Path, metavar="FILE", help="JSON or YAML file of objects to serve besides the examples"
    )
    diff_command.add_parser(commands)
    docs = commands.add_parser(
        "docs", help="Work with the generated docs.", description="Work with the generated docs."
    )
    docs_commands = docs.add_subparsers(dest="docs_command", required=True, metavar="COMMAND")
    serve = docs_commands.add_parser("serve", help="Preview the HTML site on loopback until stopped.")
    serve.add_argument("--out", metavar="DIR", help=OUT_HELP)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 0 for any free one (default: 8000)")
    for name, help_text in (
        ("generate", "Validate the spec, then regenerate every output into --out."),
        ("check", "Exit 1 with a diff if --out differs from what generate would write."),
    ):
        sub = command(name, help_text)
        sub.add_argument("--out", metavar="DIR", help=OUT_HELP)
        sub.add_argument("--package-name", metavar="NAME", help="the generated Python package's import name")
        sub.add_argument(
            "--templates", metavar="DIR", help="a folder of templates that replace the built-in ones of the same name"
        )
        if name == "generate":
            sub.add_argument(
                "--quiet", action="store_true", help="print only errors, and files in the output folder left for you"
            )
            sub.add_argument(
                "--force",
                action="store_true",
                help="write into a non-empty folder seamgen did not write, overwriting files in the way "
                "(it still deletes nothing it did not write)",
            )
    return parser


def _port(text: str) -> int:
    """A TCP port (0 for any free one): argparse's usage error, not socket's OverflowError traceback."""
    if not text.isdigit() or int(text[:6]) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0-65535)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "package_name", None) is not None and not is_python_identifier(args.package_name):
        parser.error(f"--package-name: {args.package_name!r} is not a valid Python import name")
    try:
        _settle(parser, args)
        commands = {"validate": _validate, "generate": _generate, "check": _check, "mock": _mock, "docs": _docs_serve}
        commands["diff"] = diff_command.run
        return commands[args.command](args)
    except BrokenPipeError:  # `seamgen check | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return USAGE
    except SpecLoadError as exc:
        print(exc.diagnostic.text(), file=sys.stderr)
        return USAGE
    except TemplateFailed as exc:
        print(exc, file=sys.stderr)
        return FAILED


def _settle(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fill in what the command line left out from the config file (see ``seamgen.config``), and
    what that leaves out from the defaults."""
    if getattr(args, "spec_file", None) is not None:
        if args.spec is not None:
            parser.error("give the spec as SPEC or as --spec, not both")
        args.spec = args.spec_file
    config = discover(Path.cwd())
    for name, default in (("spec", DEFAULT_SPEC), ("out", DEFAULT_OUT), ("templates", None)):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, config.path(name, default))
    if hasattr(args, "package_name") and args.package_name is None:
        args.package_name = config.package_name
    if getattr(args, "templates", None) is not None and not Path(args.templates).is_dir():
        parser.error(f"--templates: no such folder: {args.templates}")
    args.rules = config.rules
    args.diff_levels = config.diff_levels


def _generation(args: argparse.Namespace) -> Generation:
    """``generate`` and ``check`` run the same pipeline with the same settings."""
    templates = Path(args.templates) if args.templates else None
    for name in unknown_templates(templates) if templates else ():
        print(
            f"{Path(args.templates, name)}: warning: no built-in template has this name, so it is not used "
            f"(the built-in ones are in {TEMPLATES})",
            file=sys.stderr,
        )
    return generate(Path(args.spec), args.spec, args.package_name, templates, args.rules)


def _report(diagnostics: list[Diagnostic], fmt: str = "text", to_stdout: bool = False) -> None:
    sys.stdout.flush()
    print(render(diagnostics, fmt), end="", file=sys.stdout if to_stdout else sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    diagnostics = validate(Path(args.spec), args.spec, args.rules)
    _report(diagnostics, args.format, to_stdout=True)
    if args.format == "text":
        print(f"{args.spec}: {summary(diagnostics)}", file=sys.stderr)
    failed = has_errors(diagnostics) or (args.strict and diagnostics)
    return FAILED if failed else OK


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    result = _generation(args)
    _report([d for d in result.diagnostics if d.severity == "error" or not args.quiet])
    if result.files is None:
        print(f"{args.spec}: not generated: {summary(result.diagnostics)}", file=sys.stderr)
        return FAILED
    try:
        written = write(result.files, Path(args.out), result.spec_sha256, args.force)
    except (OutputRefused, ManifestError) as exc:
        print(f"seamgen generate: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:
        started = (Path(args.out) / JOURNAL).exists()
        print(
            f"seamgen generate: cannot write {exc.filename or args.out}: {exc.strerror}"
            + (" (fix that and generate again: the next run finishes what this one started)" if started else ""),
            file=sys.stderr,
        )
        return FAILED
    if written.recovered:
        print(f"{args.out}/: finished the run that was interrupted there first", file=sys.stderr)
    for path, reason in written.kept.items():
        print(
            f"{args.out}/{path}: warning: kept, though no longer generated: {reason} "
            "(delete it yourself if it is not needed)",
            file=sys.stderr,
        )
    if not args.quiet:
        for folder, counts in sorted(written.folders.items()):
            print(f"{folder}: {counts.written} written, {counts.unchanged} unchanged, {counts.removed} removed")
        print(f"generated {len(result.files)} files into {args.out}/ in {time.perf_counter() - started:.2f} s")
    return OK


def _check(args: argparse.Namespace) -> int:
    result = _generation(args)
    _report([d for d in result.diagnostics if d.severity == "error"])
    if result.files is None:
        return FAILED
    try:
        check_readable_out(Path(args.out))
        drift = compare(result.files, Path(args.out), result.spec_sha256)
    except (OutputRefused, ManifestError) as exc:
        print(f"seamgen check: {exc}", file=sys.stderr)
        return USAGE
    if not drift.stale:
        print(f"{args.out}/ is up to date ({len(result.files)} files)")
        return OK
    if drift.interrupted:
        print(f"{args.out}/ holds an interrupted run: `seamgen generate` finishes it")
    if drift.changed or drift.missing or drift.extra:
        print(
            f"{args.out}/ is stale: {len(drift.changed)} changed, {len(drift.missing)} missing, "
            f"{len(drift.extra)} extra"
        )
    for label, paths in (("missing", drift.missing), ("extra", drift.extra)):
        for path in paths:
            print(f"{label}: {args.out}/{path}")
    print(drift.diff, end="")
    print("run `seamgen generate` and commit the result", file=sys.stderr)
    return FAILED


def _mock(args: argparse.Namespace) -> int:
    from seamgen.mock.serve import bind, mock_api, serve

    try:
        spec = load(Path(args.spec), args.spec)
    except SpecLoadError as exc:
        if exc.unreadable:
            raise
        _report([exc.diagnostic])
        return FAILED
    diagnostics = lint(spec, args.rules)
    if has_errors(diagnostics):
        _report(diagnostics)
        return FAILED
    mock = mock_api(build(spec), spec, args.api_key, args.seed)
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        print(f"seamgen mock: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return USAGE
    print(f"seamgen mock: serving {args.spec} on http://{args.host}:{sock.getsockname()[1]} (Ctrl-C stops)", flush=True)
    serve(mock.app, sock)
    return OK


def _docs_serve(args: argparse.Namespace) -> int:
    from seamgen.preview import preview_server

    site = Path(args.out) / "docs" / "html"
    if not (site / "index.html").is_file():
        print(f"seamgen docs serve: no site at {site}/ (run `seamgen generate` first)", file=sys.stderr)
        return USAGE
    try:
        server = preview_server(site, args.host, args.port)
    except OSError as exc:
        print(f"seamgen docs serve: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return USAGE
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"seamgen docs serve: http://{url_host}:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return OK
