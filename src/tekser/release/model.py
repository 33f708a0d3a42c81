"""What a release is, in memory, and what every writer of its files shares: the names of its
files, and JSON and CSV written one way."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.files import csv_text
from tekser.core.findings import Decision, DecisionState, Finding
from tekser.core.report import Report
from tekser.decisions.log import LOG
from tekser.package.descriptor import DESCRIPTOR, Row

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SUMS = "SHA256SUMS"
REPORT = "validation-report.json"
PROV = "provenance.prov.json"
HTML = "report.html"
README = "README.md"
CITATION = "CITATION.cff"
METADATA = "metadata.json"  # Datasette's
DECISIONS = LOG.as_posix()
SCHEMA_FILES = ("schemas/report.schema.json", "schemas/decision.schema.json")
FILE_MODE, DIR_MODE = 0o644, 0o755
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can carry
STAMP = "%Y-%m-%dT%H:%M:%SZ"
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "jsonl": "application/jsonl",
    "txt": "text/plain",
    "md": "text/markdown",
    "sql": "application/sql",
    "html": "text/html",
    "cff": "application/x-yaml",
    "sqlite": "application/vnd.sqlite3",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a package cannot go out: one finding that must be decided (or fixed) first."""

    finding_id: str
    severity: str
    status: str
    message: str

    @classmethod
    def of(cls, finding: Finding, message: str | None = None) -> Refusal:
        return cls(
            finding.finding_id, finding.severity.value, finding.status, message or finding.message
        )

    def __str__(self) -> str:
        return f"{self.finding_id} [{self.severity}, {self.status}]: {self.message}"


class PublishRefused(Exception):
    """Nothing was published: the package has findings that stop a release (exit code 1)."""

    def __init__(self, reasons: list[Refusal]) -> None:
        super().__init__(f"{len(reasons)} finding(s) stop the release")
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class Correction:
    """A curator's `correct` decision in force: the figure it corrects and the curated value."""

    figure_id: str
    value: int | float | None
    finding: Finding
    decision: Decision
    date: str | None = None  # a corrected period start; the period keeps its length

    @property
    def corrected(self) -> str:
        """What the correction sets, as people read it: the value, or the period's start."""
        return str(self.value) if self.value is not None else f"period from {self.date}"


@dataclass(slots=True)
class Table:
    """One table of the release: its resource name, file, Table Schema and rows as released."""

    name: str
    path: str
    schema: dict[str, Any]
    header: list[str]
    rows: list[Row]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)


@dataclass(slots=True)
class Release:
    """Everything a release says, in memory: what the writers of its files read."""

    name: str
    version: str
    created: str
    descriptor: dict[str, Any]
    tables: dict[str, Table]
    report: Report
    decisions: list[Decision]
    decision_states: dict[int, DecisionState]
    corrections: dict[str, Correction]
    open_questions: list[Finding]
    originals: dict[str, Row] = field(default_factory=dict)

    @property
    def title(self) -> str:
        title = self.descriptor.get("title")
        return title if isinstance(title, str) and title else self.name

    def figures(self) -> list[Row]:
        table = self.tables.get("figures")
        return table.rows if table else []


@dataclass(slots=True)
class PublishResult:
    """What `publish_package` wrote."""

    out: Path
    zip_path: Path | None
    name: str
    version: str
    created: str
    files: list[str]
    open_questions: list[Finding]
    corrections: list[Correction]
    orphaned: list[Decision]
    report: Report


def csv_bytes(table: Table) -> bytes:
    """A table as every CSV of the release is written: its header, `\\n` line ends, UTF-8."""
    return csv_text(table.rows, table.header).encode("utf-8")


def json_bytes(document: Any) -> bytes:
    """JSON as every file of the release writes it: sorted keys, two-space indent, UTF-8."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def key(path: str) -> str:
    """A release path in one spelling: forward slashes, normalised."""
    return posixpath.normpath(path.replace("\\", "/"))


def utc(text: str) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime (naive ones read as UTC), or None."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


class Files:
    """The release's files by relative path; a path written twice is a conflict, not a loss."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def add(self, path: str, data: bytes) -> None:
        name = key(path)
        if (
            "\n" in name
            or "\\" in name
            or name in (DESCRIPTOR, SUMS, ".")
            or name.startswith("../")
        ):
            raise TekserError(f"{path!r}: cannot be a file of the release")
        if self.data.get(name, data) != data:
            raise TekserError(f"{path}: two different files of the release would have this path")
        self.data[name] = data
