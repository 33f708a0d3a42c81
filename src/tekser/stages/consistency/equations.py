"""The equations a source states between its figures (the `relations` table), evaluated exactly.

Each reading of a relation is one equation: its result figure on one side, its terms on the
other (`kind` says how they combine). The values are read as exact decimals, each at its
scale, and each with the interval its printed precision allows (half a unit of its last
printed digit either way; a value read through a note has none). The terms' intervals are
combined by interval arithmetic, so the tolerance of any equation is the rounding rule of a
sum (`part-whole.rounding`) generalised: the equation holds when the value the terms give lies
within that tolerance of the result. Both engines build the derived table `tekser_equations`
with this code, from the same selections, so SQLite and Spark report the same findings; the
rules (`relations.*`) read it as plain SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from tekser.core.graph import strong_components
from tekser.stages.consistency.precision import last_digit

EQUATIONS = "tekser_equations"
EQUATIONS_COLUMNS = (
    ("relation_id", "TEXT"), ("reading", "TEXT"), ("kind", "TEXT"),
    ("result_figure_id", "TEXT"), ("result_value", "TEXT"), ("computed", "TEXT"),
    ("difference", "TEXT"), ("tolerance", "TEXT"), ("status", "TEXT"), ("problem", "TEXT"),
    ("equation", "TEXT"), ("readings", "INTEGER"), ("readings_holding", "INTEGER"),
)  # fmt: skip
# The selections both engines run (standard SQL): the relations' rows, and each figure they
# name with its scale factor and the unit of its last printed digit (`tekser_values`).
RELATIONS_SOURCE = (
    "SELECT relation_id, reading, term, kind, result_figure_id, term_figure_id, sign, "
    "coefficient, weight_figure_id FROM relations"
)
FIGURES_SOURCE = (
    "SELECT f.figure_id, f.value, f.unit, v.scale_factor, v.last_digit, f.statistic "
    "FROM figures f "
    "LEFT JOIN tekser_values v ON v.table_name = 'figures' AND v.record_id = f.figure_id "
    "WHERE f.figure_id IN (SELECT result_figure_id FROM relations) "
    "OR f.figure_id IN (SELECT term_figure_id FROM relations) "
    "OR f.figure_id IN (SELECT weight_figure_id FROM relations)"
)
RELATIONS_NEEDED = {
    "relation_id", "reading", "term", "kind", "result_figure_id", "term_figure_id", "sign",
    "coefficient", "weight_figure_id",
}  # fmt: skip
FIGURES_NEEDED = {"figure_id", "value", "unit", "statistic"}
# Kinds whose terms are in the result's own unit (a weighted sum's weights are rates: free).
_SAME_UNIT = {"sum", "difference", "weighted-sum", "average", "same"}
# Kinds whose terms are added: a bound among them ("more than …") leaves one side open.
_ADDED = {"sum", "difference", "average", "same"}
_BOUNDS = {"lower-bound": "lower", "upper-bound": "upper"}
_INFINITY = Decimal("Infinity")
_RATES = {"percent": Decimal(100), "per-mille": Decimal(1000)}
_PRECISION = 40
_EXACT = Decimal("1E-12")  # a relative difference below this is exact (float storage noise)


@dataclass(frozen=True)
class Value:
    """A figure as an equation reads it: its exact value at scale and half a unit of its last
    printed digit at scale (0 when it has no printed precision)."""

    figure_id: str
    value: Decimal
    half: Decimal
    unit: str
    scale_known: bool
    bound: str = ""  # lower ("more than"), upper ("less than"), or "" (its statistic)

    @property
    def low(self) -> Decimal:
        return self.value - self.half

    @property
    def high(self) -> Decimal:
        return self.value + self.half

    @property
    def open_interval(self) -> Interval:
        """What the figure states of the true value: a lower bound leaves it open above, an
        upper bound below."""
        return (
            -_INFINITY if self.bound == "upper" else self.low,
            _INFINITY if self.bound == "lower" else self.high,
        )


@dataclass(frozen=True)
class Term:
    number: int
    figure_id: str
    sign: str
    coefficient: Decimal | None
    weight_figure_id: str


Interval = tuple[Decimal, Decimal]


def _decimal(value: Any) -> Decimal | None:
    """An exact decimal of a number as an engine returns it: a float by its shortest repr
    (the printed decimal for any value of at most 15 significant digits)."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def figure_values(rows: Iterable[tuple[Any, ...]]) -> dict[str, Value]:
    """The figures the relations name, from `FIGURES_SOURCE` rows (their statistic, the last
    column, may be left out: no figure is then a bound or an exact count). A count printed to
    its units (23 villages, 8,615 members) is exact; one printed with a scale word (14
    thousand) keeps half its last digit, as every other figure does."""
    found: dict[str, Value] = {}
    for figure_id, value, unit, factor, last, *statistic in rows:
        number = _decimal(value)
        if number is None:
            continue
        scale = _decimal(factor)
        digit = _decimal(last)
        at_scale = scale if scale is not None else Decimal(1)
        half = (digit * at_scale / 2) if digit is not None else Decimal(0)
        if statistic and statistic[0] == "count" and digit == 1 and at_scale == 1:
            half = Decimal(0)  # a count printed to its last unit is exact: 23 villages
        found[str(figure_id)] = Value(
            str(figure_id),
            number * at_scale,
            abs(half),
            str(unit or ""),
            scale is not None,
            _BOUNDS.get(str(statistic[0]) if statistic else "", ""),
        )
    return found


def _mul(a: Interval, b: Interval) -> Interval:
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return min(products), max(products)


def _div(a: Interval, b: Interval) -> Interval | None:
    if b[0] <= 0 <= b[1]:
        return None  # the divisor's interval holds zero: no bound
    return _mul(a, (1 / b[1], 1 / b[0]))


def _scaled(interval: Interval, factor: Decimal) -> Interval:
    a, b = interval[0] * factor, interval[1] * factor
    return (min(a, b), max(a, b))


class Unreadable(Exception):
    """An equation that cannot be evaluated: its reason is the finding's problem."""


def _term_interval(term: Term, values: dict[str, Value]) -> tuple[Decimal, Interval]:
    value = values[term.figure_id]
    point, interval = value.value, (value.low, value.high)
    if term.weight_figure_id:
        weight = values.get(term.weight_figure_id)
        if weight is None:
            raise Unreadable(f"its weight {term.weight_figure_id} has no value")
        point, interval = point * weight.value, _mul(interval, (weight.low, weight.high))
    if term.coefficient is not None:
        point, interval = point * term.coefficient, _scaled(interval, term.coefficient)
    return point, interval


def _plain(term: Term) -> bool:
    """A term that is its figure alone: no weight, no coefficient (or one of 1)."""
    return not term.weight_figure_id and term.coefficient in (None, Decimal(1))


def _tolerance(
    kind: str, point: Decimal, interval: Interval, result: Value
) -> tuple[Decimal, bool]:
    """How far the result may lie from what the terms give, towards where it lies, and
    whether that is unbounded (a bound's open side: "more than 40" is true of 45). Without a
    bound, the widest side of the terms' interval and half the result's last digit (the
    rounding rule of a sum, generalised)."""
    opened = interval[0].is_infinite() or interval[1].is_infinite() or bool(result.bound)
    if kind not in _ADDED or not opened:
        return max(interval[1] - point, point - interval[0]) + result.half, False
    result_low, result_high = result.open_interval
    if point >= result.value:  # the terms may come down, the result go up
        slack = (point - interval[0]) + (result_high - result.value)
    else:
        slack = (interval[1] - point) + (result.value - result_low)
    return slack, slack.is_infinite()


def evaluate(
    kind: str, terms: list[Term], result: Value, values: dict[str, Value]
) -> tuple[Decimal, Interval]:
    """The value the terms give and the interval their printed precision allows."""
    missing = [t.figure_id for t in terms if t.figure_id not in values]
    if missing:
        raise Unreadable(f"term {', '.join(missing)} has no value")
    if any(not values[t.figure_id].scale_known for t in terms) or not result.scale_known:
        raise Unreadable("a figure's scale is not one tekser knows: no conversion between them")
    if kind in _SAME_UNIT:
        units = {values[t.figure_id].unit for t in terms} | {result.unit}
        if len(units) > 1:
            raise Unreadable(
                f"its terms and result are in units that do not add up: {', '.join(sorted(units))}"
            )
    read = [_term_interval(t, values) for t in terms]
    if kind in _ADDED:  # a bound among added terms leaves the sum open on its side
        read = [
            (p, values[t.figure_id].open_interval if _plain(t) else i)
            for t, (p, i) in zip(terms, read, strict=True)
        ]
    signed = [
        (-point, (-high, -low)) if t.sign == "-" else (point, (low, high))
        for t, (point, (low, high)) in zip(terms, read, strict=True)
    ]
    if kind in ("sum", "difference", "weighted-sum", "average", "same"):
        point = sum((p for p, _ in signed), Decimal(0))
        low = sum((i[0] for _, i in signed), Decimal(0))
        high = sum((i[1] for _, i in signed), Decimal(0))
        if kind == "average":
            n = Decimal(len(terms))
            return point / n, (low / n, high / n)
        return point, (low, high)
    if kind in ("product", "ratio", "growth"):
        if kind == "growth" and sorted(t.sign for t in terms) != ["+", "-"]:
            raise Unreadable("a growth has two terms: the later (+) and the earlier (-)")
        point, interval = Decimal(1), (Decimal(1), Decimal(1))
        for term, (p, i) in zip(terms, read, strict=True):
            if term.sign == "-":
                if p == 0:
                    raise Unreadable(f"it divides by {term.figure_id}, which is zero")
                divided = _div(interval, i)
                if divided is None:
                    raise Unreadable(f"{term.figure_id} may be zero within its rounding")
                point, interval = point / p, divided
            else:
                point, interval = point * p, _mul(interval, i)
        if kind == "growth":
            point, interval = point - 1, (interval[0] - 1, interval[1] - 1)
        factor = _RATES.get(result.unit)
        if factor is not None and kind != "product":
            point, interval = point * factor, _scaled(interval, factor)
        return point, interval
    raise Unreadable(f"kind {kind!r} is not one tekser evaluates")


def _circular(groups: dict[tuple[str, str], list[Term]], results: dict[str, str]) -> set[str]:
    """The relations whose result is, through relations, one of their own terms: a term and
    the result in one strongly connected component of the graph term → result (found once,
    in linear time, whatever the number of relations)."""
    feeds: dict[str, set[str]] = defaultdict(set)  # figure → the figures it gives
    for (relation_id, _), terms in groups.items():
        for figure_id in _named(terms):
            if figure_id != results[relation_id]:
                feeds[figure_id].add(results[relation_id])
    component = strong_components(feeds)
    return {
        relation_id
        for (relation_id, _), terms in groups.items()
        for figure_id in _named(terms)
        if figure_id != results[relation_id]
        and component.get(figure_id, figure_id)
        == component.get(results[relation_id], results[relation_id])
    }


def _named(terms: list[Term]) -> Iterator[str]:
    """The figures a reading's terms name: each term's figure and its weight's."""
    for term in terms:
        yield term.figure_id
        if term.weight_figure_id:
            yield term.weight_figure_id


def _text(number: Decimal) -> str:
    """A decimal as a curator reads it: no exponent, no trailing zeros past the point, zero
    unsigned (one engine's -0.0 is the other's 0); a number of more digits than the
    equations' precision, with its exponent (never a million digits)."""
    if number.is_zero():
        return "0"
    if number.is_finite() and number.adjusted() >= _PRECISION:
        return str(number)
    try:
        text = format(number.normalize(), "f") if number == number.to_integral_value() else None
        if text is not None:
            return text
        shown = format(number.quantize(Decimal("1E-6")) if abs(number) < 10**20 else number, "f")
    except ArithmeticError:
        return str(number)
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def _equation(kind: str, terms: list[Term], result_id: str) -> str:
    parts: list[str] = []
    for term in terms:
        factor = ""
        if term.coefficient is not None and term.coefficient != 1:
            factor += f"{_text(term.coefficient)}·"
        if term.weight_figure_id:
            factor += f"{term.weight_figure_id}·"
        parts.append(f"{term.sign} {factor}{term.figure_id}")
    if kind in ("product", "ratio", "growth"):
        joined = " ".join(p.replace("+ ", "× ").replace("- ", "÷ ") for p in parts)
        joined = joined.removeprefix("× ")
        if kind == "growth":
            joined = f"({joined}) − 1"
        return f"{result_id} = {joined}"
    if kind == "average":
        return f"{result_id} = mean({', '.join(p.removeprefix('+ ') for p in parts)})"
    if kind == "same":
        return f"{result_id} = " + " = ".join(p.removeprefix("+ ") for p in parts)
    return f"{result_id} = {' '.join(parts).removeprefix('+ ')}"


def equation_rows(
    relations: Iterable[tuple[Any, ...]], values: dict[str, Value]
) -> Iterator[tuple[Any, ...]]:
    """The rows of `tekser_equations`: one per reading of each relation (from
    `RELATIONS_SOURCE` rows), with its status — `exact`, `rounding` (within the tolerance),
    `fails`, `invalid` (it cannot be evaluated: `problem` says why) or `circular`."""
    groups: dict[tuple[str, str], list[Term]] = defaultdict(list)
    meta: dict[tuple[str, str], tuple[str, str]] = {}
    kinds_of: dict[str, set[str]] = defaultdict(set)
    for (
        relation_id,
        reading,
        term,
        kind,
        result_id,
        term_id,
        sign,
        coefficient,
        weight,
    ) in relations:
        key = (str(relation_id), str(reading or ""))
        meta.setdefault(key, (str(kind or ""), str(result_id or "")))
        kinds_of[key[0]].add(str(kind or ""))  # every row's, not a scan of all per relation
        whole = isinstance(term, int) or (isinstance(term, float) and term.is_integer())
        number = int(term) if whole else 0
        groups[key].append(
            Term(number, str(term_id or ""), "-" if sign == "-" else "+", _decimal(coefficient),
                 str(weight or ""))
        )  # fmt: skip
    results = {relation_id: meta[(relation_id, reading)][1] for relation_id, reading in meta}
    circular = _circular(groups, results)
    rows: list[list[Any]] = []
    with localcontext() as context:
        context.prec = _PRECISION
        for key in sorted(groups):
            relation_id, reading = key
            kind, result_id = meta[key]
            terms = sorted(groups[key], key=lambda t: t.number)
            rows.append(_row(relation_id, reading, kind, result_id, terms, values, circular,
                             kinds_of[relation_id]))  # fmt: skip
    holding: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        count[row[0]] += 1
        holding[row[0]] += row[8] in ("exact", "rounding")
    for row in rows:
        yield (*row, count[row[0]], holding[row[0]])


def _row(
    relation_id: str,
    reading: str,
    kind: str,
    result_id: str,
    terms: list[Term],
    values: dict[str, Value],
    circular: set[str],
    kinds: set[str],
) -> list[Any]:
    equation = _equation(kind, terms, result_id)
    result = values.get(result_id)
    shown = _text(result.value) if result is not None else None
    row: list[Any] = [relation_id, reading, kind, result_id, shown, None, None, None]
    if result_id in {t.figure_id for t in terms}:
        return [*row, "invalid", "its result is one of its own terms", equation]
    if result_id in {t.weight_figure_id for t in terms}:
        return [*row, "invalid", "its result weighs one of its own terms", equation]
    if relation_id in circular:
        return [*row, "circular", "its result is, through relations, one of its own terms",
                equation]  # fmt: skip
    if len(kinds) > 1:
        return [*row, "invalid", f"its rows name different kinds: {sorted(kinds)}", equation]
    if result is None:
        return [*row, "invalid", f"its result {result_id} has no value", equation]
    try:
        if kind == "same":
            checked = [evaluate("same", [t], result, values) for t in terms]
            point, interval = max(checked, key=lambda c: abs(c[0] - result.value))
        else:
            point, interval = evaluate(kind, terms, result, values)
        difference = point - result.value
        tolerance, bounded = _tolerance(kind, point, interval, result)
        noise = _EXACT * max(abs(result.value), abs(point))
        texts = [_text(point), _text(difference), "∞" if bounded else _text(tolerance)]
    except Unreadable as exc:
        return [*row, "invalid", str(exc), equation]
    except ArithmeticError:  # an exponent past what decimals hold: a hostile or broken table
        return [*row, "invalid", "its arithmetic overflows what a decimal can hold", equation]
    if abs(difference) <= noise or bounded:  # a bound's open side holds what lies on it
        status = "exact"
    elif abs(difference) <= tolerance + noise:
        status = "rounding"
    else:
        status = "fails"
    row[5:8] = texts
    return [*row, status, None, equation]


def package_equations(package: Any) -> list[dict[str, Any]]:
    """Every reading of every relation of a package (a `Package`), evaluated as the rules
    evaluate it, as dicts of the columns of `tekser_equations` (for `tekser relations`). Only
    the two tables are read: no validation."""
    from tekser.core.sql import caster
    from tekser.seeds.numbers import NumberError, scale_factor

    number_cell = caster({"type": "number"}, {})  # a coefficient as the engines hold it
    if not (package.has_table("relations") and package.has_table("figures")):
        return []
    relations = [
        (
            row.get("relation_id"), row.get("reading"), _integer(row.get("term")),
            row.get("kind"), row.get("result_figure_id"), row.get("term_figure_id"),
            row.get("sign"), number_cell(row.get("coefficient") or ""),
            row.get("weight_figure_id") or None,
        )
        for row in package.iter_table("relations")
    ]  # fmt: skip
    named = {r[i] for r in relations for i in (4, 5, 8) if r[i]}
    selected: list[tuple[Any, ...]] = []
    for row in package.iter_table("figures"):
        if row.get("figure_id") not in named:
            continue
        number = _decimal(row.get("value"))
        value = None if number is None else float(number)
        try:
            factor: float | None = float(scale_factor(row.get("scale") or ""))
        except NumberError:
            factor = None
        digit = last_digit(row.get("printed"), value)
        selected.append(
            (row.get("figure_id"), value, row.get("unit"), factor, digit, row.get("statistic"))
        )
    rows = equation_rows(relations, figure_values(selected))
    return [dict(zip((c for c, _ in EQUATIONS_COLUMNS), row, strict=True)) for row in rows]


def _integer(cell: Any) -> int:
    try:
        return int(str(cell))
    except ValueError:
        return 0
