"""Counted nouns: the noun right after a number names what it counts — in Russian a NOUN by
pymorphy3 (past adjectives), its lemma; in German a capitalised word; in English and French a
plural word; in Swedish any word the lexicon does not stop; in Kazakh the word past the case
endings the lexicon lists. The lemma comes from simplemma for the languages pymorphy3 does not
read (Segelschiffe → Segelschiff), English keeps its plural (teachers), and the unit is the
lemma made ASCII (anyascii) and slugged. A word in capitals (a table's label), a place's name
(CLDR's territories) is none; the head of a compound that the lexicon knows gives its unit
(Fabrikarbeiter, Dutchmen: persons), and an English people's name (Italians) is persons."""

from __future__ import annotations

import re
from functools import lru_cache

from tekser.authoring.drafting.lexicon import WORD, Entry, Lexicon, fold
from tekser.authoring.drafting.units import UnitReading, _locales, counted_parse, slug, stopped

# a word that opens with l and a consonant no word of these languages opens with: a capital I
# that the OCR read as l ("lnhabitants"), looked up with its I
_OCR_CAPITAL_I = re.compile("l[bcdfgkmnpqrstvwxz]")
_VOWEL = re.compile("[aeiouyäöüåéèêëàâîïôûæøœ]")
# how the infinitive, the dictionary form of a verb, ends in the languages simplemma reads:
# a lemma that ends so is a verb, never a counted noun
_INFINITIVE_ENDINGS = {"pl": ("ć",)}
# "of these" and the like between a number and what it counts ("40 of these wagons")
_PARTITIVE = {
    "en": frozenset(
        {("of", "these"), ("of", "those"), ("of", "the"), ("of", "such"), ("of", "their")}
    ),
    "fr": frozenset({("de", "ces"), ("de", "leurs"), ("des", "les")}),
    "de": frozenset({("von", "den"), ("von", "diesen"), ("unter", "den")}),
}
# the languages whose older print capitalised common nouns, other than German (the language
# of simplemma's dictionary read for them)
_CAPITALISED_NOUNS = {"da": "da", "no": "nb", "nb": "nb", "nn": "nn"}
# the endings of a German adjective before its noun ("freie", "großen", "kleiner")
_GERMAN_ADJECTIVE = ("e", "en", "er", "es", "em")
# the endings of an adjective's plural cases, which a noun does not take: passed over to the
# noun they qualify
_ADJECTIVE_ENDINGS = {"pl": ("ych", "ich", "ymi", "imi")}


def _english_plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("ch", "sh", "x", "z")) else "s")


def _strip_endings(lexicon: Lexicon, word: str) -> str:
    endings = sorted(
        (stem for f in lexicon.case_suffixes for stem, _ in f.parts[:1] if len(stem) >= 2),
        key=len,
        reverse=True,
    )
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=32)
def _places(language: str) -> frozenset[str]:
    """The one-word names of territories and regions in `language` (CLDR): Brasilien, Asien —
    a place a number is set against in a table, never what it counts."""
    found: set[str] = set()
    for locale in _locales(language)[:1]:
        for name in locale.territories.values():
            words = WORD.findall(name)
            if len(words) == 1:
                found.add(fold(words[0]))
    return frozenset(found)


@lru_cache(maxsize=32)
def _peoples(language: str) -> frozenset[str]:
    """The words of CLDR's language names in `language` (Italian, Russian, Dutch): in English
    their plural names a people (Italians, Russians), counted as persons."""
    found: set[str] = set()
    for locale in _locales(language)[:1]:
        for name in locale.languages.values():
            found.update(fold(w) for w in WORD.findall(name) if len(w) >= 4)
    return frozenset(found)


@lru_cache(maxsize=4096)
def noun_lemma(language: str, word: str) -> str:
    """The dictionary form of a noun (simplemma) for the languages pymorphy3 does not read:
    Segelschiffe → Segelschiff, skolor → skola, écoles → école; the word as given when the
    library has no data for the language."""
    try:
        from simplemma import lemmatize
    except ImportError:  # pragma: no cover - a dependency; kept readable without it
        return word
    try:
        return str(lemmatize(word, lang=language))
    except ValueError:  # a language simplemma has no data for
        return word


@lru_cache(maxsize=4096)
def known_word(language: str, word: str) -> bool:
    """Whether simplemma's dictionary of `language` holds `word` (False when it has no data
    for the language)."""
    try:
        from simplemma import is_known
    except ImportError:  # pragma: no cover - a dependency; kept readable without it
        return False
    try:
        return bool(is_known(word, lang=language))
    except ValueError:  # a language simplemma has no data for
        return False


def _capital_noun(language: str, word: str) -> bool:
    """Whether a capitalised word is a common noun of a language whose older print capitalised
    its nouns (Danish and Norwegian before the 20th century: "120 Skoler"): one simplemma's
    dictionary knows whose dictionary form is written in lower case (a town's name keeps its
    capital: København)."""
    dictionary = _CAPITALISED_NOUNS.get(language)
    if dictionary is None or not known_word(dictionary, word):
        return False
    return noun_lemma(dictionary, word)[:1].islower()


def _head_entry(lexicon: Lexicon, word: str) -> Entry | None:
    """The lexicon unit that the head of a compound names (Fabrikarbeiter → arbeiter,
    Dutchmen → men, stadsinvånare → invånare), or None."""
    for start in range(3, len(word) - 2):
        tail = word[start:]
        if not _VOWEL.search(tail):
            continue  # an abbreviation (cts, km): not the head of a compound
        for entry in lexicon.units:
            if entry.match([tail], 0):
                return entry
    return None


def _misread(lexicon: Lexicon, word: str) -> tuple[Entry, str] | None:
    """The lexicon unit a word names once an OCR's usual misreadings are undone: a capital I
    read as l ("lnhabitants"), the long s of old print read as f ("fteamers"); or None."""
    readings = []
    if _OCR_CAPITAL_I.match(word):
        readings.append(("i" + word[1:], "a capital I"))
    if "f" in word:
        readings.append((word.replace("f", "s"), "a long s for its f"))
        readings.append(("s" + word[1:] if word[0] == "f" else word, "a long s for its f"))
    for reading, how in readings:
        entry = next((e for e in lexicon.units if e.match([reading], 0)), None)
        if entry is not None and reading != word:
            return entry, how
    return None


def _entry_reading(entry: Entry, length: int, reason: str) -> UnitReading:
    """The unit a lexicon entry names, as the reading of `length` words."""
    unit = entry.values["unit"]
    statistic = entry.values.get("statistic", "count")
    return UnitReading(unit, statistic, entry.values.get("measure", unit), length, reason)


def counted_noun(
    lexicon: Lexicon, after: list[tuple[str, str]], value_is_one: bool
) -> UnitReading | None:
    """The noun right after the number (`after`: folded and printed words), past adjectives
    in Russian, as a unit of `count`; None when the words are no counted noun. A word in
    capitals (a table's label) or a place's name is none; the head of a compound that the
    lexicon knows gives its unit (Fabrikarbeiter: persons)."""
    language = lexicon.language
    partitive = _PARTITIVE.get(language)
    if partitive and len(after) > 2 and tuple(w for w, _ in after[:2]) in partitive:
        found = counted_noun(lexicon, after[2:], value_is_one)  # "40 of these wagons"
        if found is not None:
            return UnitReading(
                found.unit,
                found.statistic,
                found.measure,
                found.length + 2,
                found.reason.replace("after it", "after it, past “of” and its article"),
            )
        return None
    for index, (word, printed) in enumerate(after[:3]):
        if stopped(lexicon, word) or len(word) < 2:
            return None
        if (printed.isupper() and len(printed) > 1) or word in _places(language):
            return None
        if language == "ru":
            if not re.fullmatch("[а-яё-]+", word) or printed[:1].isupper():
                return None  # a capital: a name (a place, a row's label), not a thing counted
            base, pos, grammemes = counted_parse(word)
            if pos in ("ADJF", "PRTF", "NUMR") and index < 2:
                continue  # an adjective before the noun: "120 сельских учителей"
            if pos != "NOUN" or grammemes & {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"}:
                return None
            name = base
        elif language == "de":
            if not printed[:1].isupper():
                if index == 0 and len(after) > 1 and word.endswith(_GERMAN_ADJECTIVE):
                    continue  # an adjective before the noun: "4 große Mühlen"
                return None
            name = noun_lemma(language, printed)
        elif language in ("en", "fr"):
            plural = word.endswith(("s", "x")) and not word.endswith("ss")
            plural = plural or (language == "en" and word.endswith("men") and len(word) > 3)
            if not plural and not value_is_one:
                if index == 0 and len(after) > 1:
                    continue  # one word before the noun: "120 new schools"
                return None
            name = _english_plural(word) if language == "en" else noun_lemma(language, word)
        elif not lexicon.case_suffixes:
            if printed[:1].isupper() and not _capital_noun(language, word):
                return None  # a name: these languages write a common noun in lower case
            if (
                index < 2
                and len(after) > index + 1
                and word.endswith(_ADJECTIVE_ENDINGS.get(language, ()))
            ):
                continue  # an adjective before the noun: "w 4 ostatnich latach"
            name = noun_lemma(_CAPITALISED_NOUNS.get(language, language), word)
            if name.endswith(_INFINITIVE_ENDINGS.get(language, ())):
                return None  # a verb ("ich 40 kupujemy": the number is its object)
        else:
            if printed[:1].isupper():
                return None  # a name: a common noun is written in lower case
            name = _strip_endings(lexicon, word)
        where = "after it" if index == 0 else f"{index + 1} words after it"
        if language == "en" and word.endswith("s") and word[:-1] in _peoples(language):
            return UnitReading(
                "persons",
                "count",
                "persons",
                index + 1,
                f"“{printed}” {where}: a people (CLDR names the language {word[:-1]}), persons",
            )
        misread = _misread(lexicon, word) if language != "ru" else None
        if misread is not None:
            entry, how = misread
            return _entry_reading(
                entry,
                index + 1,
                f"“{printed}” {where}: read with {how}, as the OCR may misread it, the "
                f"{entry.source} names it ({entry.values['unit']}); check it",
            )
        head = _head_entry(lexicon, word) if language != "ru" else None
        if head is not None:
            return _entry_reading(
                head,
                index + 1,
                f"counted noun “{printed}” {where}: a compound whose head the {head.source} "
                f"names ({head.values['unit']})",
            )
        unit = slug(name)
        if not unit:
            return None
        shown = "as printed" if fold(name) == word else f"lemma {name}"
        return UnitReading(
            unit,
            "count",
            unit,
            index + 1,
            f"counted noun “{printed}” {where} ({shown}: {unit}; no lexicon names it)",
        )
    return None
