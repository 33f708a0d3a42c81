"""Foreign keys between plain CSV tables, checked by tekser in frictionless's stead.

frictionless checks a foreign key by reading the whole referenced table again, as typed rows,
for every table that references it, and keeps every key in memory: on an archive of a million
figures that is more than half its time and most of its memory. tekser therefore hands
frictionless the package without the foreign keys it can check itself (plain string keys
between CSV tables), and checks those with one set of keys per referenced table, giving the
very errors frictionless would give: same rows, same messages. Anything unusual (another key
type, a dialect, a table that cannot be read, a resource that hit frictionless's error limit)
falls back to frictionless.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tekser.package import Package

LIMIT_ERRORS = 1000  # frictionless's default: a resource's validation stops there


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
    """A CSV table as frictionless reads it: cells by the position of their schema field."""

    path: Path
    positions: dict[str, int]
    missing: frozenset[str]


def _plain_table(resource: Any, package: Package) -> _Table | None:
    """The table of a frictionless resource if it is plain CSV (UTF-8, no dialect), else
    None: then frictionless must read it itself."""
    descriptor = resource.to_descriptor()
    if descriptor.get("type") != "table" or descriptor.get("format") != "csv":
        return None
    if descriptor.get("dialect") or descriptor.get("encoding", "utf-8").lower() != "utf-8":
        return None
    path = descriptor.get("path")
    if not isinstance(path, str) or not resource.schema or not resource.schema.fields:
        return None
    full = package.resolve(path, where=resource.name)
    if not full.is_file():
        return None
    schema = resource.schema
    positions = {field.name: index for index, field in enumerate(schema.fields)}
    return _Table(full, positions, frozenset(schema.missing_values))


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
    by resource, and the plain tables they involve."""
    deferred: dict[str, list[ForeignKey]] = {}
    try:
        resources = {resource.name: resource for resource in described.resources}
        plain = {name: _plain_table(resource, package) for name, resource in resources.items()}
        for name, resource in resources.items():
            if not getattr(resource, "schema", None) or not resource.schema.foreign_keys:
                continue
            if plain[name] is None:
                continue
            kept = []
            for key in resource.schema.foreign_keys:
                fields = tuple(key.get("fields", []))
                reference = key.get("reference", {})
                target = reference.get("resource") or name
                reference_fields = tuple(reference.get("fields", []))
                other = resources.get(target)
                if (
                    fields
                    and len(fields) == len(reference_fields)
                    and other is not None
                    and plain[target] is not None
                    and _string_fields(resource, fields)
                    and _string_fields(other, reference_fields)
                ):
                    deferred.setdefault(name, []).append(
                        ForeignKey(name, fields, reference.get("resource", ""), reference_fields)
                    )
                else:
                    kept.append(key)
            if name in deferred:
                resource.schema.foreign_keys = kept
    except Exception:  # a descriptor frictionless will complain about: leave it all to it
        return {}, {}
    return deferred, {name: table for name, table in plain.items() if table is not None}


def _cells(table: _Table, names: tuple[str, ...]) -> Iterator[tuple[int, tuple[str | None, ...]]]:
    """(row number, key cells) of every row, numbered as frictionless does: the header is row
    1, a blank row counts; a missing or missing-value cell is None."""
    positions = [table.positions[name] for name in names]
    with table.path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for number, record in enumerate(reader, start=2):
            yield (
                number,
                tuple(
                    None
                    if index >= len(record) or record[index] in table.missing
                    else record[index]
                    for index in positions
                ),
            )


def check_foreign_keys(
    deferred: dict[str, list[ForeignKey]], tables: dict[str, _Table], report: Any
) -> dict[str, list[ForeignKeyError]] | None:
    """The foreign-key errors frictionless would have given, by resource; None when they
    cannot be told apart from what frictionless would do (then it must do it all)."""
    tasks = {task.name: task for task in report.tasks}
    lookups: dict[tuple[str, tuple[str, ...]], set[tuple[str | None, ...]]] = {}
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
                target = key.reference or name
                lookup_key = (target, key.reference_fields)
                if lookup_key not in lookups:
                    lookups[lookup_key] = {
                        cells
                        for _, cells in _cells(tables[target], key.reference_fields)
                        if set(cells) != {None}
                    }
                lookup = lookups[lookup_key]
                for number, cells in _cells(table, key.fields):
                    if set(cells) == {None} or cells in lookup:
                        continue
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
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return errors


def _unreadable(task: Any) -> bool:
    """Whether frictionless met an error that is not about one row (a file it could not read,
    a header it could not match): then it may have read less than tekser would."""
    return task is None or any(getattr(e, "row_number", None) is None for e in task.errors)
