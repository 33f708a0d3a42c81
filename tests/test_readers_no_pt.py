"""The number and date readers on printed forms of the two corpus languages added last (Norwegian
and Portuguese), as 19th-century print sets them: groups by a point or a space, decimal commas,
number words, month names, ranges and year-ends. Invented examples, not from any text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tekser.authoring.drafting.dates import find_dates
from tekser.authoring.drafting.lexicon import load
from tekser.authoring.drafting.segment import segment
from tekser.seeds.numbers import read_number

NBSP = "\u00a0"

NUMBERS = [
    ("1.234.567", "nb", "1234567"),
    ("12.345", "nb", "12345"),
    ("3,5", "nb", "3.5"),
    ("1.234,75", "nb", "1234.75"),
    (f"12{NBSP}345", "nb", "12345"),
    ("45,2", "nn", "45.2"),
    ("1.234.567", "pt", "1234567"),
    ("12.345", "pt", "12345"),
    ("3,5", "pt", "3.5"),
    ("1.234,75", "pt", "1234.75"),
    ("0,25", "pt", "0.25"),
    # number and scale words
    ("tre tusen", "nb", "3000"),
    ("to millioner", "nb", "2000000"),
    ("halvannen million", "nb", "1500000"),
    ("12 millioner", "nb", "12000000"),
    ("tre tusen", "nn", "3000"),
    ("três mil", "pt", "3000"),
    ("dois milhões", "pt", "2000000"),
    ("cento e vinte", "pt", "120"),
    ("3,5 milhões", "pt", "3500000"),
]


@pytest.mark.parametrize(("printed", "language", "value"), NUMBERS)
def test_a_printed_number_reads_as_its_value(printed: str, language: str, value: str) -> None:
    assert read_number(printed, language) == Decimal(value)


def _read(text: str, language: str) -> list[tuple[str, str, str]]:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    lexicon = load(language)
    dates = find_dates(segment(text, starts, [language], []), [lexicon] if lexicon else [])
    return [
        (d.precision, d.period[0].isoformat(), d.period[1].isoformat())
        for d in dates
        if d.period is not None
    ]


DATES = [
    ("nb", "I aaret 1890 utvandret 1.234 personer.", ("year", "1890-01-01", "1890-12-31")),
    ("nb", "Den 1ste januar 1891 var der 512 skibe.", ("day", "1891-01-01", "1891-01-01")),
    ("nb", "I mai 1875 solgtes 30 tønder.", ("month", "1875-05-01", "1875-05-31")),
    ("pt", "Em 1890 a receita foi de 1.234 contos.", ("year", "1890-01-01", "1890-12-31")),
    ("pt", "Em 15 de março de 1891 havia 512 navios.", ("day", "1891-03-15", "1891-03-15")),
    ("pt", "Em maio de 1875 venderam-se 30 sacas.", ("month", "1875-05-01", "1875-05-31")),
]


@pytest.mark.parametrize(("language", "text", "expected"), DATES)
def test_a_printed_date_reads_as_its_period(
    language: str, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _read(text, language)
