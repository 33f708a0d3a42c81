"""The printed precision of a value: the unit of the last digit its printed token gives, in
the value's own units. The rounding rules' tolerance is half of it (`tekser_values`), and the
equations of `relations` carry it through (`equations`)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

_DIGITS = re.compile(r"[0-9]+")
_FRACTION_TAIL = re.compile(r"([0-9]+)[.,]([0-9]*0)[^0-9]*$")
_INFINITY = float("inf")


def last_digit(printed: str | None, value: Any) -> float | None:
    """The value of one unit of the last digit `printed` gives, in the units of `value`: 1000
    for "12 миллиардов" read as 12000 (millions), 0.01 for "7,25 миллиона" read as 7.25,
    1 for "2 тысяч 613" (2613). The last run of digits printed is found at the end of the
    value's digits (followed by zeros only); a token without digits (number words) gives the
    last digit of the value itself, and one whose digits are not the value's (a value read
    through a note) gives None: it has no printed precision. The value is taken as the
    engines hold it, a float (its shortest decimal form), so that both give the same."""
    if value is None:
        return None
    try:
        number = abs(float(value))
    except (ValueError, TypeError):
        return None
    if number != number or number == _INFINITY:
        return None
    text = repr(number)
    if "e" in text:  # very large or very small: its digits in positional notation
        text = f"{Decimal(text).normalize():f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    runs = _DIGITS.findall(printed or "")
    if not runs:
        return _unit(-len(fraction))
    # a fraction printed with trailing zeros (2.50 read as 2.5, 12,00 as 12, 10.0 as 10): the
    # last digit printed is a place past the value's own digits
    tail = _FRACTION_TAIL.search(printed or "")
    if tail and whole.endswith(tail[1]) and tail[2].rstrip("0") == fraction:
        return _unit(-len(tail[2]))
    digits, last = whole + fraction, runs[-1]
    for zeros in range(len(digits) - len(last) + 1):
        if digits.endswith(last + "0" * zeros):
            return _unit(len(whole) - (len(digits) - zeros))
    return None


@cache
def _unit(exponent: int) -> float:
    """10 to the power `exponent`, as the float nearest to it."""
    return float(Decimal(1).scaleb(exponent))
