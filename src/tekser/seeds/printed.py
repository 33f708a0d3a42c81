"""The numbers of a running text: every number a seed prints, where it is, and what it
reads as — digits with their groups and decimal mark, and the scale words that follow them
("2 миллиона 300 тысяч"). Reading one token is `tekser.seeds.numbers`; this module finds the
tokens, with the same lexicons (it shares that module's internals, as one package)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from tekser.seeds.numbers import (
    _DIGIT_RUN,
    _DIGITS,
    _SPACE_RUN,
    _SPACES,
    _TEXT_WORD,
    NumberError,
    _key,
    _lexicons_for,
    _primary,
    read_number,
)
from tekser.seeds.text import clean_form


@dataclass(frozen=True, slots=True)
class PrintedNumber:
    """A number of a text at code-point offsets [start, end); `value` is None when the reader
    cannot read it."""

    start: int
    end: int
    printed: str
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What `find_numbers` looks for after digits, in every lexicon of a language."""

    scales: dict[str, Decimal]  # scale words by multiplier
    dotted: frozenset[str]  # scale words written with a dot ("тыс.")
    years: frozenset[str]  # year words: the number before one is a year
    stops: frozenset[str]  # year and unit words: the number before one stands alone


@lru_cache(maxsize=8)
def _vocabulary(primary: str) -> _Vocabulary:
    lexicons = _lexicons_for(primary)
    words = [(k, kind, v) for lexicon in lexicons for k, (kind, v) in lexicon.words.items()]
    years = frozenset(k for lexicon in lexicons for k in lexicon.years)
    units = {k for k, kind, _ in words if kind == "unit"}
    units |= {p[0][0] for lexicon in lexicons for p in lexicon.phrases if p[1] == "unit"}
    scales = {k: v for k, kind, v in words if kind == "scale"}
    dotted = frozenset(k for lexicon in lexicons for k in lexicon.dotted)
    return _Vocabulary(scales, dotted, years, years | units)


def _next_word(text: str, position: int, primary: str) -> tuple[str, int]:
    """The word after `position` and past whitespace, as lexicons compare it, and where it
    ends (with its dot if it is an abbreviation); a unit sign counts as a word; ("", position)
    when none follows."""
    vocabulary = _vocabulary(primary)
    start = _end(_SPACE_RUN, text, position)
    match = _TEXT_WORD.match(text, start)
    if match is None:
        sign = text[start : start + 1]
        return (sign, start + 1) if sign and sign in vocabulary.stops else ("", position)
    key, end = _key(clean_form(match.group())), match.end()
    return key, end + 1 if key in vocabulary.dotted and text[end : end + 1] == "." else end


def _end(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where the run of `pattern` (which matches the empty string) at `position` ends."""
    match = pattern.match(text, position)
    return position if match is None else match.end()


def _numeral_end(text: str, start: int, primary: str) -> tuple[int, bool]:
    """Where the digits from `start` end, over their digit groups and decimal mark, and
    whether they are plain digit groups (no dot, no comma)."""
    end, marks = _end(_DIGIT_RUN, text, start), ""
    while end + 1 < len(text) and text[end + 1] in _DIGITS:
        mark, run_end = text[end], _end(_DIGIT_RUN, text, end + 1)
        if mark in _SPACES:
            if marks.strip() or run_end - end != 4 or (not marks and end - start > 3):
                break
            if _next_word(text, run_end, primary)[0] in _vocabulary(primary).years:
                break  # "5 933 года": a year followed by its word is just the year
        elif mark not in ".,":
            break
        elif run_end - end != 4 or (marks and marks[-1] != mark):
            return run_end, False  # a decimal mark ends the number's digits
        marks, end = marks + (" " if mark in _SPACES else mark), run_end
    return end, not marks.strip()


def find_numbers(text: str, language: str = "") -> list[PrintedNumber]:
    """Every number of `text` holding an ASCII digit, in order, at code-point offsets, with
    its digit groups, its decimal mark and the scale words that follow it, each with a smaller
    group after it ("2 миллиона 300 тысяч", "1 тысяча 25"). A number after a scale word
    joins it only when it fits below that scale and is neither a year ("года", "жылы") nor
    followed by a unit word. Values are `read_number`'s, None when unreadable."""
    primary = _primary(language)
    vocabulary = _vocabulary(primary)
    found: list[PrintedNumber] = []
    position = 0
    for start in (match.start() for match in re.finditer("[0-9]+", text)):
        if start < position:
            continue
        end, plain = _numeral_end(text, start, primary)
        word, word_end = _next_word(text, end, primary)
        while word in vocabulary.scales:
            end, last_scale = word_end, vocabulary.scales[word]
            after = _end(_SPACE_RUN, text, end)
            if not plain or text[after : after + 1] not in _DIGITS:
                break
            next_end, plain = _numeral_end(text, after, primary)
            digits = "".join(c for c in text[after:next_end] if c in _DIGITS)
            word, word_end = _next_word(text, next_end, primary)
            multiplier = vocabulary.scales.get(word, Decimal(1))
            fits = multiplier < last_scale and Decimal(digits) * multiplier < last_scale
            if not plain or word in vocabulary.stops or not fits:
                break
            end = end if word in vocabulary.scales else next_end
        try:
            value: Decimal | None = read_number(text[start:end], language)
        except NumberError:
            value = None
        found.append(PrintedNumber(start, end, text[start:end], value))
        position = end
    return found
