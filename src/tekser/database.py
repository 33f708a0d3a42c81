"""The package loaded into an embedded SQLite database, where the consistency suite runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tekser.contract import sql_number, table_fields
from tekser.package import Package, is_table
from tekser.text import digit_runs

SQL_TYPES = {"integer": "INTEGER", "number": "NUMERIC", "boolean": "BOOLEAN", "year": "INTEGER"}
TRUE_WORDS = {"true", "True", "TRUE", "1", "yes"}

# Derived tables, the same for every package: one row per dated statement, and one per year
# printed in a date, so that rules on dates are plain SQL over any table that has periods.
PERIODS = "tekser_periods"
PRINTED_YEARS = "tekser_printed_years"
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


def _cast(value: str, field_type: str) -> Any:
    """A CSV cell as the SQL value of its Table Schema type; None when empty or not castable
    (frictionless reports cells that do not cast)."""
    if value == "":
        return None
    try:
        if field_type in ("integer", "year"):
            return int(value)
        if field_type == "number":
            return sql_number(value)
        if field_type == "boolean":
            return 1 if value in TRUE_WORDS else 0
    except ValueError:
        return None
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(name: str, schema: dict[str, Any]) -> str:
    fields = table_fields(name, schema)
    columns = [f"{_quote(field)} {SQL_TYPES.get(kind, 'TEXT')}" for field, kind in fields]
    return f"CREATE TABLE {_quote(name)} ({', '.join(columns)})"


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
        f"CREATE INDEX {_quote(f'tekser_key_{name}')} ON {_quote(name)} "
        f"({', '.join(map(_quote, keys))})"
    )


def _table_resources(package: Package) -> Iterator[tuple[str, dict[str, Any]]]:
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and is_table(resource) and name not in package.remote:
            yield name, package.schema(name)  # a remote table is not read: structure says so


def load_sqlite(package: Package, path: Path) -> list[str]:
    """Write every table of `package` into a new SQLite file at `path`; return table names.

    Keys are indexed, not enforced: structure is frictionless's stage, and the suite must see
    the data as it is (a duplicated key is two rows). Tables are streamed, never held in memory.
    """
    connection = sqlite3.connect(path)
    # a scratch database, rebuilt on every run: no journal, no waiting for the disk
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    names: list[str] = []
    try:
        _create_derived(connection)
        for name, schema in _table_resources(package):
            fields = table_fields(name, schema)
            connection.execute(_create(name, schema))
            header, records = package.iter_records(name)
            placeholders = ", ".join("?" for _ in fields)
            connection.executemany(
                f"INSERT INTO {_quote(name)} VALUES ({placeholders})",
                _typed(header, records, fields),
            )
            index = _index(name, schema)
            if index:
                connection.execute(index)
            names.append(name)
            _insert_periods(connection, name, schema, header)
        _insert_printed_years(connection)
        connection.commit()
    finally:
        connection.close()
    return [*names, PERIODS, PRINTED_YEARS]


def _typed(
    header: list[str], records: Iterator[list[str]], fields: list[tuple[str, str]]
) -> Iterator[list[Any]]:
    """Each CSV record as the row of its table: the cell of each schema field, by name, cast
    to its type (a field the header lacks is NULL)."""
    position = {name: index for index, name in enumerate(header)}  # the last of a repeated name
    columns = [(position.get(name), kind) for name, kind in fields]
    text_only = all(kind not in SQL_TYPES for _, kind in fields)
    for record in records:
        if text_only:
            yield [None if i is None or record[i] == "" else record[i] for i, _ in columns]
        else:
            yield [None if i is None else _cast(record[i], kind) for i, kind in columns]


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
        column = _quote(field)
        return column if types[field] not in SQL_TYPES else f"CAST({column} AS TEXT)"

    record = f"COALESCE({cell(id_field)}, '')" if id_field in stored else "''"
    columns = ", ".join(cell(field) for field in PERIOD_COLUMNS)
    connection.execute(
        f"INSERT INTO {PERIODS} SELECT ?, {record}, {columns} FROM {_quote(name)} ORDER BY rowid",
        (name,),
    )


def _create_derived(connection: sqlite3.Connection) -> None:
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
    """One row of `tekser_printed_years` per year printed in a period's `date_printed`."""
    reader = connection.cursor()
    reader.execute(f"SELECT * FROM {PERIODS} WHERE date_printed IS NOT NULL ORDER BY rowid")
    while batch := reader.fetchmany(10_000):
        connection.executemany(
            f"INSERT INTO {PRINTED_YEARS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (*period[:4], int(token), token, *period[4:])
                for period in batch
                for token in digit_runs(period[6] or "")
                if len(token) in (3, 4)  # a year as printed, however wrong: 1917, 1971, 917
            ],
        )
