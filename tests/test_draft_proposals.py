"""Which numbers `tekser draft` proposes as figures and which it excludes, on small invented
texts: bounds of a class, days without a year, counts that look like years, furniture, lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.drafting import drafted_with_exclusions


def _draft(tmp_path: Path, text: str, language: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The proposals by printed token (value, unit) and the exclusions' categories by quote."""
    return drafted_with_exclusions(tmp_path, language, text, newline=False)


def test_bounds_of_a_class_are_excluded_and_its_count_proposed(tmp_path: Path) -> None:
    text = (
        "In the county the number of holdings above 250 acres rose to 4,127, and the\n"
        "holdings between 40 and 90 acres fell to 12,530.\n"
    )
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["12,530", "4,127"]
    assert exclusions == {
        "holdings above 250": "class-bound",
        "holdings between 40 and 90": "class-bound",
    }


def test_the_bounds_opening_a_table_row_are_excluded(tmp_path: Path) -> None:
    text = "Size of holding. Number.\n\nI.— Under 4 acres 3,512\n\nII.— 4 to 12 acres 7,804\n"
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["3,512", "7,804"]
    assert sorted(exclusions.values()) == ["class-bound", "class-bound"]


def test_russian_age_classes_are_excluded(tmp_path: Path) -> None:
    text = "Стариков было 7, именно: от 85 до 90 лет мужского пола 3; от 90 до 95 женского 4.\n"
    proposals, exclusions = _draft(tmp_path, text, "ru")
    assert sorted(proposals) == ["3", "4", "7"]
    assert sorted(exclusions) == ["от 85 до 90", "от 90 до 95"]


def test_a_day_between_its_month_and_year_is_a_date(tmp_path: Path) -> None:
    text = "Обоз пришел декабря 14, 1880 года; привезено 320 пудов соли.\n"
    proposals, exclusions = _draft(tmp_path, text, "ru")
    assert sorted(proposals) == ["320"]
    assert exclusions["декабря 14"] == "date"


def test_counts_that_look_like_years_are_proposed_when_their_list_says_so(
    tmp_path: Path,
) -> None:
    text = (
        "The ports shipped, by year:\n1881: 1734\n1882: 2950\n\n"
        "* District north 612\n* District south 1206\n* District east 2480\n\n"
        "The province had 31 towns, 54 hamlets and 1092 villages.\n"
        "The canal was opened in 1846.\n"
    )
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert {"1734", "2950", "1206", "1092"} <= set(proposals)
    assert "1846" not in proposals
    assert "1846" in " ".join(exclusions)


def _furniture(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    from tekser.authoring.furniture import find_furniture
    from tekser.seeds.text import SourceText

    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    source = SourceText.read(seed)
    return [(f.category, source.text[f.start : f.end]) for f in find_furniture(source)]


def test_a_reading_sites_statistics_lines_are_its_furniture(tmp_path: Path) -> None:
    text = (
        "Total number of words is 4120\nTotal number of unique words is 1803\n"
        "31.5 of words are in the 2000 most common words\n"
        "The mill employed 212 hands.\n"
    )
    assert _furniture(tmp_path, text) == [
        ("aggregator", "Total number of words is 4120"),
        ("aggregator", "Total number of unique words is 1803"),
        ("aggregator", "31.5 of words are in the 2000 most common words"),
    ]


def test_a_header_in_capitals_and_a_dashed_page_number_are_page_numbers(
    tmp_path: Path,
) -> None:
    text = (
        "the mills employed 212 hands\n\nTHE REPORT ON THE MILLS. 214\n\n"
        "and paid 3,400 dollars.\n\n— 27 \n\nThe next page.\n"
    )
    assert _furniture(tmp_path, text) == [("page-number", "214"), ("page-number", "27")]


def test_list_marks_run_into_a_sentence_and_cited_pages_joined_by_and(tmp_path: Path) -> None:
    text = (
        "We changed the table 1) by adding the hamlets, 2) by leaving out the mills.\n"
        "See the survey of 1888. p. 14 and 19; Acta, vol 12 cc 301-4; Akty, т. II, 57, 61.\n"
    )
    assert _furniture(tmp_path, text) == [
        ("enumeration", "1"),
        ("enumeration", "2"),
        ("bibliographic-reference", "p. 14 and 19"),
        ("bibliographic-reference", "vol 12 cc 301-4"),
        ("bibliographic-reference", "т. II, 57, 61"),
    ]


def test_a_list_label_opens_a_line_after_a_sentence_end(tmp_path: Path) -> None:
    text = "The second part is done.\n3. Third part: the hills, 45 farms.\n"
    assert _furniture(tmp_path, text) == [("enumeration", "3")]


def test_a_bound_named_again_with_its_unit_is_a_class_bound(tmp_path: Path) -> None:
    text = (
        "The holdings above 250 acres grew to 4,127. A holding of 250 acres is large; "
        "the average fell from 250 to 230 acres.\n"
    )
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["230", "250", "4,127"]
    assert proposals["250"]["printed_start"] == text.index("from 250") + 5
    assert sorted(exclusions.values()) == ["class-bound", "class-bound"]


def test_russian_sections_short_years_and_cardinal_endings(tmp_path: Path) -> None:
    text = "§ 3. Сего 81 года построено зданий 14-ть, а лавок 9.\n"
    proposals, exclusions = _draft(tmp_path, text, "ru")
    assert sorted(proposals) == ["14", "9"]
    assert exclusions == {"§ 3": "section-number", "Сего 81": "date"}


def test_german_base_of_one_unit_is_a_ratio_base(tmp_path: Path) -> None:
    text = "Im Kreise kommen auf 1 qkm 85 Einwohner.\n"
    proposals, exclusions = _draft(tmp_path, text, "de")
    assert sorted(proposals) == ["85"]
    assert list(exclusions.values()) == ["ratio-base"]


def test_compound_number_words_and_a_count_of_listed_items() -> None:
    from tekser.seeds.counted import find_counted_words

    def words(text: str, language: str) -> list[str]:
        return [n.printed for n in find_counted_words(text, language)]

    assert words("a rise of forty-two per cent in the mills", "en") == ["forty-two"]
    assert words("уезд делился на пять волостей: Верхнюю, Нижнюю", "ru") == ["пять"]
    assert words("две основные линии в хозяйстве: одна", "ru") == []


def test_a_range_of_rates_is_no_class_bound(tmp_path: Path) -> None:
    text = "The banks lent at rates between 4 and 5 per cent to the mills.\n"
    proposals, exclusions = _draft(tmp_path, text, "en")
    assert sorted(proposals) == ["4", "5"]
    assert exclusions == {}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("it", "il 35 per cento dei marinai"),
        ("es", "el 12 por ciento de los vecinos"),
        ("fr", "le 45 pour cent des habitants"),
    ],
)
def test_the_number_word_of_a_percent_phrase_counts_nothing(language: str, text: str) -> None:
    from tekser.seeds.counted import find_counted_words

    assert find_counted_words(text, language) == []
