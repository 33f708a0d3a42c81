"""A relation's equation on a finding's card (`render/equation.py`), in the line mode of
`tekser review` and on the desk at 80×24: each reading in printed figures, what the terms give,
the difference, the tolerance and the status, then each figure with its quote.

The packages are the invented treasury report and company history of tests/relations_cases.py.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tekser.core.findings import Finding, Severity
from tekser.core.report import Report
from tekser.desk.app import DeskApp
from tekser.desk.session import ReviewSession
from tekser.package.descriptor import Package
from tekser.render.card import ReviewContext, card, queue, render_card
from tekser.render.equation import Equations, equation_block, numeric_equation
from tekser.validate import validate_package
from tests.builder import build_package
from tests.relations_cases import SOURCE, _dividends, _surplus
from tests.test_desk import screen_text


def _validated(root: Path) -> tuple[Report, ReviewContext]:
    report = validate_package(root)
    return report, ReviewContext.load(Package.open(root), report.decisions)


@pytest.fixture(scope="module")
def surplus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, ReviewContext]:
    """A difference printed wrong: 1,250,000 less 1,100,000 printed as 160,000."""
    seed, tables = _surplus("160,000")
    root = build_package(tmp_path_factory.mktemp("card") / "surplus", seed, tables, source=SOURCE)
    return _validated(root)


@pytest.fixture(scope="module")
def dividends(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, ReviewContext]:
    """A weighted sum with two readings: on the whole capital it holds, on the preferred
    shares it does not."""
    seed, tables = _dividends(("on-capital", "on-preferred"))
    root = build_package(tmp_path_factory.mktemp("card") / "div", seed, tables, source=SOURCE)
    return _validated(root)


def one(report: Report, rule: str) -> Finding:
    (finding,) = [f for f in report.findings if f.rule == rule]
    return finding


def lines(report: Report, context: ReviewContext, finding: Finding) -> list[str]:
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_card(finding, report, context, "1/1"))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    return [line.strip("│ ").rstrip() for line in text.splitlines()]


def test_the_card_of_a_failing_difference_shows_its_arithmetic_and_quotes(
    surplus: tuple[Report, ReviewContext],
) -> None:
    report, context = surplus
    shown = lines(report, context, one(report, "relations.equation-fails"))
    start = shown.index("surplus.1900 reading as-printed · fails")
    assert shown[start : start + 7] == [
        "surplus.1900 reading as-printed · fails",
        "160,000 = 1,250,000 − 1,100,000",
        "surplus = receipts - expenditures",
        "the terms give 150000  difference -10000  tolerance ±1.5",
        "= 160,000   surplus ⟦a surplus of 160,000⟧ line 1",
        "+ 1,250,000 receipts ⟦In 1900 the receipts were 1,250,000⟧ line 1",
        "− 1,100,000 expenditures ⟦the expenditures 1,100,000⟧ line 1",
    ]
    assert start == 1  # the equation leads the card, before the rule's long explanation


def test_a_card_of_another_rule_has_no_equation(surplus: tuple[Report, ReviewContext]) -> None:
    report, context = surplus
    others = [f for f in report.findings if not f.rule.startswith("relations.")]
    assert others
    for finding in others:
        assert card(finding, report, context, "1/1").lead == []


def test_a_failing_reading_comes_first_and_its_weights_are_quoted(
    dividends: tuple[Report, ReviewContext],
) -> None:
    report, context = dividends
    shown = lines(report, context, one(report, "relations.reading-fails"))
    assert shown[1:11] == [
        "dividends reading on-preferred · fails",
        "220,000 = 0.01 × 5 × 500,000 + 0.01 × 6 × 500,000",
        "dividends = 0.01·rate-1901·preferred + 0.01·rate-1902·preferred",
        "the terms give 55000  difference -165000  tolerance ±5000.56",
        "= 220,000 dividends ⟦in all 220,000⟧ line 1",
        "weight 5       rate-1901 ⟦5 per cent in 1901⟧ line 1",
        "+ 500,000 preferred ⟦of which 500,000⟧ line 1",
        "weight 6       rate-1902 ⟦6 per cent in 1902⟧ line 1",
        "+ 500,000 preferred ⟦of which 500,000⟧ line 1",
        "dividends reading on-capital · exact",
    ]
    assert "the terms give 220000  difference 0  tolerance ±20000.50006" in shown


def _term(figure_id: str, sign: str = "+", **cells: str) -> dict[str, str]:
    return {"term_figure_id": figure_id, "sign": sign} | cells


@pytest.mark.parametrize(
    ("kind", "terms", "expected"),
    [
        ("sum", [_term("a"), _term("b")], "9 = 4 + 5"),
        ("difference", [_term("a"), _term("b", "-")], "9 = 4 − 5"),
        ("difference", [_term("a", "-"), _term("b")], "9 = − 4 + 5"),
        ("product", [_term("a"), _term("b")], "9 = 4 × 5"),
        ("ratio", [_term("a"), _term("b", "-")], "9 = 4 ÷ 5"),
        ("growth", [_term("a"), _term("b", "-")], "9 = (4 ÷ 5) − 1"),
        ("average", [_term("a"), _term("b")], "9 = mean(4, 5)"),
        ("same", [_term("a"), _term("b")], "9 = 4 = 5"),
        ("sum", [_term("a", coefficient="12"), _term("b", coefficient="1")], "9 = 12 × 4 + 5"),
        ("weighted-sum", [_term("a", weight_figure_id="w")], "9 = 3 thousand × 4"),
        ("sum", [_term("ghost")], "9 = ghost"),
    ],
)
def test_the_equation_in_printed_figures_for_each_kind(
    kind: str, terms: list[dict[str, str]], expected: str
) -> None:
    figures = {
        "r": {"printed": "9"},
        "a": {"printed": "4"},
        "b": {"printed": "", "value": "5"},
        "w": {"printed": "3", "scale": "thousand"},
    }
    assert numeric_equation(kind, "r", terms, figures) == expected


def test_the_desk_at_80_by_24_shows_the_equation_and_the_first_term_s_quote(
    surplus: tuple[Report, ReviewContext],
) -> None:
    report, context = surplus
    session = ReviewSession(
        report=report, context=context, findings=queue(report), reviewer="A. Curator"
    )
    session.set_filters({"rule": "relations.equation-fails"})

    async def main() -> str:
        app = DeskApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return screen_text(app)

    text = asyncio.run(main())
    assert "WARNING relations.equation-fails 1/1" in text
    assert "160,000 = 1,250,000 − 1,100,000" in text
    assert "the terms give 150000  difference -10000  tolerance ±1.5" in text
    assert "+ 1,250,000 receipts ⟦In 1900 the receipts were 1,250,000⟧ line 1" in text


@dataclass
class _Context:
    """What `equation_block` reads of a review's context, with the relations already read."""

    package: Any
    figures: dict[str, dict[str, str]]
    provenance: dict[str, dict[str, str]]
    equations: Equations | None


def test_a_relation_of_thousands_of_terms_and_readings_shows_a_card_s_worth() -> None:
    """An invented sum of 3,000 parts in ten readings: the card shows six readings of twelve
    terms each and says how many more there are."""
    figures = {f"p{i}": {"printed": str(i)} for i in range(3000)} | {"all": {"printed": "9"}}
    terms = [{"term_figure_id": f"p{i}", "sign": "+"} for i in range(3000)]
    evaluated = [
        {"relation_id": "big", "reading": f"r{n}", "kind": "sum", "result_figure_id": "all",
         "status": "fails", "computed": "4498500", "difference": "4498491", "tolerance": "1500",
         "equation": "all = p0 + …"}
        for n in range(10)
    ]  # fmt: skip
    context = _Context(
        None,
        figures,
        {},
        Equations({"big": evaluated}, {("big", f"r{n}"): terms for n in range(10)}),
    )
    finding = Finding("relations.equation-fails", Severity.WARNING, "", [{"relation_id": "big"}])
    block = equation_block(finding, context)
    assert block is not None
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(block)
    shown = [line.rstrip() for line in console.export_text().splitlines()]
    assert sum(line.startswith("big reading ") for line in shown) == 6
    assert shown[1] == "9 = 0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 … 2988 more terms"
    assert sum(line.startswith("+ ") for line in shown) == 6 * 12
    assert shown[-1] == "… 4 more readings: tekser relations lists them"
