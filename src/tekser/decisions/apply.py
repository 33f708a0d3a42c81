"""Decisions applied to a report: each finding given the status of its decision in force,
or `stale` when the evidence it was made on has changed; and each line of the log as a
release sees it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from tekser.core.findings import ACTIONS, Decision, DecisionState, Finding, Severity, Status
from tekser.core.report import Report
from tekser.decisions.log import LOG, in_force, latest, read_log


def evidence_hash(finding: Finding) -> str:
    """What a decision rests on: the finding's records and the words of its evidence. When any
    of it changes, the decision is stale and must be made again."""
    basis = {
        "rule": finding.rule,
        "records": finding.records,
        "evidence": [[e.provenance_id, e.source_id, e.quote] for e in finding.evidence],
    }
    text = json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def settle(finding: Finding, decision: Decision | None) -> None:
    """Give a finding the status of its decision in force: confirmed, corrected, dismissed,
    stale when the evidence it was made on has changed, open when there is none."""
    finding.decision = decision
    if decision is None:
        finding.status = Status.OPEN
    elif decision.evidence_hash == evidence_hash(finding):
        finding.status = ACTIONS[decision.action]
    else:
        finding.status = Status.STALE


def apply(report: Report, root: Path) -> None:
    """Give each finding the status of the decision in force for it (`settle`). Corrupt lines
    of the log become critical findings."""
    decisions, corrupt = read_log(root)
    report.decisions = decisions
    current = in_force(decisions)
    for finding in report.findings:
        if finding.finding_id in current:
            settle(finding, current[finding.finding_id])
    for bad in corrupt:
        report.findings.append(
            Finding(
                rule="decisions.corrupt-line",
                severity=Severity.CRITICAL,
                message=f"{LOG} line {bad.line} is not a valid decision ({bad.problem}); "
                "it is kept as it is: repair it by hand or decide the finding again",
                records=[{"file": str(LOG), "line": bad.line, "text": bad.text[:200]}],
                stage="decisions",
                key=f"{bad.line}:{bad.text}",
            )
        )


def corrections(report: Report) -> list[tuple[Finding, Decision]]:
    """Each `correct` decision in force (not stale, not superseded) with its finding, in the
    report's order: the corrections a release applies."""
    found = []
    for finding in report.findings:
        decision = finding.decision
        if finding.status != Status.CORRECTED or decision is None or decision.action != "correct":
            continue
        if decision.figure_id is None or (decision.value is None and decision.date is None):
            continue  # the decision schema requires a figure and a value or a date
        found.append((finding, decision))
    return found


def correction_findings(report: Report, figure_ids: Callable[[], set[str]]) -> list[Finding]:
    """What stops the corrections in force from being applied, as critical findings — so that
    `validate` refuses what `publish` cannot release: a correction naming a figure that is not
    in figures (`figure_ids` is read only when some correction is in force), and two
    corrections of one figure that set it differently."""
    applied = corrections(report)
    if not applied:
        return []
    known = figure_ids()
    problems: list[Finding] = []
    first: dict[str, tuple[Finding, Decision]] = {}
    for finding, decision in applied:
        figure = str(decision.figure_id)
        record = {"finding_id": finding.finding_id, "figure_id": figure, "line": decision.line}
        if figure not in known:
            problems.append(
                Finding(
                    rule="decisions.unknown-figure",
                    severity=Severity.CRITICAL,
                    message=f"{LOG} line {decision.line} corrects figure {figure}, which is not "
                    f"in figures; decide finding {finding.finding_id} again",
                    records=[record],
                    stage="decisions",
                    key=f"{finding.finding_id}:{figure}",
                )
            )
            continue
        prior = first.setdefault(figure, (finding, decision))
        if (prior[1].value, prior[1].date) != (decision.value, decision.date):
            problems.append(
                Finding(
                    rule="decisions.corrections-disagree",
                    severity=Severity.CRITICAL,
                    message=f"corrections of figure {figure} disagree: {LOG} line "
                    f"{prior[1].line} ({prior[0].finding_id}) and line {decision.line} "
                    f"({finding.finding_id}); decide one of them again",
                    records=[{**record, "other_finding_id": prior[0].finding_id}],
                    stage="decisions",
                    key=f"{prior[0].finding_id}:{finding.finding_id}:{figure}",
                )
            )
    return problems


def line_states(decisions: list[Decision], report: Report) -> dict[int, DecisionState]:
    """Each line of the log (by its line number) as a release sees it: the decision in force
    for its finding (`latest`), superseded by a later line, stale (its finding's evidence
    changed since) or orphaned (its finding no longer arises)."""
    current = latest(decisions)
    findings = {finding.finding_id: finding for finding in report.findings}
    states: dict[int, DecisionState] = {}
    for decision in decisions:
        finding = findings.get(decision.finding_id)
        if current[decision.finding_id].line != decision.line:
            states[decision.line] = DecisionState.SUPERSEDED
        elif finding is None:
            states[decision.line] = DecisionState.ORPHANED
        elif finding.status == Status.STALE:
            states[decision.line] = DecisionState.STALE
        else:
            states[decision.line] = DecisionState.IN_FORCE
    return states
