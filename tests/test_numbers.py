"""The number reader: printed forms in Russian, Kazakh and English, and bad inputs."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

import pytest

from tekser.core.errors import TekserError
from tekser.seeds import numbers
from tekser.seeds.counted import find_counted_words
from tekser.seeds.numbers import NumberError, read_number, scale_factor, scales
from tekser.seeds.printed import find_numbers

READINGS = [
    # digits and digit groups
    ("14752", "", "14752"),
    ("0", "", "0"),
    ("6\u00a0480", "", "6480"),
    ("6\u202f480", "ru", "6480"),
    ("6\u2009480", "kk", "6480"),
    ("6 480", "", "6480"),
    ("1.234.567", "", "1234567"),
    ("1 234 567", "", "1234567"),
    ("1\u00a0234\u00a0567", "ru", "1234567"),
    (" 14752 ", "", "14752"),
    # decimal marks
    ("84,5", "ru", "84.5"),
    ("160,5", "kk", "160.5"),
    ("0,5", "", "0.5"),
    ("0,50", "ru", "0.50"),
    ("1,234", "en", "1234"),
    ("84.5", "en", "84.5"),
    ("84.5", "ru", "84.5"),
    ("1.234", "ru", "1234"),
    ("1.234", "kk", "1234"),
    ("1.234", "en", "1.234"),
    ("1,234", "ru", "1234"),  # the old print's comma before three digits groups thousands
    ("263,054", "ru", "263054"),
    ("0,125", "ru", "0.125"),  # a number that opens with 0 has decimals
    ("12,3456", "ru", "12.3456"),
    ("1,234", "kk", "1.234"),
    ("1234.567", "ru", "1234.567"),
    ("1 234,5", "ru", "1234.5"),
    ("1.234,5", "ru", "1234.5"),
    ("12,345,678.9", "en", "12345678.9"),
    ("−3,5", "ru", "-3.5"),
    ("-12", "", "-12"),
    ("-" + "9" * 40, "", "-" + "9" * 40),
    ("9" * 40 + " миллиардов", "ru", "9" * 40 + "000000000"),
    # scale words
    ("14 миллионов 358 тысяч", "ru", "14358000"),
    ("5 миллионов 79 тысяч", "ru", "5079000"),
    ("1 тысячи 11", "ru", "1011"),
    ("160,5 миллиона", "ru", "160500000"),
    ("49 миллиардов", "ru", "49000000000"),
    ("49 миллиардов", "", "49000000000"),
    ("миллиарда", "ru", "1000000000"),
    ("тысяча", "ru", "1000"),
    ("2 млн.", "ru", "2000000"),
    ("2 млн", "ru", "2000000"),
    ("3,5 тыс.", "ru", "3500"),
    ("1,5 млрд.", "ru", "1500000000"),
    ("3 тысячи", "ru", "3000"),
    ("14 миллионов\n358 тысяч", "ru", "14358000"),
    ("10 мың", "kk", "10000"),
    ("10 мың", "", "10000"),
    ("2 млн.", "kk", "2000000"),
    ("12 million", "en", "12000000"),
    ("12 million", "", "12000000"),
    ("2.5 thousand", "en", "2500"),
    ("2.5 thousand", "", "2500"),
    ("3 thousands", "en", "3000"),
    ("1 billion", "en", "1000000000"),
    # number words, Kazakh
    ("үш", "kk", "3"),
    ("үш", "", "3"),
    ("жиырма бес", "kk", "25"),
    ("он бес", "kk", "15"),
    ("жүз", "kk", "100"),
    ("екі жүз он бес", "kk", "215"),
    ("бір мың тоғыз жүз отыз үш", "kk", "1933"),
    ("қырық мың", "kk", "40000"),
    ("жарты миллион", "kk", "500000"),
    ("бір жарым", "kk", "1.5"),
    ("Жиырма Бес", "kk", "25"),
    # number words, Russian
    ("три", "ru", "3"),
    ("три", "", "3"),
    ("двадцать пять", "ru", "25"),
    ("двести тридцать", "ru", "230"),
    ("сто пятьдесят тысяч", "ru", "150000"),
    ("трёх тысяч", "ru", "3000"),
    ("трех тысяч", "ru", "3000"),
    ("Двадцати Пяти", "ru", "25"),
    ("двухсот сорока одного", "ru", "241"),
    ("пятнадцати миллионов", "ru", "15000000"),
    ("полтораста", "ru", "150"),
    ("девятьсот девяносто девять тысяч девятьсот девяносто девять", "ru", "999999"),
    ("два миллиона триста тысяч пятьсот", "ru", "2300500"),
    # fractions
    ("полпроцента", "ru", "0.5"),
    ("полпроцента", "", "0.5"),
    ("полтора", "ru", "1.5"),
    ("полторы тысячи", "ru", "1500"),
    ("полтора миллиона", "ru", "1500000"),
    ("полмиллиона", "ru", "500000"),
    ("пол-миллиона", "ru", "500000"),
    ("полумиллиона", "ru", "500000"),
    ("половина", "ru", "0.5"),
    ("два с половиной", "ru", "2.5"),
    ("два с половиной миллиона", "ru", "2500000"),
    ("два миллиона с половиной", "ru", "2500000"),
    ("2 с половиной", "ru", "2.5"),
    # number words, English
    ("twenty-five", "en", "25"),
    ("twenty-five", "", "25"),
    ("Twenty-Five", "en", "25"),
    ("twenty five", "en", "25"),
    ("three hundred and twelve", "en", "312"),
    ("three hundred twelve", "en", "312"),
    ("two thousand and five", "en", "2005"),
    ("twelve hundred", "en", "1200"),
    ("one and a half million", "en", "1500000"),
    ("two hundred and fifty thousand", "en", "250000"),
    ("eleven", "en", "11"),
    # words broken across a line end
    ("мил-\nлионов", "ru", "1000000"),
    ("14 мил-\nлионов 358 ты-\n сяч", "ru", "14358000"),
    ("twenty-\nfive", "en", "25"),
    # unit words inside the printed token are ignored
    ("84,5 %", "ru", "84.5"),
    ("84,5%", "ru", "84.5"),
    ("84,5 %", "", "84.5"),
    ("5 процентов", "ru", "5"),
    ("5 проц.", "ru", "5"),
    ("три процента", "ru", "3"),
    ("10 пайыз", "kk", "10"),
    ("5 per cent", "en", "5"),
    ("5 percent", "en", "5"),
    # language tags: the primary subtag picks the lexicon, an empty tag tries every lexicon
    ("84,5", "ru-Latn", "84.5"),
    ("1,234", "en-GB", "1234"),
    ("три", "RU", "3"),
    ("три", "", "3"),
]


@pytest.mark.parametrize(("printed", "language", "expected"), READINGS)
def test_reads(printed: str, language: str, expected: str) -> None:
    value = read_number(printed, language)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected  # exact, no float noise, no needless decimal places


BAD = [
    ("трилльон", "ru", "“трилльон” is not a number word tekser knows (ru)"),
    (
        "трилльон",
        "",
        "“трилльон” is not a number word tekser knows "
        "(cs, da, de, en, es, fr, it, kk, nl, no, pl, pt, ru)",
    ),
    # the language given is the only one tried: no guess across languages
    ("три", "de", "“три” is not a number word tekser knows (de)"),
    ("trei", "ro", "“trei” is not a number word tekser knows (ro: tekser has no number words"),
    ("3,5", "zz", "“3,5” cannot be read: language “zz” has no locale data"),
    ("пять трилльонов", "ru", "“трилльонов” is not a number word"),
    ("", "", "empty"),
    ("   ", "ru", "empty"),
    ("5 3", "ru", "two numbers that do not combine"),
    ("1928 1929", "", "two numbers that do not combine"),
    ("5 тысяч 3 миллиона", "ru", "scale words go from the largest down"),
    ("тысяча миллионов", "ru", "scale words go from the largest down"),
    ("2 миллиона 1500 тысяч", "ru", "does not fit below"),
    ("1 тысяча 1500", "ru", "does not fit below"),
    ("пять 5", "ru", "digits and number words do not mix"),
    ("5 двадцать", "ru", "digits and number words do not mix"),
    ("пять тысяч 11", "ru", "digits and number words do not mix"),
    ("три пять", "ru", "do not combine"),
    ("десять пять", "ru", "do not combine"),
    ("сто сто", "ru", "do not combine"),
    ("twenty thirty", "en", "do not combine"),
    ("hundred hundred", "en", "multiplies"),
    ("1,234", "", "give the figure's language"),
    ("1.234", "", "give the figure's language"),
    ("1,2,3", "ru", "digit groups"),
    ("1.234 567", "ru", "two kinds of digit group marks"),
    ("3,5 тыс. 200", "ru", "nothing follows"),
    ("84,5 % 3", "ru", "nothing follows"),
    ("%", "ru", "names a unit but no number"),
    ("процентов", "ru", "names a unit but no number"),
    ("1928-1929", "", "“-”, which is not part of a number"),
    ("1929/30", "", "“/”, which is not part of a number"),
    ("84,5;", "ru", "“;”, which is not part of a number"),
    ("٣", "", "not part of a number"),
    ("and five", "en", "joins a number"),
    ("five and", "en", "joins a number"),
    ("с половиной", "ru", "adds a fraction"),
    ("пол", "ru", "“пол” is not a number word"),
    ("полтора пять", "ru", "do not combine"),
    ("12 million", "ru", "“million” is not a number word tekser knows (ru)"),
    ("5 million тысяч", "", "no one lexicon knows"),
    ("1" * 90 + ",5", "ru", "too many digits"),
]


@pytest.mark.parametrize(("printed", "language", "message"), BAD)
def test_bad_inputs(printed: str, language: str, message: str) -> None:
    with pytest.raises(NumberError) as caught:
        read_number(printed, language)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, TekserError)


FOUND = [
    ("в 1933 году 84,5 %", [("1933", "1933"), ("84,5", "84.5")]),
    ("1928 1929", [("1928", "1928"), ("1929", "1929")]),
    ("1929/30", [("1929/30", "None")]),  # a split year: one date-like token
    (
        "всего 14 миллионов 358 тысяч голов, 160,5 миллиона и 49 миллиардов рублей",
        [
            ("14 миллионов 358 тысяч", "14358000"),
            ("160,5 миллиона", "160500000"),
            ("49 миллиардов", "49000000000"),
        ],
    ),
    ("1 тысячи 11 хозяйств", [("1 тысячи 11", "1011")]),
    ("5 миллионов 79 тысяч", [("5 миллионов 79 тысяч", "5079000")]),
    (
        "6\u00a0480 и 6\u202f480 и 6\u2009480 и 6 480",
        [("6\u00a0480", "6480"), ("6\u202f480", "6480"), ("6\u2009480", "6480"), ("6 480", "6480")],
    ),
    ("1.234.567 и 1 234 567", [("1.234.567", "1234567"), ("1 234 567", "1234567")]),
    ("3,5 тыс. тракторов", [("3,5 тыс.", "3500")]),
    ("5 млн. 1933 года", [("5 млн.", "5000000"), ("1933", "1933")]),
    ("5 тыс. 20 %", [("5 тыс.", "5000"), ("20", "20")]),
    ("5 тысяч 3 миллиона", [("5 тысяч", "5000"), ("3 миллиона", "3000000")]),
    ("12 мил-\nлионов 300 тысяч.", [("12 мил-\nлионов 300 тысяч", "12300000")]),
    ("49 миллиардов.", [("49 миллиардов", "49000000000")]),
    ("1 933 года", [("1", "1"), ("933", "933")]),
    ("1928\u00a0300", [("1928", "1928"), ("300", "300")]),
    ("1933 жылы 10 мың", [("1933", "1933"), ("10 мың", "10000")]),
    ("12 million and 2.5 thousand", [("12 million", "12000000"), ("2.5 thousand", "2500")]),
    ("нет чисел", []),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_numbers(text)
    assert [(n.printed, str(n.value)) for n in found] == expected
    for number in found:
        assert text[number.start : number.end] == number.printed


def test_find_numbers_offsets_are_code_points() -> None:
    text = "Қазақстанда 1 мың 11 ауыл"
    [number] = find_numbers(text, "kk-Cyrl")
    assert (number.start, number.end, number.value) == (12, 20, Decimal(1011))
    assert number.printed == "1 мың 11"


def test_find_numbers_unreadable_value_is_none() -> None:
    [number] = find_numbers("за 1,234 пуда", "")
    assert number.printed == "1,234" and number.value is None
    assert find_numbers("за 1,234 пуда", "kk")[0].value == Decimal("1.234")
    assert find_numbers("за 1,234 пуда", "ru")[0].value == Decimal(1234)


def test_scales() -> None:
    assert scales() == {
        "hundred": Decimal(100),
        "thousand": Decimal(1000),
        "million": Decimal(10**6),
        "billion": Decimal(10**9),
    }
    scales()["thousand"] = Decimal(0)  # a fresh dict: the cache is not touched
    assert scale_factor("thousand") == Decimal(1000)
    assert scale_factor("") == Decimal(1)
    assert scale_factor("million") * Decimal("160.5") == read_number("160,5 миллиона", "ru")


def test_unknown_scale_lists_known_ones() -> None:
    with pytest.raises(NumberError, match="hundred, thousand, million, billion"):
        scale_factor("trillion")


def test_digits_need_no_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a plain run of digits loaded a lexicon")

    monkeypatch.setattr(numbers, "_read_cached", refuse)
    monkeypatch.setattr(numbers, "_lexicons_for", refuse)
    assert read_number("14752") == Decimal(14752)
    assert read_number("0007", "ru") == Decimal(7)


def test_lexicons_are_well_formed() -> None:
    root = files("tekser") / "lexicons"
    assert json.loads((root / "scales.json").read_text(encoding="utf-8")) == {
        "hundred": 100,
        "thousand": 1000,
        "million": 1000000,
        "billion": 1000000000,
    }
    languages = sorted(p.name for p in (root / "numbers").iterdir() if p.name.endswith(".json"))
    assert {"en.json", "kk.json", "ru.json"} <= set(languages)
    for name in languages:
        code = name.removesuffix(".json")
        data = json.loads((root / "numbers" / name).read_text(encoding="utf-8"))
        assert data["language"] == code
        assert set(data["scales"]) <= set(scales())
        numbers._lexicon(code)  # loads without a word of two meanings


@pytest.mark.parametrize(
    ("printed", "language", "expected"),
    [
        ("two thirds", "en", "0.6667"),
        ("three-fourths", "en", "0.75"),
        ("zweidrittel", "de", "0.6667"),
        ("a quarter", "en", "0.25"),
        ("three quarters", "en", "0.75"),
        ("one half", "en", "0.5"),
        ("un cinquième", "fr", "0.2"),
        ("trois huitièmes", "fr", "0.375"),
        ("la moitié", "fr", "0.5"),
        ("zwei Drittel", "de", "0.6667"),
        ("die Hälfte", "de", "0.5"),
        ("две трети", "ru", "0.6667"),
        ("треть", "ru", "0.3333"),
        ("три четверти", "ru", "0.75"),
    ],
)
def test_fractions_in_words(printed: str, language: str, expected: str) -> None:
    assert read_number(printed, language) == Decimal(expected)


def test_a_denominator_alone_is_an_ordinal_where_the_language_says_so() -> None:
    with pytest.raises(NumberError, match="denominator"):
        read_number("third", "en")
    with pytest.raises(NumberError, match="denominator"):
        read_number("hundred thirds", "en")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("after a hard race of five heats, the horse", "en", [("five", "5")]),
        ("prices rose to six times the old level", "en", [("six", "6")]),
        (
            "more than half the settlers, and two thirds of the rest",
            "en",
            [("half", "0.5"), ("two thirds", "0.6667")],
        ),
        ("for ten years. One of the clerks left", "en", []),
        ("half an hour later the other three.", "en", []),
        ("some 2,000 men and three thousand women", "en", []),
        ("он взял девять пушек и три роты", "ru", [("девять", "9"), ("три", "3")]),
        ("прошло три недели", "ru", []),
        ("треть жителей", "ru", [("треть", "0.3333")]),
        (
            "ils paient cinq ou six francs, un tiers des parents",
            "fr",
            [("cinq", "5"), ("six", "6"), ("un tiers", "0.3333")],
        ),
        ("vor zwei Jahren kamen vier Schiffe", "de", [("vier", "4")]),
        ("үш сатылық құрылыс, бес мектеп", "kk", [("бес", "5")]),
        ("үш саты-\nлық құрылыс, бес мектеп", "kk", [("бес", "5")]),
        ("отмечу две главные задачи в деревне:\nпервую", "ru", []),
        ("построены две школы: одна в селе", "ru", [("две", "2")]),
        ("построены две новые школы: одна в селе", "ru", []),
        ("построены две школы и три больницы.", "ru", [("две", "2"), ("три", "3")]),
    ],
)
def test_counted_words(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    found = find_counted_words(text, language)
    assert [(n.printed, str(n.value)) for n in found] == expected
    assert all(n.words and text[n.start : n.end] == n.printed for n in found)
