"""Fast pre-scans for `tekser.seeds.printed.find_numbers`: where a seed may hold a number, found
with compiled patterns and C-level string methods, so that only those places go through the
full reading. Each gives exactly what the plain scan it replaces gives (tested against it in
tests/test_numbers_speed_equivalence.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator
from functools import lru_cache, partial
from typing import NamedTuple, Protocol

from tekser.seeds.locales import APOSTROPHES
from tekser.seeds.numbers import _SPACES, _TEXT_WORD, _key
from tekser.seeds.text import clean_form

# Vulgar fraction glyphs: glued to digits they are part of the number ("67⅛", "12½"); after
# digits and a space, a fraction "N/D" too ("94 1/4").
FRACTION_GLYPHS = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
_GLYPH_AFTER = re.compile(rf"[ \u00a0]?[{FRACTION_GLYPHS}]")


def glyph_end(text: str, end: int) -> int:
    """Past a fraction glyph right after a whole number, or after one space ("67⅛", "3 ½")."""
    match = _GLYPH_AFTER.match(text, end)
    return match.end() if match else end


MIXED_FRACTION = re.compile(r"[ \u00a0]([1-9][0-9]?)/([1-9][0-9]?)(?![0-9/]|[.,][0-9])")
# A digit run, and in lookaheads what follows it: a mark and a digit (a digit group, a decimal,
# a date, a split year, an OCR comma group) or a fraction glyph (group 1), else past spaces a
# word (2) or a sign (3).
DIGIT_RUN = re.compile(
    rf"[0-9]+(?=((?:[.,/\-\u2013{APOSTROPHES}{''.join(sorted(_SPACES))}]|, )[0-9]"
    rf"|[ \u00a0]?[{FRACTION_GLYPHS}])?)"
    rf"(?=\s*(?:({_TEXT_WORD.pattern})|(.))?)",
    re.DOTALL,
)

_LETTERS = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n")
# for each word pattern, whether a letter run is one of its words (a run is tested once)
_KNOWN: dict[tuple[str, int], dict[str, bool]] = {}
_MAX_KNOWN = 1 << 18


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A word of the text as the lexicons compare it (`_next_word`'s key)."""
    return _key(clean_form(word))


def word_matches(text: str, words: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """What `words.finditer(text)` gives (same spans and groups), for a pattern of a whole word
    made of letters only: `(?<![^\\W\\d_])(?:…)+(?![^\\W\\d_])`, as `printed._word_pattern`
    builds it. Such a match is exactly a maximal run of letters that the pattern matches in
    full; each distinct run is tested once, and the text is searched for the runs that match."""
    # a letter run never holds whitespace: the runs of the distinct whitespace-free chunks
    runs = set(_LETTERS.findall(" ".join(set(text.split()))))
    known = _KNOWN.setdefault((words.pattern, words.flags), {})
    if len(known) > _MAX_KNOWN:
        known.clear()
    known.update((run, words.fullmatch(run) is not None) for run in runs.difference(known))
    hits = tuple(sorted(run for run in runs if known[run]))
    if not hits:
        return
    for match in _alternation(hits).finditer(text):
        start = match.start()
        if not (start and _LETTER.match(text, start - 1)):
            yield match


@lru_cache(maxsize=256)
def _alternation(hits: tuple[str, ...]) -> re.Pattern[str]:
    """The runs `hits`, each ending a letter run; the caller checks that one also starts there
    (a pattern beginning with a look-behind could not skip ahead to a first letter)."""
    body = "|".join(re.escape(hit) for hit in sorted(hits, key=len, reverse=True))
    return re.compile(rf"(?:{body})(?![^\W\d_])")


def broken_words(text: str, broken: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`broken.finditer(text)` for a pattern of a word broken by a hyphen at a line end, which
    cannot match where no hyphen ends a line."""
    if _LINE_END_HYPHEN.search(text) is None:
        return iter(())
    return broken.finditer(text)


class Spanned(Protocol):
    """Anything at [start, end) of a text (a `PrintedNumber`, a `Span`)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class Span(NamedTuple):
    start: int
    end: int


def digit_spans(
    text: str, scales: Container[str], full: Callable[[int], tuple[int, bool]]
) -> Iterator[tuple[int, int, bool]]:
    """The numbers holding ASCII digits as (start, end, date_like), as `printed._digit_numbers`
    finds them: a digit run followed by neither a mark and a digit nor a word of `scales` (or
    a sign that is one) is a number as it stands; the others are read by `full(start)` (where
    the number ends, and whether it is date-like)."""
    position = 0
    for match in DIGIT_RUN.finditer(text):
        start = match.start()
        if start < position:
            continue  # inside the number before
        extends, word, sign = match.groups()
        if extends is None and (
            (word is not None and word_key(word) not in scales)
            or (word is None and (sign is None or sign not in scales))
        ):
            yield start, match.end(), False
            continue
        position, dated = full(start)
        yield start, position, dated


def spans_of(spans: list[tuple[int, int]]) -> Iterator[Span]:
    """`spans` as `Span`s, made one at a time, without a step of Python each."""
    return map(_AS_SPAN, spans)


_AS_SPAN = partial(tuple.__new__, Span)
