"""Consistency: the suite of `checks/` run by Great Expectations on the package in SQLite."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tekser.database import load_sqlite
from tekser.findings import Evidence, Finding, Severity
from tekser.package import Package
from tekser.provenance import Quote
from tekser.suite import Rule

STAGE = "consistency"


class _Blank(dict[str, Any]):
    """Message placeholders: a column the row lacks reads as empty, a NULL as "—"."""

    def __init__(self, row: dict[str, Any]) -> None:
        super().__init__({key: "—" if value is None else value for key, value in row.items()})

    def __missing__(self, key: str) -> str:
        return ""


@contextlib.contextmanager
def _quiet_gx() -> Iterator[Any]:
    """Great Expectations offline and silent: no analytics, no progress bars, no log noise."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logger = logging.getLogger("great_expectations")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            import great_expectations as gx

            yield gx
        finally:
            logger.setLevel(level)


def _context(gx: Any) -> Any:
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _expectation(gx: Any, rule: Rule) -> Any:
    meta = {"rule": rule.name, "table": rule.table, "message": rule.message}
    if rule.sql:
        return gx.expectations.UnexpectedRowsExpectation(
            unexpected_rows_query=rule.sql,
            description=rule.description,
            severity=rule.severity.value,
            meta=meta,
        )
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    from great_expectations.expectations.metadata_types import FailureSeverity

    config = ExpectationConfiguration(
        type=rule.expectation["type"],
        kwargs=rule.expectation.get("kwargs", {}),
        meta={**rule.expectation.get("meta", {}), **meta},
        description=rule.description or None,
        severity=FailureSeverity(rule.severity.value),
    )
    return config.to_domain_obj()


def run_rules(package: Package, rules: list[Rule], quotes: dict[str, Quote]) -> list[Finding]:
    """Run every rule on the package loaded into a temporary SQLite file; one finding per
    failing row (or group of rows sharing a `finding_key`)."""
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="tekser-") as folder:
        database = Path(folder) / "package.sqlite"
        tables = load_sqlite(package, database)
        with _quiet_gx() as gx:
            context = _context(gx)
            source = context.data_sources.add_sqlite(
                name="package", connection_string=f"sqlite:///{database}"
            )
            for table in sorted({rule.table for rule in rules}):
                table_rules = [rule for rule in rules if rule.table == table]
                if table not in tables:
                    continue  # the package has no such table: the rule does not apply
                findings.extend(_run_table(gx, context, source, database, table, table_rules,
                                           package, quotes))  # fmt: skip
    return findings


def _run_table(
    gx: Any,
    context: Any,
    source: Any,
    database: Path,
    table: str,
    rules: list[Rule],
    package: Package,
    quotes: dict[str, Quote],
) -> Iterator[Finding]:
    asset = source.add_table_asset(name=table, table_name=table)
    batch_definition = asset.add_batch_definition_whole_table("whole")
    suite = context.suites.add(gx.ExpectationSuite(name=f"tekser-{table}"))
    for rule in rules:
        suite.add_expectation(_expectation(gx, rule))
    keys = sorted({rule.key for rule in rules if rule.key})
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    if keys:
        result_format["unexpected_index_column_names"] = keys
    results = batch_definition.get_batch().validate(suite, result_format=result_format)
    by_name = {rule.name: rule for rule in rules}
    for result in results.results:
        rule = by_name[result.expectation_config.meta["rule"]]
        failure = _raised(result.exception_info)
        if failure:
            yield Finding(
                rule="consistency.rule-error",
                severity=Severity.CRITICAL,
                message=f"rule {rule.name} ({rule.origin}) could not run: {failure}",
                records=[{"rule": rule.name, "table": rule.table}],
                stage=STAGE,
                key=rule.name,
            )
            continue
        if result.success:
            continue
        rows = _unexpected_rows(database, rule, result.result)
        yield from _findings(rule, rows, package, quotes)


def _raised(info: Any) -> str:
    """The first error message GX caught while running an expectation, if any."""
    if not isinstance(info, dict):
        return ""
    entries = [info, *(v for v in info.values() if isinstance(v, dict))]
    for entry in entries:
        if entry.get("raised_exception"):
            message = str(entry.get("exception_message") or "unknown error")
            return message.split("\n[SQL:", 1)[0].strip()
    return ""


def _fetch(database: Path, query: str) -> list[dict[str, Any]]:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(query)]
    finally:
        connection.close()


def _unexpected_rows(database: Path, rule: Rule, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every failing row. GX returns at most a few hundred; never truncate silently: when it
    counts more than it returned, fetch them all with the rule's own query."""
    if rule.sql:
        rows = list(result.get("details", {}).get("unexpected_rows", []))
        if int(result.get("observed_value") or 0) > len(rows):
            rows = _fetch(database, rule.query())
        return rows
    rows = list(result.get("unexpected_index_list") or [])
    if int(result.get("unexpected_count") or 0) > len(rows) and result.get(
        "unexpected_index_query"
    ):
        rows = _fetch(database, str(result["unexpected_index_query"]).rstrip().rstrip(";"))
    column = rule.expectation.get("kwargs", {}).get("column")
    for row in rows:
        value = row.get(column)
        if isinstance(value, str):
            row["length"] = len(value)
    return rows


def _provenance_ids(row: dict[str, Any]) -> list[str]:
    return [str(v) for k, v in row.items() if k.endswith("provenance_id") and v]


def _findings(
    rule: Rule, rows: list[dict[str, Any]], package: Package, quotes: dict[str, Quote]
) -> Iterator[Finding]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = row.get("finding_key")
        if key is None:
            key = row.get(rule.key) if rule.key else json.dumps(row, sort_keys=True, default=str)
        groups.setdefault(str(key), []).append(row)
    lookup = _key_to_provenance(package, rule) if rule.key else {}
    for key, group in groups.items():
        records = [{k: v for k, v in row.items() if k != "finding_key"} for row in group]
        ids: list[str] = []
        for row in group:
            for provenance_id in _provenance_ids(row) or lookup.get(str(row.get(rule.key)), []):
                if provenance_id not in ids:
                    ids.append(provenance_id)
        yield Finding(
            rule=rule.name,
            severity=rule.severity,
            message=rule.message.format_map(_Blank(group[0])),
            records=records,
            evidence=[quotes[i].evidence() for i in ids if i in quotes]
            or [Evidence(i, None, None, None, "") for i in ids],
            stage=STAGE,
            key=key,
        )


def _key_to_provenance(package: Package, rule: Rule) -> dict[str, list[str]]:
    """For a column expectation: each row key of its table to that row's provenance id."""
    lookup: dict[str, list[str]] = {}
    for row in package.read_table(rule.table):
        if row.get("provenance_id"):
            lookup[row.get(rule.key, "")] = [row["provenance_id"]]
    return lookup
