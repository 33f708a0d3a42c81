"""`tekser draft` reads units and statistics as a reader of a scanned table does: a linking
word inside a currency's name names no currency alone, a capitalised word after a number in
Kazakh is a name (a row's label) and no counted noun, a clause word under a table is not said
of its rows; and a figure takes another's unit in one way wherever it does. The seeds are
invented, printed the way such texts print figures; a subunit that is no hundredth (the
skilling) makes one whole amount of itself with the currency before it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from tekser.authoring.drafting.lexicon import Lexicon
from tekser.authoring.drafting.model import Figure
from tekser.authoring.drafting.segment import Span
from tekser.authoring.drafting.units import currency_names
from tekser.seeds.printed import PrintedNumber
from tests.conftest import run
from tests.drafting import assert_reads, drafted_with_exclusions
from tests.drafting import drafted as _drafted


def test_a_linking_word_of_a_currency_name_names_no_currency(tmp_path: Path) -> None:
    names = currency_names("de")
    assert ("der",) not in names  # of "Mark der DDR"
    assert names[("mark",)][0] == "DEM"
    assert ("fra",) not in currency_names("da")
    found = _drafted(tmp_path, "de", "Im Jahre 1880 kamen 13 der Gäste.")
    assert_reads(found["13"], "13", "unspecified", "count")


def test_a_capitalised_word_after_a_kazakh_number_is_a_name_not_a_unit(tmp_path: Path) -> None:
    found = _drafted(tmp_path, "kk", "Өңірлер:\nАқмола\n4.200\nСемей\n3.100\n")
    assert_reads(found["4.200"], "4200", "unspecified", "count")
    assert "Семей" in " ".join(found["4.200"]["reasons"])
    found = _drafted(tmp_path / "noun", "kk", "Ауданда 12 құдық бар.")
    assert_reads(found["12"], "12", "qudyq", "count")


def test_an_average_said_under_a_table_is_not_said_of_its_rows(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "The pupils of the county:\nYear Pupils\n1880 1,200\n1890 1,450\n1900 1,600\n"
        "The average yearly growth was 2 per cent.",
    )
    for printed, value in (("1,200", "1200"), ("1,450", "1450"), ("1,600", "1600")):
        assert_reads(found[printed], value, "persons", "count")
        assert "“average” stands after its table's rows" in " ".join(found[printed]["reasons"])
    assert_reads(found["2"], "2", "percent", "average")
    found = _drafted(
        tmp_path / "heading",
        "en",
        "The pupils of the county:\nYear Average pupils\n1880 1,200\n1890 1,450\n",
    )
    assert_reads(found["1,200"], "1200", "persons", "average")


def _figure(statistic: str) -> Figure:
    number = PrintedNumber(0, 2, "12", Decimal(12))
    figure = Figure(number, "en", Lexicon("en"), Span(0, 2), statistic=statistic)
    figure.reasons = ["unit unspecified: no unit word near it", "date none"]
    return figure


def test_a_figure_takes_another_figures_unit_and_keeps_a_word_of_degree() -> None:
    source = _figure("count")
    source.unit, source.measure, source.unit_statistic = "schools", "schools", "count"
    bare = _figure("amount")
    bare.take_unit_of(source, "neighbour", "unit schools of 40, the figure before it")
    assert (bare.unit, bare.measure, bare.statistic, bare.unit_from) == (
        "schools",
        "schools",
        "count",
        "neighbour",
    )
    assert bare.reasons == ["date none", "unit schools of 40, the figure before it"]
    about = _figure("approximate")
    about.take_unit("british-pounds", "british-pounds", "amount", "heading", "unit from above")
    assert (about.unit, about.unit_statistic, about.statistic) == (
        "british-pounds",
        "amount",
        "approximate",
    )


def test_a_subunit_that_is_no_hundredth_makes_one_amount_of_the_subunit(tmp_path: Path) -> None:
    found, excluded = drafted_with_exclusions(
        tmp_path, "da", "I Aaret 1850 kostede Skolen 45 Rd. 30 Sk. og Kirken 12 Rd."
    )
    assert_reads(found["45"], "4350", "skillings", "amount")  # 96 skilling to the rigsdaler
    assert "96 to the danish-rigsdaler" in found["45"]["note"]
    assert_reads(found["12"], "12", "danish-rigsdaler", "amount")
    assert excluded["30"] == "subunit-of-amount"
    found = _drafted(tmp_path / "no", "no", "I 1850 kostet skolen 45 Spd. 30 Sk.")
    assert_reads(found["45"], "5430", "skillings", "amount")  # 120 to the speciedaler
    found = _drafted(tmp_path / "en", "en", "In 1880 each pupil cost 45 dollars and 30 cents.")
    assert_reads(found["45"], "45.30", "us-dollars", "amount")


def test_an_amount_in_skillings_is_accepted_and_validates(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("I Aaret 1850 kostede Skolen 45 Rd. 30 Sk.\n", encoding="utf-8")
    package = tmp_path / "package"
    assert run("init", str(package), "--seed", str(seed), "--language", "da").exit_code == 0
    assert run("draft", str(package)).exit_code == 0
    accepted = run("draft", str(package), "--accept")
    assert accepted.exit_code == 0, accepted.output
    report = json.loads(run("validate", str(package), "--format", "json").stdout)
    assert [f["rule"] for f in report["findings"] if f["severity"] == "critical"] == []


def test_russian_census_abbreviations_of_inhabitants_count_persons(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "В 1884 г. в уезде было 4120 (2070 мжч. и 2050 жнщ.) жителей, а в селе Луговом 640 жит.",
    )
    assert_reads(found["2070"], "2070", "persons", "count")
    assert_reads(found["2050"], "2050", "persons", "count")
    assert_reads(found["640"], "640", "persons", "count")


def test_a_count_restated_as_a_share_takes_no_percent(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path, "ru", "В 1884 г. уезды вместе дали 412, или 5,2%, а волости 12, 14 или 15%."
    )
    assert_reads(found["412"], "412", "unspecified", "count")
    assert_reads(found["5,2"], "5.2", "percent", "share")
    assert_reads(found["12"], "12", "percent", "share")  # a list of shares


def test_a_german_number_of_these_things_counts_them(tmp_path: Path) -> None:
    found = _drafted(tmp_path, "de", "Im Jahre 1908 stieg es in 5 von diesen Gruppen.")
    assert_reads(found["5"], "5", "gruppe", "count")


def test_a_kazakh_table_under_a_heading_of_land_holds_areas(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "kk",
        "Өңірлер\nМал жайылатын\nжер\nАқмола\n4.200\n5.300\nСемей\n3.100\n2.100\n",
    )
    for printed, value in (("4.200", "4200"), ("3.100", "3100"), ("2.100", "2100")):
        assert_reads(found[printed], value, "unspecified", "amount")
        assert "the measure “жер” on a heading line" in " ".join(found[printed]["reasons"])


def test_a_russian_figure_per_each_thing_or_per_head_is_an_average(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "В 1897 г. на каждую школу приходилось 45 учеников, а на душу населения 2,5 руб.; "
        "в городе было 12 школ.",
    )
    assert_reads(found["45"], "45", "persons", "average")
    assert_reads(found["2,5"], "2.5", "russian-rubles", "average")
    assert_reads(found["12"], "12", "schools", "count")


def test_a_capitalised_noun_of_older_danish_and_norwegian_print_is_counted(
    tmp_path: Path,
) -> None:
    found = _drafted(tmp_path, "da", "I Aaret 1850 havde Byen 12 Bagerier og 120 København.")
    assert_reads(found["12"], "12", "bageri", "count")
    assert_reads(found["120"], "120", "unspecified", "count")  # a town's name
    found = _drafted(tmp_path / "no", "no", "I 1850 hadde byen 12 Bakerier.")
    assert_reads(found["12"], "12", "bakeri", "count")


def test_a_names_initial_is_no_units_abbreviation(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "В 1890 г. в уезде было 120 школ. П. уезд занимает место после Северной (142) и "
        "Южной (117). Н. уезд 40, Т. уезд 52.",
    )
    assert_reads(found["142"], "142", "unspecified", "count")  # not puds ("п.")
    assert_reads(found["40"], "40", "unspecified", "count")


def test_dashes_after_a_rows_figures_repeat_the_units_of_the_row_before(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Сбор в 1880, 1881 и 1882 годах был: Овса 1,250 пуд.  1,480 пуд.  1,315 пуд.  "
        "Ржи 960 —  1,105 —  1,020 —  Урожай растет.",
    )
    for printed, value, above in (("960", "960", "1,250"), ("1,020", "1020", "1,315")):
        assert_reads(found[printed], value, "puds", "amount")
        assert f"the dash after it repeats the unit of {above}" in " ".join(
            found[printed]["reasons"]
        )
