"""Coverage: every number in every seed is stated by a record of the package (`stated.py`) or
excluded with a reason."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.names import CAPTURED, EXCLUDED, NUMBER_STATUSES, UNACCOUNTED
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus, as_int
from tekser.seeds.anchor import CONTEXT
from tekser.seeds.window import window
from tekser.stages.stated import STATED, SeedIndex, SeedNumbers

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
    quote: str = ""  # the provenance record whose quote holds it, when no record states it

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
) -> tuple[Mapping[str, list[Interval]], list[Finding]]:
    """The spans each exclusion covers, by source: a regex `pattern` (every match) or an
    anchored `quote`; and a finding for each exclusion that covers nothing it can say (a
    pattern that does not compile, a quote not at its span). The spans of a source are found
    when they are asked for, so that an archive's are never all held at once."""
    rules: dict[str, list[_Exclusion]] = {}
    problems: list[Finding] = []
    for row in exclusions:
        source = corpus.texts.get(row.get("source_id", ""))
        if source is None:
            continue
        pattern = row.get("pattern", "")
        compiled: re.Pattern[str] | None = None
        if pattern:
            try:
                compiled = re.compile(pattern)
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
        rules.setdefault(row.get("source_id", ""), []).append(_Exclusion(row, compiled))
    return _ExclusionSpans(corpus, rules), problems


@dataclass(frozen=True, slots=True)
class _Exclusion:
    row: Row
    pattern: re.Pattern[str] | None

    def spans(self, text: str) -> list[Interval]:
        row = self.row
        exclusion_id = row.get("exclusion_id", "")
        reason = f"{row.get('category', '')}: {row.get('reason', '')}".strip(": ")
        if self.pattern is None:
            start, end = as_int(row.get("start")) or 0, as_int(row.get("end")) or 0
            return [Interval(start, end, EXCLUDED, exclusion_id, reason)]
        return [
            Interval(m.start(), m.end(), EXCLUDED, exclusion_id, reason)
            for m in self.pattern.finditer(text)
            if m.end() > m.start()
        ]


class _ExclusionSpans(Mapping[str, list[Interval]]):
    """The spans of the exclusions of each source, found when a source's are asked for."""

    def __init__(self, corpus: Corpus, rules: dict[str, list[_Exclusion]]) -> None:
        self._corpus, self._rules = corpus, rules

    def __getitem__(self, source_id: str) -> list[Interval]:
        text = self._corpus.texts[source_id].text
        return [span for rule in self._rules[source_id] for span in rule.spans(text)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


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


Span = tuple[str, str, int, int]
"""A proven span of a provenance record: its source id, its id, its start and end."""


def scan(
    corpus: Corpus,
    spans: Iterable[Span],
    exclusions: Mapping[str, list[Interval]],
    numbers: SeedIndex | None = None,
) -> Iterator[NumberStatus]:
    """Every number of every readable seed with its status, in text order.

    A number is captured only when a record states it (`state_numbers`: its printed token, in
    a quote proven at its recorded span or re-anchored, `QuoteStore.spans`, or a footnote mark
    its record cites); one inside such a quote that no record states is unaccounted, and says
    which quote holds it. Without `numbers`, no number is stated.
    """
    numbers = SeedIndex(corpus) if numbers is None else numbers
    for source_id, quoted in _by_source(corpus, spans):
        seed = numbers[source_id]
        for index, holder in _sweep(seed, quoted, exclusions.get(source_id, [])):
            yield _status(corpus, source_id, seed, index, holder)
        numbers.release(source_id)


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
    spans: Iterable[Span],
    exclusions: Mapping[str, list[Interval]],
    numbers: SeedIndex | None = None,
) -> Accounting:
    """`scan`, counted: the numbers by status, the exclusions that exclude one, and the
    unaccounted numbers with their context."""
    accounting = Accounting()
    counts = accounting.counts
    numbers = SeedIndex(corpus) if numbers is None else numbers
    for source_id, quoted in _by_source(corpus, spans):
        seed = numbers[source_id]
        for index, holder in _sweep(seed, quoted, exclusions.get(source_id, [])):
            status = holder.status
            counts[status] += 1
            if status == EXCLUDED:
                accounting.used_exclusions.add(holder.by)
            elif status == UNACCOUNTED:
                accounting.unaccounted.append(_status(corpus, source_id, seed, index, holder))
        numbers.release(source_id)
    return accounting


def _by_source(corpus: Corpus, spans: Iterable[Span]) -> Iterator[tuple[str, list[Interval]]]:
    """Each readable seed with the intervals of its proven quotes, one seed at a time: the
    spans are grouped by seed as machine integers, each seed's intervals made when it is swept."""
    offsets: dict[str, array[int]] = {}
    ids: dict[str, list[str]] = {}
    for source_id, provenance_id, start, end in spans:
        if source_id not in offsets:
            offsets[source_id], ids[source_id] = array("q"), []
        offsets[source_id].extend((start, end))
        ids[source_id].append(provenance_id)
    for source_id in corpus.texts:
        held, names = offsets.pop(source_id, array("q")), ids.pop(source_id, [])
        quoted = [
            Interval(held[2 * i], held[2 * i + 1], CAPTURED, name) for i, name in enumerate(names)
        ]
        yield source_id, quoted


# the status of a number inside no quote and no exclusion
_NOWHERE = Interval(0, 0, UNACCOUNTED, "")
# a number a record names outside its quote: a footnote mark right after it
_CITED = Interval(0, 0, CAPTURED, "", "the footnote mark a provenance record cites")
# why a number inside a quote is unaccounted (`unstated`)
UNSTATED_REASON = "inside the quote, stated by no record"


def _sweep(
    seed: SeedNumbers, quoted: list[Interval], excluded: list[Interval]
) -> Iterator[tuple[int, Interval]]:
    """Each number of `seed` (by index) and what accounts for it: the quote that holds it when
    a printed column of a record states it (captured), else the exclusion that holds it, else
    the quote (or none) when a record's citation names it (captured), else the quote that
    holds it, unaccounted (`unstated`), else `_NOWHERE`. An exclusion wins over a citation, so
    that one of footnote marks still excludes the marks that a record also names.

    Sweep once over the numbers in text order: among the intervals that start at or before a
    number, the one reaching furthest contains it if any does.
    """
    quotes, exclusions = sorted(quoted, key=_by_start), sorted(excluded, key=_by_start)
    quote_count, exclusion_count = len(quotes), len(exclusions)
    next_quote = next_exclusion = 0
    furthest_quote: Interval | None = None
    furthest_exclusion: Interval | None = None
    starts, ends, stated = seed.starts, seed.ends, seed.stated
    for index in range(len(starts)):
        token_start, token_end = starts[index], ends[index]
        while next_quote < quote_count and quotes[next_quote].start <= token_start:
            candidate = quotes[next_quote]
            if furthest_quote is None or candidate.end > furthest_quote.end:
                furthest_quote = candidate
            next_quote += 1
        while next_exclusion < exclusion_count and exclusions[next_exclusion].start <= token_start:
            candidate = exclusions[next_exclusion]
            if furthest_exclusion is None or candidate.end > furthest_exclusion.end:
                furthest_exclusion = candidate
            next_exclusion += 1
        quote = furthest_quote
        if quote is not None and quote.end < token_end:
            quote = None
        how = stated[index]
        if how == STATED:
            yield index, quote or _CITED
        elif furthest_exclusion is not None and furthest_exclusion.end >= token_end:
            yield index, furthest_exclusion
        elif how:
            yield index, quote or _CITED
        elif quote is not None:
            yield index, unstated(quote)
        else:
            yield index, _NOWHERE


def unstated(quote: Interval) -> Interval:
    """A number inside `quote` that no record states."""
    return Interval(quote.start, quote.end, UNACCOUNTED, quote.by, UNSTATED_REASON)


def _by_start(interval: Interval) -> int:
    return interval.start


def _status(
    corpus: Corpus, source_id: str, seed: SeedNumbers, index: int, holder: Interval
) -> NumberStatus:
    source = corpus.texts[source_id]
    start, end = seed.starts[index], seed.ends[index]
    line = source.line_of(start)
    return NumberStatus(
        source_id=source_id,
        start=start,
        end=end,
        token=source.text[start:end],
        line=line,
        page=corpus.page_of(source_id, line),
        status=holder.status,
        by=holder.by,
        reason=holder.reason,
        context=window(source.text, start, end, line_starts=source.line_starts).text,
        context_before=source.text[max(0, start - CONTEXT) : start],
        context_after=source.text[end : end + CONTEXT],
        quote=holder.by if holder.reason == UNSTATED_REASON else "",
    )


def coverage_findings(
    unaccounted: Iterable[NumberStatus], used: set[str], exclusion_ids: Iterable[str]
) -> Iterator[Finding]:
    """A critical finding per unaccounted number; a warning per number inside a quote that no
    record states, and per exclusion that excludes none (`used`: the exclusions that do, as
    `account` counts them)."""
    for number in unaccounted:
        where = f"{number.source_id} line {number.line}"
        records = [{"source_id": number.source_id, "start": number.start, "token": number.token}]
        if number.quote:
            yield Finding(
                rule="coverage.unstated-in-quote",
                severity=Severity.WARNING,
                message=(
                    f"{where}: number {number.token} lies in the quote of {number.quote} but "
                    f"no record states it; state it as a figure, or exclude it with a reason: "
                    f"“{number.context.strip()}”"
                ),
                records=[{**records[0], "provenance_id": number.quote}],
                evidence=[number.evidence()],
                stage=STAGE,
            )
            continue
        yield Finding(
            rule="coverage.unaccounted",
            severity=Severity.CRITICAL,
            message=(
                f"{where}: number {number.token} is neither captured nor excluded: "
                f"“{number.context.strip()}”"
            ),
            records=records,
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
