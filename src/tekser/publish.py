"""`tekser publish`: a validated, reproducible, hashed release of a package, written atomically.

The release is built in a temporary folder beside `--out` (the same file system), checked, then
renamed into place: a publish that fails or is interrupted leaves nothing half-written, and an
existing release is replaced only with `force`. The same inputs give the same bytes, the zip
included: fixed timestamps, sorted entries, fixed permissions and compression level. The files
are written by the modules of `tekser.release`.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import os
import re
import secrets
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tekser.decisions import Decision, line_states, read_log
from tekser.errors import TekserError
from tekser.findings import DecisionState, Finding, Report, Severity, Status
from tekser.numbers import NumberError, read_number, scale_factor
from tekser.package import DESCRIPTOR, Package, Row, check_safe_path, is_table
from tekser.release.commit import KeptAside, check_target, commit, destination, write_zip
from tekser.release.files import build_release, regular_files
from tekser.release.model import (
    DECISIONS,
    HTML,
    PROV,
    REPORT,
    SCHEMA_FILES,
    STAMP,
    SUMS,
    Correction,
    PublishRefused,
    PublishResult,
    Refusal,
    Release,
    Table,
    json_bytes,
)
from tekser.release.model import key as _key
from tekser.release.model import utc as _utc
from tekser.validate import validate_package

__all__ = [
    "HTML", "PROV", "REPORT", "SUMS", "Correction", "PublishRefused", "PublishResult",
    "Refusal", "Release", "Table", "json_bytes", "publish_package",
]  # fmt: skip

# What each released figure's value is: as printed, normalised by the package, or corrected by
# a curator's decision.
AS_PRINTED, NORMALISED, CORRECTED = "as-printed", "normalised", "corrected"
CURATION_COLUMNS = ("value_normalised", "status", "decision_finding_id")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*")


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
    where = destination(out, zip_=zip_)
    target, archive = where.target, where.archive
    check_target(original, where, force=force)
    # Beside the target (one file system, so the final move is a rename), hidden, and named
    # before it exists, so that an interrupt right after it is made still removes it. When
    # `out`'s parents are missing, beside the highest of them: they appear with the release.
    staging = where.staging_parent / f".{where.top.name}.{secrets.token_hex(6)}.publishing"
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
            decision_states=line_states(decisions, report),
            corrections=corrections,
            open_questions=open_questions(report),
            originals={row["figure_id"]: row for row in figures.rows} if figures else {},
        )
        folder = staging / "release"
        files = build_release(package, release, folder)
        if archive is not None:
            write_zip(folder, staging / "release.zip", prefix=f"{name}-{version}",
                      when=release.created)  # fmt: skip
        check_target(original, where, force=force)
        commit(staging, where, force=force)
    except KeptAside:
        raise  # the staging folder holds the previous release: keep it
    except BaseException:
        if ours:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    orphaned = [d for d in decisions if release.decision_states[d.line] is DecisionState.ORPHANED]
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
        paths.extend(regular_files(package, package.root / "checks"))
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
            and finding.status.undecided
            and not allow_undecided
        ):
            reasons.append(Refusal.of(finding))
    return reasons


def open_questions(report: Report) -> list[Finding]:
    """Warnings no curator has decided (or whose decision went stale)."""
    return [
        finding
        for finding in report.findings
        if finding.severity is Severity.WARNING and finding.status.undecided
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
        if finding.status != Status.CORRECTED or decision is None or decision.action != "correct":
            continue
        if decision.figure_id is None or (decision.value is None and decision.date is None):
            continue  # the decision schema requires a figure and a value or a date
        if decision.figure_id not in figure_ids:
            problems.append(Refusal.of(
                finding, f"the correction names figure {decision.figure_id}, which is not in "
                "figures; decide the finding again",
            ))  # fmt: skip
            continue
        prior = found.get(decision.figure_id)
        correction = Correction(decision.figure_id, decision.value, finding, decision,
                                date=decision.date)  # fmt: skip
        if prior is None:
            found[decision.figure_id] = correction
        elif (prior.value, prior.date) != (correction.value, correction.date):
            problems.append(Refusal.of(
                finding, f"corrections of figure {decision.figure_id} disagree: "
                f"{prior.corrected} ({prior.finding.finding_id}) and {correction.corrected}",
            ))  # fmt: skip
    return found, problems


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
            if correction.value is not None:
                curated["value"] = str(correction.value)
            if correction.date is not None:
                curated.update(_redated(row, correction.date))
            curated["status"] = CORRECTED
            curated["decision_finding_id"] = correction.finding.finding_id
            curated["note"] = _correction_note(row, correction)
        else:
            curated["status"] = AS_PRINTED if printed_as_value(row) else NORMALISED
            curated["decision_finding_id"] = ""
        rows.append({column: curated.get(column, "") for column in header})
    return Table(table.name, table.path, curated_schema(table.schema), header, rows)


def _redated(row: Row, start: str) -> dict[str, str]:
    """The figure's period moved to begin on `start`, keeping its length (a day stays a day,
    a year a year); the printed date stays as printed."""
    try:
        old_start = date.fromisoformat(row.get("period_start", ""))
        old_end = date.fromisoformat(row.get("period_end", "") or row.get("period_start", ""))
        new_start = date.fromisoformat(start)
    except ValueError:
        return {"period_start": start, "period_end": start}
    return {
        "period_start": new_start.isoformat(),
        "period_end": (new_start + (old_end - old_start)).isoformat(),
    }


def _correction_note(row: Row, correction: Correction) -> str:
    """Why the released value differs from the printed one: the curator's reason, signed."""
    decision = correction.decision
    was = row.get("value", "") if correction.value is not None else (
        f"period from {row.get('period_start', '')}"
    )  # fmt: skip
    said = (
        f"corrected from {was} to {correction.corrected} by {decision.reviewer} "
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
        if isinstance(name, str) and is_table(resource):
            table = _read_table(package, name)
            tables[name] = curate_figures(table, corrections) if name == "figures" else table
    return tables
