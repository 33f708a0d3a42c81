"""Structure: descriptor, schemas, types, constraints, keys and hashes, checked by frictionless.

Foreign keys between plain CSV tables are checked by tekser itself (`foreign_keys`), with
the errors frictionless would give; anything unusual falls back to frictionless.
"""

from __future__ import annotations

import os
from typing import Any

from tekser.findings import Finding, Severity
from tekser.foreign_keys import ForeignKeyError, check_foreign_keys, defer_foreign_keys
from tekser.package import Package

STAGE = "structure"
_WHERE = {"row_number": "row", "field_name": "field", "cell": "cell"}


def check_structure(package: Package) -> tuple[int, list[Finding]]:
    """Validate the package with frictionless; every error becomes a critical finding.

    Returns the number of resources checked and the findings.
    """
    import frictionless  # heavy: imported only when validating

    root = str(package.root)
    try:
        described = frictionless.Resource(str(package.descriptor_path)).read_metadata()  # type: ignore[attr-defined]
        deferred, tables = defer_foreign_keys(described, package)
    except Exception:  # whatever it is, frictionless's own `validate` reports it
        described, deferred, tables = None, {}, {}
    extra: dict[str, list[ForeignKeyError]] | None = None
    try:
        if deferred:
            report = described.validate()
            extra = check_foreign_keys(deferred, tables, report)
        if extra is None:
            report, extra = frictionless.validate(str(package.descriptor_path)), {}
    except frictionless.FrictionlessException as exc:
        return 0, [_finding(exc.error, resource="datapackage.json", root=root)]
    findings = [_finding(error, resource="datapackage.json", root=root) for error in report.errors]
    for task in report.tasks:
        findings.extend(_finding(error, resource=task.name, root=root) for error in task.errors)
        findings.extend(
            _finding(error, resource=task.name, root=root) for error in extra.get(task.name, [])
        )
    return len(report.tasks), findings


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
