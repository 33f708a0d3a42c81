"""Coverage: every number in every seed is captured by provenance or excluded with a reason."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tekser.anchor import CONTEXT
from tekser.findings import Evidence, Finding, Severity
from tekser.package import Package, Row
from tekser.provenance import Quote
from tekser.sources import Corpus, as_int

STAGE = "coverage"
CAPTURED, EXCLUDED, UNACCOUNTED = "captured", "excluded", "unaccounted"


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of a source that accounts for the numbers inside it."""

    start: int
    end: int
    status: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class NumberStatus:
    """One number of a seed and how the package accounts for it."""

    source_id: str
    start: int
    end: int
    token: str
    line: int
    page: int | None
    status: str
    by: str
    reason: str
    context: str

    context_before: str = ""
    context_after: str = ""

    def evidence(self) -> Evidence:
        return Evidence(
            None,
            self.source_id,
            self.start,
            self.end,
            self.token,
            self.page,
            self.line,
            prefix=self.context_before,
            suffix=self.context_after,
        )


def read_exclusions(package: Package) -> list[Row]:
    return package.read_table("exclusions") if package.has_table("exclusions") else []


def exclusion_intervals(
    corpus: Corpus, exclusions: Iterable[Row]
) -> tuple[dict[str, list[Interval]], list[Finding]]:
    """The spans each exclusion covers: a regex `pattern` (every match) or an anchored `quote`."""
    intervals: dict[str, list[Interval]] = {}
    problems: list[Finding] = []
    for row in exclusions:
        source = corpus.texts.get(row.get("source_id", ""))
        exclusion_id = row.get("exclusion_id", "")
        if source is None:
            continue
        reason = f"{row.get('category', '')}: {row.get('reason', '')}".strip(": ")
        found: list[Interval] = []
        pattern = row.get("pattern", "")
        if pattern:
            try:
                found = [
                    Interval(m.start(), m.end(), EXCLUDED, exclusion_id, reason)
                    for m in re.finditer(pattern, source.text)
                    if m.end() > m.start()
                ]
            except re.error as exc:
                problems.append(_exclusion_problem(row, f"invalid pattern {pattern!r}: {exc}"))
                continue
        else:
            start, end = as_int(row.get("start")), as_int(row.get("end"))
            quote = row.get("quote", "")
            if start is None or end is None:
                problems.append(_exclusion_problem(row, "no span recorded; run `tekser anchor`"))
                continue
            if source.text[start:end] != quote or not quote:
                problems.append(
                    _exclusion_problem(row, f"the quote is not the text at {start}–{end}")
                )
                continue
            found = [Interval(start, end, EXCLUDED, exclusion_id, reason)]
        intervals.setdefault(row.get("source_id", ""), []).extend(found)
    return intervals, problems


def _exclusion_problem(row: Row, message: str) -> Finding:
    exclusion_id = row.get("exclusion_id", "")
    return Finding(
        rule="coverage.bad-exclusion",
        severity=Severity.CRITICAL,
        message=f"exclusion {exclusion_id}: {message}",
        records=[{"resource": "exclusions", "exclusion_id": exclusion_id}],
        evidence=[
            Evidence(
                None,
                row.get("source_id"),
                as_int(row.get("start")),
                as_int(row.get("end")),
                row.get("quote", ""),
            )
        ],
        stage=STAGE,
    )


def _first_container(intervals: list[Interval], start: int, end: int) -> Interval | None:
    for interval in intervals:
        if interval.start <= start and end <= interval.end:
            return interval
    return None


def scan(
    corpus: Corpus,
    quotes: Iterable[Quote],
    located: dict[str, tuple[int, int]],
    exclusions: dict[str, list[Interval]],
) -> Iterator[NumberStatus]:
    """Every number of every readable seed with its status, in text order.

    A number is captured only by a proven span (`located`: a quote verified at its recorded
    span or re-anchored), never by offsets that no longer hold their quote.
    """
    captured: dict[str, list[Interval]] = {}
    for quote in quotes:
        if quote.id in located:
            start, end = located[quote.id]
            captured.setdefault(quote.source_id, []).append(
                Interval(start, end, CAPTURED, quote.id)
            )
    for source_id in corpus.texts:
        yield from _scan_one(
            corpus, source_id, captured.get(source_id, []), exclusions.get(source_id, [])
        )


def _scan_one(
    corpus: Corpus, source_id: str, captured: list[Interval], excluded: list[Interval]
) -> Iterator[NumberStatus]:
    source = corpus.texts[source_id]
    # Sweep once over the numbers in text order: among the intervals that start at or before a
    # number, the one reaching furthest contains it if any does.
    by_kind = {
        CAPTURED: sorted(captured, key=lambda i: i.start),
        EXCLUDED: sorted(excluded, key=lambda i: i.start),
    }
    pointers = dict.fromkeys(by_kind, 0)
    furthest: dict[str, Interval | None] = dict.fromkeys(by_kind)
    for token in source.numbers():
        holder: Interval | None = None
        for kind, intervals in by_kind.items():
            while (
                pointers[kind] < len(intervals) and intervals[pointers[kind]].start <= token.start
            ):
                candidate = intervals[pointers[kind]]
                best = furthest[kind]
                if best is None or candidate.end > best.end:
                    furthest[kind] = candidate
                pointers[kind] += 1
            best = furthest[kind]
            if holder is None and best is not None and best.end >= token.end:
                holder = best
        line = source.line_of(token.start)
        yield NumberStatus(
            source_id=source_id,
            start=token.start,
            end=token.end,
            token=token.text,
            line=line,
            page=corpus.page_of(source_id, line),
            status=holder.status if holder else UNACCOUNTED,
            by=holder.by if holder else "",
            reason=holder.reason if holder else "",
            context=source.line_text(line),
            context_before=source.text[max(0, token.start - CONTEXT) : token.start],
            context_after=source.text[token.end : token.end + CONTEXT],
        )


def check_coverage(
    statuses: Iterable[NumberStatus], exclusion_ids: Iterable[str]
) -> Iterator[Finding]:
    """A critical finding per unaccounted number; a warning per exclusion that excludes none."""
    used: set[str] = set()
    for number in statuses:
        if number.status == EXCLUDED:
            used.add(number.by)
        if number.status != UNACCOUNTED:
            continue
        yield Finding(
            rule="coverage.unaccounted",
            severity=Severity.CRITICAL,
            message=(
                f"{number.source_id} line {number.line}: number {number.token} is neither "
                f"captured nor excluded: “{number.context.strip()}”"
            ),
            records=[{"source_id": number.source_id, "start": number.start, "token": number.token}],
            evidence=[number.evidence()],
            stage=STAGE,
        )
    for exclusion_id in sorted(set(exclusion_ids) - used):
        yield Finding(
            rule="coverage.unused-exclusion",
            severity=Severity.WARNING,
            message=f"exclusion {exclusion_id} excludes no number; remove or correct it",
            records=[{"resource": "exclusions", "exclusion_id": exclusion_id}],
            stage=STAGE,
        )
