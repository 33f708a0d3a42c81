"""Coverage: every number in every seed is captured by provenance or excluded with a reason."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.names import CAPTURED, EXCLUDED, NUMBER_STATUSES, UNACCOUNTED
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus, as_int
from tekser.seeds.anchor import CONTEXT
from tekser.seeds.text import NUMBER, SourceText
from tekser.seeds.window import window
from tekser.stages.quotes import Quote

STAGE = "coverage"
STATUSES = NUMBER_STATUSES


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
    captured = _captured(quotes, located)
    for source_id in corpus.texts:
        source = corpus.texts[source_id]
        for token, holder in _sweep(
            source, captured.get(source_id, []), exclusions.get(source_id, [])
        ):
            yield _status(corpus, source_id, token, holder)


@dataclass(slots=True)
class Accounting:
    """How the numbers of a package are accounted for, counted in one sweep: the statuses of
    the unaccounted ones alone are kept, so that millions of numbers cost no memory."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    used_exclusions: set[str] = field(default_factory=set)
    unaccounted: list[NumberStatus] = field(default_factory=list)

    @property
    def numbers(self) -> int:
        return sum(self.counts.values())


def account(
    corpus: Corpus,
    quotes: Iterable[Quote],
    located: dict[str, tuple[int, int]],
    exclusions: dict[str, list[Interval]],
) -> Accounting:
    """`scan`, counted: the numbers by status, the exclusions that exclude one, and the
    unaccounted numbers with their context."""
    accounting = Accounting()
    counts = accounting.counts
    captured = _captured(quotes, located)
    for source_id, source in corpus.texts.items():
        for token, holder in _sweep(
            source, captured.get(source_id, []), exclusions.get(source_id, [])
        ):
            if holder is None:
                counts[UNACCOUNTED] += 1
                accounting.unaccounted.append(_status(corpus, source_id, token, None))
            else:
                counts[holder.status] += 1
                if holder.status == EXCLUDED:
                    accounting.used_exclusions.add(holder.by)
    return accounting


def _captured(
    quotes: Iterable[Quote], located: dict[str, tuple[int, int]]
) -> dict[str, list[Interval]]:
    captured: dict[str, list[Interval]] = {}
    for quote in quotes:
        span = located.get(quote.id)
        if span is not None:
            captured.setdefault(quote.source_id, []).append(
                Interval(span[0], span[1], CAPTURED, quote.id)
            )
    return captured


def _sweep(
    source: SourceText, captured: list[Interval], excluded: list[Interval]
) -> Iterator[tuple[re.Match[str], Interval | None]]:
    """Each number of `source` and the interval that accounts for it (None if none does).

    Sweep once over the numbers in text order: among the intervals that start at or before a
    number, the one reaching furthest contains it if any does. A captured span wins over an
    exclusion.
    """
    by_kind = (sorted(captured, key=_by_start), sorted(excluded, key=_by_start))
    pointers = [0, 0]
    furthest: list[Interval | None] = [None, None]
    for token in NUMBER.finditer(source.text):
        token_start, token_end = token.span()
        holder: Interval | None = None
        for kind, intervals in enumerate(by_kind):
            pointer, best = pointers[kind], furthest[kind]
            while pointer < len(intervals) and intervals[pointer].start <= token_start:
                candidate = intervals[pointer]
                if best is None or candidate.end > best.end:
                    best = candidate
                pointer += 1
            pointers[kind], furthest[kind] = pointer, best
            if holder is None and best is not None and best.end >= token_end:
                holder = best
        yield token, holder


def _by_start(interval: Interval) -> int:
    return interval.start


def _status(
    corpus: Corpus, source_id: str, token: re.Match[str], holder: Interval | None
) -> NumberStatus:
    source = corpus.texts[source_id]
    start, end = token.span()
    line = source.line_of(start)
    return NumberStatus(
        source_id=source_id,
        start=start,
        end=end,
        token=token.group(),
        line=line,
        page=corpus.page_of(source_id, line),
        status=holder.status if holder else UNACCOUNTED,
        by=holder.by if holder else "",
        reason=holder.reason if holder else "",
        context=window(source.text, start, end, line_starts=source.line_starts).text,
        context_before=source.text[max(0, start - CONTEXT) : start],
        context_after=source.text[end : end + CONTEXT],
    )


def coverage_findings(
    unaccounted: Iterable[NumberStatus], used: set[str], exclusion_ids: Iterable[str]
) -> Iterator[Finding]:
    """A critical finding per unaccounted number; a warning per exclusion that excludes none
    (`used`: the exclusions that do, as `account` counts them)."""
    for number in unaccounted:
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
