"""Numbers `tekser draft` must not propose as figures, on small invented texts: a table's row
numbers, a viewer's pager, file size and upload date, a catalogue record, a page number between
dashes, a volume's number, a footnote's mark and its note, the power of a metric unit; and a
whole with its hundredths printed as a fraction, read as one figure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.drafting import drafted_with_exclusions


def _furniture(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    from tekser.authoring.furniture import find_furniture
    from tekser.seeds.text import SourceText

    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    source = SourceText.read(seed)
    return [(f.category, source.text[f.start : f.end]) for f in find_furniture(source)]


def _draft(tmp_path: Path, text: str, language: str) -> tuple[dict[str, Any], dict[str, str]]:
    return drafted_with_exclusions(tmp_path, language, text, newline=False)


def test_the_numbers_of_a_tables_rows_are_enumeration(tmp_path: Path) -> None:
    text = "Padrones.\n\n1.» 1712 41,230\n\n2.’ 1768 52,904\n\n3 1787 60,118\n\n7 1797 61,002\n"
    assert _furniture(tmp_path, text) == [
        ("enumeration", "1"),
        ("enumeration", "2"),
        ("enumeration", "3"),
    ]


def test_two_numbered_lines_are_no_rows(tmp_path: Path) -> None:
    text = "Note.\n\n1 1712 41,230\n2 1768 52,904\n\nThe town grew.\n"
    assert _furniture(tmp_path, text) == []


def test_a_viewers_pager_size_date_and_number_are_its_furniture(tmp_path: Path) -> None:
    text = (
        "Pdf view\nбет3/41\nДата14.02.2019\nsize2,4 Mb.\n#5127\n"
        "1   2   3   4   5   ...   41\n\nThe district sowed 6 314 desyatins.\n"
    )
    assert _furniture(tmp_path, text) == [
        ("aggregator", "бет3/41"),
        ("aggregator", "Дата14.02.2019"),
        ("aggregator", "size2,4 Mb."),
        ("aggregator", "#5127"),
        ("aggregator", "1   2   3   4   5   ...   41"),
    ]


def test_a_row_of_counts_is_no_pager(tmp_path: Path) -> None:
    text = "Mills by district:\n3   4   5   6   9\n"
    assert _furniture(tmp_path, text) == []


def test_a_catalogue_record_dashed_pages_and_volumes(tmp_path: Path) -> None:
    text = (
        "Scan of the Page - 88 - in The County Atlas, Volume 7\n"
        "The county had 4,310 farms.\n"
        "- Title\n- The County Atlas\n- Date\n- 1891\n- Size\n- 18.2 x 25.0 cm\n"
        "- Pages\n- 312\n"
    )
    assert _furniture(tmp_path, text) == [
        ("page-number", "Page - 88 -"),
        ("bibliographic-reference", "Volume 7"),
        ("aggregator", "1891"),
        ("aggregator", "18.2"),
        ("aggregator", "25.0"),
        ("aggregator", "312"),
    ]


def test_a_list_of_dashed_counts_is_no_catalogue_record(tmp_path: Path) -> None:
    text = "- Wheat\n- 4,310\n- Oats\n- 2,020\n- Rye\n- 915\n"
    assert _furniture(tmp_path, text) == []


def test_a_footnotes_mark_and_its_note(tmp_path: Path) -> None:
    text = (
        "The mills shipped 3,120 tons (2) ; the rest went by road.\n"
        "(2) Not counting the small mills.\n"
        "In 1850 the towns held 8,400 souls 1). 1) Without the garrison.\n"
    )
    assert _furniture(tmp_path, text) == [
        ("footnote-mark", "2"),
        ("footnote-mark", "2"),
        ("footnote-mark", "1"),
        ("footnote-mark", "1"),
    ]


def test_a_mark_without_its_note_is_left(tmp_path: Path) -> None:
    text = "The mills shipped 3,120 tons (2) ; the rest went by road.\n"
    assert _furniture(tmp_path, text) == []


def test_the_power_of_a_metric_unit_is_no_figure(tmp_path: Path) -> None:
    text = "Amtet har 2 310.5 km.2 land og 12.4 indbyggere paa hver km2.\n"
    proposals, exclusions = _draft(tmp_path, text, "no")
    assert sorted(proposals) == ["12.4", "2 310.5"]
    assert sorted(exclusions.items()) == [("2", "unit-exponent")]


def test_hundredths_printed_as_a_fraction_are_one_figure(tmp_path: Path) -> None:
    text = "The duty on the pound of wool will be 4 35-100 cents, and on the yard 2 125/1000 cents."
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["2 125/1000", "4 35-100"]
    assert Decimal(proposals["4 35-100"]["value"]) == Decimal("4.35")
    assert Decimal(proposals["2 125/1000"]["value"]) == Decimal("2.125")
    assert proposals["4 35-100"]["unit"] == "us-cents"
    assert exclusions == {}


def test_a_range_after_a_number_is_no_fraction(tmp_path: Path) -> None:
    text = "The mills, 4 in all, paid 35-100 cents a day."
    proposals, _ = _draft(tmp_path, text, "en")
    assert "4 35-100" not in proposals


def test_a_printers_signature_before_a_page_break(tmp_path: Path) -> None:
    text = "The towns held 4,310 souls.\n\n3\n\n\n   LIBRARY STAMP\n\f\n— 48 —\n\nThe villages.\n"
    assert _furniture(tmp_path, text) == [("page-number", "3"), ("page-number", "48")]


def test_a_number_alone_before_more_text_is_no_signature(tmp_path: Path) -> None:
    text = "The towns held souls:\n\n3\n\nand the villages 12.\n\f\nThe end.\n"
    assert _furniture(tmp_path, text) == []


def test_the_base_of_a_density_or_an_index_is_no_figure(tmp_path: Path) -> None:
    proposals, exclusions = _draft(tmp_path / "ru", "На 1 кв. версту приходится 41,3 жителя.", "ru")
    assert sorted(proposals) == ["41,3"]
    assert exclusions == {"На 1": "ratio-base"}
    text = "The average condition of wheat was 87.4, 100 being the standard."
    proposals, exclusions = _draft(tmp_path / "en", text, "en")
    assert sorted(proposals) == ["87.4"]
    assert exclusions == {"100": "ratio-base"}


def test_letters_the_scan_read_as_digits_are_no_figures(tmp_path: Path) -> None:
    text = "Gli uomini erano 4,512 e 1’intero corpo contava 9,020 marinai."
    proposals, exclusions = _draft(tmp_path / "it", text, "it")
    assert sorted(proposals) == ["4,512", "9,020"]
    assert exclusions == {"1": "ocr-letter"}
    text = "$ 6. – Recettes d'ordre : 12.400 francs."
    proposals, exclusions = _draft(tmp_path / "fr", text, "fr")
    assert sorted(proposals) == ["12.400"]
    assert exclusions == {"$ 6": "section-number"}


def test_a_number_far_later_than_every_date_is_a_count(tmp_path: Path) -> None:
    text = (
        "In the year 1841 the town had 612 houses; the census showed heads 2075. "
        "It was built in 1790."
    )
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["2075", "612"]
    assert exclusions == {"in 1790": "narrative-year"}


def test_a_number_word_on_a_scanned_pages_title_is_no_figure(tmp_path: Path) -> None:
    text = "Page:Annales des Deux Provinces - 1891 - tome 12.djvu/45\n\nLe port reçut 4.120 tonnes."
    proposals, _ = _draft(tmp_path, text, "fr")
    assert sorted(proposals) == ["4.120"]


def test_a_number_far_later_than_every_bare_year_is_a_count(tmp_path: Path) -> None:
    text = "Spis z 1765 i spis z 1790 pokazują w mieście głów 2075."
    proposals, exclusions = _draft(tmp_path, text, "pl")
    assert sorted(proposals) == ["2075"]
    assert "2075" not in exclusions


def test_a_stacked_fraction_whose_slash_follows_its_terms(tmp_path: Path) -> None:
    text = "Намыто золота 12  2 3 ⁄  фунта, а платы по 40 р. в год."
    proposals, _ = _draft(tmp_path, text, "ru")
    assert sorted(proposals) == ["12  2 3 ⁄", "40"]
    assert Decimal(proposals["12  2 3 ⁄"]["value"]) == Decimal("12.666667")
