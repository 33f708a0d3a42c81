"""Digits that print a date, not a number: a split year ("1911/12", "1911-2", "1879/1880",
a year and the next one) and a numeric date ("12.03.1911", "3/12/1911"). `find_numbers`
(`tekser.seeds.printed`) takes each as one date-like token that the dates reader reads, so
that the "12" of "1911/12" is never a number of its own."""

from __future__ import annotations

import re

# "1911/12", "1911-2", "1879/1880": a year and the next one; "12.03.1911", "3/12/1911".
_SPLIT_YEAR = re.compile(r"([12][0-9]{3})([/\-–])([0-9]{4}|[0-9]{1,2})(?![0-9]|[.,][0-9])")
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([12][0-9]{3})(?![0-9]|[.,][0-9])")


def date_end(text: str, start: int) -> int:
    """Where a split year or a numeric date at `start` ends; `start` when there is none."""
    match = _SPLIT_YEAR.match(text, start)
    if match is not None:
        year, mark, second = int(match[1]), match[2], match[3]
        modulus = 10 ** len(second)
        if (year + 1) % modulus == int(second) and (len(second) < 4 or mark == "/"):
            return match.end()
    match = _NUMERIC_DATE.match(text, start)
    days = (int(match[1]), int(match[3])) if match is not None else (0, 0)
    if match is not None and min(days) >= 1 and max(days) <= 31 and min(days) <= 12:
        return match.end()
    return start
