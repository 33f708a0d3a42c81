"""Provenance records as validation holds them: a quoted span of a source, and the finding
of the provenance stage that rests on one."""

from __future__ import annotations

import sys

from tekser.core.findings import Evidence, Finding, Severity
from tekser.package.descriptor import Row
from tekser.package.sources import as_int
from tekser.seeds.anchor import CONTEXT
from tekser.seeds.text import SourceText

STAGE = "provenance"


class Quote:
    """One provenance record: where in which source a value is stated.

    A record proven against its source (its quote is the text at its span, and its prefix,
    suffix, line and page are what the source has there) keeps only its id and span: the rest
    is read from the source text, which says the same, so that a million quotes fit in memory.
    Any other record keeps its row as recorded.
    """

    __slots__ = ("_page", "_row", "_source", "end", "id", "language", "source_id", "start")

    def __init__(self, row: Row) -> None:
        self.id: str = row.get("provenance_id", "")
        self.source_id: str = sys.intern(row.get("source_id", ""))
        self.language: str = sys.intern(row.get("language", ""))
        self.start: int | None = as_int(row.get("start"))
        self.end: int | None = as_int(row.get("end"))
        self._row: Row | None = row
        self._source: SourceText | None = None
        self._page: int | None = None

    def prove(self, source: SourceText, page: int | None) -> None:
        """Drop the recorded row: the source at this span says all of it (checked before)."""
        self._source, self._page, self._row = source, page, None

    def recorded(self, name: str) -> str:
        """A field as recorded: `quote`, `prefix`, `suffix`, `line` or `page`."""
        if self._row is not None:
            return self._row.get(name, "")
        source, start, end = self._source, self.start, self.end
        assert source is not None and start is not None and end is not None
        if name == "quote":
            return source.text[start:end]
        if name == "prefix":
            return source.text[max(0, start - CONTEXT) : start]
        if name == "suffix":
            return source.text[end : end + CONTEXT]
        if name == "line":
            return str(source.line_of(start))
        if name == "page":
            return str(self._page or "")
        return ""

    @property
    def quote(self) -> str:
        return self.recorded("quote")

    def evidence(self) -> Evidence:
        return Evidence(
            provenance_id=self.id,
            source_id=self.source_id,
            start=self.start,
            end=self.end,
            quote=self.quote,
            page=as_int(self.recorded("page")),
            line=as_int(self.recorded("line")),
            prefix=self.recorded("prefix"),
            suffix=self.recorded("suffix"),
        )


def finding(rule: str, severity: Severity, message: str, quote: Quote, **records: str) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        records=[{"resource": "provenance", "provenance_id": quote.id, **records}],
        evidence=[quote.evidence()],
        stage=STAGE,
        # Stable across edits elsewhere: the same record of the same row keeps its id, and a
        # decision on it goes stale (not lost) when what the finding shows changes.
        key="|".join((quote.id, records.get("table", ""), records.get("id", ""))),
    )
