"""A hostile `relations` table: cells no honest author writes, terms naming no figure, a cycle
of tens of thousands of relations, and a table large enough that work growing faster than its
rows would never end. Each validates to findings (never a traceback), `tekser relations` lists
it, and the review card shows it; a table whose findings pass `--limit rule-rows` stops that
rule with one finding, as any rule does.

The work of the evaluator is measured in Python opcodes (deterministic, whatever the machine's
load), never in seconds: it must grow as the table does, not as its square.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from tekser.core.report import Report
from tekser.package.descriptor import Package
from tekser.render.card import ReviewContext, render_card
from tekser.stages.consistency.equations import equation_rows, figure_values
from tekser.validate import validate_package
from tests.builder import build_package
from tests.conftest import edit_rows, rehash, run
from tests.relations_cases import SOURCE, _surplus
from tests.test_spark import spark_only

COLUMNS = (
    "relation_id", "reading", "kind", "result_figure_id", "result_value", "computed",
    "difference", "tolerance", "status", "problem", "equation", "readings", "readings_holding",
)  # fmt: skip


def _row(
    relation_id: str, term: str, kind: str, result: str, figure: str, **cells: str
) -> dict[str, str]:
    return {
        "relation_id": relation_id,
        "reading": "as-printed",
        "term": term,
        "kind": kind,
        "result_figure_id": result,
        "term_figure_id": figure,
        "sign": "+",
        "coefficient": "",
        "weight_figure_id": "",
        "words": "",
        "provenance_id": "p.surplus.1900.as-printed.1",
        "note": "",
    } | cells


def hostile_rows() -> list[dict[str, str]]:
    """Relations of an invented treasury report (receipts − expenditures = surplus), each
    written as no honest author would."""
    rows = []
    for relation_id, coefficient in (
        ("past-float", "1e999999"),  # a float reads it as infinite
        ("past-decimal", "1e999999999"),  # past even a decimal's exponent
        ("negative-zero", "-0"),
        ("nan-cell", "NaN"),
        ("infinity-cell", "-Infinity"),
        ("not-a-number", "abc"),
    ):
        rows += [
            _row(relation_id, "1", "sum", "surplus", "receipts", coefficient=coefficient),
            _row(relation_id, "2", "sum", "surplus", "expenditures", sign="-"),
        ]
    return [
        *rows,
        _row(
            "weighs-itself", "1", "weighted-sum", "surplus", "receipts", weight_figure_id="surplus"
        ),
        _row("squared", "1", "weighted-sum", "surplus", "receipts", weight_figure_id="receipts"),
        _row("ghost-weight", "1", "weighted-sum", "surplus", "receipts", weight_figure_id="ghost"),
        _row("ghost-term", "1", "sum", "surplus", "nowhere"),
        _row("ghost-result", "1", "sum", "nowhere", "receipts"),
        _row("itself", "1", "sum", "surplus", "surplus"),
        _row("bad-term", "NaN", "difference", "surplus", "receipts"),
        _row("two-kinds", "1", "sum", "surplus", "receipts"),
        _row("two-kinds", "2", "product", "surplus", "expenditures"),
    ]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seed, tables = _surplus("150,000")
    root = build_package(tmp_path_factory.mktemp("hostile") / "relations", seed, tables,
                         source=SOURCE)  # fmt: skip

    def change(rows: list[dict[str, str]]) -> None:
        rows[:] = hostile_rows()

    edit_rows(root / "data" / "relations.csv", change)
    rehash(root)
    return root


EXPECTED = {  # relation → (status, problem), as validate, `tekser relations` and the card read it
    # A coefficient past a float's range is infinite once cast, as NaN and Infinity are (which
    # frictionless reads as numbers): the contract bounds a coefficient (±10^15), so each is a
    # critical constraint error of structure; both engines cast them apart (NULL, or the
    # float), so the equation reads them as no coefficient, alike on both (see
    # test_both_engines_…).
    "past-float": ("exact", None),
    "past-decimal": ("exact", None),
    "nan-cell": ("exact", None),
    "infinity-cell": ("exact", None),
    "negative-zero": ("fails", None),  # 0·receipts − expenditures: arithmetic, if odd
    "not-a-number": ("exact", None),  # a type error, critical; the cell is read as empty
    "weighs-itself": ("invalid", "its result weighs one of its own terms"),
    "squared": ("fails", None),
    "ghost-weight": ("invalid", "its weight ghost has no value"),
    "ghost-term": ("invalid", "term nowhere has no value"),
    "ghost-result": ("invalid", "its result nowhere has no value"),
    "itself": ("invalid", "its result is one of its own terms"),
    "bad-term": ("fails", None),
    "two-kinds": ("invalid", "its rows name different kinds: ['product', 'sum']"),
}


def test_a_hostile_relations_table_validates_to_findings(hostile: Path) -> None:
    result = run("validate", str(hostile), "--format", "json")  # a traceback would raise here
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    invalid = {
        f["message"].split(" ")[0]: f["message"].split("cannot be evaluated: ")[1]
        for f in findings
        if f["rule"] == "relations.invalid"
    }
    assert invalid == {r: p for r, (s, p) in EXPECTED.items() if s == "invalid"}
    failing = sorted(
        f["message"].split(":")[0] for f in findings if f["rule"] == "relations.equation-fails"
    )
    assert failing == ["bad-term", "negative-zero", "squared"]
    structure = sorted(
        (f["rule"], f["message"].split(":")[0])
        for f in findings
        if f["rule"].startswith("structure")
    )
    assert structure == [
        # a coefficient past the contract's bounds: infinite once read (rows 2, 4), -Infinity
        # (row 10) and NaN, which is within neither bound (row 8, once for each, as
        # frictionless reports it)
        ("structure.constraint-error", "relations row 10 field 'coefficient'"),
        ("structure.constraint-error", "relations row 2 field 'coefficient'"),
        ("structure.constraint-error", "relations row 4 field 'coefficient'"),
        ("structure.constraint-error", "relations row 8 field 'coefficient'"),
        ("structure.constraint-error", "relations row 8 field 'coefficient'"),
        ("structure.foreign-key", "relations row 16"),  # the ghost weight, term and result
        ("structure.foreign-key", "relations row 17"),
        ("structure.foreign-key", "relations row 18"),
        ("structure.type-error", "relations row 12 field 'coefficient'"),
        ("structure.type-error", "relations row 20 field 'term'"),
    ]


def test_tekser_relations_and_the_card_read_the_table_as_validate_does(hostile: Path) -> None:
    listed = run("relations", str(hostile), "--format", "json")
    assert listed.exit_code == 0
    statuses = {r["relation_id"]: (r["status"], r["problem"]) for r in json.loads(listed.stdout)}
    assert statuses == EXPECTED
    report: Report = validate_package(hostile)
    context = ReviewContext.load(Package.open(hostile), report.decisions)
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for finding in report.findings:
        if finding.rule.startswith("relations."):
            console.print(render_card(finding, report, context, "1/1"))
    text = console.export_text()
    assert "weighs-itself reading as-printed · invalid" in text
    assert "150,000 = 1e999999999 × 1,250,000 − 1,100,000" not in text  # no finding on it
    assert "150,000 = 150,000 × 1,250,000" in text


def test_a_cycle_of_fifty_thousand_relations_is_found_and_each_is_circular() -> None:
    n = 50_000
    values = figure_values((f"f{i}", 1, "persons", 1.0, 1.0) for i in range(n))
    cycle = [
        (f"c{i}", "a", 1, "same", f"f{i}", f"f{(i + 1) % n}", "+", None, None) for i in range(n)
    ]
    rows = list(equation_rows(cycle, values))
    assert len(rows) == n
    assert {row[8] for row in rows} == {"circular"}


def test_a_weight_closes_a_cycle_as_a_term_does() -> None:
    """dividends = rate·capital, and the rate restated as dividends over capital."""
    values = figure_values(
        [("dividends", 100, "marks", 1.0, 1.0), ("rate", 5, "percent", 1.0, 1.0),
         ("capital", 2000, "marks", 1.0, 1.0)]
    )  # fmt: skip
    relations = [
        ("paid", "a", 1, "weighted-sum", "dividends", "capital", "+", 0.01, "rate"),
        ("rate", "a", 1, "ratio", "rate", "dividends", "+", None, None),
        ("rate", "a", 2, "ratio", "rate", "capital", "-", None, None),
    ]
    statuses = {row[0]: row[8] for row in equation_rows(relations, values)}
    assert statuses == {"paid": "circular", "rate": "circular"}


@pytest.mark.parametrize(
    ("coefficient", "status", "equation"),
    [
        ("1e999999", "invalid", "r = 1E+999999·a"),  # as a decimal: its arithmetic overflows
        ("1e999999999", "invalid", "r = 1E+999999999·a"),  # past a decimal context: as written
        (float("inf"), "fails", "r = a"),  # as either engine casts a cell it cannot hold
        (float("nan"), "fails", "r = a"),
        (-0.0, "fails", "r = 0·a"),  # one engine's -0.0, the other's 0
        (0, "fails", "r = 0·a"),
    ],
)
def test_a_coefficient_past_what_a_number_holds_is_never_a_traceback(
    coefficient: Any, status: str, equation: str
) -> None:
    values = figure_values([("a", 10, "persons", 1.0, 1.0), ("r", 20, "persons", 1.0, 1.0)])
    (row,) = equation_rows([("x", "a", 1, "sum", "r", "a", "+", coefficient, None)], values)
    assert (row[8], row[10]) == (status, equation)


def test_a_term_number_that_is_no_whole_number_is_read_as_none() -> None:
    values = figure_values([("a", 10, "persons", 1.0, 1.0), ("r", 10, "persons", 1.0, 1.0)])
    for term in (float("nan"), float("inf"), "x", None):
        (row,) = equation_rows([("x", "a", term, "sum", "r", "a", "+", None, None)], values)
        assert row[8] == "exact"


def _opcodes(n: int) -> int:
    """The Python opcodes `equation_rows` runs on a chain of `n` restatements."""
    values = figure_values((f"f{i}", 1, "persons", 1.0, 1.0) for i in range(n + 1))
    chain = [
        (f"r{i}", "a", 1, "same", f"f{i}", f"f{i - 1}", "+", None, None) for i in range(1, n + 1)
    ]
    count = [0]

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        count[0] += event == "opcode"
        return tracer

    sys.settrace(tracer)
    try:
        list(equation_rows(chain, values))
    finally:
        sys.settrace(None)
    return count[0]


def test_the_evaluator_s_work_grows_as_the_table_does_not_as_its_square() -> None:
    """Twice the relations, twice the work (a scan of every relation per relation made it
    3.4 times: 200,000 rows would have taken hours)."""
    assert _opcodes(600) / _opcodes(300) < 2.2


def test_a_card_whose_relations_table_cannot_be_read_says_so(hostile: Path, tmp_path: Path) -> None:
    report = validate_package(hostile)
    [finding] = [f for f in report.findings if f.rule == "relations.invalid"][:1]
    broken = tmp_path / "broken"
    shutil.copytree(hostile, broken)
    (broken / "data" / "relations.csv").write_bytes(b"relation_id,reading\n\xff\xfe,\x00\n")
    context = ReviewContext.load(Package.open(broken), report.decisions)
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_card(finding, report, context, "1/1"))
    [said] = [line for line in console.export_text().splitlines() if "equation:" in line]
    assert "relations" in said


@spark_only
def test_both_engines_read_a_hostile_relations_table_alike(hostile: Path) -> None:
    """Cells each engine casts its own way (NaN, -Infinity, -0, past a float's range) give
    the same findings on SQLite and on Spark."""

    def relations(engine: str) -> list[tuple[str, str]]:
        report = validate_package(hostile, engine=engine)
        return sorted((f.rule, f.message) for f in report.findings if f.rule.startswith("rel"))

    on_sqlite = relations("sqlite")
    assert len(on_sqlite) == 9
    assert relations("spark") == on_sqlite


def test_a_relations_table_past_rule_rows_is_one_rule_error_and_the_others_run(
    tmp_path: Path,
) -> None:
    """600 failing differences are 1,200 rows of relations.equation-fails: past
    `--limit rule-rows=1000`, that rule stops with one finding saying so; the rules on the
    same table that return fewer rows still run."""
    seed, tables = _surplus("160,000")
    root = build_package(tmp_path / "many", seed, tables, source=SOURCE)

    def change(rows: list[dict[str, str]]) -> None:
        rows[:] = [
            _row(f"d{n}", term, "difference", "surplus", figure, sign=sign)
            for n in range(600)
            for term, figure, sign in (("1", "receipts", "+"), ("2", "expenditures", "-"))
        ] + [_row("itself", "1", "sum", "surplus", "surplus")]

    edit_rows(root / "data" / "relations.csv", change)
    rehash(root)
    result = run("validate", str(root), "--format", "json", "--limit", "rule-rows=1000")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    errors = [f["message"] for f in findings if f["rule"] == "consistency.rule-error"]
    assert len(errors) == 1
    assert "relations.equation-fails" in errors[0]
    assert "(raise with --limit rule-rows=N)" in errors[0]
    assert [f["message"] for f in findings if f["rule"] == "relations.invalid"] == [
        "itself (reading as-printed, surplus = surplus) cannot be evaluated: its result is one "
        "of its own terms"
    ]
