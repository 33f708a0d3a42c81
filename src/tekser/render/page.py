"""The report as one self-contained HTML page, for the people who read and cite the result:
inline CSS and SVG, nothing loaded (no script, font or image). It reads no file: it is made
from a report, a descriptor and tables already read.

`tekser validate --format html` writes it for any run (`validation_html`); `tekser publish`
puts the same page in the release (`tekser.release.html.render_html`). Every figure is shown
with the quote that states it (the span marked, page, line, language, footnote), its date as
printed and as read at its precision, its value with scale and unit; a series of two or more
periods is charted, a one-period series is a row; terms, events, claims, breakdowns, bounds
and announcements are tables of their own; every finding follows with its decision and
quotes. The page is rendered by Jinja2 templates (`templates/`) with autoescaping: no text of
the data is ever markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tekser.core.findings import DecisionState, Evidence, Finding, Severity
from tekser.core.named import named_rows
from tekser.core.report import Report
from tekser.package.descriptor import Row
from tekser.render.charts import Flag, build_chart
from tekser.render.labels import row_period, series_title, value_text, words
from tekser.render.views import (
    ID_COLUMNS,
    SECTIONS,
    STATUSES,
    FindingLink,
    FindingView,
    PageData,
    QuoteView,
    RowView,
    SeriesView,
    TableView,
    anchor,
)

if TYPE_CHECKING:
    from tekser.core.findings import Decision

# --- entry points ----------------------------------------------------------------------------


def validation_html(
    report: Report,
    descriptor: dict[str, Any],
    tables: dict[str, list[Row]],
    fail_on: Severity,
    location: str = "",
) -> str:
    """The page of one `tekser validate` run, whatever its findings, from the descriptor and
    the tables the validation read (`tekser.validation.Validation`): no file is read here."""
    return render_page(PageData(report, fail_on, descriptor, tables, location=location))


def render_page(data: PageData) -> str:
    """The whole page, from the templates."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("tekser", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("report.html").render(page=_context(data))


# --- the page's parts ------------------------------------------------------------------------


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def readable(text: str) -> str:
    """Seed text as the page shows it: a no-break space (which some seeds put between every
    two words) as a space, so that a quote wraps between words, never inside one."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def quote_view(evidence: Evidence, provenance: dict[str, Row]) -> QuoteView:
    """The quote in a word-aligned window of its recorded context, as `review` shows it."""
    from tekser.render.terminal import evidence_window

    shown = evidence_window(evidence)
    row = provenance.get(evidence.provenance_id or "", {})
    where = [evidence.source_id or ""]
    if evidence.page is not None:
        where.append(f"p. {evidence.page}")
    if evidence.line is not None:
        where.append(f"line {shown.lines if shown.first_line else evidence.line}")
    where += [row.get("language", ""), row.get("citation", "")]
    return QuoteView(
        readable(shown.before),
        readable(shown.span),
        readable(shown.after),
        [w for w in where if w],
        row.get("language", ""),
        evidence.provenance_id or "",
    )


def _evidence(row: Row) -> Evidence:
    def number(column: str) -> int | None:
        return int(row[column]) if row.get(column, "").isdigit() else None

    return Evidence(
        row.get("provenance_id"),
        row.get("source_id"),
        number("start"),
        number("end"),
        row.get("quote", ""),
        number("page"),
        number("line"),
        row.get("prefix", ""),
        row.get("suffix", ""),
    )


def _date_cell(row: Row) -> str:
    read = row_period(row)
    printed = " ".join(readable(_text(row.get("date_printed"))).split())
    return f"{printed}\n→ {read}" if printed else f"not printed\n→ {read}"


def _row_view(
    table: str,
    row: Row,
    cells: list[tuple[str, str]],
    data: PageData,
    links: dict[tuple[str, str], list[FindingLink]],
) -> RowView:
    ident = row.get(ID_COLUMNS.get(table, ""), "")
    span = data.provenance.get(row.get("provenance_id", ""))
    quote = quote_view(_evidence(span), data.provenance) if span else None
    found = links.get((table, ident), [])
    if table == "part_whole":  # one breakdown, many rows: each row its part
        ident = f"{ident}.{row.get('part_figure_id', '')}"
    notes = [_text(row.get("note")), _text(row.get("date_note"))]
    css = "flagged" if any(link.status in ("open", "stale") for link in found) else ""
    return RowView(ident, cells, quote, found, "; ".join(n for n in notes if n), css)


def _figure_cells(row: Row, language: str) -> list[tuple[str, str]]:
    value = value_text(row)
    status = row.get("status", "")
    if status == "corrected":
        value += f"\nwas {value_text(row, row.get('value_normalised', ''))} (corrected)"
    elif status == "normalised":
        value += "\n(normalised)"
    return [(_date_cell(row), language), (value, ""), (readable(row.get("printed", "")), language)]


def _language(data: PageData, row: Row) -> str:
    """The language of the quote that states a row."""
    return data.provenance.get(row.get("provenance_id", ""), {}).get("language", "")


def _series(
    data: PageData, links: dict[tuple[str, str], list[FindingLink]], flags: dict[str, Flag]
) -> list[SeriesView]:
    grouped: dict[str, list[Row]] = {}
    for row in data.tables.get("figures", []):
        grouped.setdefault(row.get("series_id") or row.get("figure_id", ""), []).append(row)
    views = []
    for series_id, rows in grouped.items():
        rows = sorted(rows, key=lambda r: (r.get("period_start", ""), r.get("statistic", "")))
        shown = [
            _row_view("figures", row, _figure_cells(row, _language(data, row)), data, links)
            for row in rows
        ]
        bounds = {r.get("statistic"): r for r in rows if r.get("statistic", "").endswith("-bound")}
        range_text = ""
        if len(bounds) == 2 and len({r.get("period_start") for r in rows}) == 1:
            low, high = bounds["lower-bound"], bounds["upper-bound"]
            range_text = (
                f"a range: {low.get('value')}–{value_text({**high, 'statistic': ''})}"
                f", {row_period(low)}"
            )
        views.append(
            SeriesView(
                series_id,
                series_title(rows[0]),
                shown,
                build_chart(series_id, rows, flags),
                range_text,
            )
        )
    return views


def _section_cells(table: str, row: Row) -> tuple[list[str], list[tuple[str, str]]]:
    language = row.get("language", "")
    date = (_date_cell(row), language)
    if table == "terms":
        return ["person", "office", "date", "language"], [
            (row.get("name_printed", "") or row.get("person", ""), language),
            (row.get("office", ""), ""),
            date,
            (language, ""),
        ]
    if table == "events":
        what = " · ".join(
            p
            for p in (words(row.get("kind", "")), row.get("body", ""), row.get("ordinal", ""))
            if p
        )
        return ["event", "description", "date", "language"], [
            (what or row.get("event_key", ""), ""),
            (row.get("description", ""), ""),
            date,
            (language, ""),
        ]
    if table == "claims":
        said = " ".join(p for p in (row.get("pace", ""), row.get("direction", "")) if p)
        return ["series", "claim", "in the text's words (English)", "date"], [
            (f"{words(row.get('organisation', ''))}: {words(row.get('measure', ''))}", ""),
            (said, ""),
            (row.get("wording_en", ""), ""),
            date,
        ]
    if table == "part_whole":
        exhaustive = "exhaustive" if row.get("exhaustive") in ("true", "True", "1") else "partial"
        return ["breakdown", "whole", "part", "kind"], [
            (row.get("relation_id", ""), ""),
            (row.get("whole_figure_id", ""), ""),
            (row.get("part_figure_id", ""), ""),
            (exhaustive, ""),
        ]
    if table == "bounds":
        ratio = f"{words(row.get('numerator', ''))} per {words(row.get('denominator', ''))}"
        limits = " ".join(
            p
            for p in (
                f"≥ {row['minimum']}" if row.get("minimum") else "",
                f"≤ {row['maximum']}" if row.get("maximum") else "",
            )
            if p
        )
        return ["ratio", "bound", "as printed", "date"], [
            (f"{words(row.get('organisation', ''))}: {ratio}", ""),
            (limits, ""),
            (row.get("printed", ""), language),
            date,
        ]
    return ["series", "what the text announces (English)", "date"], [
        (f"{words(row.get('organisation', ''))}: {words(row.get('measure', ''))}", ""),
        (row.get("wording_en", ""), ""),
        date,
    ]


def _part_whole_values(data: PageData, row: Row) -> Row:
    figures = {r.get("figure_id", ""): r for r in data.tables.get("figures", [])}
    shown = dict(row)
    for column in ("whole_figure_id", "part_figure_id"):
        figure = figures.get(row.get(column, ""))
        if figure:
            shown[column] = f"{series_title(figure)}, {row_period(figure)}\n= {value_text(figure)}"
    return shown


def _sections(data: PageData, links: dict[tuple[str, str], list[FindingLink]]) -> list[TableView]:
    views = []
    for table, _column, heading in SECTIONS:
        rows = data.tables.get(table, [])
        if not rows:
            continue
        headers: list[str] = []
        shown = []
        for row in rows:
            source = _part_whole_values(data, row) if table == "part_whole" else row
            headers, cells = _section_cells(table, source)
            shown.append(_row_view(table, row, cells, data, links))
        views.append(TableView(table, heading, headers, shown))
    return views


def _finding_view(
    number: int, finding: Finding, data: PageData, named: dict[str, list[str]]
) -> FindingView:
    quotes = [quote_view(e, data.provenance) for e in finding.evidence if e.quote]
    records = []
    if not quotes:
        for record in finding.records[:6]:
            records += [(str(key), str(value)) for key, value in record.items()]
    names = [
        f"{words(table)} {ident}"
        for table, idents in named.items()
        for ident in idents
        if any(r.get(ID_COLUMNS[table]) == ident for r in data.tables.get(table, []))
    ]
    return FindingView(number, finding, quotes, records, names[:12])


def _counts(report: Report) -> list[dict[str, Any]]:
    """Findings by rule and status; the rules that ran and found nothing too."""
    rules: dict[str, dict[str, Any]] = {}
    for rule in report.rules:
        rules[rule.name] = {
            "rule": rule.name,
            "severity": rule.severity.value,
            "total": 0,
            **dict.fromkeys(STATUSES, 0),
        }
    for finding in report.findings:
        entry = rules.setdefault(
            finding.rule, {"rule": finding.rule, "total": 0, **dict.fromkeys(STATUSES, 0)}
        )
        entry["severity"] = finding.severity.value
        entry[finding.status] = entry.get(finding.status, 0) + 1
        entry["total"] += 1
    rank = {s.value: s.rank for s in Severity}
    return sorted(rules.values(), key=lambda e: (e["total"] == 0, -rank[e["severity"]], e["rule"]))


def _people(items: Iterable[object]) -> list[str]:
    return [_text(i.get("title") or i.get("name")) for i in items if isinstance(i, dict)]


def _context(data: PageData) -> dict[str, Any]:
    descriptor, report, release = data.descriptor, data.report, data.release
    data.provenance = {r.get("provenance_id", ""): r for r in data.tables.get("provenance", [])}
    numbered = list(enumerate(report.findings, start=1))
    links: dict[tuple[str, str], list[FindingLink]] = {}
    named_by: dict[int, dict[str, list[str]]] = {}
    flags: dict[str, Flag] = {}
    for number, finding in numbered:
        named_by[number] = named_rows(finding, data.tables)
        link = FindingLink(
            number, anchor(finding.finding_id), finding.severity.value, finding.status
        )
        for table, idents in named_by[number].items():
            for ident in idents:
                if link not in links.setdefault((table, ident), []):
                    links[table, ident].append(link)
    for (table, ident), found in links.items():
        if table == "figures":
            worst = max(found, key=lambda link: Severity(link.severity).rank)
            tips = [
                f"[{link.number}] {report.findings[link.number - 1].finding_id}" for link in found
            ]
            flags[ident] = Flag(
                ",".join(str(link.number) for link in found),
                worst.severity,
                found[0].anchor,
                "\n".join(tips),
            )
    series = _series(data, links, flags)
    decisions: list[Decision] = release.decisions if release else []
    states = release.decision_states if release else {}
    orphaned = [d for d in decisions if states.get(d.line) is DecisionState.ORPHANED]
    sources = data.tables.get("sources", [])
    return {
        "title": _text(descriptor.get("title")) or _text(descriptor.get("name")) or "tekser",
        "name": _text(descriptor.get("name")),
        "version": _text(descriptor.get("version")),
        "created": release.created if release else "",
        "description": _text(descriptor.get("description")),
        "release": release is not None,
        "location": data.location,
        "licences": [p for p in _people(descriptor.get("licenses", [])) if p],
        "contributors": [p for p in _people(descriptor.get("contributors", [])) if p],
        "curators": sorted(
            {d.reviewer for d in decisions}
            | {f.decision.reviewer for f in report.findings if f.decision}
        ),
        "sources": [
            _text(r.get("citation")) or _text(r.get("title")) or r.get("source_id", "")
            for r in sources
        ],
        "figures": len(data.tables.get("figures", [])),
        "corrections": len(release.corrections) if release else 0,
        "report": report,
        "fail_on": data.fail_on.value,
        "failing": report.failing(data.fail_on),
        "counts": report.counts(),
        "statuses": {s: sum(1 for f in report.findings if f.status == s) for s in STATUSES},
        "by_rule": _counts(report),
        "status_names": STATUSES,
        "open_questions": release.open_questions if release else [],
        "charted": [s for s in series if s.chart is not None],
        "single": [s for s in series if s.chart is None],
        "series_count": len(series),
        "sections": _sections(data, links),
        "findings": [_finding_view(n, f, data, named_by[n]) for n, f in numbered],
        "orphaned": orphaned,
        "anchor": anchor,
        "database": f"{_text(descriptor.get('name'))}.sqlite",
    }
