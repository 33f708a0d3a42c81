"""Curators' decisions: an append-only log, validated, evidence-hashed, honoured by validate."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from tekser.core.errors import LimitExceeded, RefusedWrite, TekserError
from tekser.core.findings import (
    RETRACT,
    CorruptLine,
    Decision,
)
from tekser.core.limits import exceeded, limits
from tekser.package.paths import check_kind, inside, json_depth, read_bounded

LOG = Path("provenance") / "decisions.jsonl"
# the fewest characters of a reason: "ok" is not one
MIN_REASON = 3


def require_reason(reason: str) -> None:
    """Refuse a decision without a reason (TekserError): asked before any work is done."""
    if len(reason.strip()) < MIN_REASON:
        raise TekserError("a decision needs a reason (what the source says, and why)")


SCHEMA = Path("schemas") / "decision.schema.json"


# how much of a line too large or too deep to be read is shown in its finding
SHOWN = 200


@cache
def _validator(schema_path: str, shown: str) -> Any:
    import jsonschema

    where = "the decision schema"
    data = read_bounded(
        Path(schema_path),
        shown=shown,
        where=where,
        limit=limits().document_bytes,
        limit_name="document-bytes",
    )
    depth = json_depth(data)
    if depth > limits().depth:
        raise LimitExceeded(
            f"{where}: {shown}: {exceeded('its nesting', depth, limits().depth, 'depth')}"
        )
    try:
        schema = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TekserError(f"{where}: {shown}: not JSON ({exc})") from None
    if not isinstance(schema, dict):
        raise TekserError(f"{where}: {shown}: a JSON Schema must be a JSON object")
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _schema_file(root: Path) -> tuple[Path, bool]:
    """The decision schema in force, and whether it is the package's own (which must be a
    regular file inside the package)."""
    own = inside(root, SCHEMA, where="the decision schema")
    if own.exists():
        return own, True
    return Path(__file__).resolve().parents[1] / "schemas" / "decision.schema.json", False


def _schema_validator(root: Path) -> tuple[Any, bool]:
    path, own = _schema_file(root)
    return _validator(str(path), SCHEMA.as_posix() if own else "tekser's own"), own


def log_path(root: Path) -> Path:
    """The real path of the package's decisions log (it may not exist yet), once it is known
    to be a regular file inside the package: UnsafePathError for a log, or a link along it,
    that leaves the package, or a FIFO or device; TekserError for a folder."""
    return inside(root, LOG, where="the decisions log")


def read_log(root: Path) -> tuple[list[Decision], list[CorruptLine]]:
    """Every decision of the package's log, in order, and every line that is not one: not
    JSON, not a decision by the schema, or past the bounds (`decision-bytes`, `depth`) —
    those are never parsed, and only their first characters are kept. A log that leaves
    the package, or is not a regular file, is refused unread (TekserError)."""
    path = log_path(root)
    if not path.exists():
        return [], []
    raw = read_bounded(
        path, shown=LOG.as_posix(), where="the decisions log", limit=sys.maxsize, limit_name=""
    )
    validator, _own = _schema_validator(root)
    decisions: list[Decision] = []
    corrupt: list[CorruptLine] = []
    for number, data in enumerate(raw.split(b"\n"), start=1):
        if not data.strip():
            continue
        bound = _out_of_bounds(data)
        if bound is not None:
            text = data[: SHOWN * 4].decode("utf-8", "replace")[:SHOWN]
            corrupt.append(CorruptLine(number, text + "…", bound))
            continue
        try:
            record = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            corrupt.append(CorruptLine(number, data.decode("utf-8", "replace"), f"not JSON: {exc}"))
            continue
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path) or "line"
            message = errors[0].message  # it may quote the value whole: shown in part
            if len(message) > SHOWN:
                message = message[: SHOWN - 1] + "…"
            corrupt.append(CorruptLine(number, data.decode("utf-8"), f"{where}: {message}"))
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


def _out_of_bounds(data: bytes) -> str | None:
    """Why a line of the log is not to be parsed — longer than `decision-bytes`, nested
    deeper than `depth` — or None."""
    bounds = limits()
    if len(data) > bounds.decision_bytes:
        return exceeded(
            "the line's size in bytes", len(data), bounds.decision_bytes, "decision-bytes"
        )
    depth = json_depth(data)
    if depth > bounds.depth:
        return exceeded("the line's nesting", depth, bounds.depth, "depth")
    return None


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
    validator, own = _schema_validator(root)
    record = decision.to_dict()
    errors = list(validator.iter_errors(record))
    if errors:
        whose = f" (by the package's own {SCHEMA})" if own else ""
        raise TekserError(f"invalid decision{whose}: {errors[0].message}")
    line = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    path = log_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise RefusedWrite(f"{LOG}: cannot record the decision ({exc.strerror})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        info = os.fstat(descriptor)
        check_kind(info.st_mode, LOG.as_posix(), where="the decisions log")  # swapped since
        _append_line(descriptor, info.st_size, line)
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


def _append_line(descriptor: int, size: int, line: bytes) -> None:
    """Write `line` at the end of the log open at `descriptor` (`size` bytes long), whole or
    not at all: a write the system refuses part way (a full disk) is cut off again."""
    try:
        # A line torn by a crash stays on its own line (and is reported), never merged.
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            line = b"\n" + line
        written = 0
        while written < len(line):
            written += os.write(descriptor, line[written:])
        os.fsync(descriptor)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, size)
        raise RefusedWrite(
            f"{LOG}: cannot record the decision ({exc.strerror}); the log is as it was"
        ) from None
