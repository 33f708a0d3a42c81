"""Hundredths and thousandths printed as a vulgar fraction after a whole number ("a duty of
3 25-100 cents", "7 125/1000 dollars"): one number, the whole and its decimal fraction
(3.25, 7.125), not three. So is a whole and a stacked fraction whose slash (⁄) the text sets
after its two terms ("12  5 8 ⁄": 12⅝)."""

from __future__ import annotations

import re
from decimal import Decimal

from tekser.seeds.printed import PrintedNumber

_SPACE = re.compile(r"[ \t]+")  # between the whole and the numerator
_BAR = frozenset({"-", "/", "⁄"})
_PLACES = Decimal("0.000001")
_AFTER = re.compile(r"[ \t]*⁄")  # the slash of a stacked fraction, set after its terms


def join_fractions(text: str, numbers: list[PrintedNumber]) -> dict[int, str]:
    """Each run of three numbers "W N-D" (W whole, D 10, 100 or 1000, N of one digit fewer
    than D) or "W N D ⁄" (N less than D) replaced in `numbers` by one number that spans it,
    its value W + N/D (to six places where it does not end); returned: the note of each
    joined number, by its start."""
    notes: dict[int, str] = {}
    index = 0
    while index + 2 < len(numbers):
        whole, top, bottom = numbers[index : index + 3]
        stacked = _stacked(text, whole, top, bottom)
        if stacked or _fraction(text, whole, top, bottom):
            assert whole.value is not None and top.value is not None
            assert bottom.value is not None
            value = whole.value + top.value / bottom.value
            if value != value.quantize(_PLACES):
                value = value.quantize(_PLACES)  # 12⅔: to six places, as the note says
            end = bottom.end + stacked
            printed = text[whole.start : end]
            numbers[index : index + 3] = [PrintedNumber(whole.start, end, printed, value)]
            kind = "its slash set after its terms" if stacked else "a decimal one printed vulgar"
            notes[whole.start] = (
                f"“{printed}”: {whole.printed} and the fraction {top.printed}/{bottom.printed}, "
                f"{kind}, read as {_plain(value)}"
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


def _stacked(text: str, whole: PrintedNumber, top: PrintedNumber, bottom: PrintedNumber) -> int:
    """How far past `bottom` the slash of "W  N D ⁄" ends (0: no such fraction): W whole, N
    less than D, spaces between, the fraction slash after."""
    if not all(re.fullmatch("[0-9]+", n.printed) for n in (whole, top, bottom)):
        return 0
    assert top.value is not None and bottom.value is not None
    if not 0 < top.value < bottom.value:
        return 0
    if not (
        _SPACE.fullmatch(text[whole.end : top.start])
        and _SPACE.fullmatch(text[top.end : bottom.start])
    ):
        return 0
    slash = _AFTER.match(text, bottom.end)
    return slash.end() - bottom.end if slash else 0


def _plain(value: Decimal) -> str:
    return format(value, "f")
