"""Printed forms of numbers as 19th- and early 20th-century print sets them, in every language
tekser reads (en, ru, kk, de, fr, pl, and languages it knows only from CLDR: it, es, sv, da,
nl, de-CH), with the value each must read as; and the tokens `find_numbers` cuts from running
text."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

import pytest
from babel.numbers import get_decimal_symbol

from tekser.seeds.locales import has_locale, has_number_words, number_format
from tekser.seeds.numbers import NumberError, read_number
from tekser.seeds.printed import PrintedNumber, _find_numbers_slow, find_numbers, number_spans

NNBSP, NBSP, THIN = "\u202f", "\u00a0", "\u2009"

PRINTED = [
    # mixed fractions, as 19th-century prices and rates print them
    ("94 1/4", "en", "94.25"),
    ("5 1/2", "en", "5.5"),
    ("3 1/3", "en", "3.3333"),
    ("12 3/8", "fr", "12.375"),
    ("12½", "en", "12.5"),
    ("4¾", "fr", "4.75"),
    ("67⅛ Millionen", "de", "67125000"),
    ("2⅓", "ru", "2.3333"),
    # English: comma groups, dot decimals, words with scale words, an OCR copy's spaced groups
    ("1,234,567", "en", "1234567"),
    ("123,456,789.01", "en", "123456789.01"),
    ("81.5", "en", "81.5"),
    ("0.75", "en", "0.75"),
    ("12 millions", "en", "12000000"),
    ("2.5 millions", "en", "2500000"),
    ("three thousand", "en", "3000"),
    ("sixty millions", "en", "60000000"),
    ("One hundred and five millions", "en", "105000000"),
    ("three hundred and forty-five thousand", "en", "345000"),
    ("a thousand", "en", "1000"),
    ("half a million", "en", "500000"),
    ("165, 000, 000", "en", "165000000"),
    ("1, 250, 000.50", "en", "1250000.50"),
    (f"6{THIN}480", "en", "6480"),
    # Russian: space groups, comma decimals, the old thousands point, scale words and words
    ("14 миллионов 358 тысяч", "ru", "14358000"),
    ("1 234 567", "ru", "1234567"),
    (f"1{NBSP}234{NBSP}567", "ru", "1234567"),
    ("84,5", "ru", "84.5"),
    ("1.234", "ru", "1234"),
    ("12,5 тыс.", "ru", "12500"),
    ("3,5 млн.", "ru", "3500000"),
    ("две тысячи", "ru", "2000"),
    ("полтора миллиона", "ru", "1500000"),
    ("триста двадцать пять тысяч", "ru", "325000"),
    # Kazakh
    ("1 234 567", "kk", "1234567"),
    ("12,5", "kk", "12.5"),
    ("екі мың", "kk", "2000"),
    ("жиырма бес мың", "kk", "25000"),
    ("3 млн.", "kk", "3000000"),
    # German: the thousands point and the decimal comma, abbreviations, glued number words
    ("123.456", "de", "123456"),
    ("1.234", "de", "1234"),
    ("12,5", "de", "12.5"),
    ("0,5", "de", "0.5"),
    ("1.234.567,89", "de", "1234567.89"),
    ("3 Mill.", "de", "3000000"),
    ("5 Mio.", "de", "5000000"),
    ("10 Tsd.", "de", "10000"),
    ("4 Mrd.", "de", "4000000000"),
    ("2,5 Millionen", "de", "2500000"),
    ("zwei Millionen", "de", "2000000"),
    ("eine Million", "de", "1000000"),
    ("dreihundertfünfzigtausend", "de", "350000"),
    ("einundzwanzig", "de", "21"),
    ("dreißig Tausend", "de", "30000"),
    ("zweieinhalb Millionen", "de", "2500000"),
    ("hundertundzwanzig", "de", "120"),
    ("12,5 Prozent", "de", "12.5"),
    ("5 vom Hundert", "de", "5"),
    # French: narrow no-break space groups, decimal comma, compounds with hyphens and "et"
    ("1 234,5", "fr", "1234.5"),
    (f"1{NNBSP}234{NNBSP}567", "fr", "1234567"),
    ("trois mille", "fr", "3000"),
    ("deux cent mille", "fr", "200000"),
    ("deux cents", "fr", "200"),
    ("quatre-vingt-dix-sept", "fr", "97"),
    ("quatre-vingts", "fr", "80"),
    ("soixante et onze", "fr", "71"),
    ("vingt-deux", "fr", "22"),
    ("mille huit cent soixante-dix", "fr", "1870"),
    ("25 mill.", "fr", "25000000"),
    ("1,5 milliard", "fr", "1500000000"),
    ("deux millions et demi", "fr", "2500000"),
    ("5 pour cent", "fr", "5"),
    # languages tekser knows from CLDR only: digits in the locale's own marks
    ("1'234'567.50", "de-CH", "1234567.50"),
    ("1\u2019234", "de-CH", "1234"),
    ("1.234.567", "it", "1234567"),
    ("1.234,56", "it", "1234.56"),
    ("12,5 %", "it", "12.5"),
    ("12.345", "es", "12345"),
    ("1 234 567,5", "sv", "1234567.5"),
    # the languages of the fifth corpus batch, known from CLDR alone: point groups, comma
    # decimals (Danish, Dutch, Spanish), and Polish with its space groups and words
    ("1.234.567", "da", "1234567"),
    ("3.456,75", "da", "3456.75"),
    ("1.234.567,89", "nl", "1234567.89"),
    ("45.312", "nl", "45312"),
    ("1.234.567,89", "es", "1234567.89"),
    ("0,75", "es", "0.75"),
    ("1 234 567,5", "pl", "1234567.5"),
    ("12,5%", "pl", "12.5"),
    ("dwieście trzydzieści", "pl", "230"),
]


@pytest.mark.parametrize(("printed", "language", "expected"), PRINTED)
def test_printed_form_reads_as(printed: str, language: str, expected: str) -> None:
    value = read_number(printed, language)
    assert value == Decimal(expected)
    assert str(value) == expected


UNREADABLE = [
    ("trei milioane", "ro", "“trei” is not a number word tekser knows (ro: tekser has no number"),
    ("12,5", "zz", "“12,5” cannot be read: language “zz” has no locale data"),
    ("1'234", "en", "the apostrophe does not group digits in en"),
    ("165, 000", "en", "“165, 000” is two numbers that do not combine"),
    ("165, 000, 000", "de", "two numbers that do not combine"),
    ("zwei Millionen", "fr", "“zwei” is not a number word tekser knows (fr)"),
    ("drei und", "de", "“und” cannot follow “drei” in “drei und”"),
]


@pytest.mark.parametrize(("printed", "language", "message"), UNREADABLE)
def test_unreadable_form_names_its_token(printed: str, language: str, message: str) -> None:
    with pytest.raises(NumberError) as caught:
        read_number(printed, language)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_plain_digits_read_in_any_language() -> None:
    assert read_number("1881", "zz") == Decimal(1881)


# (text, language, [(printed, value or None, flags)]): W written in words, D date-like
FOUND = [
    (
        "On October 31,1886, under the act of 1878,29,838,905 coins at 94 1/4 cents were struck.",
        "en",
        [
            ("31", "31", ""),
            ("1886", "1886", ""),
            ("1878", "1878", ""),
            ("29,838,905", "29838905", ""),
            ("94 1/4", "94.25", ""),
        ],
    ),
    (
        "Das Reich zählte 64 925 993 Einwohner in 1910 300 Gemeinden über 5 000.",
        "de",
        [
            ("64 925 993", "64925993", ""),
            ("1910", "1910", ""),
            ("300", "300", ""),
            ("5 000", "5000", ""),
        ],
    ),
    (
        "Въ 1840 году было 5 тысячъ душъ, двѣ тысячи лошадей и около милліона пудовъ.",
        "ru",
        [
            ("1840", "1840", ""),
            ("5 тысячъ", "5000", ""),
            ("двѣ тысячи", "2000", "W"),
            ("милліона", "1000000", "W"),
        ],
    ),
    (
        "Die Ausfuhr stieg 1890 auf 67⅛ Millionen Mark, die Dividende auf 4½ %.",
        "de",
        [("1890", "1890", ""), ("67⅛ Millionen", "67125000", ""), ("4½", "4.5", "")],
    ),
    (
        "Das Kapital betrug 2 ¾ Milliarden Mark, der Zins 3 ½ %.",
        "de",
        [("2 ¾ Milliarden", "2750000000", ""), ("3 ½", "3.5", "")],
    ),
    (
        "The revenue for 1881 was $165, 000, 000 00, against 123,456,789.01 in 1880.",
        "en",
        [
            ("1881", "1881", ""),
            ("165, 000, 000", "165000000", ""),
            ("00", "0", ""),
            ("123,456,789.01", "123456789.01", ""),
            ("1880", "1880", ""),
        ],
    ),
    (
        "at 12, 345 and 6, 7",
        "en",
        [("12", "12", ""), ("345", "345", ""), ("6", "6", ""), ("7", "7", "")],
    ),
    (
        "a garrison of three thousand, and sixty millions of acres",
        "en",
        [("three thousand", "3000", "W"), ("sixty millions", "60000000", "W")],
    ),
    (
        "One hundred and five millions were spent by two men in one year.",
        "en",
        [("One hundred and five millions", "105000000", "W")],
    ),
    ("thousands of emigrants, and one or two more", "en", []),
    ("thousands of men, and a thousand more", "en", [("a thousand", "1000", "W")]),
    (
        "около миллиона пудов, тысячи людей, тысяча рублей",
        "ru",
        [("миллиона", "1000000", "W"), ("тысяча", "1000", "W")],
    ),
    ("mille francs, des milliers d'hommes", "fr", [("mille", "1000", "W")]),
    ("Millionen Menschen, eine Million Mark", "de", [("eine Million", "1000000", "W")]),
    ("about half a million acres", "en", [("half a million", "500000", "W")]),
    (
        "in 1911/2, 1911-12 and 1899/1900, but 1871–80",
        "en",
        [
            ("1911/2", None, "D"),
            ("1911-12", None, "D"),
            ("1899/1900", None, "D"),
            ("1871", "1871", ""),
            ("80", "80", ""),
        ],
    ),
    (
        "12.5 per cent and 6 480 and 6\u2009480",
        "en",
        [("12.5", "12.5", ""), ("6", "6", ""), ("480", "480", ""), ("6\u2009480", "6480", "")],
    ),
    ("в 1913 году 450 тысяч пудов", "ru", [("1913", "1913", ""), ("450 тысяч", "450000", "")]),
    ("в 1913 450 пудов", "ru", [("1913", "1913", ""), ("450", "450", "")]),
    (
        "урожай 1911/12 г. дал 30—31 миллион пудов",
        "ru",
        [("1911/12", None, "D"), ("30", "30", ""), ("31 миллион", "31000000", "")],
    ),
    ("две тысячи рабочих и три мастера", "ru", [("две тысячи", "2000", "W")]),
    (
        "сто двадцать душ, 1 234 567 душ",
        "ru",
        [("сто двадцать", "120", "W"), ("1 234 567", "1234567", "")],
    ),
    (
        "1926 жылы 1 234 567 адам, екі мың үй",
        "kk",
        [("1926", "1926", ""), ("1 234 567", "1234567", ""), ("екі мың", "2000", "W")],
    ),
    (
        "Im Jahre 1895 zählte man 123.456 Einwohner, d. i. 12,5 Prozent mehr; zwei Millionen Mark",
        "de",
        [
            ("1895", "1895", ""),
            ("123.456", "123456", ""),
            ("12,5", "12.5", ""),
            ("zwei Millionen", "2000000", "W"),
        ],
    ),
    (
        "1.234.567,89 Mark und 3 Mill. Mark, dreihunderttausend Köpfe, ein Mann, 5 vom Hundert",
        "de",
        [
            ("1.234.567,89", "1234567.89", ""),
            ("3 Mill.", "3000000", ""),
            ("dreihunderttausend", "300000", "W"),
            ("5", "5", ""),
        ],
    ),
    ("am 12.3.1911 und am 1.10.1900", "de", [("12.3.1911", None, "D"), ("1.10.1900", None, "D")]),
    (
        "en 1901, 1 234 567 habitants et trois mille soldats; 5 pour cent, 7 p. cent",
        "fr",
        [
            ("1901", "1901", ""),
            ("1 234 567", "1234567", ""),
            ("trois mille", "3000", "W"),
            ("5", "5", ""),
            ("7", "7", ""),
        ],
    ),
    (
        "deux cent mille francs, quatre-vingt-dix mille",
        "fr",
        [("deux cent mille", "200000", "W"), ("quatre-vingt-dix mille", "90000", "W")],
    ),
    ("1'234'567.50 Franken", "de-CH", [("1'234'567.50", "1234567.50", "")]),
    (
        "În 1911 populația era de 1.234.567 locuitori, 12,5 la sută, trei milioane",
        "ro",
        [("1911", "1911", ""), ("1.234.567", "1234567", ""), ("12,5", "12.5", "")],
    ),
    (
        "år 1910 var det 1 234 567 invånare",
        "sv",
        [("1910", "1910", ""), ("1 234 567", "1234567", "")],
    ),
    (
        "1,5 and 12 345 in 1913",  # no locale: a token with a mark is reported, never guessed
        "zz",
        [("1,5", None, ""), ("12", "12", ""), ("345", "345", ""), ("1913", "1913", "")],
    ),
]


def _flags(number: PrintedNumber) -> str:
    return ("W" if number.words else "") + ("D" if number.date_like else "")


@pytest.mark.parametrize(("text", "language", "expected"), FOUND)
def test_find_numbers_tokens(
    text: str, language: str, expected: list[tuple[str, str | None, str]]
) -> None:
    found = find_numbers(text, language)
    shown = [(n.printed, None if n.value is None else str(n.value), _flags(n)) for n in found]
    assert shown == expected
    for number in found:
        assert text[number.start : number.end] == number.printed


def test_a_word_broken_after_digits_and_offsets() -> None:
    text = "всего 12 мил-\nлионов и две\nтысячи"
    found = find_numbers(text, "ru")
    assert [(n.start, n.end, n.value, n.words) for n in found] == [
        (6, 20, Decimal(12000000), False),
        (23, 33, Decimal(2000), True),
    ]


def test_printed_number_keeps_its_old_shape() -> None:
    number = PrintedNumber(0, 4, "1913", Decimal(1913))
    assert (number.words, number.date_like) == (False, False)


def test_locales() -> None:
    assert number_format("zz") is None and not has_locale("zz")
    assert number_format("") is None  # no language given: the reader tries every lexicon
    swiss = number_format("de-CH")
    assert swiss is not None and (swiss.decimal, swiss.apostrophe_groups) == (".", True)
    french = number_format("fr")
    assert french is not None and (french.decimal, french.space_groups) == (",", True)
    english = number_format("en-GB")
    assert english is not None and english.comma_groups and not english.space_groups
    assert number_format("ru-Latn") == number_format("ru")
    assert has_number_words("de-AT") and not has_number_words("ro")


def test_lexicon_decimal_marks_agree_with_cldr() -> None:
    folder = files("tekser") / "lexicons" / "numbers"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    assert {"de.json", "en.json", "fr.json", "kk.json", "ru.json"} <= set(names)
    for name in names:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        assert data["decimal_mark"] == get_decimal_symbol(data["language"]), name


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a fraction glyph alone, or set in superscript and subscript digits, is one number
        ("пласт толщиною ¾ арш.", "ru", [("¾", "0.75")]),
        ("z czego ²/₃ w miastach, ¹⁄₄ na wsi", "pl", [("²/₃", "0.6667"), ("¹⁄₄", "0.25")]),
        (
            "rose ½ per cent. to 3 ½ and 67⅛",
            "en",
            [("½", "0.5"), ("3 ½", "3.5"), ("67⅛", "67.125")],
        ),
        ("the area in m² and x²", "en", []),  # a superscript alone is no fraction
    ],
)
def test_a_fraction_glyph_alone_is_one_number(
    text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    found = find_numbers(text, language)
    assert found == _find_numbers_slow(text, language)
    assert number_spans(text, language) == [(n.start, n.end) for n in found]
    assert [(n.printed, str(n.value)) for n in found] == expected
    for printed, value in expected:
        assert read_number(printed, language) == Decimal(value)


def test_the_raised_decimal_point_of_the_old_print() -> None:
    text = "dzieci stanowiły 3'7% ogółu, w drugim 5·1%, w trzecim 12,5% z 17.268"
    found = find_numbers(text, "pl")
    assert found == _find_numbers_slow(text, "pl")
    assert number_spans(text, "pl") == [(n.start, n.end) for n in found]
    assert [(n.printed, n.value) for n in found] == [
        ("3'7", Decimal("3.7")),
        ("5·1", Decimal("5.1")),
        ("12,5", Decimal("12.5")),
        ("17.268", Decimal(17268)),
    ]
    assert read_number("3’7 %", "pl") == Decimal("3.7")
    # a language whose lexicon names no raised point keeps two numbers
    assert [n.printed for n in find_numbers("rose 3·7 per cent", "en")] == ["3", "7"]
    with pytest.raises(NumberError, match="two numbers"):
        read_number("3·7", "en")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a space does not join a number to the next when that one is grouped with a point
        ("1870 384.215 10 117.406 27", "de", ["1870", "384.215", "10", "117.406", "27"]),
        ("das 10 122,5 und 64 925 993", "de", ["10 122,5", "64 925 993"]),
        ("в 3 512.400 пудов", "ru", ["3", "512.400"]),
        ("de 12 345.6 francs", "fr", ["12 345.6"]),  # no group of three after the point
    ],
)
def test_a_space_joins_no_number_grouped_with_a_point(
    text: str, language: str, expected: list[str]
) -> None:
    found = find_numbers(text, language)
    assert found == _find_numbers_slow(text, language)
    assert [n.printed for n in found] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a text that groups with a point and never with two typed spaces: a table's columns
        ("1870 384.215 11 73.406 127 106\n1880 405.731", "de", ["1870", "384.215", "11"]),
        # one number with two typed-space groups: the text groups with spaces too
        ("zusammen 48 615 207, davon 2.430 und 127 106", "de", ["48 615 207", "2.430"]),
        ("en 1 234 et 12 345", "fr", ["1 234", "12 345"]),  # no point-grouped number
    ],
)
def test_a_text_that_groups_with_a_point_groups_with_no_space(
    text: str, language: str, expected: list[str]
) -> None:
    found = find_numbers(text, language)
    assert found == _find_numbers_slow(text, language)
    assert number_spans(text, language) == [(n.start, n.end) for n in found]
    assert [n.printed for n in found][: len(expected)] == expected
    assert ("127 106" in [n.printed for n in found]) == ("48 615 207" in text)
