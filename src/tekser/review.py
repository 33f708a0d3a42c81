"""Review: each finding shown with its records, the source's words and the rest of its series."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tekser.decisions import ACTIONS, Decision, append, default_reviewer, evidence_hash, now
from tekser.errors import TekserError
from tekser.findings import Evidence, Finding, Report, Severity
from tekser.package import Package, Row
from tekser.render import QUOTE_WIDTH, STYLE, evidence_window, safe, window_text
from tekser.sources import Corpus
from tekser.window import window

# What the fixed rules mean, for a curator; consistency rules carry their own descriptions.
EXPLAIN = {
    "source.hash-mismatch": "The source text is not the one the quotes were anchored on.",
    "source.unreadable": "The source text cannot be read.",
    "provenance.quote-mismatch": "The quote is not the text at its recorded span.",
    "provenance.span-drift": "The quote moved in the source; its recorded span is stale.",
    "provenance.stale-anchor": "The recorded context (prefix, suffix, line, page) is stale.",
    "provenance.unanchored": "The quote has no span yet.",
    "provenance.printed-not-in-quote": "The printed token is not in the quote stating it.",
    "provenance.unexplained-value": "The value differs from the printed token, with no reason.",
    "provenance.unexplained-date": "The period differs from the printed date with no reason given.",
    "provenance.normalised-value": "The printed token was normalised to give the value: "
    "check that the source says what the row says.",
    "provenance.normalised-date": "The printed date was read as another date: check the reading.",
    "provenance.unreferenced": "A provenance record that no row cites.",
    "coverage.unaccounted": "A number of the source is neither captured nor excluded.",
    "coverage.unused-exclusion": "An exclusion that excludes no number.",
    "coverage.bad-exclusion": "An exclusion that does not hold.",
    "decisions.corrupt-line": "A line of the decisions log is not a valid decision.",
}


def explain(finding: Finding, report: Report) -> str:
    for rule in report.rules:
        if rule.name == finding.rule:
            return rule.description
    if finding.rule.startswith("structure."):
        return "The package does not match its descriptor or Table Schemas (frictionless)."
    return EXPLAIN.get(finding.rule, "")


@dataclass(slots=True)
class ReviewContext:
    """What a review screen shows beside a finding: figures, quotes and source texts."""

    package: Package
    corpus: Corpus
    figures: dict[str, Row] = field(default_factory=dict)
    provenance: dict[str, Row] = field(default_factory=dict)

    @classmethod
    def load(cls, package: Package) -> ReviewContext:
        context = cls(package=package, corpus=Corpus.load(package))
        if package.has_table("figures"):
            context.figures = {r["figure_id"]: r for r in package.read_table("figures")}
        context.provenance = {r["provenance_id"]: r for r in package.read_table("provenance")}
        return context

    def figures_of(self, finding: Finding) -> list[Row]:
        """The figures a finding names, in the order it names them."""
        found: list[Row] = []
        for record in finding.records:
            for key, value in record.items():
                if key.endswith("figure_id") or key == "record_id" or key == "id":
                    row = self.figures.get(str(value))
                    if row is not None and row not in found:
                        found.append(row)
        for evidence in finding.evidence:
            for row in self.figures.values():
                if row.get("provenance_id") == evidence.provenance_id and row not in found:
                    found.append(row)
        return found


def value_in_scale(row: Row) -> str:
    """A figure's value as a curator reads it beside the printed words: with its scale
    ("207 thousand") when it has one."""
    value, scale = row.get("value", ""), row.get("scale", "")
    return f"{value} {scale}" if value and scale else value


def _figures_table(rows: list[Row]) -> Table:
    table = Table(title="records", title_justify="left", expand=False, show_lines=False)
    for column in ("figure", "date", "printed", "value", "note"):
        table.add_column(column, overflow="fold")
    for row in rows:
        note = row.get("note") or row.get("date_note") or ""
        table.add_row(
            Text(safe(row["figure_id"])),
            Text(safe(row.get("date_printed", "")).replace("\n", " ")),
            Text(safe(row.get("printed", ""))),
            Text(safe(value_in_scale(row))),
            Text(safe(note)),
        )
    return table


def _records_table(finding: Finding) -> Table:
    table = Table(title="records", title_justify="left", show_header=False)
    table.add_column("field", style="dim")
    table.add_column("value", overflow="fold")
    for index, record in enumerate(finding.records[:6]):
        if index:
            table.add_row("", "")
        for key, value in record.items():
            if not key.endswith("provenance_id"):
                table.add_row(Text(safe(str(key))), Text(safe(str(value))))
    if len(finding.records) > 6:
        table.add_row("…", f"{len(finding.records) - 6} more")
    return table


def source_context(context: ReviewContext, evidence: Evidence) -> RenderableType:
    """Where a quote is (source, page, line, language, footnote, provenance id), then the seed
    lines it spans and the quote in a window of its seed: a few dozen code points either side,
    word-aligned, the quote kept whole and marked ⟦…⟧. When the seed no longer has the quote
    at its span, the window shows what it has there, and the quote follows."""
    source = context.corpus.texts.get(evidence.source_id or "")
    row = context.provenance.get(evidence.provenance_id or "", {})
    where = [f"{evidence.source_id}"]
    if evidence.page:
        where.append(f"p. {evidence.page}")
    if evidence.line:
        where.append(f"line {evidence.line}")
    for key in ("language", "citation"):
        if row.get(key):
            where.append(row[key])
    if evidence.provenance_id:
        where.append(evidence.provenance_id)
    heading = Text(safe(", ".join(where)), style="bold")
    start, end = evidence.start, evidence.end
    if start is None or end is None:
        return Group(heading, Text(safe(evidence.quote)))
    quoted: Text | None = None
    if source is not None and 0 <= start <= end <= len(source.text):
        # what the seed says at the span, even when the quote no longer matches it
        shown = window(source.text, start, end, width=QUOTE_WIDTH, line_starts=source.line_starts)
        if source.text[start:end] != evidence.quote:
            quoted = Text.assemble(("quoted: ", "dim"), safe(evidence.quote))
    else:
        shown = evidence_window(evidence)
    lines = Table.grid(padding=(0, 1))
    lines.add_column(justify="right", no_wrap=True, style="dim")
    lines.add_column(overflow="fold")
    lines.add_row(f"{shown.lines} │" if shown.first_line else "│", window_text(shown))
    return Group(heading, lines, *([quoted] if quoted is not None else []))


def _series_tables(context: ReviewContext, flagged: list[Row]) -> list[Table]:
    tables = []
    for series in dict.fromkeys(row["series_id"] for row in flagged if row.get("series_id")):
        members = sorted(
            (r for r in context.figures.values() if r.get("series_id") == series),
            key=lambda r: r.get("period_start", ""),
        )
        table = Table(title=f"series {safe(series)}", title_justify="left")
        for column in ("date", "printed", "value", ""):
            table.add_column(column)
        for row in members:
            mark = "◀" if row in flagged else ""
            style = "bold" if mark else ""
            table.add_row(row.get("period_start", ""), Text(safe(row.get("printed", ""))),
                          Text(safe(value_in_scale(row))), mark, style=style)  # fmt: skip
        tables.append(table)
    return tables


def render_card(finding: Finding, report: Report, context: ReviewContext, position: str) -> Panel:
    """Everything a curator needs to decide one finding, readable at 80 columns."""
    parts: list[RenderableType] = []
    explanation = explain(finding, report)
    if explanation:
        parts.append(Text(safe(explanation), style="italic"))
    parts.append(Text(safe(finding.message)))
    figures = context.figures_of(finding)
    parts.append(_figures_table(figures) if figures else _records_table(finding))
    for evidence in finding.evidence:
        parts.append(source_context(context, evidence))
    parts.extend(_series_tables(context, figures))
    if finding.decision is not None:
        decision = finding.decision
        said = f"decided: {decision.action} by {decision.reviewer} at {decision.timestamp}"
        parts.append(Text(safe(f"{said}: {decision.reason}"), style="dim"))
    severity = finding.severity.value
    title = Text.assemble(
        (severity.upper(), STYLE[severity]), f" {finding.rule} ", (position, "dim")
    )
    subtitle = Text(f"{finding.finding_id} · {finding.status}", style="dim")
    return Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle,
                 subtitle_align="right")  # fmt: skip


def queue(
    report: Report, *, rules: tuple[str, ...] = (), severity: Severity | None = None,
    include_decided: bool = False,
) -> list[Finding]:  # fmt: skip
    """Findings to review, most severe first: open and stale ones (all with include_decided)."""
    chosen = [
        f for f in report.findings
        if (include_decided or f.status in ("open", "stale"))
        and (not rules or any(f.rule == r or f.rule.startswith(r + ".") for r in rules))
        and (severity is None or f.severity.rank >= severity.rank)
    ]  # fmt: skip
    return sorted(chosen, key=lambda f: (-f.severity.rank, f.status != "stale", f.rule))


def make_decision(
    root: Path,
    finding: Finding,
    action: str,
    reason: str,
    *,
    value: int | float | None = None,
    figure_id: str | None = None,
    reviewer: str | None = None,
    context: ReviewContext | None = None,
) -> Decision:
    """Record a curator's decision on `finding` in the package's log and return it."""
    if action not in ACTIONS:
        raise TekserError(f"action must be one of {', '.join(ACTIONS)}")
    if len(reason.strip()) < 3:
        raise TekserError("a decision needs a reason (what the source says, and why)")
    if action == "correct":
        if value is None:
            raise TekserError("a correction needs the corrected value (--value)")
        if figure_id is None and context is not None:
            figures = context.figures_of(finding)
            figure_id = figures[0]["figure_id"] if figures else None
        if figure_id is None:
            raise TekserError(f"{finding.finding_id} names no figure to correct; give --figure")
        if context is not None and figure_id not in context.figures:
            raise TekserError(f"{figure_id}: no such figure")
    elif value is not None:
        raise TekserError("--value is only for corrections")
    decision = Decision(
        finding_id=finding.finding_id,
        action=action,
        reason=reason.strip(),
        reviewer=reviewer or default_reviewer(),
        timestamp=now(),
        evidence_hash=evidence_hash(finding),
        rule=finding.rule,
        value=value if action == "correct" else None,
        figure_id=figure_id if action == "correct" else None,
    )
    append(root, decision)
    return decision


def review_console() -> Console:
    return Console(highlight=False)
