"""One reading of a cell for both databases tekser builds: the validation database the
consistency suite runs on (`database.load_sqlite`) and the release's (`release.database`).

Both read every cell with `tekser.core.sql`, which reads it as frictionless does (frictionless is
the oracle here); the validation loader leaves to SQL the cells SQL reads exactly, so its
typed cells are compared, value and SQL type, with the release's: on a published bundled
package, and on a small package of awkward cells.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tekser.core.report import Report
from tekser.core.sql import SQL_TYPES, caster, quote_identifier, sql_cast
from tekser.package.descriptor import Package
from tekser.release.database import build_database
from tekser.release.model import Release, Table
from tekser.release.publish import publish_package
from tekser.stages.consistency.sqlite import load_sqlite
from tests.conftest import ROOT, copy_package

Cells = dict[str, list[tuple[Any, str]]]

# every field type tekser casts, with frictionless's options, and cells that read, that are
# missing, and that do not read as their type
FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string"},
    {"name": "count", "type": "integer"},
    {"name": "loose", "type": "integer", "bareNumber": False},
    {"name": "year", "type": "year"},
    {"name": "amount", "type": "number"},
    {"name": "grouped", "type": "number", "decimalChar": ",", "groupChar": " "},
    {"name": "flag", "type": "boolean"},
    {"name": "answer", "type": "boolean", "trueValues": ["yes", "oui"], "falseValues": ["no"]},
    {"name": "note", "type": "string", "missingValues": ["-"]},
    {"name": "text", "type": "string"},
    {"name": "day", "type": "date"},
]
CELLS = {
    "count": ["12", "0", "-5", "007", " 12 ", "+7", "1_000", "12.0", "1e3", "abc", "", "NA",
              "9223372036854775807", "9223372036854775808", "١٢"],
    "loose": ["12", "12 cells", "$7", "-3", "x", ""],
    "year": ["1934", "0931", "934", " 934", "-123", "19340", "", "NA"],
    "amount": ["2.5", "2.50", "12", "12.0", "1e3", "-0", "0.1", "1_000.5", "NaN", "inf", "",
               "NA", "x", " 3.25 ", "1e999"],
    "grouped": ["1 234,5", "12,0", "1.5", "7", ""],
    "flag": ["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "yes", "t", "", "NA"],
    "answer": ["yes", "oui", "no", "true", "0", ""],
    "note": ["-", "", "a note", "NA"],
    "text": ["", "NA", "a", "'quoted'", "12"],
    "day": ["1934-01-26", "", "26 January"],
}  # fmt: skip
MISSING = ["", "NA"]


def frictionless_value(field: dict[str, Any], cell: str) -> Any:
    """What frictionless reads `cell` as, stored as SQL stores it (None when it does not
    read: frictionless reports a type error). A type tekser does not cast (a date, say) is
    kept as its text, NULL when missing."""
    from frictionless import Schema

    schema = Schema.from_descriptor({"fields": [field], "missingValues": MISSING})
    value, notes = schema.fields[0].read_cell(cell)
    if field["type"] not in SQL_TYPES:
        return None if value is None and not notes else cell
    if notes or value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if value == value.to_integral_value() and -(2**63) <= value < 2**63:
            return int(value)
        return float(value)
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def awkward_package(folder: Path) -> Path:
    """A plain Data Package of one table: a row per cell of `CELLS`, its cell in its column."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [field["name"] for field in FIELDS]
    rows = []
    for column, cells in CELLS.items():
        for index, cell in enumerate(cells):
            rows.append({"id": f"{column}-{index}", column: cell})
    with (folder / "cells.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    schema = {"fields": FIELDS, "missingValues": MISSING, "primaryKey": "id"}
    descriptor = {
        "name": "awkward-cells",
        "resources": [{"name": "cells", "type": "table", "path": "cells.csv", "schema": schema}],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def typed_cells(database: Path, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    """Every row of `table`, each cell with its SQL type, in file order."""
    connection = sqlite3.connect(database)
    try:
        select = ", ".join(f"{quote_identifier(c)}, typeof({quote_identifier(c)})" for c in columns)
        query = f"SELECT {select} FROM {quote_identifier(table)} ORDER BY rowid"
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def columns_of(database: Path, table: str) -> list[tuple[str, str]]:
    connection = sqlite3.connect(database)
    try:
        info = connection.execute(f"PRAGMA table_info({quote_identifier(table)})").fetchall()
        return [(row[1], row[2]) for row in info]
    finally:
        connection.close()


def release_of(package: Package) -> Release:
    """A release of the package's tables as they are, with nothing else in it."""
    tables = {}
    for resource in package.resources:
        name = resource["name"]
        header, _ = package.iter_records(name)
        tables[name] = Table(
            name, resource["path"], package.schema(name), header, package.read_table(name)
        )
    return Release(
        name=package.descriptor.get("name", "package"),
        version="0",
        created="2026-01-01T00:00:00Z",
        descriptor=package.descriptor,
        tables=tables,
        report=Report(package=str(package.root)),
        decisions=[],
        decision_states={},
        corrections={},
        open_questions=[],
    )


def assert_same_cells(validation: Path, release: Path, tables: list[str]) -> int:
    """The release's tables hold, column for column, the validation database's typed cells;
    returns the number of cells compared."""
    compared = 0
    for table in tables:
        declared = columns_of(release, table)
        assert declared, table
        validation_columns = dict(columns_of(validation, table))
        for column, kind in declared:  # one SQL type in both, booleans as INTEGER
            assert validation_columns.get(column) == kind, (table, column)
        names = [column for column, _ in declared]
        held = typed_cells(validation, table, names)
        assert typed_cells(release, table, names) == held, table
        compared += len(held) * len(names)
    return compared


def test_cells_read_as_frictionless_reads_them() -> None:
    schema = {"fields": FIELDS, "missingValues": MISSING}
    for field in FIELDS:
        read = caster(field, schema)
        for cell in CELLS.get(field["name"], []):
            expected = frictionless_value(field, cell)
            got = read(cell)
            assert (got, type(got)) == (expected, type(expected)), (field, cell)


def test_sql_reads_a_cell_as_the_caster_does() -> None:
    """The validation loader's SQL (`sql_cast`, with the caster as its fallback) gives what
    the caster gives, for every cell."""
    schema = {"fields": FIELDS, "missingValues": MISSING}
    connection = sqlite3.connect(":memory:")
    try:
        for field in FIELDS:
            connection.create_function("fallback", 1, caster(field, schema), deterministic=True)
            expression = sql_cast(field, schema, "?1", "fallback")
            for cell in CELLS.get(field["name"], []):
                (got,) = connection.execute(f"SELECT {expression}", (cell,)).fetchone()
                expected = caster(field, schema)(cell)
                assert (got, type(got)) == (expected, type(expected)), (field, cell, expression)
    finally:
        connection.close()


def test_both_databases_hold_the_same_awkward_cells(tmp_path: Path) -> None:
    package = Package.open(awkward_package(tmp_path / "package"))
    validation = tmp_path / "validation.sqlite"
    load_sqlite(package, validation)
    release = tmp_path / "release.sqlite"
    release.write_bytes(build_database(release_of(package)))
    assert assert_same_cells(validation, release, ["cells"]) > 100
    # and what they hold is what frictionless reads
    names = [field["name"] for field in FIELDS]
    rows = typed_cells(validation, "cells", names)
    for field in FIELDS[1:]:
        column = field["name"]
        position = names.index(column) * 2  # each cell is followed by its type
        held = [row[position] for row in rows if row[0].startswith(f"{column}-")]
        assert held == [frictionless_value(field, cell) for cell in CELLS[column]], column
    booleans = dict(columns_of(validation, "cells"))
    assert booleans["flag"] == booleans["answer"] == "INTEGER"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report excerpt, published as it is (every warning of it is decided)."""
    folder = tmp_path_factory.mktemp("published")
    package = copy_package(ROOT / "examples" / "stalin-1934", folder / "package")
    return publish_package(package, folder / "release").out


def test_release_database_holds_the_validation_databases_cells(
    published: Path, tmp_path: Path
) -> None:
    """The release's SQLite and the validation database of the same package (the release,
    itself a package) hold every table's typed cells alike."""
    package = Package.open(published)
    validation = tmp_path / "validation.sqlite"
    load_sqlite(package, validation)
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    release = published / f"{descriptor['name']}.sqlite"
    tables = [r["name"] for r in descriptor["resources"] if r.get("type") == "table"]
    assert {"figures", "provenance", "claims", "part_whole"} <= set(tables)
    assert assert_same_cells(validation, release, tables) > 1000
