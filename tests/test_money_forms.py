"""Sums printed with the currency sign inside the number: the cifrão of Portuguese and
Brazilian print ("1:234$567": contos, mil-réis and réis), read as one number in the sign's unit
by the number reader, found as one token in running text, counted as one by coverage, and
drafted as one amount in mil-réis. A sum the scan garbled stays one token that is not read.
Invented examples, written the way such texts print money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tekser.core.errors import TekserError
from tekser.seeds.money import money_forms
from tekser.seeds.numbers import NumberError, read_number
from tekser.seeds.printed import _find_numbers_slow, find_numbers, money_sign_at, number_spans
from tests.drafting import assert_reads as _is
from tests.drafting import drafted_with_exclusions as _draft


@pytest.mark.parametrize(
    ("printed", "tag", "value"),
    [
        ("1:234$567", "pt", "1234.567"),
        ("2.345:600$000", "pt-BR", "2345600"),
        ("12.345:678$901", "pt", "12345678.901"),
        ("45:000$000", "pt", "45000"),
        ("12$000", "pt", "12"),
        ("8$500", "pt-BR", "8.5"),
        ("$500", "pt", "0.5"),
        ("0$250", "pt", "0.25"),
        ("36.000$000", "pt", "36000"),
        ("7$50", "pt-PT", "7.5"),
        ("1.234 :567$890", "pt", "1234567.89"),  # an OCR copy's space before the colon
        ("1.234: 567$890", "pt", "1234567.89"),
    ],
)
def test_a_cifrao_sum_reads_in_mil_reis(printed: str, tag: str, value: str) -> None:
    assert read_number(printed, tag) == Decimal(value)


@pytest.mark.parametrize(
    ("printed", "tag", "message"),
    [
        ("1.2.34$567", "pt", "holds the money sign “\\$” but is not a sum in its form"),
        ("0:000$000", "pt", "is not a sum in its form"),
        ("1:23$456", "pt", "is not a sum in its form"),
        ("12$5", "pt", "is not a sum in its form"),
        ("1:234$567", "en", "not part of a number"),
        ("1:234$567", "", "not part of a number"),  # a money form only in its own language
    ],
)
def test_a_garbled_sum_or_another_language_is_not_read(
    printed: str, tag: str, message: str
) -> None:
    with pytest.raises(NumberError, match=message):
        read_number(printed, tag)


def _tokens(text: str, tag: str) -> list[tuple[str, Decimal | None]]:
    found = find_numbers(text, tag)
    assert found == _find_numbers_slow(text, tag)
    assert number_spans(text, tag) == [(n.start, n.end) for n in found]
    return [(n.printed, n.value) for n in found]


def test_a_sentence_of_sums_gives_one_token_each() -> None:
    text = "A receita foi de 1:234$567, a despeza de 987$650 e o saldo de 246$917 em 1890."
    assert _tokens(text, "pt") == [
        ("1:234$567", Decimal("1234.567")),
        ("987$650", Decimal("987.65")),
        ("246$917", Decimal("246.917")),
        ("1890", Decimal(1890)),
    ]


def test_a_flattened_table_of_sums_and_an_ocr_space() -> None:
    text = "Sello ....... 2.345:600$000 1.902 :117$050\nTerras 45:000$000 38:250$125"
    assert _tokens(text, "pt") == [
        ("2.345:600$000", Decimal(2345600)),
        ("1.902 :117$050", Decimal("1902117.05")),
        ("45:000$000", Decimal(45000)),
        ("38:250$125", Decimal("38250.125")),
    ]


def test_a_garbled_sum_is_one_token_not_read() -> None:
    text = "Sello ..... --X5:000$000 1.2.34$567 .!45$600 e 3;21$400 depois 12$000"
    assert _tokens(text, "pt") == [
        ("5:000$000", None),  # a letter glued before it
        ("1.2.34$567", None),  # groups that are not groups of three
        ("45$600", None),  # a stray mark glued before it
        ("3;21$400", None),
        ("12$000", Decimal(12)),
    ]


def test_a_sum_of_reis_alone_opens_with_its_sign() -> None:
    text = "A multa foi de $500, a taxa de R$100 e o sello de x$250; total 1$250."
    assert _tokens(text, "pt") == [
        ("$500", Decimal("0.5")),
        ("100", Decimal(100)),  # another currency's sign: a letter glued before the cifrão
        ("250", Decimal(250)),
        ("1$250", Decimal("1.25")),
    ]


def test_a_year_and_a_sum_after_a_colon_stay_apart() -> None:
    text = "Em 1883: 12$000, e em 1884 (1:500$000)."
    assert _tokens(text, "pt") == [
        ("1883", Decimal(1883)),
        ("12$000", Decimal(12)),
        ("1884", Decimal(1884)),
        ("1:500$000", Decimal(1500)),
    ]


def test_other_languages_keep_their_reading_of_the_marks() -> None:
    assert _tokens("At 10:30 the fund held $500 and 12.5 tons.", "en") == [
        ("10", Decimal(10)),
        ("30", Decimal(30)),
        ("500", Decimal(500)),
        ("12.5", Decimal("12.5")),
    ]
    assert _tokens("Ao meio-dia, 10:30 e R$ 1.234,56.", "pt") == [
        ("10", Decimal(10)),
        ("30", Decimal(30)),
        ("1.234,56", Decimal("1234.56")),
    ]


def test_the_sign_inside_a_sum_is_found_for_its_unit() -> None:
    assert money_sign_at("1:234$567", "pt-BR") == 5
    assert money_sign_at("$500", "pt") == 0
    assert money_sign_at("1234", "pt") == -1
    assert money_sign_at("1:234$567", "en") == -1


def test_draft_proposes_each_sum_once_in_mil_reis(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "pt-BR",
        "A receita do municipio foi de 1:234$567 em 1890.\n\n"
        "O imposto rendeu 450$000, a multa 8$500 e o sello $750.\n\n"
        "Total ......... 2.345:600$000 18",
    )
    _is(found["1:234$567"], "1234.567", "brazilian-mil-reis", "amount")
    _is(found["450$000"], "450", "brazilian-mil-reis", "amount")
    _is(found["8$500"], "8.5", "brazilian-mil-reis", "amount")
    _is(found["$750"], "0.75", "brazilian-mil-reis", "amount")
    _is(found["2.345:600$000"], "2345600", "brazilian-mil-reis", "amount")
    assert "subunit-of-amount" not in excluded.values()  # its réis are inside it


@pytest.mark.parametrize(
    "entry",
    [
        [{"sign": "R$", "fraction_digits": [3]}],
        [{"sign": "5", "fraction_digits": [3]}],
        [{"sign": "$", "fraction_digits": []}],
        [{"sign": "$", "fraction_digits": [7]}],
        [{"sign": "$", "major_mark": "::", "fraction_digits": [3]}],
        ["$"],
    ],
)
def test_a_malformed_money_form_is_named(entry: object) -> None:
    with pytest.raises(TekserError, match=r"lexicon numbers/xx\.json"):
        money_forms(entry, "numbers/xx.json")
