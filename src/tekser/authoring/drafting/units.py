"""Units from the words after (or the sign before) a number, read with the field's libraries.

- Currencies: the symbols and names of CLDR (through Babel) in the figure's language — a
  symbol before or after the number ("$", "£", "€", "₽"), a name or its head word after it
  ("dollars", "рублей"). A symbol or a head word shared by several currencies takes the
  currency of the language's territory (CLDR's likely subtags: en → US, so "$" is US dollars),
  else the one current and in use in the most territories; still tied, none is guessed. The
  unit is CLDR's English plural name slugged (`us-dollars`, `russian-rubles`).
- Physical units and percent: CLDR's unit display names in every width and plural form of the
  language's locales (`{0} километров`, `{0} Prozent`), a reverse map built once; the unit is
  CLDR's English long plural slugged (`kilometers`, `percent`); the metric tonne is `tonnes`
  (CLDR's international English name: American "metric tons" reads as a short or long ton).
- Russian words are compared by their lemma too (pymorphy3), so every case form is known.
- Counted nouns: the noun right after the number — in Russian a NOUN by pymorphy3 (past
  adjectives), its lemma; in German a capitalised word; in English and French a plural word;
  in Kazakh the word past the case endings the lexicon lists — made ASCII (anyascii) and
  slugged: `teachers`, `uchitel`. Words the lexicon's `not_units`, months, year words and
  statistics words list never become units.

The drafting lexicon (`lexicons/draft/<language>.json`, and a package's `lexicon/<language>.json`)
comes first: it keeps what no library has (archival units, historical currencies, the words
for people counted) and what CLDR maps oddly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tekser.authoring.drafting.lexicon import WORD, Form, Lexicon, fold, shipped_languages
from tekser.seeds.locales import lexicon_language

_SKIPPED_UNITS = re.compile(
    r"^duration-(?!(?:year|month|week|day|hour)$)|"  # a duration counts years … hours
    r"^(?:digital|graphics|angle|light|temperature|frequency|magnetic|electric|"
    r"acceleration|consumption|pressure|speed|torque|force)-|-jp$|"
    r"^(?:length-(?:rin|sun|shaku-.*|ken|point|parsec|astronomical-unit|earth-radius|"
    r"solar-radius|light-year)|area-cho|volume-(?:kosaji|osaji|shaku|sai|koku|drop|pinch|"
    r"jigger)|mass-(?:fun|dalton|earth-mass|solar-mass|slug|carat|grain)|"
    r"concentr-(?!percent$|permille$).*|energy-(?!kilowatt-hour$).*)$"
)
_PERCENT = {"concentr-percent": "percent", "concentr-permille": "per-mille"}
# units whose American English name would be read as another unit: CLDR's en_001 name instead
_RENAMED = {"mass-tonne": "tonnes"}
# CLDR's codes in X that are currencies of countries; the others name metals (XAG "silver",
# XAU "gold"), units of account and test codes, never the money of a text
_X_CURRENCIES = frozenset({"XAF", "XOF", "XPF", "XCD"})


def _money(code: str) -> bool:
    return not code.startswith("X") or code in _X_CURRENCIES


@dataclass(frozen=True, slots=True)
class UnitReading:
    """What the words say of a number: its unit, statistic, measure, how many words after
    the number they take, and the reason shown to the author."""

    unit: str
    statistic: str
    measure: str
    length: int
    reason: str


def slug(text: str) -> str:
    """ASCII (anyascii), lower case, runs of anything else as one hyphen."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).casefold().replace("'", "")).strip("-")


# -- CLDR through Babel --------------------------------------------------------------------


@lru_cache(maxsize=32)
def _locales(language: str) -> tuple[Any, ...]:
    """The CLDR locales of `language`: its own first, then its regional variants (en_001,
    es_419: the other spellings of a language, "kilometres")."""
    from babel import Locale, UnknownLocaleError, localedata

    try:
        main = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return ()
    others = [
        Locale.parse(i)
        for i in localedata.locale_identifiers()
        if i.split("_")[0] == language and len(i.split("_")) == 2 and i.split("_")[1].isdigit()
    ]
    return (main, *others)


def has_locale_data(language: str) -> bool:
    return bool(_locales(language))


@lru_cache(maxsize=32)
def territory(language: str) -> str:
    """The territory of a language by CLDR's likely subtags (en → US, kk → KZ), or ""."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(language, ""))
    parts = [p for p in likely.split("_")[1:] if p.isupper() or p.isdigit()]
    return parts[-1] if parts else ""


@lru_cache(maxsize=1)
def _currency_use() -> tuple[Counter[str], frozenset[str]]:
    """How many territories ever used each currency, and which are legal tender today."""
    from babel.core import get_global

    spread: Counter[str] = Counter()
    current: set[str] = set()
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            spread[code] += 1
            if end is None and tender:
                current.add(code)
    return spread, frozenset(current)


@lru_cache(maxsize=32)
def _home_currencies(language: str) -> frozenset[str]:
    from babel.numbers import get_territory_currencies

    place = territory(language)
    if not place:
        return frozenset()
    return frozenset(
        get_territory_currencies(
            place, start_date=date(1700, 1, 1), end_date=date.today(), tender=True
        )
    )


def _choose(language: str, codes: set[str]) -> tuple[str, str]:
    """One currency of several (and why), or ("", "") when CLDR cannot tell them apart."""
    if len(codes) == 1:
        return next(iter(codes)), ""
    home = codes & _home_currencies(language)
    if len(home) == 1:
        code = next(iter(home))
        return code, f"the currency of {language}'s territory {territory(language)}"
    spread, current = _currency_use()
    pool = (home or codes) & current or (home or codes)
    ranked = sorted(pool, key=lambda c: -spread[c])
    if len(ranked) > 1 and spread[ranked[0]] == spread[ranked[1]]:
        return "", ""
    return ranked[0], "the current currency in use in the most territories"


@lru_cache(maxsize=256)
def currency_unit(code: str) -> str:
    from babel.numbers import get_currency_name

    return slug(get_currency_name(code, count=2, locale="en"))


@lru_cache(maxsize=32)
def _adjectives(language: str) -> frozenset[str]:
    """The words of the territory and language names of `language`, folded, and the
    five-letter openings (with "…") of the longer ones."""
    found: set[str] = set()
    for locale in _locales(language)[:1]:
        for name in [*locale.territories.values(), *locale.languages.values()]:
            words = [fold(w) for w in WORD.findall(name) if len(w) >= 3]
            found.update(words)
            found.update(f"{w[:5]}…" for w in words if len(w) >= 6)  # the openings
    return frozenset(found)


def _adjective(word: str, names: frozenset[str]) -> bool:
    """Whether a word of a currency's name is its country's (a territory or language name, or
    a word of six letters or more opening as one does: Russian, russischer, российский)."""
    return word in names or (len(word) >= 6 and f"{word[:5]}…" in names)


_LINKING = 3  # a word this short inside a currency's name links its words (an article, "of")


@lru_cache(maxsize=32)
def currency_names(language: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded word sequences (a whole CLDR name, or its head word, and Russian lemmas of
    them) → (currency code, why it is that one when the word is shared)."""
    candidates: dict[tuple[str, ...], set[str]] = {}
    adjectives = _adjectives(language)
    for locale in _locales(language):
        names: list[tuple[str, str]] = list(locale.currencies.items())
        for code, forms in locale._data["currency_names_plural"].items():
            names += [(code, form) for form in forms.values()]
        for code, name in names:
            if "(" in name or any(c.isdigit() for c in name) or not _money(code):
                continue  # "Russian ruble (1991–1998)": a period's name, not a word of texts
            words = tuple(fold(w) for w in WORD.findall(name))
            if not words:
                continue
            candidates.setdefault(words, set()).add(code)
            for at, word in enumerate(words):
                if 0 < at < len(words) - 1 and len(word) <= _LINKING:
                    continue  # "der" of "Mark der DDR": a linking word names no currency alone
                if language == "ru" and _parse(word)[1] in ("ADJF", "ADJS", "PRTF"):
                    continue  # "новый" of a new shekel names no currency alone
                if len(word) >= 3 and not _adjective(word, adjectives):
                    candidates.setdefault((word,), set()).add(code)
                    candidates.setdefault((lemma(language, word),), set()).add(code)
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    for words, codes in candidates.items():
        code, why = _choose(language, codes)
        if code:
            found[words] = (code, why)
    return found


@lru_cache(maxsize=32)
def currency_signs(language: str) -> dict[str, tuple[str, str]]:
    """The currency symbols that are no word ("$", "£", "US$") in the language's locales
    (every territory's: "$" is also en_AU's dollar) → (currency code, why it is that one when
    the symbol is shared)."""
    from babel import Locale, localedata

    if not _locales(language):
        return {}
    by_symbol: dict[str, set[str]] = {}
    for name in localedata.locale_identifiers():
        if name.split("_")[0] != language:
            continue
        for code, symbol in Locale.parse(name).currency_symbols.items():
            if not _money(code):
                continue
            if symbol and not symbol.isalpha() and not symbol.isdigit() and symbol != code:
                by_symbol.setdefault(symbol, set()).add(code)
    found: dict[str, tuple[str, str]] = {}
    for symbol, codes in by_symbol.items():
        code, why = _choose(language, codes)
        if code:
            found[symbol] = (code, why)
    return found


@lru_cache(maxsize=1)
def _world_signs() -> dict[str, frozenset[str]]:
    """Each one-character currency sign ("$", "₽") → the currencies that print it, over the
    main locale of every language CLDR has (read once, about a second)."""
    from babel import Locale, localedata

    found: dict[str, set[str]] = {}
    for name in localedata.locale_identifiers():
        if "_" not in name:
            for code, symbol in Locale.parse(name).currency_symbols.items():
                if len(symbol) == 1 and not symbol.isalnum() and _money(code):
                    found.setdefault(symbol, set()).add(code)
    return {symbol: frozenset(codes) for symbol, codes in found.items()}


@lru_cache(maxsize=32)
def unit_names(language: str) -> dict[tuple[str, ...], str]:
    """Folded word sequences of CLDR's unit display forms of `language` (every width and
    plural form; one-letter abbreviations left out) → the unit slug (CLDR's English plural)."""
    return _unit_forms(language)[0]


@lru_cache(maxsize=32)
def unit_abbreviations(language: str) -> frozenset[tuple[str, ...]]:
    """The keys of `unit_names` that only CLDR's short and narrow widths print ("in", "yrs",
    "Std"): abbreviations, which a word of the text may spell by chance."""
    return _unit_forms(language)[1]


@lru_cache(maxsize=32)
def _unit_forms(language: str) -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]:
    from babel import Locale

    english = Locale.parse("en")._data["unit_display_names"]
    found: dict[tuple[str, ...], str] = {}
    long: set[tuple[str, ...]] = set()
    for locale in _locales(language):
        for unit_id, widths in locale._data["unit_patterns"].items():
            if _SKIPPED_UNITS.search(unit_id):
                continue
            name = (
                _PERCENT.get(unit_id)
                or _RENAMED.get(unit_id)
                or slug(english.get(unit_id, {}).get("long", ""))
            )
            if not name:
                continue
            for width, forms in widths.items():
                for count, pattern in forms.items():
                    if count == "per" or "{0}" not in pattern:
                        continue
                    words = tuple(fold(w) for w in WORD.findall(pattern.replace("{0}", " ")))
                    if not words or (width != "long" and sum(map(len, words)) < 2):
                        continue
                    keys = [words]
                    if len(words) == 1:
                        keys.append((lemma(language, words[0]),))
                    for key in keys:
                        found.setdefault(key, name)
                        if width == "long":
                            long.add(key)
    return found, frozenset(k for k in found if k not in long)


# -- Russian morphology (pymorphy3) ----------------------------------------------------------


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=4096)
def _parse(word: str) -> tuple[str, str, frozenset[str]]:
    """The lemma, part of speech and grammemes of a Russian word's likeliest reading."""
    parsed = _morph().parse(modern(word))[0]
    return str(parsed.normal_form), str(parsed.tag.POS or ""), frozenset(parsed.tag.grammemes)


# the letters of the old Russian orthography that pymorphy3 does not know, as spelt today
# (a folded word has the decimal i as a Latin i)
_MODERN = str.maketrans({"i": "и", "і": "и", "ѣ": "е", "ѳ": "ф", "ѵ": "и"})


def modern(word: str) -> str:
    """A Russian word of the old orthography as spelt today (зданiй → зданий), for
    pymorphy3; a word of another script as given."""
    if not re.search("[а-яё]", word):
        return word
    return word.translate(_MODERN)


@lru_cache(maxsize=4096)
def counted_parse(word: str) -> tuple[str, str, frozenset[str]]:
    """The likeliest reading of a Russian word after a number: its first reading, unless that
    is no noun while a noun in the genitive is among the readings ("стали": a past of стать
    first, the genitive of сталь too) — after a number the noun is the likely one."""
    first = _parse(word)
    if first[1] == "NOUN":
        return first
    for parsed in _morph().parse(modern(word))[1:]:
        if parsed.tag.POS == "NOUN" and "gent" in parsed.tag and parsed.score >= _NOUN_SCORE:
            return str(parsed.normal_form), "NOUN", frozenset(parsed.tag.grammemes)
    return first


_NOUN_SCORE = 0.1  # a reading pymorphy3 gives less weight than this is not taken


def lemma(language: str, word: str) -> str:
    if language != "ru" or not re.search("[а-яё]", word):
        return word
    return _parse(word)[0]


# -- reading -------------------------------------------------------------------------------


def named_unit(
    language: str, words: list[str], stop: Callable[[str], bool] | None = None
) -> UnitReading | None:
    """A CLDR currency or unit named by the words from the start of `words` (longest first).
    A unit's abbreviation that is also a word `stop` knows ("in" is inches only in tables)
    names none."""
    if not words:
        return None
    currencies, units = currency_names(language), unit_names(language)
    short = unit_abbreviations(language)
    for size in (3, 2, 1):
        if len(words) < size:
            continue
        key = tuple(words[:size])
        keys = [key, tuple(lemma(language, w) for w in key)]
        for probe in keys:
            if probe in currencies:
                code, why = currencies[probe]
                unit = currency_unit(code)
                chosen = f"; {why}" if why else ""
                if probe in units:
                    chosen += f"; also the unit {units[probe]}: check which"
                return UnitReading(
                    unit,
                    "amount",
                    unit,
                    size,
                    f"currency “{' '.join(key)}” after it (CLDR {language}: {code}{chosen})",
                )
            if probe in units and not (probe in short and stop is not None and stop(probe[0])):
                unit = units[probe]
                statistic = "share" if unit in ("percent", "per-mille") else "amount"
                return UnitReading(
                    unit,
                    statistic,
                    unit,
                    size,
                    f"unit “{' '.join(key)}” after it (CLDR {language})",
                )
    return None


def sign_reading(language: str, sign: str, where: str) -> UnitReading | None:
    """A CLDR currency symbol right `where` ("before", "after") the number: the language's
    own, unless it is another territory's currency while the sign is also that of others
    elsewhere ("$" in French: fr_CA's, and the US's) — then chosen among them all."""
    found = currency_signs(language).get(sign)
    if found is None or (found[0] not in _home_currencies(language) and len(sign) == 1):
        codes = set(_world_signs().get(sign, ())) | ({found[0]} if found else set())
        code, why = _choose(language, codes) if codes else ("", "")
        if not code:
            return None
        if len(codes) > 1:
            others = ", ".join(sorted(codes - {code})[:4])
            why = f"{why or 'its'} (also the sign of {others}…)"
        found = code, why
    code, why = found
    unit = currency_unit(code)
    chosen = f"; “{sign}” is shared: read as {why}" if why else ""
    return UnitReading(
        unit,
        "amount",
        unit,
        0,
        f"currency sign “{sign}” {where} it (CLDR {language}: {code}{chosen})",
    )


def stopped(lexicon: Lexicon, word: str) -> bool:
    forms: list[Form] = [*lexicon.not_units, *lexicon.year_words, *lexicon.abbreviations]
    forms += [f for group in lexicon.months.values() for f in group]
    forms += [f for group, _, _ in lexicon.seasons for f in group]
    forms += [f for entry in lexicon.statistics for f in entry.forms]
    return any(f.matches([word], 0) for f in forms if len(f.parts) == 1)


def language_notes(tags: list[str], root: Path | None = None) -> list[str]:
    """One line for each language of `tags` that draft cannot read in full: no drafting
    lexicon (shipped, or the package's `lexicon/<language>.json` under `root`), no CLDR
    locale data, or no language at all — naming what is not proposed for it."""
    notes: list[str] = []
    for primary in dict.fromkeys(t.split("-")[0].casefold() for t in tags if t):
        if primary in ("und", "mul", "zxx", ""):
            notes.append(
                f"no language given ({primary!r}): units other than signs, organisations, "
                "statistics words and dates are not proposed; give --language"
            )
            continue
        lexicon = lexicon_language(primary) in shipped_languages() or (
            root is not None and (root / "lexicon" / f"{primary}.json").is_file()
        )
        cldr = has_locale_data(primary)
        if not lexicon and not cldr:
            notes.append(
                f"no drafting lexicon and no CLDR locale data for {primary!r}: units, "
                "currencies, organisations and statistics words are not proposed, only "
                "numbers of digits are read"
            )
        elif not lexicon:
            notes.append(
                f"no drafting lexicon for {primary!r}: units other than signs and CLDR "
                "currency and unit names, counted nouns, people, archival units, "
                f"organisations and statistics words are not proposed (add lexicon/{primary}"
                ".json to the package)"
            )
        elif not cldr:
            notes.append(
                f"no CLDR locale data for {primary!r}: currencies and units come from the "
                "drafting lexicon only"
            )
    return notes
