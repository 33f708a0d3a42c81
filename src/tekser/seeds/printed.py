"""The numbers of a running text: every number a seed prints, as ONE token each, where it is,
and what it reads as. Reading one token is `tekser.seeds.numbers`; this module finds the
tokens, with the same lexicons and CLDR marks (it shares that module's internals, as one
package), in the language it is given (a BCP 47 tag; "" tries every lexicon).

What is one token:

- Digits with their digit groups and decimal mark in the language: "123,456,789.01" (en),
  "81.5", "123.456" (de), "1 234 567" where the locale groups with a space (fr, ru, kk, sv …):
  a space joins only groups of exactly three digits after a first group of one to three
  digits ("в 1913 году 450 тысяч", "1912 300" stay apart), never before a year word ("1 933
  года"). A typed space joins only where the locale groups with a space (or no language is
  given); a no-break, narrow no-break or thin space joins in any language; never before a
  number grouped with a mark that is not the decimal mark ("10 117.406" in de is two). An
  apostrophe groups where the locale groups so (de-CH "1'234'567").
- OCR copies: where the locale groups with a comma (en), a comma followed by a space joins
  when at least two groups of exactly three digits follow ("$165, 000, 000" is one number); a
  single such group ("12, 345") stays two numbers, and trailing cents after a space
  ("245,000,000 00") are a number of their own.
- The scale words after digits, each with a smaller group after it ("2 миллиона 300 тысяч",
  "3 Mill.", "1 тысяча 25").
- Numbers written only in words when they hold a hundred or a scale word, or a word of 100 or
  more ("three thousand", "sixty millions", "One hundred and five millions", "a thousand",
  "две тысячи", "сто", "zwei Millionen", "dreihunderttausend", "trois mille"): `words` is True.
  A bare small number word ("one", "two", "три", "ein") is NOT returned — in prose it is far
  more often an article or a pronoun than a figure — nor a scale word alone ("thousands of",
  "миллионы"), which states no number, unless the lexicon lists it under "alone" ("около
  миллиона", "тысяча рублей", "mille francs"). A word broken across a line end is not joined here.
- Split years and numeric dates ("1911/12", "12.03.1911": `tekser.seeds.dated`) are ONE token
  whose `value` is None and `date_like` is True: the dates reader reads them.
- A range "30—31 миллион" is two tokens ("30" and "31 миллион").
- A sum in a money form of the language ("1:234$567", `tekser.seeds.money`; garbled, value
  None), a fraction glyph alone or in superscript and subscript digits ("¾", "²/₃").
- "94 1/4" and "67⅛" are one token each. Where the locale groups with a comma (en), a comma
  not followed by three digits ends the number ("October 31,1886": 31 and 1886).

A language Babel has no locale for gives digit tokens only, each read only if plain digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from tekser.seeds.dated import date_end
from tekser.seeds.glyphs import lone_fractions
from tekser.seeds.grouping import grouped_after, spaces_group
from tekser.seeds.locales import APOSTROPHES, number_format, undetermined
from tekser.seeds.money import MoneyForm, glued, money_end, sign_of
from tekser.seeds.number_lexicons import alone_words, spaced_groups
from tekser.seeds.numbers import (
    _DIGIT_RUN,
    _DIGITS,
    _SPACE_RUN,
    _SPACES,
    _TEXT_WORD,
    NumberError,
    _key,
    _Lexicon,
    _lexicons_for,
    compound,
    read_number,
)
from tekser.seeds.prescan import (
    MIXED_FRACTION,
    Spanned,
    broken_words,
    digit_spans,
    glyph_end,
    spans_of,
    word_matches,
)
from tekser.seeds.text import clean_form
from tekser.seeds.word_pattern import word_pattern


@dataclass(frozen=True, slots=True)
class PrintedNumber:
    """A number of a text at code-point offsets [start, end); `value` is None when the reader
    cannot read it, or when the token is `date_like` (a split year "1911/12" or a numeric date
    "12.03.1911"). `words`: the number is written in words only ("three thousand")."""

    start: int
    end: int
    printed: str
    value: Decimal | None
    words: bool = False
    date_like: bool = False


# A word of a words-number: its kind in the lexicon, and whether it makes the number large
# enough to report (a hundred, a scale word, a number word of 100 or more, a compound of them).
_Kind = tuple[str, bool]
_SEQUENCE = frozenset({"add", "hundred", "scale", "fraction", "plus", "connector", "compound"})
_MAX_WORDS = 16  # the longest run of number words tried as one number


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What `find_numbers` looks for, in every lexicon of a language tag."""

    scales: dict[str, Decimal]  # scale words by multiplier
    dotted: frozenset[str]  # scale words written with a dot ("тыс.")
    years: frozenset[str]  # year words: the number before one is a year
    stops: frozenset[str]  # year and unit words: the number before one stands alone
    typed_space_groups: bool  # a typed space between digit groups joins them
    apostrophe_groups: bool
    comma_groups: bool  # OCR "165, 000, 000"
    lexicons: tuple[_Lexicon, ...]
    words: re.Pattern[str] | None  # a word made of the lexicons' words
    kinds: dict[str, _Kind]  # single words by key
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # multi-word forms and their kind
    alone: frozenset[str]  # scale words that state their number alone ("тысяча", "mille")
    money: tuple[MoneyForm, ...]  # sums with the currency sign inside ("1:234$567")
    raised: frozenset[str]  # decimal points of the old print ("4·8")
    decimal: str  # the language's decimal mark ("" for several languages)


def _lexicons(language: str) -> tuple[_Lexicon, ...]:
    try:
        return _lexicons_for(language)
    except NumberError:
        return ()


@lru_cache(maxsize=32)
def _vocabulary(language: str) -> _Vocabulary:
    lexicons = _lexicons(language)
    words = [(k, kind, v) for lexicon in lexicons for k, (kind, v) in lexicon.words.items()]
    years = frozenset(k for lexicon in lexicons for k in lexicon.years)
    units = {k for k, kind, _ in words if kind == "unit"}
    units |= {p[0][0] for lexicon in lexicons for p in lexicon.phrases if p[1] == "unit"}
    scales = {k: v for k, kind, v in words if kind == "scale"}
    dotted = frozenset(k for lexicon in lexicons for k in lexicon.dotted)
    kinds: dict[str, _Kind] = {}
    for key, kind, value in words:
        strong = kind in ("hundred", "scale") or (kind == "add" and value >= 100)
        kinds.setdefault(key, (kind, strong))
    phrases = {(parts, kind) for lexicon in lexicons for parts, kind, _ in lexicon.phrases}
    cldr = None if undetermined(language) else number_format(language)
    return _Vocabulary(
        scales=scales,
        dotted=dotted,
        years=years,
        stops=years | units,
        typed_space_groups=(cldr.space_groups if cldr else undetermined(language))
        or any(spaced_groups(lexicon.code) for lexicon in lexicons),
        apostrophe_groups=cldr is not None and cldr.apostrophe_groups,
        comma_groups=cldr is not None and cldr.comma_groups,
        lexicons=lexicons,
        words=word_pattern(lexicons),
        kinds=kinds,
        phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
        alone=frozenset(_key(form) for lexicon in lexicons for form in alone_words(lexicon.code)),
        money=tuple(dict.fromkeys(form for lexicon in lexicons for form in lexicon.money)),
        raised=frozenset(mark for lexicon in lexicons for mark in lexicon.raised),
        decimal=lexicons[0].decimal_mark if len(lexicons) == 1 else "",
    )


def for_text(vocabulary: _Vocabulary, text: str) -> _Vocabulary:
    """The vocabulary for `text`: no typed-space groups where `grouping.spaces_group` says."""
    if vocabulary.typed_space_groups and not spaces_group(text, vocabulary.decimal):
        return replace(vocabulary, typed_space_groups=False)
    return vocabulary


def _next_word(text: str, position: int, vocabulary: _Vocabulary) -> tuple[str, int]:
    """The word after `position` and past whitespace, as lexicons compare it, and where it
    ends (with its dot if it is an abbreviation); a unit sign counts as a word; ("", position)
    when none follows."""
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


_OCR_GROUP = re.compile(r", [0-9]{3}(?![0-9])")
_OCR_GROUPS = re.compile(r"(?:, ?[0-9]{3}(?![0-9]))*")


def _numeral_end(text: str, start: int, vocabulary: _Vocabulary) -> tuple[int, bool]:
    """Where the digits from `start` end, over their digit groups and decimal mark, and
    whether they are plain digit groups (no dot, no comma)."""
    end, marks = _end(_DIGIT_RUN, text, start), ""
    first = end - start
    if vocabulary.comma_groups and first <= 3:
        ocr = _end(_OCR_GROUPS, text, end)
        if _OCR_GROUP.search(text, end, ocr) and text.count(",", end, ocr) >= 2:
            end, marks = ocr, ","
            if text[end : end + 1] == "." and text[end + 1 : end + 2] in _DIGITS:
                return _end(_DIGIT_RUN, text, end + 1), False
            return end, False
    while end + 1 < len(text) and text[end + 1] in _DIGITS:
        mark, run_end = text[end], _end(_DIGIT_RUN, text, end + 1)
        if mark in vocabulary.raised and not marks:
            return run_end, False  # "4·8": a raised decimal point ends the number
        if mark in _SPACES or mark in APOSTROPHES:
            if mark in APOSTROPHES and not vocabulary.apostrophe_groups:
                break
            if mark == " " and not vocabulary.typed_space_groups:
                break
            if marks.strip() or run_end - end != 4 or (not marks and first > 3):
                break
            if _next_word(text, run_end, vocabulary)[0] in vocabulary.years:
                break  # "5 933 года": a year followed by its word is just the year
            if grouped_after(text, run_end, vocabulary.decimal):
                break  # a number, then another grouped with a point
            mark = " "
        elif mark not in ".,":
            break
        elif mark == "," and vocabulary.comma_groups and (run_end - end != 4 or first > 3):
            break  # a comma that groups no digits: "October 31,1886", "the act of 1878,29,…"
        elif run_end - end != 4 or (marks and marks[-1] != mark):
            return run_end, False  # a decimal mark ends the number's digits
        marks, end = marks + mark, run_end
    return end, not marks.strip()


def _digit_numbers(text: str, language: str, vocabulary: _Vocabulary) -> list[PrintedNumber]:
    """The numbers holding ASCII digits, with the scale words that follow them, every digit
    run read in full (`_digit_token`)."""
    return [
        PrintedNumber(start, end, text[start:end], None, date_like=True)
        if dated
        else PrintedNumber(
            start, end, text[start:end], _value(text, start, end, language, vocabulary)
        )
        for start, end, dated in _every_digit_run(text, vocabulary)
    ]


def _digit_token(text: str, start: int, vocabulary: _Vocabulary) -> tuple[int, bool]:
    """Where the number holding the digits at `start` ends, and whether it is date-like: the
    body of `_digit_numbers`' loop for one run."""
    if text[start - 1 : start] not in _DIGITS and (dated := date_end(text, start)) > start:
        return dated, True
    if vocabulary.money and (money := money_end(text, start, vocabulary.money)) > start:
        return money, False  # "1:234$567", or a garbled sum: one token
    end, plain = _numeral_end(text, start, vocabulary)
    end = glyph_end(text, end) if plain else end  # "67⅛", "3 ½"
    mixed = MIXED_FRACTION.match(text, end) if plain else None
    if mixed is not None and int(mixed[1]) < int(mixed[2]):
        return mixed.end(), False  # "94 1/4": a whole number and a fraction, one number
    word, word_end = _next_word(text, end, vocabulary)
    while word in vocabulary.scales:
        end, last_scale = word_end, vocabulary.scales[word]
        after = _end(_SPACE_RUN, text, end)
        if not plain or text[after : after + 1] not in _DIGITS:
            break
        next_end, plain = _numeral_end(text, after, vocabulary)
        digits = "".join(c for c in text[after:next_end] if c in _DIGITS)
        word, word_end = _next_word(text, next_end, vocabulary)
        multiplier = vocabulary.scales.get(word, Decimal(1))
        fits = multiplier < last_scale and Decimal(digits) * multiplier < last_scale
        if not plain or word in vocabulary.stops or not fits:
            break
        end = end if word in vocabulary.scales else next_end
    return end, False


def _value(
    text: str, start: int, end: int, language: str, vocabulary: _Vocabulary
) -> Decimal | None:
    """The value of the digits token at [start, end); None for a sum in a money form glued to
    a letter or a stray mark of the scan (`tekser.seeds.money.glued`)."""
    printed = text[start:end]
    if sign_of(printed, vocabulary.money) is not None and glued(text, start):
        return None
    return _read(printed, language)


def _read(printed: str, language: str) -> Decimal | None:
    try:
        return read_number(printed, language)
    except NumberError:
        return None


_GAP = re.compile(r"\s*(?:-\s*)?")


def _word_numbers(
    text: str, language: str, vocabulary: _Vocabulary, taken: Iterable[Spanned]
) -> list[PrintedNumber]:
    """The numbers written only in words (see the module docstring), outside `taken`."""
    if vocabulary.words is None:
        return []
    found: list[PrintedNumber] = []
    run: list[tuple[int, int, str, _Kind]] = []
    spans = iter(taken)
    span = next(spans, None)
    for start, stop, key in _candidates(text, language, vocabulary.words):
        while span is not None and span.end <= start:
            span = next(spans, None)
        if span is not None and span.start < stop:
            continue  # inside a number holding digits
        if run:
            gap = text[run[-1][1] : start]
            joined = _GAP.fullmatch(gap) is not None and "\n\n" not in gap
            if gap[:1] == "." and run[-1][3][0] == "part":  # "p. cent", "v. H."
                joined = _GAP.fullmatch(gap[1:]) is not None
            if not joined:
                found.extend(_read_run(text, language, vocabulary, run))
                run = []
        stop += key in vocabulary.dotted and text[stop : stop + 1] == "."
        run.append((start, stop, key, _classify(key, language)))
    found.extend(_read_run(text, language, vocabulary, run))
    return found


_BROKEN = re.compile(r"[^\W\d_]+-[ \t]*\r?\n[ \t]*[^\W\d_]+")


def _candidates(text: str, language: str, words: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """The number words of `text` in order (start, end, key): the pattern's matches, and the
    words broken across a line end ("ты-\nсяч") that are number words once joined; a match
    inside a broken word that is not one ("Ста-\nлинге") is no number word."""
    joined = broken_words(text, _BROKEN)
    broken = [(m.start(), m.end(), _key(clean_form(m.group()))) for m in joined]
    index = 0
    for match in word_matches(text, words):
        while index < len(broken) and broken[index][1] <= match.start():
            if _classify(broken[index][2], language)[0] != "part":
                yield broken[index]
            index += 1
        if index < len(broken) and broken[index][0] < match.end():
            continue
        yield match.start(), match.end(), _key(match.group())
    for word in broken[index:]:
        if _classify(word[2], language)[0] != "part":
            yield word


@lru_cache(maxsize=4096)
def _classify(key: str, language: str) -> _Kind:
    """The kind of one word in the language's lexicons ("part" for a phrase part only)."""
    vocabulary = _vocabulary(language)
    if key in vocabulary.kinds:
        return vocabulary.kinds[key]
    for lexicon in vocabulary.lexicons:
        parts = compound(key, lexicon)
        if parts:
            strong = any(p.kind in ("hundred", "scale") or p.value >= 100 for p in parts)
            return "compound", strong or parts[0].kind == "fraction"
    return "part", False


def _read_run(
    text: str, language: str, vocabulary: _Vocabulary, run: list[tuple[int, int, str, _Kind]]
) -> list[PrintedNumber]:
    """The numbers of a run of number words: phrases first ("pour cent" is a unit, not a
    hundred), then the longest readable stretches that hold a strong word."""
    items: list[tuple[int, int, str, bool]] = []  # start, end, kind, strong
    index = 0
    while index < len(run):
        keys = tuple(item[2] for item in run[index:])
        for parts, kind in vocabulary.phrases:
            if keys[: len(parts)] == parts:
                items.append((run[index][0], run[index + len(parts) - 1][1], kind, False))
                index += len(parts)
                break
        else:
            start, end, _, (kind, strong) = run[index]
            items.append((start, end, kind, strong))
            index += 1
    found: list[PrintedNumber] = []
    begin = 0
    for stop in [i for i, item in enumerate(items) if item[2] not in _SEQUENCE] + [len(items)]:
        found.extend(_longest(text, language, vocabulary, items[begin:stop]))
        begin = stop + 1
    return found


def _longest(
    text: str, language: str, vocabulary: _Vocabulary, items: list[tuple[int, int, str, bool]]
) -> list[PrintedNumber]:
    found: list[PrintedNumber] = []
    first = 0
    while first < len(items):
        for last in range(min(len(items), first + _MAX_WORDS), first, -1):
            stretch = items[first:last]
            if stretch[0][2] in ("connector", "plus") or stretch[-1][2] == "connector":
                continue
            start, end = stretch[0][0], stretch[-1][1]
            lone = [i[2] for i in stretch] == ["scale"]
            if lone and _key(clean_form(text[start:end])) not in vocabulary.alone:
                continue
            if not any(item[3] for item in stretch):
                continue
            value = _read(text[start:end], language)
            if value is not None:
                found.append(PrintedNumber(start, end, text[start:end], value, words=True))
                first = last
                break
        else:
            first += 1
    return found


def find_numbers(text: str, language: str = "") -> list[PrintedNumber]:
    """Every number of `text`, in order, at code-point offsets, each as one token (see the
    module docstring): digits with their groups, decimal mark and scale words; numbers in
    words that hold a hundred or a scale word; split years and numeric dates (`date_like`,
    value None). Values are `read_number`'s in `language`, None when unreadable. The tokens
    of `_find_numbers_slow`, with pre-scans (`tekser.seeds.prescan`) for speed."""
    language = language.strip()
    vocabulary = for_text(_vocabulary(language), text)
    digits = [
        PrintedNumber(start, end, text[start:end], None, date_like=True)
        if dated
        else PrintedNumber(
            start, end, text[start:end], _value(text, start, end, language, vocabulary)
        )
        for start, end, dated in _digit_runs(text, vocabulary)
    ]
    digits = _with_fractions(text, digits, language)
    words = _word_numbers(text, language, vocabulary, digits)
    if not words:
        return digits
    return sorted([*digits, *words], key=lambda number: number.start)


def money_sign_at(printed: str, language: str) -> int:
    """Where the sign of a money form of `language` stands inside `printed` ("1:234$567": 5),
    the sign that names the sum's unit; -1 when there is none."""
    form = sign_of(printed, _vocabulary(language.strip()).money)
    return -1 if form is None else printed.index(form.sign)


def number_spans(text: str, language: str = "") -> list[tuple[int, int]]:
    """Where `find_numbers` finds each number, (start, end) in order, without reading digits'
    values: what coverage needs, for every number of an archive."""
    vocabulary = for_text(_vocabulary(language.strip()), text)
    digits = [(start, end) for start, end, _ in _digit_runs(text, vocabulary)]
    if fractions := lone_fractions(text, digits):
        digits = sorted([*digits, *fractions])
    taken = spans_of(digits) if vocabulary.words else iter(())
    words = _word_numbers(text, language.strip(), vocabulary, taken)
    return sorted([*digits, *((n.start, n.end) for n in words)]) if words else digits


def _with_fractions(text: str, digits: list[PrintedNumber], language: str) -> list[PrintedNumber]:
    """`digits` with the fractions printed as glyphs alone among them (`tekser.seeds.glyphs`)."""
    fractions = lone_fractions(text, [(n.start, n.end) for n in digits])
    if not fractions:
        return digits
    alone = [PrintedNumber(a, b, text[a:b], _read(text[a:b], language)) for a, b in fractions]
    return sorted([*digits, *alone], key=lambda number: number.start)


def _digit_runs(text: str, vocabulary: _Vocabulary) -> Iterator[tuple[int, int, bool]]:
    marks = [form.sign for form in vocabulary.money] + [*vocabulary.raised.difference(APOSTROPHES)]
    if any(mark in text for mark in marks):  # marks no pre-scan knows: "1:234$567", "4·8"
        return _every_digit_run(text, vocabulary)
    return digit_spans(text, vocabulary.scales, lambda at: _digit_token(text, at, vocabulary))


def _every_digit_run(text: str, vocabulary: _Vocabulary) -> Iterator[tuple[int, int, bool]]:
    """(start, end, date_like) of every number holding digits, each digit run read in full."""
    position = 0
    for match in re.finditer("[0-9]+", text):
        if (start := match.start()) >= position:
            if _money_first(text, start, vocabulary):
                start -= 1  # "$500": the sum from its sign
            position, dated = _digit_token(text, start, vocabulary)
            yield start, position, dated


def _money_first(text: str, start: int, vocabulary: _Vocabulary) -> bool:
    """The digits at `start` end a sum that its money sign opens ("$500", not "R$500")."""
    sign = start - 1
    if sign < 0 or not any(text[sign] == form.sign for form in vocabulary.money):
        return False
    before = text[sign - 1 : sign]
    return not before.isalnum() and money_end(text, sign, vocabulary.money) > sign


def _find_numbers_slow(text: str, language: str = "") -> list[PrintedNumber]:
    """`find_numbers` the plain way, every digit run through the full reading: the reference
    the fast path is tested against."""
    language = language.strip()
    vocabulary = for_text(_vocabulary(language), text)
    digits = _with_fractions(text, _digit_numbers(text, language, vocabulary), language)
    words = _word_numbers(text, language, vocabulary, digits)
    if not words:
        return digits
    return sorted([*digits, *words], key=lambda number: number.start)
