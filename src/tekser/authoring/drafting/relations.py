"""The structure a text states about its figures, where it says so plainly: parts of a whole
("of which", "including", "в том числе", "davon", "оның ішінде"), a remainder ("leaving …
for"), totals ("in all", "всего", "insgesamt", "барлығы"), and claims of rise and fall with
their period. The words are data: `lexicons/structure.json`, per language.

A total and its parts go to different series: the whole (or a figure a total word stands
beside) gets the organisation `all` when it shares its series with a part, and each part the
category its clause names (the first word after its number and unit that is not a link word),
so that `series.repeated-value` never compares a total with its part. Parts must have the
whole's unit (a part with none takes it) and may not add up to more than the whole; a relation
is `exhaustive` when they add up to it exactly. A claim is proposed only when its sentence has
one rise or fall word and two or more figures of one series at different dates, which move the
way the word says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from anyascii import anyascii

from tekser.authoring.drafting.lexicon import WORD, fold
from tekser.authoring.drafting.model import MAX_QUOTE, Figure, SeedDraft
from tekser.authoring.drafting.statistic_columns import column_statistics
from tekser.core.contract import pace_lexicon
from tekser.seeds.locales import lexicon_language
from tekser.seeds.numbers import scale_factor

TOTAL = "all"
_BOUNDS = ("lower-bound", "upper-bound")


@dataclass(frozen=True, slots=True)
class Words:
    """The structure words of one language, each a tuple of folded words."""

    parts: tuple[tuple[str, ...], ...]
    remainder: tuple[tuple[str, ...], ...]
    total: tuple[tuple[str, ...], ...]
    rise: tuple[str, ...]
    fall: tuple[str, ...]
    skip: frozenset[str]


@dataclass(slots=True)
class Relation:
    """A whole and its parts, as the text states them."""

    whole: Figure
    parts: list[Figure] = field(default_factory=list)
    marker: str = ""

    @property
    def exhaustive(self) -> bool:
        return sum(_size(p) for p in self.parts) == _size(self.whole)


@dataclass(slots=True)
class Claim:
    """A rise or a fall of one series over the period of its figures in one sentence."""

    figures: list[Figure]
    direction: str
    word: str
    start: int
    end: int
    pace: str = ""  # sharp or slow, when a word of lexicons/pace.json says so
    pace_printed: str = ""


@cache
def structure_words(language: str) -> Words | None:
    """The structure words of a language (its primary subtag), None when there are none."""
    data = json.loads((files("tekser") / "lexicons" / "structure.json").read_text("utf-8"))
    entry = data["languages"].get(lexicon_language(language))
    if entry is None:
        return None

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        found = {tuple(WORD.findall(fold(p))) for p in entry.get(key, [])}
        return tuple(sorted((p for p in found if p), key=len, reverse=True))

    return Words(
        parts=phrases("parts"),
        remainder=phrases("remainder"),
        total=phrases("total"),
        rise=tuple(fold(w) for w in entry.get("rise", [])),
        fall=tuple(fold(w) for w in entry.get("fall", [])),
        skip=frozenset(fold(w) for w in entry.get("skip", [])),
    )


def propose_structure(draft: SeedDraft) -> tuple[list[Relation], list[Claim]]:
    """The part–whole relations and claims the text states about `draft`'s figures; the
    organisations of totals and parts are set so that they fall in different series (after
    the statistic the head of a dated column gives its figures: statistic_columns.py)."""
    column_statistics(draft)
    figures = [f for f in draft.figures if f.statistic not in _BOUNDS]
    relations: list[Relation] = []
    for index, figure in enumerate(figures):
        words = structure_words(figure.language)
        if words is None:
            continue
        if _phrase_near(draft, figure, words.total) and figure.organisation == "unspecified":
            figure.organisation = TOTAL
            figure.reasons.append("organisation all: a total word stands beside it")
        relation = _parts_after(draft, figures, index, words)
        if relation is not None:
            relations.append(relation)
    _remainders(draft, figures, relations)
    for relation in relations:
        _separate(draft, relation)
    return relations, _claims(draft)


# -- parts -------------------------------------------------------------------------------------


def _parts_after(
    draft: SeedDraft, figures: list[Figure], index: int, words: Words
) -> Relation | None:
    """The parts that follow `figures[index]` after a parts word in its sentence."""
    whole = figures[index]
    seg = draft.seg
    sentence = seg.sentence(whole.number.start)
    following = [
        f for f in figures[index + 1 :] if f.number.start < sentence.end and f.clause.start >= 0
    ]
    if not following:
        return None
    gap = seg.words(whole.number.end, following[0].number.start)
    marker = _first_phrase([w for w, _, _ in gap], words.parts)
    if not marker:
        return None
    relation = Relation(whole, marker=" ".join(marker))
    for part in following:
        if not _same_unit(draft, whole, part) or _size(part) >= _size(whole):
            break
        if sum(_size(p) for p in relation.parts) + _size(part) > _size(whole):
            break
        relation.parts.append(part)
    return relation if relation.parts else None


def _remainders(draft: SeedDraft, figures: list[Figure], relations: list[Relation]) -> None:
    """A figure after a remainder word ("leaving 400 for …"): a part of the largest figure
    before it in its sentence, with the figures between them."""
    for index, figure in enumerate(figures):
        words = structure_words(figure.language)
        if words is None or not _phrase_before(draft, figure, words.remainder, 3):
            continue
        sentence = draft.seg.sentence(figure.number.start)
        before = [
            f
            for f in figures[:index]
            if f.number.start >= sentence.start and _same_unit(draft, figure, f)
        ]
        if not before:
            continue
        whole = max(before, key=_size)
        if _size(whole) <= _size(figure):
            continue
        relation = next((r for r in relations if r.whole is whole), None)
        if relation is None:
            relation = Relation(whole, marker="remainder")
            relation.parts = [
                f for f in before if f is not whole and f.number.start > whole.number.start
            ]
            relations.append(relation)
        if figure in relation.parts:
            continue
        if sum(_size(p) for p in relation.parts) + _size(figure) <= _size(whole):
            relation.parts.append(figure)


def _same_unit(draft: SeedDraft, whole: Figure, part: Figure) -> bool:
    """The part counts what the whole counts: the same unit, none, a compound ending in the
    whole's (Privatschulen of Schulen), or the whole's unit word among the three words after
    it (120 ауыл мектеп of мектеп)."""
    if part.unit in (whole.unit, "unspecified"):
        return True
    if whole.unit == "unspecified":
        return False
    if part.unit.endswith(whole.unit) and len(part.unit) > len(whole.unit) + 2:
        return True
    after = [w for w, _, _ in draft.seg.words(part.number.end, part.clause.end)][:3]
    return any(
        entry.values.get("unit") == whole.unit and entry.match(after, index)
        for entry in whole.lexicon.units
        for index in range(len(after))
    )


def _separate(draft: SeedDraft, relation: Relation) -> None:
    """The whole and its parts in different series, the parts with the whole's unit."""
    whole = relation.whole
    for part in relation.parts:
        if part.unit != whole.unit and whole.unit != "unspecified":
            if part.unit.endswith(whole.unit) and part.organisation == "unspecified":
                part.organisation = part.unit[: -len(whole.unit)].strip("-")  # Privat|schulen
            part.unit, part.measure, part.statistic = whole.unit, whole.measure, whole.statistic
            part.unit_from = "partner"
            part.reasons = [r for r in part.reasons if "unit" not in r]
            part.reasons.append(f"unit {whole.unit} of the whole {whole.number.printed}")
        part.reasons.append(
            f"a part of {whole.number.printed} (“{relation.marker}”): proposed in part_whole"
        )
    if whole.organisation == "unspecified" or any(
        p.organisation == whole.organisation for p in relation.parts
    ):
        if whole.organisation != TOTAL:
            whole.reasons.append(f"organisation all: the whole of {len(relation.parts)} part(s)")
        whole.organisation = TOTAL
    named: set[str] = set()
    for part in relation.parts:
        if part.organisation in (whole.organisation, "unspecified", TOTAL) or (
            part.organisation in named
        ):
            category = _category(draft, part)
            if category and category not in named and category != TOTAL:
                part.organisation = category
                part.reasons.append(f"organisation {category}: the category its clause names")
        named.add(part.organisation)


def _category(draft: SeedDraft, figure: Figure) -> str:
    """The first word of the figure's clause after its number that names a kind: not a link
    word, not a unit word, at least three letters; else the last such word before it. A slug
    (of the lemma, for Russian)."""
    words = structure_words(figure.language)
    skip = words.skip if words else frozenset()
    seg = draft.seg
    stop = figure.clause.end
    digit = re.compile("[0-9]").search(seg.raw, figure.number.end, stop)
    after = seg.words(figure.number.end, digit.start() if digit else stop)
    before = seg.words(figure.clause.start, figure.number.start)[::-1][:3]
    taken = {w for p in (words.parts if words else ()) for w in p}

    unit_words = [w[:4] for w in WORD.findall(fold(figure.unit.replace("-", " "))) if len(w) > 3]

    def names(word: str) -> bool:
        unit = any(entry.match([word], 0) for entry in figure.lexicon.units)
        unit = unit or any(word.startswith(w) for w in unit_words)
        return len(word) >= 3 and word not in skip and word not in taken and not unit

    for word, _, _ in [*after, *before]:
        if names(word):
            return _slug(_lemma(figure.language, word))
    return ""


@cache
def _lemma(language: str, word: str) -> str:
    """A Russian word's lemma (pymorphy3's likeliest reading); other words as they are."""
    if not language.startswith("ru") or not re.search("[а-яё]", word):
        return word
    return str(_morph().parse(word)[0].normal_form)


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(word).lower()).strip("-")


# -- claims ------------------------------------------------------------------------------------


def _claims(draft: SeedDraft) -> list[Claim]:
    claims: list[Claim] = []
    seg = draft.seg
    by_sentence: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        if figure.statistic in _BOUNDS or figure.date is None or figure.date.period is None:
            continue
        by_sentence.setdefault(seg.sentence(figure.number.start).start, []).append(figure)
    for start, members in by_sentence.items():
        words = structure_words(members[0].language)
        if words is None or len(members) < 2:
            continue
        series = {(f.organisation, f.measure, f.unit) for f in members}
        if len(series) != 1 or "unspecified" in next(iter(series))[1:]:
            continue
        sentence = seg.sentence(start)
        if sentence.end - sentence.start > MAX_QUOTE:
            continue
        spans = seg.words(sentence.start, sentence.end)
        said = [w for w, _, _ in spans]
        rise = [w for w in said if w.startswith(words.rise)] if words.rise else []
        fall = [w for w in said if w.startswith(words.fall)] if words.fall else []
        if bool(rise) == bool(fall):
            continue
        dated = sorted(members, key=lambda f: f.date.period[0] if f.date and f.date.period else 0)
        periods = [f.date.period for f in dated if f.date is not None and f.date.period]
        if len({p[0] for p in periods}) != len(periods):
            continue
        first, last = _size(dated[0]), _size(dated[-1])
        direction = "rise" if rise else "fall"
        if (direction == "rise") != (last > first) or last == first:
            continue
        text = seg.raw[sentence.start : sentence.end]
        begin = sentence.start + len(text) - len(text.lstrip())
        end = sentence.start + len(text.rstrip())
        claim = Claim(dated, direction, (rise or fall)[0], begin, end)
        _pace(claim, members[0].language, spans, seg.raw)
        claims.append(claim)
    return claims


def _pace(claim: Claim, language: str, spans: list[tuple[str, int, int]], text: str) -> None:
    """The pace of a claim, when one word of the pace lexicon in its sentence says it."""
    stems = pace_lexicon().get(language.split("-")[0].casefold(), {})
    found = {
        (pace, text[a:b])
        for word, a, b in spans
        for pace, words in stems.items()
        if any(word.startswith(fold(stem)) for stem in words)
    }
    if len({pace for pace, _ in found}) == 1:
        claim.pace, claim.pace_printed = sorted(found)[0]


# -- words -------------------------------------------------------------------------------------


def _first_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    for index in range(len(words)):
        for phrase in phrases:
            if tuple(words[index : index + len(phrase)]) == phrase:
                return phrase
    return ()


def _phrase_before(
    draft: SeedDraft, figure: Figure, phrases: tuple[tuple[str, ...], ...], reach: int
) -> bool:
    before = [w for w, _, _ in draft.seg.words(figure.clause.start, figure.number.start)]
    return bool(_first_phrase(before[-reach:], phrases))


def _phrase_near(draft: SeedDraft, figure: Figure, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """A phrase among the 4 words before the number or the 3 after it, in its clause, with no
    other figure between (a date, a year may be)."""
    seg = draft.seg
    others = [(f.number.start, f.number.end) for f in draft.figures if f is not figure]

    def figures_digit(offset: int) -> bool:
        return any(a <= offset < b for a, b in others)

    begin = max(figure.clause.start, figure.number.start - 80)
    stop = min(figure.clause.end, figure.number.end + 60)
    digits = [m.start() for m in re.finditer("[0-9]", seg.raw[begin:stop])]
    before_digits = [begin + d for d in digits if begin + d < figure.number.start]
    after_digits = [begin + d for d in digits if begin + d >= figure.number.end]
    before_digits = [d for d in before_digits if figures_digit(d)]
    after_digits = [d for d in after_digits if figures_digit(d)]
    begin = before_digits[-1] + 1 if before_digits else begin
    stop = after_digits[0] if after_digits else stop
    before = [w for w, _, _ in seg.words(begin, figure.number.start)][-4:]
    after = [w for w, _, _ in seg.words(figure.number.end, stop)][:3]
    return bool(_first_phrase(before, phrases) or _first_phrase(after, phrases))


def _size(figure: Figure) -> Decimal:
    return figure.value * scale_factor(figure.scale)
