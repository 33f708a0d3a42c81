"""The release's report as one self-contained HTML page: inline CSS and SVG, nothing loaded.

Each series of figures is charted over time, its flagged points (figures a finding names)
marked and labelled; every finding follows with its severity, status, the curator's decision
and the quotes it rests on. Every piece of data is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from tekser.findings import Evidence, Finding, Severity
from tekser.package import Row

if TYPE_CHECKING:
    from tekser.publish import Release

WIDTH, HEIGHT = 560, 250
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 28, 36

CSS = """
:root { --ink: #1d232b; --muted: #5d6875; --line: #d7dde4; --paper: #ffffff;
  --critical: #b3261e; --warning: #a15c00; --info: #1f6f8b; --ok: #2e7d32; --mark: #fff1b8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #f4f6f8; }
main { max-width: 70em; margin: 0 auto; padding: 24px 32px 64px; background: var(--paper); }
h1 { font-size: 1.6em; line-height: 1.25; margin: 0 0 .3em; }
h2 { margin-top: 2em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
h3 { margin: 0 0 .3em; font-size: 1.05em; }
.meta, .muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.verdict { padding: .6em 1em; border-left: 4px solid var(--ok); background: #eef7ef; }
.verdict.questions { border-color: var(--warning); background: #fff6e5; }
code, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .88em; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .8em;
  font-weight: 600; text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.badge.critical { background: var(--critical); } .badge.warning { background: var(--warning); }
.badge.info { background: var(--info); }
.badge.status { background: #e9edf1; color: var(--ink); }
.badge.status.open, .badge.status.stale { background: #ffe2b8; }
.series-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr));
  gap: 1.2em; }
figure.series { margin: 0; padding: .8em; border: 1px solid var(--line); border-radius: 4px;
  min-width: 0; overflow-x: auto; }
figure.series table { font-size: .8em; }
figure.series td { overflow-wrap: anywhere; padding: .25em .4em; }
figure.series td code { font-size: .95em; }
figure.series figcaption { font-weight: 600; margin-bottom: .3em; }
svg.chart { display: block; }  /* no width: an outer svg fills its box */
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg.chart .axis { stroke: #8a96a3; stroke-width: 1; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .tick { fill: var(--muted); }
svg.chart .series-line { fill: none; stroke-width: 2; }
svg.chart .point { stroke: #fff; stroke-width: 1.5; }
svg.chart .flag { stroke: var(--ink); stroke-width: 1.5; }
svg.chart .flag.critical { fill: var(--critical); }
svg.chart .flag.warning { fill: var(--warning); }
svg.chart .flag.info { fill: var(--info); }
svg.chart .flag-label { font-weight: 700; }
svg.chart .was { fill: #fff; stroke: #8a96a3; stroke-width: 1.5; stroke-dasharray: 2 2; }
svg.chart .correction { stroke: #8a96a3; stroke-dasharray: 3 3; }
table { border-collapse: collapse; font-size: .9em; margin: .5em 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25em .5em; text-align: left;
  vertical-align: top; }
th { background: #f0f3f6; }
td.nowrap { white-space: nowrap; }
td.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fff8e6; }
article.finding { border: 1px solid var(--line); border-left: 5px solid var(--info);
  border-radius: 4px; padding: .8em 1em; margin: 1em 0; }
article.finding.critical { border-left-color: var(--critical); }
article.finding.warning { border-left-color: var(--warning); }
.decision { background: #f4f7fa; padding: .5em .8em; border-radius: 4px; margin: .5em 0; }
.decision.none { background: #fff6e5; }
blockquote { margin: .4em 0; padding: .4em .8em; border-left: 3px solid var(--line);
  white-space: pre-wrap; overflow-wrap: anywhere; font-size: .92em; }
blockquote .context { color: var(--muted); }
mark { background: var(--mark); padding: 0 .1em; }
ul.quotes { list-style: none; padding: 0; margin: .3em 0; }
.legend span { margin-right: 1.2em; }
"""

Scale = Callable[[float], float]
PALETTE = ("#2f5d9b", "#7b4ea3", "#2a8a6e", "#b0507a", "#6b6b2a", "#3d7fa8")


def e(value: object) -> str:
    """Escaped for HTML text and attribute values (quotes included)."""
    return escape(str(value), quote=True)


def anchor(finding_id: str) -> str:
    return "finding-" + finding_id.replace(":", "-")


def named_figures(finding: Finding, figures: dict[str, Row]) -> list[str]:
    """The figures a finding names, as the review screen finds them: by id in its records
    (`…figure_id`, `record_id`, `id`), then by the spans of its evidence."""
    named: list[str] = []
    for record in finding.records:
        for key, value in record.items():
            by_id = key.endswith("figure_id") or key in ("record_id", "id")
            if by_id and str(value) in figures and str(value) not in named:
                named.append(str(value))
    spans = {evidence.provenance_id for evidence in finding.evidence}
    for figure_id, row in figures.items():
        if row.get("provenance_id") in spans and figure_id not in named:
            named.append(figure_id)
    return named


def render_html(release: Release) -> str:
    """The whole page."""
    figures = {row["figure_id"]: row for row in release.figures() if row.get("figure_id")}
    numbered = list(enumerate(release.report.findings, start=1))
    flags: dict[str, list[tuple[int, Finding]]] = {}
    for number, finding in numbered:
        for figure_id in named_figures(finding, figures):
            flags.setdefault(figure_id, []).append((number, finding))
    provenance: dict[str, Row] = {}
    if "provenance" in release.tables:
        provenance = {row["provenance_id"]: row for row in release.tables["provenance"].rows}
    series: dict[str, list[Row]] = {}
    for row in release.figures():
        series.setdefault(row.get("series_id") or row.get("figure_id", ""), []).append(row)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(release.title)} — release {e(release.version)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        _header(release, len(series)),
        _open_questions(release),
        '<section id="series">',
        f"<h2>Series ({len(series)})</h2>",
        '<p class="legend muted"><span>● figure</span><span>◆ flagged: a finding names it '
        "(number = the finding below)</span><span>○ value before a curator's correction</span>"
        "</p>",
        '<div class="series-grid">',
        *(series_card(series_id, rows, flags, index, provenance) for index, (series_id, rows)
          in enumerate(series.items())),
        "</div></section>",
        '<section id="findings">',
        f"<h2>Findings ({len(numbered)})</h2>",
        *(_finding(number, finding, release) for number, finding in numbered),
        "</section>",
        _orphaned(release),
        _footer(release),
        "</main></body>",
        "</html>",
    ]  # fmt: skip
    return "\n".join(part for part in parts if part) + "\n"


def _header(release: Release, series_count: int) -> str:
    descriptor = release.descriptor
    licenses = ", ".join(
        str(item.get("title") or item.get("name") or "") for item in
        descriptor.get("licenses", []) if isinstance(item, dict)
    )  # fmt: skip
    sources = "".join(
        f"<li>{e(row.get('citation') or row.get('title') or row.get('source_id'))}</li>"
        for row in (release.tables["sources"].rows if "sources" in release.tables else [])
    )
    contributors = ", ".join(
        str(item.get("title", "")) for item in descriptor.get("contributors", [])
        if isinstance(item, dict)
    )  # fmt: skip
    reviewers = sorted({decision.reviewer for decision in release.decisions})
    counts = release.report.counts()
    statuses = {s: sum(1 for f in release.report.findings if f.status == s)
                for s in ("open", "stale", "confirmed", "corrected", "dismissed")}  # fmt: skip
    said = ", ".join(f"{count} {status}" for status, count in statuses.items() if count)
    questions = len(release.open_questions)
    verdict = (
        f'<p class="verdict questions">Published with {questions} open question(s): '
        "warnings no curator has decided yet, listed below.</p>"
        if questions
        else '<p class="verdict">Every warning was decided by a curator; no critical finding.</p>'
    )
    description = descriptor.get("description")
    return "\n".join([
        "<header>",
        f"<h1>{e(release.title)}</h1>",
        f'<p class="meta"><code>{e(release.name)}</code> · version {e(release.version)} · '
        f"released {e(release.created)}</p>",
        f"<p>{e(description)}</p>" if isinstance(description, str) else "",
        '<dl class="facts">',
        f"<dt>Licences</dt><dd>{e(licenses)}</dd>",
        f"<dt>Sources</dt><dd><ul>{sources}</ul></dd>",
        f"<dt>Contributors</dt><dd>{e(contributors)}</dd>",
        f"<dt>Curators</dt><dd>{e(', '.join(reviewers) or 'none')}</dd>",
        f"<dt>Figures</dt><dd>{len(release.figures())} in {series_count} series; "
        f"{len(release.corrections)} corrected by a curator</dd>",
        f"<dt>Findings</dt><dd>{len(release.report.findings)}: {counts['critical']} critical, "
        f"{counts['warning']} warning, {counts['info']} info ({e(said or 'none')})</dd>",
        "</dl>",
        verdict,
        "</header>",
    ])  # fmt: skip


def _open_questions(release: Release) -> str:
    if not release.open_questions:
        return ""
    items = "".join(
        f'<li><a href="#{e(anchor(f.finding_id))}"><code>{e(f.finding_id)}</code></a> '
        f'<span class="badge {e(f.severity.value)}">{e(f.severity.value)}</span> '
        f'<span class="badge status {e(f.status)}">{e(f.status)}</span> {e(f.message)}</li>'
        for f in release.open_questions
    )
    return (
        '<section id="open-questions"><h2>Open questions</h2><p>These warnings were published '
        "undecided (<code>--allow-undecided</code>): the source may disagree with itself here, "
        f"and no curator has said how to read it.</p><ul>{items}</ul></section>"
    )


# --- charts ----------------------------------------------------------------------------------


def _day(text: str) -> int | None:
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _fmt(value: float) -> str:
    return f"{int(value):,}".replace(",", " ") if value == int(value) else f"{value:g}"


def _worst(findings: Iterable[Finding]) -> str:
    return max(findings, key=lambda f: f.severity.rank).severity.value


def series_card(
    series_id: str,
    rows: list[Row],
    flags: dict[str, list[tuple[int, Finding]]],
    index: int,
    provenance: dict[str, Row],
) -> str:
    points = []
    for row in rows:
        day, value = _day(row.get("period_start", "")), _number(row.get("value"))
        if day is not None and value is not None:
            points.append((day, value, row))
    first = rows[0]
    caption = " · ".join(
        part for part in (first.get("organisation", ""), first.get("measure", ""),
                          _unit(first)) if part
    )  # fmt: skip
    chart = _chart(series_id, points, flags, PALETTE[index % len(PALETTE)])
    table_rows = "".join(_figure_row(row, flags, provenance) for row in rows)
    return (
        f'<figure class="series" id="series-{e(series_id)}">'
        f'<figcaption><code>{e(series_id)}</code> <span class="muted">{e(caption)}</span>'
        f"</figcaption>{chart}"
        "<table><thead><tr><th>date</th><th>as printed</th><th>printed</th><th>value</th>"
        "<th>status</th><th>quote</th><th>findings</th></tr></thead>"
        f"<tbody>{table_rows}</tbody></table></figure>"
    )


def _figure_row(
    row: Row, flags: dict[str, list[tuple[int, Finding]]], provenance: dict[str, Row]
) -> str:
    named = flags.get(row.get("figure_id", ""), [])
    links = " ".join(f'<a href="#{e(anchor(f.finding_id))}">[{number}]</a>' for number, f in named)
    value = e(row.get("value", ""))
    if row.get("status") == "corrected":
        value += f'<br><span class="muted">was {e(row.get("value_normalised", ""))}</span>'
    quote = provenance.get(row.get("provenance_id", ""), {})
    where = ", ".join(
        part for part in (f"p. {quote['page']}" if quote.get("page") else "",
                          f"l. {quote['line']}" if quote.get("line") else "") if part
    )  # fmt: skip
    return (
        f'<tr class="{"flagged" if named else ""}" title="{e(row.get("figure_id", ""))}">'
        f'<td class="nowrap">{e(row.get("period_start", ""))}</td>'
        f"<td>{e(row.get('date_printed', ''))}</td>"
        f'<td class="num">{e(row.get("printed", ""))}</td><td class="num">{value}</td>'
        f"<td>{e(row.get('status', ''))}</td>"
        f'<td title="{e(quote.get("quote", ""))}">{e(where)}</td>'
        f"<td>{links}</td></tr>"
    )


def _chart(
    series_id: str,
    points: list[tuple[int, float, Row]],
    flags: dict[str, list[tuple[int, Finding]]],
    colour: str,
) -> str:
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    befores = [_number(row.get("value_normalised")) for _, _, row in points
               if row.get("status") == "corrected"]  # fmt: skip
    values = [value for _, value, _ in points] + [v for v in befores if v is not None]
    days = [day for day, _, _ in points]
    if days:
        low_day, high_day = min(days), max(days)
    else:
        low_day = high_day = date(2000, 1, 1).toordinal()
    if low_day == high_day:
        low_day, high_day = low_day - 366, high_day + 366
    else:
        pad = (high_day - low_day) * 0.06
        low_day, high_day = int(low_day - pad), math.ceil(high_day + pad)
    low_value = min(0.0, min(values, default=0.0))
    top = max(values, default=1.0)
    step = nice_step(max(top - low_value, 1.0))
    high_value = math.ceil(max(top * 1.12, low_value + 1) / step) * step
    low_value = math.floor(low_value / step) * step

    def x(day: float) -> float:
        return round(LEFT + (day - low_day) / (high_day - low_day) * width, 1)

    def y(value: float) -> float:
        return round(TOP + height - (value - low_value) / (high_value - low_value) * height, 1)

    label = f"Series {series_id}: {len(points)} figure(s) over time"
    svg = [
        f'<svg class="chart" data-series="{e(series_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{e(label)}">',
        f"<title>{e(label)}</title>",
    ]
    tick = low_value
    while tick <= high_value + step / 2:
        svg.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + width}" y1="{y(tick)}" '
                   f'y2="{y(tick)}"/><text class="tick" x="{LEFT - 8}" y="{y(tick) + 4}" '
                   f'text-anchor="end">{e(_fmt(tick))}</text>')  # fmt: skip
        tick += step
    first_year = date.fromordinal(low_day).year
    last_year = date.fromordinal(high_day).year
    stride = max(1, math.ceil((last_year - first_year + 1) / 12))
    for year in range(first_year, last_year + 1):
        day = date(year, 1, 1).toordinal()
        if day < low_day or (year - first_year) % stride:
            continue
        svg.append(f'<line class="grid" x1="{x(day)}" x2="{x(day)}" y1="{TOP}" '
                   f'y2="{TOP + height}"/><text class="tick" x="{x(day)}" '
                   f'y="{TOP + height + 16}" text-anchor="middle">{year}</text>')  # fmt: skip
    svg.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + width}" y1="{TOP + height}" '
               f'y2="{TOP + height}"/><line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" '
               f'y2="{TOP + height}"/>')  # fmt: skip
    unit = _unit(points[0][2]) if points else ""
    svg.append(f'<text class="tick" x="{LEFT}" y="{TOP - 12}">{e(unit)}</text>')
    by_statistic: dict[str, list[tuple[int, float, Row]]] = {}
    for point in points:
        by_statistic.setdefault(point[2].get("statistic", ""), []).append(point)
    dashes = ("", ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"')
    for number, (_statistic, members) in enumerate(by_statistic.items()):
        members = sorted(members, key=lambda point: point[0])
        if len(members) > 1:
            line = " ".join(f"{x(day)},{y(value)}" for day, value, _ in members)
            svg.append(f'<polyline class="series-line" stroke="{colour}"'
                       f'{dashes[number % len(dashes)]} points="{line}"/>')  # fmt: skip
    labelled = len(points) <= 14
    for day, value, row in sorted(points, key=lambda point: (point[0], point[1])):
        svg.append(_point(day, value, row, flags, colour, x, y, labelled))
    svg.append("</svg>")
    return "".join(svg)


def _unit(row: dict[str, str]) -> str:
    """A figure's unit with its scale, as an axis reads it: "million puds"."""
    return " ".join(part for part in (row.get("scale", ""), row.get("unit", "")) if part)


def _point(
    day: int, value: float, row: Row, flags: dict[str, list[tuple[int, Finding]]], colour: str,
    x: Scale, y: Scale, labelled: bool,
) -> str:  # fmt: skip
    cx, cy = x(day), y(value)
    named = flags.get(row.get("figure_id", ""), [])
    tip = (
        f"{row.get('figure_id', '')}\n{row.get('date_printed', '')}: printed "
        f"{row.get('printed', '')}, value {row.get('value', '')} ({row.get('status', '')})"
    )
    parts = []
    before = _number(row.get("value_normalised")) if row.get("status") == "corrected" else None
    if before is not None:
        was = e(f"before correction: {_fmt(before)}")
        parts.append(f'<line class="correction" x1="{cx}" x2="{cx}" y1="{y(before)}" '
                     f'y2="{cy}"/><circle class="was" cx="{cx}" cy="{y(before)}" r="5">'
                     f"<title>{was}</title></circle>")  # fmt: skip
    if named:
        tip += "\n" + "\n".join(f"[{n}] {f.finding_id}: {f.message}" for n, f in named)
        severity = _worst(f for _, f in named)
        size = 7
        diamond = f"{cx},{cy - size} {cx + size},{cy} {cx},{cy + size} {cx - size},{cy}"
        numbers = ",".join(str(n) for n, _ in named)
        parts.append(
            f'<a href="#{e(anchor(named[0][1].finding_id))}">'
            f'<polygon class="flag {e(severity)}" data-figure="{e(row.get("figure_id", ""))}" '
            f'points="{diamond}"><title>{e(tip)}</title></polygon>'
            f'<text class="flag-label" {_beside(cx, 9)} y="{cy - 9}">{e(_fmt(value))} '
            f"⚑{e(numbers)}</text></a>"
        )
    else:
        parts.append(f'<circle class="point" fill="{colour}" cx="{cx}" cy="{cy}" r="4.5" '
                     f'data-figure="{e(row.get("figure_id", ""))}"><title>{e(tip)}</title>'
                     "</circle>")  # fmt: skip
        if labelled:
            parts.append(
                f'<text class="tick" {_beside(cx, 7)} y="{cy - 7}">{e(_fmt(value))}</text>'
            )
    return "".join(parts)


def _beside(cx: float, gap: int) -> str:
    """A label's position: right of its point, or left of it near the right edge."""
    if cx > WIDTH - RIGHT - 60:
        return f'x="{round(cx - gap, 1)}" text-anchor="end"'
    return f'x="{round(cx + gap, 1)}"'


# --- findings --------------------------------------------------------------------------------


def _quote(evidence: Evidence, provenance: dict[str, Row]) -> str:
    where = [evidence.source_id or ""]
    if evidence.page is not None:
        where.append(f"p. {evidence.page}")
    if evidence.line is not None:
        where.append(f"line {evidence.line}")
    row = provenance.get(evidence.provenance_id or "", {})
    if row.get("language"):
        where.append(row["language"])
    if evidence.provenance_id:
        where.append(evidence.provenance_id)
    return (
        '<li><blockquote><span class="context">…'
        f"{e(evidence.prefix)}</span><mark>{e(evidence.quote)}</mark>"
        f'<span class="context">{e(evidence.suffix)}…</span></blockquote>'
        f'<div class="muted">{e(", ".join(part for part in where if part))}</div></li>'
    )


def _finding(number: int, finding: Finding, release: Release) -> str:
    provenance = {}
    if "provenance" in release.tables:
        provenance = {row["provenance_id"]: row for row in release.tables["provenance"].rows}
    severity = finding.severity.value
    decision = finding.decision
    if decision is None:
        decided = '<div class="decision none">Not decided by a curator.</div>'
        if finding.severity is Severity.WARNING:
            decided = '<div class="decision none">Open question: not decided by a curator.</div>'
    else:
        value = ""
        if decision.action == "correct":
            value = f" figure <code>{e(decision.figure_id)}</code> → {e(decision.value)};"
        stale = (" <strong>Stale:</strong> the evidence changed after this decision."
                 if finding.status == "stale" else "")  # fmt: skip
        decided = (
            f'<div class="decision"><strong>{e(decision.action)}</strong>{value} by '
            f"{e(decision.reviewer)}, {e(decision.timestamp)}: “{e(decision.reason)}”{stale}"
            "</div>"
        )
    quotes = "".join(_quote(evidence, provenance) for evidence in finding.evidence
                     if evidence.quote)  # fmt: skip
    records = ""
    if not quotes and finding.records:
        cells = "".join(
            f"<tr><td>{e(key)}</td><td>{e(value)}</td></tr>"
            for record in finding.records[:6] for key, value in record.items()
        )  # fmt: skip
        records = f"<table><tbody>{cells}</tbody></table>"
    return (
        f'<article class="finding {e(severity)}" id="{e(anchor(finding.finding_id))}">'
        f'<h3>[{number}] <span class="badge {e(severity)}">{e(severity)}</span> '
        f'<span class="badge status {e(finding.status)}">{e(finding.status)}</span> '
        f"{e(finding.rule)}</h3>"
        f'<div class="id">{e(finding.finding_id)}</div>'
        f"<p>{e(finding.message)}</p>{decided}"
        f"{f'<ul class=quotes>{quotes}</ul>' if quotes else ''}{records}</article>"
    )


def _orphaned(release: Release) -> str:
    from tekser.publish import ORPHANED

    orphaned = [d for d in release.decisions if release.decision_states[d.line] == ORPHANED]
    if not orphaned:
        return ""
    items = "".join(
        f"<li><code>{e(d.finding_id)}</code>: {e(d.action)} by {e(d.reviewer)}, "
        f"{e(d.timestamp)}: “{e(d.reason)}”</li>"
        for d in orphaned
    )
    return (
        '<section id="orphaned"><h2>Decisions on findings that no longer arise</h2>'
        "<p>The package changed since these decisions; they are kept in the log.</p>"
        f"<ul>{items}</ul></section>"
    )


def _footer(release: Release) -> str:
    return (
        "<footer><h2>Verify</h2><p>Every file of this release is listed with its SHA-256 in "
        "<code>SHA256SUMS</code> (check with <code>sha256sum -c SHA256SUMS</code>) and, with its "
        "size, in <code>datapackage.json</code>. The validation report is "
        "<code>validation-report.json</code>, the provenance <code>provenance.prov.json</code> "
        f"(W3C PROV-JSON), the tables also in <code>{e(release.name)}.sqlite</code>.</p>"
        "</footer>"
    )
