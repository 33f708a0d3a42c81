"""Fractions printed as glyphs with no whole number before them: a vulgar fraction glyph
standing alone ("¾ of a mile", "½ pCt.") and a fraction set in superscript and subscript
digits ("²/₃", "¹⁄₄"), each one number. A glyph glued to a whole number ("67⅛", "3 ½") is
part of that number's token (`tekser.seeds.printed`); these are the ones that stand alone.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

FRACTION_GLYPHS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"  # as `tekser.seeds.prescan` glues them to digits
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉"
_FRACTION = re.compile(
    rf"(?<![0-9{_SUPERSCRIPT}{FRACTION_GLYPHS}])"
    rf"(?:[{FRACTION_GLYPHS}]|[¹²³⁴⁵⁶⁷⁸⁹][{_SUPERSCRIPT}]?[/⁄][₁-₉][{_SUBSCRIPT}]?)"
    rf"(?![0-9{_SUBSCRIPT}{FRACTION_GLYPHS}])"
)
_ANY = re.compile(rf"[{FRACTION_GLYPHS}]|[¹²³⁴⁵⁶⁷⁸⁹][{_SUPERSCRIPT}]?[/⁄]")


def glyph_value(printed: str) -> Decimal | None:
    """The value of a lone fraction glyph or a superscript/subscript fraction ("¾" is 0.75,
    "²/₃" 0.6667: four places where no decimal states it); None for anything else."""
    if len(printed) == 1 and printed in FRACTION_GLYPHS:
        parts = Fraction(unicodedata.numeric(printed)).limit_denominator(16)
    elif _FRACTION.fullmatch(printed) and (mark := re.search("[/⁄]", printed)):
        top, bottom = printed[: mark.start()], printed[mark.end() :]
        numerator = int("".join(str(unicodedata.digit(c)) for c in top))
        denominator = int("".join(str(unicodedata.digit(c)) for c in bottom))
        parts = Fraction(numerator, denominator)
    else:
        return None
    value = Decimal(parts.numerator) / Decimal(parts.denominator)
    exact = value.quantize(Decimal("1e-12")) == value
    tidy = value if exact else round(value, 4)
    return tidy.to_integral_value() if tidy == int(tidy) else tidy.normalize()


def lone_fractions(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where `text` prints a fraction glyph or a superscript/subscript fraction that is no
    part of a number in `taken` (spans, in order), as (start, end) in order."""
    if _ANY.search(text) is None:
        return []
    found: list[tuple[int, int]] = []
    index = 0
    for match in _FRACTION.finditer(text):
        while index < len(taken) and taken[index][1] <= match.start():
            index += 1
        if index < len(taken) and taken[index][0] < match.end():
            continue
        found.append(match.span())
    return found
