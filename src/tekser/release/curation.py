"""Curation: the release's tables as the curators left them — each figure marked as printed,
normalised by the package or corrected by a decision in force (the corrected value and date
beside the printed ones, which are kept), and the figures' schema with those columns."""

from __future__ import annotations

import copy
import csv
from datetime import date
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.report import Report
from tekser.decisions.apply import corrections
from tekser.package.descriptor import Package, Row, is_table
from tekser.package.figures import printed_as_value
from tekser.release.model import Correction, Table

# What each released figure's value is: as printed, normalised by the package, or corrected by
# a curator's decision.
AS_PRINTED, NORMALISED, CORRECTED = "as-printed", "normalised", "corrected"
CURATION_COLUMNS = ("value_normalised", "status", "decision_finding_id")


def corrections_in_force(report: Report) -> dict[str, Correction]:
    """The curated value of each corrected figure, from the `correct` decisions in force (not
    stale, not superseded). A correction that cannot be applied (a figure that does not exist,
    two corrections of one figure that disagree) is a critical finding of validate
    (`decisions.correction_findings`), which refuses the release before this is asked."""
    return {
        str(decision.figure_id): Correction(
            str(decision.figure_id), decision.value, finding, decision, date=decision.date
        )
        for finding, decision in reversed(corrections(report))
    }


def read_table(package: Package, name: str) -> Table:
    resource = package.resource(name) or {}
    path = resource.get("path")
    if not isinstance(path, str):
        raise TekserError(f"resource {name!r}: publish needs a single file `path`")
    file = package.resource_file(name)
    with file.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    return Table(name, path, package.schema(name), header, package.read_table(name))


def figures_table(package: Package) -> Table | None:
    return read_table(package, "figures") if package.has_table("figures") else None


def quote_languages(package: Package) -> dict[str, str]:
    """The language of each provenance record, by id: the language a figure is read in."""
    if not package.has_table("provenance"):
        return {}
    return {
        r.get("provenance_id", ""): r.get("language", "") for r in package.iter_table("provenance")
    }


def curate_figures(
    table: Table, corrections: dict[str, Correction], languages: dict[str, str] | None = None
) -> Table:
    """The figures as released: `value` the curated value, `printed` kept, `value_normalised`
    the package's value, `status` and the finding whose decision corrected it."""
    clash = [column for column in CURATION_COLUMNS if column in table.header]
    if clash:
        raise TekserError(
            f"{table.path}: columns {', '.join(clash)} are written by publish; "
            "rename them in the package"
        )
    if "value" not in table.header:
        raise TekserError(f"{table.path}: figures have no `value` column")
    at = table.header.index("printed") + 1 if "printed" in table.header else len(table.header)
    header = [*table.header[:at], *CURATION_COLUMNS, *table.header[at:]]
    rows = []
    for row in table.rows:
        curated = dict(row)
        curated["value_normalised"] = row.get("value", "")
        correction = corrections.get(row.get("figure_id", ""))
        if correction is not None:
            if correction.value is not None:
                curated["value"] = str(correction.value)
            if correction.date is not None:
                curated.update(_redated(row, correction.date))
            curated["status"] = CORRECTED
            curated["decision_finding_id"] = correction.finding.finding_id
            curated["note"] = _correction_note(row, correction)
        else:
            language = (languages or {}).get(row.get("provenance_id", ""), "")
            curated["status"] = AS_PRINTED if printed_as_value(row, language) else NORMALISED
            curated["decision_finding_id"] = ""
        rows.append({column: curated.get(column, "") for column in header})
    return Table(table.name, table.path, curated_schema(table.schema), header, rows)


def _redated(row: Row, start: str) -> dict[str, str]:
    """The figure's period moved to begin on `start`, keeping its length (a day stays a day,
    a year a year); the printed date stays as printed."""
    try:
        old_start = date.fromisoformat(row.get("period_start", ""))
        old_end = date.fromisoformat(row.get("period_end", "") or row.get("period_start", ""))
        new_start = date.fromisoformat(start)
    except ValueError:
        return {"period_start": start, "period_end": start}
    return {
        "period_start": new_start.isoformat(),
        "period_end": (new_start + (old_end - old_start)).isoformat(),
    }


def _correction_note(row: Row, correction: Correction) -> str:
    """Why the released value differs from the printed one: the curator's reason, signed."""
    decision = correction.decision
    was = (
        row.get("value", "")
        if correction.value is not None
        else (f"period from {row.get('period_start', '')}")
    )
    said = (
        f"corrected from {was} to {correction.corrected} by {decision.reviewer} "
        f"on {decision.timestamp[:10]} ({correction.finding.finding_id}): {decision.reason}"
    )
    note = row.get("note", "").strip()
    return f"{note}; {said}" if note else said


def curated_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The figures Table Schema with the curation columns, after `printed`."""
    schema = copy.deepcopy(schema)
    fields: list[dict[str, Any]] = schema.setdefault("fields", [])
    names = [f.get("name") for f in fields]
    value = fields[names.index("value")] if "value" in names else {"name": "value"}
    value["description"] = (
        "The curated value: a curator's correction where one is in force (status `corrected`), "
        "else the package's normalised value."
    )
    before = {k: v for k, v in value.items() if k not in ("name", "description")}
    added: list[dict[str, Any]] = [
        {
            **copy.deepcopy(before),
            "name": "value_normalised",
            "description": "The value as the package normalised it from the printed token, "
            "before curation.",
        },
        {
            "name": "status",
            "type": "string",
            "description": "as-printed: the value is the printed number; normalised: the package "
            "read the printed token as another number (see note); corrected: a "
            "curator's decision gives the value (see note and decision_finding_id).",
            "constraints": {"required": True, "enum": [AS_PRINTED, NORMALISED, CORRECTED]},
        },
        {
            "name": "decision_finding_id",
            "type": "string",
            "description": "The finding whose `correct` decision (provenance/decisions.jsonl) "
            "gives the value; empty unless status is corrected.",
        },
    ]
    at = names.index("printed") + 1 if "printed" in names else len(fields)
    fields[at:at] = added
    return schema


def release_tables(package: Package, corrections: dict[str, Correction]) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    languages = quote_languages(package)
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and is_table(resource):
            table = read_table(package, name)
            curated = name == "figures"
            tables[name] = curate_figures(table, corrections, languages) if curated else table
    return tables
