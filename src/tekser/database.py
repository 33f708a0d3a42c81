"""The package loaded into an embedded SQLite database, where the consistency suite runs."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tekser.contract import pace_lexicon, sql_number, table_fields
from tekser.package import Package, is_table
from tekser.text import digit_runs

SQL_TYPES = {"integer": "INTEGER", "number": "NUMERIC", "boolean": "BOOLEAN", "year": "INTEGER"}
TRUE_WORDS = {"true", "True", "TRUE", "1", "yes"}

# Derived tables, the same for every package: one row per dated statement, and one per year
# printed in a date, so that rules on dates are plain SQL over any table that has periods.
PERIODS = "tekser_periods"
PRINTED_YEARS = "tekser_printed_years"
# One row per stated number the rules compare within a tolerance (figures' values, claims'
# magnitudes): its statistic, its scale factor and the value of one unit of its last printed
# digit; and one row per pace word of a claim's `pace_printed`, read with the pace lexicon.
VALUES = "tekser_values"
PACE_WORDS = "tekser_pace_words"
DERIVED = (PERIODS, PRINTED_YEARS, VALUES, PACE_WORDS)
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
_DIGITS = re.compile(r"[0-9]+")
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
        _insert_derived(connection, set(names))
        connection.commit()
    finally:
        connection.close()
    return [*names, *DERIVED]


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


def last_digit(printed: str | None, value: Any) -> float | None:
    """The value of one unit of the last digit `printed` gives, in the units of `value`: 1000
    for "12 миллиардов" read as 12000 (millions), 0.01 for "7,25 миллиона" read as 7.25,
    1 for "2 тысяч 613" (2613). The last run of digits printed is found at the end of the
    value's digits (followed by zeros only); a token without digits (number words) gives the
    last digit of the value itself, and one whose digits are not the value's (a value read
    through a note) gives None: it has no printed precision. The value is taken as the
    engines hold it, a float, so that both give the same."""
    if value is None:
        return None
    try:
        number = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite():
        return None
    text = f"{abs(number).normalize():f}"
    whole, _, fraction = text.partition(".")
    runs = _DIGITS.findall(printed or "")
    if not runs:
        return float(Decimal(1).scaleb(-len(fraction)))
    digits, last = whole + fraction, runs[-1]
    for zeros in range(len(digits) - len(last) + 1):
        if digits.endswith(last + "0" * zeros):
            return float(Decimal(1).scaleb(len(whole) - (len(digits) - zeros)))
    return None


def value_rows(
    table: str, rows: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[str, str, Any, float | None, float | None]]:
    """The rows of `tekser_values` from (record id, statistic, printed, value, scale) rows of
    `table`, as either engine selects them (`VALUES_SOURCES`)."""
    from tekser.numbers import NumberError, scale_factor

    for record_id, statistic, printed, value, scale in rows:
        try:
            factor: float | None = float(scale_factor(scale or ""))
        except NumberError:
            factor = None
        yield (table, record_id, statistic, factor, last_digit(printed, value))


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


def _insert_derived(connection: sqlite3.Connection, tables: set[str]) -> None:
    """`tekser_values` and `tekser_pace_words`, from the tables as loaded."""
    placeholders = ", ".join("?" for _ in VALUES_COLUMNS)

    def columns(table: str) -> set[str]:
        return {row[1] for row in connection.execute(f"PRAGMA table_info({_quote(table)})")}

    for table, query in VALUES_SOURCES.items():
        if table in tables and derivable(table, columns(table)):
            reader = connection.cursor()
            reader.execute(query)
            while batch := reader.fetchmany(10_000):
                connection.executemany(
                    f"INSERT INTO {VALUES} VALUES ({placeholders})", value_rows(table, batch)
                )
    if "claims" in tables and derivable("pace", columns("claims")):
        found = list(pace_rows(connection.execute(PACE_SOURCE).fetchall()))
        connection.executemany(f"INSERT INTO {PACE_WORDS} VALUES (?, ?, ?, ?, ?)", found)


def _create_derived(connection: sqlite3.Connection) -> None:
    for name, columns in ((VALUES, VALUES_COLUMNS), (PACE_WORDS, PACE_WORDS_COLUMNS)):
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
