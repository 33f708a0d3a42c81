"""The package loaded into an embedded SQLite database, where the consistency suite runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tekser.package import Package, Row
from tekser.text import digit_runs

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "BOOLEAN", "year": "INTEGER"}
TRUE_WORDS = {"true", "True", "TRUE", "1", "yes"}

# Derived tables, the same for every package: one row per dated statement, and one per year
# printed in a date, so that rules on dates are plain SQL over any table that has periods.
PERIODS = "tekser_periods"
PRINTED_YEARS = "tekser_printed_years"


def _cast(value: str, field_type: str) -> Any:
    """A CSV cell as the SQL value of its Table Schema type; None when empty or not castable
    (frictionless reports cells that do not cast)."""
    if value == "":
        return None
    try:
        if field_type in ("integer", "year"):
            return int(value)
        if field_type == "number":
            return float(value)
        if field_type == "boolean":
            return 1 if value in TRUE_WORDS else 0
    except ValueError:
        return None
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(name: str, schema: dict[str, Any]) -> str:
    fields = schema.get("fields", [])
    columns = [f"{_quote(f['name'])} {SQL_TYPES.get(f.get('type', ''), 'TEXT')}" for f in fields]
    key = schema.get("primaryKey")
    if key:
        keys = [key] if isinstance(key, str) else key
        columns.append(f"PRIMARY KEY ({', '.join(map(_quote, keys))})")
    return f"CREATE TABLE {_quote(name)} ({', '.join(columns)})"


def _table_resources(package: Package) -> Iterator[tuple[str, dict[str, Any]]]:
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and resource.get("type") == "table":
            yield name, package.schema(name)


def load_sqlite(package: Package, path: Path) -> list[str]:
    """Write every table of `package` into a new SQLite file at `path`; return table names.

    Keys are declared but not enforced: structure is frictionless's stage, and the suite must
    see the data as it is.
    """
    connection = sqlite3.connect(path)
    names: list[str] = []
    periods: list[tuple[Any, ...]] = []
    try:
        for name, schema in _table_resources(package):
            fields = [(f["name"], f.get("type", "string")) for f in schema.get("fields", [])]
            connection.execute(_create(name, schema))
            rows = package.read_table(name)
            placeholders = ", ".join("?" for _ in fields)
            connection.executemany(
                f"INSERT INTO {_quote(name)} VALUES ({placeholders})",
                ([_cast(row.get(field, ""), kind) for field, kind in fields] for row in rows),
            )
            names.append(name)
            periods.extend(_periods(name, schema, rows))
        _derived(connection, periods)
        connection.commit()
    finally:
        connection.close()
    return [*names, PERIODS, PRINTED_YEARS]


def _periods(name: str, schema: dict[str, Any], rows: list[Row]) -> Iterator[tuple[Any, ...]]:
    """(table, record id, source, provenance, start, end, printed, note) for dated rows."""
    fields = {f["name"] for f in schema.get("fields", [])}
    if not {"period_start", "period_end", "provenance_id"} <= fields:
        return
    key = schema.get("primaryKey")
    id_field = key if isinstance(key, str) else key[0] if key else "provenance_id"
    for row in rows:
        yield (
            name,
            row.get(id_field, ""),
            row.get("source_id") or None,
            row.get("provenance_id") or None,
            row.get("period_start") or None,
            row.get("period_end") or None,
            row.get("date_printed") or None,
            row.get("date_note") or None,
        )


def _derived(connection: sqlite3.Connection, periods: list[tuple[Any, ...]]) -> None:
    connection.execute(
        f"CREATE TABLE {PERIODS} (table_name TEXT, record_id TEXT, source_id TEXT, "
        "provenance_id TEXT, period_start TEXT, period_end TEXT, date_printed TEXT, "
        "date_note TEXT)"
    )
    connection.executemany(f"INSERT INTO {PERIODS} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", periods)
    connection.execute(
        f"CREATE TABLE {PRINTED_YEARS} (table_name TEXT, record_id TEXT, source_id TEXT, "
        "provenance_id TEXT, year_printed INTEGER, token TEXT, period_start TEXT, "
        "period_end TEXT, date_printed TEXT, date_note TEXT)"
    )
    years = [
        (*period[:4], int(token), token, *period[4:])
        for period in periods
        for token in digit_runs(period[6] or "")
        if len(token) in (3, 4)  # a year as printed, however wrong: 1917, 1971, 917
    ]
    connection.executemany(
        f"INSERT INTO {PRINTED_YEARS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", years
    )
