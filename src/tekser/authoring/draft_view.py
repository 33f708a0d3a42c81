"""What `tekser draft --format text` and `tekser draft` print of a draft: its proposals, its
exclusions and the relations it proposes as a table of 80 columns, and its one-line summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tekser.seeds.text import clean_form

if TYPE_CHECKING:
    from tekser.authoring.draft import DraftResult

_SIGNS = {"+": "+", "-": "−"}
_JOINS = {"product": ("×", "÷"), "ratio": ("×", "÷"), "growth": ("→", "→")}


def render_table(result: DraftResult, width: int = 80) -> str:
    """The proposals as a table of `width` columns: a row and the quote of each figure, then
    the exclusions, then a summary."""
    lines = [f"{'id':<13}{'line':>5}  {'printed':<18}{'value':>11} {'unit':<11}{'date':<10} conf"]
    for p in result.proposals:
        value = p["value"] + (
            {"thousand": "k", "million": "M", "billion": "G", "hundred": "h"}.get(p["scale"], "")
            if p["scale"]
            else ""
        )
        lines.append(
            f"{_cut(p['id'], 12):<13}{p['line']:>5}  {_cut(clean_form(p['printed']), 17):<18}"
            f"{_cut(value, 10):>11} {_cut(p['unit'], 10):<11}"
            f"{_cut(_short_date(p), 9):<10} {p['confidence']:.2f}"
        )
        lines.append("      “" + _cut(clean_form(p["quote"]), width - 9) + "”")
    if result.exclusions:
        lines.append("")
        lines.append(f"{'exclusion':<22}{'line':>5}  {'category':<24}quote")
        for e in result.exclusions:
            lines.append(
                f"{_cut(e['id'], 21):<22}{e['line']:>5}  {_cut(e['category'], 23):<24}"
                + _cut(clean_form(e["quote"]), width - 53)
            )
    if result.equations:
        lines.append("")
        lines.append(f"{'relation':<22}{'kind':<12}equation (words)")
        lines += [_equation_line(e, result, width) for e in result.equations]
    lines.append("")
    head, _, tail = summary(result).partition("; ")
    lines += [head + ";", "  " + tail]
    return "\n".join(line[:width] for line in lines)


def _equation_line(equation: dict[str, Any], result: DraftResult, width: int) -> str:
    """A proposed relation in printed figures: `4,310 = 9,870 − 5,560 (leaving)`;
    marked `fails` where it is drafted from its words although its arithmetic does not hold."""
    printed = {p["id"]: clean_form(p["printed"]) for p in result.proposals}
    plus, minus = _JOINS.get(equation["kind"], ("+", "−"))
    terms = ""
    for number, (figure_id, sign) in enumerate(equation["terms"]):
        join = (plus if sign == "+" else minus) if equation["kind"] in _JOINS else _SIGNS[sign]
        shown = printed.get(figure_id, figure_id)
        terms += shown if number == 0 and sign == "+" else f" {join} {shown}"
    text = f"{printed.get(equation['result'], equation['result'])} = {terms.strip()}"
    if equation.get("words"):
        text += f" ({equation['words']})"
    if not equation.get("holds", True):
        text += " fails"
    return f"{_cut(equation['id'], 21):<22}{_cut(equation['kind'], 11):<12}" + _cut(
        text, width - 34
    )


def summary(result: DraftResult) -> str:
    relations = f", {len(result.equations)} relation(s)" if result.equations else ""
    return (
        f"{result.unaccounted} unaccounted number(s): {len(result.proposals)} figure(s) "
        f"and {len(result.exclusions)} exclusion(s){relations} proposed; {result.left} left "
        "for you (tekser scan --status unaccounted)"
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _short_date(p: dict[str, Any]) -> str:
    first, last, precision = str(p["period_start"]), str(p["period_end"]), p["date_precision"]
    if precision in ("year", "years", "split-year"):
        return f"{first[:4]}–{last[2:4]}" if first[:4] != last[:4] else first[:4]
    return first if first == last and precision != "month" else first[:7]
