"""What drafting proposes for a seed: figures, exclusions, and the seed's analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.lexicon import Lexicon
from tekser.authoring.drafting.segment import Segmented, Span
from tekser.seeds.printed import PrintedNumber

MAX_QUOTE = 700  # a clause and its date; longer, the date gets a provenance record of its own
DEGREES = ("approximate", "lower-bound", "upper-bound")  # a statistic a unit leaves as it is


@dataclass(slots=True)
class Figure:
    """A proposed figure and the quote that states it."""

    number: PrintedNumber
    language: str
    lexicon: Lexicon
    clause: Span
    value: Decimal = Decimal(0)
    scale: str = ""
    unit: str = ""
    measure: str = ""
    organisation: str = "unspecified"
    statistic: str = "count"
    unit_from: str = ""  # after, before, partner, measure
    date: DateExpr | None = None
    date_from: str = ""  # clause, sentence, paragraph, pairs, heading, column, name, fallback
    quote: Span | None = None
    date_quote: Span | None = None
    citation: str = ""
    reasons: list[str] = field(default_factory=list)
    partner: Figure | None = None  # the other end of a range or of a from … to
    id: str = ""
    base: str = ""  # for a share: the measure of the whole it is a share of, as a slug
    note: str = ""  # why the value differs from what the printed token reads as
    unit_span: tuple[int, int] | None = None  # unit words holding a number ("pour 100")
    unit_statistic: str = ""  # the statistic the unit's words give (count, amount, share)

    def take_unit(self, unit: str, measure: str, statistic: str, how: str, reason: str) -> None:
        """Give the figure a unit its own words do not name: `how` says where it came from
        (unit_from), `reason` replaces the figure's reasons about its unit; the unit's
        statistic becomes the figure's unless a word of degree already set one."""
        self.unit, self.measure, self.unit_statistic = unit, measure, statistic
        if self.statistic not in DEGREES:
            self.statistic = statistic
        self.unit_from = how
        self.reasons = [r for r in self.reasons if "unit" not in r]
        self.reasons.append(reason)

    def take_unit_of(self, other: Figure, how: str, reason: str) -> None:
        """Give the figure the unit, measure and statistic of another figure (take_unit)."""
        statistic = other.unit_statistic or other.statistic
        self.take_unit(other.unit, other.measure, statistic, how, reason)

    @property
    def confidence(self) -> float:
        """From 0 to 1: how much of the figure the words around it explain (a unit right
        after it most, a date in its clause, a scale word), in hundredths."""
        unit = {"after": 30, "sign": 35, "before": 15, "partner": 15, "measure": 5}
        dated = {"clause": 10, "pairs": 10, "sentence": 5, "heading": 5, "column": 5}
        dated["fallback"] = -15
        score = 50 + unit.get(self.unit_from, 0 if self.scale else -30)
        score += (10 if self.scale else 0) + dated.get(self.date_from, 0)
        if not self.unit_from and year_like(self.number):
            score -= 20
        return min(99, max(5, score)) / 100


@dataclass(slots=True)
class Exclusion:
    start: int
    end: int
    category: str
    reason: str
    confidence: int  # hundredths
    id: str = ""


@dataclass(slots=True)
class SeedDraft:
    """What drafting proposes for one seed."""

    seg: Segmented
    figures: list[Figure] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)


def year_like(number: PrintedNumber) -> bool:
    return (
        number.printed.isdigit()
        and len(number.printed) == 4
        and 1000 <= int(number.printed) <= 2100
    )


def inside(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """The index of the span of `spans` that holds [start, end), -1 if none."""
    for index, (a, b) in enumerate(spans):
        if a <= start and end <= b:
            return index
    return -1
