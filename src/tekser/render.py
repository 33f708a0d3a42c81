"""Rendering a report for people (rich) and for machines (JSON), from one place."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tekser.findings import Evidence, Finding, Report, Severity

STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text from data, made inert for a terminal: control and bidi characters shown escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def quote_in_context(evidence: Evidence, width: int = 60) -> Text:
    """The quoted span highlighted between its prefix and suffix, with lines shown as ⏎."""

    def flat(value: str) -> str:
        return safe(value).replace("\r", "").replace("\n", "⏎")

    text = Text()
    if evidence.prefix:
        text.append("…" + flat(evidence.prefix[-width // 2 :]), style="dim")
    text.append(flat(evidence.quote), style="bold reverse")
    if evidence.suffix:
        text.append(flat(evidence.suffix[: width // 2]) + "…", style="dim")
    return text


def _where(evidence: Evidence) -> str:
    parts = [evidence.source_id or "", f"line {evidence.line}" if evidence.line else ""]
    if evidence.page:
        parts.append(f"p. {evidence.page}")
    if evidence.provenance_id:
        parts.append(evidence.provenance_id)
    return ", ".join(part for part in parts if part)


def render_finding(finding: Finding) -> Panel:
    body: list[Any] = [Text(safe(finding.message))]
    for evidence in finding.evidence:
        if evidence.quote:
            body.append(
                Text.assemble(("  " + _where(evidence) + ": ", "dim"), quote_in_context(evidence))
            )
    severity = finding.severity.value
    title = Text.assemble((severity.upper(), STYLE[severity]), f" {finding.rule}")
    subtitle = Text(f"{finding.finding_id} · {finding.status}", style="dim")
    return Panel(
        Group(*body), title=title, title_align="left", subtitle=subtitle, subtitle_align="right"
    )


def render_summary(report: Report, threshold: Severity) -> Table:
    table = Table(title="tekser validate", show_header=True, title_justify="left")
    table.add_column("stage")
    table.add_column("checked", justify="right")
    for severity in Severity:
        table.add_column(severity.value, justify="right", style=STYLE[severity.value])
    for stage in report.stages:
        counts = {s.value: 0 for s in Severity}
        for finding in report.findings:
            if finding.stage == stage.name:
                counts[finding.severity.value] += 1
        table.add_row(
            stage.name,
            f"{stage.checked} {stage.description}",
            *(str(counts[s.value]) for s in Severity),
        )
    return table


def print_human(report: Report, console: Console, threshold: Severity) -> None:
    """A summary table, the coverage line, every finding with its quote, and the verdict."""
    console.print(render_summary(report, threshold))
    if report.coverage:
        c = report.coverage
        console.print(
            f"coverage: {c.get('numbers', 0)} numbers in the seeds: {c.get('captured', 0)} "
            f"captured, {c.get('excluded', 0)} excluded, {c.get('unaccounted', 0)} unaccounted"
        )
    for finding in report.findings:
        console.print(render_finding(finding))
    failing = report.failing(threshold)
    if failing:
        console.print(
            Text(
                f"FAIL: {len(failing)} open finding(s) at or above {threshold.value}",
                style="bold red",
            )
        )
    else:
        console.print(
            Text(f"OK: no open finding at or above {threshold.value}", style="bold green")
        )


def to_json(report: Report, threshold: Severity) -> str:
    return json.dumps(report.to_dict(threshold), ensure_ascii=False, indent=2) + "\n"
