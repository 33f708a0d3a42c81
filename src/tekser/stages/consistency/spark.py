"""The consistency suite on Spark: the package's tables as Spark SQL views, for GX's Spark
datasource, so that the same rules run when an archive outgrows one machine.

Spark reads the CSV files itself (as strings, then read by the Table Schema as `cells` reads
them for SQLite: missing values and booleans alike, numbers by Spark's non-ANSI `CAST`, which
differs only on cells that are no numbers, structure's critical findings), and builds the
derived tables `tekser_periods` and `tekser_printed_years` in Spark SQL, and `tekser_values`
and `tekser_pace_words` with the loader's own Python code from the same selection of the
typed views. Rules are not
rewritten, except where Spark SQL differs from standard SQL in a way no rule can avoid:
`CAST(x AS VARCHAR)` without a length is `CAST(x AS STRING)` there. `consistency`
normalises results to what SQLite gives (decimals as floats, booleans as 0/1), so that
findings and their ids are the same.

PySpark is optional (`pip install 'tekser[spark]'`) and imported only here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tekser.core.contract import table_fields
from tekser.core.errors import MissingEngine, TekserError
from tekser.core.rules import Rule
from tekser.core.sql import boolean_values, missing_values
from tekser.package.descriptor import Package, is_table
from tekser.stages.consistency.equations import (
    EQUATIONS,
    EQUATIONS_COLUMNS,
    FIGURES_NEEDED,
    FIGURES_SOURCE,
    RELATIONS_NEEDED,
    RELATIONS_SOURCE,
    equation_rows,
    figure_values,
)
from tekser.stages.consistency.sandbox import guard, refusal
from tekser.stages.consistency.sqlite import (
    PACE_SOURCE,
    PACE_WORDS,
    PACE_WORDS_COLUMNS,
    PERIOD_COLUMNS,
    PERIODS,
    PRINTED_YEARS,
    VALUES,
    VALUES_COLUMNS,
    VALUES_SOURCES,
    dated_fields,
    derivable,
    empty_tables,
    pace_rows,
    value_rows,
)

_VARCHAR = re.compile(r"\bAS\s+VARCHAR\b(?!\s*\()", re.IGNORECASE)


def require_pyspark() -> None:
    """Raise TekserError (exit 2) unless PySpark can be imported."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        raise MissingEngine(
            "the spark engine needs PySpark, which is not installed: "
            "pip install 'tekser[spark]' (and Java 17 or later)"
        )
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        raise MissingEngine("the spark engine needs Java (17 or later): no `java` on PATH")


_WINDOW = re.compile(r"\bWINDOW\s+(?P<name>\w+)\s+AS\s*\(", re.IGNORECASE)
_FRAME = re.compile(r"\s+(?:ROWS|RANGE|GROUPS)\s+BETWEEN\s+.*$", re.IGNORECASE | re.DOTALL)
_RANKING = r"\b(?P<function>(?:ROW_NUMBER|RANK|DENSE_RANK|PERCENT_RANK|CUME_DIST)\s*\(\s*\))"


def spark_sql(query: str) -> str:
    """A rule's standard SQL in Spark's dialect: `VARCHAR` without a length is `STRING`, and
    a ranking function over a named window that has a frame is given the window without
    its frame (a ranking function ignores frames in standard SQL; Spark refuses them)."""
    query = _VARCHAR.sub("AS STRING", query)
    windows: dict[str, str] = {}
    for match in _WINDOW.finditer(query):
        depth, end = 1, match.end()
        while end < len(query) and depth:
            depth += {"(": 1, ")": -1}.get(query[end], 0)
            end += 1
        specification = query[match.end() : end - 1]
        unframed = _FRAME.sub("", specification)
        if unframed != specification:
            windows[match["name"]] = unframed
    for name, unframed in windows.items():
        ranked = re.compile(_RANKING + rf"\s+OVER\s+{re.escape(name)}\b", re.IGNORECASE)
        query = ranked.sub(r"\g<function> OVER (" + unframed.replace("\\", r"\\") + ")", query)
    return query


@contextlib.contextmanager
def _stderr_to(log: Path) -> Iterator[None]:
    """While Spark starts its JVM, file descriptor 2 is `log`: the JVM inherits it and keeps
    writing there (start-up notices, log4j), while this process gets its stderr back."""
    sys.stderr.flush()
    saved = os.dup(2)
    target = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.dup2(target, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(target)


def _last_line(log: Path) -> str:
    """What the JVM last said, for an error message: its last exception or error line (a
    Java stack trace ends in frames, which say nothing to a user), else its last line."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    said = [line.strip() for line in lines if line.strip()]
    said = [line for line in said if not line.startswith(("at ", "..."))] or said
    errors = [line for line in said if "Exception" in line or "Error" in line]
    return (errors or said or [""])[-1][:200]


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SparkEngine:
    """A local Spark session holding the package's tables as temporary views."""

    def __init__(self, package: Package, workdir: Path) -> None:
        require_pyspark()
        logging.getLogger("py4j").setLevel(logging.ERROR)
        with warnings.catch_warnings():
            # PySpark warns, e.g. about the pandas version, on import and when it first
            # converts; none of it is the user's business.
            warnings.simplefilter("ignore")
            self.spark = self._session(workdir)
            self.spark.sparkContext.setLogLevel("ERROR")
            self._raw: list[str] = []
            self.tables = self._load(package)
        # the sandbox's check of a rule's SQL is SQLite's, against the same tables empty
        self._checker = empty_tables(package)
        guard(self._checker)

    @staticmethod
    def _session(workdir: Path) -> Any:
        """A Spark session: local on loopback by default, no UI, no progress bars; the JVM's
        own output goes to `spark-jvm.log` in `workdir`, not to the user's terminal."""
        from pyspark.sql import SparkSession

        master = os.environ.get("TEKSER_SPARK_MASTER", "local[*]")
        builder = (
            SparkSession.builder.master(master)
            .appName("tekser")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.ansi.enabled", "false")  # as SQLite: a bad cast is NULL
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", os.environ.get("TEKSER_SPARK_MEMORY", "2g"))
        )
        if master.startswith("local"):  # a local session listens on loopback only
            builder = builder.config("spark.driver.host", "127.0.0.1").config(
                "spark.driver.bindAddress", "127.0.0.1"
            )
        log = workdir / "spark-jvm.log"
        try:
            with _stderr_to(log):
                return builder.getOrCreate()
        except Exception as exc:  # no JVM, no memory: one line, not a Java stack trace
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            said = _last_line(log)
            raise TekserError(
                f"could not start Spark: {first}" + (f" (the JVM said: {said})" if said else "")
            ) from None

    def close(self) -> None:
        """Forget the package: its views and cached tables (the session stays, for the next
        run in this process; it ends with the process)."""
        for name in [*self.tables, *self._raw]:
            self.spark.catalog.dropTempView(name)
        self.spark.catalog.clearCache()
        self._checker.close()

    def _load(self, package: Package) -> list[str]:
        names: list[str] = []
        periods: list[str] = []
        for resource in package.resources:
            name = resource.get("name")
            if not isinstance(name, str) or not is_table(resource):
                continue
            if name in package.remote:
                continue  # not read: structure reports it
            schema = package.schema(name)
            path = package.resource_file(name)
            raw = (
                self.spark.read.option("header", "true")
                .option("multiLine", "true")
                .option("escape", '"')
                .option("encoding", "UTF-8")
                .option("inferSchema", "false")
                .option("mode", "PERMISSIVE")
                .csv(str(path))
            )
            raw = raw.toDF(*[column.lstrip("\ufeff") for column in raw.columns])
            view = f"tekser_raw_{len(names)}"
            raw.createOrReplaceTempView(view)
            self._raw.append(view)
            present = set(raw.columns)
            described = {f.get("name"): f for f in schema.get("fields", []) if isinstance(f, dict)}
            columns = [
                f"{self._cast(described.get(field) or {'type': kind}, field, schema, present)} "
                f"AS {_quote(field)}"
                for field, kind in table_fields(name, schema)
            ]
            typed = self.spark.sql(f"SELECT {', '.join(columns) or '1 AS _'} FROM {view}")
            typed.cache().createOrReplaceTempView(name)
            names.append(name)
            periods.extend(self._periods(name, schema, view, present))
        self.spark.sql(
            " UNION ALL ".join(periods)
            if periods
            else "SELECT "
            + ", ".join(
                f"CAST(NULL AS STRING) AS {column}"
                for column in ("table_name", "record_id", *PERIOD_COLUMNS)
            )
            + " WHERE FALSE"
        ).cache().createOrReplaceTempView(PERIODS)
        self.spark.sql(
            "SELECT table_name, record_id, source_id, provenance_id, "
            "CAST(token AS BIGINT) AS year_printed, token, period_start, period_end, "
            f"date_printed, date_note FROM {PERIODS} "
            "LATERAL VIEW explode(regexp_extract_all(COALESCE(date_printed, ''), '[0-9]+', 0)) "
            "digits AS token WHERE length(token) IN (3, 4)"
        ).cache().createOrReplaceTempView(PRINTED_YEARS)
        self._derived(set(names))
        return [*names, PERIODS, PRINTED_YEARS, VALUES, PACE_WORDS, EQUATIONS]

    def _derived(self, tables: set[str]) -> None:
        """`tekser_values` and `tekser_pace_words`, built by the same code as on SQLite from
        the same selection of the typed views."""
        values: list[tuple[Any, ...]] = []
        for table, query in VALUES_SOURCES.items():
            if table in tables and derivable(table, set(self.spark.table(table).columns)):
                selected = (tuple(row) for row in self.spark.sql(query).toLocalIterator())
                values.extend(value_rows(table, selected))
        paces: list[tuple[Any, ...]] = []
        if "claims" in tables and derivable("pace", set(self.spark.table("claims").columns)):
            paces = list(pace_rows(tuple(row) for row in self.spark.sql(PACE_SOURCE).collect()))
        for name, columns, rows in (
            (VALUES, VALUES_COLUMNS, values),
            (PACE_WORDS, PACE_WORDS_COLUMNS, paces),
        ):
            schema = ", ".join(
                f"{column} {'DOUBLE' if kind == 'REAL' else 'STRING'}" for column, kind in columns
            )
            frame = self.spark.createDataFrame(rows, schema=schema)
            frame.cache().createOrReplaceTempView(name)
        equations: list[tuple[Any, ...]] = []
        if (
            {"relations", "figures"} <= tables
            and set(self.spark.table("relations").columns) >= RELATIONS_NEEDED
            and set(self.spark.table("figures").columns) >= FIGURES_NEEDED
        ):
            figures = figure_values(
                tuple(row) for row in self.spark.sql(FIGURES_SOURCE).toLocalIterator()
            )
            relations = (tuple(row) for row in self.spark.sql(RELATIONS_SOURCE).toLocalIterator())
            equations = list(equation_rows(relations, figures))
        schema = ", ".join(
            f"{column} {'BIGINT' if kind == 'INTEGER' else 'STRING'}"
            for column, kind in EQUATIONS_COLUMNS
        )
        self.spark.createDataFrame(equations, schema=schema).cache().createOrReplaceTempView(
            EQUATIONS
        )

    @staticmethod
    def _cast(
        description: dict[str, Any], field: str, schema: dict[str, Any], present: set[str]
    ) -> str:
        """A CSV cell as the SQL value of its Table Schema type, as `cells.caster` reads it: a
        missing value NULL, a boolean by its true and false values, a number by Spark's
        `CAST` (NULL where it does not cast, as `cells` has it)."""
        if field not in present:
            return "CAST(NULL AS STRING)"
        column, missing = _quote(field), sorted(missing_values(description, schema))
        if missing == [""]:
            cell = f"NULLIF({column}, '')"
        elif missing:
            words = ", ".join(map(_literal, missing))
            cell = f"CASE WHEN {column} IN ({words}) THEN NULL ELSE {column} END"
        else:
            cell = column
        kind = description.get("type", "string")
        if kind in ("integer", "year"):
            return f"CAST({cell} AS BIGINT)"
        if kind == "number":
            return f"CAST({cell} AS DOUBLE)"
        if kind == "boolean":
            true, false = boolean_values(description)
            cases = [f"WHEN {cell} IS NULL THEN NULL"]
            for values, value in ((false, "FALSE"), (true, "TRUE")):  # false first, as in cells
                if values:
                    listed = ", ".join(map(_literal, values))
                    cases.append(f"WHEN {cell} IN ({listed}) THEN {value}")
            return f"CASE {' '.join(cases)} ELSE CAST(NULL AS BOOLEAN) END"
        return cell

    @staticmethod
    def _periods(name: str, schema: dict[str, Any], view: str, present: set[str]) -> list[str]:
        """The rows of `tekser_periods` from one table, as `database._insert_periods` builds
        them."""
        dated = dated_fields(schema)
        if dated is None:
            return []
        id_field, fields = dated
        stored = fields & present

        def cell(field: str) -> str:
            return f"NULLIF({_quote(field)}, '')" if field in stored else "CAST(NULL AS STRING)"

        record = f"COALESCE({_quote(id_field)}, '')" if id_field in stored else "''"
        columns = [
            f"{_literal(name)} AS table_name",
            f"{record} AS record_id",
            *(f"{cell(field)} AS {field}" for field in PERIOD_COLUMNS),
        ]
        return [f"SELECT {', '.join(columns)} FROM {view}"]

    def datasource(self, context: Any) -> Any:
        return context.data_sources.add_spark(name="package")

    def batch(self, source: Any, table: str) -> Any:
        asset = source.add_dataframe_asset(name=table)
        definition = asset.add_batch_definition_whole_dataframe("whole")
        return definition.get_batch(batch_parameters={"dataframe": self.spark.table(table)})

    def fetch(self, query: str) -> list[dict[str, Any]]:
        return [row.asDict() for row in self.spark.sql(spark_sql(query)).collect()]

    def sql(self, query: str) -> str:
        return spark_sql(query)

    def refusal(self, rule: Rule) -> str:
        """The sandbox's refusal of the SQL Spark would run: strictly, as Spark SQL is not
        what SQLite prepares (a query the check cannot prepare is refused, as is what Spark
        reads otherwise, such as a backslash in a string)."""
        return refusal(self._checker, spark_sql(rule.sql), rule.table, strict=True)

    # GX's query for a column expectation's unexpected rows is not SQL on Spark
    runs_gx_queries = False
    quote = staticmethod(_quote)
