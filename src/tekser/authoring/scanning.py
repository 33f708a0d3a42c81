"""`tekser scan`: every number of a seed and how the package accounts for it."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.names import EXCLUDED
from tekser.core.names import NUMBER_STATUSES as STATUSES
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus
from tekser.seeds.numbers import plain
from tekser.seeds.printed import PrintedNumber
from tekser.seeds.text import SourceText
from tekser.seeds.window import Window, window
from tekser.stages.coverage import (
    NumberStatus,
    exclusion_intervals,
    read_exclusions,
    scan,
)
from tekser.stages.provenance import read_and_check_spans
from tekser.stages.stated import seed_language, seed_numbers, state_numbers

# Code points of the seed shown either side of a number.
CONTEXT_WIDTH = 40
_HAS_WORD = re.compile(r"[^\W\d_]")  # a letter: the printed number has a scale word


def number_dict(
    number: NumberStatus, shown: Window, reads_as: Decimal | None = None
) -> dict[str, Any]:
    """A number as `scan --format json` gives it: `context` is the window of the seed around
    it as one line, `context_before` + `token` + `context_after`; `reads_as` the value of the
    printed number it belongs to when that extends over scale words, else null."""
    return {
        "source_id": number.source_id,
        "token": number.token,
        "start": number.start,
        "end": number.end,
        "line": number.line,
        "page": number.page,
        "status": number.status,
        "by": number.by,
        "reason": number.reason,
        "context": shown.text,
        "context_before": shown.before,
        "context_after": shown.after,
        "reads_as": plain(reads_as) if reads_as is not None else None,
    }


@dataclass(slots=True)
class ScanResult:
    """The numbers shown, the totals of the seeds they come from, and those seeds' texts."""

    numbers: list[NumberStatus] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    status: str | None = None  # the filter, if any
    texts: dict[str, SourceText] = field(default_factory=dict)  # source_id → seed
    paths: dict[str, str] = field(default_factory=dict)  # source_id → seed path
    exclusions: dict[str, Row] = field(default_factory=dict)  # exclusion_id → row
    languages: dict[str, str] = field(default_factory=dict)  # source_id → language of its text
    rows: dict[str, Row] = field(default_factory=dict)  # source_id → its row of `sources`
    # per seed, its numbers that extend over scale words, and where each starts
    _worded: dict[str, tuple[list[int], list[PrintedNumber]]] = field(
        default_factory=dict, repr=False
    )

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def window(self, number: NumberStatus, width: int = CONTEXT_WIDTH) -> Window:
        """The seed around `number`, `width` code points either side."""
        source = self.texts[number.source_id]
        return window(
            source.text, number.start, number.end, width=width, line_starts=source.line_starts
        )

    def reads_as(self, number: NumberStatus) -> Decimal | None:
        """The value of the printed number that `number` is part of, when it extends over
        scale words ("12 миллионов 345 тысяч" → 12345000) and the reader can read it."""
        if number.source_id not in self._worded:
            row = self.rows.get(number.source_id, {})
            found = seed_numbers(self.texts[number.source_id], row)
            worded = [n for n in found if n.value is not None and _HAS_WORD.search(n.printed)]
            self._worded[number.source_id] = ([n.start for n in worded], worded)
        starts, worded = self._worded[number.source_id]
        index = bisect.bisect_right(starts, number.start) - 1
        if index >= 0 and number.end <= worded[index].end:
            return worded[index].value
        return None

    def to_json(self, width: int = CONTEXT_WIDTH) -> list[dict[str, Any]]:
        return [number_dict(n, self.window(n, width), self.reads_as(n)) for n in self.numbers]

    def legend(self) -> dict[str, Row]:
        """The exclusions that account for a number shown, each once, in order of appearance."""
        used = dict.fromkeys(n.by for n in self.numbers if n.status == EXCLUDED and n.by)
        return {key: self.exclusions.get(key, {"exclusion_id": key}) for key in used}

    def summary(self) -> str:
        """`192 numbers: 150 captured, 40 excluded, 2 unaccounted`, and when filtered
        `; showing 2 unaccounted`."""
        counts = ", ".join(f"{self.totals[s]} {s}" for s in STATUSES)
        line = f"{self.total} number{'s' if self.total != 1 else ''}: {counts}"
        if self.status is not None:
            line += f"; showing {len(self.numbers)} {self.status}"
        return line


def scan_package(
    path: Path | str,
    seed: str | None = None,
    *,
    status: str | None = None,
) -> ScanResult:
    """Numbers of one seed (by source_id or path) or of all seeds of the package at `path`,
    those of `status` alone when given, and the totals of those seeds by status."""
    if status is not None and status not in STATUSES:
        raise TekserError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    package = Package.open(path)
    corpus = Corpus.load(package)
    wanted = set(corpus.rows)
    if seed is not None:
        wanted = {
            source_id
            for source_id, row in corpus.rows.items()
            if seed in (source_id, row.get("path"))
            or (package.root / row.get("path", "")).resolve() == Path(seed).resolve()
        }
        if not wanted:
            raise TekserError(f"{seed}: not a source of the package at {package.root}")
        corpus.texts = {k: v for k, v in corpus.texts.items() if k in wanted}
    for source_id in sorted(wanted):
        if source_id in corpus.errors:
            raise TekserError(corpus.errors[source_id])
    # scan lists statuses; validate reports the spans that do not hold
    quotes, _ = read_and_check_spans(package, corpus)
    exclusions = read_exclusions(package)
    intervals, _ = exclusion_intervals(corpus, exclusions)
    result = ScanResult(
        status=status,
        texts=corpus.texts,
        paths={k: corpus.rows[k].get("path", "") for k in corpus.texts},
        exclusions={row.get("exclusion_id", ""): row for row in exclusions},
        languages={k: seed_language(corpus.rows[k]) for k in corpus.texts},
        rows={k: corpus.rows[k] for k in corpus.texts},
    )
    totals: Counter[str] = Counter()
    for number in scan(corpus, quotes.spans(), intervals, state_numbers(package, corpus, quotes)):
        totals[number.status] += 1
        if status is None or number.status == status:
            result.numbers.append(number)
    result.totals.update(totals)
    return result
