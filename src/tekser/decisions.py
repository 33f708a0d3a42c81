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
from tekser.findings import Evidence, Finding, Report, Severity

LOG = Path("provenance") / "decisions.jsonl"
SCHEMA = Path("schemas") / "decision.schema.json"
ACTIONS = {"confirm": "confirmed", "correct": "corrected", "dismiss": "dismissed"}


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
    line: int = 0

    @property
    def status(self) -> str:
        return ACTIONS[self.action]

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
                line=number,
            )
        )
    return decisions, corrupt


def latest(decisions: list[Decision]) -> dict[str, Decision]:
    """The decision in force for each finding: the last one in the log supersedes the rest."""
    current: dict[str, Decision] = {}
    for decision in decisions:
        current[decision.finding_id] = decision
    return current


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
    validator = _validator(str(_schema_file(root)))
    record = decision.to_dict()
    errors = list(validator.iter_errors(record))
    if errors:
        raise TekserError(f"invalid decision: {errors[0].message}")
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


def apply(report: Report, root: Path) -> None:
    """Give each finding the status of the decision in force for it: confirmed, corrected,
    dismissed, or stale when the evidence it was made on has changed. Corrupt lines of the log
    become critical findings."""
    decisions, corrupt = read_log(root)
    current = latest(decisions)
    for finding in report.findings:
        decision = current.get(finding.finding_id)
        if decision is None:
            continue
        finding.decision = decision
        if decision.evidence_hash == evidence_hash(finding):
            finding.status = decision.status
        else:
            finding.status = "stale"
    for bad in corrupt:
        report.findings.append(
            Finding(
                rule="decisions.corrupt-line",
                severity=Severity.CRITICAL,
                message=f"{LOG} line {bad.line} is not a valid decision ({bad.problem}); "
                "it is kept as it is: repair it by hand or decide the finding again",
                records=[{"file": str(LOG), "line": bad.line, "text": bad.text[:200]}],
                evidence=[Evidence(None, None, None, None, "")][:0],
                stage="decisions",
                key=f"{bad.line}:{bad.text}",
            )
        )
    known = {finding.finding_id for finding in report.findings}
    for finding_id, decision in current.items():
        if finding_id not in known:
            report.orphaned.append(decision)
