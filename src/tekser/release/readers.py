"""The documents a release carries for the tools its readers already have: a README (what it
is, how to cite it, check it and open it), a CITATION.cff (CFF 1.2, from the descriptor, the
source as a reference) and a Datasette metadata file (titles, licence, source, every table's
and column's description from the Table Schemas, full-text search on the quotes, and canned
queries for the questions asked first)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from tekser.package.descriptor import Row
from tekser.release.database import (
    DECISIONS_TABLE,
    EVIDENCE_TABLE,
    FINDINGS_TABLE,
    RECORDS_TABLE,
    SEARCHED,
    file_name,
)
from tekser.release.model import (
    CITATION,
    HTML,
    METADATA,
    PROV,
    REPORT,
    SUMS,
    Release,
)
from tekser.stages.formulas import RULE as FORMULA_RULE

CFF_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "citation-1.2.0.schema.json"
CFF_MESSAGE = (
    "If you use these figures, please cite this data package and the source it transcribes "
    "(listed under references)."
)
TEKSER_TABLES = {
    FINDINGS_TABLE: (
        "Findings",
        "Every finding of the validation report, with the decision "
        "in force (a curator's, from provenance/decisions.jsonl).",
    ),
    EVIDENCE_TABLE: ("Findings' evidence", "The quoted spans each finding rests on."),
    RECORDS_TABLE: (
        "Findings' records",
        "The records behind each finding, one row per field; "
        "figure_id links the fields that name a figure.",
    ),
    DECISIONS_TABLE: (
        "Decisions",
        "Every line of the curators' decisions log, with its state "
        "in this release (in-force, superseded, stale, orphaned).",
    ),
}


@cache
def _cff_licences() -> frozenset[str]:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    return frozenset(schema["definitions"]["license-enum"]["enum"])


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _licences(release: Release) -> list[dict[str, Any]]:
    found = release.descriptor.get("licenses")
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _sources(release: Release) -> list[Row]:
    table = release.tables.get("sources")
    return table.rows if table else []


def _date(release: Release) -> str:
    return release.created[:10]


# --- CITATION.cff ----------------------------------------------------------------------------


def citation_cff(release: Release) -> str:
    """CITATION.cff (CFF 1.2.0) of the release: title, version, date, contributors as
    authors, licence, keywords, abstract, and each source as a reference."""
    import yaml

    descriptor = release.descriptor
    authors = [
        {"name": _text(c.get("title"))}
        for c in descriptor.get("contributors", [])
        if isinstance(c, dict) and _text(c.get("title"))
    ]
    for reviewer in sorted({decision.reviewer for decision in release.decisions}):
        if {"name": reviewer} not in authors:
            authors.append({"name": reviewer})
    document: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": CFF_MESSAGE,
        "type": "dataset",
        "title": release.title,
        "version": release.version,
        "date-released": _date(release),
        "authors": authors or [{"name": release.name}],
    }
    if _text(descriptor.get("description")):
        document["abstract"] = _text(descriptor.get("description"))
    keywords = [k for k in descriptor.get("keywords", []) if _text(k)]
    if keywords:
        document["keywords"] = list(dict.fromkeys(keywords))
    licences = [_text(item.get("name")) for item in _licences(release)]
    known = [name for name in licences if name in _cff_licences()]
    if known:
        document["license"] = known[0] if len(known) == 1 else known
    urls = [_text(item.get("path")) for item in _licences(release) if _text(item.get("path"))]
    if urls and urls[0].startswith(("http://", "https://")):
        document["license-url"] = urls[0]
    references = [_reference(row) for row in _sources(release)]
    if references:
        document["references"] = references
    header = f"# {CITATION} of {release.name} {release.version}, written by tekser publish.\n"
    body: str = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def _reference(row: Row) -> dict[str, Any]:
    """A source as a CFF reference: a journal article when it names its container and
    issue, else a generic work."""
    title = _text(row.get("title")) or _text(row.get("citation")) or _text(row.get("source_id"))
    author = _text(row.get("author"))
    reference: dict[str, Any] = {
        "type": "article" if _text(row.get("issue")) and _text(row.get("container")) else "generic",
        "title": title,
        "authors": [{"name": author or "Unknown"}],
    }
    year = _text(row.get("year"))
    if year:
        reference["year"] = int(year) if year.isdigit() else year
    container = _text(row.get("container"))
    if container:
        reference["journal" if reference["type"] == "article" else "collection-title"] = container
    for column, key in (("issue", "issue"), ("issn", "issn")):
        if _text(row.get(column)):
            reference[key] = _text(row.get(column))
    pages = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", _text(row.get("pages")))
    if pages:
        reference["start"], reference["end"] = int(pages[1]), int(pages[2])
    languages = [tag.split("-")[0].lower() for tag in _text(row.get("languages")).split()]
    languages = [tag for tag in dict.fromkeys(languages) if re.fullmatch("[a-z]{2,3}", tag)]
    if languages:
        reference["languages"] = languages
    notes = " ".join(
        part for part in (_text(row.get("citation")), _text(row.get("title_en"))) if part
    )
    if notes:
        reference["notes"] = notes
    return reference


# --- Datasette -------------------------------------------------------------------------------


def _column_description(field: dict[str, Any]) -> str:
    description = _text(field.get("description"))
    unit = _text(field.get("unit"))  # not Table Schema's own, but kept where a schema has it
    return f"{description} Unit: {unit}." if unit else description


def datasette_metadata(release: Release) -> dict[str, Any]:
    """Datasette's metadata.json for the release database: title, description, licence and
    source; every table's title and description and its columns' descriptions from the
    Table Schemas; the quotes' full-text index; canned queries."""
    descriptor = release.descriptor
    licences = _licences(release)
    licence = licences[0] if licences else {}
    sources = _sources(release)
    tables: dict[str, Any] = {}
    resources = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    for name, table in release.tables.items():
        resource = resources.get(name, {})
        entry: dict[str, Any] = {
            "title": _text(resource.get("title")) or name.replace("_", " ").capitalize(),
            "description": _text(resource.get("description"))
            or _text(table.schema.get("description")),
            "columns": {
                field["name"]: _column_description(field)
                for field in table.schema.get("fields", [])
                if isinstance(field, dict) and field.get("name") and _column_description(field)
            },
        }
        if name == SEARCHED[0]:
            entry["fts_table"] = f"{name}_fts"
        tables[name] = entry
    for name, (title, description) in TEKSER_TABLES.items():
        tables[name] = {"title": title, "description": description}
    database: dict[str, Any] = {
        "title": release.title,
        "description": _text(descriptor.get("description")),
        "tables": tables,
        "queries": canned_queries(release),
    }
    metadata: dict[str, Any] = {
        "title": release.title,
        "description": f"{_text(descriptor.get('description'))} Release {release.version} "
        f"of {release.created}, published by tekser.".strip(),
        "license": _text(licence.get("name")) or _text(licence.get("title")),
        "source": "; ".join(_text(r.get("citation")) or _text(r.get("title")) for r in sources),
        "databases": {file_name(release).removesuffix(".sqlite"): database},
    }
    if _text(licence.get("path")).startswith(("http://", "https://")):
        metadata["license_url"] = _text(licence.get("path"))
    urls = [_text(r.get("retrieved_from")) for r in sources]
    if urls and urls[0].startswith(("http://", "https://")):
        metadata["source_url"] = urls[0]
    return metadata


def _columns(release: Release, table: str, wanted: list[str], alias: str) -> list[str]:
    header = release.tables[table].header if table in release.tables else []
    return [f"{alias}.{column}" for column in wanted if column in header]


def canned_queries(release: Release) -> dict[str, Any]:
    """The questions a reader asks first, as named SQL: each figure with the words of the
    source that state it; each finding with the curator's decision; a search of the quotes."""
    queries: dict[str, Any] = {}
    if "figures" in release.tables and "provenance" in release.tables:
        figure = _columns(
            release,
            "figures",
            [
                "figure_id",
                "series_id",
                "organisation",
                "measure",
                "statistic",
                "date_printed",
                "period_start",
                "period_end",
                "date_precision",
                "printed",
                "value",
                "scale",
                "unit",
                "status",
                "note",
            ],
            "f",
        )
        quote = _columns(
            release, "provenance", ["quote", "page", "line", "language", "citation"], "p"
        )
        joins = "JOIN provenance p ON p.provenance_id = f.provenance_id"
        if "sources" in release.tables:
            quote.append("s.citation AS source")
            joins += "\nLEFT JOIN sources s ON s.source_id = f.source_id"
        queries["figures_with_their_quotes"] = {
            "title": "Figures with their quotes",
            "description": "Every figure with the quoted span of the source that states it: "
            "page, line, language and footnote, and the source's citation.",
            "sql": f"SELECT {', '.join(figure + quote)}\nFROM figures f\n{joins}\n"
            "ORDER BY f.series_id, f.period_start, f.figure_id",
        }
    queries["findings_with_their_decisions"] = {
        "title": "Findings with their decisions",
        "description": "Every finding of the validation report with the curator's decision "
        "in force: action, reviewer, date and reason.",
        "sql": "SELECT t.finding_id, t.rule, t.severity, t.status, t.message, d.action, "
        "d.reviewer, d.timestamp, d.reason, d.value, d.figure_id\n"
        f"FROM {FINDINGS_TABLE} t\nLEFT JOIN {DECISIONS_TABLE} d ON d.line = t.decision_line\n"
        "ORDER BY t.severity, t.rule, t.finding_id",
    }
    table, _ = SEARCHED
    if table in release.tables:
        shown = _columns(
            release,
            table,
            ["provenance_id", "source_id", "quote", "page", "line", "language", "citation"],
            "p",
        )
        queries["search_quotes"] = {
            "title": "Search the quotes",
            "description": "The quoted spans that contain the words searched for (SQLite "
            'full-text search: words, "a phrase", prefix*).',
            "sql": f"SELECT {', '.join(shown)}\nFROM {table}_fts\n"
            f"JOIN {table} p ON p.rowid = {table}_fts.rowid\n"
            f"WHERE {table}_fts MATCH :q\nORDER BY p.provenance_id",
        }
    return queries


# --- README ----------------------------------------------------------------------------------


def readme(release: Release) -> str:
    """The release's README.md: what it is, how to cite it, how to check it, how to open it."""
    descriptor = release.descriptor
    database = file_name(release)
    lines = [
        f"# {release.title}",
        "",
        f"Release **{release.version}** of `{release.name}`, made on {release.created} by tekser.",
        "",
    ]
    if _text(descriptor.get("description")):
        lines += [_text(descriptor.get("description")), ""]
    report = release.report
    counts = report.counts()
    figures = len(release.figures())
    lines += [
        "## What it is",
        "",
        f"{figures} figures, each with the exact quoted span of its source (page, line, "
        "language, footnote), validated by tekser: every quote is proven against the source "
        f"text, every number of the source accounted for. {len(report.findings)} findings "
        f"({counts['critical']} critical, {counts['warning']} warning, {counts['info']} info)"
        f"; {len(release.corrections)} figure(s) corrected by a curator.",
        "",
    ]
    if release.open_questions:
        lines += [
            f"**{len(release.open_questions)} open question(s)**: warnings published "
            "undecided; see the top of `report.html`.",
            "",
        ]
    formulas = sorted(
        {
            f"`{record['table']}.{record['column']}`"
            for finding in report.findings
            if finding.rule == FORMULA_RULE
            for record in finding.records[:1]
        }
    )
    if formulas:
        lines += [
            f"**Spreadsheets**: some cells of {', '.join(formulas)} begin with `=`, `+`, `-` or "
            "`@`, as the source prints them; a spreadsheet would run them as formulas. They are "
            "released unaltered: import these columns as text.",
            "",
        ]
    lines += [
        "| file | what it holds |",
        "| --- | --- |",
        f"| `{HTML}` | the report: every series and figure with its quote, every finding with "
        "its decision; open it in a browser (it loads nothing) |",
        "| `datapackage.json` | the Data Package v2 descriptor: every file with its size and "
        "sha256 |",
        "| `data/`, `provenance/`, `schemas/`, `seeds/` | the tables (figures curated), the "
        "quoted spans, exclusions and curators' decisions, the Table Schemas, the source text |",
        f"| `{database}` | every table in SQLite, keys declared, findings and decisions, "
        "full-text search on the quotes |",
        f"| `{METADATA}` | Datasette metadata for the database |",
        f"| `{REPORT}` | the validation report (JSON) |",
        f"| `{PROV}` | W3C PROV-JSON: source → quote → figure, findings, decisions |",
        f"| `{CITATION}` | how to cite the release (Citation File Format 1.2) |",
        f"| `{SUMS}` | the SHA-256 of every other file |",
        "",
        "## How to cite",
        "",
        f"Cite the release ({CITATION}):",
        "",
        f"> {_plain_authors(release)} ({release.created[:4]}). *{release.title}* "
        f"(version {release.version}) [Data set].",
        "",
    ]
    sources = [_text(r.get("citation")) for r in _sources(release) if _text(r.get("citation"))]
    if sources:
        lines += ["and the source it transcribes:", ""]
        lines += [f"> {citation}" for citation in sources]
        lines += [""]
    licences = "; ".join(
        _text(item.get("title")) or _text(item.get("name")) for item in _licences(release)
    )
    if licences:
        lines += [f"Licence: {licences}.", ""]
    lines += [
        "## How to check it",
        "",
        "```sh",
        f"sha256sum -c {SUMS}          # every file is the one published",
        "tekser validate . --fail-on warning   # every quote still proves its figure",
        "```",
        "",
        "## How to open it",
        "",
        "```sh",
        f"datasette {database} --metadata {METADATA}   # browse, search the quotes, run the "
        "canned queries",
        "```",
        "",
        "```python",
        "import tekser",
        'release = tekser.load(".")',
        "release.figures  # a pandas DataFrame: every figure with its quote, page, line, "
        "language and citation",
        "```",
        "",
    ]
    return "\n".join(lines)


def _plain_authors(release: Release) -> str:
    names = [
        _text(c.get("title"))
        for c in release.descriptor.get("contributors", [])
        if isinstance(c, dict) and _text(c.get("title"))
    ]
    return "; ".join(names) or release.name
