"""What the report page shows, as plain view objects the templates read: a quote, a row
with the findings that name it, a series and its chart, a table, a finding; and the page's
order of statuses and tables."""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass, field
from typing import Any, Protocol

from tekser.core.findings import Decision, DecisionState, Finding, Severity, Status
from tekser.core.named import ID_COLUMNS as ID_COLUMNS
from tekser.core.report import Report
from tekser.package.descriptor import Row
from tekser.render.charts import Chart

# the order the page lists statuses in: what needs a curator first
STATUSES = (Status.OPEN, Status.STALE, Status.CONFIRMED, Status.CORRECTED, Status.DISMISSED)
# The tables a historian reads beside the figures: (table, its id column, heading).
SECTIONS = (
    ("terms", "term_id", "Terms of office"),
    ("events", "event_id", "Events"),
    ("claims", "claim_id", "Claims about change"),
    ("part_whole", "relation_id", "Parts and wholes"),
    ("bounds", "bound_id", "Bounds"),
    ("announcements", "announcement_id", "Announced data"),
)


def anchor(finding_id: str) -> str:
    return "finding-" + finding_id.replace(":", "-")


@dataclass(slots=True)
class QuoteView:
    """A quoted span in a window of its recorded context, and where it is."""

    before: str
    span: str
    after: str
    where: list[str]
    language: str
    provenance_id: str


@dataclass(slots=True)
class FindingLink:
    number: int
    anchor: str
    severity: str
    status: str


@dataclass(slots=True)
class RowView:
    """One row of a table on the page: its cells (text, and a language when the text is the
    source's), the quote that states it and the findings that name it."""

    ident: str
    cells: list[tuple[str, str]]
    quote: QuoteView | None
    findings: list[FindingLink]
    note: str = ""
    css: str = ""


@dataclass(slots=True)
class SeriesView:
    series_id: str
    title: str
    rows: list[RowView]
    chart: Chart | None
    range_text: str = ""


@dataclass(slots=True)
class TableView:
    name: str
    heading: str
    headers: list[str]
    rows: list[RowView]


@dataclass(slots=True)
class FindingView:
    number: int
    finding: Finding
    quotes: list[QuoteView]
    records: list[tuple[str, str]]
    names: list[str]


class ReleaseFacts(Protocol):
    """What the page shows of a release beyond its tables (a `tekser.release.model.Release`
    has these): the renderer needs no more of the release, and imports nothing of it."""

    @property
    def created(self) -> str: ...
    @property
    def decisions(self) -> list[Decision]: ...
    @property
    def decision_states(self) -> dict[int, DecisionState]: ...
    @property
    def corrections(self) -> Sized: ...
    @property
    def open_questions(self) -> list[Finding]: ...


@dataclass(slots=True)
class PageData:
    """What the page is made from: a report, and the package's descriptor and tables (the
    release's, curated, when `release` is given)."""

    report: Report
    fail_on: Severity
    descriptor: dict[str, Any]
    tables: dict[str, list[Row]]
    release: ReleaseFacts | None = None
    location: str = ""
    provenance: dict[str, Row] = field(default_factory=dict)
