"""Periods of figures in rows that a date opens (a table of years flattened to a line, a list
of years with their counts, ranges of years heading rows of figures), and the date patterns a
lexicon adds to the library's month patterns (Danish, Italian, Spanish, Dutch). Every text is
invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tekser.authoring.drafting.dates import find_dates
from tekser.authoring.drafting.lexicon import load
from tekser.authoring.drafting.row_years import row_years
from tekser.authoring.drafting.segment import segment
from tests.drafting import drafted


def _read(text: str, language: str) -> dict[str, tuple[str, str] | None]:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    lexicon = load(language)
    found = find_dates(segment(text, starts, [language], []), [lexicon] if lexicon else [])
    return {
        d.printed: (d.period[0].isoformat(), d.period[1].isoformat()) if d.period else None
        for d in found
    }


READ = [
    # an older abbreviation of a month, and CLDR's long date, both read with the lexicon's
    # own patterns
    ("da", "Ved Tællingen d. 3. Febr. 1861 fandtes 812 Heste.", "d. 3. Febr. 1861", "1861-02-03"),
    ("da", "I marts 1861 fandtes 812 Heste.", "marts 1861", "1861-03-01…1861-03-31"),
    ("da", "fra 1820 til 1825 steg Tallet", "fra 1820 til 1825", "1820-01-01…1825-12-31"),
    ("da", "ved Udgangen af 1862 var der 40 Skibe", "ved Udgangen af 1862", "1862-12-31"),
    ("it", "Dal 1861 al 1864 crebbero le navi", "Dal 1861 al 1864", "1861-01-01…1864-12-31"),
    ("it", "alla fine del 1866 erano 40 navi", "alla fine del 1866", "1866-12-31"),
    ("es", "desde 1820 hasta 1825 creció", "desde 1820 hasta 1825", "1820-01-01…1825-12-31"),
    ("es", "a fines de 1862 había 40 barcos", "a fines de 1862", "1862-12-31"),
    ("nl", "van 1820 tot 1825 groeide het", "van 1820 tot 1825", "1820-01-01…1825-12-31"),
    ("nl", "op het einde van 1862 waren er 40 schepen", "op het einde van 1862", "1862-12-31"),
]


@pytest.mark.parametrize(("language", "text", "printed", "period"), READ)
def test_a_lexicon_adds_its_date_patterns_to_the_librarys(
    language: str, text: str, printed: str, period: str
) -> None:
    first, _, last = period.partition("…")
    assert _read(text, language)[printed] == (first, last or first)


ROWS = (
    "Births and deaths. Year Births Deaths 1860 . 1,210. 1,105. 316. 1861 . 1,322. 1,211. "
    "325. 1862 . 1,402. 1,388. 331. Totals 3,934. 3,704. 972."
)


def test_years_that_open_rows_of_figures_are_their_dates() -> None:
    assert sorted(ROWS[i : i + 4] for i in row_years(ROWS)) == ["1860", "1861", "1862"]
    # a row of counts is no row of years: no run of rising years each opening figures
    assert row_years("The mills 1,210 1,105 and 1830 1790 1650 looms.") == frozenset()


def _periods(found: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {k: f"{p['period_start'][:4]}-{p['period_end'][:4]}" for k, p in found.items()}


def test_each_figure_of_a_row_takes_the_year_that_opens_it(tmp_path: Path) -> None:
    periods = _periods(drafted(tmp_path, "en", ROWS))
    assert [periods[k] for k in ("1,210", "1,105", "316")] == ["1860-1860"] * 3
    assert [periods[k] for k in ("1,322", "1,211", "325")] == ["1861-1861"] * 3
    assert [periods[k] for k in ("1,402", "1,388", "331")] == ["1862-1862"] * 3


LIST = "Population of the town.\n\n1.» 1701 15,210\n\n2.» 1752 16,300\n\n3.» 1790 18,020\n"


def test_a_numbered_list_of_years_with_their_counts(tmp_path: Path) -> None:
    periods = _periods(drafted(tmp_path, "es", LIST))
    assert [periods[k] for k in ("15,210", "16,300", "18,020")] == [
        "1701-1701",
        "1752-1752",
        "1790-1790",
    ]


RANGES = (
    "Wool shipped, bales and value. From 1801-1810 4,210 3,100 2,020 1,010. — "
    "1811-1820 5,100 3,900 2,450 1,220. — 1821-1830 6,040 4,110 2,980 1,400."
)


def test_a_range_of_years_that_opens_a_row_dates_its_last_cells_too(tmp_path: Path) -> None:
    periods = _periods(drafted(tmp_path, "en", RANGES))
    assert [periods[k] for k in ("4,210", "2,020", "1,010")] == ["1801-1810"] * 3
    assert [periods[k] for k in ("5,100", "3,900", "1,220")] == ["1811-1820"] * 3
    assert periods["1,400"] == "1821-1830"


def test_two_figures_after_a_year_are_no_row(tmp_path: Path) -> None:
    periods = _periods(drafted(tmp_path, "en", "In 1880 1,200 sheep; 1,300 in 1890."))
    assert periods["1,200"] == "1880-1880"
    assert periods["1,300"] == "1890-1890"


CHANGE = "From 1760 to 1765 the town grew by 600 souls, from 12,000 to 12,600."


def test_a_change_from_one_figure_to_another_over_a_range_of_years(tmp_path: Path) -> None:
    found = drafted(tmp_path, "en", CHANGE)
    periods = _periods(found)
    assert periods["600"] == "1760-1765"  # the growth: over the whole range
    assert (periods["12,000"], periods["12,600"]) == ("1760-1760", "1765-1765")
    assert (found["12,000"]["date_printed"], found["12,600"]["date_printed"]) == ("1760", "1765")
    assert (found["12,000"]["statistic"], found["12,600"]["statistic"]) == ("count", "count")


def test_a_range_of_values_keeps_the_range_of_years(tmp_path: Path) -> None:
    found = drafted(tmp_path, "en", "From 1760 to 1765 wages ran from 5 to 6 pence a day.")
    assert (found["5"]["statistic"], found["6"]["statistic"]) == ("lower-bound", "upper-bound")
    assert _periods(found)["5"] == _periods(found)["6"] == "1760-1765"


def test_a_date_whose_word_a_line_end_breaks_is_read_whole(tmp_path: Path) -> None:
    found = drafted(tmp_path, "en", "At the clo-\nse of 1862 the fleet counted 410 ships.")
    assert (found["410"]["period_start"], found["410"]["period_end"]) == ("1862-12-31",) * 2
    assert _read("Alla fi-\nne del 1866 erano 40 navi.", "it")["Alla fine del 1866"] == (
        "1866-12-31",
        "1866-12-31",
    )


BUDGET = """HC Deb 20 April 1871

The Chancellor of the Exchequer said that last year the revenue was £70,100,000, and this year
it will be £71,200,000.
"""


def test_last_year_and_this_year_are_years_of_account_where_the_text_names_them(
    tmp_path: Path,
) -> None:
    found = drafted(tmp_path / "a", "en", BUDGET)
    assert _periods(found)["70,100,000"] == "1870-1871"
    assert found["70,100,000"]["period_start"] == "1870-04-01"
    assert found["70,100,000"]["period_end"] == "1871-03-31"
    assert (found["71,200,000"]["period_start"], found["71,200,000"]["period_end"]) == (
        "1871-04-01",
        "1872-03-31",
    )
    plain = drafted(tmp_path / "b", "en", BUDGET.replace("Chancellor of the Exchequer", "mayor"))
    assert _periods(plain)["70,100,000"] == "1870-1870"  # calendar years
    assert _periods(plain)["71,200,000"] == "1871-1871"


INLINE = (
    "Corn shipped, by years.  1761  1762  1763  Wheat 410 qrs.  388 qrs.  402 qrs.  "
    "Barley 96 —  101 —  99 —  The trade fell off after that in every port we know of."
)


def test_a_header_of_years_inside_a_flattened_table_dates_its_figures_in_turn(
    tmp_path: Path,
) -> None:
    periods = _periods(drafted(tmp_path, "en", INLINE))
    assert [periods[k] for k in ("410", "388", "402")] == ["1761-1761", "1762-1762", "1763-1763"]
    assert [periods[k] for k in ("96", "101", "99")] == ["1761-1761", "1762-1762", "1763-1763"]


PRICES = """LEEDS, MAY 4, 1903.

On May 2 buyers paid 9 to 10 pence, compared with prices a year ago of 11 to 12 pence and two
years ago of 14 to 15 pence. The price on the 30th day of April last was 8 pence.
"""


def test_a_range_of_values_is_of_the_date_printed_before_it(tmp_path: Path) -> None:
    found = drafted(tmp_path, "en", PRICES)
    assert [found[k]["period_start"] for k in ("11", "12")] == ["1902-05-02"] * 2
    assert [found[k]["period_start"] for k in ("14", "15")] == ["1901-05-02"] * 2
    assert (found["8"]["period_start"], found["8"]["date_printed"]) == (
        "1903-04-30",
        "on the 30th day of April last",
    )


TOTALS = "Births and deaths. 1760 . 412. 388. 1761 . 430. 401. 1762 . 455. 420. 1,297. 1,209."


def test_cells_past_the_last_row_of_years_are_totals_of_all_its_years(tmp_path: Path) -> None:
    periods = _periods(drafted(tmp_path, "en", TOTALS))
    assert [periods[k] for k in ("412", "430", "455", "420")] == [
        "1760-1760",
        "1761-1761",
        "1762-1762",
        "1762-1762",
    ]
    assert [periods[k] for k in ("1,297", "1,209")] == ["1760-1762"] * 2


CENTURIES = [
    ("es", "durante el siglo XVI había 40 barcos", "durante el siglo XVI", "1501"),
    ("ru", "в XVIII веке было 40 судов", "в XVIII веке", "1701"),
    ("de", "im 16. Jahrhundert gab es 40 Schiffe", "im 16. Jahrhundert", "1501"),
    ("en", "in the 14th century there were 40 ships", "in the 14th century", "1301"),
    ("fr", "au XIXe siècle il y avait 40 navires", "au XIXe siècle", "1801"),
    ("it", "nel secolo XIV erano 40 navi", "nel secolo XIV", "1301"),
]


@pytest.mark.parametrize(("language", "text", "printed", "first"), CENTURIES)
def test_a_century_is_its_hundred_years(language: str, text: str, printed: str, first: str) -> None:
    last = str(int(first) + 99)
    assert _read(text, language)[printed] == (f"{first}-01-01", f"{last}-12-31")
