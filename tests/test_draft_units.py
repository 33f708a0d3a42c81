"""`tekser draft` names units and statistics from the words, with CLDR (Babel) and pymorphy3:
currency signs and names, percent, physical and archival units, counted nouns and people in
en, ru, kk, de and fr; ranges and dash lists; decimals never counted; the hundredths of an
amount read into it; and a seed drafted, accepted and validated with no critical finding.
The seeds are written here, in the way such texts print figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tekser.authoring.draft import draft_package
from tekser.authoring.drafting.units import currency_signs, sign_reading, slug, unit_names
from tekser.authoring.init import init_package
from tests.conftest import run
from tests.drafting import assert_reads as _is
from tests.drafting import drafted as _drafted


def test_english_currency_signs_names_percent_units_and_counted_nouns(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "In 1880 the receipts were $1,234,567.89 and the board paid £350 to 120 teachers.\n"
        "The library held 4500 volumes; 35 per cent of the population could read.\n"
        "The county has 300 acres of woodland and 12 miles of road; 2 pounds sterling a week.\n"
        "There were 1500 children and 800 adults.",
    )
    _is(found["1,234,567.89"], "1234567.89", "us-dollars", "amount")
    reasons = " ".join(found["1,234,567.89"]["reasons"])
    assert "currency sign “$” before it" in reasons and "en's territory US" in reasons
    _is(found["350"], "350", "british-pounds", "amount")
    _is(found["120"], "120", "teachers", "count")
    _is(found["4500"], "4500", "volumes", "count")
    _is(found["35"], "35", "percent", "share")
    assert found["35"]["base"] == "population"
    _is(found["300"], "300", "acres", "amount")
    _is(found["12"], "12", "miles", "amount")
    _is(found["2"], "2", "british-pounds", "amount")
    _is(found["1500"], "1500", "persons", "count")
    _is(found["800"], "800", "persons", "count")


def test_dollars_and_cents_are_one_amount_and_the_cents_are_excluded(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("In 1885 each pupil cost 45 dollars and 30 cents.\n", encoding="utf-8")
    init_package(tmp_path / "package", seed, languages=["en"])
    result = draft_package(tmp_path / "package", agent="test")
    (amount,) = [p for p in result.proposals if p["printed"] == "45"]
    _is(amount, "45.30", "us-dollars", "amount")
    assert not [p for p in result.proposals if p["printed"] == "30"]
    (cents,) = [e for e in result.exclusions if e["quote"] == "30"]
    assert cents["category"] == "subunit-of-amount"


def test_russian_lemmas_currency_archival_units_and_people(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "В 1913 г. в уезде было 120 сельских учителей и 45 школ.\n"
        "Доход составил 1 234 руб., собрано 500 пудов хлеба с 300 десятин.\n"
        "Жителей было 15 000 человек; грамотных 35% населения.\n"
        "До станции 20 верст, вывезено 12 тонн.",
    )
    _is(found["120"], "120", "uchitel", "count")
    assert "lemma учитель" in " ".join(found["120"]["reasons"])
    _is(found["45"], "45", "schools", "count")
    _is(found["1 234"], "1234", "russian-rubles", "amount")
    _is(found["500"], "500", "puds", "amount")
    _is(found["300"], "300", "desyatinas", "amount")
    _is(found["15 000"], "15000", "persons", "count")
    _is(found["35"], "35", "percent", "share")
    _is(found["20"], "20", "versts", "amount")
    _is(found["12"], "12", "tonnes", "amount")


def test_kazakh_people_and_counted_nouns(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "kk",
        "1926 жылы ауданда 1200 ер мен 1100 әйел болды.\n"
        "1926 жылы ауданда 120 мұғалім, 45 мектеп болды.",
    )
    _is(found["1200"], "1200", "persons", "count")
    _is(found["1100"], "1100", "persons", "count")
    _is(found["120"], "120", slug("мұғалім"), "count")
    _is(found["45"], "45", "schools", "count")


def test_german_and_french_percent_currency_and_counted_nouns(tmp_path: Path) -> None:
    german = _drafted(
        tmp_path / "de",
        "de",
        "Im Jahre 1880 zählte die Stadt 12.345 Einwohner; 45 Prozent der Bevölkerung "
        "waren Arbeiter, 35 v. H. waren Kinder. Es gab 120 Lehrer, 1.234 Mark und 300 Kilometer.",
    )
    _is(german["12.345"], "12345", "persons", "count")
    _is(german["45"], "45", "percent", "share")
    assert german["45"]["base"] == "population"
    _is(german["35"], "35", "percent", "share")
    _is(german["120"], "120", "lehrer", "count")
    _is(german["1.234"], "1234", "german-marks", "amount")
    _is(german["300"], "300", "kilometers", "amount")
    french = _drafted(
        tmp_path / "fr",
        "fr",
        "En 1880, la ville comptait 12 345 habitants; 45 pour cent de la population; "
        "120 instituteurs; 1 234 francs; 12,5 hectares.",
    )
    _is(french["12 345"], "12345", "persons", "count")
    _is(french["45"], "45", "percent", "share")
    _is(french["120"], "120", "instituteur", "count")  # the lemma (simplemma), as in German
    _is(french["1 234"], "1234", "french-francs", "amount")
    _is(french["12,5"], "12.5", "hectares", "amount")


def test_ranges_and_lists_take_the_scale_and_unit_of_their_last_member(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "В 1913 г. урожай составил 30—31 миллион пудов.\n"
        "В 1913 г. посевы занимали 50— 70—120 тысяч десятин.\n"
        "В 1913 г. до станции было 20—25 верст.",
    )
    _is(found["30"], "30", "puds", "lower-bound", "million")
    _is(found["31 миллион"], "31", "puds", "upper-bound", "million")
    assert "31 миллион" in found["30"]["note"] and found["31 миллион"]["note"] == ""
    _is(found["50"], "50", "desyatinas", "amount", "thousand")
    _is(found["70"], "70", "desyatinas", "amount", "thousand")
    _is(found["120 тысяч"], "120", "desyatinas", "amount", "thousand")
    _is(found["20"], "20", "versts", "lower-bound")
    _is(found["25"], "25", "versts", "upper-bound")


def test_a_decimal_is_never_a_count_and_a_share_over_100_is_a_ratio(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "In 1890 there were 2.5 teachers to a school. In 1890 the output was 135 per cent.",
    )
    _is(found["2.5"], "2.5", "teachers", "amount")
    _is(found["135"], "135", "percent", "ratio")


def test_an_unknown_unit_word_is_shown_and_left_unspecified(tmp_path: Path) -> None:
    found = _drafted(tmp_path, "ru", "В 1913 г. было 45 зачем-то и 12 этих.")
    assert found["45"]["unit"] == "unspecified"
    assert any("“зачем-то”" in r for r in found["45"]["reasons"])


def test_cldr_gives_the_territorys_currency_for_a_shared_sign_and_unit_names() -> None:
    assert currency_signs("en")["$"][0] == "USD"
    french = sign_reading("fr", "$", "before")  # fr_CA's dollar, but the US's too
    assert french is not None and french.unit == "us-dollars" and "CAD" in french.reason
    assert currency_signs("ru")["₽"][0] == "RUB"
    assert unit_names("ru")[("километров",)] == "kilometers"
    assert unit_names("de")[("prozent",)] == "percent"
    assert unit_names("en")[("metric", "tons")] == "tonnes"


def test_a_language_without_a_lexicon_is_named_at_once_and_read_with_cldr(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("În 1880 drumul avea 300 kilometri și 12 locuitori.\n", encoding="utf-8")
    made = run("init", str(tmp_path / "package"), "--seed", str(seed), "--language", "ro")
    assert made.exit_code == 0, made.output
    (line,) = [x for x in made.stderr.splitlines() if "'ro'" in x]
    assert line.startswith("tekser init: no drafting lexicon for 'ro': units other than signs")
    drafted = run("draft", str(tmp_path / "package"), "--format", "json")
    assert drafted.exit_code == 0, drafted.output
    assert "tekser draft: no drafting lexicon for 'ro'" in drafted.stderr
    proposals = {p["printed"]: p for p in json.loads(drafted.stdout)["proposals"]}
    assert proposals["300"]["unit"] == "kilometers"  # CLDR's Romanian unit names
    assert proposals["12"]["unit"] == "unspecified"  # no lexicon: no counted noun, no guess


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "In 1880 the receipts were $1,234,567.89; the board paid 45 dollars and 30 cents "
            "to each of 120 teachers. In 1880, 35 per cent of the children could read, "
            "and the output was 135 per cent of the plan. In 1880 there were 2.5 teachers "
            "to a school and 30-40 schools.",
        ),
        (
            "ru",
            "В 1913 г. урожай составил 30—31 миллион пудов. В 1913 г. доход составил "
            "1 234 руб. 50 коп. В 1913 г. грамотных было 12,5 процента, учителей 1,5 на школу.",
        ),
    ],
)
def test_a_seed_drafted_and_accepted_validates_without_critical_findings(
    tmp_path: Path, language: str, text: str
) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(text + "\n", encoding="utf-8")
    package = tmp_path / "package"
    assert run("init", str(package), "--seed", str(seed), "--language", language).exit_code == 0
    assert run("draft", str(package)).exit_code == 0
    accepted = run("draft", str(package), "--accept")
    assert accepted.exit_code == 0, accepted.output
    report = json.loads(run("validate", str(package), "--format", "json").stdout)
    critical = [f for f in report["findings"] if f["severity"] == "critical"]
    assert critical == []


def test_numbers_in_words_have_their_value_scale_and_unit(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "In 1880 there were three thousand men, sixty millions of dollars and five hundred "
        "teachers.",
    )
    _is(found["three thousand"], "3", "persons", "count", "thousand")
    _is(found["sixty millions"], "60", "us-dollars", "amount", "million")
    _is(found["five hundred"], "500", "teachers", "count")


def test_a_packages_own_lexicon_names_its_words_and_silences_the_notice(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("Nel 1880 la città aveva 12.345 abitanti e 17 parrocchie.\n", encoding="utf-8")
    package = tmp_path / "package"
    assert run("init", str(package), "--seed", str(seed), "--language", "it").exit_code == 0
    (package / "lexicon").mkdir()
    (package / "lexicon" / "it.json").write_text(
        json.dumps(
            {
                "language": "it",
                "units": [{"words": ["abitant"], "unit": "persons", "statistic": "count"}],
                "not_units": ["anni$", "di$", "e$"],
            }
        ),
        encoding="utf-8",
    )
    drafted = run("draft", str(package), "--format", "json")
    assert drafted.exit_code == 0, drafted.output
    assert "no drafting lexicon" not in drafted.stderr
    proposals = {p["printed"]: p for p in json.loads(drafted.stdout)["proposals"]}
    _is(proposals["12.345"], "12345", "persons", "count")
    _is(proposals["17"], "17", "parrocchia", "count")  # a counted noun, its lemma (simplemma)
    assert "1880" not in proposals  # a year takes no counted noun


def test_french_centimes_and_pour_100(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(
        "En 1880, la dépense fut de 1 234 fr. 56 et 45 pour 100 de la population savaient lire.\n",
        encoding="utf-8",
    )
    init_package(tmp_path / "package", seed, languages=["fr"])
    result = draft_package(tmp_path / "package", agent="test")
    found = {p["printed"]: p for p in result.proposals}
    assert sorted(found) == ["1 234", "45"]
    _is(found["1 234"], "1234.56", "french-francs", "amount")
    _is(found["45"], "45", "percent", "share")
    assert found["45"]["base"] == "population"
    excluded = {e["quote"]: e["category"] for e in result.exclusions}
    assert (excluded["56"], excluded["100"]) == ("subunit-of-amount", "unit-word")


def test_abbreviations_and_word_stems_name_no_unit_by_chance(tmp_path: Path) -> None:
    """ "in" is CLDR's abbreviation of inches, "частных" opens with the stem of "час": neither
    names a unit; a counted noun stays the unit, a duration is an amount of years or weeks."""
    english = _drafted(
        tmp_path / "en",
        "en",
        "The parish had 2,300 in 1905 and 41 schools in 1906; the vicar served 26 years.",
    )
    assert english["2,300"]["unit"] != "inches"
    _is(english["41"], "41", "schools", "count")
    _is(english["26"], "26", "years", "amount")
    russian = _drafted(
        tmp_path / "ru",
        "ru",
        "В губернии было 410 частных школ. Он прожил там 12 недель.",
    )
    _is(russian["410"], "410", "schools", "count")
    _is(russian["12"], "12", "weeks", "amount")


def test_a_bare_figure_takes_the_unit_of_its_list_or_of_its_neighbour(tmp_path: Path) -> None:
    french = _drafted(
        tmp_path / "fr",
        "fr",
        "Les familles versaient 15, 8, 4 ou même 1 francs par mois.",
    )
    for printed in ("15", "8", "4", "1"):
        _is(french[printed], printed, "french-francs", "amount")
    assert "the last of" in " ".join(french["8"]["reasons"])
    english = _drafted(
        tmp_path / "en",
        "en",
        "The county kept 17 schools in 1895, 23 in 1900 and 31 in 1905.",
    )
    _is(english["23"], "23", "schools", "count")
    _is(english["31"], "31", "schools", "count")
    assert "the figure before it in its sentence" in " ".join(english["31"]["reasons"])
    russian = _drafted(
        tmp_path / "ru",
        "ru",
        "Деревня лежит в 37 верстах от уезда и в 212 от губернского города.",
    )
    _is(russian["212"], "212", "versts", "amount")


def test_a_table_takes_its_unit_from_a_heading_line(tmp_path: Path) -> None:
    budget = _drafted(
        tmp_path / "fr",
        "fr",
        "Recettes.\n\nFrancs.\n\nDouanes ........ 4.512.300\nPostes ........ 1.207.115\n",
    )
    _is(budget["4.512.300"], "4512300", "french-francs", "amount")
    _is(budget["1.207.115"], "1207115", "french-francs", "amount")
    assert "heading line “Francs.”" in " ".join(budget["1.207.115"]["reasons"])
    towns = _drafted(
        tmp_path / "sv",
        "sv",
        "Folkmängd i länets köpingar.\nÖstra köping 3 412\nVästra köping 2 917\n",
    )
    _is(towns["3 412"], "3412", "persons", "count")
    _is(towns["2 917"], "2917", "persons", "count")


def test_compounds_peoples_places_lemmas_and_capitals(tmp_path: Path) -> None:
    german = _drafted(
        tmp_path / "de",
        "de",
        "Im Hafen lagen 14 Segelschiffe und 9 Dampfer mit 312 Fabrikarbeitern.\n"
        "Die Auswanderer gingen nach:\n"
        "Chile . . 418\n"
        "Argentinien . . 97\n",
    )
    _is(german["14"], "14", "segelschiff", "count")
    _is(german["9"], "9", "dampfer", "count")
    _is(german["312"], "312", "persons", "count")
    assert german["418"]["unit"] != "argentinien"
    english = _drafted(
        tmp_path / "en",
        "en",
        "The district held 5,200 Germans and 1,150 Englishmen; 820 HOUSES were built.",
    )
    _is(english["5,200"], "5200", "persons", "count")
    _is(english["1,150"], "1150", "persons", "count")
    assert english["820"]["unit"] != "houses"


def test_statistics_words_fractions_times_and_grouping_commas(tmp_path: Path) -> None:
    russian = _drafted(
        tmp_path / "ru",
        "ru",
        "У него было до 450 казаков и около 2,5 млн рублей.",
    )
    _is(russian["450"], "450", "persons", "upper-bound")
    _is(russian["2,5 млн"], "2.5", "russian-rubles", "approximate", "million")
    english = _drafted(
        tmp_path / "en",
        "en",
        "The harvest was estimated at 61,000 bushels; about 3,400 men and 2,900 women "
        "worked on it, two thirds of them hired, and wages rose three times.",
    )
    assert english["61,000"]["statistic"] == "approximate"
    _is(english["2,900"], "2900", "persons", "approximate")
    _is(english["two thirds"], "0.6667", "fraction", "share")
    _is(english["three"], "3", "times", "ratio")
    german = _drafted(
        tmp_path / "de",
        "de",
        "Es wanderten 14,316 Personen aus; man schätzt sie auf 1,5 Mill. Menschen.",
    )
    _is(german["14,316"], "14316", "persons", "count")
    assert "thousands separator" in german["14,316"]["note"]
    _is(german["1,5 Mill."], "1.5", "persons", "approximate", "million")


def test_pre_reform_russian_weights_bounds_ranges_and_broken_words(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Въ 1835 году добыто 35 пуд. 12 фунт. 40 золот. и 8 дол. золота, а песковъ 7400 п.\n"
        "Въ селѣ болѣе 500 душъ; дрова стоятъ отъ 3 до 5 рублей за возъ.\n"
        "Умерло 7 чело- вѣкъ; плотина длиною 120 саж.; судно въ 90 ластовъ; 2 фунта стерлинговъ.",
    )
    _is(found["35"], "35", "puds", "amount")
    _is(found["12"], "12", "pounds", "amount")
    _is(found["40"], "40", "zolotniks", "amount")
    _is(found["8"], "8", "dolyas", "amount")
    _is(found["7400"], "7400", "puds", "amount")
    _is(found["500"], "500", "persons", "lower-bound")  # болѣе is более
    _is(found["3"], "3", "russian-rubles", "lower-bound")
    _is(found["5"], "5", "russian-rubles", "upper-bound")
    _is(found["7"], "7", "persons", "count")  # чело- вѣкъ: one word broken in its line
    _is(found["120"], "120", "sazhens", "amount")
    _is(found["90"], "90", "lasts", "amount")
    _is(found["2"], "2", "british-pounds", "amount")


def test_a_change_from_to_is_no_range(tmp_path: Path) -> None:
    found = _drafted(tmp_path / "ru", "ru", "Число школъ выросло съ 40 до 65 школ.")
    _is(found["40"], "40", "schools", "count")
    _is(found["65"], "65", "schools", "count")
    found = _drafted(
        tmp_path / "en",
        "en",
        "Eggs sold from 10 to 12 cents a dozen; the schools rose from 40 to 65.",
    )
    _is(found["10"], "10", "us-cents", "lower-bound")
    _is(found["12"], "12", "us-cents", "upper-bound")
    assert found["65"]["statistic"] != "upper-bound"


def test_german_unit_past_a_parenthesis_fraktur_and_dollars(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "de",
        "Ende 1905 waren es 8,4 (Ende 1904 7,9) v. H. der Betriebe mit 2,6 (2,1) v. H. des "
        "Kapitals.\nDas durchſchnittliche Kapital betrug 4,12 Millionen Mark.\n"
        "Die Einnahmen der Bahn im Mai 1906: 2 350 000 Dollars.",
    )
    _is(found["8,4"], "8.4", "percent", "share")
    _is(found["2,6"], "2.6", "percent", "share")
    _is(found["7,9"], "7.9", "percent", "share")
    _is(found["4,12 Millionen"], "4.12", "german-marks", "average", "million")
    _is(found["2 350 000"], "2350000", "us-dollars", "amount")


def test_english_estimates_are_plans_and_bounds_past_a_currency_sign(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "An estimate of $40,000,000 of bonds is in the report.\n"
        "There remained in the fund over $12,000,000.\n"
        "The appropriations for the year will not exceed $900,000,000.\n"
        "It is safe to deduct 3 per cent of the estimated expenditure.\n"
        "The town had about 9,000 inhabitants.",
    )
    _is(found["40,000,000"], "40000000", "us-dollars", "plan")
    _is(found["12,000,000"], "12000000", "us-dollars", "lower-bound")
    _is(found["900,000,000"], "900000000", "us-dollars", "upper-bound")
    _is(found["3"], "3", "percent", "share")
    _is(found["9,000"], "9000", "persons", "approximate")


def test_an_english_measure_of_income_names_no_currency(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "Income and wages.\nThe House adopted the rule on income by a vote of 124 to 112.",
    )
    assert found["124"]["unit"] != "roubles" and found["112"]["unit"] != "roubles"
