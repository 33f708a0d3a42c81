"""How a language prints numbers, from CLDR through Babel: its decimal mark and its digit
group mark, for any locale Babel knows (a BCP 47 tag: "de", "de-CH", "fr", "sv", "kk-Cyrl").

The number reader (`tekser.seeds.numbers`) takes the decimal mark from here; number words and
scale words are not CLDR data and stay in `lexicons/numbers/<language>.json`. Answers are
computed once per tag (Babel is never asked per token).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from babel import Locale
from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

# Typed, no-break, narrow no-break and thin spaces; apostrophes (typed and typographic).
SPACES = " \u00a0\u202f\u2009"
APOSTROPHES = "'\u2019"
_UNDETERMINED = frozenset({"", "und", "mul", "zxx"})
# languages read with the lexicons of their macrolanguage: Norwegian Bokmål and Nynorsk (and
# the Dano-Norwegian print before them) share the number words and print words of `no`
_MACROLANGUAGES = {"nb": "no", "nn": "no"}


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """The number symbols of one locale.

    `decimal` is "." or "," (a CLDR symbol that is neither, such as the Arabic decimal
    separator, is read as "."). `group` is CLDR's group symbol as given. `space_groups`: the
    locale groups thousands with a space of some kind, so a typed space between digit groups
    joins them ("1 234 567" in fr, ru, sv). `apostrophe_groups`: the locale groups with an
    apostrophe ("1'234'567" in de-CH). `comma_groups`: the group mark is the comma, so an OCR
    copy's "165, 000, 000" may be read as one number.
    """

    locale: str
    decimal: str
    group: str
    space_groups: bool
    apostrophe_groups: bool
    comma_groups: bool


def undetermined(language: str) -> bool:
    """Whether `language` names no language ("", "und"): the reader then tries every lexicon."""
    return language.strip().casefold() in _UNDETERMINED


@lru_cache(maxsize=256)
def number_format(language: str) -> NumberFormat | None:
    """The number symbols of a BCP 47 tag: the whole tag's locale when Babel has it ("de-CH"),
    else its primary language's ("ru-Latn" -> ru); None when Babel has neither, or for an
    undetermined tag."""
    if undetermined(language):
        return None
    subtags = language.strip().replace("_", "-").split("-")
    subtags[0] = subtags[0].casefold()
    locale = None
    for candidate in ("_".join(subtags), subtags[0]):
        try:
            locale = Locale.parse(candidate)
            break
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    if locale is None:
        return None
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    decimal = decimal if decimal in ".," else "."
    return NumberFormat(
        locale=str(locale),
        decimal=decimal,
        group=group,
        space_groups=group.isspace() or group in SPACES,
        apostrophe_groups=group in APOSTROPHES,
        comma_groups=group == ",",
    )


def has_locale(language: str) -> bool:
    """Whether Babel knows how `language` prints numbers (see `number_format`)."""
    return number_format(language) is not None


def lexicon_language(language: str) -> str:
    """The language whose lexicons a BCP 47 tag reads with: its primary subtag, or the
    macrolanguage that subtag belongs to when tekser's lexicons are the macrolanguage's
    ("nb-NO", "nn" -> "no")."""
    primary = language.strip().replace("_", "-").split("-", 1)[0].casefold()
    return _MACROLANGUAGES.get(primary, primary)


def has_number_words(language: str) -> bool:
    """Whether tekser reads numbers written in words in `language` (it ships a number-word
    lexicon for the tag's primary language, or its macrolanguage)."""
    return lexicon_language(language) in _lexicon_languages()


@lru_cache(maxsize=1)
def _lexicon_languages() -> frozenset[str]:
    folder = files("tekser") / "lexicons" / "numbers"
    return frozenset(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))
