"""A CSV cell as SQL holds it, one way for every database tekser builds: the validation
database the consistency suite runs on, and the release's. A cell is read as frictionless
reads it under its Table Schema field (its `missingValues`, `trueValues` and `falseValues`,
`bareNumber`, `decimalChar` and `groupChar`, frictionless's defaults where the schema says
nothing) and stored as SQLite stores that value: an integer, a number as an integer when whole
and as the nearest float otherwise, a boolean as 1 or 0 (`INTEGER`, as sqlite-utils and
Datasette read it), anything else as its text.

A cell that does not read as its type is NULL, as a missing one is. Frictionless reports it
(`structure.type-error`, critical), so no release is ever built from it; in the validation
database NULL is what a rule can compare safely (text in a numeric column sorts above every
number in SQLite and would make rules find what is not there), and it is what the Spark
engine's non-ANSI `CAST` gives, so that both engines see the same table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

SQL_TYPES = {"integer": "INTEGER", "year": "INTEGER", "number": "NUMERIC", "boolean": "INTEGER"}
"""The SQL type of each Table Schema type tekser casts; every other type is TEXT."""
# frictionless's defaults (frictionless.settings), as the Table Schema specification has them
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
MISSING_VALUES = ("",)
_INT64 = (-(2**63), 2**63 - 1)
_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")  # frictionless's, for `bareNumber: false`

Caster = Callable[[str], Any]


def quote_identifier(name: str) -> str:
    """A table or column name as an SQL identifier (standard SQL's double quotes)."""
    return '"' + name.replace('"', '""') + '"'


def sql_type(field_type: str) -> str:
    """The SQL column type of a Table Schema field type."""
    return SQL_TYPES.get(field_type, "TEXT")


def missing_values(field: dict[str, Any], schema: dict[str, Any]) -> frozenset[str]:
    """The cells that are NULL in a field: its own `missingValues`, else its schema's, else
    the empty string (entries may be `{"value": …, "label": …}`, as Table Schema v2 allows)."""
    given = field.get("missingValues", schema.get("missingValues", list(MISSING_VALUES)))
    if not isinstance(given, list):
        return frozenset(MISSING_VALUES)
    values = (entry.get("value") if isinstance(entry, dict) else entry for entry in given)
    return frozenset(value for value in values if isinstance(value, str))


def boolean_values(field: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The cells a boolean field reads as true, and as false."""
    true, false = field.get("trueValues"), field.get("falseValues")
    return (
        tuple(true) if isinstance(true, list) else TRUE_VALUES,
        tuple(false) if isinstance(false, list) else FALSE_VALUES,
    )


def caster(field: dict[str, Any], schema: dict[str, Any]) -> Caster:
    """The function that reads a cell of `field` (a Table Schema field of `schema`) as SQL
    holds it; built once per column, called once per cell."""
    missing = missing_values(field, schema)
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return _integer(missing, year=kind == "year", bare=field.get("bareNumber", True))
    if kind == "number":
        return _number(missing, field)
    if kind == "boolean":
        true, false = boolean_values(field)
        mapping = {**dict.fromkeys(true, 1), **dict.fromkeys(false, 0)}  # false wins, as there
        return lambda cell: None if cell in missing else mapping.get(cell)
    return lambda cell: None if cell in missing else cell


def sql_cast(field: dict[str, Any], schema: dict[str, Any], cell: str, fallback: str) -> str:
    """An SQLite expression that reads the text `cell` (a parameter such as `?3`) as `caster`
    does: in SQL wherever SQL reads it exactly (a missing value, plain text, a boolean, an
    integer written as SQL writes it), else by calling `fallback`, the SQL function that runs
    the field's caster (for a decimal, a spaced or an out-of-range number, say)."""
    missing = missing_values(field, schema)
    kind = field.get("type", "string")
    if kind not in SQL_TYPES and missing == frozenset(MISSING_VALUES):
        return f"NULLIF({cell}, '')"
    words = ", ".join(map(literal, sorted(missing)))
    cases = [f"WHEN {cell} IN ({words}) THEN NULL"] if missing else []
    if kind == "boolean":
        true, false = boolean_values(field)
        for values, value in ((false, 0), (true, 1)):  # false first: it wins, as in `caster`
            if values:
                cases.append(f"WHEN {cell} IN ({', '.join(map(literal, values))}) THEN {value}")
        return f"CASE {' '.join(cases)} ELSE NULL END" if cases else "NULL"
    if kind not in SQL_TYPES:
        return f"CASE {' '.join(cases)} ELSE {cell} END" if cases else cell
    integer = f"CAST({cell} AS INTEGER)"
    if kind == "year":
        cases.append(f"WHEN {cell} GLOB '[0-9][0-9][0-9][0-9]' THEN {integer}")
    else:  # an integer as SQL writes it (no plus sign, leading zero or space; 64 bits) reads
        # as it does in Python
        cases.append(f"WHEN CAST({integer} AS TEXT) = {cell} THEN {integer}")
    return f"CASE {' '.join(cases)} ELSE {fallback}({cell}) END"


def literal(text: str) -> str:
    """A string as a standard SQL literal."""
    return "'" + text.replace("'", "''") + "'"


def _integer(missing: frozenset[str], *, year: bool, bare: Any) -> Caster:
    pattern = None if bare is not False or year else _NOT_BARE

    def read(cell: str) -> Any:
        if cell in missing or (year and len(cell) != 4):
            return None
        try:
            number = int(pattern.sub("", cell.strip()) if pattern else cell)
        except ValueError:
            return None
        if year:
            return number if 0 <= number <= 9999 else None
        # beyond 64 bits SQLite holds an integer as a float, as it does an integer literal
        return number if _INT64[0] <= number <= _INT64[1] else float(number)

    return read


def _number(missing: frozenset[str], field: dict[str, Any]) -> Caster:
    decimal, group = field.get("decimalChar", "."), field.get("groupChar", "")
    pattern = None if field.get("bareNumber", True) is not False else _NOT_BARE
    processed = any(key in field for key in ("decimalChar", "groupChar", "bareNumber"))

    def read(cell: str) -> Any:
        if cell in missing:
            return None
        text = cell.strip()
        if processed:  # as frictionless processes a number cell of such a field
            if pattern:
                text = pattern.sub("", text)
            if group:
                text = text.replace(group, "")
            if decimal != ".":
                if "." in text:
                    return None
                text = text.replace(decimal, ".")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            return None
        if not number.is_finite():
            return None
        if number == number.to_integral_value() and number.adjusted() < 19:
            whole = int(number)
            if _INT64[0] <= whole <= _INT64[1]:
                return whole
        return float(number)

    return read
