"""The period `tekser draft` proposes where the date is not printed whole next to the figure:
a day or month whose year the dateline gives, months listed together, the span between two
years compared, a decade ending with a year, dates relative to another (a year ago, last
year), a year that names a thing, and the date a figure with none in reach is given until a
person gives its own (the last one printed before it, never a note's or a citation's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tekser.authoring.draft import draft_package
from tekser.authoring.drafting.dates import DateExpr, find_dates
from tekser.authoring.drafting.lexicon import load
from tekser.authoring.drafting.segment import segment
from tekser.authoring.init import init_package


def _dates(text: str, language: str) -> list[DateExpr]:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    lexicon = load(language)
    return find_dates(segment(text, starts, [language], []), [lexicon] if lexicon else [])


def _read(text: str, language: str = "en") -> dict[str, tuple[str, str] | None]:
    return {
        d.printed: (d.period[0].isoformat(), d.period[1].isoformat()) if d.period else None
        for d in _dates(text, language)
    }


READ = [
    # two years compared, in either order: the span between them
    ("the mills in 1860 and 1850 compared", "in 1860 and 1850", ("1850-01-01", "1860-12-31")),
    # the decade ending with a year: the ten years up to it
    (
        "Changes during the decade ending 1890 in",
        "during the decade ending 1890",
        ("1880-01-01", "1890-12-31"),
    ),
    # a day and month with no year: the year of the dateline
    (
        "LEEDS, MAY 4, 1903.\n\nWool sold on April 20 at 9 pence.",
        "on April 20",
        ("1903-04-20", "1903-04-20"),
    ),
    # months listed together, and a range of days, in the dateline's year
    (
        "LEEDS, MAY 4, 1903.\n\nSales during January, February, and March were 60 bales.",
        "during January, February, and March",
        ("1903-01-01", "1903-03-31"),
    ),
    (
        "LEEDS, MAY 4, 1903.\n\nSales from Jan. 1 to April 30 were 80 bales.",
        "from Jan. 1 to April 30",
        ("1903-01-01", "1903-04-30"),
    ),
    # the end of a month: its last day
    (
        "LEEDS, MAY 4, 1903.\n\nBy the end of April half was sold.",
        "By the end of April",
        ("1903-04-30", "1903-04-30"),
    ),
]


@pytest.mark.parametrize(("text", "printed", "period"), READ)
def test_a_date_read_with_what_the_text_printed_before_it(
    text: str, printed: str, period: tuple[str, str]
) -> None:
    assert _read(text)[printed] == period


RELATIVE = """LEEDS, MAY 4, 1903.

Sales from Jan. 1 to April 30 were 80 bales, against 50 bales for the same period last year.
On April 20 the price was 9 pence, compared with 11 pence a year ago and 14 pence two years
ago. Stocks are smaller than last year. The mills used more wool last year.
"""


def test_a_relative_date_is_read_from_the_date_the_text_writes_at() -> None:
    read = _read(RELATIVE)
    assert read["for the same period last year"] == ("1902-01-01", "1902-04-30")
    assert read["a year ago"] == ("1902-04-20", "1902-04-20")
    assert read["two years ago"] == ("1901-04-20", "1901-04-20")  # from the day, not a year ago
    assert read["last year"] == ("1902-01-01", "1902-12-31")  # the whole year before


def test_the_base_of_a_comparison_dates_nothing() -> None:
    assert _read(RELATIVE)["than last year"] is None


def _draft(tmp_path: Path, text: str) -> dict[str, dict[str, Any]]:
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    package = init_package(tmp_path / "package", seed, languages=["en"]).folder
    return {p["printed"]: p for p in draft_package(package, agent="test").proposals}


def _period(proposal: dict[str, Any]) -> tuple[str, str, str]:
    return proposal["period_start"], proposal["period_end"], proposal["date_printed"]


def test_relative_dates_date_the_figures_of_their_clause(tmp_path: Path) -> None:
    proposals = _draft(tmp_path, RELATIVE)
    assert _period(proposals["80"]) == ("1903-01-01", "1903-04-30", "from Jan. 1 to April 30")
    assert _period(proposals["50"])[:2] == ("1902-01-01", "1902-04-30")
    assert _period(proposals["9"]) == ("1903-04-20", "1903-04-20", "On April 20")
    assert _period(proposals["11"])[:2] == ("1902-04-20", "1902-04-20")
    assert _period(proposals["14"])[:2] == ("1901-04-20", "1901-04-20")


YEAR_NAMES = """The bakery report of 1905.

The 1904 harvest gave 300 tons of wheat to the bakery. The bakery then used 250 tons.
"""


def test_a_year_that_names_a_thing_dates_its_own_sentence_only(tmp_path: Path) -> None:
    proposals = _draft(tmp_path, YEAR_NAMES)
    assert _period(proposals["300"]) == ("1904-01-01", "1904-12-31", "The 1904")
    # the later sentence has no date of its own: the heading's dates it
    assert _period(proposals["250"]) == ("1905-01-01", "1905-12-31", "of 1905")


CARRIED = """Report of the census of 1891.

The county counted 4,210 farms.

    1) Annual Review, 1887, No. 4, p. 12.

Of these, 310 were rented.
"""


def test_a_figure_with_no_date_in_reach_is_given_the_last_date_printed_before_it(
    tmp_path: Path,
) -> None:
    proposals = _draft(tmp_path, CARRIED)
    carried = proposals["310"]  # past a note whose year is a citation's
    assert _period(carried) == ("1891-01-01", "1891-12-31", "")
    assert "date printed last before it" in carried["date_note"]
    assert "give its period" in carried["date_note"]


SPAN = """CENSUS OF MAY 1, 1901.

The town grew by 12 per cent, in the space of ten years. Its mills grew by 30 per cent, in
only five years, the new mills being 14 in number.
"""


def test_a_span_of_years_runs_to_the_date_the_text_writes_at_and_dates_its_clause(
    tmp_path: Path,
) -> None:
    proposals = _draft(tmp_path, SPAN)
    # the clause after the figure's holds only the span: it dates the figure
    assert _period(proposals["12"]) == ("1891-05-01", "1901-05-01", "in the space of ten years")
    assert _period(proposals["30"])[:2] == ("1896-05-01", "1901-05-01")
    assert _period(proposals["14"])[:2] == ("1896-05-01", "1901-05-01")


PAIRS = """LEEDS, MAY 4, 1903.

On Sept. 20 buyers paid 9 to 10 pence, compared with a year ago 11 to 12 pence and two years
ago 14 to 15 pence. In 1901 the price rose from 5 to 6 pence.
"""


def test_a_range_after_its_date_takes_it_and_a_later_range_its_own(tmp_path: Path) -> None:
    proposals = _draft(tmp_path, PAIRS)
    assert _period(proposals["9"]) == ("1903-09-20", "1903-09-20", "On Sept. 20")
    assert _period(proposals["10"])[:2] == ("1903-09-20", "1903-09-20")
    assert _period(proposals["12"])[:2] == ("1902-09-20", "1902-09-20")  # not the other end's
    assert _period(proposals["14"])[:2] == ("1901-09-20", "1901-09-20")  # its own, not in order
    assert _period(proposals["15"])[:2] == ("1901-09-20", "1901-09-20")
    assert _period(proposals["6"])[:2] == ("1901-01-01", "1901-12-31")


FURNITURE = """Total number of words is 2412
31.5 of words are in the 1900 most common words
The valley held 5,310 sheep and
240 cattle.
"""


def test_a_year_on_a_line_of_page_furniture_dates_nothing(tmp_path: Path) -> None:
    proposals = _draft(tmp_path, FURNITURE)
    assert proposals["5,310"]["date_printed"] == ""
    assert proposals["240"]["date_printed"] == ""


PRESENT = """By 1850 the town had 2,000 houses. The present population is put at 9,000, of
whom 400 are sailors.
"""


def test_an_earlier_date_does_not_reach_past_the_present(tmp_path: Path) -> None:
    proposals = _draft(tmp_path, PRESENT)
    assert _period(proposals["2,000"])[2] == "By 1850"
    assert proposals["9,000"]["date_printed"] == ""
    assert proposals["400"]["date_printed"] == ""
