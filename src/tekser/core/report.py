"""The validation report: every stage's findings, in one list, with what each stage
looked at and which suite ran."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tekser.core.findings import STATUS_ORDER, Decision, Finding, Severity
from tekser.core.rules import Suite


@dataclass(slots=True)
class StageSummary:
    """What one stage of validation looked at."""

    name: str
    checked: int = 0
    description: str = ""


@dataclass(frozen=True, slots=True)
class RuleSummary:
    """A rule that ran, so that a CI report can show the rules that passed too."""

    name: str
    stage: str
    severity: Severity
    description: str
    # what a curator reads on the card of a finding of the rule (not in the JSON report)
    explain: str = ""


@dataclass(slots=True)
class Report:
    """The outcome of `tekser validate`: findings of every stage, in one list."""

    package: str
    findings: list[Finding] = field(default_factory=list)
    stages: list[StageSummary] = field(default_factory=list)
    coverage: dict[str, int] = field(default_factory=dict)
    rules: list[RuleSummary] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    tekser_version: str = ""
    suite: Suite | None = None
    # the decision log as validate read it, for the commands that go on from the report
    # (publish, decide, review) without reading it again; not part of the JSON report
    decisions: list[Decision] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def failing(self, threshold: Severity) -> list[Finding]:
        """Open findings at or above `threshold`."""
        return [
            finding
            for finding in self.findings
            if finding.severity.rank >= threshold.rank and finding.status.undecided
        ]

    def drop_restated(self, restates: dict[str, str]) -> None:
        """One finding per thing seen: a provenance finding (of rule R, on a row `table`
        `id`) is dropped when a finding of a rule that restates R names the same row (as
        `table_name` and `record_id`, or as the value of any of its `…_id` columns)."""
        named: dict[str, set[tuple[str, str]]] = {}
        for finding in self.findings:
            restated = restates.get(finding.rule)
            if not restated:
                continue
            rows = named.setdefault(restated, set())
            for record in finding.records:
                if record.get("table_name") and record.get("record_id"):
                    rows.add((str(record["table_name"]), str(record["record_id"])))
                else:
                    rows.update(
                        ("", str(value))
                        for column, value in record.items()
                        if column.endswith("_id") and column != "provenance_id" and value
                    )

        def shown(finding: Finding) -> bool:
            rows = named.get(finding.rule)
            if not rows:
                return False
            return all(
                (str(record.get("table", "")), str(record.get("id", ""))) in rows
                or ("", str(record.get("id", ""))) in rows
                for record in finding.records
            )

        self.findings = [finding for finding in self.findings if not shown(finding)]

    def sort(self) -> None:
        """Most severe first; within a rule, in the order of the source text. Structure
        findings keep frictionless's order — by resource, then row, then field — which
        `check_structure` gives them."""
        position = {id(finding): index for index, finding in enumerate(self.findings)}

        def order(finding: Finding) -> tuple[Any, ...]:
            if finding.stage == "structure":
                return (-finding.severity.rank, finding.stage, position[id(finding)])
            first = finding.evidence[0] if finding.evidence else None
            where = (first.source_id or "", first.start or 0) if first else ("", 0)
            return (-finding.severity.rank, finding.stage, finding.rule, where, finding.finding_id)

        self.findings.sort(key=order)

    def to_dict(self, threshold: Severity = Severity.CRITICAL) -> dict[str, Any]:
        return {
            "tekser_version": self.tekser_version,
            "package": self.package,
            "valid": not self.failing(threshold),
            "fail_on": threshold.value,
            "summary": {
                "findings": len(self.findings),
                "by_severity": self.counts(),
                "by_status": {
                    status.value: sum(1 for f in self.findings if f.status == status)
                    for status in STATUS_ORDER
                },
                "stages": {stage.name: stage.checked for stage in self.stages},
                "coverage": self.coverage,
            },
            "suite": self.suite.to_dict() if self.suite else None,
            "rules": [
                {
                    "rule": rule.name,
                    "stage": rule.stage,
                    "severity": rule.severity.value,
                    "description": rule.description,
                    "findings": sum(1 for f in self.findings if f.rule == rule.name),
                }
                for rule in self.rules
            ],
            "findings": [finding.to_dict() for finding in self.findings],
        }
