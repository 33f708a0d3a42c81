"""Dates a text gives relative to another it printed: “a year ago”, “the same months last
year”, “last year”, “two months ago”. Each is read from its anchor, the date the text is
writing at there: the last date before it in its sentence, else the last day or month it
printed before it (a report's dateline, a day named earlier), else its last date before it.

A lexicon's pattern marks what it reads by its named groups: `ago_years` (or `ago_years2`) and
`ago_months` shift the anchor's own period back by their count (“a” or “last” is one),
`prior_year` is the whole calendar year before the anchor's (`this_year` the anchor's own),
each the year of account that holds the anchor instead when the text names the institution
whose years start on another day (a lexicon's `fiscal_years`), `span_years` the years that end
with the anchor (“in the space of ten years”); `base` marks a comparison's base
(“lower than last year”): it dates nothing, the figure is the anchor's."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Protocol

from tekser.authoring.drafting.segment import Segmented

RELATIVE = ("ago_years", "ago_years2", "ago_months", "prior_year", "this_year", "span_years")


class _Dated(Protocol):
    @property
    def end(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def precision(self) -> str: ...
    @property
    def period(self) -> tuple[date, date] | None: ...
    @property
    def relative(self) -> bool: ...


def _count(text: str, language: str) -> int | None:
    """The count of a relative phrase: its digits or number word, one for an article or a
    word no library reads as a number (“last”)."""
    if text.isdigit():
        return int(text)
    from tekser.seeds.numbers import NumberError, read_number

    try:
        value = read_number(text, language)
    except NumberError:  # a word that is no number: “last”
        return 1
    return int(value) if value == int(value) and 0 < value < 100 else 1


def _anchor(found: Sequence[_Dated], seg: Segmented, start: int) -> tuple[date, date] | None:
    sentence = seg.sentence(start)
    before = [d for d in found if d.period and not d.name and not d.relative and d.end <= start]
    own = [d for d in before if d.end > sentence.start]
    if own:
        return own[-1].period
    dated = [d for d in before if d.precision in ("day", "month")]
    if dated:
        return dated[-1].period
    return before[-1].period if before else None


def _back(day: date, years: int, months: int, *, last: bool = False) -> date:
    """`day` moved back by `years` and `months`; the month's last day when `last` (or when
    the day does not exist in the month reached)."""
    total = day.year * 12 + day.month - 1 - months - 12 * years
    year, month = divmod(total, 12)
    length = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, length if last else min(day.day, length))


def relative_period(
    groups: dict[str, str],
    found: Sequence[_Dated],
    seg: Segmented,
    start: int,
    language: str,
    fiscal: tuple[int, int] | None = None,
) -> tuple[date, date] | None:
    """The period of a relative date at `start` whose pattern matched `groups`; None when the
    text printed no date before it to read it from. `fiscal` is the (month, day) the text's
    years of account start on, when not the first of January."""
    anchor = _anchor(found, seg, start)
    if anchor is None:
        return None
    first, last = anchor
    if "prior_year" in groups or "this_year" in groups:
        back = 1 if "prior_year" in groups else 0
        if fiscal is None:
            year = first.year - back
            return date(year, 1, 1), date(year, 12, 31)
        month, day = fiscal
        opened = first.year - (0 if (first.month, first.day) >= (month, day) else 1) - back
        return date(opened, month, day), date(opened + 1, month, day) - timedelta(days=1)
    if "span_years" in groups:  # “in the space of ten years”: the years up to the anchor
        years = _count(re.sub(r"\s+", " ", groups["span_years"]).casefold(), language) or 1
        return _back(first, years, 0), last
    years = months = 0
    if "ago_months" in groups:
        months = _count(groups["ago_months"].casefold(), language) or 1
    else:
        text = groups.get("ago_years", groups.get("ago_years2", ""))
        years = _count(re.sub(r"\s+", " ", text).casefold(), language) or 1
    month_end = last == _back(last, 0, 0, last=True)
    return _back(first, years, months), _back(last, years, months, last=month_end)
