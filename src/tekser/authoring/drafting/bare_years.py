"""A four-digit number with no unit around it: a year of the narrative, or a count that a list of
counts around it shows to be one (1873: 2 311 — the value of a year; 815, 2 385 and 1 368 on
lines of one shape; 27 towns and 1 124 villages; 2075 heads in a text whose dates end in
1880)."""

from __future__ import annotations

import re

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import Figure, SeedDraft, year_like

_YEAR_LABEL = re.compile(r"(?<![0-9])[12][0-9]{3}\s*:\s*$")  # "1873: " before the number
_BARE = "bare-year"  # the date pattern of a number alone read as a year
_FUTURE = 50  # years after the text's latest date: a number this late is no year it tells of
_LINE_END_NUMBER = re.compile(r"([0-9][0-9 ,.]*[0-9]|[0-9])[.,;]?\s*$")


def counted_not_year(draft: SeedDraft, figure: Figure) -> str:
    """Why the year-like `figure` is a count and not a year ("" when nothing says so)."""
    text = draft.seg.raw
    line_start = text.rfind("\n", 0, figure.number.start) + 1
    if _YEAR_LABEL.search(text[line_start : figure.number.start]):
        return "it follows a year and a colon: the value of that year"
    sibling = _line_sibling(text, figure)
    if sibling:
        return f"the lines around it end in counts of the same shape ({sibling})"
    if re.match(r"\s*:", text[figure.number.end :]):
        return ""  # "1873: …" labels the value after it
    neighbour = _clause_neighbour(draft, figure)
    if neighbour is not None:
        return f"it is listed with {neighbour.number.printed}, a count, a few words away"
    latest = _latest(draft.dates)
    if latest is not None and int(figure.number.printed) > latest + _FUTURE:
        return f"it is more than {_FUTURE} years later than every date the text prints ({latest})"
    return ""


def _latest(dates: list[DateExpr]) -> int | None:
    """The last year of the latest date the text prints with a date's words; where it prints
    none, the latest of its numbers read as years but the very latest (which is in doubt)."""
    years = [d.period[1].year for d in dates if d.period is not None and d.pattern != _BARE]
    if years:
        return max(years)
    bare = sorted({d.year for d in dates if d.pattern == _BARE and d.year is not None})
    return bare[-2] if len(bare) >= 2 else None


def unlikely_years(dates: list[DateExpr]) -> list[DateExpr]:
    """The dates, less a bare number read as a year that is more than `_FUTURE` years later
    than every date the text prints with a date's words: a count, not a year it tells of."""
    latest = _latest(dates)
    if latest is None:
        return dates
    return [d for d in dates if d.pattern != _BARE or d.year is None or d.year <= latest + _FUTURE]


def _line_sibling(text: str, figure: Figure) -> str:
    """A neighbouring line that ends, as this one does, in a number that is no year, and opens
    with the same first word or mark (a table of names and counts)."""
    start = text.rfind("\n", 0, figure.number.start) + 1
    end = text.find("\n", figure.number.end)
    end = len(text) if end < 0 else end
    if text[figure.number.end : end].strip(" \t.,;"):
        return ""  # the number does not end its line
    head = _head(text[start:end])
    if not head:
        return ""
    before = text.rfind("\n", 0, max(start - 1, 0))
    previous = text[before + 1 : max(start - 1, 0)] if start else ""
    after = text.find("\n", end + 1)
    following = text[end + 1 : len(text) if after < 0 else after] if end < len(text) else ""
    for line in (previous, following):
        match = _LINE_END_NUMBER.search(line)
        if match is None or _head(line) != head:
            continue
        digits = re.sub(r"[^0-9]", "", match.group(1))
        if not (len(digits) == 4 and 1000 <= int(digits) <= 2100):
            return match.group(1)
    return ""


def _head(line: str) -> str:
    """The first word of a line, or its list mark (*, -, •)."""
    match = re.match(r"\s*([^\w\s]|[^\W\d_]+)", line)
    return match.group(1).casefold() if match else ""


def _clause_neighbour(draft: SeedDraft, figure: Figure) -> Figure | None:
    """The nearest figure of the same sentence, one to three words away, that is no year and
    has a unit after it: the year-like number is a member of its list of counts."""
    text = draft.seg.raw
    sentence = draft.seg.sentence(figure.number.start)
    figures = draft.figures
    index = figures.index(figure)
    for other in (
        figures[index - 1] if index > 0 else None,
        figures[index + 1] if index + 1 < len(figures) else None,
    ):
        if other is None or year_like(other.number) or other.unit_from != "after":
            continue
        if not (sentence.start <= other.number.start and other.number.end <= sentence.end):
            continue
        lo = min(figure.number.end, other.number.end)
        hi = max(figure.number.start, other.number.start)
        words = len(draft.seg.words(lo, hi))  # none: a year and its figure (in 1901 1,350)
        if 1 <= words <= 3 and not re.search(r"[:#()\[\]]", text[lo:hi]):
            return other
    return None
