"""Sums of money printed with the currency sign inside the number, as a language's old print
sets them: the cifrão of Portuguese and Brazilian print, "1:234$567" (one thousand two hundred
and thirty-four mil-réis and 567 réis), "12$000", "2.345:600$000", "7$50" (escudos and
centavos). The forms are language data: a number lexicon's “money” list
(``lexicons/numbers/<language>.json``), each with its sign, the mark that sets off the
thousands of the unit (the colon of the contos), the marks that group digits before it and how
many digits the sign's fraction has. CLDR knows no such form, so Babel cannot give it.

A sum reads in the unit the sign names (mil-réis, escudos): the digits before the sign, with
their groups, are whole units and the digits after it its fraction ("1:234$567" is 1234.567).
An OCR copy's space next to the colon is read through ("1.234 :567$890"). The number reader
(`tekser.seeds.numbers`) reads a token with a form's sign only by its form; `find_numbers`
(`tekser.seeds.printed`) takes such a sum as one token, and where the scan has garbled it (a
letter or a stray mark glued to it, groups that are not groups of three) keeps the garbled
stretch as one token it cannot read, never as several numbers.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tekser.core.errors import TekserError

# Marks an OCR copy makes of digits and of group marks, inside a garbled sum ("4;12", ".!48").
_OCR_MARKS = frozenset(".,:;!|[]'’`´·")
_OPENING = frozenset("([{\"'«“„‘—–-")  # what may stand right before a sum


@dataclass(frozen=True, slots=True)
class MoneyForm:
    """One money form of a language: `sign` inside the number, `major` the mark before the
    thousands of the unit (or ""), `groups` the marks that group digits before it, `digits`
    the lengths the fraction after the sign may have (longest first)."""

    sign: str
    major: str
    groups: str
    digits: tuple[int, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self)


def money_forms(data: Any, name: str) -> tuple[MoneyForm, ...]:
    """A lexicon's “money” list as forms; an error naming the lexicon when it is malformed."""
    if data is None:
        return ()
    forms: list[MoneyForm] = []
    for entry in data if isinstance(data, list) else [data]:
        if not isinstance(entry, dict):
            raise TekserError(f"lexicon {name}: “money” must be a list of objects")
        sign, major = entry.get("sign"), entry.get("major_mark", "")
        groups, digits = entry.get("group_marks", ""), entry.get("fraction_digits")
        if not (isinstance(sign, str) and len(sign) == 1 and not sign.isalnum()):
            raise TekserError(f"lexicon {name}: a money form needs a one-character “sign”")
        if not (isinstance(major, str) and len(major) <= 1 and isinstance(groups, str)):
            raise TekserError(f"lexicon {name}: “major_mark” and “group_marks” are marks")
        if not (
            isinstance(digits, list)
            and digits
            and all(type(n) is int and 1 <= n <= 4 for n in digits)
        ):
            raise TekserError(f"lexicon {name}: “fraction_digits” lists lengths from 1 to 4")
        forms.append(MoneyForm(sign, major, groups, tuple(sorted(set(digits), reverse=True))))
    return tuple(forms)


@lru_cache(maxsize=16)
def _pattern(form: MoneyForm) -> re.Pattern[str]:
    lead = r"[1-9][0-9]{0,2}"
    if form.groups:
        lead += rf"(?:[{re.escape(form.groups)}][0-9]{{3}})*"
    whole = rf"(?P<plain>{lead}|[1-9][0-9]*|0)"
    if form.major:
        whole = rf"(?:(?P<major>{lead}) ?{re.escape(form.major)} ?(?P<units>[0-9]{{3}})|{whole})"
    fraction = "|".join(f"[0-9]{{{n}}}" for n in form.digits)
    return re.compile(rf"(?:{whole})?{re.escape(form.sign)}(?P<fraction>{fraction})")


def sign_of(printed: str, forms: Iterable[MoneyForm]) -> MoneyForm | None:
    """The money form whose sign `printed` holds, or None."""
    return next((form for form in forms if form.sign in printed), None)


def read_money(printed: str, form: MoneyForm) -> Decimal | None:
    """The sum `printed` states in the unit of the form's sign, exactly ("1:234$567" is
    1234.567, "$500" 0.500); None when it is not a sum in this form."""
    match = form.pattern.fullmatch(printed)
    if match is None:
        return None
    whole = match["plain"] or (match["major"] or "") + (match["units"] or "") or "0"
    digits = "".join(c for c in whole if c.isdigit())
    return Decimal(f"{digits}.{match['fraction']}")


def money_end(text: str, start: int, forms: tuple[MoneyForm, ...]) -> int:
    """Where a sum in one of `forms` whose digits begin at `start` ends: past the fraction
    after the first sign of the stretch of digits and OCR marks from `start` (an OCR space
    next to the major mark included). `start` when no sign of a form ends that stretch."""
    signs = {form.sign: form for form in forms}
    majors = {form.major for form in forms if form.major}
    index, limit = start, min(len(text), start + 48)
    while index < limit:
        char = text[index]
        form = signs.get(char)
        if form is not None:
            for length in form.digits:
                end = index + 1 + length
                digits = text[index + 1 : end]
                if len(digits) == length and digits.isdigit() and not _digit_at(text, end):
                    return end
            return start
        inside = char.isdigit() or (char in _OCR_MARKS and index > start)
        if not (inside or (char == " " and _spaced_major(text, index, majors, signs))):
            return start
        index += 1
    return start


def _digit_at(text: str, index: int) -> bool:
    return text[index : index + 1].isdigit()


def _spaced_major(text: str, index: int, majors: set[str], signs: Container[str]) -> bool:
    """A space an OCR copy put next to the major mark, before three digits and a sign:
    "1.234 :567$890", "1.234: 567$890"."""
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    if after in majors and before.isdigit():
        rest = index + 2
    elif before in majors and text[index - 2 : index - 1].isdigit():
        rest = index + 1
    else:
        return False
    digits = text[rest : rest + 3]
    return len(digits) == 3 and digits.isdigit() and text[rest + 3 : rest + 4] in signs


def glued(text: str, start: int) -> bool:
    """A sum whose first digit follows a letter or a stray mark of the scan ("X5:000$000",
    ".!48$300"): a garbled sum, not the sum its last digits make."""
    if start == 0:
        return False
    before = text[start - 1]
    return not (before.isspace() or before in _OPENING) and (
        before.isalpha() or before in _OCR_MARKS or not before.isprintable()
    )
