"""A relation's equation on a finding's card: the arithmetic with the source in front of it.

For a finding of a `relations.*` rule the card shows, for each reading of the relation it
names, the equation in the printed figures (`1,200 = 1,500 − 300`), what the terms give, the
difference, the tolerance the printed precision allows and the reading's status — read from
the rows `package_equations` evaluates as the rules do, never evaluated again here — and then
the result, each term and each weight with its printed token and its quote (page, line).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tekser.core.errors import TekserError
from tekser.core.findings import Finding
from tekser.package.descriptor import Package, Row
from tekser.render.terminal import safe
from tekser.stages.consistency.equations import package_equations

RULES = "relations."
_SIGNS = {"+": "+", "-": "−"}
_STATUS = {"exact": "green", "rounding": "cyan", "fails": "red", "invalid": "red",
           "circular": "yellow"}  # fmt: skip
_MULTIPLIED = {"product", "ratio", "growth"}
# What one card shows at most (a hostile table may give a relation thousands of terms or
# readings); `tekser relations` lists every one.
MOST_READINGS = 6
MOST_TERMS = 12


@dataclass(slots=True)
class Equations:
    """Every reading of every relation of a package as evaluated, and the rows (terms) of
    each relation: read once per review, on the first card that needs them."""

    readings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    terms: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    problem: str = ""

    @classmethod
    def load(cls, package: Package) -> Equations:
        found = cls()
        try:
            rows = package_equations(package)
            readings: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                readings[str(row["relation_id"])].append(row)
            terms: dict[tuple[str, str], list[Row]] = defaultdict(list)
            if readings:
                for term in package.iter_table("relations"):
                    key = (term.get("relation_id", ""), term.get("reading", ""))
                    terms[key].append(term)
        except (TekserError, ArithmeticError, ValueError) as exc:  # shown, never a traceback
            found.problem = str(exc) or type(exc).__name__
            return found
        found.readings = dict(readings)
        found.terms = {key: sorted(rows, key=_term_number) for key, rows in terms.items()}
        return found


class ReviewContext(Protocol):
    """What the card's context (`render.card.ReviewContext`) gives this module."""

    package: Package
    figures: dict[str, Row]
    provenance: dict[str, Row]
    equations: Equations | None


def _term_number(row: Row) -> tuple[int, str]:
    text = row.get("term", "")
    return (int(text), "") if text.strip().isdigit() else (0, text)


def named_relations(finding: Finding) -> list[tuple[str, str]]:
    """The relations (and readings, "" for all) a finding names, in the order it names them."""
    named: dict[tuple[str, str], None] = {}
    for record in finding.records:
        relation_id = record.get("relation_id")
        if relation_id is not None and str(relation_id):
            named[(str(relation_id), str(record.get("reading") or ""))] = None
    return list(named)


def printed(figure: Row | None, figure_id: str) -> str:
    """A figure as the source prints it (with its scale word), else its id."""
    if figure is None:
        return figure_id
    token = figure.get("printed") or figure.get("value") or figure_id
    scale = figure.get("scale", "")
    return f"{token} {scale}" if scale else token


def _factor(term: Row, figures: dict[str, Row]) -> list[str]:
    """A term's multipliers before its figure: its coefficient, then its weight's figure."""
    parts = []
    coefficient = term.get("coefficient", "").strip()
    if coefficient and coefficient != "1":
        parts.append(coefficient)
    weight = term.get("weight_figure_id", "")
    if weight:
        parts.append(printed(figures.get(weight), weight))
    return parts


def numeric_equation(kind: str, result: str, terms: list[Row], figures: dict[str, Row]) -> str:
    """The equation of a reading in printed figures, built as the rules' `equation` column
    is built from ids: `result = a + b − c`, `a × b ÷ c`, `(a ÷ b) − 1`, `mean(a, b)`,
    `a = b`."""
    shown = []
    for term in terms:
        figure_id = term.get("term_figure_id", "")
        shown.append(" × ".join([*_factor(term, figures), printed(figures.get(figure_id),
                                                                  figure_id)]))  # fmt: skip
    signs = [term.get("sign", "+") for term in terms]
    left = printed(figures.get(result), result)
    if kind in _MULTIPLIED:
        joined = ""
        for number, (sign, text) in enumerate(zip(signs, shown, strict=True)):
            operator = "÷" if sign == "-" else "×"
            joined += text if number == 0 and sign != "-" else f" {operator} {text}"
        joined = joined.strip()
        return f"{left} = ({joined}) − 1" if kind == "growth" else f"{left} = {joined}"
    if kind == "average":
        return f"{left} = mean({', '.join(shown)})"
    if kind == "same":
        return f"{left} = " + " = ".join(shown)
    joined = ""
    for number, (sign, text) in enumerate(zip(signs, shown, strict=True)):
        mark = _SIGNS.get(sign, "+")
        joined += text if number == 0 and mark == "+" else f" {mark} {text}"
    return f"{left} = {joined.strip()}"


def _quoted(context: ReviewContext, figure: Row | None) -> Text:
    """A figure's quote marked ⟦…⟧, with its page and line."""
    if figure is None:
        return Text("no such figure", style="dim")
    row = context.provenance.get(figure.get("provenance_id", ""), {})
    if not row:
        return Text("no quote", style="dim")
    where = [f"p. {row['page']}" if row.get("page") else "", f"line {row['line']}"
             if row.get("line") else ""]  # fmt: skip
    return Text.assemble(
        "⟦", safe(row.get("quote", "")).replace("\n", "⏎"), "⟧",
        (f" {', '.join(w for w in where if w)}", "dim"),
    )  # fmt: skip


def _figures_of(terms: Iterable[Row], result: str) -> list[tuple[str, str]]:
    """The result, each term and each weight: (role, figure id)."""
    shown = [("=", result)]
    for term in terms:  # a weight before the figure it weighs, as the equation reads
        if term.get("weight_figure_id"):
            shown.append(("weight", term["weight_figure_id"]))
        shown.append((_SIGNS.get(term.get("sign", "+"), "+"), term.get("term_figure_id", "")))
    return shown


def _reading(context: ReviewContext, evaluated: dict[str, Any], terms: list[Row]) -> Group:
    figures = context.figures
    status = str(evaluated.get("status") or "")
    result = str(evaluated.get("result_figure_id") or "")
    head = Text.assemble(
        (f"{safe(str(evaluated['relation_id']))} ", "bold"),
        (f"reading {safe(str(evaluated.get('reading') or ''))} · ", "dim"),
        (status, f"bold {_STATUS.get(status, '')}".strip()),
    )
    lines: list[RenderableType] = [head]
    kind = str(evaluated.get("kind") or "")
    more = len(terms) - MOST_TERMS
    terms = terms[:MOST_TERMS]
    equation = numeric_equation(kind, result, terms, figures)
    lines.append(Text(safe(equation + (f" … {more} more terms" if more > 0 else "")), style="bold"))
    lines.append(Text(safe(str(evaluated.get("equation") or "")), style="dim"))
    if evaluated.get("computed") is not None:
        lines.append(
            Text.assemble(
                ("the terms give ", "dim"),
                str(evaluated["computed"]),
                ("  difference ", "dim"),
                str(evaluated["difference"]),
                ("  tolerance ±", "dim"),
                str(evaluated["tolerance"]),
            )
        )
    elif evaluated.get("problem"):
        lines.append(Text(safe(str(evaluated["problem"])), style="dim"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="dim")
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for role, figure_id in _figures_of(terms, result):
        figure = figures.get(figure_id)
        said = Text.assemble((safe(figure_id), "dim"), " ", _quoted(context, figure))
        grid.add_row(role, safe(printed(figure, figure_id)), said)
    lines.append(grid)
    return Group(*lines)


def equation_block(finding: Finding, context: ReviewContext) -> RenderableType | None:
    """The equation of each reading of the relations a finding names, with each figure's
    quote; None for a finding of another rule or one that names no relation."""
    if not finding.rule.startswith(RULES):
        return None
    named = named_relations(finding)
    if not named:
        return None
    if context.equations is None:
        context.equations = Equations.load(context.package)
    equations = context.equations
    if equations.problem:
        return Text(f"equation: {safe(equations.problem)}", style="dim")
    shown: list[RenderableType] = []
    readings = {reading for _, reading in named}
    left = 0
    for relation_id in dict.fromkeys(relation_id for relation_id, _ in named):
        evaluated = equations.readings.get(relation_id, [])
        # the readings the finding names first, then the others of its relation
        ordered = sorted(evaluated, key=lambda e: str(e.get("reading") or "") not in readings)
        for row in ordered:
            if len(shown) == MOST_READINGS:
                left += 1
                continue
            key = (relation_id, str(row.get("reading") or ""))
            shown.append(_reading(context, row, equations.terms.get(key, [])))
    if left:
        shown.append(Text(f"… {left} more readings: tekser relations lists them", style="dim"))
    return Group(*shown) if shown else None
