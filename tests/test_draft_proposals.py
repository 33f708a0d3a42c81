"""Which numbers `tekser draft` proposes as figures and which it excludes, on small invented
texts: bounds of a class, days without a year, counts that look like years, furniture, lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tekser.authoring.draft import draft_package
from tekser.authoring.init import init_package


def _draft(tmp_path: Path, text: str, language: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The proposals by printed token (value, unit) and the exclusions' categories by quote."""
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    package = init_package(tmp_path / "pkg", seed, languages=[language]).folder
    result = draft_package(package, agent="test")
    proposals = {p["printed"]: p for p in result.proposals}
    exclusions = {e["quote"]: e["category"] for e in result.exclusions}
    return proposals, exclusions


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
