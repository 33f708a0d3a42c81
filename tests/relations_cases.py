"""The cases of the relation and date-bound rules (`relations.*`, `events.figure-outside-life`):
for each rule, a package that breaks it and the same package mended, registered with the
harness of `tests/test_consistency.py` (imported at its end, so that every rule of the suite
has its case wherever the harness runs). The texts are invented, in the manner of a treasury
report and a company history."""

from __future__ import annotations

from typing import Any

from tests.test_consistency import Expected, Rows, Scenario, case

SOURCE = {"languages": "en", "period_start": "1880-01-01", "period_end": "1910-12-31"}


def dollars(
    figure_id: str, value: str, quote: str, year: int = 1900, **cells: Any
) -> dict[str, Any]:
    """An amount in dollars of a fiscal year of the company or the treasury (`organisation`)."""
    row = {
        "figure_id": figure_id,
        "series_id": f"{figure_id}.series",
        "organisation": "treasury",
        "measure": figure_id,
        "statistic": "amount",
        "unit": "us-dollars",
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "value": value,
        "printed": value,
        "quote": quote,
    }
    return row | cells


def relation(
    relation_id: str,
    kind: str,
    result: str,
    terms: list[tuple[str, str]],
    quotes: list[str],
    reading: str = "as-printed",
    **cells: Any,
) -> list[dict[str, Any]]:
    """The rows of one reading of a relation: one per (term figure, sign), each quoting the
    words that state it."""
    return [
        {
            "relation_id": relation_id,
            "reading": reading,
            "term": number,
            "kind": kind,
            "result_figure_id": result,
            "term_figure_id": term,
            "sign": sign,
            "quote": quote,
        }
        | cells
        for number, ((term, sign), quote) in enumerate(zip(terms, quotes, strict=True), 1)
    ]


def _surplus(surplus: str) -> tuple[str, Rows]:
    seed = (
        "In 1900 the receipts were 1,250,000 dollars and the expenditures 1,100,000 dollars, "
        f"leaving a surplus of {surplus} dollars.\n"
    )
    tables: Rows = {
        "figures": [
            dollars(
                "receipts",
                "1250000",
                "In 1900 the receipts were 1,250,000",
                printed="1,250,000",
                date_printed="1900",
            ),
            dollars("expenditures", "1100000", "the expenditures 1,100,000", printed="1,100,000"),
            dollars(
                "surplus", surplus.replace(",", ""), f"a surplus of {surplus}", printed=surplus
            ),
        ],
        "relations": relation(
            "surplus.1900",
            "difference",
            "surplus",
            [("receipts", "+"), ("expenditures", "-")],
            ["the receipts were", "leaving a surplus"],
        ),
    }
    return seed, tables


@case("relations.equation-fails", "warning")
def _equation_fails(broken: bool) -> Scenario:
    seed, tables = _surplus("160,000" if broken else "150,000")
    return Scenario(
        seed,
        tables,
        [
            Expected(
                [
                    "p.surplus",
                    "p.receipts",
                    "p.expenditures",
                    "p.surplus.1900.as-printed.1",
                    "p.surplus.1900.as-printed.2",
                ],
                [
                    "surplus.1900: the difference does not hold",
                    "the terms give 150000, but surplus is 160000",
                    "a difference of -10000, beyond the ±1.5 the printed precision allows",
                ],
            )
        ],
        source=SOURCE,
    )


def _dividends(readings: tuple[str, ...]) -> tuple[str, Rows]:
    """Dividends at two rates on a capital with preferred shares, and their total: on the
    whole capital the total holds, on the preferred shares alone it does not."""
    seed = (
        "On a capital of 2,000,000 marks, of which 500,000 marks in preferred shares, the "
        "company paid a dividend of 5 per cent in 1901 and of 6 per cent in 1902, in all "
        "220,000 marks.\n"
    )
    marks = {"unit": "marks", "organisation": "company"}
    rate = {"unit": "percent", "statistic": "share", "organisation": "company"}
    bases = {"on-capital": "capital", "on-preferred": "preferred"}
    tables: Rows = {
        "figures": [
            dollars(
                "capital", "2000000", "a capital of 2,000,000", 1901, printed="2,000,000", **marks
            ),
            dollars("preferred", "500000", "of which 500,000", 1901, printed="500,000", **marks),
            dollars("rate-1901", "5", "5 per cent in 1901", 1901, date_printed="1901", **rate),
            dollars("rate-1902", "6", "6 per cent in 1902", 1902, date_printed="1902", **rate),
            dollars(
                "dividends",
                "220000",
                "in all 220,000",
                1901,
                printed="220,000",
                period_end="1902-12-31",
                **marks,
            ),
        ],
        "relations": [
            row
            for reading in readings
            for row in relation(
                "dividends",
                "weighted-sum",
                "dividends",
                [(bases[reading], "+"), (bases[reading], "+")],
                ["paid a dividend of", "in all"],
                reading=reading,
                coefficient="0.01",
            )
        ],
    }
    for row in tables["relations"]:  # the rate of each year weighs the base
        row["weight_figure_id"] = f"rate-190{row['term']}"
    return seed, tables


@case("relations.reading-fails", "info")
def _reading_fails(broken: bool) -> Scenario:
    seed, tables = _dividends(("on-capital", "on-preferred") if broken else ("on-capital",))
    return Scenario(
        seed,
        tables,
        [
            Expected(
                [
                    "p.dividends",
                    "p.preferred",
                    "p.rate-1901",
                    "p.rate-1902",
                    "p.dividends.on-preferred.1",
                    "p.dividends.on-preferred.2",
                ],
                [
                    "dividends: reading on-preferred",
                    "gives 55000 against 220000 (dividends)",
                    "1 of its 2 readings hold",
                ],
            )
        ],
        source=SOURCE,
    )


def _schools(values: tuple[str, str, str], mean: str, units: str = "schools") -> Rows:
    counts = {"unit": "schools", "organisation": "district", "statistic": "count"}
    names = ("north", "middle", "south")
    return {
        "figures": [
            dollars(
                name,
                value,
                f"{'in 1900 ' if number == 0 else ''}{value} in the {name}",
                printed=value,
                **(counts | ({"unit": units, "date_printed": "1900"} if number == 0 else {})),
            )
            for number, (name, value) in enumerate(zip(names, values, strict=True))
        ]
        + [
            dollars(
                "mean",
                mean,
                f"on average {mean}",
                printed=mean,
                **(counts | {"statistic": "average"}),
            )
        ],
        "relations": relation(
            "mean.1900",
            "average",
            "mean",
            [(name, "+") for name in names],
            ["in the north", "in the middle", "on average"],
        ),
    }


def _schools_seed(values: tuple[str, str, str], mean: str) -> str:
    north, middle, south = values
    return (
        f"The district had in 1900 {north} in the north, {middle} in the middle and {south} in "
        f"the south, on average {mean}.\n"
    )


@case("relations.rounding", "info")
def _rounding(broken: bool) -> Scenario:
    values, mean = (("33", "33", "34"), "33.3") if broken else (("33", "33", "36"), "34")
    return Scenario(
        _schools_seed(values, mean),
        _schools(values, mean),
        [
            Expected(
                [
                    "p.mean",
                    "p.north",
                    "p.middle",
                    "p.south",
                    "p.mean.1900.as-printed.1",
                    "p.mean.1900.as-printed.2",
                    "p.mean.1900.as-printed.3",
                ],
                [
                    "mean.1900: reading as-printed (mean = mean(north, middle, south))",
                    "gives 33.333333 against 33.3 (mean): a difference of 0.033333, within the "
                    "±0.05 the printed precision allows",
                ],
            )
        ],
        source=SOURCE,
    )


@case("relations.invalid", "critical")
def _invalid(broken: bool) -> Scenario:
    values = ("33", "33", "36")
    return Scenario(
        _schools_seed(values, "34"),
        _schools(values, "34", units="persons" if broken else "schools"),
        [
            Expected(
                [
                    "p.north",
                    "p.middle",
                    "p.south",
                    "p.mean.1900.as-printed.1",
                    "p.mean.1900.as-printed.2",
                    "p.mean.1900.as-printed.3",
                ],
                [
                    "mean.1900 (reading as-printed, mean = mean(north, middle, south)) cannot be "
                    "evaluated: its terms and result are in units that do not add up: persons, "
                    "schools",
                ],
            )
        ],
        source=SOURCE,
    )


@case("relations.circular", "warning")
def _circular(broken: bool) -> Scenario:
    seed, tables = _surplus("150,000")
    if broken:  # the receipts restated as the surplus plus the expenditures: one fact twice
        tables["relations"] += relation(
            "receipts.1900",
            "sum",
            "receipts",
            [("surplus", "+"), ("expenditures", "+")],
            ["leaving a surplus", "the expenditures"],
        )
    return Scenario(
        seed,
        tables,
        [
            Expected(
                ["p.receipts.1900.as-printed.1", "p.receipts.1900.as-printed.2"],
                ["receipts.1900 (receipts = surplus + expenditures) is circular"],
            ),
            Expected(
                ["p.surplus.1900.as-printed.1", "p.surplus.1900.as-printed.2"],
                ["surplus.1900 (surplus = receipts - expenditures) is circular"],
            ),
        ],
        source=SOURCE,
    )


@case("events.figure-outside-life", "warning")
def _outside_life(broken: bool) -> Scenario:
    year = 1893 if broken else 1897
    seed = f"The company, founded in 1895, earned 40,000 marks in {year}.\n"
    return Scenario(
        seed,
        {
            "events": [
                {
                    "event_id": "founded",
                    "event_key": "company-founded",
                    "kind": "founding",
                    "body": "company",
                    "description": "the company is founded",
                    "language": "en",
                    "period_start": "1895-01-01",
                    "period_end": "1895-12-31",
                    "date_printed": "1895",
                    "quote": "founded in 1895",
                }
            ],
            "figures": [
                dollars(
                    "profits",
                    "40000",
                    f"earned 40,000 marks in {year}",
                    year,
                    printed="40,000",
                    unit="marks",
                    organisation="company",
                    date_printed=str(year),
                )
            ],
        },
        [
            Expected(
                ["p.founded", "p.profits"],
                [
                    "company: profits is dated 1893-01-01…1893-12-31, before its founding "
                    "(1895-01-01…1895-12-31, founded)"
                ],
            )
        ],
        source=SOURCE,
    )
