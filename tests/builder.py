"""Small tekser packages written from Python data, for tests of one rule at a time.

A test gives a seed text and rows of the tables it needs; every row carries the `quote` of the
seed that states it instead of a `provenance_id`. The builder writes one provenance record per
row (`p.<row id>`), the sources row with the seed's sha256, the schemas and the suite copied from
the repository, and a Data Package v2 descriptor with only the tables used; then
`tekser.authoring.anchoring.anchor_package` fills every span and hash, as `tekser anchor` would.

Columns are read from the repository's schema files and written in schema order, so the builder
cannot drift from the schemas: a column the schema does not have is an error, a required column
the row leaves out is filled with a default (or is an error when there is no sensible one), and
an optional one is left empty.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "src" / "tekser" / "schemas" / "tables"  # the standard Table Schemas
CHECKS = ROOT / "src" / "tekser" / "checks"  # the standard suite

SOURCE_ID = "test-source"
AGENT = "tests/builder.py"
METHOD = "written by a test; span, line and context filled by tekser anchor"
EXTRACTED_ON = "2026-01-01"
# Keys of a row that are not columns of its table.
QUOTE = "quote"
QUOTE_LANGUAGE = "quote_language"  # the provenance record's language, when it is not the row's
DATA_TABLES = (
    "figures", "terms", "events", "claims", "part_whole", "relations", "bounds", "announcements",
)  # fmt: skip
UNITS = {
    "cells": "cells",
    "members": "communists",
    "distance-to-town": "versts",
    "distance-to-cell": "versts",
}

Cells = Mapping[str, Any]


def schema(table: str) -> dict[str, Any]:
    """The repository's Table Schema of `table`."""
    loaded: dict[str, Any] = json.loads(
        (SCHEMAS / f"{table}.schema.json").read_text(encoding="utf-8")
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
    return "p." + ".".join(str(row[name]) for name in primary_key(table))


def _cell(value: Any) -> str:
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


def _defaults(table: str, row: dict[str, str], language: str) -> dict[str, str]:
    """Values for the columns a test leaves out: what a curator would write for a plain row."""
    defaults = {"source_id": SOURCE_ID, "language": language}
    start = row.get("period_start", "")
    if start:
        end = row.get("period_end") or start
        defaults["period_end"] = end
        defaults["date_precision"] = _precision(start, end)
        if not row.get("date_printed"):
            # No printed date: the provenance stage wants a note on how the period was read.
            defaults["date_note"] = "the period is given by the test, not printed in the quote"
    if table == "figures":
        defaults["statistic"] = "count"
        defaults["unit"] = UNITS.get(row.get("measure", ""), "")
        defaults["printed"] = row.get("value", "")
    elif table == "terms":
        defaults["name_printed"] = row.get("person", "")
        defaults["office"] = "first secretary"
    elif table == "events":
        defaults["kind"] = "plenum"
        defaults["description"] = "an event of a test"
    elif table in ("claims", "announcements", "bounds"):
        defaults["wording_en"] = f"a {table[:-1]} of a test"
    return defaults


def _csv_text(rows: Sequence[Mapping[str, str]], header: Sequence[str]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


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


def build_package(
    root: Path,
    seed: str,
    tables: Mapping[str, Sequence[Cells]],
    *,
    source: Cells | None = None,
    checks: Path | None = None,
) -> Path:
    """Write a package into the new folder `root` and anchor it; return `root`.

    `seed` is the source text (written as UTF-8, byte for byte). `tables` maps table names
    (figures, terms, events, claims, part_whole, bounds, announcements) to rows; each row has
    a `quote` (text that occurs exactly once in the seed; rows may quote the same text), or a
    `provenance_id` of a record another row created, and may have a `quote_language`.
    `source` overrides cells of the sources row (`period_start`, `period_end`, `languages`…).
    `checks` is copied to `root/checks` (None: no suite).
    """
    from tekser.authoring.anchoring import anchor_package
    from tekser.package.descriptor import Package

    unknown = sorted(set(tables) - set(DATA_TABLES))
    if unknown:
        raise ValueError(f"the builder writes {', '.join(DATA_TABLES)}, not {unknown}")
    root.mkdir(parents=True)
    seed_path = f"seeds/{SOURCE_ID}.txt"
    seed_bytes = seed.encode("utf-8")
    (root / "seeds").mkdir()
    (root / seed_path).write_bytes(seed_bytes)

    source_row = {
        "source_id": SOURCE_ID,
        "path": seed_path,
        "sha256": hashlib.sha256(seed_bytes).hexdigest(),
        "author": "Test, T.",
        "title": "A text written for a test",
        "container": "tekser tests",
        "year": "2026",
        "citation": "Test T. A text written for a test. 2026.",
        "languages": "ru",
        "period_start": "1920-01-01",
        "period_end": "1945-12-31",
        "retrieved_from": "tests/builder.py",
        "retrieved_on": EXTRACTED_ON,
    }
    source_row.update({key: _cell(value) for key, value in (source or {}).items()})
    language = source_row["languages"].split()[0]

    written: dict[str, list[dict[str, str]]] = {"sources": [source_row]}
    provenance: dict[str, dict[str, str]] = {}
    for table, rows in tables.items():
        names = columns(table)
        written[table] = []
        for given in rows:
            row = {key: _cell(value) for key, value in given.items()}
            quote = row.pop(QUOTE, None)
            quote_language = row.pop(QUOTE_LANGUAGE, None)
            extra = sorted(set(row) - set(names))
            if extra:
                raise ValueError(f"{table}: no column {extra} in the schema; row {given}")
            for key, value in _defaults(table, row, language).items():
                row.setdefault(key, value)
            if quote is not None:
                row.setdefault("provenance_id", provenance_id(table, row))
                if row["provenance_id"] in provenance:
                    raise ValueError(f"{table}: provenance id {row['provenance_id']} used twice")
                provenance[row["provenance_id"]] = {
                    "provenance_id": row["provenance_id"],
                    "source_id": SOURCE_ID,
                    "quote": quote,
                    "language": quote_language or row.get("language") or language,
                    "agent": AGENT,
                    "method": METHOD,
                    "extracted_on": EXTRACTED_ON,
                }
            elif row.get("provenance_id") not in provenance:
                raise ValueError(f"{table}: a row needs a quote or a known provenance_id: {given}")
            missing = sorted(name for name in required(table) if not row.get(name))
            if missing:
                raise ValueError(f"{table}: required {missing} missing in row {given}")
            written[table].append({name: row.get(name, "") for name in names})

    (root / "data").mkdir()
    for table, rows in written.items():
        (root / "data" / f"{table}.csv").write_text(
            _csv_text(rows, columns(table)), encoding="utf-8"
        )
    (root / "provenance").mkdir()
    provenance_rows = [
        {name: record.get(name, "") for name in columns("provenance")}
        for record in provenance.values()
    ]
    (root / "provenance" / "provenance.csv").write_text(
        _csv_text(provenance_rows, columns("provenance")), encoding="utf-8"
    )
    (root / "provenance" / "exclusions.csv").write_text(
        _csv_text([], columns("exclusions")), encoding="utf-8"
    )

    (root / "schemas").mkdir()
    resources = [_resource(f"seed-{SOURCE_ID}", seed_path)]
    for table in [*written, "provenance", "exclusions"]:
        shutil.copy2(SCHEMAS / f"{table}.schema.json", root / "schemas")
        folder = "provenance" if table in ("provenance", "exclusions") else "data"
        resources.append(_resource(table, f"{folder}/{table}.csv", f"schemas/{table}.schema.json"))
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "tekser-test-package",
        "title": "A package built by tekser's tests",
        "version": "0.1.0",
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
        "contributors": [{"title": "tekser tests", "roles": ["creator"]}],
        "resources": resources,
    }
    (root / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if checks is not None:
        shutil.copytree(checks, root / "checks")
    anchor_package(Package.open(root))
    return root
