"""Units a reader gives the bare figures of a passage (unit_passage.py), the metric tonne's
name, and an OCR's capital I read as l. The sentences are invented."""

from __future__ import annotations

from pathlib import Path

from tekser.authoring.drafting.units import unit_names
from tests.drafting import assert_reads as _is
from tests.drafting import drafted as _drafted


def test_bare_figures_of_a_paragraph_take_the_unit_it_names(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "Byen havde 52.310 Indbyggere, mod 48.120 Indbyggere ti Aar før. "
        "Fødte. Døde. Mandk. Qvindek. Mandk. Qvindek. 1870. 812. 790. 655. 601. "
        "1871. 830. 801. 640. 622.",
    )
    for printed in ("812", "790", "655", "601", "830", "801", "640", "622"):
        _is(found[printed], printed, "persons", "count")
        assert any("of its paragraph" in r for r in found[printed]["reasons"]), printed


def test_a_paragraph_of_several_units_gives_none(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "Byen havde 52.310 Indbyggere og 812 Huse. Dertil kom 655 og 601.",
    )
    assert found["655"]["unit"] == "unspecified"
    assert found["601"]["unit"] == "unspecified"


def test_a_share_or_a_duration_is_no_unit_of_the_passage(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "da",
        "Tolden steg 12 pCt. og 15 pCt. i 3 Aar og 4 Aar. Dertil kom 655 og 601.",
    )
    assert found["655"]["unit"] == "unspecified"


def test_an_ocr_capital_i_read_as_l(tmp_path: Path) -> None:
    found = _drafted(tmp_path, "da", "Sognet talte 1.234 lndivider og 56 Huse.")
    _is(found["1.234"], "1234", "persons", "count")
    assert any("capital I" in r for r in found["1.234"]["reasons"])


def test_the_metric_tonne_is_named_tonnes(tmp_path: Path) -> None:
    assert unit_names("fr")[("tonnes",)] == "tonnes"
    found = _drafted(tmp_path, "fr", "Le port reçut 45 600 tonnes de houille.")
    _is(found["45 600"], "45600", "tonnes", "amount")


def test_the_tonnage_of_ships_is_register_tons(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "it",
        "Il porto contava 412 bastimenti di 38.150 tonnellate (398 di 30.020 tonnellate a "
        "vela). Si esportarono 5.600 tonnellate di zolfo.",
    )
    _is(found["38.150"], "38150", "register-tons", "amount")
    _is(found["30.020"], "30020", "register-tons", "amount")
    _is(found["398"], "398", "ships", "count")
    _is(found["5.600"], "5600", "tonnes", "amount")


def test_a_vote_of_so_many_to_so_many(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path, "en", "The House passed the measure by a vote of 212 to 187 on Friday."
    )
    assert found["212"]["unit"] == "votes"
    assert found["187"]["unit"] == "votes"


def test_a_share_of_the_average_is_a_share(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "en",
        "The rye crop is put at 412,000 bushels, 93.5 per cent of last year's crop and 88\n"
        "per cent of the five-year average.",
    )
    _is(found["93.5"], "93.5", "percent", "share")
    _is(found["88"], "88", "percent", "share")


def test_a_table_takes_the_measure_the_sentence_before_it_names(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "es",
        "Damos a continuación la población de la villa en varias épocas de su historia\n\n"
        "[cuadro]\n\n1.° 1768 12,310\n\n2.° 1787 13,950\n\n3.° 1797 15,020\n",
    )
    for printed in ("12,310", "13,950", "15,020"):
        assert found[printed]["unit"] == "persons", found[printed]
        assert any("before its table" in r for r in found[printed]["reasons"])


def test_a_flattened_heading_gives_the_columns_their_units(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "ru",
        "Вывозъ хлѣба по годамъ былъ таковъ. Пшеницы Ржи Овса пудъ. пудъ. "
        "Ч е т в е р т е й. Въ 1821 1,200 3,400 5,100 9,200. Въ 1822 1,300 3,100 4,500 8,300.",
    )
    assert [found[p]["unit"] for p in ("1,200", "3,400", "5,100", "9,200")] == [
        "puds",
        "puds",
        "chetverts",
        "chetverts",
    ]
    assert [found[p]["unit"] for p in ("1,300", "3,100", "4,500", "8,300")] == [
        "puds",
        "puds",
        "chetverts",
        "chetverts",
    ]
    assert any("printed once over" in r for r in found["9,200"]["reasons"])


def test_old_print_read_by_an_ocr_and_old_russian_spelling(tmp_path: Path) -> None:
    dutch = _drafted(tmp_path / "nl", "nl", "In dat jaar kwamen 31 fchepen met 2280 flaaven aan.")
    _is(dutch["31"], "31", "ships", "count")
    _is(dutch["2280"], "2280", "persons", "count")
    assert any("long s" in r for r in dutch["31"]["reasons"])
    russian = _drafted(
        tmp_path / "ru",
        "ru",
        "Родилось: мужескаго пола 118, женскаго 104. Зданій казнѣ принадлежащихъ 12.",
    )
    _is(russian["118"], "118", "persons", "count")
    _is(russian["104"], "104", "persons", "count")
    _is(russian["12"], "12", "zdanie", "count")


def test_partitives_signs_and_words_of_period_texts(tmp_path: Path) -> None:
    english = _drafted(
        tmp_path / "en",
        "en",
        "About 3,200 of these claims are pending. Oats sold at 45¢ a bushel; "
        "the parish had 8,100 whites and 6,400 negroes.",
    )
    _is(english["3,200"], "3200", "claims", "approximate")
    _is(english["45"], "45", "us-cents", "amount")
    _is(english["8,100"], "8100", "persons", "count")
    _is(english["6,400"], "6400", "persons", "count")
    german = _drafted(
        tmp_path / "de",
        "de",
        "Das Land zählt 4 freie Städte, 61 234,5 qkm und 1 234 567 Einw.",
    )
    _is(german["4"], "4", "stadt", "count")
    _is(german["61 234,5"], "61234.5", "square-kilometers", "amount")
    _is(german["1 234 567"], "1234567", "persons", "count")


def test_a_row_label_hyphenated_over_a_line_end_names_no_unit(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "de",
        "Es wanderten aus nach:\nBrasilien . . 3119\nWestindien. . 100\nBritisch-Nord-\n"
        "amerika 222\nAsien 36",
    )
    assert found["100"]["unit"] == "unspecified"


def test_a_row_under_a_heading_of_its_own_keeps_no_unit_of_the_prose(tmp_path: Path) -> None:
    found = _drafted(
        tmp_path,
        "de",
        "Die Bank hatte 12 300 000 Mark Pfandbriefe und 8 100 000 Mark Darlehen.\n"
        "Anzahl der Wagen\nGestellt 31 204 12 876",
    )
    assert found["31 204"]["unit"] == "unspecified"
