"""Dates as historians print them, read by `tekser draft`: fiscal and split years, ranges,
year-ends, seasons, years that are part of a name, month names from the libraries for a
language tekser has no lexicon of, and the period a proposal gets (or says it lacks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tekser.authoring.draft import draft_package
from tekser.authoring.drafting.calendar_words import library_dates, month_forms
from tekser.authoring.drafting.dates import DateExpr, find_dates, library_lexicon
from tekser.authoring.drafting.lexicon import load
from tekser.authoring.drafting.segment import segment
from tekser.authoring.init import init_package


def _dates(text: str, language: str) -> list[DateExpr]:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    lexicon = load(language)
    return find_dates(segment(text, starts, [language], []), [lexicon] if lexicon else [])


def _read(text: str, language: str) -> list[tuple[str, str, str, str]]:
    return [
        (d.printed, d.precision, d.period[0].isoformat(), d.period[1].isoformat())
        for d in _dates(text, language)
        if d.period is not None
    ]


PRINTED = [
    # fiscal years: the year that ends on the printed day
    (
        "en",
        "For the fiscal year ending June 30, 1884, receipts",
        "For the fiscal year ending June 30, 1884",
        "split-year",
        "1883-07-01",
        "1884-06-30",
    ),
    (
        "en",
        "The revenue for the year ended 31st March 1893 was",
        "for the year ended 31st March 1893",
        "split-year",
        "1892-04-01",
        "1893-03-31",
    ),
    (
        "en",
        "the year ended 31st December 1890",
        "the year ended 31st December 1890",
        "year",
        "1890-01-01",
        "1890-12-31",
    ),
    # a point for a comma between day and year, as an OCR copy prints it
    (
        "en",
        "the balance on June 30. 1916 was",
        "on June 30. 1916",
        "day",
        "1916-06-30",
        "1916-06-30",
    ),
    ("en", "the largest since 1908.", "since 1908", "year", "1908-01-01", "1908-12-31"),
    # split (economic) years, one expression however printed
    ("en", "the harvest of 1911/2 was poor", "1911/2", "split-year", "1911-01-01", "1912-12-31"),
    ("en", "in 1911/12 the mills", "in 1911/12", "split-year", "1911-01-01", "1912-12-31"),
    ("en", "during 1911-12 the mills", "during 1911-12", "split-year", "1911-01-01", "1912-12-31"),
    ("en", "in 1919/0 the mills", "in 1919/0", "split-year", "1919-01-01", "1920-12-31"),
    ("ru", "за 1911/12 г. собрано", "за 1911/12 г", "split-year", "1911-01-01", "1912-12-31"),
    ("de", "im Jahre 1911/12 wurden", "im Jahre 1911/12", "split-year", "1911-01-01", "1912-12-31"),
    # "for 1895", year-end, year-start, seasons
    ("en", "The return for 1895 shows", "for 1895", "year", "1895-01-01", "1895-12-31"),
    (
        "en",
        "At the end of 1930 there were",
        "At the end of 1930",
        "year-end",
        "1930-12-31",
        "1930-12-31",
    ),
    (
        "en",
        "at the beginning of 1930 there were",
        "at the beginning of 1930",
        "year-start",
        "1930-01-01",
        "1930-01-01",
    ),
    (
        "en",
        "in the winter of 1890 the roads",
        "in the winter of 1890",
        "season",
        "1890-12-01",
        "1891-02-28",
    ),
    ("ru", "к концу 1930 г. было", "к концу 1930 г.", "year-end", "1930-12-31", "1930-12-31"),
    ("ru", "на 1 января 1913 г. было", "на 1 января 1913 г.", "day", "1913-01-01", "1913-01-01"),
    ("de", "Ende 1930 zählte man", "Ende 1930", "year-end", "1930-12-31", "1930-12-31"),
    ("de", "im Sommer 1891 waren", "im Sommer 1891", "season", "1891-06-01", "1891-08-31"),
    (
        "fr",
        "à la fin de 1930 il y avait",
        "à la fin de 1930",
        "year-end",
        "1930-12-31",
        "1930-12-31",
    ),
    (
        "fr",
        "au printemps 1890 on comptait",
        "au printemps 1890",
        "season",
        "1890-03-01",
        "1890-05-31",
    ),
    # ranges of years
    (
        "en",
        "from 1885 to 1910 the number",
        "from 1885 to 1910",
        "years",
        "1885-01-01",
        "1910-12-31",
    ),
    ("en", "in 1885–1910 the number", "in 1885–1910", "years", "1885-01-01", "1910-12-31"),
    ("en", "in 1900-10 the number", "in 1900-10", "years", "1900-01-01", "1910-12-31"),
    ("de", "von 1871 bis 1880 stieg", "von 1871 bis 1880", "years", "1871-01-01", "1880-12-31"),
    ("fr", "de 1880 à 1890 la population", "de 1880 à 1890", "years", "1880-01-01", "1890-12-31"),
    ("ru", "с 1900 по 1910 г. число", "с 1900 по 1910 г.", "years", "1900-01-01", "1910-12-31"),
    ("ru", "в 1900—1910 гг. число", "в 1900—1910 гг.", "years", "1900-01-01", "1910-12-31"),
    # decades where a language prints them with digits
    ("en", "in the 1880s the mills", "in the 1880s", "years", "1880-01-01", "1889-12-31"),
    (
        "de",
        "in den 1880er Jahren stieg",
        "in den 1880er Jahren",
        "years",
        "1880-01-01",
        "1889-12-31",
    ),
    (
        "fr",
        "dans les années 1880 la population",
        "dans les années 1880",
        "years",
        "1880-01-01",
        "1889-12-31",
    ),
    ("ru", "в 1880-х годах число", "в 1880-х годах", "years", "1880-01-01", "1889-12-31"),
    # a day without its year takes the year of the date before it in its sentence
    (
        "en",
        "In 1881 there were 4 mills, and on 1 May there were 12.",
        "on 1 May",
        "day",
        "1881-05-01",
        "1881-05-01",
    ),
    (
        "de",
        "Im Jahre 1881 waren es am 1. Mai schon 12.",
        "am 1. Mai",
        "day",
        "1881-05-01",
        "1881-05-01",
    ),
    ("fr", "En 1881, au 1er mai, on comptait 12.", "au 1er mai", "day", "1881-05-01", "1881-05-01"),
    # month names: the lexicon's, or CLDR's and dateparser's
    ("de", "Am 14. März 1871 wurden", "Am 14. März 1871", "day", "1871-03-14", "1871-03-14"),
    ("de", "am 3. Jänner 1880 wurden", "am 3. Jänner 1880", "day", "1880-01-03", "1880-01-03"),
    (
        "fr",
        "le 1er janvier 1900 on comptait",
        "le 1er janvier 1900",
        "day",
        "1900-01-01",
        "1900-01-01",
    ),
    ("fr", "en févr. 1901 on comptait", "en févr. 1901", "month", "1901-02-01", "1901-02-28"),
    ("kk", "1928 жылғы 1 қаңтар бойынша", "1928 жылғы 1 қаңтар", "day", "1928-01-01", "1928-01-01"),
    ("kk", "1/I 1928 жылы 13 ұялар", "1/I 1928 жылы", "day", "1928-01-01", "1928-01-01"),
    ("kk", "1930 жылдың аяғында", "1930 жылдың аяғында", "year-end", "1930-12-31", "1930-12-31"),
    # Spanish and Italian: no lexicon, CLDR's long dates and month names
    (
        "es",
        "el 14 de marzo de 1871 había",
        "14 de marzo de 1871",
        "day",
        "1871-03-14",
        "1871-03-14",
    ),
    ("es", "en marzo de 1880 había", "marzo de 1880", "month", "1880-03-01", "1880-03-31"),
    ("it", "il 2 giugno 1946 votarono", "2 giugno 1946", "day", "1946-06-02", "1946-06-02"),
    ("it", "nel 1911/12 i raccolti", "1911/12", "split-year", "1911-01-01", "1912-12-31"),
    ("it", "nel marzo 1880 erano", "marzo 1880", "month", "1880-03-01", "1880-03-31"),
    ("es", "entre 1871-1880 hubo", "1871-1880", "years", "1871-01-01", "1880-12-31"),
    ("es", "en marzo de 1842 había", "marzo de 1842", "month", "1842-03-01", "1842-03-31"),
    # Danish, Dutch and Polish, from CLDR's and dateparser's month names alone
    ("da", "i marts 1855 var der", "marts 1855", "month", "1855-03-01", "1855-03-31"),
    ("da", "den 1. februar 1855 var", "den 1. februar 1855", "day", "1855-02-01", "1855-02-01"),
    ("nl", "op 1 januari 1880 telde", "1 januari 1880", "day", "1880-01-01", "1880-01-01"),
    ("nl", "in maart 1775 waren", "maart 1775", "month", "1775-03-01", "1775-03-31"),
    ("pl", "w marcu 1765 było", "marcu 1765", "month", "1765-03-01", "1765-03-31"),
    # Swedish: the lexicon's patterns, CLDR's month names
    (
        "sv",
        "den 31 december 1870 var folkmängden",
        "den 31 december 1870",
        "day",
        "1870-12-31",
        "1870-12-31",
    ),
    ("sv", "i mars 1871 fanns", "i mars 1871", "month", "1871-03-01", "1871-03-31"),
    (
        "sv",
        "vid slutet af år 1872 fanns",
        "vid slutet af år 1872",
        "year-end",
        "1872-12-31",
        "1872-12-31",
    ),
    ("sv", "från 1865 till 1870 steg", "från 1865 till 1870", "years", "1865-01-01", "1870-12-31"),
    ("sv", "för 1873/74 utgick", "för 1873/74", "split-year", "1873-01-01", "1874-12-31"),
    ("sv", "på 1880-talet växte", "på 1880-talet", "years", "1880-01-01", "1889-12-31"),
    ("sv", "hösten 1876 kom", "hösten 1876", "season", "1876-09-01", "1876-11-30"),
    # English as old reports print days and twelve-month years
    (
        "en",
        "on the 1st day of December, 1880, the total was",
        "on the 1st day of December, 1880",
        "day",
        "1880-12-01",
        "1880-12-01",
    ),
    (
        "en",
        "During the twelve months ended October 31,1880, bonds",
        "During the twelve months ended October 31,1880",
        "split-year",
        "1879-11-01",
        "1880-10-31",
    ),
    # two consecutive years named together
    ("en", "in 1873 and 1874 only 74", "in 1873 and 1874", "years", "1873-01-01", "1874-12-31"),
    ("de", "über Bremen 1863 und 1864 nur 5", "1863 und 1864", "years", "1863-01-01", "1864-12-31"),
    ("fr", "en 1863 et 1864 il y eut", "en 1863 et 1864", "years", "1863-01-01", "1864-12-31"),
    ("de", "von 1861—69:\n2,345 Personen", "1861—69", "years", "1861-01-01", "1869-12-31"),
    # a year printed bare: a heading's, or one that opens a sentence
    ("de", "1905 stand die Ausfuhr bei", "1905", "year", "1905-01-01", "1905-12-31"),
    ("sv", "Folkmängd.\n1860. 1865.\nStad 1,234 1,456", "1860", "year", "1860-01-01", "1860-12-31"),
]


@pytest.mark.parametrize(("language", "text", "printed", "precision", "first", "last"), PRINTED)
def test_a_printed_date_reads_as_its_period(
    language: str, text: str, printed: str, precision: str, first: str, last: str
) -> None:
    assert (printed, precision, first, last) in _read(text, language)


def test_a_split_year_is_one_expression_never_a_year_and_a_figure() -> None:
    text = "the harvest of 1911/2 gave 45 bushels"
    (expr,) = _dates(text, "en")
    assert text[expr.start : expr.end] == "1911/2"


def test_a_fiscal_year_named_by_its_year_ends_where_the_seeds_fiscal_years_end() -> None:
    text = (
        "In the fiscal year 1915 receipts fell. For the fiscal year ending September 30, 1916, "
        "they rose, and for the fiscal year 1917 they will rise again."
    )
    assert [r for r in _read(text, "en") if "ending" not in r[0]] == [
        ("In the fiscal year 1915", "split-year", "1914-10-01", "1915-09-30"),
        ("for the fiscal year 1917", "split-year", "1916-10-01", "1917-09-30"),
    ]
    # with no fiscal year's end printed in the seed, it is the calendar year
    assert _read("for the fiscal year 1917 they will rise", "en") == [
        ("for the fiscal year 1917", "year", "1917-01-01", "1917-12-31")
    ]


def test_a_year_followed_by_what_it_counts_is_no_date() -> None:
    assert _read("rations for 1895 persons were sent", "en") == []
    assert _read("rations for 1895 were sent", "en") == [
        ("for 1895", "year", "1895-01-01", "1895-12-31")
    ]


def test_a_bare_year_is_no_date_where_it_is_a_value_a_count_or_a_cell() -> None:
    # the value of a label, a number of things, a cell among numbers, a number with a case ending
    assert _read("1861: 1862\n", "de") == [("1861", "year", "1861-01-01", "1861-12-31")]
    assert _read("Es kamen 1895 Personen an.", "de") == []
    assert _read("Stadt 12,340 1865 14,200\n", "sv") == []
    assert _read("1920-нен 1930-ға дейін", "kk") == []
    assert _read("Folkmängd 1,234\n1860 1865\n", "sv") == [
        ("1860", "year", "1860-01-01", "1860-12-31"),
        ("1865", "year", "1865-01-01", "1865-12-31"),
    ]


def test_a_year_and_a_page_are_no_split_year() -> None:
    # a running head “Almanac / 1873 /” above page 283 reads no year 1873–2283
    assert [d.period for d in _dates("Almanac / 1873 /\n283\n", "en")] == [None]


def test_impossible_dates_are_dates_without_a_period() -> None:
    # taken (their digits are no figures) but not read: a split year two years apart
    (expr,) = _dates("in 1911/3 the mills", "en")
    assert expr.printed == "in 1911/3" and expr.period is None


NAMED = [
    ("en", "the loan of 1866 was", "loan"),
    ("en", "under the act of 3 May 1866 the", "act"),
    ("en", "interest on the Consolidated Loan of 1869 was", "loan"),
    ("de", "nach dem Gesetz vom 3. Mai 1866 wurden", "gesetz"),
    ("ru", "закон 1866 г. отменил", "закон"),
    ("fr", "la loi du 3 mai 1866 règle", "loi"),
]


@pytest.mark.parametrize(("language", "text", "name"), NAMED)
def test_a_year_that_is_part_of_a_name_is_marked(language: str, text: str, name: str) -> None:
    (expr,) = _dates(text, language)
    assert expr.name == name and expr.period is not None


def test_a_year_after_a_word_that_names_nothing_is_a_plain_date() -> None:
    (expr,) = _dates("the population of 1871 was", "en")
    assert expr.name == ""


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the census of 1871 counted"),
        ("ru", "по переписи 1866 года было"),
        ("fr", "le recensement de 1866, on compte"),
        ("de", "nach der Volkszählung von 1866 waren"),
    ],
)
def test_a_census_year_dates_the_census_figures(language: str, text: str) -> None:
    # unlike a loan or an act, a census is named by the day of its count, which dates its figures
    (expr,) = _dates(text, language)
    assert expr.name == "" and expr.period is not None


def test_month_names_and_long_dates_come_from_the_libraries() -> None:
    assert {"märz$", "jänner$"} <= set(month_forms("de")[3] + month_forms("de")[1])
    assert "января$" in month_forms("ru")[1]  # the genitive CLDR prints in dates
    assert month_forms("xx") == {} and library_dates("xx") == ()
    assert library_lexicon("es") is not None and library_lexicon("xx") is None
    patterns = [p["pattern"] for p in library_dates("kk")]
    assert patterns[0].startswith("{year}")  # Kazakh puts the year first


# -- through `tekser draft` ---------------------------------------------------------------------

SEED = """Report of the Superintendent of Schools

For the fiscal year ending June 30, 1884, the receipts of the school fund were 45,210 dollars.

The interest on the loan of 1866 was paid in 1880, when the district had 312 teachers.

The population rose to 5,000 (against 3,000 in 1897) in 1900.

Schools of the county in 1895

Elementary schools 1,204
Secondary schools 87

The county also kept 75 libraries.

Teachers of the county in 1896
Men 410
Women 388
"""


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("dates")
    seed = folder / "report.txt"
    seed.write_text(SEED, encoding="utf-8")
    package = init_package(folder / "package", seed, languages=["en"]).folder
    result = draft_package(package, agent="test")
    return {
        "proposals": {p["printed"]: p for p in result.proposals},
        "exclusions": result.exclusions,
        "left": result.left,
    }


def _period(drafted: dict[str, object], printed: str) -> tuple[str, str, str, str]:
    proposals = drafted["proposals"]
    assert isinstance(proposals, dict)
    p = proposals[printed]
    return p["period_start"], p["period_end"], p["date_precision"], p["date_printed"]


def test_a_fiscal_year_dates_its_figure(drafted: dict[str, object]) -> None:
    assert _period(drafted, "45,210") == (
        "1883-07-01",
        "1884-06-30",
        "split-year",
        "For the fiscal year ending June 30, 1884",
    )


def test_the_year_of_a_loan_dates_no_figure_and_is_excluded_as_a_name(
    drafted: dict[str, object],
) -> None:
    assert _period(drafted, "312")[:2] == ("1880-01-01", "1880-12-31")
    exclusions = drafted["exclusions"]
    assert isinstance(exclusions, list)
    named = [e for e in exclusions if e["category"] == "name"]
    assert [e["quote"] for e in named] == ["of 1866"]
    assert drafted["left"] == 0


def test_a_date_in_brackets_dates_the_number_in_them(drafted: dict[str, object]) -> None:
    assert _period(drafted, "5,000")[3] == "in 1900"
    assert _period(drafted, "3,000")[3] == "in 1897"


def test_a_heading_line_dates_the_table_below_it(drafted: dict[str, object]) -> None:
    assert _period(drafted, "1,204")[3] == "in 1895"
    assert _period(drafted, "87")[3] == "in 1895"
    assert _period(drafted, "410")[3] == "in 1896"  # the table's first line, no blank line
    assert _period(drafted, "388")[3] == "in 1896"


def test_a_figure_with_no_date_near_it_says_so(drafted: dict[str, object]) -> None:
    proposals = drafted["proposals"]
    assert isinstance(proposals, dict)
    undated = proposals["75"]
    assert undated["date_printed"] == ""
    assert undated["date_note"].startswith("no date is printed near this figure")
    assert "give its period" in undated["date_note"]


def test_a_date_that_dates_a_figure_is_never_excluded(drafted: dict[str, object]) -> None:
    exclusions = drafted["exclusions"]
    assert isinstance(exclusions, list)
    quotes = " ".join(e["quote"] for e in exclusions)
    for year in ("1884", "1880", "1895", "1897", "1900"):
        assert year not in quotes


# -- tables dated by their column heads, labels, brackets -----------------------------------------

TABLES = """Population of the towns.
1880. 1885.
Northport 12,345 13,210
Eastham ..... 8,120 8,947
Westfield * 4,501 4,388

The towns of the coast grew quickly and the harbour of the north kept 75 boats all the year round.

Revenue of the province.

1901. Estimates,

1900. Final accounts.

Customs .......... 1,234,567 1,198,220
Excise ........... 845,000
Stamps 12,000 11,500 Licences 3,000 2,800

Emigrants by year:
1881: 2,593
1882: 6,776

From 1900 to 1907, with one exception (1902), cotton goods led with 219 to 232 millions.
"""


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("tables")
    seed = folder / "tables.txt"
    seed.write_text(TABLES, encoding="utf-8")
    package = init_package(folder / "package", seed, languages=["en"]).folder
    result = draft_package(package, agent="test")
    return {p["printed"]: p for p in result.proposals}


def _years(tables: dict[str, dict[str, str]], *printed: str) -> list[str]:
    return [tables[p]["period_start"][:4] + "…" + tables[p]["period_end"][:4] for p in printed]


def test_a_header_line_of_years_dates_each_column_by_its_place(
    tables: dict[str, dict[str, str]],
) -> None:
    assert (
        _years(tables, "12,345", "13,210", "8,120", "8,947", "4,501", "4,388")
        == [
            "1880…1880",
            "1885…1885",
        ]
        * 3
    )
    assert tables["13,210"]["date_printed"] == "1885"
    # a paragraph of prose ends the table: its figure takes no column's date
    assert tables["75"]["date_printed"] == ""
    assert tables["75"]["date_note"].startswith("no date is printed near this figure")


def test_column_heads_printed_one_under_the_other_date_their_columns(
    tables: dict[str, dict[str, str]],
) -> None:
    assert _years(tables, "1,234,567", "1,198,220") == ["1901…1901", "1900…1900"]
    assert _years(tables, "845,000") == ["1901…1901"]  # a row with one number: the first column
    # two pairs on one line, apart by a label: each pair is a row
    assert (
        _years(tables, "12,000", "11,500", "3,000", "2,800")
        == [
            "1901…1901",
            "1900…1900",
        ]
        * 2
    )


def test_a_year_before_a_colon_dates_the_value_after_it(
    tables: dict[str, dict[str, str]],
) -> None:
    assert _years(tables, "2,593", "6,776") == ["1881…1881", "1882…1882"]


def test_a_year_in_brackets_dates_no_figure_after_them(
    tables: dict[str, dict[str, str]],
) -> None:
    assert tables["232 millions"]["date_printed"] == "From 1900 to 1907"


SINCE = """The balance of the fund on June 30, 1916, was larger than at the end of any year
since 1908. After the officers were paid, there remained 41,000 dollars in the fund.
"""


def test_a_since_year_dates_no_figure_of_a_later_sentence(tmp_path: Path) -> None:
    seed = tmp_path / "fund.txt"
    seed.write_text(SINCE, encoding="utf-8")
    package = init_package(tmp_path / "package", seed, languages=["en"]).folder
    proposals = {p["printed"]: p for p in draft_package(package, agent="test").proposals}
    dated = proposals["41,000"]
    assert (dated["period_start"], dated["period_end"]) == ("1916-06-30", "1916-06-30")


def _names(text: str, language: str) -> list[tuple[str, str]]:
    lexicon = load(language)
    assert lexicon is not None
    seg = segment(text, [0], [language], lexicon.abbreviations)
    return [(d.text, d.name) for d in find_dates(seg, [lexicon])]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # the act's number between its noun and its date
        (
            "en",
            "Under the Act No. 12 of 14 June 1858 the duty was 5 per cent.",
            ("14 June 1858", "act"),
        ),
        # a language whose dates come from CLDR and dateparser keeps its lexicon's name words
        (
            "pt",
            "Pela lei n. 307 de 29 de Junho de 1895 a receita foi de 1.234 contos.",
            ("29 de Junho de 1895", "lei"),
        ),
        (
            "de",
            "Nach dem Gesetz vom 14. Juni 1858 wurden 1.234 Mark erhoben.",
            ("vom 14. Juni 1858", "gesetz"),
        ),
    ],
)
def test_a_date_after_a_numbered_act_is_part_of_its_name(
    language: str, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _names(text, language)


def test_a_date_after_a_plain_number_is_no_name() -> None:
    assert _names("In 1890 there were 1,234 ships.", "en") == [("In 1890", "")]
