"""A range printed as two numbers joined by the to-word alone ("10 to 15 per cent", "$3.20 to
$3.75", "40¢ to $2", "от 3 до 8"): the first is a lower bound, the second an upper one, when
the first is the smaller and no word right before them says a change (a rise or a fall word
of `lexicons/structure.json`: "rose 10 to 20" goes from one figure to another, "10 to 20
lower than" is a range; after a from-word, no such word anywhere in the sentence: "from 3 to 4,
a sharp rise"). A from-word before the first may stand there or not; a currency
sign may stand before either number. The range says more than a word of the clause ("on an
average $5 to $7": each end is a bound of the averages)."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from tekser.authoring.drafting.lexicon import Form, fold
from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.relations import structure_words
from tekser.seeds.numbers import scale_factor

_SIGNS = r"[ \t\u00a0]*(?:[^\w\s,;:.()\[\]]{1,2}[ \t\u00a0]*)?"  # "$", "US$", "£"
_LEAD = 4  # words before the first number where a change word makes it a change
_WORD = re.compile(r"[ \t\u00a0\n]*([^\W\d_]+)")


def _factor(figure: Figure) -> Decimal:
    try:
        return scale_factor(figure.scale)
    except ValueError:
        return Decimal(1)


def _changes(word: str, stem: str) -> bool:
    """Whether a word is a form of a rise or fall word's stem, not the noun of its doer
    ("grow" in "grew", "growing", never in "growers")."""
    return word.startswith(stem) and word not in (f"{stem}er", f"{stem}ers")


def _single(forms: list[Form], word: str) -> bool:
    return any(len(f.parts) == 1 and f.matches([fold(word)], 0) for f in forms)


def _ordered(draft: SeedDraft) -> None:
    """A range printed from its larger end ("from 540,000 to 310,000 tons", ports listed in
    falling order): the larger is the upper bound, whichever comes first."""
    for figure in draft.figures:
        other = figure.partner
        if other is None or (figure.statistic, other.statistic) != ("lower-bound", "upper-bound"):
            continue
        if figure.unit != other.unit:
            continue
        if figure.value * _factor(figure) > other.value * _factor(other):
            figure.statistic, other.statistic = "upper-bound", "lower-bound"
            why = "range printed from its larger end: the larger is the upper bound"
            for end in (figure, other):
                end.reasons = [r for r in end.reasons if not r.startswith("range ")]
                end.reasons.append(why)


def bounds_of_ranges(draft: SeedDraft) -> None:
    """Two figures joined by the to-word alone are the bounds of a range (module docstring);
    a range printed from its larger end has its bounds the right way round."""
    _ordered(draft)
    text = draft.seg.raw
    for first, second in pairwise(draft.figures):
        if first.clause != second.clause or year_like(first.number) or year_like(second.number):
            continue
        if {first.statistic, second.statistic} & {"lower-bound", "upper-bound"}:
            continue
        between = text[first.number.end : second.number.start]
        # a sign may stand between ("40¢ to $2", "10 to 15%")
        word = _WORD.search(between)
        if word is None or not _single(first.lexicon.to_words, word.group(1)):
            continue
        if not re.fullmatch(_SIGNS, between[word.end() :]):
            continue
        if not re.fullmatch(
            r"[ \t\u00a0\n]*(?:[^\w\s]{1,2})?[ \t\u00a0\n]*", between[: word.start(1)]
        ):
            continue
        before = between[: word.start(1)].strip()
        if not before and first.value * _factor(first) >= second.value * _factor(second):
            continue  # "a vote of 124 to 112": a range runs up (unless "50¢ to $1")
        words = structure_words(first.language)
        stems = (*words.rise, *words.fall) if words is not None else ()
        lead = draft.seg.words(first.clause.start, first.number.start)
        if not (lead and _single(first.lexicon.from_words, lead[-1][0])):
            lead = lead[-_LEAD:]  # with a from-word, the whole sentence: "von 3 auf 4 gestiegen"
        else:
            sentence = draft.seg.sentence(first.number.start)
            lead = draft.seg.words(sentence.start, sentence.end)
        if any(_changes(w, stem) for w, _, _ in lead for stem in stems):
            continue  # a change from one figure to another, not a range
        shown = " ".join(text[first.number.start : second.number.end].split())
        first.statistic, second.statistic = "lower-bound", "upper-bound"
        first.reasons.append(f"range “{shown}”, no change said: lower")
        second.reasons.append(f"range “{shown}”, no change said: upper")
