"""Foreign keys between CSV tables, checked by tekser in frictionless's stead.

frictionless checks a foreign key by reading the whole referenced table again, as typed rows,
for every table that references it, and keeps every key in memory: on an archive of a million
figures that is more than half its time and most of its memory. tekser therefore hands
frictionless the package without the foreign keys it can check itself, and checks those with
one set of keys per referenced table, giving the very errors frictionless would give: same
rows, same messages.

It is sound by construction: tekser checks the keys of a table itself only where it reads
every table they join exactly as frictionless reads it, and it learns how from frictionless.
frictionless opens each such table (a copy, without its foreign keys), reading its sample only,
and detects what it would when validating: the encoding (a BOM too), the CSV dialect
(delimiter, quote and escape characters, double quotes, initial spaces), the header rows, the
comment and blank-row rules, and which field each column is (by position, or by name under
`fieldsMatch`). tekser then reads the file with Python's `csv` and that very dialect, numbers
the rows as frictionless does (through frictionless's own row filter when it skips rows), and
takes a cell for missing as its field's reader would. The keys of a table are left in the
schema frictionless validates, all of them, unless every table they join is a local,
uncompressed CSV file frictionless opens, read alike by a copy of it once opened (what
frictionless reads a referenced table from), and every key field a string of the default
format. After the validation, tekser hands everything back to frictionless whenever it may
have read a table otherwise: an error of no row, header or final count (a file it could not
read or decode through), a warning, its error limit, a number of rows that is not tekser's.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tekser.package.descriptor import Package

LIMIT_ERRORS = 1000  # frictionless's default: a resource's validation stops there
_DIALECT = (
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
)

# What became of the foreign keys of the packages checked in this process: "tekser", keys
# tekser checked itself and reported; "frictionless", keys left in the schema frictionless
# validates; "fallback", keys tekser had taken but handed back, frictionless redoing it all.
COUNTS: Counter[str] = Counter()


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A foreign key tekser checks in frictionless's stead."""

    resource: str
    fields: tuple[str, ...]
    reference: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForeignKeyError:
    """What tekser reads of a frictionless error, for a foreign key tekser checked."""

    row_number: int
    message: str
    type: str = "foreign-key"


@dataclass(frozen=True, slots=True)
class _Table:
    """A CSV table and how frictionless reads it, as frictionless detected it."""

    path: Path
    encoding: str
    dialect: tuple[tuple[str, Any], ...]  # the `csv.Dialect` frictionless reads it with
    first_row: int  # the number of the first row after the header
    content: dict[str, Any] | None  # frictionless's dialect, when it skips rows (comments…)
    positions: dict[str, int]  # each field frictionless expects: its column in a record
    missing: dict[str, frozenset[str]]  # each field's missing values


def _candidate(resource: Any) -> bool:
    """Whether the resource may be a local CSV table tekser can read (to be confirmed by
    opening it)."""
    from frictionless.resources import TableResource

    return (
        isinstance(resource, TableResource)
        and resource.format == "csv"
        and isinstance(resource.path, str)
        and bool(resource.schema)
        and bool(resource.schema.fields)
    )


def _open_table(resource: Any, package: Package) -> _Table | None:
    """The table of a resource as frictionless reads it, from what frictionless detects on
    opening it (its sample only); None when tekser cannot read it the same way."""
    if not _candidate(resource):
        return None
    try:
        copy = resource.to_copy()
        copy.schema.foreign_keys = []  # or opening it reads every table it references
        table = _detected(copy, package)
        # frictionless reads a referenced table for its lookup from a copy of the resource as
        # it is once opened (validated, or being opened, for a self reference): its detected
        # dialect and encoding then declared. That copy must read the same, or it is
        # frictionless's to check.
        if table is None or _detected(copy.to_copy(), package) != table:
            return None
    except Exception:  # whatever frictionless makes of it, it is frictionless's to check
        return None
    return table


def _detected(resource: Any, package: Package) -> _Table | None:
    """Open the resource with frictionless and say how it reads the table."""
    with resource:
        if (
            resource.format != "csv"
            or resource.scheme != "file"
            or resource.compression
            or resource.innerpath
            or resource.multipart
            or resource.remote
            or resource.memory
            or not resource.dialect.has_control("csv")
        ):
            return None
        path = package.resolve(resource.path, where=resource.name)
        if not path.is_file() or path != Path(resource.normpath).resolve():
            return None
        dialect = resource.dialect
        python = dialect.get_control("csv").to_python()  # the very `csv.Dialect` it reads with
        fields = resource.header.get_expected_fields()
        return _Table(
            path=path,
            encoding=resource.encoding,
            dialect=tuple((name, getattr(python, name)) for name in _DIALECT),
            first_row=dialect.create_first_content_row(),
            content=(
                dialect.to_descriptor()
                if dialect.create_comment_filter() or dialect.create_blank_filter()
                else None
            ),
            positions={field.name: index for index, field in enumerate(fields)},
            missing={field.name: _missing_values(field) for field in fields},
        )


def _missing_values(field: Any) -> frozenset[str]:
    """The cells a field reads as missing, as its cell reader decides."""
    values = field.missing_values
    if not field.has_defined("missing_values") and field.schema:
        values = field.schema.missing_values
    return frozenset(values)


def _string_fields(resource: Any, names: tuple[str, ...]) -> bool:
    for name in names:
        if not resource.schema.has_field(name):
            return False
        field = resource.schema.get_field(name)
        if field.type != "string" or field.format not in (None, "default"):
            return False
    return True


def defer_foreign_keys(
    described: Any, package: Package
) -> tuple[dict[str, list[ForeignKey]], dict[str, _Table]]:
    """Take out of the frictionless package every foreign key tekser can check; return them
    by resource, and the tables they involve."""
    deferred: dict[str, list[ForeignKey]] = {}
    tables: dict[str, _Table | None] = {}
    left = 0
    try:
        resources = {resource.name: resource for resource in described.resources}

        def table(name: str) -> _Table | None:
            if name not in tables:
                tables[name] = _open_table(resources[name], package)
            return tables[name]

        for name, resource in resources.items():
            if not getattr(resource, "schema", None) or not resource.schema.foreign_keys:
                continue
            # all the keys of a table, or none: frictionless lists a row's foreign-key errors
            # in the order of its keys, which tekser's errors, put after the row's own, keep
            # only when they are all tekser's
            taken = []
            for key in resource.schema.foreign_keys:
                fields = tuple(key.get("fields", []))
                reference = key.get("reference", {})
                target = reference.get("resource") or name
                reference_fields = tuple(reference.get("fields", []))
                other = resources.get(target)
                if not (
                    fields
                    and len(fields) == len(reference_fields)
                    and other is not None
                    and _candidate(resource)
                    and _candidate(other)
                    and _string_fields(resource, fields)
                    and _string_fields(other, reference_fields)
                    and table(name) is not None
                    and table(target) is not None
                ):
                    break
                taken.append(
                    ForeignKey(name, fields, reference.get("resource", ""), reference_fields)
                )
            else:
                deferred[name] = taken
                continue
            left += len(resource.schema.foreign_keys)
        for name in deferred:
            resources[name].schema.foreign_keys = []
    except Exception:  # a descriptor frictionless will complain about: leave it all to it
        return {}, {}
    COUNTS["frictionless"] += left
    return deferred, {name: found for name, found in tables.items() if found is not None}


def _cells(table: _Table, names: tuple[str, ...]) -> Iterator[tuple[int, tuple[str | None, ...]]]:
    """(row number, key cells) of every row frictionless reads, numbered as it numbers them
    (the first record of the file is row 1); a cell that is missing, a missing value, or of a
    field frictionless does not expect (not in the header) is None."""
    columns = [(table.positions.get(name), table.missing.get(name, frozenset())) for name in names]
    with table.path.open(encoding=table.encoding, newline="") as handle:
        reader = csv.reader(handle, **dict(table.dialect))
        rows: Iterator[tuple[int, list[str]]]
        if table.content is None:
            rows = islice(enumerate(reader, start=1), table.first_row - 1, None)
        else:  # frictionless's own filter: the rows it skips, and how it numbers the others
            from frictionless import Dialect

            dialect = Dialect.from_descriptor(table.content)
            rows = dialect.read_enumerated_content_stream(reader)
        only, only_missing = columns[0]
        if len(columns) == 1 and only is not None:  # the common case, kept fast
            for number, record in rows:
                cell = record[only] if only < len(record) else None
                yield number, (None if cell is None or cell in only_missing else cell,)
            return
        for number, record in rows:
            width = len(record)
            yield (
                number,
                tuple(
                    None
                    if index is None or index >= width or record[index] in missing
                    else record[index]
                    for index, missing in columns
                ),
            )


def check_foreign_keys(
    deferred: dict[str, list[ForeignKey]], tables: dict[str, _Table], report: Any
) -> dict[str, list[ForeignKeyError]] | None:
    """The foreign-key errors frictionless would have given, by resource; None when they
    cannot be told apart from what frictionless would do (then it must do it all)."""
    errors = _check(deferred, tables, report)
    taken = sum(len(keys) for keys in deferred.values())
    COUNTS["fallback" if errors is None else "tekser"] += taken
    return errors


def _check(
    deferred: dict[str, list[ForeignKey]], tables: dict[str, _Table], report: Any
) -> dict[str, list[ForeignKeyError]] | None:
    from tekser.stages.columnar import CleanTask

    tasks = {task.name: task for task in report.tasks}
    lookups: dict[tuple[str, tuple[str, ...]], Any] = {}
    errors: dict[str, list[ForeignKeyError]] = {}
    try:
        for name, keys in deferred.items():
            task = tasks.get(name)
            if task is None or task.warnings or len(task.errors) >= LIMIT_ERRORS:
                return None  # frictionless stopped early: its count is the one to give
            targets = {key.reference or name for key in keys}
            if any(_unreadable(tasks.get(table)) for table in {name, *targets}):
                return None  # frictionless could not read a table through: its errors rule
            table = tables[name]
            found: list[tuple[int, int, ForeignKeyError]] = []
            for order, key in enumerate(keys):
                if not all(field in table.positions for field in key.fields):
                    continue  # frictionless skips a key whose fields the header lacks
                target = key.reference or name
                # a one-field key between tables proven clean (`columnar`) is read by pyarrow,
                # as they were; any other, by Python's `csv`, as frictionless reads it
                clean = all(isinstance(tasks[t], CleanTask) for t in (name, target))
                read = _columnar if clean and len(key.fields) == 1 else _python
                dangling = read(key, table, tables[target], lookups, tasks)
                if dangling is None:
                    return None  # tekser did not read the rows frictionless read
                for number, cells in dangling:
                    note = (
                        'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                            ", ".join(key.fields),
                            ", ".join(str(cell) for cell in cells),
                            key.reference,
                            ", ".join(key.reference_fields),
                        )
                    )
                    message = f'Row at position "{number}" violates the foreign key: {note}'
                    found.append((number, order, ForeignKeyError(number, message)))
            if len(task.errors) + len(found) > LIMIT_ERRORS:
                return None
            errors[name] = [error for _, _, error in sorted(found, key=lambda f: f[:2])]
    except (OSError, UnicodeError, csv.Error, LookupError):
        return None
    return errors


Dangling = list[tuple[int, tuple[str | None, ...]]]


def _python(
    key: ForeignKey, table: _Table, target: _Table, lookups: dict[Any, Any], tasks: dict[str, Any]
) -> Dangling | None:
    """The rows whose key is not in the referenced table, read by Python's `csv` (None when
    the rows read are not frictionless's)."""
    lookup_key = (key.reference or key.resource, key.reference_fields)
    if lookup_key not in lookups:
        lookup: set[tuple[str | None, ...]] = set()
        rows = 0
        for _, cells in _cells(target, key.reference_fields):
            rows += 1
            if set(cells) != {None}:
                lookup.add(cells)
        if rows != _rows(tasks[lookup_key[0]]):
            return None
        lookups[lookup_key] = lookup
    lookup = lookups[lookup_key]
    rows, dangling = 0, []
    for number, cells in _cells(table, key.fields):
        rows += 1
        if not (cells in lookup or set(cells) == {None}):
            dangling.append((number, cells))
    return dangling if rows == _rows(tasks[key.resource]) else None


def _columnar(
    key: ForeignKey, table: _Table, target: _Table, lookups: dict[Any, Any], tasks: dict[str, Any]
) -> Dangling | None:
    """The same, for a one-field key between tables proven clean, read by pyarrow as
    `columnar` read them (a header row, then every record a row)."""
    from tekser.stages.columnar import dangling, key_cells

    def cells(table: _Table, name: str, resource: str) -> Any:
        found = key_cells(
            table.path, len(table.positions), table.positions[name], table.missing[name]
        )
        return found if len(found) == _rows(tasks[resource]) else None

    if table.content is not None or target.content is not None:
        return None
    reference = (key.reference or key.resource, key.reference_fields[0])
    if reference not in lookups:  # a referenced column is kept, the others read as needed
        lookups[reference] = cells(target, reference[1], reference[0])
    parent = lookups[reference]
    child = cells(table, key.fields[0], key.resource)
    if child is None or parent is None:
        return None
    return [(table.first_row + row, (cell,)) for row, cell in dangling(child, parent)]


def _rows(task: Any) -> int | None:
    """The number of rows frictionless read (its report leaves out a count of none)."""
    rows = getattr(task, "stats", {}).get("rows", 0)
    return rows if isinstance(rows, int) else None


def _unreadable(task: Any) -> bool:
    """Whether frictionless met an error that is neither a row's, nor its header's, nor a
    count checked once the table was read through (hash, bytes, fields, rows): a file it
    could not read, say; then it may have read less than tekser would."""
    from frictionless import errors

    read_through = (
        errors.HeaderError,
        errors.HashCountError,
        errors.ByteCountError,
        errors.FieldCountError,
        errors.RowCountError,
    )
    return task is None or any(
        getattr(error, "row_number", None) is None and not isinstance(error, read_through)
        for error in task.errors
    )
