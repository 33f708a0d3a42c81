"""A change from one figure to another dated by a range of years (“from 1760 to 1765 the town
grew from 3,100 to 3,340”): the first figure is the level of the range's first year, the
second of its last, each dated by that year as printed inside the range. A range of values
(“from 5 to 6 pence”, a lower and an upper bound), or two values with no word of a rise or
fall before them, keep the whole range."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import Figure, SeedDraft
from tekser.authoring.drafting.relations import structure_words

_BOUNDS = ("lower-bound", "upper-bound")


def range_ends(draft: SeedDraft) -> None:
    """Date each pair of figures joined by a from- and a to-word, whose common date is a range
    of two years printed before both, by the range's first and last year."""
    for first in draft.figures:
        second = first.partner
        if second is None or second.number.start <= first.number.start:
            continue
        expr = first.date
        if expr is None or second.date is not expr or expr.period is None:
            continue
        if first.statistic in _BOUNDS or second.statistic in _BOUNDS:
            continue
        if not _changed(draft, first, second):
            continue  # “in the years 1760 to 1767 worth from 20 to 23”: values of the span
        years = list(re.finditer(r"(?<![0-9])[0-9]{4}(?![0-9])", expr.text))
        if expr.precision != "years" or len(years) != 2 or expr.end > first.number.start:
            continue
        low, high = (_year(expr, match) for match in years)
        if low.year is None or high.year is None or low.year >= high.year:
            continue
        for figure, end in ((first, low), (second, high)):
            figure.date = end
            figure.reasons.append(
                f"the {'first' if end is low else 'last'} year of {expr.describe()}: the level "
                "it changed " + ("from" if end is low else "to")
            )


def range_dates(draft: SeedDraft) -> None:
    """A range of values (a lower and an upper bound) is of one date: when the date of its lower
    end is printed before it (“a year ago of 18 to 24”), the upper end takes that date, not
    a date printed after the range (“… and two years ago of 36 to 40”)."""
    for first in draft.figures:
        second = first.partner
        if second is None or second.number.start <= first.number.start:
            continue
        if (first.statistic, second.statistic) != _BOUNDS:
            continue
        own, other = first.date, second.date
        if own is None or other is None or own is other or own.end > first.number.start:
            continue
        if other.start >= second.number.end:
            second.date, second.date_from = own, first.date_from


def _changed(draft: SeedDraft, first: Figure, second: Figure) -> bool:
    """Whether a word of the sentence before `second` says a rise or a fall."""
    words = structure_words(first.language)
    if words is None:
        return False
    stems = (*words.rise, *words.fall)
    sentence = draft.seg.sentence(first.number.start)
    said = draft.seg.words(sentence.start, second.number.start)
    return any(w.startswith(stem) for w, _, _ in said for stem in stems)


def _year(expr: DateExpr, match: re.Match[str]) -> DateExpr:
    year = int(match.group())
    return replace(
        expr,
        start=expr.start + match.start(),
        end=expr.start + match.end(),
        text=match.group(),
        precision="year",
        period=(date(year, 1, 1), date(year, 12, 31)),
        year=year,
    )
