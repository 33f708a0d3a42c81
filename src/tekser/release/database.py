"""The release's SQLite database, made for its readers (Datasette, sqlite-utils, pandas):
every table of the package with its primary and foreign keys declared and proven, the
findings with their evidence, their records as rows linked to the figures they name, the
decisions, and full-text search on the quotes. Built the same way every time, so the same
release gives the same bytes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.files import scratch_folder
from tekser.core.sql import caster, quote_identifier, sql_type
from tekser.release.model import Release, Table

FINDINGS_TABLE = "tekser_findings"
EVIDENCE_TABLE = "tekser_finding_evidence"
RECORDS_TABLE = "tekser_finding_records"
DECISIONS_TABLE = "tekser_decisions"
# The quotes people search for: Datasette finds `provenance_fts` and offers a search box.
SEARCHED = ("provenance", ("quote",))


def file_name(release: Release) -> str:
    return f"{release.name}.sqlite"


def _references(tables: dict[str, Table]) -> dict[str, list[tuple[str, ...]]]:
    """For each table, the column sets other tables' foreign keys point at."""
    referenced: dict[str, list[tuple[str, ...]]] = {}
    for table in tables.values():
        for key in table.schema.get("foreignKeys", []):
            reference = key.get("reference", {})
            target = reference.get("resource") or table.name
            fields = reference.get("fields")
            columns = tuple([fields] if isinstance(fields, str) else fields or [])
            if columns and columns not in referenced.setdefault(target, []):
                referenced[target].append(columns)
    return referenced


def _create_table(table: Table, unique: list[tuple[str, ...]], extra: list[str]) -> str:
    fields = table.schema.get("fields", [])
    columns = [f"{quote_identifier(f['name'])} {sql_type(f.get('type', ''))}" for f in fields]
    key = table.primary_key
    if key:
        columns.append(f"PRIMARY KEY ({', '.join(map(quote_identifier, key))})")
    for columns_set in unique:
        if list(columns_set) != key:
            columns.append(f"UNIQUE ({', '.join(map(quote_identifier, columns_set))})")
    for foreign in table.schema.get("foreignKeys", []):
        own = foreign.get("fields")
        own = [own] if isinstance(own, str) else list(own or [])
        reference = foreign.get("reference", {})
        theirs = reference.get("fields")
        theirs = [theirs] if isinstance(theirs, str) else list(theirs or [])
        target = reference.get("resource") or table.name
        columns.append(
            f"FOREIGN KEY ({', '.join(map(quote_identifier, own))}) REFERENCES "
            f"{quote_identifier(target)} ({', '.join(map(quote_identifier, theirs))})"
        )
    columns.extend(extra)
    return f"CREATE TABLE {quote_identifier(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def build_database(release: Release) -> bytes:
    """Every table of the release in one SQLite database with its primary and foreign keys
    declared (and proven with `PRAGMA foreign_key_check`), plus the findings, their evidence,
    their records and the decisions, and a full-text index of the quotes."""
    with scratch_folder("tekser-db-") as folder:
        path = Path(folder) / "release.sqlite"
        connection = sqlite3.connect(path)
        try:
            _load_tables(connection, release)
            _load_findings(connection, release)
            connection.commit()
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent, _ = broken[0]
                raise TekserError(
                    f"the release database breaks {len(broken)} foreign key(s), "
                    f"e.g. {table} row {rowid} → {parent}"
                )
            connection.execute("VACUUM")
        except sqlite3.Error as exc:
            raise TekserError(f"cannot build the release database: {exc}") from None
        finally:
            connection.close()
        return path.read_bytes()


def _load_tables(connection: sqlite3.Connection, release: Release) -> None:
    """The package's tables, as their Table Schemas declare them."""
    referenced = _references(release.tables)
    for table in release.tables.values():
        extra = []
        if table.name == "figures" and "decision_finding_id" in table.header:
            extra.append(
                f'FOREIGN KEY ("decision_finding_id") REFERENCES {FINDINGS_TABLE} ("finding_id")'
            )
        connection.execute(_create_table(table, referenced.get(table.name, []), extra))
        # each cell as the validation database reads it (`cells`); a column the file lacks NULL
        fields = [f for f in table.schema.get("fields", []) if isinstance(f, dict)]
        columns = [(f["name"], caster(f, table.schema)) for f in fields]
        marks = ", ".join("?" for _ in columns)
        connection.executemany(
            f"INSERT INTO {quote_identifier(table.name)} VALUES ({marks})",
            (
                [cast(row[name]) if name in row else None for name, cast in columns]
                for row in table.rows
            ),
        )


def _figure_named(field: str, value: Any, figure_ids: set[str]) -> str | None:
    if not isinstance(value, str) or value not in figure_ids:
        return None
    return value if field.endswith("figure_id") or field in ("record_id", "id") else None


def _record_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _load_findings(connection: sqlite3.Connection, release: Release) -> None:
    """The report's findings, evidence and records, and the decisions log, with sqlite-utils;
    then the full-text index of the quotes."""
    import sqlite_utils

    db = sqlite_utils.Database(connection)
    has_figures = "figures" in release.tables
    has_provenance = "provenance" in release.tables
    figure_ids = {row.get("figure_id", "") for row in release.figures()}
    db[DECISIONS_TABLE].create(  # type: ignore[union-attr]
        {
            "line": int,
            "finding_id": str,
            "rule": str,
            "action": str,
            "reason": str,
            "reviewer": str,
            "timestamp": str,
            "evidence_hash": str,
            "value": int,
            "figure_id": str,
            "state": str,
        },
        pk="line",
    )
    db[FINDINGS_TABLE].create(  # type: ignore[union-attr]
        {
            "finding_id": str,
            "rule": str,
            "stage": str,
            "severity": str,
            "status": str,
            "message": str,
            "decision_line": int,
            "decision_action": str,
            "decision_reviewer": str,
            "decision_timestamp": str,
            "decision_reason": str,
            "decision_value": int,
            "decision_figure_id": str,
        },
        pk="finding_id",
        foreign_keys=[("decision_line", DECISIONS_TABLE, "line")],
    )
    db[EVIDENCE_TABLE].create(  # type: ignore[union-attr]
        {
            "finding_id": str,
            "position": int,
            "provenance_id": str,
            "source_id": str,
            "start": int,
            "end": int,
            "quote": str,
            "page": int,
            "line": int,
        },
        pk=("finding_id", "position"),
        not_null={"finding_id", "position"},
        foreign_keys=[
            ("finding_id", FINDINGS_TABLE, "finding_id"),
            *([("provenance_id", "provenance", "provenance_id")] if has_provenance else []),
        ],
    )
    db[RECORDS_TABLE].create(  # type: ignore[union-attr]
        {"finding_id": str, "record": int, "field": str, "value": str, "figure_id": str},
        pk=("finding_id", "record", "field"),
        not_null={"finding_id", "record", "field"},
        foreign_keys=[
            ("finding_id", FINDINGS_TABLE, "finding_id"),
            *([("figure_id", "figures", "figure_id")] if has_figures else []),
        ],
    )
    db[DECISIONS_TABLE].insert_all(  # type: ignore[union-attr]
        (
            {
                "line": d.line,
                "finding_id": d.finding_id,
                "rule": d.rule,
                "action": d.action,
                "reason": d.reason,
                "reviewer": d.reviewer,
                "timestamp": d.timestamp,
                "evidence_hash": d.evidence_hash,
                "value": d.value,
                "figure_id": d.figure_id,
                "state": release.decision_states[d.line],
            }
            for d in release.decisions
        ),
    )
    db[FINDINGS_TABLE].insert_all(f.flat() for f in release.report.findings)  # type: ignore[union-attr]
    db[EVIDENCE_TABLE].insert_all(  # type: ignore[union-attr]
        {
            "finding_id": f.finding_id,
            "position": position,
            "provenance_id": e.provenance_id,
            "source_id": e.source_id,
            "start": e.start,
            "end": e.end,
            "quote": e.quote,
            "page": e.page,
            "line": e.line,
        }
        for f in release.report.findings
        for position, e in enumerate(f.evidence, start=1)
    )
    db[RECORDS_TABLE].insert_all(  # type: ignore[union-attr]
        {
            "finding_id": f.finding_id,
            "record": number,
            "field": field,
            "value": _record_value(value),
            "figure_id": _figure_named(field, value, figure_ids) if has_figures else None,
        }
        for f in release.report.findings
        for number, record in enumerate(f.records, start=1)
        for field, value in record.items()
    )
    table, columns = SEARCHED
    if table in release.tables:
        db[table].enable_fts(list(columns), tokenize="unicode61")  # type: ignore[union-attr]
