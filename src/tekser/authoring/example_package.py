"""Small tekser packages written from data: the packages a rule's examples are built as.

An example gives a seed text and rows of the tables it needs; every row carries the `quote` of
the seed that states it instead of a `provenance_id`. The builder writes one provenance record
per row (`p.<row id>`), the sources row with the seed's sha256, the standard Table Schemas and a
Data Package v2 descriptor with only the tables used; then `anchor_package` fills every span
and hash, as `tekser anchor` would.

Columns are read from tekser's own schema files and written in schema order, so an example
cannot drift from the schemas: a column the schema does not have is an error, a required
column the row leaves out is filled from the row where that is plain (a figure's `printed` is
its value, a row's language the source's first, a period's end its start) or is an error, and
an optional one is left empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from tekser.authoring.anchoring import anchor_package
from tekser.core.contract import TABLES
from tekser.core.files import csv_text
from tekser.package.descriptor import Package

SOURCE_ID = "example-source"
AGENT = "tekser rule examples"
METHOD = "written as an example of a rule; span, line and context filled by tekser anchor"
EXTRACTED_ON = "2026-01-01"
# Keys of a row that are not columns of its table.
QUOTE = "quote"
QUOTE_LANGUAGE = "quote_language"  # the provenance record's language, when it is not the row's
DATA_TABLES = (
    "figures", "terms", "events", "claims", "part_whole", "relations", "bounds", "announcements",
)  # fmt: skip
# Rows an example may give besides: exclusions, each with the quote it excludes.
EXCLUSIONS = "exclusions"
# What the source row must be told: the rules read its languages and its period.
SOURCE_GIVEN = ("languages", "period_start", "period_end")
NOTE_UNPRINTED = "the period is given by the example, not printed in the quote"

Cells = Mapping[str, Any]


class ExampleBuildError(ValueError):
    """An example that cannot be written as a package; the message says which row and why."""


@cache
def schema(table: str) -> dict[str, Any]:
    """tekser's Table Schema of `table`."""
    loaded: dict[str, Any] = json.loads(
        (TABLES / f"{table}.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def columns(table: str) -> list[str]:
    """The columns of `table`, in schema order."""
    return [field["name"] for field in schema(table)["fields"]]


def required(table: str) -> set[str]:
    return {
        field["name"]
        for field in schema(table)["fields"]
        if field.get("constraints", {}).get("required")
    }


def primary_key(table: str) -> list[str]:
    key = schema(table).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def provenance_id(table: str, row: Cells) -> str:
    """The provenance id the builder gives a row: `p.` and its primary key."""
    return "p." + ".".join(str(row.get(name, "")) for name in primary_key(table))


def cell(value: Any) -> str:
    """A Python value as the CSV cell that states it (None: empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _precision(start: str, end: str) -> str:
    if start == end:
        return "day"
    if start[:4] == end[:4] and start[5:] == "01-01" and end[5:] == "12-31":
        return "year"
    if start[5:] == "01-01" and end[5:] == "12-31":
        return "years"
    return "month"


def _defaults(table: str, row: Mapping[str, str], source_id: str, language: str) -> dict[str, str]:
    """Values for the columns an example leaves out that follow from the row itself."""
    defaults = {"source_id": source_id, "language": language}
    start = row.get("period_start", "")
    if start:
        end = row.get("period_end") or start
        defaults["period_end"] = end
        defaults["date_precision"] = _precision(start, end)
        if not row.get("date_printed"):
            # No printed date: the provenance stage wants a note on how the period was read.
            defaults["date_note"] = NOTE_UNPRINTED
    if table == "figures":
        defaults["printed"] = row.get("value", "")
    return defaults


def _resource(name: str, path: str, schema_path: str | None = None) -> dict[str, Any]:
    if schema_path is None:
        return {
            "name": name,
            "path": path,
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
        }
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema_path,
    }


def _source_row(seed_path: str, seed_bytes: bytes, source: Cells) -> dict[str, str]:
    missing = [name for name in SOURCE_GIVEN if not source.get(name)]
    if missing:
        raise ExampleBuildError(f"the source needs {', '.join(missing)}")
    row = {
        "source_id": SOURCE_ID,
        "path": seed_path,
        "sha256": hashlib.sha256(seed_bytes).hexdigest(),
        "author": "Example, E.",
        "title": "A text written as an example of a rule",
        "container": "tekser rule examples",
        "year": "2026",
        "citation": "Example E. A text written as an example of a rule. 2026.",
        "retrieved_from": "an example of a rule",
        "retrieved_on": EXTRACTED_ON,
    }
    unknown = sorted(set(source) - set(columns("sources")))
    if unknown:
        raise ExampleBuildError(f"sources: no column {unknown} in the schema")
    row.update({key: cell(value) for key, value in source.items()})
    return row


def _rows(
    tables: Mapping[str, Sequence[Cells]], source_id: str, language: str
) -> tuple[dict[str, list[dict[str, str]]], dict[str, dict[str, str]]]:
    """Each table's rows as written, and the provenance records their quotes make."""
    written: dict[str, list[dict[str, str]]] = {}
    provenance: dict[str, dict[str, str]] = {}
    for table, rows in tables.items():
        names = columns(table)
        written[table] = []
        for given in rows:
            row = {key: cell(value) for key, value in given.items()}
            if table == EXCLUSIONS:  # the quote is a column of its own table
                row.setdefault("source_id", source_id)
                written[table].append(_exclusion(row, names, given))
                continue
            quote = row.pop(QUOTE, None)
            quote_language = row.pop(QUOTE_LANGUAGE, None)
            extra = sorted(set(row) - set(names))
            if extra:
                raise ExampleBuildError(f"{table}: no column {extra} in the schema; row {given}")
            for key, value in _defaults(table, row, source_id, language).items():
                row.setdefault(key, value)
            if quote is not None:
                row.setdefault("provenance_id", provenance_id(table, row))
                if row["provenance_id"] in provenance:
                    raise ExampleBuildError(
                        f"{table}: provenance id {row['provenance_id']} used twice"
                    )
                provenance[row["provenance_id"]] = {
                    "provenance_id": row["provenance_id"],
                    "source_id": source_id,
                    "quote": quote,
                    "language": quote_language or row.get("language") or language,
                    "agent": AGENT,
                    "method": METHOD,
                    "extracted_on": EXTRACTED_ON,
                }
            elif row.get("provenance_id") not in provenance:
                raise ExampleBuildError(
                    f"{table}: a row needs a quote or a known provenance_id: {given}"
                )
            missing = sorted(name for name in required(table) if not row.get(name))
            if missing:
                raise ExampleBuildError(f"{table}: required {missing} missing in row {given}")
            written[table].append({name: row.get(name, "") for name in names})
    return written, provenance


def _exclusion(row: dict[str, str], names: list[str], given: Cells) -> dict[str, str]:
    extra = sorted(set(row) - set(names))
    if extra:
        raise ExampleBuildError(f"exclusions: no column {extra} in the schema; row {given}")
    missing = sorted(name for name in required(EXCLUSIONS) if not row.get(name))
    if missing:
        raise ExampleBuildError(f"exclusions: required {missing} missing in row {given}")
    return {name: row.get(name, "") for name in names}


def build_package(
    root: Path,
    seed: str,
    tables: Mapping[str, Sequence[Cells]],
    source: Cells,
    *,
    checks: Path | None = None,
) -> Path:
    """Write a package into the new folder `root` and anchor it; return `root`.

    `seed` is the source text (written as UTF-8, byte for byte). `tables` maps table names
    (figures, terms, events, claims, part_whole, relations, bounds, announcements) to rows;
    each row has a `quote` (text that occurs exactly once in the seed; rows may quote the same
    text), or a `provenance_id` of a record another row created, and may have a
    `quote_language`; `exclusions` rows are written as they are, each with the quote it
    excludes. `source` gives cells of the sources row: at least `languages`,
    `period_start` and `period_end`. `checks` is copied to `root/checks` (None: no suite).
    Raises ExampleBuildError for rows the schemas refuse, AnchorError for a quote the seed
    does not hold once.
    """
    import shutil

    unknown = sorted(set(tables) - {*DATA_TABLES, EXCLUSIONS})
    if unknown:
        raise ExampleBuildError(
            f"the builder writes {', '.join(DATA_TABLES)} and {EXCLUSIONS}, not {unknown}"
        )
    root.mkdir(parents=True)
    source_id = cell(source.get("source_id")) or SOURCE_ID
    seed_path = f"seeds/{source_id}.txt"
    seed_bytes = seed.encode("utf-8")
    (root / "seeds").mkdir()
    (root / seed_path).write_bytes(seed_bytes)
    source_row = _source_row(seed_path, seed_bytes, source)
    language = source_row["languages"].split()[0]
    rows, provenance = _rows(tables, source_row["source_id"], language)
    exclusions = rows.pop(EXCLUSIONS, [])
    written = {"sources": [source_row], **rows}

    (root / "data").mkdir()
    for table, table_rows in written.items():
        (root / "data" / f"{table}.csv").write_text(
            csv_text(table_rows, columns(table)), encoding="utf-8"
        )
    (root / "provenance").mkdir()
    provenance_rows = [
        {name: record.get(name, "") for name in columns("provenance")}
        for record in provenance.values()
    ]
    (root / "provenance" / "provenance.csv").write_text(
        csv_text(provenance_rows, columns("provenance")), encoding="utf-8"
    )
    (root / "provenance" / "exclusions.csv").write_text(
        csv_text(exclusions, columns(EXCLUSIONS)), encoding="utf-8"
    )

    (root / "schemas").mkdir()
    resources = [_resource(f"seed-{source_id}", seed_path)]
    for table in [*written, "provenance", "exclusions"]:
        name = f"{table}.schema.json"
        (root / "schemas" / name).write_bytes((TABLES / name).read_bytes())
        folder = "provenance" if table in ("provenance", "exclusions") else "data"
        resources.append(_resource(table, f"{folder}/{table}.csv", f"schemas/{name}"))
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "tekser-rule-example",
        "title": "A package built from an example of a rule",
        "version": "0.1.0",
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
        "contributors": [{"title": "tekser rule examples", "roles": ["creator"]}],
        "resources": resources,
    }
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if checks is not None:
        shutil.copytree(checks, root / "checks")
    anchor_package(Package.open(root))
    return root
