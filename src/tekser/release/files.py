"""The files of a release: the package's own (figures curated), the report, the PROV
document, the HTML page, the database and the documents for its readers; the descriptor
that lists them all with bytes and hash; `SHA256SUMS`; fixed modes and times."""

from __future__ import annotations

import copy
import hashlib
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.findings import Finding, Severity
from tekser.core.report import Report
from tekser.core.version import __version__
from tekser.package.descriptor import DESCRIPTOR, Package
from tekser.release.model import (
    CITATION,
    DECISIONS,
    DIR_MODE,
    FILE_MODE,
    HTML,
    MEDIA_TYPES,
    METADATA,
    PROFILE,
    PROV,
    README,
    REPORT,
    SCHEMA_FILES,
    SUMS,
    ZIP_EPOCH,
    Files,
    Release,
    csv_bytes,
    json_bytes,
    key,
    utc,
)


def build_release(package: Package, release: Release, folder: Path) -> list[str]:
    """Write every file of the release into `folder` (which must not exist); return the
    relative paths of the files written, sorted."""
    files = Files()
    figures = package.resource("figures") or {}
    own_schema = figures.get("schema")
    if isinstance(own_schema, str) and any(
        other is not figures
        and isinstance(other.get("schema"), str)
        and key(other["schema"]) == key(own_schema)
        for other in package.resources
    ):
        raise TekserError(
            f"{own_schema}: figures share this schema with another resource; "
            "give figures its own schema file to publish"
        )
    for resource in package.resources:
        name, path, schema = resource.get("name"), resource.get("path"), resource.get("schema")
        if isinstance(path, list):
            raise TekserError(f"resource {name!r}: multipart resources cannot be published")
        curated = release.tables.get("figures") if resource is figures else None
        if isinstance(path, str):
            files.add(path, csv_bytes(curated) if curated else _read(package, path))
        if isinstance(schema, str):
            files.add(schema, json_bytes(curated.schema) if curated else _read(package, schema))
    for row in release.tables["sources"].rows if "sources" in release.tables else []:
        if row.get("path"):
            files.add(row["path"], _read(package, row["path"]))
    for path in SCHEMA_FILES:
        own = package.root / path
        bundled = Path(__file__).resolve().parents[1] / "schemas" / Path(path).name
        if key(path) not in files.data:
            files.add(path, _read(package, path) if own.is_file() else bundled.read_bytes())
    checks = package.root / "checks"
    if checks.is_dir():
        for relative in regular_files(package, checks):
            files.add(relative, _read(package, relative))
    log = package.root / DECISIONS
    files.add(DECISIONS, _read(package, DECISIONS) if log.exists() else b"")
    files.add(REPORT, json_bytes(release_report(release.report, package, release.name)))

    # looked up when called, so that a test can interrupt a publish at any of them
    from tekser.release import database, prov, readers
    from tekser.release import html as html_report

    files.add(PROV, prov.prov_json(release))
    files.add(HTML, html_report.render_html(release).encode("utf-8"))
    files.add(database.file_name(release), database.build_database(release))
    files.add(METADATA, json_bytes(readers.datasette_metadata(release)))
    files.add(CITATION, readers.citation_cff(release).encode("utf-8"))
    files.add(README, readers.readme(release).encode("utf-8"))

    descriptor = release_descriptor(package, release, files.data)
    folder.mkdir(mode=DIR_MODE)
    every = {**files.data, DESCRIPTOR: json_bytes(descriptor)}
    every[SUMS] = sha256sums(every)
    for relative, data in sorted(every.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _fix_metadata(folder, utc(release.created) or ZIP_EPOCH)
    self_check(folder)
    return sorted(every)


def _read(package: Package, relative: str) -> bytes:
    try:
        return package.resolve(relative, where=relative).read_bytes()
    except FileNotFoundError:
        raise TekserError(f"{relative}: file not found") from None
    except OSError as exc:
        raise TekserError(f"{relative}: cannot read ({exc.strerror})") from None


def regular_files(package: Package, folder: Path) -> Iterator[str]:
    """Every file under `folder`, relative to the package, skipping hidden files and caches."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(package.root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.is_file():
            yield relative.as_posix()


def release_report(report: Report, package: Package, name: str) -> dict[str, Any]:
    """The validation report, made location-independent: `package` is the package's name and
    no absolute path of this machine remains. `fail_on` is warning, the publish gate, so a
    release with open questions says `valid: false`."""
    document = report.to_dict(Severity.WARNING)
    document["package"] = name
    root = str(package.root)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace(root + os.sep, "").replace(root, ".")
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        return value

    scrubbed: dict[str, Any] = scrub(document)
    return scrubbed


def _resource_name(path: str, taken: set[str]) -> str:
    name = re.sub(r"[^a-z0-9._-]+", "-", path.lower().replace("/", "."))
    if name in taken:
        raise TekserError(f"{path}: resource name {name!r} is taken")
    return name


def release_descriptor(
    package: Package, release: Release, files: dict[str, bytes]
) -> dict[str, Any]:
    """The Data Package v2 descriptor of the release: the package's own, dated, with a
    resource carrying `bytes` and `hash` for every file of the release."""
    descriptor = copy.deepcopy(package.descriptor)
    descriptor["$schema"] = PROFILE
    descriptor["created"] = release.created
    if not descriptor.get("sources") and "sources" in release.tables:
        descriptor["sources"] = [
            {
                "title": row.get("citation") or row.get("title") or row.get("source_id", ""),
                "path": row["path"],
            }
            for row in release.tables["sources"].rows
            if row.get("path")
        ]
    contributors = descriptor.setdefault("contributors", [])
    credited = {c.get("title") for c in contributors if isinstance(c, dict)}
    for reviewer in sorted({decision.reviewer for decision in release.decisions} - credited):
        contributors.append({"title": reviewer, "roles": ["curator"]})
    described: set[str] = set()
    for resource in descriptor["resources"]:
        if resource.get("name") == "figures" and isinstance(resource.get("schema"), dict):
            resource["schema"] = release.tables["figures"].schema  # an inline schema, curated
        path = resource.get("path")
        if isinstance(path, str):
            data = files[key(path)]
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
            described.add(key(path))
    names = {str(r.get("name")) for r in descriptor["resources"]}
    for path in sorted(set(files) - described):
        data = files[path]
        extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        name = _resource_name(path, names)
        names.add(name)
        added: dict[str, Any] = {"name": name, "path": path, "type": "file"}
        if extension:
            added["format"] = extension
        if extension in MEDIA_TYPES:
            added["mediatype"] = MEDIA_TYPES[extension]
        added["bytes"] = len(data)
        added["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        descriptor["resources"].append(added)
    descriptor["tekser"] = {
        "tekser_version": __version__,
        "validation_report": REPORT,
        "provenance": PROV,
        "database": f"{release.name}.sqlite",
        "datasette_metadata": METADATA,
        "citation": CITATION,
        "report": HTML,
        "decisions": DECISIONS,
        "corrections": sorted(release.corrections),
        "open_questions": [_question(f) for f in release.open_questions],
    }
    return descriptor


def _question(finding: Finding) -> dict[str, str]:
    return {
        "finding_id": finding.finding_id,
        "severity": finding.severity.value,
        "status": finding.status,
        "message": finding.message,
    }


def sha256sums(files: dict[str, bytes]) -> bytes:
    """`sha256sum` format (hash, two spaces, path), sorted by path."""
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def _fix_metadata(folder: Path, when: datetime) -> None:
    """Fixed permissions and times on every file and folder, so that copies and archives of
    the release are the same wherever it was built."""
    stamp = when.timestamp()
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)
        os.utime(path, (stamp, stamp))
    folder.chmod(DIR_MODE)
    os.utime(folder, (stamp, stamp))


def self_check(folder: Path) -> None:
    """The built release must validate with frictionless (descriptor, schemas, keys, hashes)
    before it goes out; a failure here is a bug of publish, reported, never shipped."""
    from tekser.stages.structure import check_structure

    _checked, problems = check_structure(Package.open(folder))
    if problems:
        listed = "; ".join(problem.message for problem in problems[:3])
        raise TekserError(
            f"the built release does not validate ({len(problems)} error(s)): {listed}"
        )
