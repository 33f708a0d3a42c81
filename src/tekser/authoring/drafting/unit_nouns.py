"""The counted noun before a bare figure: "the schools of the district 120", "mills above 40
acres 1,250" — where no word after a number names what it counts, the noun that its clause
names right before it does, past words that name nothing (articles, prepositions, verbs of
being: the lexicon's `not_units`) and past another figure with its own unit words (the class
"above 40 acres" qualifies the noun, it is not what the figure counts).

Only a word that `counted_noun` reads as a counted thing (a plural in English and French, a
noun in the genitive plural in Russian) is taken, at most a few words back, never across a
sign or a bracket, and only where no heading gave the figure a unit."""

from __future__ import annotations

import re

from tekser.authoring.drafting.describe import unit_entry
from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.nouns import counted_noun
from tekser.authoring.drafting.units import counted_parse, slug, stopped

# the languages whose counted nouns have a mark of their own (a plural ending, a case): in
# the others a row's label ("North district 120") would pass for what the figure counts
_GRAMMAR = ("en", "fr", "ru")
_REACH = 4  # words that name nothing, at most, between the noun and the figure
_LEAST_OPENING = 2  # letters of a word that opens a sentence with what it counts
_AFTER_NUMBER = re.compile(r"[0-9][ \t\u00a0]+$")  # a word right after a number
_GAP = re.compile(r"[\s\w.,'’-]*")  # no sign, bracket, colon or semicolon between


def _owned(draft: SeedDraft, figure: Figure) -> list[tuple[int, int]]:
    """The spans of the other figures before `figure` in its clause: each number with the
    words after it up to the next number (its unit words)."""
    spans = []
    others = [
        f
        for f in draft.figures
        if f is not figure and figure.clause.start <= f.number.start < figure.number.start
    ]
    for other in others:
        if other.unit_from not in ("after", "sign"):
            continue
        end = figure.number.start
        later = [f.number.start for f in others if f.number.start > other.number.start]
        end = min([end, *later])
        spans.append((other.number.start, end))
    return spans


def noun_before(draft: SeedDraft) -> None:
    """Bare figures take the counted noun before them in their clause (module docstring)."""
    seg = draft.seg
    for figure in draft.figures:
        if figure.unit_from != "" or year_like(figure.number):
            continue
        lexicon = figure.lexicon
        if lexicon.language not in _GRAMMAR:
            continue
        words = seg.words(figure.clause.start, figure.number.start)
        owned = _owned(draft, figure)
        skipped, passed = 0, False
        for word, start, end in reversed(words):
            if any(a <= start < b for a, b in owned) or _AFTER_NUMBER.search(
                seg.raw[max(0, start - 24) : start]
            ):
                passed = True  # another number's unit words: "above 40 acres"
                continue
            gap = seg.raw[end : figure.number.start]
            if not _GAP.fullmatch(gap):
                break
            if stopped(lexicon, word):
                skipped += 1
                if skipped > _REACH:
                    break
                continue
            if seg.raw[start:end][:1].isupper():
                break  # a name (a place, a row's label), not what is counted
            if lexicon.language == "ru":
                _, pos, grammemes = counted_parse(word)
                if pos != "NOUN" or not {"gent", "plur"} <= grammemes:
                    break
            reading = counted_noun(lexicon, [(word, seg.raw[start:end])], False)
            if reading is None:
                break
            past = " past another figure's words" if passed else ""
            figure.take_unit(
                reading.unit,
                reading.measure,
                reading.statistic,
                "noun",
                f"counted noun “{seg.raw[start:end]}” before it in its clause{past} "
                f"({reading.unit}): check it",
            )
            break


def sentence_head(draft: SeedDraft) -> None:
    """In Russian a sentence may open with what it counts, in the genitive plural, and give
    the numbers after ("Домов каменных 15, деревянных 120"): its bare figures count that noun
    (a lexicon unit, or the noun's lemma)."""
    seg = draft.seg
    for figure in draft.figures:
        if figure.unit_from != "" or year_like(figure.number) or figure.lexicon.language != "ru":
            continue
        sentence = seg.sentence(figure.number.start)
        words = seg.words(sentence.start, figure.number.start)
        if not words:
            continue
        word, start, end = words[0]
        if len(word.rstrip(".")) < _LEAST_OPENING:
            continue  # a name's initial ("Н. уезд"), not what the sentence counts
        found = unit_entry(figure.lexicon, [w for w, _, _ in words], 0)
        if found is not None:
            entry = found[0]
            unit, statistic = entry.values["unit"], entry.values.get("statistic", "count")
            measure = entry.values.get("measure", unit)
        else:
            base, pos, grammemes = counted_parse(word)
            if pos != "NOUN" or not {"gent", "plur"} <= grammemes or stopped(figure.lexicon, word):
                continue
            if grammemes & {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"}:
                continue
            unit = measure = slug(base)
            statistic = "count"
        figure.take_unit(
            unit,
            measure,
            statistic,
            "noun",
            f"“{seg.raw[start:end]}” opens its sentence in the genitive plural: what it counts "
            f"({unit}), check it",
        )
