"""Consistency: the suite of `checks/` run by Great Expectations on the package in SQLite."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import sqlite3
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from tekser.core.errors import TekserError
from tekser.core.files import scratch_folder
from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.rules import Rule
from tekser.core.sql import quote_identifier
from tekser.package.descriptor import Package
from tekser.stages.consistency import sandbox
from tekser.stages.consistency.engine import Engine
from tekser.stages.consistency.sqlite import load_sqlite
from tekser.stages.quotes import Quote

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
            with _not_a_doctest():
                import great_expectations as gx

            yield gx
        finally:
            logger.setLevel(level)


@contextlib.contextmanager
def _not_a_doctest() -> Iterator[None]:
    """GX imports `pyspark.sql.connect` when PySpark is installed, and PySpark 4 takes a
    `__main__` with neither `__file__` nor `__spec__` (as under `python -c`) for its own doctest
    run: lacking Spark Connect's optional dependencies, it ends the process with status 0 — a
    silent pass for any gate. While GX is imported, such a process is shown as interactive
    (`sys.ps1`), which PySpark leaves alone; should it exit still, that is an error, exit 2."""
    main = sys.modules.get("__main__")
    bare = (
        main is not None
        and getattr(main, "__spec__", None) is None
        and not hasattr(main, "__file__")
        and not hasattr(sys, "ps1")
    )
    if bare:
        sys.ps1 = ">>> "
    try:
        yield
    except SystemExit:
        raise TekserError(
            "importing Great Expectations made PySpark end the process; run tekser as a command "
            "or install PySpark's Spark Connect dependencies (pip install 'pyspark[connect]')"
        ) from None
    finally:
        if bare:
            del sys.ps1


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


def _expectation(rule: Rule, sql: str = "") -> Any:
    """The GX expectation of a rule: its query (`sql`, in the engine's dialect) run once for
    every unexpected row, or its column expectation as GX serialises it."""
    meta = {"rule": rule.name, "table": rule.table, "message": rule.message}
    if rule.sql:
        return _every_row_expectation()(
            unexpected_rows_query=sql or rule.sql,
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


ROWS_METRIC = "tekser_unexpected_rows_query.every_row"


@functools.cache
def _every_row_expectation() -> type[Any]:
    """GX's `UnexpectedRowsExpectation`, run once per rule: GX's own metric of the query's rows
    (`unexpected_rows_query.table`) with its `fetch_all`, and the count taken from those rows.

    GX's stock expectation runs a rule's query twice, to count its rows and to return at most
    200 of them, and tekser then ran it a third time for the rest. Here GX executes it once
    and its validation result holds every unexpected row, counted: GX still decides whether
    the rule passes, and its result is where the findings come from. Defined once (GX keeps
    a registry of expectations and metrics), after GX is imported, quietly."""
    from great_expectations.expectations.core.unexpected_rows_expectation import (
        UnexpectedRowsExpectation,
    )
    from great_expectations.expectations.metrics.query_metrics.query_table.unexpected_rows_query_table import (  # noqa: E501
        UnexpectedRowsQueryTable,
    )

    class EveryUnexpectedRow(UnexpectedRowsQueryTable):
        """The rows of an unexpected-rows query, every one of them (GX's `fetch_all`)."""

        metric_name = ROWS_METRIC
        value_keys: tuple[str, ...] = ("unexpected_rows_query", "fetch_all")  # type: ignore[assignment]
        default_kwarg_values: dict[str, Any] = {"fetch_all": True}  # noqa: RUF012

    class TekserUnexpectedRowsExpectation(UnexpectedRowsExpectation):
        """An unexpected-rows query, executed once: success when it selects no row."""

        metric_dependencies: ClassVar[tuple[str, ...]] = (ROWS_METRIC,)

        def _validate(
            self,
            metrics: dict[str, Any],
            runtime_configuration: dict[str, Any] | None = None,
            execution_engine: Any = None,
        ) -> dict[str, Any]:
            rows = list(metrics[ROWS_METRIC])
            return {
                "success": not rows,
                "result": {"observed_value": len(rows), "details": {"unexpected_rows": rows}},
            }

    del EveryUnexpectedRow  # registered with GX by being defined
    return TekserUnexpectedRowsExpectation


class SqliteEngine:
    """The package loaded into a temporary SQLite file, for GX's SQLite datasource."""

    # the query GX gives for a column expectation's unexpected rows is SQL this engine runs
    runs_gx_queries = True

    def __init__(self, package: Package, database: Path, indexes: Iterable[str] = ()) -> None:
        self.database = database
        self.tables = load_sqlite(package, database, indexes)
        self._checker: sqlite3.Connection | None = None

    def datasource(self, context: Any) -> Any:
        # GX's connection is the sandbox's, read-only and guarded (`sandbox.connect`)
        return context.data_sources.add_sqlite(
            name="package",
            connection_string=f"sqlite:///{self.database}",
            kwargs={"creator": functools.partial(sandbox.connect, self.database)},
        )

    def batch(self, source: Any, table: str) -> Any:
        asset = source.add_table_asset(name=table, table_name=table)
        return asset.add_batch_definition_whole_table("whole").get_batch()

    def fetch(self, query: str) -> list[dict[str, Any]]:
        connection = sandbox.connect(self.database)
        connection.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in connection.execute(query)]
        finally:
            connection.close()

    def sql(self, query: str) -> str:
        return query

    def refusal(self, rule: Rule) -> str:
        if self._checker is None:
            self._checker = sandbox.checker(self.database)
        return sandbox.refusal(self._checker, rule.sql, rule.table)

    @staticmethod
    def quote(name: str) -> str:
        return quote_identifier(name)

    def close(self) -> None:
        if self._checker is not None:
            self._checker.close()


def run_rules(
    package: Package, rules: list[Rule], quotes: Mapping[str, Quote], engine: str = "sqlite"
) -> list[Finding]:
    """Run every rule on the package loaded into a temporary SQLite file (or, with
    `engine="spark"`, into a local Spark session); one finding per failing row (or group of
    rows sharing a `finding_key`)."""
    findings: list[Finding] = []
    with scratch_folder("tekser-") as folder:
        if engine == "spark":
            from tekser.stages.consistency.spark import SparkEngine

            runner: Engine = SparkEngine(package, Path(folder))
        else:
            indexes = [index for rule in rules for index in rule.indexes]
            runner = SqliteEngine(package, Path(folder) / "package.sqlite", indexes)
        try:
            with _quiet_gx() as gx:
                context = _context(gx)
                source = runner.datasource(context)
                rules, refused = _sandboxed(runner, rules)
                findings.extend(refused)
                for table in sorted({rule.table for rule in rules}):
                    # a rule whose table (or a table it requires) the package lacks: not applied
                    held = runner.tables
                    table_rules = [r for r in rules if r.table == table and r.applies(held)]
                    if not table_rules:
                        continue
                    findings.extend(
                        _run_table(gx, context, runner, source, table, table_rules, package, quotes)
                    )
        finally:
            runner.close()
    return findings


def _sandboxed(runner: Engine, rules: list[Rule]) -> tuple[list[Rule], list[Finding]]:
    """The rules that may run, and a critical finding for each the sandbox refuses (see
    `sandbox.refusal`): none of a refused rule is run, the others run as ever. A rule whose
    table the package lacks is not checked: it does not run."""
    allowed: list[Rule] = []
    refused: list[Finding] = []
    for rule in rules:
        reason = runner.refusal(rule) if rule.sql and rule.applies(runner.tables) else ""
        if not reason:
            allowed.append(rule)
            continue
        refused.append(
            Finding(
                rule="consistency.rule-refused",
                severity=Severity.CRITICAL,
                message=f"rule {rule.name} ({rule.origin}) refused: {reason}",
                records=[{"rule": rule.name, "table": rule.table, "refused": reason}],
                stage=STAGE,
                key=rule.name,
            )
        )
    return allowed, refused


def _run_table(
    gx: Any,
    context: Any,
    runner: Engine,
    source: Any,
    table: str,
    rules: list[Rule],
    package: Package,
    quotes: Mapping[str, Quote],
) -> list[Finding]:
    suite = context.suites.add(gx.ExpectationSuite(name=f"tekser-{table}"))
    for rule in rules:
        suite.add_expectation(_expectation(rule, runner.sql(rule.sql)))
    keys = sorted({rule.key for rule in rules if rule.key})
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    if keys:
        result_format["unexpected_index_column_names"] = keys
    results = runner.batch(source, table).validate(suite, result_format=result_format)
    by_name = {rule.name: rule for rule in rules}
    found: list[Finding] = []
    for result in results.results:
        rule = by_name[result.expectation_config.meta["rule"]]
        failure = _raised(result.exception_info)
        if failure:
            found.append(
                Finding(
                    rule="consistency.rule-error",
                    severity=Severity.CRITICAL,
                    message=f"rule {rule.name} ({rule.origin}) could not run: {failure}",
                    records=[{"rule": rule.name, "table": rule.table}],
                    stage=STAGE,
                    key=rule.name,
                )
            )
            continue
        if result.success:
            continue
        rows = _unexpected_rows(runner, rule, result.result)
        found.extend(_findings(rule, rows, package, quotes))
    return found


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


def _unexpected_rows(runner: Engine, rule: Rule, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every failing row, never truncated silently. A rule's query GX has executed once and
    returned whole (`_every_row_expectation`); a column expectation's rows GX returns up to a
    few hundred of, and when it counts more they are fetched with GX's own query of them."""
    if rule.sql:
        rows = list(result.get("details", {}).get("unexpected_rows", []))
        if int(result.get("observed_value") or 0) != len(rows):
            raise TekserError(
                f"rule {rule.name}: GX counted {result.get('observed_value')} unexpected rows "
                f"and returned {len(rows)}"
            )
        return [_plain(row) for row in rows]
    rows = list(result.get("unexpected_index_list") or [])
    if int(result.get("unexpected_count") or 0) > len(rows):
        rows = runner.fetch(_column_query(runner, rule, result))
    rows = [_plain(row) for row in rows]
    column = rule.expectation.get("kwargs", {}).get("column")
    for row in rows:
        value = row.get(column)
        if isinstance(value, str):
            row["length"] = len(value)
    return rows


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A result row as SQLite gives it, whatever the engine (Spark: decimals, booleans), with
    decimal values as the source prints them (see `_number`)."""
    return {key: _number(value) for key, value in row.items()}


def _number(value: Any) -> Any:
    """A result cell: a boolean as 0/1, a whole float as an integer (40, not 40.0),
    and any other float or decimal to 12 significant digits, so that binary floating point
    shows no drift (a sum of 0.1 and 0.2 reads 0.3) in a message, a record or a hash."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        rounded = float(f"{value:.12g}")
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    return value


def _column_query(runner: Engine, rule: Rule, result: dict[str, Any]) -> str:
    """The query of every row a column expectation finds unexpected: GX's own on SQL, built
    here for the kinds of the suite elsewhere (GX's Spark query is not SQL)."""
    query = result.get("unexpected_index_query")
    if runner.runs_gx_queries and query:
        return str(query).rstrip().rstrip(";")
    kwargs = rule.expectation.get("kwargs", {})
    column, key = kwargs.get("column", ""), rule.key
    measure = {
        "expect_column_values_to_be_between": "{}",
        "expect_column_value_lengths_to_be_between": "LENGTH({})",
    }.get(rule.expectation.get("type", ""))
    if measure is None:
        raise TekserError(
            f"rule {rule.name}: more unexpected rows than GX returns, and no query to fetch "
            "them all on this engine"
        )
    value = measure.format(runner.quote(column))
    outside = []
    if kwargs.get("min_value") is not None:
        outside.append(f"{value} <{'=' if kwargs.get('strict_min') else ''} {kwargs['min_value']}")
    if kwargs.get("max_value") is not None:
        outside.append(f"{value} >{'=' if kwargs.get('strict_max') else ''} {kwargs['max_value']}")
    names = ", ".join(runner.quote(name) for name in dict.fromkeys((key, column)))
    return (
        f"SELECT {names} FROM {runner.quote(rule.table)} WHERE {runner.quote(column)} IS NOT NULL "
        f"AND ({' OR '.join(outside) or 'FALSE'})"
    )


def _provenance_ids(row: dict[str, Any]) -> list[str]:
    return [str(v) for k, v in row.items() if k.endswith("provenance_id") and v]


def _findings(
    rule: Rule, rows: list[dict[str, Any]], package: Package, quotes: Mapping[str, Quote]
) -> Iterator[Finding]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = row.get("finding_key")
        if key is None:
            key = row.get(rule.key) if rule.key else json.dumps(row, sort_keys=True, default=str)
        groups.setdefault(str(key), []).append(row)
    # a row that names no provenance of its own is traced through its key to its table's row
    # (the table is read for it only then: a key that is itself a provenance id needs none)
    wanted = (
        {str(row.get(rule.key)) for row in rows if not _provenance_ids(row)} if rule.key else set()
    )
    lookup = _key_to_provenance(package, rule, wanted) if wanted else {}
    for key, group in groups.items():
        # SQL gives rows in no defined order (SQLite's depends on its plan, Spark's on its
        # partitions): the rows of a finding are put in one order, so that its message, its
        # evidence and the hash a curator's decision rests on do not depend on the engine
        group.sort(key=_row_order)
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


def _row_order(row: dict[str, Any]) -> tuple[tuple[int, Any], ...]:
    """Rows by their values, column by column: NULL first, then numbers, then text."""
    return tuple(
        (0, 0)
        if value is None
        else (1, value)
        if isinstance(value, int | float)
        else (2, str(value))
        for value in row.values()
    )


def _key_to_provenance(package: Package, rule: Rule, wanted: set[str]) -> dict[str, list[str]]:
    """For a column expectation: each wanted row key of its table to that row's provenance
    id (the table is streamed, and only the wanted keys are kept)."""
    lookup: dict[str, list[str]] = {}
    for row in package.iter_table(rule.table):
        key = row.get(rule.key, "")
        if key in wanted and row.get("provenance_id"):
            lookup[key] = [row["provenance_id"]]
    return lookup
