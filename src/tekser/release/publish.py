"""`tekser publish`: a validated, reproducible, hashed release of a package, written atomically.

The release is built in a temporary folder beside `--out` (the same file system), checked, then
renamed into place: a publish that fails or is interrupted leaves nothing half-written, and an
existing release is replaced only with `force`. The same inputs give the same bytes, the zip
included: fixed timestamps, sorted entries, fixed permissions and compression level. The files
are written by the modules of `tekser.release`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from tekser.core.errors import TekserError, UnsafePathError
from tekser.core.findings import Decision, DecisionState, Finding, Severity
from tekser.core.report import Report
from tekser.core.transaction import settle
from tekser.decisions.apply import line_states
from tekser.package.descriptor import DESCRIPTOR, Package, check_safe_path
from tekser.package.paths import inside
from tekser.release.commit import (
    Claim,
    KeptAside,
    check_target,
    commit,
    destination,
    settle_release,
    write_zip,
)
from tekser.release.curation import (
    corrections_in_force,
    figures_table,
    release_tables,
)
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
from tekser.validate import validate_opened

__all__ = [
    "HTML",
    "PROV",
    "REPORT",
    "SUMS",
    "Correction",
    "PublishRefused",
    "PublishResult",
    "Refusal",
    "Release",
    "Table",
    "json_bytes",
    "publish_package",
]

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
    if settle(original.root):  # what an interrupted command left, finished or rolled back
        original = Package.open(path)
    name, version = release_identity(original)
    where = destination(out, zip_=zip_)
    settle_release(where)  # an earlier publish into `out`, killed while putting it in place
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
        claim = Claim(staging)  # held while this publish lives: not a leftover to sweep
        # Validated and published from the same bytes, whatever changes in the package
        # meanwhile (a curator appending a decision, say).
        package = snapshot(original, staging / "package")
        report = validate_opened(package)
        decisions = report.decisions  # as validate read them; corrupt lines are findings
        figures = figures_table(package)
        corrections = corrections_in_force(report)
        reasons = refusals(report, allow_undecided=allow_undecided)
        if reasons:
            raise PublishRefused(reasons)
        release = Release(
            name=name,
            version=version,
            created=release_timestamp(package, decisions),
            descriptor=package.descriptor,
            tables=release_tables(package, corrections),
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
            write_zip(
                folder, staging / "release.zip", prefix=f"{name}-{version}", when=release.created
            )
        check_target(original, where, force=force)
        commit(staging, where, force=force)
    except KeptAside:
        raise  # the staging folder holds the previous release: keep it
    except (Exception, KeyboardInterrupt):  # a kill (in tests, a BaseException) leaves it all
        if ours:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    claim.release()  # (on an error, when the exception is dropped, or the process ends)
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
    and the consistency suite. A file that is missing is left out, for validation to report;
    one that is unsafe (a link out of the package, a FIFO or a device) refuses the release."""
    paths: list[str] = [DESCRIPTOR, DECISIONS, *SCHEMA_FILES]
    for resource in package.resources:
        for key in ("path", "schema"):
            value = resource.get(key)
            paths.extend(
                v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)
            )
    if package.has_table("sources"):
        with contextlib.suppress(TekserError):  # an unreadable table is validation's finding
            paths.extend(row["path"] for row in package.read_table("sources") if row.get("path"))
    if (package.root / "checks").is_dir():
        paths.extend(regular_files(package, package.root / "checks"))
    for relative in dict.fromkeys(paths):
        try:
            check_safe_path(relative, where=relative)
            source = inside(package.root, relative, where=relative, kind="any")
        except UnsafePathError as exc:
            # left out, the release would lack it silently (a decisions log linked out of the
            # package: published as if nothing were decided)
            raise TekserError(f"{exc}; nothing is published") from None
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


def release_identity(package: Package) -> tuple[str, str]:
    """The package's `name` and `version`, which name the release's database and zip."""
    where = package.descriptor_path.name
    name, version = package.descriptor.get("name"), package.descriptor.get("version")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise TekserError(
            f"{where}: a release needs a `name` of lower-case letters, digits, "
            f"`.`, `_` and `-`; got {name!r}"
        )
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
