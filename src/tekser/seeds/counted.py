"""Small numbers and fractions written in words that count something: "four heats", "семь
крепостей", "deux ou trois louis", "two thirds", "un cinquième", "la moitié", "треть".

`tekser.seeds.printed.find_numbers` leaves a bare small number word out (in prose "one" or
"ein" is far more often an article or a pronoun than a figure), so coverage does not ask for
them; `tekser draft` asks this module for the ones that plainly count, and proposes them:

* a fraction in words (a fraction or a denominator of the number lexicon, with its number of
  parts: "half", "one half", "two thirds", "un tiers", "zwei Drittel", "две трети");
* a whole number in words from 2 to 999 with no hundred or scale word (those `find_numbers`
  reads) followed, after spaces only, by a word that is no number word and no word of the
  lexicon's `duration_words` ("ten years", "две недели" name a span of time, not things
  counted) and does not end as the lexicon's `adjective_endings` (Kazakh "үш сатылық",
  three-tier, is an adjective made of the number) — so not "one", not "the other two.", not
  "four o'clock", not the "cento" of "per cento" (a phrase of the lexicon's `units`). A
  word broken across a line end by a hyphen is read whole ("үш саты-
  лық"), and a phrase that a colon closes within its line ("две основные линии в хозяйстве:")
  announces the items of a list, not a count.

A fraction before a duration word ("half an hour") is left out too. Numbers that hold digits
or that `find_numbers` reads are never returned.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from tekser.seeds.numbers import (
    NumberError,
    _json,
    _key,
    _languages,
    _Lexicon,
    _lexicons_for,
    compound,
    read_number,
)
from tekser.seeds.printed import PrintedNumber, find_numbers
from tekser.seeds.text import clean_form

_WORD = re.compile(r"[^\W\d_]+(?:-(?:[ \t\u00a0]*\r?\n[ \t\u00a0]*)?[^\W\d_]+)*")  # саты-\nлық
_ANNOUNCES = re.compile(r"[^.;:!?\n\d]{0,80}:")  # "two main lines of policy:" opens a list
_GAP = re.compile(r"[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?")
_MAX_WORDS = 6
_FRACTION_KINDS = frozenset({"fraction", "denominator"})
_ARTICLES = frozenset({"a", "an", "un", "une", "ein", "eine", "einer"})


@lru_cache(maxsize=64)
def _listed(language: str, section: str) -> tuple[str, ...]:
    """The words of a list of the language's number lexicons (duration_words,
    adjective_endings), as lexicons compare them."""
    found: set[str] = set()
    for lexicon in _lexicons(language):
        if lexicon.code in _languages():
            words = _json(f"numbers/{lexicon.code}.json").get(section, [])
            found.update(_key(w) for w in words if isinstance(w, str))
    return tuple(sorted(found))


def _lexicons(language: str) -> tuple[_Lexicon, ...]:
    try:
        return _lexicons_for(language)
    except NumberError:
        return ()


def _kinds(key: str, lexicons: tuple[_Lexicon, ...]) -> set[str]:
    """The kinds a word has in the lexicons ("" for a phrase's first part only)."""
    kinds: set[str] = set()
    for lexicon in lexicons:
        if key in lexicon.words:
            kinds.add(lexicon.words[key][0])
        elif any(parts[0] == key for parts, _, _ in lexicon.phrases):
            kinds.add("")
        elif "-" in key and all(_kinds(part, (lexicon,)) - {""} for part in key.split("-")):
            kinds.update(*(_kinds(part, (lexicon,)) for part in key.split("-")))  # thirty-seven
        else:
            parts = compound(key, lexicon) if key[:1].isalpha() else None
            kinds.update(p.kind for p in parts or [])
    return kinds


def find_counted_words(
    text: str, language: str = "", numbers: list[PrintedNumber] | None = None
) -> list[PrintedNumber]:
    """The small numbers and fractions in words of `text` that count something (see the
    module docstring), in order, each with `words` True and its value; `numbers`: what
    `find_numbers(text, language)` gave, when the caller has it."""
    lexicons = _lexicons(language)
    if not any(lexicon.words for lexicon in lexicons):
        return []
    if numbers is None:
        numbers = find_numbers(text, language)
    taken = [(n.start, n.end) for n in numbers]
    words = [(m.start(), m.end(), _key(clean_form(m.group()))) for m in _WORD.finditer(text)]
    kinds = [_kinds(key, lexicons) for _, _, key in words]
    durations = frozenset(_listed(language, "duration_words"))
    units = frozenset(_listed(language, "units"))
    adjectives = _listed(language, "adjective_endings")
    found: list[PrintedNumber] = []
    index = 0
    while index < len(words):
        read = _longest(text, language, words, kinds, index)
        if read is None:
            index += 1
            continue
        number, last, parts = read
        first, index = index, last + 1
        if first and _key(clean_form(text[words[first - 1][0] : number.end])) in units:
            continue  # the number word of a unit phrase: "per cento", "pour cent", "por ciento"
        if any(a < number.end and number.start < b for a, b in taken):
            continue
        after = [w[2] for w in words[last + 1 : last + 3]]
        if after[:1] and after[0] in _ARTICLES:
            after = after[1:]
        if after[:1] and after[0] in durations:
            continue
        if parts & _FRACTION_KINDS:
            found.append(number)
            continue
        assert number.value is not None
        if not 2 <= number.value < 1000 or number.value != int(number.value):
            continue
        if last + 1 >= len(words) or kinds[last + 1] - {""}:
            continue  # no word after it, or a number word (not a phrase's first: per cent)
        if adjectives and words[last + 1][2].endswith(adjectives):
            continue  # an adjective made of the number: "үш сатылық" (three-tier)
        gap = text[number.end : words[last + 1][0]]
        if _GAP.fullmatch(gap) is None:
            continue  # punctuation between: "the other two."
        announce = _ANNOUNCES.match(text, number.end)
        if announce and len(_WORD.findall(announce.group())) > 1:
            continue  # "two main lines of policy:" announces a list; "four provinces:" counts
        found.append(number)
    return found


def _longest(
    text: str,
    language: str,
    words: list[tuple[int, int, str]],
    kinds: list[set[str]],
    first: int,
) -> tuple[PrintedNumber, int, set[str]] | None:
    """The longest run of words from `first` (spaces or one line end between) that reads as
    one number, its last word's index and the kinds of its words."""
    if not kinds[first]:
        return None
    last = first
    while (
        last + 1 < len(words)
        and last + 1 - first < _MAX_WORDS
        and kinds[last + 1]
        and _GAP.fullmatch(text[words[last][1] : words[last + 1][0]]) is not None
    ):
        last += 1
    for end in range(last, first - 1, -1):
        start, stop = words[first][0], words[end][1]
        try:
            value: Decimal = read_number(text[start:stop], language)
        except NumberError:
            continue
        parts: set[str] = set().union(*kinds[first : end + 1])
        return PrintedNumber(start, stop, text[start:stop], value, words=True), end, parts
    return None
