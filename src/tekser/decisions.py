"""Curators' decisions: an append-only log, validated, evidence-hashed, honoured by validate."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from tekser.errors import TekserError
from tekser.findings import DecisionState, Finding, Report, Severity, Status
from tekser.names import DECISION_ACTIONS

LOG = Path("provenance") / "decisions.jsonl"
SCHEMA = Path("schemas") / "decision.schema.json"
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


@cache
def _validator(schema_path: str) -> Any:
    import jsonschema

    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _schema_file(root: Path) -> Path:
    own = root / SCHEMA
    if own.exists():
        return own
    return Path(__file__).resolve().parent / "schemas" / "decision.schema.json"


def read_log(root: Path) -> tuple[list[Decision], list[CorruptLine]]:
    """Every decision of the package's log, in order, and every line that is not one."""
    path = root / LOG
    if not path.exists():
        return [], []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TekserError(f"{path}: cannot read ({exc.strerror})") from None
    validator = _validator(str(_schema_file(root)))
    decisions: list[Decision] = []
    corrupt: list[CorruptLine] = []
    for number, data in enumerate(raw.split(b"\n"), start=1):
        if not data.strip():
            continue
        try:
            record = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            corrupt.append(CorruptLine(number, data.decode("utf-8", "replace"), f"not JSON: {exc}"))
            continue
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path) or "line"
            corrupt.append(
                CorruptLine(number, data.decode("utf-8"), f"{where}: {errors[0].message}")
            )
            continue
        decisions.append(
            Decision(
                finding_id=record["finding_id"],
                action=record["action"],
                reason=record["reason"],
                reviewer=record["reviewer"],
                timestamp=record["timestamp"],
                evidence_hash=record["evidence_hash"],
                rule=record.get("rule", ""),
                value=record.get("value"),
                figure_id=record.get("figure_id"),
                date=record.get("date"),
                retracts=record.get("retracts"),
                line=number,
            )
        )
    return _without_dangling_retractions(decisions, corrupt)


def _without_dangling_retractions(
    decisions: list[Decision], corrupt: list[CorruptLine]
) -> tuple[list[Decision], list[CorruptLine]]:
    """A retraction must name an earlier decision on its finding that nothing retracted yet;
    one that does not is reported with the corrupt lines (and kept in the file)."""
    kept: list[Decision] = []
    live: dict[str, list[str]] = {}
    for decision in decisions:
        keys = live.setdefault(decision.finding_id, [])
        if decision.action != RETRACT:
            keys.append(decision.key)
        elif decision.retracts in keys:
            del keys[len(keys) - 1 - keys[::-1].index(decision.retracts)]  # the last such line
        else:
            problem = "retracts: names no earlier decision on this finding still in force"
            text = json.dumps(decision.to_dict(), ensure_ascii=False, sort_keys=True)
            corrupt.append(CorruptLine(decision.line, text, problem))
            continue
        kept.append(decision)
    return kept, sorted(corrupt, key=lambda bad: bad.line)


def in_force(decisions: list[Decision]) -> dict[str, Decision]:
    """The decision in force for each finding: the last one in the log that no retraction
    withdrew. A finding whose every decision was retracted has none: it is open again."""
    remaining: dict[str, list[Decision]] = {}
    for decision in decisions:
        stack = remaining.setdefault(decision.finding_id, [])
        if decision.action != RETRACT:
            stack.append(decision)
            continue
        keys = [kept.key for kept in stack]
        if decision.retracts in keys:
            del stack[len(keys) - 1 - keys[::-1].index(decision.retracts)]
    return {finding_id: stack[-1] for finding_id, stack in remaining.items() if stack}


def latest(decisions: list[Decision]) -> dict[str, Decision]:
    """The line of the log in force for each finding that has one: its decision in force (a
    later one supersedes the earlier, a retraction withdraws the one it names); when every
    decision on a finding was retracted, its last retraction, which leaves the finding open.
    Every other line is superseded."""
    current = {
        decision.finding_id: decision for decision in decisions if decision.action == RETRACT
    }
    current.update(in_force(decisions))
    return current


def history(decisions: list[Decision], finding_id: str) -> list[Decision]:
    """Every line of the log on one finding, decisions and retractions, in order."""
    return [decision for decision in decisions if decision.finding_id == finding_id]


def default_reviewer() -> str:
    """The git user's name, else the login name."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        name = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
        if name:
            return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def append(root: Path, decision: Decision) -> None:
    """Append one decision as one line, atomically: one write under an exclusive lock, on a
    file opened for appending, so two curators writing at once never lose or tear a line."""
    schema = _schema_file(root)
    validator = _validator(str(schema))
    record = decision.to_dict()
    errors = list(validator.iter_errors(record))
    if errors:
        whose = f" (by the package's own {SCHEMA})" if schema == root / SCHEMA else ""
        raise TekserError(f"invalid decision{whose}: {errors[0].message}")
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    path = root / LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        size = os.fstat(descriptor).st_size
        if size:
            # A line torn by a crash stays on its own line (and is reported), never merged.
            with open(path, "rb") as existing:
                existing.seek(size - 1)
                if existing.read(1) != b"\n":
                    line = b"\n" + line
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


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
