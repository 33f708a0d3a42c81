"""Findings and the curators' decisions on them: the model every stage shares (plain
types; the report is `tekser.core.report`, the log `tekser.decisions.log`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tekser.core.names import DECISION_ACTIONS


class Severity(StrEnum):
    """How much a finding matters: `critical` means our package is wrong; `warning` means the
    source disagrees with itself and a curator must look; `info` is for the record."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"critical": 3, "warning": 2, "info": 1}[self.value]


class Status(StrEnum):
    """Where a finding stands with its curators: `open` (no decision), `confirmed`,
    `corrected` or `dismissed` (the decision in force), `stale` (decided on evidence that has
    changed since: to be decided again)."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
    DISMISSED = "dismissed"
    STALE = "stale"

    @property
    def undecided(self) -> bool:
        """Open or stale: a curator has still to look."""
        return self in (Status.OPEN, Status.STALE)


class DecisionState(StrEnum):
    """A line of the decision log as a release sees it: the decision `in-force` for its
    finding, `superseded` by a later line, `stale` (its finding's evidence changed) or
    `orphaned` (its finding no longer arises)."""

    IN_FORCE = "in-force"
    SUPERSEDED = "superseded"
    STALE = "stale"
    ORPHANED = "orphaned"


# the order of the report's `by_status` counts
STATUS_ORDER = (Status.OPEN, Status.CONFIRMED, Status.CORRECTED, Status.DISMISSED, Status.STALE)


ACTIONS = {"confirm": Status.CONFIRMED, "correct": Status.CORRECTED, "dismiss": Status.DISMISSED}
# Undo keeps the log append-only: a retraction is a line of its own that names the decision
# it withdraws by that decision's key; the finding is then as it was before that decision.
RETRACT = DECISION_ACTIONS[-1]
RETRACTED = "retracted"


@dataclass(frozen=True, slots=True)
class Decision:
    """One line of the log: what a curator decided about a finding, and on what evidence."""

    finding_id: str
    action: str
    reason: str
    reviewer: str
    timestamp: str
    evidence_hash: str
    rule: str = ""
    value: int | float | None = None
    figure_id: str | None = None
    date: str | None = None
    retracts: str | None = None
    line: int = 0

    @property
    def status(self) -> str:
        return ACTIONS.get(self.action, RETRACTED)

    @property
    def key(self) -> str:
        """What names this line of the log wherever it lies (a merge may move it): the
        sha256 of its fields, keys sorted. A retraction names the decision it retracts so."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "finding_id": self.finding_id,
            "rule": self.rule,
            "action": self.action,
            "reason": self.reason,
            "reviewer": self.reviewer,
            "timestamp": self.timestamp,
            "evidence_hash": self.evidence_hash,
        }
        if self.value is not None:
            record["value"] = self.value
        if self.figure_id is not None:
            record["figure_id"] = self.figure_id
        if self.date is not None:
            record["date"] = self.date
        if self.retracts is not None:
            record["retracts"] = self.retracts
        return record


@dataclass(frozen=True, slots=True)
class CorruptLine:
    """A line of the log that is not a valid decision: reported, never dropped."""

    line: int
    text: str
    problem: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a source that a finding rests on."""

    provenance_id: str | None
    source_id: str | None
    start: int | None
    end: int | None
    quote: str
    page: int | None = None
    line: int | None = None
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "provenance_id": self.provenance_id,
            "source_id": self.source_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "page": self.page,
            "line": self.line,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


# The columns of a finding as one flat row (`Finding.flat`), in order.
FINDING_COLUMNS = (
    "finding_id",
    "rule",
    "stage",
    "severity",
    "status",
    "message",
    "decision_line",
    "decision_action",
    "decision_reviewer",
    "decision_timestamp",
    "decision_reason",
    "decision_value",
    "decision_figure_id",
)


@dataclass(slots=True)
class Finding:
    """One thing a curator or CI must know about, with the records and spans behind it."""

    rule: str
    severity: Severity
    message: str
    records: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    stage: str = "provenance"
    status: Status = Status.OPEN
    key: str = ""
    decision: Decision | None = None

    @property
    def finding_id(self) -> str:
        """Stable: the same rule on the same records gives the same id, run after run."""
        basis = self.key or json.dumps(self.records, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(f"{self.rule}\n{basis}".encode()).hexdigest()[:12]
        return f"{self.rule}:{digest}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding_id": self.finding_id,
            "rule": self.rule,
            "stage": self.stage,
            "severity": self.severity.value,
            "message": self.message,
            "records": self.records,
            "evidence": [item.to_dict() for item in self.evidence],
            "status": self.status,
            "decision": self.decision.to_dict() if self.decision else None,
        }

    def flat(self) -> dict[str, Any]:
        """The finding as one flat row (a table's row, a data frame's): its fields and the
        decision in force, field by field; records and evidence are rows of their own."""
        decision = self.decision
        return {
            "finding_id": self.finding_id,
            "rule": self.rule,
            "stage": self.stage,
            "severity": self.severity.value,
            "status": self.status,
            "message": self.message,
            "decision_line": decision.line if decision else None,
            "decision_action": decision.action if decision else None,
            "decision_reviewer": decision.reviewer if decision else None,
            "decision_timestamp": decision.timestamp if decision else None,
            "decision_reason": decision.reason if decision else None,
            "decision_value": decision.value if decision else None,
            "decision_figure_id": decision.figure_id if decision else None,
        }
