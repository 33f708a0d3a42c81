"""The package loaded into an embedded SQLite database, where the consistency suite runs."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from tekser.core.contract import pace_lexicon, table_fields
from tekser.core.sql import SQL_TYPES, caster, quote_identifier, sql_cast, sql_type
from tekser.package.descriptor import Package, is_table
from tekser.seeds.text import digit_runs
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
from tekser.stages.consistency.precision import last_digit
from tekser.stages.consistency.sandbox import IndexGuard

# Derived tables, the same for every package: one row per dated statement, and one per year
# printed in a date, so that rules on dates are plain SQL over any table that has periods.
PERIODS = "tekser_periods"
PRINTED_YEARS = "tekser_printed_years"
# One row per stated number the rules compare within a tolerance (figures' values, claims'
# magnitudes): its statistic, its scale factor and the value of one unit of its last printed
# digit; and one row per pace word of a claim's `pace_printed`, read with the pace lexicon.
VALUES = "tekser_values"
PACE_WORDS = "tekser_pace_words"
DERIVED = (PERIODS, PRINTED_YEARS, VALUES, PACE_WORDS, EQUATIONS)
VALUES_COLUMNS = (
    ("table_name", "TEXT"), ("record_id", "TEXT"), ("statistic", "TEXT"),
    ("scale_factor", "REAL"), ("last_digit", "REAL"),
)  # fmt: skip
PACE_WORDS_COLUMNS = (
    ("claim_id", "TEXT"), ("language", "TEXT"), ("pace_printed", "TEXT"), ("word", "TEXT"),
    ("pace", "TEXT"),
)  # fmt: skip
# What each engine selects to build them (the same query on SQLite and on Spark).
VALUES_SOURCES = {
    "figures": "SELECT figure_id, statistic, printed, value, scale FROM figures",
    "claims": "SELECT claim_id, NULL, magnitude_printed, magnitude, NULL FROM claims "
    "WHERE magnitude IS NOT NULL",
}
PACE_SOURCE = (
    "SELECT claim_id, language, pace_printed FROM claims "
    "WHERE pace_printed IS NOT NULL AND pace_printed <> ''"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# the columns of `tekser_periods` after `table_name` and `record_id`, as a dated table has them
PERIOD_COLUMNS = (
    "source_id", "provenance_id", "period_start", "period_end", "date_printed", "date_note"
)  # fmt: skip


def dated_fields(schema: dict[str, Any]) -> tuple[str, set[str]] | None:
    """For a table with periods (`period_start`, `period_end`, `provenance_id`): the field that
    names its rows in `tekser_periods` (the first of its primary key, else `provenance_id`)
    and the fields of its schema; None for any other table."""
    fields = {f["name"] for f in schema.get("fields", [])}
    if not {"period_start", "period_end", "provenance_id"} <= fields:
        return None
    key = schema.get("primaryKey")
    return (key if isinstance(key, str) else key[0] if key else "provenance_id"), fields


def _create(name: str, schema: dict[str, Any]) -> str:
    fields = table_fields(name, schema)
    columns = [f"{quote_identifier(field)} {sql_type(kind)}" for field, kind in fields]
    return f"CREATE TABLE {quote_identifier(name)} ({', '.join(columns)})"


def _index(name: str, schema: dict[str, Any]) -> str | None:
    """An index on the table's primary key, for the rules' joins — not a constraint: a
    duplicate, missing or NULL key is structure's finding, and every other stage sees the
    data as it is."""
    key = schema.get("primaryKey")
    keys = [key] if isinstance(key, str) else key if isinstance(key, list) else []
    fields = {field for field, _ in table_fields(name, schema)}
    if not keys or not set(keys) <= fields:
        return None
    return (
        f"CREATE INDEX {quote_identifier(f'tekser_key_{name}')} ON {quote_identifier(name)} "
        f"({', '.join(map(quote_identifier, keys))})"
    )


def _table_resources(package: Package) -> Iterator[tuple[str, dict[str, Any]]]:
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and is_table(resource) and name not in package.remote:
            yield name, package.schema(name)  # a remote table is not read: structure says so


def load_sqlite(package: Package, path: Path, indexes: Iterable[str] = ()) -> list[str]:
    """Write every table of `package` into a new SQLite file at `path`; return table names.
    `indexes` (`TABLE (COLUMNS)`, the rules' `index:` headers) are built once all is loaded.

    Keys are indexed, not enforced: structure is frictionless's stage, and the suite must see
    the data as it is (a duplicated key is two rows). Tables are streamed, never held in
    memory, and each cell is read once, by `cells` (as the release database reads it); a
    column of plain text goes from the CSV reader to SQLite untouched, as the floor loads it.
    """
    connection = sqlite3.connect(path)
    # a scratch database, rebuilt on every run: no journal, no waiting for the disk
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    names: list[str] = []
    try:
        _create_derived(connection)
        for name, schema in _table_resources(package):
            connection.execute(_create(name, schema))
            header, records = package.iter_records(name)
            statement, rows = _insertion(connection, len(names), name, schema, header, records)
            connection.executemany(statement, rows)
            index = _index(name, schema)
            if index:  # built once the table is whole: faster than kept up row by row
                connection.execute(index)
            names.append(name)
            _insert_periods(connection, name, schema, header)
        _insert_printed_years(connection)
        _insert_derived(connection, set(names))
        _create_rule_indexes(connection, indexes)
        # the planner's statistics of every table and index (a fraction of a second at 10^6
        # figures): without them SQLite takes any index for selective, and a rule's join may
        # search an organisation's every figure where one lookup would do
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()
    return [*names, *DERIVED]


def empty_tables(package: Package) -> sqlite3.Connection:
    """An SQLite database in memory with the tables `load_sqlite` makes of `package`, empty:
    the names and columns a rule may read, to check a rule's SQL against (`sandbox`) where
    it runs on another engine."""
    connection = sqlite3.connect(":memory:")
    _create_derived(connection)
    for name, schema in _table_resources(package):
        connection.execute(_create(name, schema))
    return connection


def _create_rule_indexes(connection: sqlite3.Connection, indexes: Iterable[str]) -> None:
    """The indexes the rules ask for, each once. An index SQLite cannot build (a table the
    package lacks, a column the table lacks) is left out: it was only a speed, and the rule
    that reads the table or column says what is wrong when it runs."""
    connection.set_authorizer(IndexGuard())  # a header's columns are a package's SQL
    try:
        for number, index in enumerate(sorted(set(indexes))):
            table, _, columns = index.partition(" ")
            name = quote_identifier(f"tekser_rule_index_{number}")
            try:
                connection.execute(f"CREATE INDEX {name} ON {quote_identifier(table)} {columns}")
            except sqlite3.Error:
                continue
    finally:
        connection.set_authorizer(None)


def _insertion(
    connection: sqlite3.Connection,
    number: int,
    name: str,
    schema: dict[str, Any],
    header: list[str],
    records: Iterator[list[str]],
) -> tuple[str, Iterable[Sequence[Any]]]:
    """The INSERT of table `name` and its rows from the CSV records: the cell of each field
    (by name; a field the header lacks is NULL), read as `cells` reads it. When the header is
    the table's columns in order, the records go to SQLite as they are and the INSERT reads
    them (`cells.sql_cast`, calling the column's caster only for a cell SQL cannot read
    exactly); otherwise each row is put in order and cast here."""
    described = {f.get("name"): f for f in schema.get("fields", []) if isinstance(f, dict)}
    fields = [
        described.get(field) or {"name": field, "type": kind}
        for field, kind in table_fields(name, schema)
    ]
    position = {column: index for index, column in enumerate(header)}  # the last of a name
    table = quote_identifier(name)
    if [position.get(field["name"]) for field in fields] == list(range(len(header))):
        expressions = []
        for index, field in enumerate(fields):
            fallback = f"tekser_cast_{number}_{index}"  # one SQL function per column
            if field.get("type") in ("integer", "year", "number"):
                cast = caster(field, schema)
                connection.create_function(fallback, 1, cast, deterministic=True)
            expressions.append(sql_cast(field, schema, f"?{index + 1}", fallback))
        return f"INSERT INTO {table} VALUES ({', '.join(expressions)})", records
    columns = [(position.get(field["name"]), caster(field, schema)) for field in fields]
    marks = ", ".join("?" for _ in fields)
    rows = ([None if i is None else cast(record[i]) for i, cast in columns] for record in records)
    return f"INSERT INTO {table} VALUES ({marks})", rows


def _insert_periods(
    connection: sqlite3.Connection, name: str, schema: dict[str, Any], header: list[str]
) -> None:
    """The rows of `tekser_periods` from table `name`: (table, record id, source, provenance,
    start, end, printed, note) for each of its rows, when it has periods."""
    dated = dated_fields(schema)
    if dated is None:
        return
    id_field, fields = dated
    stored = fields & set(header)
    types = {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}

    def cell(field: str) -> str:
        # as stored in the CSV: an empty cell is NULL, a value its text
        if field not in stored:
            return "NULL"
        column = quote_identifier(field)
        return column if types[field] not in SQL_TYPES else f"CAST({column} AS TEXT)"

    record = f"COALESCE({cell(id_field)}, '')" if id_field in stored else "''"
    columns = ", ".join(cell(field) for field in PERIOD_COLUMNS)
    table = quote_identifier(name)
    connection.execute(
        f"INSERT INTO {PERIODS} SELECT ?, {record}, {columns} FROM {table} ORDER BY rowid", (name,)
    )


@lru_cache(maxsize=4096)
def _scale_factor(scale: str | None) -> float | None:
    """The multiplier of a `scale` as a float; None for a scale tekser does not know."""
    from tekser.seeds.numbers import NumberError, scale_factor

    try:
        return float(scale_factor(scale or ""))
    except NumberError:
        return None


def value_rows(
    table: str, rows: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[str, str, Any, float | None, float | None]]:
    """The rows of `tekser_values` from (record id, statistic, printed, value, scale) rows of
    `table`, as either engine selects them (`VALUES_SOURCES`)."""
    for record_id, statistic, printed, value, scale in rows:
        yield (table, record_id, statistic, _scale_factor(scale), last_digit(printed, value))


def _pace_key(word: str) -> str:
    return word.casefold().replace("ё", "е").replace("i", "і")


def pace_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[str, str, str, str, str]]:
    """The rows of `tekser_pace_words` from (claim id, language, pace_printed) rows: one per
    word of `pace_printed` that begins with a stem of the pace lexicon of the claim's
    language (its primary subtag), with the pace that stem says."""
    lexicon = pace_lexicon()
    for claim_id, language, printed in rows:
        stems = lexicon.get(str(language or "").split("-")[0].lower(), {})
        for word in _WORD.findall(printed or ""):
            key = _pace_key(word)
            for pace, forms in sorted(stems.items()):
                if any(key.startswith(_pace_key(stem)) for stem in forms):
                    yield (claim_id, language, printed, word, pace)


def derivable(source: str, columns: set[str]) -> bool:
    """Whether a table has the columns a derived table is built from (a package that is not
    a tekser package may have a `figures` table of its own)."""
    needed = {
        "figures": {"figure_id", "statistic", "printed", "value", "scale"},
        "claims": {"claim_id", "magnitude_printed", "magnitude"},
        "pace": {"claim_id", "language", "pace_printed"},
    }[source]
    return needed <= columns


# The unit of the last digit of a value: 1 for a whole value printed as SQL writes it (in at
# most 15 characters, which a float holds exactly), as `last_digit` says of it; any other
# value is read by `last_digit` itself.
_LAST_DIGIT = (
    "CASE WHEN typeof(value) = 'integer' AND CAST(value AS TEXT) = printed "
    "AND length(printed) <= 15 THEN 1.0 ELSE tekser_last_digit(printed, value) END"
)


def _insert_derived(connection: sqlite3.Connection, tables: set[str]) -> None:
    """`tekser_values` and `tekser_pace_words`, from the tables as loaded: the values in
    SQL, calling the Python that reads a scale and a printed precision (`value_rows`'s)."""
    connection.create_function("tekser_scale_factor", 1, _scale_factor, deterministic=True)
    connection.create_function("tekser_last_digit", 2, last_digit, deterministic=True)

    def columns(table: str) -> set[str]:
        info = connection.execute(f"PRAGMA table_info({quote_identifier(table)})")
        return {row[1] for row in info}

    for table, query in VALUES_SOURCES.items():
        if table in tables and derivable(table, columns(table)):
            connection.execute(
                f"WITH selected (record_id, statistic, printed, value, scale) AS ({query}) "
                f"INSERT INTO {VALUES} SELECT ?, record_id, statistic, "
                f"tekser_scale_factor(scale), {_LAST_DIGIT} FROM selected",
                (table,),
            )
    connection.execute(f"CREATE INDEX tekser_values_record ON {VALUES} (record_id, table_name)")
    if "claims" in tables and derivable("pace", columns("claims")):
        found = pace_rows(_streamed(connection.execute(PACE_SOURCE)))
        connection.executemany(f"INSERT INTO {PACE_WORDS} VALUES (?, ?, ?, ?, ?)", found)
    if (
        {"relations", "figures"} <= tables
        and columns("relations") >= RELATIONS_NEEDED
        and columns("figures") >= FIGURES_NEEDED
    ):
        values = figure_values(_streamed(connection.execute(FIGURES_SOURCE)))
        rows = equation_rows(_streamed(connection.execute(RELATIONS_SOURCE)), values)
        marks = ", ".join("?" for _ in EQUATIONS_COLUMNS)
        connection.executemany(f"INSERT INTO {EQUATIONS} VALUES ({marks})", rows)


def _streamed(cursor: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, a batch at a time (never all of them at once)."""
    while batch := cursor.fetchmany(10_000):
        yield from batch


def _create_derived(connection: sqlite3.Connection) -> None:
    for name, columns in (
        (VALUES, VALUES_COLUMNS),
        (PACE_WORDS, PACE_WORDS_COLUMNS),
        (EQUATIONS, EQUATIONS_COLUMNS),
    ):
        connection.execute(
            f"CREATE TABLE {name} ({', '.join(f'{c} {kind}' for c, kind in columns)})"
        )
    connection.execute(
        f"CREATE TABLE {PERIODS} (table_name TEXT, record_id TEXT, source_id TEXT, "
        "provenance_id TEXT, period_start TEXT, period_end TEXT, date_printed TEXT, "
        "date_note TEXT)"
    )
    connection.execute(
        f"CREATE TABLE {PRINTED_YEARS} (table_name TEXT, record_id TEXT, source_id TEXT, "
        "provenance_id TEXT, year_printed INTEGER, token TEXT, period_start TEXT, "
        "period_end TEXT, date_printed TEXT, date_note TEXT)"
    )


def _insert_printed_years(connection: sqlite3.Connection) -> None:
    """One row of `tekser_printed_years` per year printed in a period's `date_printed`: the
    years of each distinct `date_printed` read once, then joined to the periods in SQL."""
    connection.execute(
        "CREATE TEMP TABLE tekser_year_tokens (printed TEXT, position INTEGER, token TEXT)"
    )
    printed = connection.execute(
        f"SELECT DISTINCT date_printed FROM {PERIODS} WHERE date_printed IS NOT NULL"
    )
    connection.executemany(
        "INSERT INTO tekser_year_tokens VALUES (?, ?, ?)",
        (
            (text, position, token)
            for (text,) in _streamed(printed)
            for position, token in enumerate(digit_runs(text))
            if len(token) in (3, 4)  # a year as printed, however wrong: 1917, 1971, 917
        ),
    )
    connection.execute(
        "CREATE INDEX temp.tekser_year_tokens_printed ON tekser_year_tokens (printed, position)"
    )
    connection.execute(
        f"INSERT INTO {PRINTED_YEARS} SELECT p.table_name, p.record_id, p.source_id, "
        "p.provenance_id, CAST(t.token AS INTEGER), t.token, p.period_start, p.period_end, "
        f"p.date_printed, p.date_note FROM {PERIODS} p JOIN tekser_year_tokens t "
        "ON t.printed = p.date_printed ORDER BY p.rowid, t.position"
    )
