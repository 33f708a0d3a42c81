"""Spreadsheet safety: cells that a spreadsheet would run as a formula when a reader opens a
released table (CSV injection). The data is never altered: each such column is an info
finding at validate, and the release's README says which columns to import as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.findings import Finding, Severity
from tekser.package.descriptor import Package, is_table

RULE = "structure.spreadsheet-formula"
# A cell a spreadsheet evaluates: `=`, `+`, `-` or `@` first, then text. A signed number
# (-5, +3,5, -12 %) is a number to a spreadsheet too, not a formula.
_FORMULA = r"^[=+@-]\s*\S"
_SIGNED_NUMBER = r"^[+-]\s*[0-9][0-9\s.,']*\s*%?$"
EXAMPLES = 5
_STRING_TYPES = {"string", "any", None}


# What a table's text columns hold that a spreadsheet would run: column → (how many cells,
# the first few as (row number, counting the header as row 1, as frictionless does; cell)).
Found = dict[str, tuple[int, list[tuple[int, str]]]]


class FormulaScan:
    """The formula-like cells of a table, found batch by batch as another stage reads it with
    pyarrow (structure's columnar pass, whose batches hold the fields in order): the table
    is not read again for them."""

    def __init__(self, fields: list[Any]) -> None:
        self.text = {
            index: str(field.name)
            for index, field in enumerate(fields)
            if getattr(field, "type", None) in _STRING_TYPES
        }
        self.found: Found = {}

    def batch(self, batch: Any, first_row: int) -> None:
        """Scan a record batch whose first row is the table's row `first_row` (0-based)."""
        for index, name in self.text.items():
            count, shown = _scan(batch.column(index), first_row, self.found.get(name))
            if count:
                self.found[name] = (count, shown)


def _scan(
    cells: Any, first_row: int, before: tuple[int, list[tuple[int, str]]] | None
) -> tuple[int, list[tuple[int, str]]]:
    import pyarrow as pa
    import pyarrow.compute as pc

    count, shown = before or (0, [])
    # the first character, then the pattern only where it may begin a formula: a column of
    # a million cells costs one pass of a cheap kernel
    first = pc.utf8_slice_codeunits(cells, 0, 1)
    maybe = pc.fill_null(pc.is_in(first, value_set=pa.array(list("=+-@"))), False)
    if not pc.any(maybe).as_py():
        return count, shown
    suspect = pc.and_(
        maybe,
        pc.and_(
            pc.match_substring_regex(cells, _FORMULA),
            pc.invert(pc.match_substring_regex(cells, _SIGNED_NUMBER)),
        ),
    )
    where = pc.indices_nonzero(pc.fill_null(suspect, False)).to_pylist()
    if where and len(shown) < EXAMPLES:
        more = where[: EXAMPLES - len(shown)]
        values = pc.take(cells, pa.array(more)).to_pylist()
        shown = shown + [(first_row + at + 2, str(v)) for at, v in zip(more, values, strict=True)]
    return count + len(where), shown


def formula_findings(package: Package, scanned: dict[str, Found] | None = None) -> list[Finding]:
    """One info finding per column of a table whose cells a spreadsheet would run as
    formulas, with how many and the first few (row number, cell). A table in `scanned` was
    scanned as structure read it; any other is read here, its text columns only."""
    findings: list[Finding] = []
    scanned = scanned or {}
    for name, columns in _text_columns(package):
        found = scanned.get(name)
        if found is None:
            found = _formula_cells(package, name, columns)
        for column in [c for c in columns if c in found]:
            count, rows = found[column]
            shown = ", ".join(f"row {row}: {cell[:40]!r}" for row, cell in rows[:EXAMPLES])
            findings.append(
                Finding(
                    rule=RULE,
                    severity=Severity.INFO,
                    message=f"{count} cell(s) of {name}.{column} begin like a spreadsheet "
                    f"formula ({shown}{', …' if count > EXAMPLES else ''}); a spreadsheet "
                    "opening the released table would run them: import the column as text",
                    records=[
                        {"table": name, "column": column, "row": row, "cell": cell[:200]}
                        for row, cell in rows[:EXAMPLES]
                    ],
                    stage="structure",
                    key=f"{name}:{column}:{count}",
                )
            )
    return findings


def _text_columns(package: Package) -> Iterator[tuple[str, list[str]]]:
    for resource in package.resources:
        name = resource.get("name")
        if not isinstance(name, str) or not is_table(resource) or name in package.remote:
            continue
        try:
            fields: list[Any] = package.schema(name).get("fields", [])
        except TekserError:
            continue  # structure's finding
        columns = [
            str(field["name"])
            for field in fields
            if isinstance(field, dict)
            and isinstance(field.get("name"), str)
            and field.get("type") in _STRING_TYPES
        ]
        if columns:
            yield name, columns


def _formula_cells(package: Package, name: str, columns: list[str]) -> Found:
    """The formula-like cells of the text `columns` of a table read with pyarrow; a table
    pyarrow cannot read is structure's finding already (nothing is found here)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    path = package.resource_file(name)
    try:
        header, _ = package.iter_records(name)
        wanted = [column for column in columns if column in header]
        if not wanted:
            return {}
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, OSError, ValueError, TekserError):
        return {}
    found: Found = {}
    for column in wanted:
        count, shown = _scan(table.column(column), 0, None)
        if count:
            found[column] = (count, shown)
    return found
