"""`tekser publish`: a validated, reproducible, hashed release of a package, written atomically.

The release is built in a temporary folder beside `--out` (the same file system), checked, then
renamed into place: a publish that fails or is interrupted leaves nothing half-written, and an
existing release is replaced only with `force`. The same inputs give the same bytes, the zip
included: fixed timestamps, sorted entries, fixed permissions and compression level.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import hashlib
import io
import json
import os
import posixpath
import re
import secrets
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tekser import __version__
from tekser.contract import sql_number
from tekser.decisions import LOG, Decision, latest, read_log
from tekser.errors import TekserError
from tekser.findings import Finding, Report, Severity
from tekser.numbers import NumberError, read_number, scale_factor
from tekser.package import DESCRIPTOR, Package, Row, check_safe_path
from tekser.validate import validate_package

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SUMS = "SHA256SUMS"
REPORT = "validation-report.json"
PROV = "provenance.prov.json"
HTML = "report.html"
DECISIONS = LOG.as_posix()
SCHEMA_FILES = ("schemas/report.schema.json", "schemas/decision.schema.json")
FILE_MODE, DIR_MODE = 0o644, 0o755
ZIP_LEVEL = 9
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can carry
STAMP = "%Y-%m-%dT%H:%M:%SZ"
UNDECIDED = ("open", "stale")
# What each released figure's value is: as printed, normalised by the package, or corrected by
# a curator's decision.
AS_PRINTED, NORMALISED, CORRECTED = "as-printed", "normalised", "corrected"
CURATION_COLUMNS = ("value_normalised", "status", "decision_finding_id")
# Decisions of the log, as the release sees them.
IN_FORCE, SUPERSEDED, STALE, ORPHANED = "in-force", "superseded", "stale", "orphaned"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*")
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "jsonl": "application/jsonl",
    "txt": "text/plain",
    "md": "text/markdown",
    "sql": "application/sql",
    "html": "text/html",
    "sqlite": "application/vnd.sqlite3",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a package cannot go out: one finding that must be decided (or fixed) first."""

    finding_id: str
    severity: str
    status: str
    message: str

    @classmethod
    def of(cls, finding: Finding, message: str | None = None) -> Refusal:
        return cls(finding.finding_id, finding.severity.value, finding.status,
                   message or finding.message)  # fmt: skip

    def __str__(self) -> str:
        return f"{self.finding_id} [{self.severity}, {self.status}]: {self.message}"


class PublishRefused(Exception):
    """Nothing was published: the package has findings that stop a release (exit code 1)."""

    def __init__(self, reasons: list[Refusal]) -> None:
        super().__init__(f"{len(reasons)} finding(s) stop the release")
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class Correction:
    """A curator's `correct` decision in force: the figure it corrects and the curated value."""

    figure_id: str
    value: int | float
    finding: Finding
    decision: Decision


@dataclass(slots=True)
class Table:
    """One table of the release: its resource name, file, Table Schema and rows as released."""

    name: str
    path: str
    schema: dict[str, Any]
    header: list[str]
    rows: list[Row]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)


@dataclass(slots=True)
class Release:
    """Everything a release says, in memory: what the writers of its files read."""

    name: str
    version: str
    created: str
    descriptor: dict[str, Any]
    tables: dict[str, Table]
    report: Report
    decisions: list[Decision]
    decision_states: dict[int, str]
    corrections: dict[str, Correction]
    open_questions: list[Finding]
    originals: dict[str, Row] = field(default_factory=dict)

    @property
    def title(self) -> str:
        title = self.descriptor.get("title")
        return title if isinstance(title, str) and title else self.name

    def figures(self) -> list[Row]:
        table = self.tables.get("figures")
        return table.rows if table else []


@dataclass(slots=True)
class PublishResult:
    """What `publish_package` wrote."""

    out: Path
    zip_path: Path | None
    name: str
    version: str
    created: str
    files: list[str]
    open_questions: list[Finding]
    corrections: list[Correction]
    orphaned: list[Decision]
    report: Report


# --- the library function ------------------------------------------------------------------


def publish_package(
    path: Path | str,
    out: Path | str,
    *,
    zip_: bool = False,
    allow_undecided: bool = False,
    force: bool = False,
) -> PublishResult:
    """Validate the package at `path` and write its release to the folder `out`.

    Raises PublishRefused (nothing written) while any critical finding exists, or a warning is
    open or stale (unless `allow_undecided`: then they go out listed as open questions).
    Raises TekserError when the package or `out` cannot be used. With `zip_`, also writes
    `out` + ".zip" beside the folder. An existing `out` (or zip) is replaced only with `force`,
    and only when it is a tekser release.
    """
    original = Package.open(path)
    name, version = release_identity(original)
    target = _target(out)
    archive = target.with_name(target.name + ".zip") if zip_ else None
    check_target(original, target, archive, force=force)
    # Beside the target (one file system, so the final move is a rename), hidden, and named
    # before it exists, so that an interrupt right after it is made still removes it.
    staging = target.parent / f".{target.name}.{secrets.token_hex(6)}.publishing"
    ours = True
    try:
        try:
            staging.mkdir(mode=0o700)
        except FileExistsError:
            ours = False
            raise TekserError(f"{staging} exists; is another publish running?") from None
        # Validated and published from the same bytes, whatever changes in the package
        # meanwhile (a curator appending a decision, say).
        package = snapshot(original, staging / "package")
        report = validate_package(package.root)
        decisions, _corrupt = read_log(package.root)  # corrupt lines are critical findings
        figures = _figures_table(package)
        known = {row.get("figure_id", "") for row in figures.rows} if figures else set()
        corrections, conflicts = corrections_in_force(report, known)
        reasons = refusals(report, allow_undecided=allow_undecided) + conflicts
        if reasons:
            raise PublishRefused(reasons)
        release = Release(
            name=name,
            version=version,
            created=release_timestamp(package, decisions),
            descriptor=package.descriptor,
            tables=_release_tables(package, corrections),
            report=report,
            decisions=decisions,
            decision_states=decision_states(decisions, report),
            corrections=corrections,
            open_questions=open_questions(report),
            originals={row["figure_id"]: row for row in figures.rows} if figures else {},
        )
        folder = staging / "release"
        files = build_release(package, release, folder)
        if archive is not None:
            write_zip(folder, staging / "release.zip", prefix=f"{name}-{version}",
                      when=release.created)  # fmt: skip
        check_target(original, target, archive, force=force)
        _commit(staging, target, archive, force=force)
    except KeptAside:
        raise  # the staging folder holds the previous release: keep it
    except BaseException:
        if ours:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    orphaned = [d for d in decisions if release.decision_states[d.line] == ORPHANED]
    return PublishResult(
        out=target,
        zip_path=archive,
        name=name,
        version=version,
        created=release.created,
        files=files,
        open_questions=release.open_questions,
        corrections=list(corrections.values()),
        orphaned=orphaned,
        report=report,
    )


def snapshot(package: Package, folder: Path) -> Package:
    """Copy every file a release is made of into `folder` and open the copy: the descriptor,
    resources and their schemas, seeds, the decisions log, the report and decision schemas,
    and the consistency suite. A file that is missing or unsafe is left out, for validation
    to report."""
    paths: list[str] = [DESCRIPTOR, DECISIONS, *SCHEMA_FILES]
    for resource in package.resources:
        for key in ("path", "schema"):
            value = resource.get(key)
            paths.extend(v for v in (value if isinstance(value, list) else [value])
                         if isinstance(v, str))  # fmt: skip
    if package.has_table("sources"):
        with contextlib.suppress(TekserError):  # an unreadable table is validation's finding
            paths.extend(row["path"] for row in package.read_table("sources") if row.get("path"))
    if (package.root / "checks").is_dir():
        paths.extend(_regular_files(package, package.root / "checks"))
    for relative in dict.fromkeys(paths):
        try:
            source = package.resolve(check_safe_path(relative, where=relative), where=relative)
        except TekserError:
            continue
        if source.is_file():
            duplicate = folder / _key(relative)
            duplicate.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, duplicate)
    return Package.open(folder)


# --- what may go out -----------------------------------------------------------------------


def refusals(report: Report, *, allow_undecided: bool = False) -> list[Refusal]:
    """Every finding that stops a release: each critical one, whatever its status (our package
    is wrong), and each open or stale warning unless `allow_undecided`."""
    reasons = []
    for finding in report.findings:
        if finding.severity is Severity.CRITICAL or (
            finding.severity is Severity.WARNING
            and finding.status in UNDECIDED
            and not allow_undecided
        ):
            reasons.append(Refusal.of(finding))
    return reasons


def open_questions(report: Report) -> list[Finding]:
    """Warnings no curator has decided (or whose decision went stale)."""
    return [
        finding
        for finding in report.findings
        if finding.severity is Severity.WARNING and finding.status in UNDECIDED
    ]


def corrections_in_force(
    report: Report, figure_ids: set[str]
) -> tuple[dict[str, Correction], list[Refusal]]:
    """The curated value of each corrected figure, from the `correct` decisions in force (not
    stale, not superseded), and the corrections that cannot be applied: a figure that does not
    exist, or two corrections of one figure that disagree."""
    found: dict[str, Correction] = {}
    problems: list[Refusal] = []
    for finding in report.findings:
        decision = finding.decision
        if finding.status != "corrected" or decision is None or decision.action != "correct":
            continue
        if decision.figure_id is None or decision.value is None:
            continue  # the decision schema requires both for a correction
        if decision.figure_id not in figure_ids:
            problems.append(Refusal.of(
                finding, f"the correction names figure {decision.figure_id}, which is not in "
                "figures; decide the finding again",
            ))  # fmt: skip
            continue
        prior = found.get(decision.figure_id)
        if prior is None:
            found[decision.figure_id] = Correction(decision.figure_id, decision.value, finding,
                                                   decision)  # fmt: skip
        elif prior.value != decision.value:
            problems.append(Refusal.of(
                finding, f"corrections of figure {decision.figure_id} disagree: "
                f"{prior.value} ({prior.finding.finding_id}) and {decision.value}",
            ))  # fmt: skip
    return found, problems


def decision_states(decisions: list[Decision], report: Report) -> dict[int, str]:
    """Each decision of the log (by line) as the release sees it: in force, superseded by a
    later one, stale (its evidence changed) or orphaned (its finding no longer exists)."""
    current = latest(decisions)
    findings = {finding.finding_id: finding for finding in report.findings}
    states: dict[int, str] = {}
    for decision in decisions:
        finding = findings.get(decision.finding_id)
        if current[decision.finding_id].line != decision.line:
            states[decision.line] = SUPERSEDED
        elif finding is None:
            states[decision.line] = ORPHANED
        elif finding.status == "stale":
            states[decision.line] = STALE
        else:
            states[decision.line] = IN_FORCE
    return states


def release_identity(package: Package) -> tuple[str, str]:
    """The package's `name` and `version`, which name the release's database and zip."""
    where = package.descriptor_path.name
    name, version = package.descriptor.get("name"), package.descriptor.get("version")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise TekserError(f"{where}: a release needs a `name` of lower-case letters, digits, "
                          f"`.`, `_` and `-`; got {name!r}")  # fmt: skip
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise TekserError(f"{where}: a release needs a `version` (e.g. 1.0.0); got {version!r}")
    licenses = package.descriptor.get("licenses")
    if not isinstance(licenses, list) or not licenses:
        raise TekserError(f"{where}: a release needs `licenses`: under what terms may it be used?")
    return name, version


def release_timestamp(package: Package, decisions: list[Decision]) -> str:
    """When the release was made, reproducibly: SOURCE_DATE_EPOCH when set, else the latest
    decision's timestamp, else the descriptor's `created`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).strftime(STAMP)
        except (ValueError, OverflowError, OSError):
            raise TekserError(
                f"SOURCE_DATE_EPOCH must be seconds since 1970, got {epoch!r}"
            ) from None
    stamps = [stamp for d in decisions if (stamp := _utc(d.timestamp)) is not None]
    if stamps:
        return max(stamps).strftime(STAMP)
    created = package.descriptor.get("created")
    stamp = _utc(created) if isinstance(created, str) else None
    if stamp is None:
        raise TekserError(
            f"{package.descriptor_path.name}: cannot date the release: no decision, no valid "
            "`created`, and SOURCE_DATE_EPOCH is not set"
        )
    return stamp.strftime(STAMP)


def _utc(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


# --- the figures, curated ------------------------------------------------------------------


def _read_table(package: Package, name: str) -> Table:
    resource = package.resource(name) or {}
    path = resource.get("path")
    if not isinstance(path, str):
        raise TekserError(f"resource {name!r}: publish needs a single file `path`")
    file = package.resource_file(name)
    with file.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    return Table(name, path, package.schema(name), header, package.read_table(name))


def _figures_table(package: Package) -> Table | None:
    return _read_table(package, "figures") if package.has_table("figures") else None


def printed_as_value(row: Row) -> bool:
    """Whether value × scale is what the printed token reads as (tekser's number reader)."""
    try:
        stated = Decimal(row.get("value", "")) * scale_factor(row.get("scale", ""))
        return read_number(row.get("printed", "")) == stated
    except (InvalidOperation, NumberError):
        return False


def curate_figures(table: Table, corrections: dict[str, Correction]) -> Table:
    """The figures as released: `value` the curated value, `printed` kept, `value_normalised`
    the package's value, `status` and the finding whose decision corrected it."""
    clash = [column for column in CURATION_COLUMNS if column in table.header]
    if clash:
        raise TekserError(f"{table.path}: columns {', '.join(clash)} are written by publish; "
                          "rename them in the package")  # fmt: skip
    if "value" not in table.header:
        raise TekserError(f"{table.path}: figures have no `value` column")
    at = table.header.index("printed") + 1 if "printed" in table.header else len(table.header)
    header = [*table.header[:at], *CURATION_COLUMNS, *table.header[at:]]
    rows = []
    for row in table.rows:
        curated = dict(row)
        curated["value_normalised"] = row.get("value", "")
        correction = corrections.get(row.get("figure_id", ""))
        if correction is not None:
            curated["value"] = str(correction.value)
            curated["status"] = CORRECTED
            curated["decision_finding_id"] = correction.finding.finding_id
            curated["note"] = _correction_note(row, correction)
        else:
            curated["status"] = AS_PRINTED if printed_as_value(row) else NORMALISED
            curated["decision_finding_id"] = ""
        rows.append({column: curated.get(column, "") for column in header})
    return Table(table.name, table.path, curated_schema(table.schema), header, rows)


def _correction_note(row: Row, correction: Correction) -> str:
    """Why the released value differs from the printed one: the curator's reason, signed."""
    decision = correction.decision
    said = (
        f"corrected from {row.get('value', '')} to {correction.value} by {decision.reviewer} "
        f"on {decision.timestamp[:10]} ({correction.finding.finding_id}): {decision.reason}"
    )
    note = row.get("note", "").strip()
    return f"{note}; {said}" if note else said


def curated_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The figures Table Schema with the curation columns, after `printed`."""
    schema = copy.deepcopy(schema)
    fields: list[dict[str, Any]] = schema.setdefault("fields", [])
    names = [f.get("name") for f in fields]
    value = fields[names.index("value")] if "value" in names else {"name": "value"}
    value["description"] = (
        "The curated value: a curator's correction where one is in force (status `corrected`), "
        "else the package's normalised value."
    )
    before = {k: v for k, v in value.items() if k not in ("name", "description")}
    added: list[dict[str, Any]] = [
        {**copy.deepcopy(before), "name": "value_normalised",
         "description": "The value as the package normalised it from the printed token, "
                        "before curation."},
        {"name": "status", "type": "string",
         "description": "as-printed: the value is the printed number; normalised: the package "
                        "read the printed token as another number (see note); corrected: a "
                        "curator's decision gives the value (see note and decision_finding_id).",
         "constraints": {"required": True, "enum": [AS_PRINTED, NORMALISED, CORRECTED]}},
        {"name": "decision_finding_id", "type": "string",
         "description": "The finding whose `correct` decision (provenance/decisions.jsonl) "
                        "gives the value; empty unless status is corrected."},
    ]  # fmt: skip
    at = names.index("printed") + 1 if "printed" in names else len(fields)
    fields[at:at] = added
    return schema


def _release_tables(package: Package, corrections: dict[str, Correction]) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and resource.get("type") == "table":
            table = _read_table(package, name)
            tables[name] = curate_figures(table, corrections) if name == "figures" else table
    return tables


# --- building the release ------------------------------------------------------------------


def _csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=table.header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8")


def json_bytes(document: Any) -> bytes:
    """JSON as every file of the release writes it: sorted keys, two-space indent, UTF-8."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _key(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/"))


class _Files:
    """The release's files by relative path; a path written twice is a conflict, not a loss."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def add(self, path: str, data: bytes) -> None:
        key = _key(path)
        if "\n" in key or "\\" in key or key in (DESCRIPTOR, SUMS, ".") or key.startswith("../"):
            raise TekserError(f"{path!r}: cannot be a file of the release")
        if self.data.get(key, data) != data:
            raise TekserError(f"{path}: two different files of the release would have this path")
        self.data[key] = data


def build_release(package: Package, release: Release, folder: Path) -> list[str]:
    """Write every file of the release into `folder` (which must not exist); return the
    relative paths of the files written, sorted."""
    files = _Files()
    figures = package.resource("figures") or {}
    own_schema = figures.get("schema")
    if isinstance(own_schema, str) and any(
        other is not figures and isinstance(other.get("schema"), str)
        and _key(other["schema"]) == _key(own_schema) for other in package.resources
    ):  # fmt: skip
        raise TekserError(f"{own_schema}: figures share this schema with another resource; "
                          "give figures its own schema file to publish")  # fmt: skip
    for resource in package.resources:
        name, path, schema = resource.get("name"), resource.get("path"), resource.get("schema")
        if isinstance(path, list):
            raise TekserError(f"resource {name!r}: multipart resources cannot be published")
        curated = release.tables.get("figures") if resource is figures else None
        if isinstance(path, str):
            files.add(path, _csv_bytes(curated) if curated else _read(package, path))
        if isinstance(schema, str):
            files.add(schema, json_bytes(curated.schema) if curated else _read(package, schema))
    for row in release.tables["sources"].rows if "sources" in release.tables else []:
        if row.get("path"):
            files.add(row["path"], _read(package, row["path"]))
    for path in SCHEMA_FILES:
        own = package.root / path
        bundled = Path(__file__).resolve().parent / "schemas" / Path(path).name
        if _key(path) not in files.data:
            files.add(path, _read(package, path) if own.is_file() else bundled.read_bytes())
    checks = package.root / "checks"
    if checks.is_dir():
        for relative in _regular_files(package, checks):
            files.add(relative, _read(package, relative))
    log = package.root / LOG
    files.add(DECISIONS, _read(package, DECISIONS) if log.exists() else b"")
    files.add(REPORT, json_bytes(release_report(release.report, package, release.name)))

    from tekser.html_report import render_html
    from tekser.prov import prov_json

    files.add(PROV, prov_json(release))
    files.add(HTML, render_html(release).encode("utf-8"))
    database = f"{release.name}.sqlite"
    files.add(database, build_database(release))

    descriptor = release_descriptor(package, release, files.data)
    folder.mkdir(mode=DIR_MODE)
    every = {**files.data, DESCRIPTOR: json_bytes(descriptor)}
    every[SUMS] = sha256sums(every)
    for relative, data in sorted(every.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _fix_metadata(folder, _utc(release.created) or ZIP_EPOCH)
    self_check(folder)
    return sorted(every)


def _read(package: Package, relative: str) -> bytes:
    try:
        return package.resolve(relative, where=relative).read_bytes()
    except FileNotFoundError:
        raise TekserError(f"{relative}: file not found") from None
    except OSError as exc:
        raise TekserError(f"{relative}: cannot read ({exc.strerror})") from None


def _regular_files(package: Package, folder: Path) -> Iterator[str]:
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
            {"title": row.get("citation") or row.get("title") or row.get("source_id", ""),
             "path": row["path"]}
            for row in release.tables["sources"].rows if row.get("path")
        ]  # fmt: skip
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
            data = files[_key(path)]
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
            described.add(_key(path))
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
        "report": HTML,
        "decisions": DECISIONS,
        "corrections": sorted(release.corrections),
        "open_questions": [_question(f) for f in release.open_questions],
    }
    return descriptor


def _question(finding: Finding) -> dict[str, str]:
    return {"finding_id": finding.finding_id, "severity": finding.severity.value,
            "status": finding.status, "message": finding.message}  # fmt: skip


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
    from tekser.structure import check_structure

    _checked, problems = check_structure(Package.open(folder))
    if problems:
        listed = "; ".join(problem.message for problem in problems[:3])
        raise TekserError(f"the built release does not validate ({len(problems)} error(s)): "
                          f"{listed}")  # fmt: skip


# --- the SQLite database -------------------------------------------------------------------

SQL_TYPES = {"integer": "INTEGER", "year": "INTEGER", "number": "NUMERIC", "boolean": "INTEGER"}
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
FINDINGS_TABLE, EVIDENCE_TABLE, DECISIONS_TABLE = (
    "tekser_findings", "tekser_finding_evidence", "tekser_decisions",
)  # fmt: skip


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _cell(value: str, kind: str) -> Any:
    """A CSV cell as SQL: typed by its Table Schema type, NULL when empty."""
    if value == "":
        return None
    try:
        if kind in ("integer", "year"):
            return int(value)
        if kind == "number":
            return sql_number(value)
    except ValueError:
        return value
    if kind == "boolean":
        return 1 if value in TRUE_VALUES else 0 if value in FALSE_VALUES else value
    return value


def _references(tables: dict[str, Table]) -> dict[str, list[tuple[str, ...]]]:
    """For each table, the column sets other tables' foreign keys point at."""
    referenced: dict[str, list[tuple[str, ...]]] = {}
    for table in tables.values():
        for key in table.schema.get("foreignKeys", []):
            reference = key.get("reference", {})
            target = reference.get("resource") or table.name
            fields = reference.get("fields")
            columns = tuple([fields] if isinstance(fields, str) else fields or [])
            if columns and columns not in referenced.setdefault(target, []):
                referenced[target].append(columns)
    return referenced


def _create_table(table: Table, unique: list[tuple[str, ...]], extra: list[str]) -> str:
    fields = table.schema.get("fields", [])
    columns = [f"{_q(f['name'])} {SQL_TYPES.get(f.get('type', ''), 'TEXT')}" for f in fields]
    key = table.primary_key
    if key:
        columns.append(f"PRIMARY KEY ({', '.join(map(_q, key))})")
    for columns_set in unique:
        if list(columns_set) != key:
            columns.append(f"UNIQUE ({', '.join(map(_q, columns_set))})")
    for foreign in table.schema.get("foreignKeys", []):
        own = foreign.get("fields")
        own = [own] if isinstance(own, str) else list(own or [])
        reference = foreign.get("reference", {})
        theirs = reference.get("fields")
        theirs = [theirs] if isinstance(theirs, str) else list(theirs or [])
        target = reference.get("resource") or table.name
        columns.append(f"FOREIGN KEY ({', '.join(map(_q, own))}) REFERENCES {_q(target)} "
                       f"({', '.join(map(_q, theirs))})")  # fmt: skip
    columns.extend(extra)
    return f"CREATE TABLE {_q(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def build_database(release: Release) -> bytes:
    """Every table of the release in one SQLite database with its primary and foreign keys
    declared (and proven with `PRAGMA foreign_key_check`), plus the findings, their evidence
    and the decisions; built the same way every time, so the same release gives the same
    bytes."""
    with tempfile.TemporaryDirectory(prefix="tekser-db-") as folder:
        path = Path(folder) / "release.sqlite"
        connection = sqlite3.connect(path)
        try:
            _load(connection, release)
            connection.commit()
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent, _ = broken[0]
                raise TekserError(f"the release database breaks {len(broken)} foreign key(s), "
                                  f"e.g. {table} row {rowid} → {parent}")  # fmt: skip
            connection.execute("VACUUM")
        except sqlite3.Error as exc:
            raise TekserError(f"cannot build the release database: {exc}") from None
        finally:
            connection.close()
        return path.read_bytes()


def _load(connection: sqlite3.Connection, release: Release) -> None:
    referenced = _references(release.tables)
    for table in release.tables.values():
        extra = []
        if table.name == "figures" and "decision_finding_id" in table.header:
            extra.append(f'FOREIGN KEY ("decision_finding_id") REFERENCES {FINDINGS_TABLE} '
                         '("finding_id")')  # fmt: skip
        connection.execute(_create_table(table, referenced.get(table.name, []), extra))
        fields = [(f["name"], f.get("type", "string")) for f in table.schema.get("fields", [])]
        marks = ", ".join("?" for _ in fields)
        connection.executemany(
            f"INSERT INTO {_q(table.name)} VALUES ({marks})",
            ([_cell(row.get(name, ""), kind) for name, kind in fields] for row in table.rows),
        )
    has_provenance = "provenance" in release.tables
    connection.execute(
        f"CREATE TABLE {FINDINGS_TABLE} (\n  finding_id TEXT PRIMARY KEY, rule TEXT, "
        "stage TEXT, severity TEXT, status TEXT, message TEXT, records TEXT,\n  "
        "decision_line INTEGER, decision_action TEXT, decision_reviewer TEXT, "
        "decision_timestamp TEXT, decision_reason TEXT, decision_value INTEGER, "
        f"decision_figure_id TEXT,\n  FOREIGN KEY (decision_line) REFERENCES {DECISIONS_TABLE} "
        "(line)\n)"
    )
    reference = ' REFERENCES provenance ("provenance_id")' if has_provenance else ""
    connection.execute(
        f"CREATE TABLE {EVIDENCE_TABLE} (\n  finding_id TEXT NOT NULL REFERENCES "
        f"{FINDINGS_TABLE} (finding_id), position INTEGER NOT NULL, provenance_id TEXT"
        f'{reference}, source_id TEXT, start INTEGER, "end" INTEGER, quote TEXT, '
        "page INTEGER, line INTEGER,\n  PRIMARY KEY (finding_id, position)\n)"
    )
    connection.execute(
        f"CREATE TABLE {DECISIONS_TABLE} (\n  line INTEGER PRIMARY KEY, finding_id TEXT, "
        "rule TEXT, action TEXT, reason TEXT, reviewer TEXT, timestamp TEXT, "
        "evidence_hash TEXT, value INTEGER, figure_id TEXT, state TEXT\n)"
    )
    for finding in release.report.findings:
        decision = finding.decision
        connection.execute(
            f"INSERT INTO {FINDINGS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (finding.finding_id, finding.rule, finding.stage, finding.severity.value,
             finding.status, finding.message,
             json.dumps(finding.records, ensure_ascii=False, sort_keys=True, default=str),
             *(_decision_columns(decision))),
        )  # fmt: skip
        connection.executemany(
            f"INSERT INTO {EVIDENCE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(finding.finding_id, position, e.provenance_id, e.source_id, e.start, e.end,
              e.quote, e.page, e.line) for position, e in enumerate(finding.evidence, start=1)],
        )  # fmt: skip
    connection.executemany(
        f"INSERT INTO {DECISIONS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(d.line, d.finding_id, d.rule, d.action, d.reason, d.reviewer, d.timestamp,
          d.evidence_hash, d.value, d.figure_id, release.decision_states[d.line])
         for d in release.decisions],
    )  # fmt: skip


def _decision_columns(decision: Decision | None) -> tuple[Any, ...]:
    if decision is None:
        return (None,) * 7
    return (decision.line, decision.action, decision.reviewer, decision.timestamp,
            decision.reason, decision.value, decision.figure_id)  # fmt: skip


# --- the zip and the commit ----------------------------------------------------------------


def write_zip(folder: Path, archive: Path, *, prefix: str, when: str) -> None:
    """Zip `folder` under the top folder `prefix`, reproducibly: entries sorted, one fixed
    timestamp, fixed permissions, deflate at a fixed level, no extra fields."""
    moment = max(_utc(when) or ZIP_EPOCH, ZIP_EPOCH)
    date_time = moment.timetuple()[:6]
    entries: list[tuple[str, Path | None]] = [(f"{prefix}/", None)]
    for found in folder.rglob("*"):
        relative = found.relative_to(folder).as_posix()
        entries.append((f"{prefix}/{relative}/", None) if found.is_dir() else
                       (f"{prefix}/{relative}", found))  # fmt: skip
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, path in sorted(entries, key=lambda entry: entry[0]):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3  # unix, so that the permissions below are read
            if path is None:
                info.external_attr = (stat.S_IFDIR | DIR_MODE) << 16 | 0x10  # 0x10: MS-DOS folder
                bundle.writestr(info, b"")
            else:
                info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED,
                                compresslevel=ZIP_LEVEL)  # fmt: skip
    archive.chmod(FILE_MODE)
    stamp = moment.timestamp()
    os.utime(archive, (stamp, stamp))


def _target(out: Path | str) -> Path:
    absolute = Path(os.path.abspath(out))
    if not absolute.name:
        raise TekserError(f"{out}: --out must name a folder to create")
    parent = absolute.parent
    if not parent.is_dir():
        raise TekserError(f"{parent}: no such folder (create it, or choose another --out)")
    return parent.resolve() / absolute.name


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def is_release(path: Path) -> bool:
    """An empty folder, or one that holds a release (its descriptor and SHA256SUMS)."""
    if path.is_symlink() or not path.is_dir():
        return False
    return not any(path.iterdir()) or ((path / SUMS).is_file() and (path / DESCRIPTOR).is_file())


def check_target(package: Package, target: Path, archive: Path | None, *, force: bool) -> None:
    """Refuse to write where the release would clobber the package, or an existing release
    without `force`, or anything that is not a release even with it."""
    if target == package.root or package.root.is_relative_to(target):
        raise TekserError(f"{target}: --out would replace the package itself; choose another")
    for path in (target, archive):
        if path is not None and _exists(path) and not force:
            raise TekserError(f"{path} exists; give --force to replace it")
    if _exists(target) and not is_release(target):
        raise TekserError(f"{target} is not a tekser release (no {SUMS}); refusing to replace it")
    if archive is not None and _exists(archive) and (archive.is_symlink() or not archive.is_file()):
        raise TekserError(f"{archive} is not a file; refusing to replace it")


class KeptAside(TekserError):
    """Publishing failed after the previous release was moved aside, and it could not be put
    back: it is kept in the staging folder the message names."""


def _commit(staging: Path, target: Path, archive: Path | None, *, force: bool) -> None:
    """Move the built release (and zip) into place; with `force`, the old one is moved aside
    first and deleted with the staging folder. Any failure puts back what was moved (and
    raises KeptAside if even that fails)."""
    done: list[tuple[Path, Path]] = []

    def move(source: Path, destination: Path) -> None:
        os.rename(source, destination)
        done.append((source, destination))

    try:
        if force and _exists(target):
            move(target, staging / "previous")
        if archive is not None:
            if force and _exists(archive):
                move(archive, staging / "previous.zip")
            os.link(staging / "release.zip", archive)  # fails, never clobbers, if one appeared
            done.append((staging / "release.zip", archive))
        move(staging / "release", target)  # last: the release appears whole, or not at all
    except BaseException as exc:
        lost = []
        for source, destination in reversed(done):
            try:
                if source.name == "release.zip":
                    os.unlink(destination)
                else:
                    os.rename(destination, source)
            except OSError:
                lost.append(str(destination))
        if lost:
            raise KeptAside(f"publishing failed ({exc!r}) and the previous release could not "
                            f"be put back; it is kept in {staging}") from exc  # fmt: skip
        raise
