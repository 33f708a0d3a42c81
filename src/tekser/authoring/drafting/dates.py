"""Date expressions of a seed, found by the lexicons' patterns, read as ISO periods."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from tekser.authoring.drafting.lexicon import Lexicon, roman_month
from tekser.authoring.drafting.segment import Segmented
from tekser.seeds.text import clean_form


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date expression at [start, end) of the seed; `period` is None when it cannot be read
    (no year, a day that does not exist, a range that runs backwards)."""

    start: int
    end: int
    text: str
    precision: str
    pattern: str
    language: str
    period: tuple[date, date] | None
    year: int | None

    @property
    def printed(self) -> str:
        """The date as printed, whitespace and line-end hyphens folded (as validate compares)."""
        return clean_form(self.text)

    def describe(self) -> str:
        if self.period is None:
            return f"“{self.printed}”"
        first, last = (d.isoformat() for d in self.period)
        return f"“{self.printed}” ({first}" + (f"…{last})" if last != first else ")")


def find_dates(seg: Segmented, lexicons: list[Lexicon]) -> list[DateExpr]:
    """Every date expression, left to right; where patterns overlap the longest one wins (the
    first listed, between equals). A pattern without a year takes the year of the date before
    it in its sentence."""
    candidates = []
    pairs = [(lexicon, pattern) for lexicon in lexicons for pattern in lexicon.dates]
    for order, (lexicon, pattern) in enumerate(pairs):
        for match in pattern.regex.finditer(seg.raw):
            if match.end() > match.start():
                candidates.append(
                    (match.start(), -(match.end() - match.start()), order, match, lexicon, pattern)
                )
    candidates.sort(key=lambda c: c[:3])
    found: list[DateExpr] = []
    reach = 0
    for start, _, _, match, lexicon, pattern in candidates:
        if start < reach:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        year = int(groups["year"]) if "year" in groups else None
        if year is None:
            year = _year_before(found, seg, start)
        period = _period(pattern.precision, groups, year, lexicon)
        found.append(
            DateExpr(
                start,
                match.end(),
                match.group(),
                pattern.precision,
                pattern.id,
                lexicon.language,
                period,
                year,
            )
        )
        reach = match.end()
    return found


def _year_before(found: list[DateExpr], seg: Segmented, start: int) -> int | None:
    sentence = seg.sentence(start)
    for expr in reversed(found):
        if expr.end <= sentence.start:
            break
        if expr.year is not None:
            return expr.year
    return None


def _period(
    precision: str, groups: dict[str, str], year: int | None, lexicon: Lexicon
) -> tuple[date, date] | None:
    if year is None or year < 1:
        return None
    try:
        if precision == "day":
            month = _month(groups, "month", lexicon)
            if month is None or "day" not in groups:
                return None
            first = date(year, month, int(groups["day"]))
            last = first
            if "day2" in groups:
                month2 = _month(groups, "month2", lexicon) or month
                last = date(year, month2, int(groups["day2"]))
            return (first, last) if last >= first else None
        if precision == "month":
            month = _month(groups, "month", lexicon)
            if month is None:
                return None
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if precision in ("years", "year") and "year2" in groups:
            other = int(groups["year2"])
            return (date(year, 1, 1), date(other, 12, 31)) if other >= year else None
        if precision == "split-year":
            text = groups.get("yy", "")
            other = int(text) + (year // 100) * 100 if len(text) == 2 else int(text or 0)
            return (date(year, 1, 1), date(other, 12, 31)) if other == year + 1 else None
        if precision == "year-end":
            return date(year, 12, 31), date(year, 12, 31)
        if precision == "year-start":
            return date(year, 1, 1), date(year, 1, 1)
        if precision == "season":
            season = lexicon.season_of(groups.get("season", ""))
            if season is None:
                return None
            (m1, d1), (m2, d2) = (map(int, part.split("-")) for part in season)
            return date(year, m1, d1), date(year, m2, d2)
        if precision == "half-year":
            half = lexicon.half_of(groups.get("half", ""))
            if half is None:
                return None
            return (
                (date(year, 1, 1), date(year, 6, 30))
                if half == 1
                else (date(year, 7, 1), date(year, 12, 31))
            )
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _month(groups: dict[str, str], name: str, lexicon: Lexicon) -> int | None:
    if name == "month" and "roman" in groups:
        return roman_month(groups["roman"])
    return lexicon.month_of(groups[name]) if name in groups else None
