"""Invented texts in the manner of a treasury report and a company history, and the rows that
state their figures and relations: what the tests of relations build their packages from. (The
cases of the relation and date-bound rules, `relations.*` and `events.figure-outside-life`, are
their examples in checks/examples/, run with every rule's.)"""

from __future__ import annotations

from typing import Any

Rows = dict[str, list[dict[str, Any]]]

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
