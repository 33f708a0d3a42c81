"""How a text groups the digits of its numbers, where the language allows more than one way:
a space joins no number to the next when that one is grouped with a mark that is not the
decimal mark ("10 117.406" in de is 10 and 117406), and a text that groups its thousands with
such a mark ("384.215") and never with two typed spaces ("64 925 993") groups with no typed
space at all (its "125 104" are two columns of a table). `find_numbers`
(`tekser.seeds.printed`) reads each block of a seed with these."""

from __future__ import annotations

import re
from functools import lru_cache

_DIGIT_RUN = re.compile(r"[0-9]*")
_SPACE_GROUPED = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?: [0-9]{3}){2,}(?![0-9]|[.,][0-9])")


def grouped_after(text: str, at: int, decimal: str) -> bool:
    """A group mark that is not the language's `decimal` mark, and a group of three digits, at
    `at`; False when the decimal mark is not known ("")."""
    mark = text[at : at + 1]
    run = _DIGIT_RUN.match(text, at + 1)
    group = run is not None and run.end() - at - 1 == 3
    return bool(decimal and mark and mark in ".," and mark != decimal) and group


def spaces_group(text: str, decimal: str) -> bool:
    """Whether a typed space may group digits in `text`: not when the text groups thousands
    with the mark that is not its `decimal` mark and never with two typed spaces."""
    other = ".,".replace(decimal, "") if decimal in (".", ",") else ""
    if len(other) != 1 or _SPACE_GROUPED.search(text):
        return True
    return _grouped(other).search(text) is None


@lru_cache(maxsize=4)
def _grouped(mark: str) -> re.Pattern[str]:
    escaped = re.escape(mark)
    return re.compile(rf"(?<![0-9.,])[0-9]{{1,3}}(?:{escaped}[0-9]{{3}})+(?![0-9]|[.,][0-9])")
