"""Structure: descriptor, schemas, types, constraints, keys and hashes, checked by frictionless.

Foreign keys between plain CSV tables are checked by tekser itself (`foreign_keys`), with
the errors frictionless would give; a plain CSV table proven clean with pyarrow (`columnar`)
skips frictionless's row loop, and is reported as frictionless reports a clean table. Anything
unusual, and every table that may have something to report, falls back to frictionless.
"""

from __future__ import annotations

import copy
import csv
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tekser.core.findings import Finding, Severity
from tekser.core.limits import limits
from tekser.package.descriptor import DESCRIPTOR, Package
from tekser.package.offline import PACKAGE_PROFILES, RESOURCE_PROFILES, RemotePart
from tekser.package.tables import Overrun, table_overrun
from tekser.stages.columnar import CleanTask, prove_clean
from tekser.stages.foreign_keys import (
    LIMIT_ERRORS,
    ForeignKeyError,
    check_foreign_keys,
    defer_foreign_keys,
)
from tekser.stages.formulas import formula_findings

STAGE = "structure"
_WHERE = {"row_number": "row", "field_name": "field", "cell": "cell"}


def check_structure(
    package: Package, formulas: list[Finding] | None = None
) -> tuple[int, list[Finding]]:
    """Validate the package with frictionless; every error becomes a critical finding, and
    so does every part of the descriptor that frictionless would fetch (tekser never reaches
    the network: `tekser.package.offline`) and every table past its bounds
    (`tekser.package.tables`), each one of its own; the other resources are validated all the
    same.

    Returns the number of resources checked and the findings. With `formulas`, the cells a
    spreadsheet would run (`tekser.stages.formulas`, info, not frictionless's) are added to
    it: found as the columnar pass read a table, else by reading the table's text columns.
    """
    # pyarrow's allocator (mimalloc) keeps the pages a read frees for its own reuse a while;
    # here it gives them back at once, for the stages after (read when pyarrow is first
    # loaded; a setting of the user's own is kept)
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
    checked, findings = _check(package, formulas)
    _release()
    return checked, findings


def _check(package: Package, formulas: list[Finding] | None) -> tuple[int, list[Finding]]:
    import frictionless  # heavy: imported only when validating

    root = str(package.root)
    name = package.descriptor_name
    # Nothing frictionless would fetch, nor a table past its bounds, reaches it: each is a
    # finding of its own, and the rest is validated all the same.
    refused = {
        resource: overrun
        for resource in package.local_names()
        if (overrun := package.table_overrun(resource)) is not None
    }
    given, parts = package.offline_descriptor(frozenset(refused))
    remote = [
        *(_remote(part) for part in parts),
        *(_refused(resource, overrun) for resource, overrun in refused.items()),
    ]
    # The descriptor as frictionless finds it when it can (the same messages as `frictionless
    # validate`); the one the user named, without what it must not be given, otherwise.
    source: Any = str(package.descriptor_path)
    options: dict[str, Any] = {}
    if name != DESCRIPTOR or given != package.descriptor:
        source = given
        options = {"basepath": root}
    _bound_fields()
    described: Any = None
    clean: dict[str, CleanTask] = {}
    try:
        described = (
            frictionless.Resource(source).read_metadata()  # type: ignore[attr-defined]
            if isinstance(source, str)
            else frictionless.Package(copy.deepcopy(source), **options)
        )
        deferred, tables = defer_foreign_keys(described, package)
    except Exception:  # whatever it is, frictionless's own `validate` reports it
        described, deferred, tables = None, {}, {}
    if described is not None:
        clean = prove_clean(described, package)
    extra: dict[str, list[ForeignKeyError]] | None = None
    report: Any = None
    try:
        if deferred or clean:
            report = _validate(described, clean)
            if deferred:  # without a report (an invalid descriptor) the keys fall back
                extra = check_foreign_keys(deferred, tables, report or _Report([], []))
            elif report is not None:
                extra = {}
        if extra is None:
            report, extra = frictionless.validate(source, **options), {}
    except frictionless.FrictionlessException as exc:
        return 0, [*remote, _finding(exc.error, resource=name, root=root)]
    findings = [*remote, *(_finding(error, resource=name, root=root) for error in report.errors)]
    for task in report.tasks:
        # by row, as frictionless lists a table's errors: the foreign keys tekser checked
        # itself go to their rows
        errors = sorted([*task.errors, *extra.get(task.name, [])], key=_position)
        findings.extend(_finding(error, resource=task.name, root=root) for error in errors)
    if formulas is not None:
        formulas.extend(formula_findings(package, {n: t.formulas for n, t in clean.items()}))
    return len(report.tasks), findings


def _bound_fields() -> None:
    """Bound the fields frictionless's CSV parser reads by `field-bytes` (a field whose quotes
    hold line ends escapes the table's own check). The bound is process-wide, and the parser
    sets its own when first imported: imported first."""
    import frictionless.formats.csv.parser  # noqa: F401

    csv.field_size_limit(limits().field_bytes)


def _release() -> None:
    """Give back what the check no longer needs, for the stages after: frictionless's package,
    resources and report refer to one another, so that they go only with a collection of
    cycles (some 175 MB at 10^6 figures), and pyarrow keeps the memory of the tables it read
    for reuse."""
    gc.collect()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()


@dataclass(frozen=True, slots=True)
class _Report:
    """What tekser reads of a frictionless report: the package's errors and one task a
    resource."""

    errors: list[Any]
    tasks: list[Any]


def _validate(described: Any, clean: dict[str, CleanTask]) -> _Report | None:
    """Validate the package as `Package.validate` does — its descriptor, then each resource in
    turn — taking the tables proven clean as read; None when the descriptor is invalid (then
    frictionless's own `validate` is to report it)."""
    import frictionless

    try:
        described.to_descriptor(validate=True)
    except frictionless.FrictionlessException:
        return None
    checklist = frictionless.Checklist()
    tasks: list[Any] = []
    for resource in described.resources:
        if resource.name in clean:
            tasks.append(clean[resource.name])
        else:
            report = resource.validate(checklist=checklist, limit_errors=LIMIT_ERRORS)
            tasks.extend(report.tasks)
    return _Report(errors=[], tasks=tasks)


# errors frictionless gives once a table is read through: they come after its rows
_FINAL = frozenset({"hash-count", "byte-count", "field-count", "row-count"})


def _position(error: Any) -> float:
    """The row of an error — 0 for one of the header or the whole table, after every row for
    the counts frictionless checks at the end: sorted stably, a row's errors keep
    frictionless's order (by field, then the row's own), and tekser's go last in their row."""
    if getattr(error, "type", "") in _FINAL:
        return float("inf")
    return getattr(error, "row_number", None) or 0


def check_file(path: Path) -> tuple[int, list[Finding]]:
    """A bare file (a CSV, a spreadsheet) validated as frictionless validates it, as one
    resource: its errors as critical findings."""
    import frictionless

    root = str(path.parent.resolve())
    if path.suffix.lower() in (".csv", ".tsv"):
        delimiters = "\t" if path.suffix.lower() == ".tsv" else ",\t;|"
        overrun = table_overrun(path, path.name, delimiters=delimiters)
        if overrun is not None:
            return 0, [_refused(path.name, overrun)]
    _bound_fields()
    try:
        report = frictionless.validate(str(path))
    except frictionless.FrictionlessException as exc:
        return 0, [_finding(exc.error, resource=path.name, root=root)]
    findings = [_finding(error, resource=path.name, root=root) for error in report.errors]
    for task in report.tasks:
        findings.extend(_finding(error, resource=task.name, root=root) for error in task.errors)
    return len(report.tasks), findings


_NOT_FETCHED = {
    "structure.remote-resource": "remote path {value!r} was not read — tekser never reaches "
    "the network; put the file in the package to validate it",
    "structure.remote-schema": "remote schema {value!r} was not read — tekser never reaches "
    "the network; the table was not validated: put its Table Schema in the package",
    "structure.remote-dialect": "remote dialect {value!r} was not read — tekser never reaches "
    "the network; the table was not validated: put its dialect in the package",
    "structure.remote-profile": "{field} {value!r} was not fetched — tekser never reaches the "
    "network; checked against the standard Data Package profile only",
    "structure.unknown-profile": "{field} {value!r} is none of the standard Data Package "
    "profiles of a {kind} ({names}) and was not checked",
}


def _remote(part: RemotePart) -> Finding:
    """A part of the descriptor that frictionless was not given: a critical finding."""
    where = part.resource if part.resource is not None else "the package"
    names = PACKAGE_PROFILES if part.resource is None else RESOURCE_PROFILES
    text = _NOT_FETCHED[part.rule].format(
        field=part.field,
        value=part.value,
        kind="package" if part.resource is None else "resource",
        names=", ".join(names),
    )
    record = {"resource": where, "field": part.field, "value": part.value}
    key = f"{where}|{part.field}|{part.value}"
    if part.rule == "structure.remote-resource":  # as it always was reported
        record, key = {"resource": where, "path": part.value}, f"{where}|{part.value}"
    return Finding(
        rule=part.rule,
        severity=Severity.CRITICAL,
        message=f"{where}: {text}",
        records=[dict(record)],
        stage=STAGE,
        key=key,
    )


def _refused(resource: str, overrun: Overrun) -> Finding:
    """A table past one of its bounds, not read further: a critical finding."""
    record: dict[str, Any] = {"resource": resource}
    if overrun.line is not None:
        record["line"] = overrun.line
    return Finding(
        rule=f"structure.{overrun.rule}",
        severity=Severity.CRITICAL,
        message=f"{resource}: {overrun.message}",
        records=[record],
        stage=STAGE,
        key=f"{resource}|{overrun.rule}",
    )


def _finding(error: Any, *, resource: str, root: str = "") -> Finding:
    # frictionless names files by absolute path; a finding (and its id) must not depend on
    # where the package is checked out
    text = error.message.replace(root + os.sep, "") if root else error.message
    record: dict[str, Any] = {"resource": resource}
    for attribute, name in _WHERE.items():
        value = getattr(error, attribute, None)
        if value not in (None, ""):
            record[name] = value
    where = resource
    if "row" in record:
        where += f" row {record['row']}"
    if "field" in record:
        where += f" field {record['field']!r}"
    return Finding(
        rule=f"structure.{error.type}",
        severity=Severity.CRITICAL,
        message=f"{where}: {text}",
        records=[record],
        stage=STAGE,
        key=f"{resource}|{sorted(record.items())}|{text}",
    )
