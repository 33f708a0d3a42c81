"""Relations as equations: each kind evaluated exactly, with the tolerance of printed precision.

The evaluator (`stages/consistency/equations.py`) is tested on rows as either engine selects
them; the rules that read its table are tested package by package in `tests/relations_cases.py`
(the harness of test_consistency.py, and test_spark.py on both engines); here, the kinds that
have no case of their own there, on invented figures, and a control package whose arithmetic
holds exactly.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tekser.stages.consistency.equations import equation_rows, figure_values
from tekser.validate import validate_package
from tests.builder import build_package
from tests.relations_cases import SOURCE, dollars, relation

COLUMNS = (
    "relation_id", "reading", "kind", "result_figure_id", "result_value", "computed",
    "difference", "tolerance", "status", "problem", "equation", "readings", "readings_holding",
)  # fmt: skip


def figures(**given: tuple[Any, ...]) -> dict[str, Any]:
    """Figures as `FIGURES_SOURCE` selects them: id → (value, unit, scale factor, last digit)."""
    return figure_values((figure_id, *row) for figure_id, row in given.items())


def evaluate(
    kind: str, result: str, terms: list[tuple[Any, ...]], values: dict[str, Any]
) -> dict[str, Any]:
    """The one row of `tekser_equations` of a relation: terms are (figure, sign[, coefficient,
    weight])."""
    rows = [
        ("r", "a", number, kind, result, term[0], term[1], *[*term[2:], None, None][:2])
        for number, term in enumerate(terms, 1)
    ]
    (row,) = list(equation_rows(rows, values))
    return dict(zip(COLUMNS, row, strict=True))


def test_a_product_of_a_price_and_a_quantity() -> None:
    values = figures(
        price=(2.5, "roubles", 1.0, 0.1),  # 2.5 roubles a pood
        poods=(1200, "poods", 1.0, 1.0),
        value=(3, "roubles", 1000.0, 1.0),  # 3 thousand roubles
    )
    row = evaluate("product", "value", [("price", "+"), ("poods", "+")], values)
    assert (row["status"], row["computed"], row["difference"]) == ("exact", "3000", "0")
    assert row["equation"] == "value = price × poods"
    # 2.45…2.55 × 1199.5…1200.5 and half a thousand of the result: ±61.27… + 500
    assert Decimal(row["tolerance"]) == Decimal("561.275")


def test_a_ratio_in_percent_and_its_tolerance() -> None:
    values = figures(
        part=(1250, "persons", 1.0, 1.0),
        whole=(5000, "persons", 1.0, 1.0),
        share=(25.1, "percent", 1.0, 0.1),
    )
    row = evaluate("ratio", "share", [("part", "+"), ("whole", "-")], values)
    assert row["status"] == "fails"
    assert (row["computed"], row["difference"]) == ("25", "-0.1")
    # 1249.5/5000.5 … 1250.5/4999.5 → 24.9875…25.0125, and 0.05 of the printed 25.1
    assert row["tolerance"] == "0.062501"
    values = figures(part=(1250, "persons", 1.0, 1.0), whole=(5000, "persons", 1.0, 1.0),
                     share=(25, "percent", 1.0, 1.0))  # fmt: skip
    assert evaluate("ratio", "share", [("part", "+"), ("whole", "-")], values)["status"] == (
        "exact"
    )


def test_growth_between_two_figures_in_percent() -> None:
    values = figures(
        later=(150, "schools", 1.0, 1.0),
        earlier=(120, "schools", 1.0, 1.0),
        growth=(25, "percent", 1.0, 1.0),
        wrong=(30, "percent", 1.0, 1.0),
    )
    terms = [("later", "+"), ("earlier", "-")]
    assert evaluate("growth", "growth", terms, values)["status"] == "exact"
    failed = evaluate("growth", "wrong", terms, values)
    assert (failed["status"], failed["computed"], failed["difference"]) == ("fails", "25", "-5")
    assert failed["equation"] == "wrong = (later ÷ earlier) − 1"
    one_sided = evaluate("growth", "growth", [("later", "+"), ("earlier", "+")], values)
    assert one_sided["status"] == "invalid"
    assert one_sided["problem"] == "a growth has two terms: the later (+) and the earlier (-)"


def test_a_sum_at_different_scales_is_read_at_each_scale() -> None:
    values = figures(
        whole=(1.5, "roubles", 1_000_000.0, 0.1),  # 1.5 million
        part=(900, "roubles", 1000.0, 1.0),  # 900 thousand
        rest=(600000, "roubles", 1.0, 1.0),
    )
    row = evaluate("sum", "whole", [("part", "+"), ("rest", "+")], values)
    assert (row["status"], row["computed"], row["result_value"]) == ("exact", "1500000", "1500000")


def test_a_restatement_must_agree() -> None:
    values = figures(
        table=(4321, "persons", 1.0, 1.0),
        summary=(4.3, "persons", 1000.0, 0.1),
        misprint=(4231, "persons", 1.0, 1.0),
    )
    assert evaluate("same", "summary", [("table", "+")], values)["status"] == "rounding"
    row = evaluate("same", "table", [("summary", "+"), ("misprint", "+")], values)
    assert (row["status"], row["difference"]) == ("fails", "-90")


@pytest.mark.parametrize(
    ("kind", "terms", "problem"),
    [
        ("ratio", [("a", "+"), ("zero", "-")], "it divides by zero, which is zero"),
        ("ratio", [("a", "+"), ("small", "-")], "small may be zero within its rounding"),
        ("sum", [("a", "+"), ("odd", "+")], "a figure's scale is not one tekser knows"),
        ("sum", [("a", "+"), ("r", "+")], "its result is one of its own terms"),
        ("sum", [("a", "+"), ("ghost", "+")], "term ghost has no value"),
        ("weighted-sum", [("a", "+", None, "ghost")], "its weight ghost has no value"),
    ],
)
def test_equations_that_cannot_be_evaluated_say_why(
    kind: str, terms: list[tuple[Any, ...]], problem: str
) -> None:
    values = figures(
        a=(10, "persons", 1.0, 1.0),
        zero=(0, "persons", 1.0, 1.0),
        small=(0.4, "persons", 1.0, 1.0),
        odd=(3, "persons", None, 1.0),
        r=(10, "persons", 1.0, 1.0),
    )
    row = evaluate(kind, "r", terms, values)
    assert row["status"] == "invalid"
    assert row["problem"].startswith(problem), row["problem"]


def test_a_coefficient_scales_its_term() -> None:
    values = figures(monthly=(250, "marks", 1.0, 1.0), yearly=(3000, "marks", 1.0, 1.0))
    row = evaluate("sum", "yearly", [("monthly", "+", 12)], values)
    assert (row["status"], row["equation"]) == ("exact", "yearly = 12·monthly")


def test_a_package_whose_arithmetic_holds_raises_nothing_above_info(tmp_path: Path) -> None:
    """The control: a difference, a weighted sum and an average that hold exactly."""
    seed = (
        "In 1900 the receipts were 1,250,000 dollars and the expenditures 1,100,000 dollars, "
        "leaving a surplus of 150,000 dollars; two offices took 600,000 and 650,000, on "
        "average 625,000.\n"
    )
    tables = {
        "figures": [
            dollars(
                "receipts",
                "1250000",
                "In 1900 the receipts were 1,250,000",
                printed="1,250,000",
                date_printed="1900",
            ),
            dollars("expenditures", "1100000", "the expenditures 1,100,000", printed="1,100,000"),
            dollars("surplus", "150000", "a surplus of 150,000", printed="150,000"),
            dollars("first", "600000", "took 600,000", printed="600,000"),
            dollars("second", "650000", "and 650,000", printed="650,000"),
            dollars("mean", "625000", "on average 625,000", printed="625,000", statistic="average"),
        ],
        "relations": relation(
            "surplus.1900",
            "difference",
            "surplus",
            [("receipts", "+"), ("expenditures", "-")],
            ["the receipts were", "leaving a surplus"],
        )
        + relation(
            "mean.1900",
            "average",
            "mean",
            [("first", "+"), ("second", "+")],
            ["two offices took", "on average"],
        ),
    }
    root = build_package(tmp_path / "control", seed, tables, source=SOURCE)
    report = validate_package(root)
    above_info = [f"{f.rule}: {f.message}" for f in report.findings if f.severity != "info"]
    assert above_info == []
    assert not [f for f in report.findings if f.rule.startswith("relations.")]


def test_tekser_relations_lists_each_reading_with_its_arithmetic(tmp_path: Path) -> None:
    from tests.conftest import run
    from tests.relations_cases import _dividends

    seed, tables = _dividends(("on-capital", "on-preferred"))
    root = build_package(tmp_path / "dividends", seed, tables, source=SOURCE)
    listed = run("relations", str(root), "--format", "json")
    assert listed.exit_code == 0
    assert [(r["reading"], r["status"], r["computed"]) for r in json.loads(listed.stdout)] == [
        ("on-capital", "exact", "220000"),
        ("on-preferred", "fails", "55000"),
    ]
    text = run("relations", str(root), "--status", "fails")
    assert text.exit_code == 0
    assert "dividends [on-preferred] weighted-sum" in text.stdout
    assert "the terms give 55000: difference -165000" in text.stdout
    assert "on-capital" not in text.stdout
    assert text.stdout.rstrip().endswith("1 fails")
    bare = run("relations", str(tmp_path / "nowhere"))
    assert bare.exit_code == 2 and "Traceback" not in bare.stderr


def _every_kind(broken: bool) -> tuple[str, dict[str, Any]]:
    """A product, a ratio, a growth, an average and a restatement in one invented report;
    `broken` misprints the result of each."""
    value, share, growth, again = ("3,100", "26", "30", "4,231") if broken else (
        "3,000", "25", "25", "4,321"
    )  # fmt: skip
    mean = "35" if broken else "33"
    seed = (
        f"In 1900 the mills bought 1,200 poods at 2.5 roubles, for {value} roubles. "
        f"Of 5,000 workers 1,250, or {share} per cent, were women. "
        f"The schools rose from 120 to 150, by {growth} per cent. "
        f"The town had 4,321 inhabitants; the summary repeats {again}. "
        f"Its three schools taught 30, 33 and 36 pupils, on average {mean}.\n"
    )
    money = {"unit": "roubles"}
    count = {"statistic": "count"}
    rate = {"unit": "percent", "statistic": "share"}
    tables: dict[str, Any] = {
        "figures": [
            dollars("poods", "1200", "In 1900 the mills bought 1,200", printed="1,200",
                    date_printed="1900", unit="poods", **count),
            dollars("price", "2.5", "at 2.5", printed="2.5", **money),
            dollars("value", value.replace(",", ""), f"for {value}", printed=value, **money),
            dollars("workers", "5000", "Of 5,000", printed="5,000", unit="persons", **count),
            dollars("women", "1250", "workers 1,250", printed="1,250", unit="persons", **count),
            dollars("share", share, f"or {share}", printed=share, **rate),
            dollars("schools-before", "120", "from 120", unit="schools", **count),
            dollars("schools-after", "150", "to 150", unit="schools", **count),
            dollars("growth", growth, f"by {growth}", printed=growth, **rate),
            dollars("town", "4321", "had 4,321", printed="4,321", unit="persons", **count),
            dollars("summary", again.replace(",", ""), f"repeats {again}", printed=again,
                    unit="persons", **count),
            dollars("pupils-30", "30", "taught 30", unit="pupils", **count),
            dollars("pupils-33", "33", "33 and", unit="pupils", **count),
            dollars("pupils-36", "36", "and 36", unit="pupils", **count),
            dollars("mean", mean, f"on average {mean}", unit="pupils", statistic="average"),
        ],
        "relations": relation("value", "product", "value", [("price", "+"), ("poods", "+")],
                              ["the mills bought", "roubles, for"])
        + relation("share", "ratio", "share", [("women", "+"), ("workers", "-")],
                   ["were women", "Of 5,000 workers"])
        + relation("growth", "growth", "growth",
                   [("schools-after", "+"), ("schools-before", "-")], ["rose", "by"])
        + relation("summary", "same", "summary", [("town", "+")], ["the summary repeats"])
        + relation("mean", "average", "mean",
                   [("pupils-30", "+"), ("pupils-33", "+"), ("pupils-36", "+")],
                   ["taught 30", "33 and", "and 36"]),
    }  # fmt: skip
    return seed, tables


@pytest.mark.parametrize("broken", [False, True])
def test_each_kind_fails_on_a_misprint_and_holds_when_mended(tmp_path: Path, broken: bool) -> None:
    seed, tables = _every_kind(broken)
    root = build_package(tmp_path / "kinds", seed, tables, source=SOURCE)
    report = validate_package(root)
    found = {f.key: f.message for f in report.findings if f.rule == "relations.equation-fails"}
    others = [f"{f.rule}: {f.message}" for f in report.findings if f.severity != "info"]
    if not broken:
        assert others == [] and found == {}
        return
    assert sorted(found) == ["growth", "mean", "share", "summary", "value"], others
    assert "the terms give 33, but mean is 35 — a difference of -2" in found["mean"]
    assert "the terms give 3000, but value is 3100" in found["value"]
    # 2.45…2.55 roubles × 1200 poods counted exactly, and half the result's last digit
    assert "beyond the ±60.5 the printed precision allows" in found["value"]
    assert "the terms give 25, but share is 26" in found["share"]
    assert "share = women ÷ workers" in found["share"]
    assert "the terms give 25, but growth is 30" in found["growth"]
    assert "the terms give 4321, but summary is 4231 — a difference of 90" in found["summary"]
    assert sorted(others) == sorted(f"relations.equation-fails: {m}" for m in found.values())


@pytest.mark.parametrize(
    ("printed", "value", "unit"),
    [
        ("2.50", 2.5, 0.01),  # a price printed to the kopeck: its zero is a printed digit
        ("12,00", 12.0, 0.01),
        ("10.0", 10.0, 0.1),
        ("5,000", 5.0, 0.001),  # "5,000" read as a decimal (a language whose comma is one)
        ("5,000", 5000, 1.0),  # and as grouped thousands
        ("100,100", 100100, 1.0),
        ("1200", 12, None),  # a value read through a note: no printed precision
    ],
)
def test_the_last_printed_digit_counts_trailing_zeros_of_a_fraction(
    printed: str, value: float, unit: float | None
) -> None:
    from tekser.stages.consistency.sqlite import last_digit

    assert last_digit(printed, value) == unit


def test_a_long_chain_of_relations_and_a_cycle_are_found_in_linear_time() -> None:
    """Relations f1 = f0, f2 = f1, … (a chain of 20,000) and one that closes a cycle of
    three: only the three are circular, and the chain is read without a search per relation."""
    values = figures(**{f"f{i}": (1, "persons", 1.0, 1.0) for i in range(20_001)})
    chain = [
        (f"r{i}", "a", 1, "same", f"f{i}", f"f{i - 1}", "+", None, None) for i in range(1, 20_001)
    ]
    cycle = [
        ("c1", "a", 1, "same", "x", "y", "+", None, None),
        ("c2", "a", 1, "same", "y", "z", "+", None, None),
        ("c3", "a", 1, "same", "z", "x", "+", None, None),
    ]
    values |= figures(
        x=(1, "persons", 1.0, 1.0), y=(1, "persons", 1.0, 1.0), z=(1, "persons", 1.0, 1.0)
    )
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in equation_rows(chain + cycle, values)]
    assert sorted(r["relation_id"] for r in rows if r["status"] == "circular") == ["c1", "c2", "c3"]
    assert sum(r["status"] == "exact" for r in rows) == 20_000


def test_an_overflowing_equation_is_invalid_not_an_error() -> None:
    values = figures(**{f"t{i}": (1e300, "persons", 1.0, None) for i in range(4000)})
    values |= figures(r=(1, "persons", 1.0, 1.0))
    row = evaluate("product", "r", [(f"t{i}", "+") for i in range(4000)], values)
    assert (row["status"], row["problem"]) == (
        "invalid",
        "its arithmetic overflows what a decimal can hold",
    )


def _duty(broken: bool, body: str) -> tuple[str, dict[str, Any]]:
    """A duty abolished in 1890 and its receipts: of 1892 (after it ended) or of 1889."""
    year = 1892 if broken else 1889
    seed = (
        f"The duty on salt was abolished in 1890. It yielded $40,000 in {year}, "
        "and the duty on iron $15,000 in 1892.\n"
    )
    event = {
        "event_id": "salt-duty-ended",
        "event_key": "salt-duty-ended",
        "kind": "ended",
        "body": body,
        "measure": "salt-duty",
        "description": "the duty on salt is abolished",
        "language": "en",
        "period_start": "1890-01-01",
        "period_end": "1890-12-31",
        "date_printed": "1890",
        "quote": "abolished in 1890",
    }
    salt = dollars(
        "salt", "40000", f"yielded $40,000 in {year}", year, printed="40,000", measure="salt-duty"
    )
    salt["date_printed"] = str(year)
    iron = dollars("iron", "15000", "$15,000 in 1892", 1892, printed="15,000")
    iron["measure"], iron["date_printed"] = "iron-duty", "1892"
    return seed, {"events": [event], "figures": [salt, iron]}


@pytest.mark.parametrize("body", ["", "treasury"])
def test_a_figure_of_a_measure_after_it_ended_is_outside_its_life(
    tmp_path: Path, body: str
) -> None:
    """An event of kind `ended` bounds the figures of its `measure` (of its body, when one is
    named): a duty's receipts dated after its abolition are a warning with both quotes; its
    receipts before, and another duty's after, are not."""
    seed, tables = _duty(True, body)
    report = validate_package(build_package(tmp_path / "broken", seed, tables, source=SOURCE))
    found = [f for f in report.findings if f.rule == "events.figure-outside-life"]
    assert [(f.severity.value, f.message) for f in found] == [
        (
            "warning",
            "salt-duty: salt is dated 1892-01-01…1892-12-31, after it ended "
            "(1890-01-01…1890-12-31, salt-duty-ended)",
        )
    ]
    assert sorted(e.provenance_id for e in found[0].evidence) == ["p.salt", "p.salt-duty-ended"]
    seed, tables = _duty(False, body)
    report = validate_package(build_package(tmp_path / "mended", seed, tables, source=SOURCE))
    assert not [f for f in report.findings if f.rule == "events.figure-outside-life"]


def test_an_ended_measure_of_another_body_bounds_nothing(tmp_path: Path) -> None:
    seed, tables = _duty(True, "customs-of-another-state")
    report = validate_package(build_package(tmp_path / "other", seed, tables, source=SOURCE))
    assert not [f for f in report.findings if f.rule == "events.figure-outside-life"]


def test_a_bound_leaves_a_sum_open_on_its_side() -> None:
    """Parts "more than 3,000" and "more than 1,000" sum to more than 4,000, so a whole of
    4,500 agrees with them (the bound's open side, tolerance ∞) and one of 3,500 does not
    (the parts may come down by their rounding only)."""
    parts = {
        "a": (3000, "persons", 1.0, 1.0, "lower-bound"),
        "b": (1000, "persons", 1.0, 1.0, "lower-bound"),
    }
    terms = [("a", "+"), ("b", "+")]
    above = evaluate("sum", "w", terms, figures(w=(4500, "persons", 1.0, 1.0, "count"), **parts))
    assert (above["status"], above["difference"], above["tolerance"]) == ("exact", "-500", "∞")
    below = evaluate("sum", "w", terms, figures(w=(3500, "persons", 1.0, 1.0, "count"), **parts))
    assert (below["status"], below["difference"], below["tolerance"]) == ("fails", "500", "1")


def test_a_total_printed_as_a_bound_holds_what_lies_on_its_open_side() -> None:
    """ "Less than 100 in all": parts of 60 and 30 agree with it, parts of 70 and 40 do not."""
    total = {"w": (100, "persons", 1.0, 1.0, "upper-bound")}
    terms = [("a", "+"), ("b", "+")]

    def parts(a: int, b: int) -> dict[str, Any]:
        return figures(a=(a, "persons", 1.0, 1.0), b=(b, "persons", 1.0, 1.0), **total)

    assert evaluate("sum", "w", terms, parts(60, 30))["status"] == "exact"
    over = evaluate("sum", "w", terms, parts(70, 40))
    assert (over["status"], over["difference"], over["tolerance"]) == ("fails", "10", "1.5")


def test_a_bound_in_a_product_is_read_as_printed() -> None:
    """Bounds open only sums: a product's interval stays that of the printed figures."""
    values = figures(
        price=(2.5, "roubles", 1.0, 0.1, "lower-bound"),
        poods=(1200, "poods", 1.0, 1.0),
        value=(3, "roubles", 1000.0, 1.0),
    )
    row = evaluate("product", "value", [("price", "+"), ("poods", "+")], values)
    assert (row["status"], row["tolerance"]) == ("exact", "561.275")
