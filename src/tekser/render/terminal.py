"""Rendering a report for people (rich) and for machines (JSON), from one place."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tekser.core.errors import TekserError
from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.report import Report
from tekser.package.descriptor import check_safe_path
from tekser.seeds.anchor import CONTEXT
from tekser.seeds.text import SourceText
from tekser.seeds.window import ELLIPSIS, LINE_BREAK, Window, window

if TYPE_CHECKING:
    from tekser.authoring.scanning import ScanResult
    from tekser.stages.coverage import NumberStatus

STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"captured": "green", "excluded": "dim", "unaccounted": "bold red"}
# Code points of the seed shown either side of a quote.
QUOTE_WIDTH = 40
_LEADING_PART_WORD = re.compile(r"^\S*\s+")
_TRAILING_PART_WORD = re.compile(r"\s+\S*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text from data, made inert for a terminal: control and bidi characters shown escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def window_text(shown: Window) -> Text:
    """A window of a seed as inert rich text, its span marked ⟦…⟧ and highlighted; rich may
    wrap it at the seed's line breaks (shown ⏎) as at its spaces."""

    def part(value: str) -> str:
        return safe(value).replace(LINE_BREAK, LINE_BREAK + " ")

    text = Text(part(shown.before))
    text.append("⟦", style="bold")
    text.append(part(shown.span), style="bold reverse")
    text.append("⟧", style="bold")
    text.append(part(shown.after))
    return text


def evidence_window(
    evidence: Evidence, seed: SourceText | None = None, width: int = QUOTE_WIDTH
) -> Window:
    """The window around a quote: of the seed when the quote is still at its span there, else
    of its recorded prefix and suffix (a seed changed since, or not at hand)."""
    start, end = evidence.start, evidence.end
    if (
        seed is not None
        and start is not None
        and end is not None
        and 0 <= start <= end <= len(seed.text)
        and seed.text[start:end] == evidence.quote
    ):
        return window(seed.text, start, end, width=width, line_starts=seed.line_starts)
    # The recorded context, cut by the anchorer at CONTEXT code points: word-aligned here.
    prefix, suffix = evidence.prefix, evidence.suffix
    cut_before, cut_after = len(prefix) >= CONTEXT, len(suffix) >= CONTEXT
    if cut_before:
        prefix = _LEADING_PART_WORD.sub("", prefix, count=1)
    if cut_after:
        suffix = _TRAILING_PART_WORD.sub("", suffix, count=1)
    text = prefix + evidence.quote + suffix
    shown = window(text, len(prefix), len(prefix) + len(evidence.quote), width=len(text))
    line = evidence.line or 0
    return replace(
        shown,
        before=(ELLIPSIS if cut_before else "") + shown.before,
        after=shown.after + (ELLIPSIS if cut_after else ""),
        start=max(0, (start or 0) - len(prefix)),
        end=(start or 0) + len(evidence.quote) + len(suffix),
        first_line=line,
        last_line=line + evidence.quote.count("\n"),
    )


def quote_in_context(evidence: Evidence, seed: SourceText | None = None) -> Text:
    """The quote in a window of its seed, on one line (wrapped by rich), the quote marked."""
    return window_text(evidence_window(evidence, seed))


def _where(evidence: Evidence) -> str:
    parts = [evidence.source_id or "", f"line {evidence.line}" if evidence.line else ""]
    if evidence.page:
        parts.append(f"p. {evidence.page}")
    if evidence.provenance_id:
        parts.append(evidence.provenance_id)
    return ", ".join(part for part in parts if part)


def render_finding(finding: Finding, seeds: Mapping[str, SourceText] | None = None) -> Panel:
    """An open finding in full: its message, and each quote in a window of its seed (`seeds`,
    by source_id; else the quote's recorded context)."""
    body: list[Any] = [Text(safe(finding.message))]
    for evidence in finding.evidence:
        if evidence.quote:
            seed = (seeds or {}).get(evidence.source_id or "")
            quote = Text.assemble(
                (_where(evidence) + ": ", "dim"), quote_in_context(evidence, seed)
            )
            body.append(Padding(quote, (0, 0, 0, 2)))
    severity = finding.severity.value
    title = Text.assemble((severity.upper(), STYLE[severity]), f" {finding.rule}")
    subtitle = Text(f"{finding.finding_id} · {finding.status}", style="dim")
    return Panel(
        Group(*body), title=title, title_align="left", subtitle=subtitle, subtitle_align="right"
    )


def package_root(report: Report) -> Path:
    """The folder the report's package lies in: `report.package` is the path as given, a
    folder or a descriptor file."""
    given = Path(report.package)
    return given if given.is_dir() or not given.suffix else given.parent


def read_seeds(report: Report, findings: Iterable[Finding]) -> dict[str, SourceText]:
    """The seeds the quotes of `findings` come from, by source_id: those that can be read
    safely (a seed missing, unsafe or not UTF-8 is left out: its quotes show their recorded
    context)."""
    root = package_root(report).resolve()
    wanted = {e.source_id for f in findings for e in f.evidence if e.quote and e.source_id}
    seeds: dict[str, SourceText] = {}
    for source_id in sorted(wanted):
        try:
            relative = check_safe_path(report.sources.get(source_id, ""), where=source_id)
            full = (root / relative).resolve()
            if full.is_relative_to(root):
                seeds[source_id] = SourceText.read(full)
        except TekserError:
            continue
    return seeds


def _is_open(finding: Finding) -> bool:
    return finding.status.undecided


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
        table.add_row(
            stage.name,
            f"{stage.checked} {stage.description}",
            *(str(counts[s.value]) for s in Severity),
            str(decided),
        )
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
    if report.suite is not None:
        console.print(Text(safe(report.suite.describe())))
    shown = [finding for finding in report.findings if _is_open(finding)]
    seeds = read_seeds(report, shown)
    for finding in shown:
        console.print(render_finding(finding, seeds))
    decided = [finding for finding in report.findings if not _is_open(finding)]
    if decided:
        console.print(render_decided(decided))
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


# The columns of `scan` beside its context: the widest a provenance or exclusion id may be
# before it folds, and the fewest columns the context keeps however narrow the screen.
SCAN_BY_WIDTH = 24
SCAN_CONTEXT_MIN = 24
SCAN_NUMBER_WIDTH = 14  # a longer number ("12 миллионов 345 тысяч") folds at its spaces


def print_scan(result: ScanResult, console: Console) -> None:
    """`tekser scan` for people: a table per seed, one row per number (line, number and what
    it reads as when it extends over scale words, status, what accounts for it, and the seed
    around it in about two lines of its column); the reasons of the exclusions shown, once
    each; the totals."""
    from tekser.seeds.numbers import plain

    by_source: dict[str, list[NumberStatus]] = {}
    for number in result.numbers:
        by_source.setdefault(number.source_id, []).append(number)
    for source_id, numbers in by_source.items():
        if len(result.paths) > 1:
            heading = f"{source_id}  {result.paths.get(source_id, '')}"
            console.print(Text(safe(heading), style="bold"))
        readings = [result.reads_as(n) for n in numbers]
        shown_as = [safe(n.token) for n in numbers]
        widths = {
            "line": max(len(str(n.line)) for n in numbers),
            "number": min(
                SCAN_NUMBER_WIDTH,
                max(
                    max(len(token) for token in shown_as),
                    max((len(plain(v)) + 1 for v in readings if v is not None), default=0),
                ),
            ),
            "status": max(len(n.status) for n in numbers),
            "by": min(SCAN_BY_WIDTH, max(len(n.by) for n in numbers)),
        }
        fixed = sum(max(len(name), width) for name, width in widths.items())
        # each column but the last is followed by a padding, a divider and a padding
        context_width = max(SCAN_CONTEXT_MIN, console.width - fixed - 3 * len(widths))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("number", overflow="fold", max_width=SCAN_NUMBER_WIDTH)
        table.add_column("status", no_wrap=True)
        table.add_column("by", overflow="fold", max_width=SCAN_BY_WIDTH)
        table.add_column("context", overflow="fold", min_width=SCAN_CONTEXT_MIN)
        for number, token, value in zip(numbers, shown_as, readings, strict=True):
            # two lines of the context column, less the marks and what wrapping loses
            width = (2 * context_width - len(number.token) - 12) // 2
            cell = Text(token)
            if value is not None:
                cell.append(f"\n={plain(value)}", style="dim")
            table.add_row(
                str(number.line),
                cell,
                Text(number.status, style=STATUS_STYLE.get(number.status, "")),
                Text(safe(number.by)),
                window_text(result.window(number, max(8, min(width, 40)))),
            )
        console.print(table)
    legend = result.legend()
    if legend:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for exclusion_id, row in legend.items():
            why = ": ".join(part for part in (row.get("category"), row.get("reason")) if part)
            grid.add_row(Text(safe(exclusion_id), style="bold"), Text(safe(why)))
        console.print(Text("exclusions", style="bold"))
        console.print(grid)
    console.print(Text(result.summary()))


def write_json(report: Report, threshold: Severity, write: Callable[[str], object]) -> None:
    """The report as JSON (indented, UTF-8 as it is, a newline at the end), given to `write` as
    it is encoded, in pieces of some 64 KB: the report of a large archive (70 MB at 10^6
    figures) is never held as one string."""
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(
        report.to_dict(threshold)
    ):
        pieces.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            write("".join(pieces))
            pieces.clear()
            size = 0
    pieces.append("\n")
    write("".join(pieces))


GITHUB_LEVEL = {"critical": "error", "warning": "warning", "info": "notice"}


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _decided(finding: Finding) -> str:
    """A decided finding's status, with who decided and why: `confirmed by NAME: REASON`."""
    decision = finding.decision
    if decision is None:
        return finding.status
    reason = " ".join(decision.reason.split())
    return f"{finding.status} by {decision.reviewer}: {reason}"


def to_github(report: Report, threshold: Severity, base: str = ".") -> str:
    """GitHub Actions workflow commands: one annotation per finding, pointing at the seed file
    and line of its first evidence when it has one — an open one at its severity's level, a
    decided one as a notice, with its status, reviewer and reason."""
    lines = []
    root = str(package_root(report))
    for finding in report.findings:
        decided = not finding.status.undecided
        title = f"{finding.rule} ({finding.status})" if decided else finding.rule
        properties = [f"title={_github_escape(title, prop=True)}"]
        evidence = next((e for e in finding.evidence if e.source_id in report.sources), None)
        if evidence is not None:
            seed = os.path.join(root, report.sources[evidence.source_id or ""])
            path = os.path.relpath(seed, base)
            properties.insert(0, f"file={_github_escape(path, prop=True)}")
            if evidence.line:
                properties.insert(1, f"line={evidence.line}")
        level = "notice" if decided else GITHUB_LEVEL[finding.severity.value]
        message = f"{safe(finding.message)} [{finding.finding_id}]"
        if decided:
            message += f" — {safe(_decided(finding))}"
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
    failures = skipped = 0
    for name in sorted(cases, key=lambda n: (cases[n][0], n)):
        stage, findings = cases[name]
        if name == stage and any(f.stage == stage for f in report.findings):
            continue  # the stage's findings are reported under their own rules
        case = ET.SubElement(suite, "testcase", classname=f"tekser.{stage}", name=name)
        gating = [f for f in findings if f in failing]
        decided = [f for f in findings if not f.status.undecided]
        if gating:
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(gating)} finding(s)",
                type=gating[0].severity.value,
            )
            failure.text = "\n".join(_junit_line(f) for f in gating)
        elif findings and len(decided) == len(findings):
            # every finding of the rule decided by a curator: not a failure, not a pass
            skipped += 1
            said = Counter(
                f"{f.status} by {f.decision.reviewer if f.decision else '?'}" for f in decided
            )
            ET.SubElement(
                case,
                "skipped",
                message=safe(
                    f"{len(decided)} decided: " + ", ".join(f"{n} {s}" for s, n in said.items())
                ),
            ).text = "\n".join(_junit_line(f) for f in decided)
            continue
        rest = [f for f in findings if f not in gating]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(_junit_line(f) for f in rest)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    suites = ET.Element(
        "testsuites", name="tekser", tests=suite.get("tests", "0"), failures=str(failures)
    )
    suites.append(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _junit_line(finding: Finding) -> str:
    where = ""
    if finding.evidence and finding.evidence[0].line:
        where = f" (line {finding.evidence[0].line})"
    line = f"[{finding.severity.value}, {finding.status}] {finding.finding_id}{where}: " + (
        finding.message
    )
    if not finding.status.undecided:
        line += f" — {_decided(finding)}"
    return safe(line)


def print_relations(rows: list[dict[str, Any]], console: Console) -> None:
    """`tekser relations` for people: per reading, its equation, then the result, what the
    terms give, the difference and the tolerance, and the status (its problem, if any)."""
    styles = {"exact": "green", "rounding": "cyan", "fails": "bold red", "invalid": "bold red",
              "circular": "yellow"}  # fmt: skip
    if not rows:
        console.print("No relations (the package has no `relations` table, or it is empty).")
        return
    for row in rows:
        head = Text(safe(f"{row['relation_id']} [{row['reading']}] {row['kind']}: "))
        head.append(safe(row["equation"] or ""), style="bold")
        console.print(head)
        line = Text("  ")
        if row["computed"] is not None:
            line.append(
                safe(
                    f"{row['result_figure_id']} is {row['result_value']}, the terms give "
                    f"{row['computed']}: difference {row['difference']}, tolerance "
                    f"±{row['tolerance']}  "
                )
            )
        line.append(row["status"], style=styles.get(row["status"], ""))
        if row["problem"]:
            line.append(safe(f": {row['problem']}"))
        console.print(line)
    counts = Counter(row["status"] for row in rows)
    console.print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
