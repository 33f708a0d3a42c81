"""`tekser draft` reads Italian and Spanish with lexicons of their own: people counted,
families (Spanish vecinos), houses and ships, lire and pesetas with the archival currencies
and measures of the period (quintali, ettolitri, arrobas, fanegas), statistics words (circa,
oltre, bilancio di previsione; unos, más de, presupuesto, término medio), number words
(duecentoquarantacinque, doscientos treinta y cinco) and the numbers of cited pages and
articles excluded. The seeds are invented, written the way such texts print figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tekser.authoring.draft import draft_package
from tekser.authoring.drafting.lexicon import shipped_languages
from tekser.authoring.drafting.units import language_notes
from tekser.authoring.init import init_package
from tekser.seeds.numbers import read_number
from tests.conftest import read_rows
from tests.drafting import assert_reads as _is
from tests.drafting import drafted_with_exclusions as _draft


@pytest.mark.parametrize("language", ["it", "es"])
def test_italian_and_spanish_are_shipped_languages(language: str) -> None:
    assert language in shipped_languages()
    assert language_notes([language]) == []


def test_italian_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "it",
        "Secondo il censimento del 1881 il mandamento contava circa 12.450 abitanti e "
        "2.310 famiglie in 1.875 case.\n\n"
        "Nel 1885 il porto ricevette 340 bastimenti per 56.200 tonnellate; si esportarono "
        "18.500 quintali di grano e 4.200 ettolitri di vino.\n\n"
        "Il bilancio di previsione del comune per il 1890 porta le entrate a L. 245.600.\n\n"
        "La scuola aveva duecentoquarantacinque alunni e la biblioteca oltre tremila volumi.\n\n"
        "In media ogni famiglia possedeva 3 capi di bestiame; vedi pag. 45 e art. 12 della legge.",
    )
    _is(found["12.450"], "12450", "persons", "approximate")
    _is(found["2.310"], "2310", "households", "count")
    _is(found["1.875"], "1875", "houses", "count")
    _is(found["340"], "340", "ships", "count")
    _is(found["56.200"], "56200", "register-tons", "amount")  # the ships' tonnage
    _is(found["18.500"], "18500", "quintals", "amount")
    _is(found["4.200"], "4200", "hectolitres", "amount")
    _is(found["245.600"], "245600", "italian-lire", "plan")
    _is(found["duecentoquarantacinque"], "245", "persons", "count")
    assert (found["tremila"]["value"], found["tremila"]["statistic"]) == ("3000", "lower-bound")
    _is(found["3"], "3", "heads", "average")
    assert excluded == {"pag. 45": "bibliographic-reference", "art. 12": "section-number"}


def test_italian_shares_rates_and_currencies(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "it",
        "Nel 1870 la tassa fruttò 8.400 scudi e 1.250 fiorini; il 35 % degli abitanti "
        "sapeva leggere, e si contavano 28 nati per 1000 abitanti.\n\n"
        "Le entrate furono di lire 95.000, di cui lire 62.000 dall'imposta fondiaria.",
    )
    _is(found["62.000"], "62000", "italian-lire", "amount")  # dall'imposta names no unit
    _is(found["8.400"], "8400", "scudi", "amount")
    _is(found["1.250"], "1250", "guilders", "amount")
    _is(found["35"], "35", "percent", "share")
    _is(found["28"], "28", "persons", "count")
    assert excluded == {"per 1000": "ratio-base"}


def test_spanish_census_trade_budget_and_words(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "es",
        "Según el censo de 1877 la villa tenía unos 8.450 habitantes y 1.920 vecinos, con "
        "1.310 casas.\n\n"
        "En 1882 entraron en el puerto 215 buques con 48.300 toneladas; se exportaron 12.600 "
        "quintales de lana y 3.400 arrobas de aceite.\n\n"
        "El presupuesto de gastos para 1895 asciende a 2.350.000 pesetas.\n\n"
        "La escuela tenía doscientos treinta y cinco alumnos y la biblioteca más de tres mil "
        "volúmenes.\n\n"
        "Por término medio cada labrador cosechaba 40 fanegas de trigo; véase pág. 12 y art. 7 "
        "de la ley.",
    )
    _is(found["8.450"], "8450", "persons", "approximate")
    _is(found["1.920"], "1920", "households", "count")
    _is(found["1.310"], "1310", "houses", "count")
    _is(found["215"], "215", "ships", "count")
    _is(found["48.300"], "48300", "register-tons", "amount")  # the ships' tonnage
    _is(found["12.600"], "12600", "quintals", "amount")
    _is(found["3.400"], "3400", "arrobas", "amount")
    _is(found["2.350.000"], "2350000", "spanish-pesetas", "plan")
    _is(found["doscientos treinta y cinco"], "235", "persons", "count")
    assert found["tres mil"]["statistic"] == "lower-bound"
    assert (found["tres mil"]["value"], found["tres mil"]["scale"]) == ("3", "thousand")
    _is(found["40"], "40", "fanegas", "average")
    assert "medio" not in found  # término medio names an average, not a half
    assert excluded == {"pág. 12": "bibliographic-reference", "art. 7": "section-number"}


def test_spanish_reales_shares_and_rates(tmp_path: Path) -> None:
    found, excluded = _draft(
        tmp_path,
        "es",
        "En 1840 la contribución produjo 64.000 reales de vellón y 1.500 escudos; el 12 % "
        "de los vecinos era propietario, y hubo 31 nacidos por 1000 habitantes.",
    )
    _is(found["64.000"], "64000", "spanish-reales", "amount")
    _is(found["1.500"], "1500", "escudos", "amount")
    _is(found["12"], "12", "percent", "share")
    _is(found["31"], "31", "persons", "count")
    assert excluded == {"por 1000": "ratio-base"}


@pytest.mark.parametrize(
    ("printed", "language", "value"),
    [
        ("duecentoquarantacinque", "it", "245"),
        ("milleottocentottantuno", "it", "1881"),
        ("tre mila", "it", "3000"),
        ("ventitré", "it", "23"),
        ("un milione e mezzo", "it", "1500000"),
        ("tres mil doscientos cuarenta y cinco", "es", "3245"),
        ("diez y seis", "es", "16"),
        ("veintitrés", "es", "23"),
        ("quinientas", "es", "500"),
        ("dos millones y medio", "es", "2500000"),
    ],
)
def test_italian_and_spanish_number_words(printed: str, language: str, value: str) -> None:
    assert read_number(printed, language) == Decimal(value)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Nel 1881 il comune contava 1.200 abitanti, dei quali 300 contadini."),
        ("es", "En 1877 el pueblo tenía 1.200 casas, de las cuales 300 de labranza."),
    ],
)
def test_italian_and_spanish_parts_of_a_whole(tmp_path: Path, language: str, text: str) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(text + "\n", encoding="utf-8")
    init_package(tmp_path / "package", seed, languages=[language])
    draft_package(tmp_path / "package", agent="test").write()
    drafts = tmp_path / "package" / "drafts"
    values = {r["figure_id"]: r["value"] for r in read_rows(drafts / "figures.csv")}
    pairs = {
        (values[r["whole_figure_id"]], values[r["part_figure_id"]])
        for r in read_rows(drafts / "part_whole.csv")
    }
    assert pairs == {("1200", "300")}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "Nel 1885 ogni alunno costò 45 lire e 30 centesimi al comune."),
        ("es", "En 1885 cada alumno costó 45 pesetas y 30 céntimos al municipio."),
    ],
)
def test_lire_and_pesetas_take_their_hundredths(tmp_path: Path, language: str, text: str) -> None:
    found, excluded = _draft(tmp_path, language, text)
    unit = {"it": "italian-lire", "es": "spanish-pesetas"}[language]
    _is(found["45"], "45.30", unit, "amount")
    assert "30" not in found and excluded == {"30": "subunit-of-amount"}
