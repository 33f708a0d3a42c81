"""The release's provenance as W3C PROV-JSON, built with the `prov` package.

- each source (seed) is an entity; each quoted span an entity `wasQuotedFrom` its source, with
  its quote, offsets, page and line as attributes;
- each figure (and each other row that states a fact) is an entity `wasQuotedFrom` its span;
  a figure whose date is printed elsewhere is also derived from that span;
- each finding is an entity derived from the spans it rests on;
- each curator decision is an activity that `used` its finding and `wasAssociatedWith` its
  reviewer, an agent; a corrected figure `wasGeneratedBy` its decision and is a revision of
  the figure as the package read it (itself quoted from the span).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tekser.package.descriptor import Row

if TYPE_CHECKING:
    from prov.model import ProvDocument

    from tekser.release.model import Release

VOCABULARY = "https://tekser.invalid/ns#"
KINDS = ("source", "span", "figure", "reading", "fact", "finding", "decision", "reviewer")


def local(*parts: str) -> str:
    """A qualified name's local part from ids: percent-encoded, parts joined by `/`."""
    return "/".join(quote(part, safe="._-~") for part in parts)


def reviewer_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "reviewer"
    return f"reviewer:{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def finding_ref(identifier: str) -> str:
    return "finding:" + local(identifier.replace(":", "."))


def _attributes(row: Row, types: dict[str, str]) -> dict[str, Any]:
    """A row's non-empty cells as `tekser:` attributes, integers as integers."""
    attributes: dict[str, Any] = {}
    for column, cell in row.items():
        if not column or cell == "":
            continue
        value: Any = cell
        if types.get(column) in ("integer", "year"):
            try:
                value = int(cell)
            except ValueError:
                value = cell
        attributes[f"tekser:{column}"] = value
    return attributes


def _types(schema: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f.get("type", "string") for f in schema.get("fields", []) if "name" in f}


def build_document(release: Release) -> ProvDocument:
    """The PROV document of a release; records are added in a fixed order, so the same release
    gives the same document."""
    from prov.model import PROV, ProvDocument

    document = ProvDocument()
    document.add_namespace("tekser", VOCABULARY)
    base = f"urn:tekser:{release.name}:{release.version}:"
    for prefix in KINDS:
        document.add_namespace(prefix, f"{base}{prefix}:")

    def kind(name: str) -> Any:
        return document.valid_qualified_name(f"tekser:{name}")

    tables = release.tables
    if "sources" in tables:
        for row in tables["sources"].rows:
            attributes = _attributes(row, _types(tables["sources"].schema))
            attributes["prov:type"] = kind("Source")
            attributes["prov:label"] = row.get("citation") or row.get("title") or row["source_id"]
            document.entity(f"source:{local(row['source_id'])}", attributes)
    spans: set[str] = set()
    if "provenance" in tables:
        for row in tables["provenance"].rows:
            span = f"span:{local(row['provenance_id'])}"
            attributes = _attributes(row, _types(tables["provenance"].schema))
            attributes["prov:type"] = kind("Quote")
            document.entity(span, attributes)
            spans.add(span)
            if row.get("source_id"):
                document.wasQuotedFrom(span, f"source:{local(row['source_id'])}")

    def quoted(entity: str, row: Row) -> None:
        span = f"span:{local(row.get('provenance_id', ''))}"
        if span in spans:
            document.wasQuotedFrom(entity, span)
        date_span = f"span:{local(row.get('date_provenance_id', ''))}"
        if row.get("date_provenance_id") and date_span in spans:
            document.wasDerivedFrom(entity, date_span, other_attributes={"tekser:role": "date"})

    decisions = {decision.line: f"decision:{decision.line}" for decision in release.decisions}
    for name, table in tables.items():
        if "provenance_id" not in table.header or name in ("provenance", "sources"):
            continue
        types = _types(table.schema)
        for row in table.rows:
            if name == "figures":
                figure = f"figure:{local(row['figure_id'])}"
                attributes = _attributes(row, types)
                attributes["prov:type"] = kind("Figure")
                if as_number(row.get("value")) is not None:
                    attributes["prov:value"] = as_number(row.get("value"))
                document.entity(figure, attributes)
                quoted(figure, row)
                continue
            key = table.primary_key or ["provenance_id"]
            fact = f"fact:{local(name, *(row.get(column, '') for column in key))}"
            attributes = _attributes(row, types)
            attributes["prov:type"] = kind("Statement")
            attributes["tekser:table"] = name
            document.entity(fact, attributes)
            quoted(fact, row)

    findings: dict[str, str] = {}
    for finding in release.report.findings:
        entity = finding_ref(finding.finding_id)
        findings[finding.finding_id] = entity
        document.entity(
            entity,
            {
                "prov:type": kind("Finding"),
                "tekser:finding_id": finding.finding_id,
                "tekser:rule": finding.rule,
                "tekser:stage": finding.stage,
                "tekser:severity": finding.severity.value,
                "tekser:status": finding.status,
                "tekser:message": finding.message,
            },
        )
        rests_on: list[str] = []
        for evidence in finding.evidence:
            span = f"span:{local(evidence.provenance_id or '')}"
            if evidence.provenance_id and span in spans and span not in rests_on:
                rests_on.append(span)
                document.wasDerivedFrom(entity, span)

    for reviewer in sorted({decision.reviewer for decision in release.decisions}):
        document.agent(reviewer_id(reviewer), {"prov:type": PROV["Person"], "prov:label": reviewer})
    for decision in release.decisions:
        activity = decisions[decision.line]
        when = when_of(decision.timestamp)
        attributes = {
            "prov:type": kind("Decision"),
            "tekser:action": decision.action,
            "tekser:reason": decision.reason,
            "tekser:finding_id": decision.finding_id,
            "tekser:rule": decision.rule,
            "tekser:evidence_hash": decision.evidence_hash,
            "tekser:state": release.decision_states[decision.line],
            "tekser:log_line": decision.line,
        }
        if decision.value is not None:
            attributes["tekser:value"] = decision.value
        if decision.figure_id is not None:
            attributes["tekser:figure_id"] = decision.figure_id
        document.activity(activity, when, when, attributes)
        document.wasAssociatedWith(activity, reviewer_id(decision.reviewer))
        if decision.finding_id in findings:
            document.used(activity, findings[decision.finding_id])

    for figure_id, correction in sorted(release.corrections.items()):
        original = release.originals[figure_id]
        reading = f"reading:{local(figure_id)}"
        figure = f"figure:{local(figure_id)}"
        activity = decisions[correction.decision.line]
        attributes = _attributes(original, _types(tables["figures"].schema))
        attributes["prov:type"] = kind("FigureAsRead")
        if as_number(original.get("value")) is not None:
            attributes["prov:value"] = as_number(original.get("value"))
        document.entity(reading, attributes)
        quoted(reading, original)
        document.used(activity, reading)
        document.wasGeneratedBy(figure, activity, when_of(correction.decision.timestamp))
        document.wasDerivedFrom(
            figure, reading, activity, other_attributes={"prov:type": PROV["Revision"]}
        )
    return document


def as_number(cell: str | None) -> int | float | None:
    """A value cell as a JSON number: an integer when whole, else the decimal as a float
    (shortest form: "2.5" stays 2.5)."""
    if cell in (None, ""):
        return None
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        return None


def when_of(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


def prov_json(release: Release) -> bytes:
    """The release's PROV-JSON, re-serialised with sorted keys so that it is byte-stable."""
    text = build_document(release).serialize(format="json")
    document = json.loads(text or "{}")
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
