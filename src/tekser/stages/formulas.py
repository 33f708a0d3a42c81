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


def formula_findings(package: Package) -> list[Finding]:
    """One info finding per column of a table whose cells a spreadsheet would run as
    formulas, with how many and the first few (row number, cell)."""
    findings: list[Finding] = []
    for name, columns in _text_columns(package):
        for column, count, rows in _formula_cells(package, name, columns):
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
        fields: list[Any] = package.schema(name).get("fields", [])
        columns = [
            str(field["name"])
            for field in fields
            if isinstance(field, dict)
            and isinstance(field.get("name"), str)
            and field.get("type") in _STRING_TYPES
        ]
        if columns:
            yield name, columns


def _formula_cells(
    package: Package, name: str, columns: list[str]
) -> Iterator[tuple[str, int, list[tuple[int, str]]]]:
    """Each column with formula-like cells, how many, and the first few as (row number,
    counting the header as row 1, as frictionless does; cell).
    The whole column is matched at once (pyarrow), so a table of a million rows costs a
    read of its text columns; a table pyarrow cannot read is structure's finding already."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    path = package.resource_file(name)
    try:
        header, _ = package.iter_records(name)
        wanted = [column for column in columns if column in header]
        if not wanted:
            return
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
        return  # structure reports a table it cannot read
    for column in wanted:
        cells = table.column(column)
        suspect = pc.and_(
            pc.match_substring_regex(cells, _FORMULA),
            pc.invert(pc.match_substring_regex(cells, _SIGNED_NUMBER)),
        )
        if not pc.any(suspect).as_py():
            continue
        where = pc.indices_nonzero(pc.fill_null(suspect, False)).to_pylist()
        shown = where[:EXAMPLES]
        values = pc.take(cells, pa.array(shown)).to_pylist()
        yield column, len(where), [(at + 2, str(v)) for at, v in zip(shown, values, strict=True)]
