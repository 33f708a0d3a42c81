"""`tekser draft` reads Danish and Dutch with lexicons of their own (draft/da.json, draft/nl.json,
numbers/da.json, numbers/nl.json and their entries in structure.json): the people counted,
households, houses and ships, the rigsdaler, skilling, krone, guilder and cent, the measures of
the period, the statistics words, and numbers written in words — the Danish count by scores
(seksogtres, halvtredsindstyve) and the Dutch compounds, hyphenated or not (zes-en-zestig,
vijfhonderd). The sentences are invented, in the way nineteenth-century statistical print
writes them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tekser.authoring.draft import draft_package
from tekser.authoring.init import init_package
from tekser.seeds.numbers import read_number
from tests.drafting import assert_reads as _is
from tests.drafting import drafted as _drafted


def test_danish_census_people_households_and_a_part_of_a_whole(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "Ved Folketællingen 1880 havde Amtet 120.850 Indbyggere, hvoraf omtrent 12.000 "
        "Arbeidere, i 25.312 Husstande og 18.400 Gaarde.",
    )
    _is(found["120.850"], "120850", "persons", "count")
    assert found["120.850"]["period_start"] == "1880-01-01"
    _is(found["12.000"], "12000", "persons", "approximate")
    assert any("hvoraf" in r for r in found["12.000"]["reasons"])
    _is(found["25.312"], "25312", "households", "count")
    _is(found["18.400"], "18400", "houses", "count")


def test_danish_trade_ships_measures_and_currencies(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "I Aaret 1875 udførtes 3.456 Tønder Hvede og 1.200 Skippund Jern med 215 Skibe; "
        "Udførselen androg 2.345.678 Kroner, og Tolden over 15 pCt. af Værdien.",
    )
    _is(found["3.456"], "3456", "tonder", "amount")
    _is(found["1.200"], "1200", "skippunds", "amount")
    _is(found["215"], "215", "ships", "count")
    _is(found["2.345.678"], "2345678", "danish-kroner", "amount")
    _is(found["15"], "15", "percent", "lower-bound")


def test_danish_budget_rigsdaler_plan_and_average(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "Finansloven for 1860 opførte til Skolevæsenet 45.600 Rd. i alt.\n\n"
        "I Gjennemsnit betaltes 4,50 Kr. for hver Tønde.",
    )
    _is(found["45.600"], "45600", "danish-rigsdaler", "plan")
    _is(found["4,50"], "4.50", "danish-kroner", "average")


def test_danish_numbers_in_words_count_by_scores(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path, "da", "Sognet talte i 1845 seksogtres Huse og femhundrede Mennesker."
    )
    _is(found["seksogtres"], "66", "houses", "count")
    _is(found["femhundrede"], "500", "persons", "count")


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("seksogtres", "66"),
        ("seks-og-tres", "66"),
        ("halvtreds", "50"),
        ("toogfirsindstyve", "82"),
        ("halvfemsindstyve", "90"),
        ("femhundrede", "500"),
        ("to hundrede og tyve", "220"),
        ("et hundrede og femogtyve", "125"),
        ("tretusinde", "3000"),
        ("halvanden million", "1500000"),
        ("to tredjedele", "0.6667"),
    ],
)
def test_danish_number_words(printed: str, value: str) -> None:
    assert read_number(printed, "da") == Decimal(value)


def test_dutch_census_people_households_and_a_part_of_a_whole(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "nl",
        "Bij de volkstelling van 1869 telde de gemeente 64.694 inwoners, waarvan ongeveer "
        "12.500 arbeiders, in 14.312 huisgezinnen en 9.800 huizen.",
    )
    _is(found["64.694"], "64694", "persons", "count")
    assert found["64.694"]["period_start"] == "1869-01-01"
    _is(found["12.500"], "12500", "persons", "approximate")
    assert any("waarvan" in r for r in found["12.500"]["reasons"])
    _is(found["14.312"], "14312", "households", "count")
    _is(found["9.800"], "9800", "houses", "count")


def test_dutch_trade_ships_measures_and_guilders(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "nl",
        "In het jaar 1875 werden 3.456 mudden tarwe en 1.200 pikols koffij met 215 schepen "
        "uitgevoerd; de uitvoer bedroeg 2.345.678 gulden, en ruim 15 procent der waarde.",
    )
    _is(found["3.456"], "3456", "muds", "amount")
    _is(found["1.200"], "1200", "piculs", "amount")
    _is(found["215"], "215", "ships", "count")
    _is(found["2.345.678"], "2345678", "dutch-guilders", "amount")
    _is(found["15"], "15", "percent", "lower-bound")


def test_dutch_budget_plan_cents_read_into_the_amount_and_average(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "nl",
        "De begrooting voor 1878 bedroeg 45.600 gulden.\n"
        "De uitvoer bracht 12.345 gulden en 50 cents op.\n"
        "Gemiddeld werd 4,50 gulden per mud betaald.",
    )
    _is(found["45.600"], "45600", "dutch-guilders", "plan")
    _is(found["12.345"], "12345.50", "dutch-guilders", "amount")
    assert "50" not in found
    _is(found["4,50"], "4.50", "dutch-guilders", "average")


def test_dutch_numbers_in_words_hyphenated_and_compound(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "nl",
        "De stad telde in 1840 zes-en-zestig huizen en vijfhonderd menschen.",
    )
    _is(found["zes-en-zestig"], "66", "houses", "count")
    _is(found["vijfhonderd"], "500", "persons", "count")


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("zes-en-zestig", "66"),
        ("zesenzestig", "66"),
        ("drieëntwintig", "23"),
        ("drie-en-twintig", "23"),
        ("één-en-twintig", "21"),
        ("vijfhonderd", "500"),
        ("twee honderd en vijftig", "250"),
        ("vijfhonderdduizend", "500000"),
        ("drie millioen", "3000000"),
        ("anderhalf millioen", "1500000"),
        ("tweeënhalf", "2.5"),
        ("twee derde", "0.6667"),
    ],
)
def test_dutch_number_words(printed: str, value: str) -> None:
    assert read_number(printed, "nl") == Decimal(value)


def _excluded(tmp_path: Path, language: str, text: str) -> dict[str, str]:
    """The exclusions of a seed of `text` in `language`: quote → category."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    seed = tmp_path / "seed.txt"
    seed.write_text(text + "\n", encoding="utf-8")
    init_package(tmp_path / "package", seed, languages=[language])
    result = draft_package(tmp_path / "package", agent="test")
    return {e["quote"]: e["category"] for e in result.exclusions}


def test_danish_ordinals_glued_or_with_a_dot_are_no_figures(tmp_path: Path) -> None:
    text = "I 3die Klasse gik 350 Elever, i 1ste Afdeling 120 Elever og i 2. Klasse 80 Elever."
    excluded = _excluded(tmp_path, "da", text)
    assert excluded == {"3die": "ordinal", "1ste": "ordinal", "2. Klasse": "ordinal"}


def test_dutch_ordinals_and_a_half_year_are_no_figures(tmp_path: Path) -> None:
    text = "In de tweede helft van 1870 zaten 350 leerlingen in de 3e klasse en 120 in de 1ste."
    found = _drafted(tmp_path / "a", "nl", text)
    assert sorted(found) == ["120", "350"]
    assert _excluded(tmp_path / "b", "nl", text) == {"3e": "ordinal", "1ste": "ordinal"}


def test_a_day_before_a_month_in_the_older_spelling_is_a_date(tmp_path: Path) -> None:
    dutch = "Op 1 januarij 1870 telde de stad 12.345 inwoners."
    assert _excluded(tmp_path / "nl", "nl", dutch) == {"1 januarij": "date"}
    danish = "Den 1ste Mai 1870 havde Byen 12.345 Indbyggere."
    assert _excluded(tmp_path / "da", "da", danish) == {"1ste Mai": "date"}
    # an older spelling the Danish lexicon knows as a month: the whole date dates the figure
    october = _drafted(tmp_path / "da2", "da", danish.replace("Mai", "October"))
    assert october["12.345"]["period_start"] == "1870-10-01"
    found = _drafted(tmp_path / "nl2", "nl", dutch)
    assert sorted(found) == ["12.345"]
    assert found["12.345"]["period_start"] == "1870-01-01"
