"""Rendering a report for people (rich) and for machines (JSON), from one place."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
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


def _is_open(finding: Finding) -> bool:
    return finding.status in ("open", "stale")


def render_summary(report: Report) -> Table:
    """Open findings by stage and severity, and how many are decided."""
    table = Table(title="tekser validate", show_header=True, title_justify="left")
    table.add_column("stage")
    table.add_column("checked", justify="right")
    for severity in Severity:
        table.add_column(severity.value, justify="right", style=STYLE[severity.value])
    table.add_column("decided", justify="right")
    for stage in report.stages:
        counts = {s.value: 0 for s in Severity}
        decided = 0
        for finding in report.findings:
            if finding.stage != stage.name:
                continue
            if _is_open(finding):
                counts[finding.severity.value] += 1
            else:
                decided += 1
        table.add_row(stage.name, f"{stage.checked} {stage.description}",
                      *(str(counts[s.value]) for s in Severity), str(decided))  # fmt: skip
    return table


def render_decided(findings: list[Finding]) -> Group:
    """Decided findings in brief, two lines each and never wrapped: the status, the finding
    and who decided; then the start of the reason (`tekser review --all` shows the rest)."""
    lines = [Text(f"decided ({len(findings)})", style="bold")]
    for finding in findings:
        decision = finding.decision
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f"{finding.status:<9}", style="green")
        head.append(f" {finding.finding_id}")
        if decision:
            head.append(f"  by {safe(decision.reviewer)}", style="dim")
        lines.append(head)
        if decision:
            reason = " ".join(safe(decision.reason).split())
            lines.append(
                Text(f"          {reason}", style="dim", no_wrap=True, overflow="ellipsis")
            )
    return Group(*lines)


def print_human(report: Report, console: Console, threshold: Severity) -> None:
    """A summary table, the coverage line, every open finding with its quote, the decided ones
    in brief, and the verdict."""
    console.print(render_summary(report))
    if report.coverage:
        c = report.coverage
        console.print(
            f"coverage: {c.get('numbers', 0)} numbers in the seeds: {c.get('captured', 0)} "
            f"captured, {c.get('excluded', 0)} excluded, {c.get('unaccounted', 0)} unaccounted"
        )
    for finding in report.findings:
        if _is_open(finding):
            console.print(render_finding(finding))
    decided = [finding for finding in report.findings if not _is_open(finding)]
    if decided:
        console.print(render_decided(decided))
    failing = report.failing(threshold)
    if failing:
        console.print(Text(f"FAIL: {len(failing)} open finding(s) at or above {threshold.value}",
                           style="bold red"))  # fmt: skip
    else:
        console.print(
            Text(f"OK: no open finding at or above {threshold.value}", style="bold green")
        )


def to_json(report: Report, threshold: Severity) -> str:
    return json.dumps(report.to_dict(threshold), ensure_ascii=False, indent=2) + "\n"


GITHUB_LEVEL = {"critical": "error", "warning": "warning", "info": "notice"}


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(report: Report, threshold: Severity, base: str = ".") -> str:
    """GitHub Actions workflow commands: one annotation per open finding, pointing at the seed
    file and line of its first evidence when it has one."""
    lines = []
    for finding in report.findings:
        if finding.status not in ("open", "stale"):
            continue
        properties = [f"title={_github_escape(finding.rule, prop=True)}"]
        evidence = next((e for e in finding.evidence if e.source_id in report.sources), None)
        if evidence is not None:
            seed = os.path.join(report.package, report.sources[evidence.source_id or ""])
            path = os.path.relpath(seed, base)
            properties.insert(0, f"file={_github_escape(path, prop=True)}")
            if evidence.line:
                properties.insert(1, f"line={evidence.line}")
        level = GITHUB_LEVEL[finding.severity.value]
        message = f"{safe(finding.message)} [{finding.finding_id}]"
        lines.append(f"::{level} {','.join(properties)}::{_github_escape(message)}")
    failing = report.failing(threshold)
    summary = f"tekser: {len(failing)} open finding(s) at or above {threshold.value}"
    lines.append(f"::{'error' if failing else 'notice'} title=tekser::{summary}")
    return "\n".join(lines) + "\n"


def to_junit(report: Report, threshold: Severity) -> str:
    """JUnit XML: one test case per rule (the rules that ran, and every rule that found
    something); a case fails when it has an open finding at or above the threshold."""
    cases: dict[str, tuple[str, list[Finding]]] = {
        rule.name: (rule.stage, []) for rule in report.rules
    }
    for summary in report.stages:
        cases.setdefault(summary.name, (summary.name, []))
    for finding in report.findings:
        cases.setdefault(finding.rule, (finding.stage, []))[1].append(finding)
    failing = report.failing(threshold)
    suite = ET.Element("testsuite", name="tekser validate")
    failures = 0
    for name in sorted(cases, key=lambda n: (cases[n][0], n)):
        stage, findings = cases[name]
        if name == stage and any(f.stage == stage for f in report.findings):
            continue  # the stage's findings are reported under their own rules
        case = ET.SubElement(suite, "testcase", classname=f"tekser.{stage}", name=name)
        gating = [f for f in findings if f in failing]
        if gating:
            failures += 1
            failure = ET.SubElement(
                case, "failure", message=f"{len(gating)} finding(s)",
                type=gating[0].severity.value,
            )  # fmt: skip
            failure.text = "\n".join(_junit_line(f) for f in gating)
        elif findings:
            ET.SubElement(case, "system-out").text = "\n".join(_junit_line(f) for f in findings)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suites = ET.Element("testsuites", name="tekser", tests=suite.get("tests", "0"),
                        failures=str(failures))  # fmt: skip
    suites.append(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _junit_line(finding: Finding) -> str:
    where = ""
    if finding.evidence and finding.evidence[0].line:
        where = f" (line {finding.evidence[0].line})"
    return safe(f"[{finding.severity.value}] {finding.finding_id}{where}: {finding.message}")
