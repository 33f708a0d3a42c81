"""Review: each finding shown with its records, the source's words and the rest of its series."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tekser.core.findings import Decision, Evidence, Finding, Severity, Status
from tekser.core.report import Report
from tekser.decisions.log import history, in_force, read_log
from tekser.decisions.make import figures_named
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus
from tekser.render.equation import Equations, equation_block
from tekser.render.terminal import QUOTE_WIDTH, STYLE, evidence_window, safe, window_text
from tekser.seeds.numbers import NumberError, scale_factor
from tekser.seeds.window import window
from tekser.stages.catalogue import explain  # what a rule means, from the rule catalogue


@dataclass(slots=True)
class ReviewContext:
    """What a review screen shows beside a finding: figures, quotes, source texts and the
    decisions log."""

    package: Package
    corpus: Corpus
    figures: dict[str, Row] = field(default_factory=dict)
    provenance: dict[str, Row] = field(default_factory=dict)
    log: list[Decision] = field(default_factory=list)
    equations: Equations | None = None  # the relations evaluated, on the first card needing them

    @classmethod
    def load(cls, package: Package, log: list[Decision] | None = None) -> ReviewContext:
        """The package's seeds, figures, quotes and decision log (`log` when the caller has
        just read it, as validate has: `Report.decisions`)."""
        context = cls(package=package, corpus=Corpus.load(package))
        if package.has_table("figures"):
            context.figures = {r["figure_id"]: r for r in package.read_table("figures")}
        context.provenance = {r["provenance_id"]: r for r in package.read_table("provenance")}
        if log is None:
            context.reload_log()
        else:
            context.log = list(log)
        return context

    def reload_log(self) -> None:
        """Read the decisions log again (after a decision, or another curator's)."""
        self.log, _corrupt = read_log(self.package.root)  # corrupt lines are findings

    def history(self, finding: Finding) -> list[Decision]:
        return history(self.log, finding.finding_id)

    def figures_of(self, finding: Finding) -> list[Row]:
        """The figures a finding names, in the order it names them."""
        return figures_named(finding, self.figures)


def value_in_scale(row: Row) -> str:
    """A figure's value as a curator reads it beside the printed words: with its scale
    ("207 thousand") when it has one."""
    value, scale = row.get("value", ""), row.get("scale", "")
    return f"{value} {scale}" if value and scale else value


def _figures_block(rows: list[Row]) -> RenderableType:
    """The figures, numbered (a correction picks one by its number), each id whole on its own
    line, then the printed token beside the value it gives and the date as printed beside
    the date as read."""
    block = Table.grid(padding=(0, 1))
    block.add_column(justify="right", style="dim", no_wrap=True)
    block.add_column()
    for number, row in enumerate(rows, start=1):
        lines: list[RenderableType] = [
            Text(safe(row["figure_id"]), style="bold", no_wrap=True, overflow="ellipsis")
        ]
        said = Text.assemble(
            ("printed ", "dim"),
            safe(row.get("printed", "")),
            ("  value ", "dim"),
            safe(value_in_scale(row)),
        )
        if row.get("date_printed") or row.get("period_start"):
            read = row.get("period_start", "")
            if row.get("period_end") and row["period_end"] != read:
                read += f"…{row['period_end']}"
            said.append_text(
                Text.assemble(
                    ("  date ", "dim"),
                    safe(row.get("date_printed", "")).replace("\n", " "),
                    ("  read ", "dim"),
                    safe(read),
                )
            )
        lines.append(said)
        note = row.get("note") or row.get("date_note") or ""
        if note:
            lines.append(Text.assemble(("note ", "dim"), safe(note)))
        block.add_row(str(number), Group(*lines))
    return Group(Text("records", style="bold"), block)


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


BAR_WIDTH = 12
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: Decimal, largest: Decimal, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `value` against `largest`, in eighths of a character; a value
    above nothing shows at least a sliver."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, int(value / largest * width * 8))
    return "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()


def _number(row: Row) -> Decimal | None:
    try:
        return Decimal(row.get("value", "")) * scale_factor(row.get("scale", ""))
    except (InvalidOperation, NumberError):
        return None


def _series_tables(context: ReviewContext, flagged: list[Row]) -> list[Table]:
    tables = []
    for series in dict.fromkeys(row["series_id"] for row in flagged if row.get("series_id")):
        members = sorted(
            (r for r in context.figures.values() if r.get("series_id") == series),
            key=lambda r: r.get("period_start", ""),
        )
        numbers = [_number(row) for row in members]
        largest = max((n for n in numbers if n is not None), default=Decimal(0))
        table = Table(title=f"series {safe(series)}", title_justify="left", box=box.MINIMAL)
        for column in ("date", "printed", "value", "", "chart"):
            table.add_column(column, no_wrap=column in ("date", ""))
        for row, number in zip(members, numbers, strict=True):
            mark = "◀" if row in flagged else ""
            style = "bold" if mark else ""
            chart = bar(number, largest) if number is not None else ""
            table.add_row(
                row.get("period_start", ""),
                Text(safe(row.get("printed", ""))),
                Text(safe(value_in_scale(row))),
                mark,
                chart,
                style=style,
            )
        tables.append(table)
    return tables


def _history(context: ReviewContext, finding: Finding) -> RenderableType | None:
    """Every line of the log on the finding, the one in force marked: a retraction shows
    beside the decision it withdrew."""
    lines = context.history(finding)
    if not lines:
        return None
    current = in_force(lines).get(finding.finding_id)
    shown = [Text("decisions", style="bold")]
    for decision in lines:
        what = decision.action
        if decision.action == "correct":
            corrected = decision.date if decision.value is None else decision.value
            what += f" {decision.figure_id} → {corrected}"
        said = f"{decision.timestamp} {what} by {decision.reviewer}: {decision.reason}"
        mark = "in force" if decision is current else ""
        shown.append(
            Text.assemble((f"{mark:>8} ", "bold"), safe(said), style="" if mark else "dim")
        )
    return Group(*shown)


@dataclass(frozen=True, slots=True)
class Card:
    """Everything a curator needs to decide one finding: a head that stays in view (title,
    subtitle, the rule's explanation) and a body to scroll, led by a relation's equation."""

    title: Text
    subtitle: Text
    explanation: Text
    body: list[RenderableType]
    lead: list[RenderableType] = field(default_factory=list)


def card(finding: Finding, report: Report, context: ReviewContext, position: str) -> Card:
    """The content of one finding's card, the same in the line mode and on the desk."""
    parts: list[RenderableType] = [Text(safe(finding.message))]
    figures = context.figures_of(finding)
    parts.append(_figures_block(figures) if figures else _records_table(finding))
    for evidence in finding.evidence:
        parts.append(source_context(context, evidence))
    parts.extend(_series_tables(context, figures))
    decided = _history(context, finding)
    if decided is not None:
        parts.append(decided)
    severity = finding.severity.value
    title = Text.assemble(
        (severity.upper(), STYLE[severity]), f" {finding.rule} ", (position, "dim")
    )
    subtitle = Text(f"{finding.finding_id} · {finding.status}", style="dim")
    explanation = Text(safe(explain(finding, report)), style="italic")
    equation = equation_block(finding, context)
    return Card(title, subtitle, explanation, parts, [equation] if equation else [])


def render_card(finding: Finding, report: Report, context: ReviewContext, position: str) -> Panel:
    """Everything a curator needs to decide one finding, readable at 80 columns."""
    shown = card(finding, report, context, position)
    parts = shown.lead + ([shown.explanation] if shown.explanation else []) + shown.body
    return Panel(
        Group(*parts),
        title=shown.title,
        title_align="left",
        subtitle=shown.subtitle,
        subtitle_align="right",
    )


def queue(
    report: Report,
    *,
    rules: tuple[str, ...] = (),
    severity: Severity | None = None,
    include_decided: bool = False,
) -> list[Finding]:
    """Findings to review, most severe first: open and stale ones (all with include_decided)."""
    chosen = [
        f
        for f in report.findings
        if (include_decided or f.status.undecided)
        and (not rules or any(f.rule == r or f.rule.startswith(r + ".") for r in rules))
        and (severity is None or f.severity.rank >= severity.rank)
    ]
    return sorted(chosen, key=lambda f: (-f.severity.rank, f.status != Status.STALE, f.rule))


# What a queue is filtered by, as OpenRefine's facets: each finding has one or more values.
FACETS = ("rule", "severity", "status", "stage", "source")


def facet_values(finding: Finding, facet: str) -> list[str]:
    if facet == "source":
        return sorted({e.source_id for e in finding.evidence if e.source_id}) or ["(none)"]
    value = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "status": finding.status,
        "stage": finding.stage,
    }[facet]
    return [value]


def facet_counts(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """For each facet, how many of `findings` have each value."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for finding in findings:
        for facet in FACETS:
            for value in facet_values(finding, facet):
                counts[facet][value] = counts[facet].get(value, 0) + 1
    return counts


def matches(finding: Finding, filters: Mapping[str, str]) -> bool:
    """Whether a finding has every facet value of `filters`."""
    return all(value in facet_values(finding, facet) for facet, value in filters.items())


def review_console() -> Console:
    return Console(highlight=False)
