"""The arithmetic a text states between its figures, drafted as equations of the `relations`
table: a difference ("less …, leaving", "the remainder", "a surplus of", "остаток",
"Überschuss"), an average ("on an average", "per head", "на душу", "im Durchschnitt"), a share
("40 per cent of 500, i.e. 200") and a total after its parts ("300 and 200, in all 500",
"всего"). The words are data: `lexicons/structure.json` (`difference`, `less`, `average`,
`ratio`, and part–whole drafting's `remainder` and `total`), per language.

Which figures are the terms is a search among the figures of the sentence (the whole of a
remainder may stand in the two sentences before it), so an equation is proposed only when it
holds within the printed precision of its figures, as the consistency stage evaluates it
(`tekser.stages.consistency.equations`, whose functions are called, not copied). One case
leaves no choice and is proposed even when it fails, for validate to say so: a sentence with a
whole, one other figure and, after a difference word, the result, all three in one unit. The
kinds follow the contract: a total divided by a count (per head) is a `ratio` (the result over
its + term divided by its - term), a mean of listed figures an `average`, a percentage of a
whole a `ratio` whose result is in `percent` (×100 by the equation itself, no coefficient).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files

from tekser.authoring.drafting.lexicon import WORD, fold
from tekser.authoring.drafting.model import MAX_QUOTE, Figure, SeedDraft
from tekser.authoring.drafting.relations import Relation
from tekser.authoring.drafting.segment import Segmented
from tekser.seeds.locales import lexicon_language
from tekser.seeds.numbers import scale_factor
from tekser.stages.consistency.equations import equation_rows, figure_values
from tekser.stages.consistency.precision import last_digit

Phrases = tuple[tuple[str, ...], ...]
_BOUNDS = ("lower-bound", "upper-bound")
_RATES = ("percent", "per-mille")
_UNSPECIFIED = "unspecified"
_HOLDING = ("exact", "rounding")
_NOISE = Decimal("1E-12")  # a relative gap below this is float storage noise
_LOOK_BACK = 2  # sentences of the paragraph before a difference in which its whole may stand
_REACH = 10  # the figures nearest a result among which its terms are looked for


@dataclass(frozen=True, slots=True)
class Words:
    """The arithmetic words of one language, each a tuple of folded words."""

    difference: Phrases
    less: Phrases
    average: Phrases
    ratio: Phrases
    total: Phrases


@dataclass(slots=True)
class Equation:
    """An equation the text states: its result, its terms with their signs, the printed words
    that state it, whether it holds as drafted, and the span its quote covers."""

    kind: str
    result: Figure
    terms: list[tuple[Figure, str]]
    words: str
    holds: bool
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class _Text:
    """A seed as the search reads it: its figures a relation may name, in the order of the
    text, with the offsets of their numbers and of every number drafted (for the words that
    lie between two numbers), so that each look-up is a bisection."""

    seg: Segmented
    figures: list[Figure]
    starts: list[int] = field(default_factory=list)
    numbers: list[tuple[int, int]] = field(default_factory=list)
    number_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, draft: SeedDraft) -> _Text:
        usable = [f for f in draft.figures if f.statistic not in _BOUNDS]
        figures = sorted(usable, key=lambda f: f.number.start)
        numbers = sorted((f.number.start, f.number.end) for f in draft.figures)
        return cls(
            draft.seg, figures, [f.number.start for f in figures], numbers, [a for a, _ in numbers]
        )


@cache
def arithmetic_words(language: str) -> Words | None:
    """The arithmetic words of a language (its primary subtag), None when it has none."""
    data = json.loads((files("tekser") / "lexicons" / "structure.json").read_text("utf-8"))
    entry = data["languages"].get(lexicon_language(language))
    if entry is None:
        return None

    def phrases(*keys: str) -> Phrases:
        found = {tuple(WORD.findall(fold(p))) for key in keys for p in entry.get(key, [])}
        return tuple(sorted((p for p in found if p), key=len, reverse=True))

    return Words(
        difference=phrases("difference", "remainder"),
        less=phrases("less"),
        average=phrases("average"),
        ratio=phrases("ratio"),
        total=phrases("total"),
    )


def propose_equations(
    draft: SeedDraft, relations: list[Relation], enabled: bool = True
) -> list[Equation]:
    """The equations the text states about `draft`'s figures (none unless `enabled`: the
    package has a `relations` table). A remainder drafted as a difference leaves the
    part–whole relations of `relations` (edited in place): the text states a subtraction."""
    if not enabled:
        return []
    text = _Text.of(draft)
    found: list[Equation] = []
    for index, figure in enumerate(text.figures):
        words = arithmetic_words(figure.language)
        if words is None:
            continue
        equation = (
            _difference(text, index, words)
            or _average(text, index, words)
            or _share(text, index, words)
            or _total(text, index, words, relations)
        )
        if equation is not None:
            found.append(equation)
    found = _not_circular(found)
    for equation in found:
        _quote(text.seg, equation)
        _settle(equation, relations)
    return found


# -- the kinds ---------------------------------------------------------------------------------


def _difference(text: _Text, index: int, words: Words) -> Equation | None:
    """A result after a difference word: a whole before it (in its sentence or the two before,
    in its paragraph) less the figures of its unit just before the result."""
    result = text.figures[index]
    phrase = _near(text, result, words.difference, before=5, after=0)
    if not phrase or result.unit in _RATES:
        return None
    window = [f for f in _window(text, index) if _unit_agrees(f, result)]
    window = window[-_REACH:]
    for at in range(len(window) - 1, -1, -1):
        whole = window[at]
        if _size(whole) <= _size(result):
            continue
        between = window[at + 1 :]
        choices = [between[-n:] for n in range(1, len(between) + 1)]
        if not between and at > 0:
            choices = [[window[at - 1]]]  # X …, Y …, a deficit of C: C = Y − X
        for minus in choices:
            terms = [(whole, "+"), *((m, "-") for m in minus)]
            if _holds("difference", result, terms):
                said = _less_words(text, minus, words) + phrase
                return Equation("difference", result, terms, said, True)
    sentence = text.seg.sentence(result.number.start)
    own = [f for f in window if f.number.start >= sentence.start]
    later = [
        f
        for f in _sentence(text, result)
        if f.number.start > result.number.start and _unit_agrees(f, result)
    ]
    if len(own) == 2 and not later and _size(own[0]) > max(_size(own[1]), _size(result)):
        terms = [(own[0], "+"), (own[1], "-")]
        if _evaluates("difference", result, terms):  # the text leaves no other reading
            said = _less_words(text, own[1:], words) + phrase
            return Equation("difference", result, terms, said, _holds("difference", result, terms))
    return None


def _average(text: _Text, index: int, words: Words) -> Equation | None:
    """A figure beside an average word: the mean of the figures of its unit before it in its
    sentence, or a total of its unit divided by a count of another unit."""
    result = text.figures[index]
    phrase = _near(text, result, words.average, before=4, after=4)
    if not phrase or result.unit in _RATES:
        return None
    sentence = _nearest([f for f in _sentence(text, result) if f is not result], result)
    before = [f for f in sentence if f.number.start < result.number.start]
    listed = [f for f in before if _unit_agrees(f, result)]
    for n in range(len(listed), 1, -1):
        terms = [(f, "+") for f in listed[-n:]]
        if _holds("average", result, terms):
            return Equation("average", result, terms, phrase, True)
    quotients = [
        [(total, "+"), (count, "-")]
        for total in sentence
        if _unit_agrees(total, result) and _size(total) > _size(result)
        for count in sentence
        if count is not total and count.unit not in (*_RATES, result.unit) and _size(count) > 0
    ]
    holding = [terms for terms in quotients if _holds("ratio", result, terms)]
    if len(holding) == 1:
        return Equation("ratio", result, holding[0], phrase, True)
    return None


def _share(text: _Text, index: int, words: Words) -> Equation | None:
    """A percentage with a ratio word beside it (per cent of, i.e., soit): the one pair of
    figures of one unit in its sentence whose quotient it is."""
    result = text.figures[index]
    if result.unit not in _RATES:
        return None
    phrase = _near(text, result, words.ratio, before=4, after=5)
    if not phrase:
        return None
    others = [f for f in _sentence(text, result) if f is not result and f.unit not in _RATES]
    others = _nearest(others, result)
    holding = [
        [(part, "+"), (whole, "-")]
        for part in others
        for whole in others
        if part is not whole and part.unit == whole.unit and _size(whole) > 0
        if _holds("ratio", result, [(part, "+"), (whole, "-")])
    ]
    if len(holding) == 1:
        return Equation("ratio", result, holding[0], phrase, True)
    return None


def _total(text: _Text, index: int, words: Words, relations: list[Relation]) -> Equation | None:
    """A total after its parts in one sentence ("300 and 200, in all 500"): the figures of its
    unit just before it whose sum it is, none of them already in a part–whole relation."""
    result = text.figures[index]
    phrase = _near(text, result, words.total, before=4, after=3)
    if not phrase or result.unit in _RATES:
        return None
    taken = {id(f) for r in relations for f in (r.whole, *r.parts)}
    if id(result) in taken:
        return None
    before = [
        f
        for f in _sentence(text, result)
        if f.number.start < result.number.start and _unit_agrees(f, result)
    ]
    for n in range(min(len(before), _REACH), 1, -1):
        parts = before[-n:]
        if any(id(p) in taken for p in parts):
            continue
        terms = [(p, "+") for p in parts]
        if _holds("sum", result, terms):
            return Equation("sum", result, terms, phrase, True)
    return None


# -- evaluation --------------------------------------------------------------------------------


def _evaluated(kind: str, result: Figure, terms: list[tuple[Figure, str]]) -> tuple[str, bool]:
    """The status the consistency stage gives the equation (`exact`, `rounding`, `fails`,
    `invalid` …), with the units a figure of no unit would take from its partners; and
    whether the terms as printed give the result as printed (to half its last digit: the
    terms' own rounding, which may allow much when they are small, not counted)."""
    members = [result, *(f for f, _ in terms)]
    named = {f.unit for f in members if f.unit != _UNSPECIFIED}
    same = kind in ("sum", "difference", "average")
    unit = next(iter(named)) if same and len(named) == 1 else None
    selected = []
    for number, figure in enumerate(members):
        value = float(figure.value)
        shown = unit if unit is not None else figure.unit
        factor = float(scale_factor(figure.scale))
        digit = last_digit(figure.number.printed, value)
        selected.append((f"f{number}", value, shown, factor, digit))
    values = figure_values(selected)
    rows = [
        ("r", "as-printed", number, kind, "f0", f"f{number}", sign, None, None)
        for number, (_, sign) in enumerate(terms, start=1)
    ]
    (row,) = equation_rows(rows, values)
    status = str(row[8])
    if status not in _HOLDING:
        return status, False
    gap = abs(Decimal(str(row[6])))
    return status, gap <= values["f0"].half + _NOISE * abs(values["f0"].value)


def _holds(kind: str, result: Figure, terms: list[tuple[Figure, str]]) -> bool:
    """The equation holds, its terms as printed giving its result as printed (a quick
    estimate first rules out what is far from it; the consistency stage's code decides)."""
    return _near_enough(kind, result, terms) and _evaluated(kind, result, terms)[1]


def _near_enough(kind: str, result: Figure, terms: list[tuple[Figure, str]]) -> bool:
    """The terms' value, estimated in floating point, is within a hundredth (and half the
    result's last digit) of the result: a necessary condition of `_evaluated`'s, cheap."""
    sizes = [(float(_size(f)), sign) for f, sign in terms]
    if kind in ("sum", "difference", "average"):
        point = sum(v if sign == "+" else -v for v, sign in sizes)
        point = point / len(sizes) if kind == "average" else point
    else:  # a ratio: the + terms over the - terms, ×100 for a result in percent
        point = 1.0
        for v, sign in sizes:
            if sign == "-" and v == 0:
                return False
            point = point * v if sign == "+" else point / v
        point *= {"percent": 100.0, "per-mille": 1000.0}.get(result.unit, 1.0)
    wanted = float(_size(result))
    digit = last_digit(result.number.printed, float(result.value)) or 0.0
    half = digit * float(scale_factor(result.scale)) / 2
    return abs(point - wanted) <= half + 0.01 * abs(wanted) + 1e-9


def _evaluates(kind: str, result: Figure, terms: list[tuple[Figure, str]]) -> bool:
    """The equation can be evaluated (it holds or fails; it is not invalid)."""
    return _evaluated(kind, result, terms)[0] in (*_HOLDING, "fails")


def _not_circular(found: list[Equation]) -> list[Equation]:
    """The equations without those the consistency stage finds going round (a = b + c and
    b = a − c): the last of them dropped, until none does."""
    kept = list(found)
    while kept:
        ids = {id(f): f"f{n}" for n, f in enumerate(_members(kept))}
        rows = [
            (f"r{r}", "as-printed", t, e.kind, ids[id(e.result)], ids[id(f)], sign, None, None)
            for r, e in enumerate(kept)
            for t, (f, sign) in enumerate(e.terms, start=1)
        ]
        circular = [int(row[0][1:]) for row in equation_rows(rows, {}) if row[8] == "circular"]
        if not circular:
            break
        del kept[max(circular)]
    return kept


def _members(equations: list[Equation]) -> Iterator[Figure]:
    seen: set[int] = set()
    for equation in equations:
        for figure in (equation.result, *(f for f, _ in equation.terms)):
            if id(figure) not in seen:
                seen.add(id(figure))
                yield figure


# -- the text around ---------------------------------------------------------------------------


def _sentence(text: _Text, figure: Figure) -> list[Figure]:
    """The figures of the figure's sentence."""
    sentence = text.seg.sentence(figure.number.start)
    first = bisect.bisect_left(text.starts, sentence.start)
    return text.figures[first : bisect.bisect_left(text.starts, sentence.end)]


def _window(text: _Text, index: int) -> list[Figure]:
    """The figures before `text.figures[index]` in its sentence and the sentences before it
    of its paragraph (at most `_LOOK_BACK`)."""
    seg = text.seg
    figure = text.figures[index]
    paragraph = seg.paragraph(figure.number.start)
    begin = seg.sentence(figure.number.start).start
    for _ in range(_LOOK_BACK):
        if begin <= paragraph.start:
            break
        begin = max(paragraph.start, seg.sentence(begin - 1).start)
    return text.figures[bisect.bisect_left(text.starts, begin) : index]


def _near(text: _Text, figure: Figure, phrases: Phrases, *, before: int, after: int) -> str:
    """The printed words of the longest phrase among the `before` words before the figure's
    number or the `after` words after it, in its sentence, with no other number between."""
    seg = text.seg
    sentence = seg.sentence(figure.number.start)
    at = bisect.bisect_left(text.number_starts, figure.number.start)
    earlier = [end for _, end in text.numbers[max(0, at - 3) : at] if end <= figure.number.start]
    begin = max([sentence.start, *earlier])
    later = bisect.bisect_left(text.number_starts, figure.number.end)
    stop = sentence.end
    if later < len(text.numbers):
        stop = min(stop, text.numbers[later][0])
    spans_before = seg.words(begin, figure.number.start)[-before:] if before else []
    spans_after = seg.words(figure.number.end, stop)[:after] if after else []
    found: list[tuple[int, int, int]] = []  # (-words, start, end): the longest phrase first
    for chosen in (spans_before, spans_after):
        said = [w for w, _, _ in chosen]
        for at in range(len(said)):
            for phrase in phrases:
                if tuple(said[at : at + len(phrase)]) == phrase:
                    end = chosen[at + len(phrase) - 1][2]
                    found.append((-len(phrase), chosen[at][1], end))
    if not found:
        return ""
    _, start, end = min(found)
    return seg.raw[start:end]


def _less_words(text: _Text, minus: list[Figure], words: Words) -> str:
    """The printed words of a less-word before a subtracted term, and a gap: "less … "."""
    for figure in minus:
        said = _near(text, figure, words.less, before=3, after=0)
        if said:
            return f"{said} … "
    return ""


def _quote(seg: Segmented, equation: Equation) -> None:
    """The span the equation's quote covers: from the sentence of its first figure to the end
    of its last's; the clauses of its figures when that is longer than a quote may be."""
    members = [equation.result, *(f for f, _ in equation.terms)]
    first = min(members, key=lambda f: f.number.start)
    last = max(members, key=lambda f: f.number.start)
    start, end = seg.sentence(first.number.start).start, seg.sentence(last.number.start).end
    if end - start > MAX_QUOTE:
        spans = [f.quote or f.clause for f in members]
        start, end = min(s.start for s in spans), max(s.end for s in spans)
    text = seg.raw[start:end]
    equation.start = start + len(text) - len(text.lstrip())
    equation.end = start + len(text.rstrip())


def _settle(equation: Equation, relations: list[Relation]) -> None:
    """The figures of a drafted equation told so; a difference's result and terms leave the
    part–whole relations of its whole (a relation left with no other part is dropped), and a
    figure of no unit takes its partners' where the equation adds them."""
    members = [equation.result, *(f for f, _ in equation.terms)]
    if equation.kind in ("sum", "difference", "average"):
        named = {f.unit for f in members if f.unit != _UNSPECIFIED}
        if len(named) == 1:
            unit = next(iter(named))
            partner = next(f for f in members if f.unit == unit)
            for figure in members:
                if figure.unit == _UNSPECIFIED:
                    figure.unit, figure.measure = unit, partner.measure
                    figure.statistic, figure.unit_from = partner.statistic, "partner"
                    figure.reasons.append(f"unit {unit} of its partners in a {equation.kind}")
    if equation.kind == "difference":
        whole = equation.terms[0][0]
        gone = {id(f) for f in members}
        for relation in [r for r in relations if r.whole is whole]:
            relation.parts = [p for p in relation.parts if id(p) not in gone]
            if not relation.parts:
                relations.remove(relation)
        for figure in members:
            figure.reasons = [r for r in figure.reasons if "proposed in part_whole" not in r]
    said = "holds" if equation.holds else "does not hold as drafted: check its terms"
    equation.result.reasons.append(
        f"the result of a {equation.kind} (“{equation.words}”) that {said}: proposed in relations"
    )


def _nearest(candidates: list[Figure], figure: Figure) -> list[Figure]:
    """The `_REACH` figures of `candidates` nearest `figure`, in the order of the text."""
    near = sorted(candidates, key=lambda f: abs(f.number.start - figure.number.start))[:_REACH]
    return sorted(near, key=lambda f: f.number.start)


def _unit_agrees(figure: Figure, other: Figure) -> bool:
    return figure.unit == other.unit or _UNSPECIFIED in (figure.unit, other.unit)


def _size(figure: Figure) -> Decimal:
    return figure.value * scale_factor(figure.scale)
