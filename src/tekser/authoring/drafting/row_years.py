"""Years that open the rows of a table (“1760 . 412 388 … 1761 . 430 …”, “3. 1722
9,140”): three or more years, mostly rising, each followed by the figures of its row, with
nothing but numbers and marks between one and the next. They are the rows' dates, though each
stands among numbers like a cell; and a date that opens a run of numbers dates the whole run,
not the date that opens the next row, however near that one is."""

from __future__ import annotations

import itertools
import re

_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_YEAR = re.compile(r"1[5-9][0-9]{2}|20[0-9]{2}")
_MARKS = r"[\s.,;:*…·'’‘\"»«()\[\]|+—–-]"
_OPENS = re.compile(rf"{_MARKS}{{0,6}}")  # between a row's year and its first figure
_RUN = re.compile(rf"(?:{_MARKS}|[0-9])*")  # a run of numbers and marks
_GAP = re.compile(rf"{_MARKS}*")  # between two cells of a row
_WORD = re.compile(r"[^\W\d_]{3,}")  # a word: no row of numbers runs across it
_MAX_GAP = 240  # characters between the years of two rows
_MAX_CELLS = 16  # numbers in a row


def row_years(text: str) -> frozenset[int]:
    """The starts of the years of `text` that open rows of figures."""
    tokens = [(m.start(), m.end(), m.group()) for m in _NUMBER.finditer(text)]
    labels = []
    for index, (_, end, token) in enumerate(tokens):
        if not _YEAR.fullmatch(token) or index + 1 >= len(tokens):
            continue
        following = tokens[index + 1]
        if _YEAR.fullmatch(following[2]) or not _OPENS.fullmatch(text[end : following[0]]):
            continue
        labels.append(index)
    found: set[int] = set()
    chain: list[int] = []

    def close() -> None:
        years = [int(tokens[i][2]) for i in chain]
        rising = sum(1 for a, b in itertools.pairwise(years) if b > a)
        if len(chain) >= 3 and 3 * rising >= 2 * (len(chain) - 1):
            found.update(tokens[i][0] for i in chain)
        chain.clear()

    for index in labels:
        if chain:
            last = chain[-1]
            between = text[tokens[last][1] : tokens[index][0]]
            if (
                index - last - 1 < 1
                or index - last - 1 > _MAX_CELLS
                or len(between) > _MAX_GAP
                or _WORD.search(between)
            ):
                close()
        chain.append(index)
    close()
    return frozenset(found)


def opens_run(
    text: str, dates: list[tuple[int, bool]], number: tuple[int, int], cells: list[tuple[int, int]]
) -> int | None:
    """Of `dates` (end, whether it opens a row of a table of years) before a `number`, the index
    of the last with only numbers and marks between it and the number, when the number is a
    cell of the row it opens (`cells`: the spans of the proposed figures, in order): one figure
    between them or more when the date opens a row, that is, a row of years or three figures
    after it side by side; two otherwise (“in 1880, 1,200; 1,300 in 1890” is no row); none
    when the number is the first of two or more. None if no date is."""
    for index in range(len(dates) - 1, -1, -1):
        end, row = dates[index]
        if end > number[0] or not _RUN.fullmatch(text, end, number[0]):
            continue
        between = sum(1 for a, b in cells if end <= a and b <= number[0])
        if between == 0:  # the row's first cell, when more follow it
            return index if _side_by_side(text, number[1], cells) >= 1 else None
        if not row:
            row = _side_by_side(text, end, cells) >= 3
        return index if between >= (1 if row else 2) else None
    return None


def _side_by_side(text: str, end: int, cells: list[tuple[int, int]]) -> int:
    """How many figures follow `end` side by side, only marks between one and the next."""
    count = 0
    for start, stop in cells:
        if start < end:
            continue
        if not _GAP.fullmatch(text, end, start):
            break
        count, end = count + 1, stop
    return count
