"""Which rows of a package a finding names: one answer for every reader of a report (the
report page, the review card, the release database, `tekser.load`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tekser.core.findings import Finding

# The tables whose rows a finding can name, each with its id column.
ID_COLUMNS = {
    "figures": "figure_id",
    "terms": "term_id",
    "events": "event_id",
    "claims": "claim_id",
    "part_whole": "relation_id",
    "bounds": "bound_id",
    "announcements": "announcement_id",
}


def named_rows(
    finding: Finding, tables: Mapping[str, Sequence[Mapping[str, str]]]
) -> dict[str, list[str]]:
    """The ids of the rows a finding names, by table, in the order it names them: by id in
    its records (`claim_id`, `previous_figure_id`, a generic `record_id` with its table), then
    by the spans of its evidence (the rows whose `provenance_id` is one of them)."""
    named: dict[str, list[str]] = {}

    def add(table: str, value: object) -> None:
        if isinstance(value, str) and value not in named.setdefault(table, []):
            named[table].append(value)

    for record in finding.records:
        for key, value in record.items():
            for table, column in ID_COLUMNS.items():
                if key == column or key.endswith("_" + column):
                    add(table, value)
            if key in ("record_id", "id"):
                named_table = record.get("table_name") or record.get("table")
                tables_named = [named_table] if isinstance(named_table, str) else ID_COLUMNS
                for other in tables_named:
                    add(other, value)
    spans = {evidence.provenance_id for evidence in finding.evidence if evidence.provenance_id}
    for table, column in ID_COLUMNS.items():
        for row in tables.get(table, ()):
            if row.get("provenance_id") in spans:
                add(table, row.get(column, ""))
    return named
