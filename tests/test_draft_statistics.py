"""`tekser draft` carries units down a table's rows and by ditto marks, takes the counted
noun before a bare figure, reads two numbers joined by the to-word as a range, and reads
Polish with a lexicon of its own. The seeds are invented, written the way such texts print
figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tekser.authoring.drafting.lexicon import WORD, shipped_languages
from tekser.authoring.drafting.units import language_notes
from tests.drafting import assert_reads
from tests.drafting import drafted as _drafted


def _is(p: dict[str, Any], value: str, unit: str, statistic: str) -> None:
    assert_reads(p, value, unit, statistic, scale=None)


def test_a_row_takes_the_unit_of_the_row_above_and_a_ditto_mark_repeats_it(
    tmp_path: Path,
) -> None:
    found = _drafted(
        tmp_path / "pl",
        "pl",
        "Spis podaje:\n\n"
        "Parafia górna głów 412,\n"
        "Parafia dolna 231,\n"
        "Parafia leśna 140,\n"
        "Parafia polna 97,\n"
        "Parafia wodna 163.\n\n"
        "Tak podaje spis.",
    )
    for printed in ("412", "231", "140", "97", "163"):
        _is(found[printed], printed, "persons", "count")
    assert "the row above gives the unit of 97" in " ".join(found["163"]["reasons"])
    ditto = _drafted(
        tmp_path / "en",
        "en",
        'Class A 1,204 schools 12 per cent.\n\nClass B 2,310 " 23 " "\n',
    )
    _is(ditto["23"], "23", "percent", "share")
    assert "a ditto mark after it repeats" in " ".join(ditto["23"]["reasons"])


def test_a_bare_figure_takes_the_counted_noun_before_it_not_a_class_bound(
    tmp_path: Path,
) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "The return gives the increase of mills above 40 acres 1,250 in the county.",
    )
    _is(found["1,250"], "1250", "mills", "count")
    assert "counted noun “mills” before it" in " ".join(found["1,250"]["reasons"])


def test_two_numbers_joined_by_to_are_a_range_unless_they_run_down(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "Oats sold at $2.10 to $2.65 a bushel, on an average, lower than a year ago.\n\n"
        "Only 8 to 30% of the crop was sold.\n\n"
        "The motion was carried by a vote of 88 to 61 in the council.",
    )
    _is(found["2.10"], "2.10", "us-dollars", "lower-bound")
    _is(found["2.65"], "2.65", "us-dollars", "upper-bound")
    assert found["8"]["statistic"] == "lower-bound"
    _is(found["30"], "30", "percent", "upper-bound")
    assert (found["88"]["statistic"], found["61"]["statistic"]) == ("count", "count")


def test_polish_is_read_with_its_lexicon(tmp_path: Path) -> None:
    assert "pl" in shipped_languages()
    assert language_notes(["pl"]) == []
    found = _drafted(
        tmp_path,
        "pl",
        "W mieście było około 1200 mieszkańców i 35 domów, z czego 12% murowanych.\n\n"
        "Dochód wynosił 450 złotych, a ich 40 kupujemy co roku.\n\n"
        "W 17 ładnych szkołach uczono dzieci.",
    )
    _is(found["1200"], "1200", "persons", "approximate")
    _is(found["35"], "35", "dom", "count")
    _is(found["12"], "12", "percent", "share")
    _is(found["450"], "450", "polish-zlotys", "amount")
    assert found["40"]["unit"] != "kupowac"  # a verb after a number names no unit
    _is(found["17"], "17", "szkola", "count")  # past the adjective to its noun


def test_a_note_mark_glued_to_a_word_is_no_part_of_it() -> None:
    assert WORD.findall("120 głów⁶ and 30 persons² there") == ["głów", "and", "persons", "there"]


def test_english_weights_in_abbreviation_and_a_share_over_its_limit(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "Imports totaled 1,792,500 lbs. against 305,100 lbs. a year before.",
    )
    _is(found["1,792,500"], "1792500", "pounds", "amount")
    _is(found["305,100"], "305100", "pounds", "amount")


def test_russian_old_print_a_noun_reading_after_a_number_and_ditto_rows(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Въ губерніи 406 селъ и 12 городовъ; купцы составляютъ 41,25°/о всѣхъ.\n\n"
        "Списокъ:\n\n"
        "Верхнее . . . 1210 душъ,\n"
        "Нижнее ...» 864 „\n"
        "Заречное . . . „ 521 „\n",
    )
    _is(found["406"], "406", "selo", "count")
    _is(found["41,25"], "41.25", "percent", "share")
    assert "per cent sign “°/о”" in " ".join(found["41,25"]["reasons"])
    _is(found["1210"], "1210", "persons", "count")
    _is(found["864"], "864", "persons", "count")
    _is(found["521"], "521", "persons", "count")
    assert "a ditto mark after it repeats" in " ".join(found["521"]["reasons"])


def test_a_table_announced_by_a_colon_and_a_word_broken_at_a_line_end(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "de",
        "Von den 2,417 Aus\nwanderern reisten damals ab nach:\n"
        "Chile . . 3204\nPeru . . 713\nKuba . . 500\n\n"
        "In der Stadt wohnten 312 Ein\nwohner und 40 Fremde.",
    )
    _is(found["2,417"], "2417", "persons", "count")
    _is(found["3204"], "3204", "persons", "count")
    assert "announces its table with a colon" in " ".join(found["3204"]["reasons"])
    _is(found["713"], "713", "persons", "count")
    _is(found["312"], "312", "persons", "count")


def test_a_column_headed_by_estimates_holds_plans(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "fr",
        "Désignation des recettes.\n\n"
        "1905. Prévisions.\n\n"
        "1904. Comptes définitifs.\n\n"
        "Francs.\n\n"
        "Douanes ........ 4.512.300 4.498.112\n"
        "Postes ........ 1.207.115 1.190.004\n",
    )
    assert found["4.512.300"]["statistic"] == "plan"
    assert "the head of its column" in " ".join(found["4.512.300"]["reasons"])
    assert found["4.498.112"]["statistic"] == "amount"


def test_a_russian_sentence_opened_by_a_genitive_plural_counts_it(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Лавок, городу принадлежащих, — 14, частным лицам 212, в том числе каменных 40.",
    )
    _is(found["212"], "212", "lavka", "count")
    _is(found["40"], "40", "lavka", "count")
    assert "opens its sentence in the genitive plural" in " ".join(found["212"]["reasons"])


def test_a_russian_adjective_of_a_currency_name_names_no_currency(tmp_path: Path) -> None:
    found = _drafted(tmp_path, "ru", "В уезде открыто 14 новых школ и 3 больницы.")
    _is(found["14"], "14", "schools", "count")


def test_a_range_printed_from_its_larger_end(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path, "fr", "Viennent ensuite Dieppe et Calais, de 412 000 à 305 000 tonnes."
    )
    assert found["412 000"]["statistic"] == "upper-bound"
    assert found["305 000"]["statistic"] == "lower-bound"


def test_an_average_said_of_a_list_is_said_of_each_member(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Среднимъ числомъ одна деревня имѣла 118,4, одно мѣстечко — 61,25 и одно село — 9,12 душъ.",
    )
    assert found["61,25"]["statistic"] == "average"
    assert found["9,12"]["statistic"] == "average"


def test_a_range_across_a_sign_and_one_beside_the_doers_of_a_change(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "Hay sold at 60¢ to $2 a bale, and growers were offered $11.40 to $13 a ton.",
    )
    assert (found["60"]["statistic"], found["2"]["statistic"]) == ("lower-bound", "upper-bound")
    assert (found["11.40"]["statistic"], found["13"]["statistic"]) == (
        "lower-bound",
        "upper-bound",
    )
