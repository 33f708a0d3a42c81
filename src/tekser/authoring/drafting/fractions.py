"""Hundredths and thousandths printed as a vulgar fraction after a whole number ("a duty of
3 25-100 cents", "7 125/1000 dollars"): one number, the whole and its decimal fraction
(3.25, 7.125), not three."""

from __future__ import annotations

import re
from decimal import Decimal

from tekser.seeds.printed import PrintedNumber

_SPACE = re.compile(r"[ \t]+")  # between the whole and the numerator
_BAR = frozenset({"-", "/", "⁄"})


def join_fractions(text: str, numbers: list[PrintedNumber]) -> dict[int, str]:
    """Each run of three numbers "W N-D" (W whole, D 10, 100 or 1000, N of one digit fewer
    than D) replaced in `numbers` by one number that spans it, its value W + N/D; returned:
    the note of each joined number, by its start."""
    notes: dict[int, str] = {}
    index = 0
    while index + 2 < len(numbers):
        whole, top, bottom = numbers[index : index + 3]
        if _fraction(text, whole, top, bottom):
            assert whole.value is not None and top.value is not None
            assert bottom.value is not None
            value = whole.value + top.value / bottom.value
            printed = text[whole.start : bottom.end]
            numbers[index : index + 3] = [PrintedNumber(whole.start, bottom.end, printed, value)]
            notes[whole.start] = (
                f"“{printed}”: {whole.printed} and {top.printed}/{bottom.printed}, a decimal "
                f"fraction printed as a vulgar one, read as {_plain(value)}"
            )
        index += 1
    return notes


def _fraction(text: str, whole: PrintedNumber, top: PrintedNumber, bottom: PrintedNumber) -> bool:
    if not all(re.fullmatch("[0-9]+", n.printed) for n in (whole, top, bottom)):
        return False
    if bottom.printed not in ("10", "100", "1000") or len(top.printed) != len(bottom.printed) - 1:
        return False
    if _SPACE.fullmatch(text[whole.end : top.start]) is None:
        return False
    return text[top.end : bottom.start] in _BAR


def _plain(value: Decimal) -> str:
    return format(value, "f")
