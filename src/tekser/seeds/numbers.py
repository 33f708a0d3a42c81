"""The number reader: the value a printed number token states, in digits or in words.

The reader takes the language it is given (a BCP 47 tag, the figure's provenance language) and
never guesses across languages. The decimal mark of any locale comes from CLDR through Babel
(`tekser.seeds.locales`): "1.234.567,89" in de, "1 234,5" in fr, "123,456,789.01" in en, and so
in it, es, sv or any language Babel knows. Number words and scale words are not CLDR data: they
live in JSON lexicons, ``lexicons/numbers/<language>.json`` (en, ru, kk, de, fr) and
``lexicons/scales.json`` (the ``figures.scale`` vocabulary). Words compare case-insensitively,
``ё`` as ``е``, after `tekser.seeds.text.clean_form` (a word broken across a line end, or
hyphenated, is joined); a word the lexicon lacks may be a compound of its words
("dreihundertfünfzigtausend", "twenty-five", "quatre-vingt-un").

Digits. Groups of exactly three digits may follow a space (typed, no-break, narrow no-break or
thin), a dot or a comma, and an apostrophe where the locale groups so (de-CH "1'234'567"). A
mark that occurs more than once groups digits ("1.234.567"); of two different marks the last is
the decimal mark ("1 234,5", "1,234.5"). A single mark is the decimal mark when it is the
locale's own (the comma in de, fr, ru, kk; the dot in en), except a comma before exactly three
digits where the lexicon says the old print grouped so (ru "4,817"; "0,125" is a decimal);
the other mark groups thousands when
exactly three digits follow it and at most three precede it ("123.456" is 123456 in de, "1,234"
is 1234 in en) and is a decimal mark otherwise ("12.5" in ru). Where the locale groups with a
comma (en), an OCR copy's comma followed by a space groups too when at least two groups of
exactly three digits follow ("165, 000, 000"). A run of ASCII digits reads in any language.

Bad input: a language Babel has no locale for, a word the lexicon lacks (any word in a language
without a number lexicon), a token that is not one number raise NumberError, one line naming
the token and the language. Without a language ("" or "und") every lexicon is tried, and a
token they read differently is an error. A fraction glyph adds its part: "67⅛" is 67.125;
alone it is the fraction ("¾", "²/₃": `tekser.seeds.glyphs`). A sum with a currency sign inside
it reads by the language's money form (`tekser.seeds.money`: "1:234$567" in pt is 1234.567).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Context, Decimal, DecimalException, Inexact, InvalidOperation, localcontext
from fractions import Fraction
from functools import lru_cache

from tekser.core.errors import TekserError
from tekser.seeds.glyphs import glyph_value
from tekser.seeds.locales import APOSTROPHES, lexicon_language, number_format, undetermined
from tekser.seeds.money import MoneyForm, read_money, sign_of
from tekser.seeds.number_lexicons import (  # the lexicons' internals, shared with printed.py
    _json,
    _key,
    _languages,
    _Lexicon,
    _lexicon,
    _scales,
)
from tekser.seeds.text import clean_form

__all__ = ["NumberError", "_Lexicon", "_json", "_key", "_languages", "_lexicon"]


class NumberError(TekserError):
    """A printed token the reader cannot read; the message is one clear line."""


class _UnknownWord(NumberError):
    """A word that a lexicon does not hold; the message is the word alone."""


# Kinds of words: added to its group (add), multiplies in a group (hundred), closes a group
# (scale), starts a group (fraction), adds a fraction (plus), divides (denominator: two
# thirds), joins (connector), a unit (unit). "94 1/4": a whole number and a fraction (_MIXED).
_COUNTED = ("add", "hundred", "scale")
_EXACT = Context(prec=80, traps=[Inexact, InvalidOperation])
_MIXED = re.compile(r"([0-9]+)[ \u00a0]([1-9][0-9]?)/([1-9][0-9]?)")  # 94 1/4
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \u00a0\u202f\u2009")
_MINUS = frozenset("-\u2212")
_DIGIT_RUN = re.compile(r"[0-9]*")
_SPACE_RUN = re.compile(r"\s*")
_PIECE = re.compile(r"([0-9]+(?:(?:, |[., '\u2019\u00b7])[0-9]+)*)|([^\W\d_]+\.?)|( +)|(.)")
_RAISED = re.compile(r"([0-9]+)(.)([0-9]+)")  # "4·8": a decimal point of the old print
_OCR_GROUPS = re.compile(r"[0-9]{1,3}(?:, ?[0-9]{3}){2,}(?:\.[0-9]+)?")
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"
_TEXT_WORD = re.compile(rf"{_LETTERS}(?:-[ \t]*\r?\n[ \t]*{_LETTERS})?")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    value: Decimal
    raw: str


_SIGNS = {"%": ("unit", Decimal(0)), "‰": ("unit", Decimal(0))}  # units in every language


@lru_cache(maxsize=256)
def _lexicons_for(language: str) -> tuple[_Lexicon, ...]:
    """The lexicon a BCP 47 tag reads with: its primary language's number words with the
    decimal and group marks CLDR gives the whole tag ("de-CH" reads "1'234.5"); a lexicon
    without words for a language Babel knows but tekser has no number words for; every
    lexicon, each with its own language's marks and without its money forms, for an
    undetermined tag (""). NumberError when Babel has no locale for the tag."""
    if undetermined(language):  # a money form is read only in its own language
        return tuple(replace(_lexicon(code), money=()) for code in _languages())
    cldr = number_format(language)
    if cldr is None:
        raise NumberError(
            f"language “{language.strip()}” has no locale data (CLDR, through Babel, does not "
            "know it), so only plain digits can be read; give the figure's language as a BCP 47 "
            "tag such as en, ru or de"
        )
    primary, none = lexicon_language(language), frozenset[str]()
    if primary in _languages():
        lexicon = _lexicon(primary)
    else:
        lexicon = _Lexicon(primary, cldr.decimal, dict(_SIGNS), (), {}, none, none, True)
    apostrophes, commas = cldr.apostrophe_groups, cldr.comma_groups
    return (
        replace(
            lexicon, decimal_mark=cldr.decimal, apostrophe_groups=apostrophes, comma_groups=commas
        ),
    )


def scales() -> dict[str, Decimal]:
    """The scales of the `figures.scale` column (scales.json) by name: a fresh dict of exact
    integer multipliers, e.g. {"hundred": 100, "thousand": 1000, ...}."""
    return dict(_scales())


def scale_factor(scale: str) -> Decimal:
    """The multiplier of a `figures.scale` name; Decimal(1) for "" (no scale). An unknown name
    raises NumberError listing the known scales."""
    if scale == "" or scale in _scales():
        return _scales().get(scale, Decimal(1))
    known = f"known: {', '.join(_scales())}"
    raise NumberError(f"“{scale}” is not a scale tekser knows ({known})")


def read_number(printed: str, language: str = "") -> Decimal:
    """The value `printed` states, exactly: digits with their groups and decimal mark, number
    words, scale words and fraction words, a leading minus sign, and trailing unit words of
    the lexicon ("12,5 %", a percent word with a glued half prefix), which are ignored.

    `language` is a BCP 47 tag: CLDR gives its decimal mark, its primary subtag picks the
    number words ("ru-Latn" -> ru); an empty tag tries every lexicon. A run of ASCII digits is
    read in any language, without lexicons. Raises NumberError (one line, naming the token) for
    an empty token, a language Babel has no locale for, an unknown word, numbers that do not
    combine ("5 3", "пять 5"), or a token the lexicons read differently."""
    if printed.isascii() and printed.isdigit():
        return Decimal(printed)
    return _read_cached(printed, language.strip())


@lru_cache(maxsize=65536)
def _read_cached(printed: str, language: str) -> Decimal:
    shown = clean_form(unicodedata.normalize("NFC", printed))
    if not shown:
        raise NumberError("the printed number is empty")
    if (glyph := glyph_value(shown)) is not None:  # "¾", "²/₃" alone
        return glyph
    if (mixed := _MIXED.fullmatch(shown)) and int(mixed[2]) < int(mixed[3]):
        return Decimal(mixed[1]) + _fraction(Decimal(mixed[2]), Decimal(mixed[3]))
    body, negative = shown, False
    if len(body) > 1 and body[0] in _MINUS and body[1] in _DIGITS:
        body, negative = body[1:], True
    # (digits?, text): runs of digits, words and single other characters, not spaces
    pieces = [(m.lastindex == 1, m.group()) for m in _PIECE.finditer(body) if m.lastindex != 3]
    try:
        lexicons = _lexicons_for(language)
    except NumberError as exc:
        raise NumberError(f"“{shown}” cannot be read: {exc}") from None
    readings: dict[Decimal, list[str]] = {}
    unknown: list[str] = []
    errors: list[NumberError] = []
    for lexicon in lexicons:
        try:
            with localcontext(_EXACT):  # the minus too: the default context rounds to 28 digits
                form = sign_of(body, lexicon.money)
                value = (
                    _parse(_tokens(pieces, lexicon, shown), lexicon, shown)
                    if form is None
                    else _money(body, form, shown)
                )
                readings.setdefault(-value if negative else value, []).append(lexicon.code)
        except _UnknownWord as exc:
            unknown.append(str(exc))
        except NumberError as exc:
            errors.append(exc)
        except DecimalException:
            errors.append(NumberError(f"“{shown}” has too many digits to read exactly"))
    if len(readings) > 1:
        ways = " or ".join(f"{value} ({', '.join(codes)})" for value, codes in readings.items())
        raise NumberError(f"“{shown}” reads as {ways}; give the figure's language")
    if readings:
        return next(iter(readings))
    if errors:
        raise errors[0]
    codes = ", ".join(lexicon.code for lexicon in lexicons)
    if len(lexicons) == 1 and lexicons[0].code not in _languages():
        codes += ": tekser has no number words for this language, only its digits"
    if len(set(unknown)) == 1:
        raise NumberError(f"“{unknown[0]}” is not a number word tekser knows ({codes})")
    raise NumberError(f"“{shown}” mixes words that no one lexicon knows together ({codes})")


def _money(body: str, form: MoneyForm, shown: str) -> Decimal:
    """A sum with its currency sign inside (`tekser.seeds.money`), in the sign's unit."""
    value = read_money(body, form)
    if value is None:
        raise NumberError(
            f"“{shown}” holds the money sign “{form.sign}” but is not a sum in its form "
            f"(such as 1{form.major or ''}234{form.sign}{'567'[: form.digits[0]]})"
        )
    return value


def _where(raw: str, shown: str) -> str:
    return f"“{raw}”" if raw == shown else f"“{raw}” in “{shown}”"


def _read_digits(raw: str, lexicon: _Lexicon, shown: str) -> Decimal:
    """A run of digits with group and decimal marks (see the module docstring)."""
    if any(mark in raw for mark in lexicon.raised):
        raised = _RAISED.fullmatch(raw)
        if raised is None or raised[2] not in lexicon.raised:
            raise NumberError(f"{_where(raw, shown)}: a raised decimal point ends the number")
        return Decimal(f"{raised[1]}.{raised[3]}")
    if "\u00b7" in raw:
        raise NumberError(f"{_where(raw, shown)} is two numbers that do not combine")
    if ", " in raw:
        if not (lexicon.comma_groups and _OCR_GROUPS.fullmatch(raw)):
            raise NumberError(f"{_where(raw, shown)} is two numbers that do not combine")
        raw = raw.replace(", ", ",")
    if any(mark in raw for mark in APOSTROPHES):
        if not lexicon.apostrophe_groups:
            why = f"the apostrophe does not group digits in {lexicon.code}"
            raise NumberError(f"{_where(raw, shown)}: {why}")
        raw = "".join(" " if c in APOSTROPHES else c for c in raw)
    decimal_mark = lexicon.decimal_mark
    runs = re.split(r"[., ]", raw)
    marks = [c for c in raw if c in "., "]
    last, decimal = (marks or [" "])[-1], False
    if last != " " and marks.count(last) == 1:
        own = last == decimal_mark and not (
            last == "," and lexicon.comma_thousands and runs[0][:1] != "0"
        )  # "1,580" groups where the old print grouped with a comma; "0,125" is decimal
        decimal = len(marks) > 1 or own or len(runs[-1]) != 3 or len(runs[0]) > 3
    group_marks = marks[:-1] if decimal else marks
    groups = runs[: len(group_marks) + 1]
    if len(set(group_marks)) > 1:
        raise NumberError(f"{_where(raw, shown)} mixes two kinds of digit group marks")
    if group_marks and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        if group_marks[0] == " ":
            raise NumberError(f"{_where(raw, shown)} is two numbers that do not combine")
        raise NumberError(f"{_where(raw, shown)}: digit groups after the first have 3 digits")
    return Decimal("".join(groups) + ("." + runs[-1] if decimal else ""))


def _tokens(pieces: list[tuple[bool, str]], lexicon: _Lexicon, shown: str) -> list[_Token]:
    """The pieces of a token as the words of one lexicon: multi-word phrases first, then
    single words, a fraction prefix glued to a scale or unit word ("пол-" + a percent word), and a
    compound of two counted words ("twenty-five", which clean_form joins)."""
    tokens: list[_Token] = []
    index = 0
    while index < len(pieces):
        is_digits, raw = pieces[index]
        if is_digits:
            tokens.append(_Token("num", _read_digits(raw, lexicon, shown), raw))
            index += 1
            continue
        for parts, kind, value in lexicon.phrases:
            window = pieces[index : index + len(parts)]
            if [(False, p) for p in parts] == [(d, _key(w)) for d, w in window]:
                tokens.append(_Token(kind, value, " ".join(w for _, w in window)))
                index += len(parts)
                break
        else:
            tokens.extend(_word(raw, lexicon, shown))
            index += 1
    return tokens


def _word(raw: str, lexicon: _Lexicon, shown: str) -> list[_Token]:
    """A word (a sign, a fraction glyph) as one token, or a compound's tokens; else an error."""
    key = _key(raw)
    if key in lexicon.words:
        return [_Token(*lexicon.words[key], raw)]
    if len(key) == 1 and 0 < unicodedata.numeric(key, 1) < 1:  # a vulgar fraction: 67⅛
        ratio = Fraction(unicodedata.numeric(key)).limit_denominator(16).as_integer_ratio()
        return [_Token("plus", _fraction(*map(Decimal, ratio)), raw)]
    parts = compound(key, lexicon)
    if parts:
        return parts
    if not key[0].isalpha():
        raise NumberError(f"“{shown}” holds “{raw}”, which is not part of a number")
    raise _UnknownWord(raw)


_GLUED = frozenset({*_COUNTED, "plus", "connector", "denominator"})  # "zwei|einhalb"


def compound(key: str, lexicon: _Lexicon) -> list[_Token] | None:
    """A word the lexicon lacks (as `_key` gives it) read as words it holds, glued: a fraction
    prefix and a scale or unit word ("пол" + "миллиона"), or the fewest counted words, with
    joining words and added fractions inside ("twentyfive" after clean_form, "zweitausend",
    "dreihundertundzwanzig", "zweieinhalb"); None when it is no such compound."""
    for prefix, value in lexicon.prefixes.items():
        rest = lexicon.words.get(key[len(prefix) :]) if key.startswith(prefix) else None
        if rest is not None and rest[0] in ("scale", "unit"):
            return [_Token("fraction", value, prefix), _Token(*rest, key[len(prefix) :])]
    best: dict[int, list[_Token] | None] = {len(key): []}

    def split(at: int) -> list[_Token] | None:  # the fewest words that make key[at:]
        if at not in best:
            found: list[_Token] | None = None
            for cut in range(len(key) if at else len(key) - 1, at, -1):
                entry = lexicon.words.get(key[at:cut])
                if entry is None or entry[0] not in _GLUED:
                    continue
                # a joining word only inside the word, an added fraction never first
                if entry[0] == "connector" and not 0 < at < cut < len(key):
                    continue
                if entry[0] == "plus" and at == 0:
                    continue
                rest = split(cut)
                if rest is not None and (found is None or len(rest) + 1 < len(found)):
                    found = [_Token(*entry, key[at:cut]), *rest]
            best[at] = found
        return best[at]

    return split(0) if len(key) > 1 else None


def _limit_after(value: Decimal, lexicon: _Lexicon) -> Decimal:
    """The largest number word still added to a group ending in `value`: 99 after сто, 9 after
    двадцать, none after пять; after 10 none (teens are words), or 9 (kk он бес)."""
    if value != int(value) or (value < 20 and not (value == 10 and not lexicon.teen_words)):
        return Decimal(0)
    digits = str(int(value))
    return Decimal(10 ** (len(digits) - len(digits.rstrip("0"))) - 1)


def _fraction(parts: Decimal, denominator: Decimal) -> Decimal:
    """parts/denominator: 3/4 is 0.75; 2/3, which no decimal states, 0.6667 (four places)."""
    with localcontext(Context(prec=40)):
        part = parts / denominator
        return _tidy(part if part.quantize(Decimal("1e-12")) == part else round(part, 4))


def _tidy(value: Decimal) -> Decimal:
    """A product without decimal places it does not need (2.5 × 1000 is 2500, not 2500.0)."""
    return value.to_integral_value() if value == int(value) else value.normalize()


def _parse(tokens: list[_Token], lexicon: _Lexicon, shown: str) -> Decimal:
    """The value of a token sequence. A group (digits, or number words under 1000 with an
    optional group multiplier) is closed by a scale word; scales go from the largest down and
    each group stays below the scale before it; unit words may only end the token."""
    total, limit = Decimal(0), Decimal(999)
    group: Decimal | None = None
    multiplied = fractional = closed = in_units = False
    mode = ""  # "num" or "words": digits and number words are not mixed in one token
    last_scale: _Token | None = None
    previous: _Token | None = None

    def fail(token: _Token, why: str) -> NumberError:
        after = f"“{token.raw}” cannot follow “{previous.raw}”" if previous else f"“{token.raw}”"
        return NumberError(f"{after} in “{shown}”: {why}")

    for index, token in enumerate(tokens):
        kind, value = token.kind, token.value
        if kind == "unit":
            if previous is None:
                raise NumberError(f"“{shown}” names a unit but no number")
            in_units = True
        elif in_units or closed:
            raise fail(token, "nothing follows a unit or a fraction's scale word")
        elif kind in ("num", "add", "fraction"):
            if mode and mode != ("num" if kind == "num" else "words"):
                raise fail(token, "digits and number words do not mix")
            mode = "num" if kind == "num" else "words"
            if group is None:
                group, fractional = value, value != int(value)
                limit = _limit_after(value, lexicon) if kind == "add" else Decimal(0)
            elif kind == "add" and not fractional and value <= limit:
                group, limit = group + value, _limit_after(value, lexicon)
            else:
                raise fail(token, "two numbers that do not combine")
        elif kind == "hundred":
            if group is not None and (multiplied or group != int(group) or not 1 <= group < value):
                raise fail(token, f"it multiplies a number from 1 to {value - 1}")
            group, multiplied, limit = (group or 1) * value, True, value - 1
        elif kind == "scale":
            if last_scale is not None and value >= last_scale.value:
                previous = last_scale
                raise fail(token, "scale words go from the largest down")
            amount = _tidy((Decimal(1) if group is None else group) * value)
            if last_scale is not None and amount >= last_scale.value:
                raise fail(token, f"{amount} does not fit below “{last_scale.raw}”")
            total, closed, group, multiplied = total + amount, fractional, None, False
            limit, last_scale = Decimal(999), token
        elif kind == "denominator":
            if group is None and lexicon.alone_denominators:
                group = Decimal(1)
            if group is None or multiplied or fractional or group != int(group):
                raise fail(token, "a fraction's denominator follows a whole number of parts")
            total, closed, group = total + _fraction(group, value), True, None
        elif kind == "plus":
            if group is not None and not fractional:
                group, fractional, limit = group + value, True, Decimal(0)
            elif group is None and previous is not None and previous.kind == "scale":
                total, closed = total + _tidy(previous.value * value), True
            else:
                raise fail(token, "it adds a fraction to a number before it")
        else:  # connector
            following = tokens[index + 1].kind if index + 1 < len(tokens) else ""
            if previous is None or previous.kind not in ("hundred", "scale"):
                raise fail(token, "it joins a number to a hundred or a scale word")
            if following not in ("add", "num"):
                raise NumberError(f"“{token.raw}” in “{shown}” is not followed by a number")
        previous = token
    if group is not None:
        if last_scale is not None and group >= last_scale.value:
            raise NumberError(f"{group} does not fit below “{last_scale.raw}” in “{shown}”")
        total += group
    return total


def plain(number: Decimal) -> str:
    """A decimal as people write it: plain digits, no exponent, no trailing zeros after the
    point (12345000, 2.5; never 1.2345E+7)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
