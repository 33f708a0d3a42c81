"""`tekser draft` reads Norwegian, Portuguese and Czech with lexicons of their own
(draft/<language>.json, numbers/<language>.json and their entries in structure.json): people
counted, households (husholdninger, fogos, domácnosti), houses and ships, the speciedaler,
krone and øre, réis, contos de réis, escudos and centavos, zlaté and krejcary, the weights and
measures of the period (tønder, skippund, pipas, quintaes, arrobas, saccas, metrické centy),
statistics words and number words. Norwegian Bokmål (nb) and Nynorsk (nn) read with the
Norwegian lexicons (no). The seeds are invented, written the way such texts print figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tekser.authoring.drafting.lexicon import load, shipped_languages
from tekser.authoring.drafting.relations import structure_words
from tekser.authoring.drafting.units import language_notes
from tekser.seeds.locales import has_number_words, lexicon_language
from tekser.seeds.numbers import read_number
from tests.drafting import assert_reads as _is
from tests.drafting import drafted_with_exclusions as _draft


@pytest.mark.parametrize(
    "tag", ["no", "nb", "nn", "nb-NO", "nn-NO", "pt", "pt-BR", "pt-PT", "cs", "cs-CZ"]
)
def test_norwegian_portuguese_and_czech_tags_find_their_lexicons(tag: str) -> None:
    language = tag[:2] if tag.startswith(("pt", "cs")) else "no"
    assert lexicon_language(tag) == language and language in shipped_languages()
    assert language_notes([tag]) == []
    assert has_number_words(tag)
    assert structure_words(tag) is not None
    lexicon = load(tag.split("-")[0])
    assert lexicon is not None and lexicon.language == tag.split("-")[0]
    assert any(e.values["unit"] == "persons" for e in lexicon.units)


def test_a_language_of_no_macrolanguage_keeps_its_own_subtag() -> None:
    assert [lexicon_language(t) for t in ("da-DK", "sv", "NB_no", " nn ")] == [
        "da",
        "sv",
        "no",
        "no",
    ]
    assert load("ro") is None


@pytest.mark.parametrize(
    ("printed", "tag", "value"),
    [
        ("femogtyve", "nb", "25"),
        ("tjuefem", "nn", "25"),
        ("syv hundrede og enogtyve", "no", "721"),
        ("tre tusen fem hundre", "nb-NO", "3500"),
        ("halvannen million", "no", "1500000"),
        ("1 234 567", "nb", "1234567"),
        ("duzentos e trinta e cinco", "pt", "235"),
        ("mil oitocentos e noventa e sete", "pt-BR", "1897"),
        ("tres mil duzentas e quarenta", "pt-PT", "3240"),
        ("dois milhões e meio", "pt", "2500000"),
        ("1.234.567,5", "pt-BR", "1234567.5"),
        ("pětadvacet", "cs", "25"),
        ("dvě stě třicet pět", "cs", "235"),
        ("tři tisíce dvě stě", "cs-CZ", "3200"),
        ("půl milionu", "cs", "500000"),
        ("1 234 567,5", "cs", "1234567.5"),
    ],
)
def test_norwegian_portuguese_and_czech_number_words(printed: str, tag: str, value: str) -> None:
    assert read_number(printed, tag) == Decimal(value)


def test_dano_norwegian_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "nb",
        "Ved Folketællingen 1891 havde Herredet omtrent 4 350 Indbyggere og 812 "
        "Husholdninger.\n\n"
        "I 1885 indklarerede 214 Skibe med 38 500 Registertons; der udførtes 12 400 Tønder "
        "Sild og 3 200 Skippund Fisk.\n\n"
        "Statsbudgettet for 1890 opfører Indtægterne til 45 600 Kroner, hvoraf 12 000 Kr. af "
        "Tolden.\n\n"
        "Skolen havde femogtyve Elever; se S. 45 og 2. Udg.",
    )
    _is(found["4 350"], "4350", "persons", "approximate")
    _is(found["812"], "812", "households", "count")
    _is(found["214"], "214", "ships", "count")
    _is(found["38 500"], "38500", "register-tons", "amount")
    _is(found["12 400"], "12400", "tonder", "amount")
    _is(found["3 200"], "3200", "skippunds", "amount")
    _is(found["45 600"], "45600", "norwegian-kroner", "plan")
    _is(found["12 000"], "12000", "norwegian-kroner", "amount")
    _is(found["femogtyve"], "25", "persons", "count")
    assert excluded == {"S. 45": "bibliographic-reference", "2. Udg.": "ordinal"}


def test_nynorsk_and_bokmal_counts_money_and_livestock(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "nn",
        "Ved folketellingen i 1910 hadde kommunen nesten 6 200 innbyggere fordelt på 1 150 "
        "husholdninger.\n\n"
        "I 1912 ble det utført 18 500 tonn trelast og 2 300 hektoliter tran, verdt 4 500 "
        "kroner 50 øre.\n\n"
        "Budsjettet for 1914 fører opp utgiftene med 312 000 kr.\n\n"
        "Amtet hadde 1 234 hester og 5 600 faar, i gjennomsnitt 3,2 kyr pr. bruk.",
    )
    _is(found["6 200"], "6200", "persons", "approximate")
    _is(found["1 150"], "1150", "households", "count")
    _is(found["18 500"], "18500", "tonnes", "amount")
    _is(found["2 300"], "2300", "hectolitres", "amount")
    _is(found["4 500"], "4500.50", "norwegian-kroner", "amount")  # the øre read into it
    _is(found["312 000"], "312000", "norwegian-kroner", "plan")
    _is(found["1 234"], "1234", "horses", "count")
    _is(found["5 600"], "5600", "sheep", "count")
    _is(found["3,2"], "3.2", "cattle", "average")
    assert excluded == {"50": "subunit-of-amount"}


def test_older_norwegian_money_and_measures(tmp_path: Path) -> None:
    found, _ = _draft(
        tmp_path,
        "no",
        "Gaarden blev i 1850 solgt for 1 200 Spd.; den har 45 Maal Ager, og Skatten er "
        "over 36 Skilling.\n\n"
        "Fra Byen udskibedes 840 Kommercelæster Trælast og 2 600 Vaager Fisk.",
    )
    _is(found["1 200"], "1200", "speciedalers", "amount")
    _is(found["45"], "45", "maals", "amount")
    _is(found["36"], "36", "skillings", "lower-bound")
    _is(found["840"], "840", "lasts", "amount")
    _is(found["2 600"], "2600", "vogs", "amount")


def test_brazilian_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "pt-BR",
        "Segundo o recenseamento de 1890 a freguezia contava cerca de 4.350 habitantes e 812 "
        "fogos em 640 casas.\n\n"
        "Em 1885 entraram no porto 214 navios; exportaram-se 12.400 saccas de café e 3.200 "
        "arrobas de assucar.\n\n"
        "O orçamento do municipio para 1890 fixa a despeza em 245 contos de réis.\n\n"
        "A escola tinha duzentos e trinta e cinco alumnos e mais de tres mil volumes.\n\n"
        "Em media cada familia possuia 4,5 cabeças de gado; vide pag. 45 e art. 12 da lei.",
    )
    _is(found["4.350"], "4350", "persons", "approximate")
    _is(found["812"], "812", "households", "count")
    _is(found["640"], "640", "houses", "count")
    _is(found["214"], "214", "ships", "count")
    _is(found["12.400"], "12400", "bags", "amount")
    _is(found["3.200"], "3200", "arrobas", "amount")
    _is(found["245"], "245", "contos-de-reis", "plan")
    _is(found["duzentos e trinta e cinco"], "235", "persons", "count")
    assert (found["tres mil"]["value"], found["tres mil"]["statistic"]) == ("3", "lower-bound")
    _is(found["4,5"], "4.5", "heads", "average")
    assert excluded == {"pag. 45": "bibliographic-reference", "art. 12": "section-number"}


def test_portuguese_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "pt-PT",
        "No recenseamento de 1878 o concelho tinha approximadamente 9.870 habitantes, em "
        "2.140 fogos e 1.960 predios.\n\n"
        "Em 1880 sairam da barra 126 navios, levando 4.300 pipas de vinho e 850 quintaes de "
        "cortiça.\n\n"
        "Havia na villa mil e quinhentos alumnos; vide tomo 2.\n\n"
        "A despeza foi de 2.500 escudos e 25 centavos, e 12 % dos nascidos morreram.",
    )
    _is(found["9.870"], "9870", "persons", "approximate")
    _is(found["2.140"], "2140", "households", "count")
    _is(found["1.960"], "1960", "houses", "count")
    _is(found["126"], "126", "ships", "count")
    _is(found["4.300"], "4300", "pipes", "amount")
    _is(found["850"], "850", "quintals", "amount")
    _is(found["mil e quinhentos"], "1500", "persons", "count")
    _is(found["2.500"], "2500.25", "escudos", "amount")  # the centavos read into it
    _is(found["12"], "12", "percent", "share")
    assert "2" not in found  # "tomo 2": a volume named by its number, furniture since init
    assert excluded == {"25": "subunit-of-amount"}


def test_czech_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "cs",
        "Při sčítání lidu roku 1880 čítala obec asi 3 450 obyvatel ve 612 domácnostech a 418 "
        "domech.\n\n"
        "Roku 1885 vyvezeno bylo 12 400 metrických centů cukru a 3 200 hektolitrů piva; do "
        "přístavu připlulo 214 lodí.\n\n"
        "Zemský rozpočet na rok 1890 preliminuje příjmy na 245 600 zl.\n\n"
        "Škola měla pětadvacet žáků; viz str. 45 a § 12 zákona.\n\n"
        "V průměru připadalo na jednu rodinu 4,5 osob; daň činila 120 zl. 50 kr. a 35 % "
        "obyvatel umělo číst.",
    )
    _is(found["3 450"], "3450", "persons", "approximate")
    _is(found["612"], "612", "households", "count")
    _is(found["418"], "418", "houses", "count")
    _is(found["12 400"], "12400", "quintals", "amount")
    _is(found["3 200"], "3200", "hectolitres", "amount")
    _is(found["214"], "214", "ships", "count")
    _is(found["245 600"], "245600", "guilders", "plan")
    _is(found["pětadvacet"], "25", "persons", "count")
    _is(found["4,5"], "4.5", "persons", "average")
    _is(found["120"], "120.50", "guilders", "amount")  # the krejcary read into it
    _is(found["35"], "35", "percent", "share")
    assert excluded == {
        "str. 45": "bibliographic-reference",
        "§ 12": "section-number",
        "50": "subunit-of-amount",
    }


def test_nynorsk_words_of_people_households_boats_and_bounds(tmp_path: Path) -> None:
    found, _ = _draft(
        tmp_path,
        "nn",
        "I 1920 hadde bygda om lag 2 300 innbyggjarar i 410 hushald, og meir enn 120 båtar.",
    )
    _is(found["2 300"], "2300", "persons", "approximate")
    _is(found["410"], "410", "households", "count")
    _is(found["120"], "120", "ships", "lower-bound")


def test_the_cifrao_names_mil_reis(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "pt-BR",
        "A receita do municipio foi de 12$000 em 1890.\n\nO imposto rendeu 450$000 réis.",
    )
    _is(found["12$000"], "12", "brazilian-mil-reis", "amount")
    _is(found["450$000"], "450", "brazilian-mil-reis", "amount")
    assert set(found) == {"12$000", "450$000"}
    assert excluded == {}


def test_capitalised_nouns_of_the_older_norwegian_print_are_counted(tmp_path: Path) -> None:
    found, _ = _draft(
        tmp_path,
        "nb",
        "Amtet havde i 1865 14 Herreder med 52 Kirker og 310 Skoler; der fødtes 1 420 Børn, "
        "og 16 Fabriker var i Drift.",
    )
    _is(found["14"], "14", "districts", "count")
    _is(found["52"], "52", "churches", "count")
    _is(found["310"], "310", "schools", "count")
    _is(found["1 420"], "1420", "persons", "count")
    _is(found["16"], "16", "enterprises", "count")
