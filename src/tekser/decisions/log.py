"""Curators' decisions: an append-only log, validated, evidence-hashed, honoured by validate."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import subprocess
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.findings import (
    RETRACT,
    CorruptLine,
    Decision,
)

LOG = Path("provenance") / "decisions.jsonl"
SCHEMA = Path("schemas") / "decision.schema.json"


@cache
def _validator(schema_path: str) -> Any:
    import jsonschema

    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _schema_file(root: Path) -> Path:
    own = root / SCHEMA
    if own.exists():
        return own
    return Path(__file__).resolve().parents[1] / "schemas" / "decision.schema.json"


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
