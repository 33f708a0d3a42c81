"""The number lexicons as the reader holds them: ``lexicons/numbers/<language>.json`` (number,
scale and fraction words, connectors, unit words, year words, money forms) and
``lexicons/scales.json`` (the ``figures.scale`` vocabulary), read and checked once per
language. Reading a token with them is `tekser.seeds.numbers`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from tekser.core.errors import TekserError
from tekser.seeds.money import MoneyForm, money_forms
from tekser.seeds.text import clean_form


@dataclass(frozen=True, slots=True)
class _Lexicon:
    code: str
    decimal_mark: str
    words: dict[str, tuple[str, Decimal]]  # normalised word -> (kind, value)
    phrases: tuple[tuple[tuple[str, ...], str, Decimal], ...]  # longest first
    prefixes: dict[str, Decimal]
    years: frozenset[str]
    dotted: frozenset[str]  # scale words whose lexicon form is an abbreviation ending in "."
    teen_words: bool  # 11..19 are single words, so nothing is added to 10
    alone_denominators: bool = False  # a denominator alone is one part ("треть" is 1/3)
    apostrophe_groups: bool = False  # the locale groups digits with an apostrophe
    comma_groups: bool = False  # the locale groups with a comma: "165, 000, 000" in an OCR copy
    money: tuple[MoneyForm, ...] = ()  # sums with the currency sign inside: "1:234$567"
    raised: frozenset[str] = frozenset()  # the old print's decimal points: "4·8", OCR "4'8"
    comma_thousands: bool = False  # the old print grouped with a comma: "4,817" is 4817


def _key(form: str) -> str:
    """A word as lexicons compare it: NFC, case-folded, ё as е, without one final dot."""
    key = unicodedata.normalize("NFC", form).casefold().replace("ё", "е")
    return key[:-1] if len(key) > 1 and key.endswith(".") else key


def _json(name: str) -> dict[str, Any]:
    """A lexicon file of the package as a JSON object (decimals as Decimal, never float)."""
    resource: Traversable = files("tekser") / "lexicons" / name
    try:
        data = json.loads(resource.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise TekserError(f"lexicon {name} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise TekserError(f"lexicon {name}: not a JSON object")
    return data


def _forms(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(f, str) and f.strip() for f in value):
        raise TekserError(f"lexicon {name}: expected a list of words, got {value!r}")
    return value


def _valued(data: dict[str, Any], section: str, name: str) -> list[tuple[Decimal, list[str]]]:
    """A section mapping values, or names of scales.json, to lists of words."""
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise TekserError(f"lexicon {name}: “{section}” must map values to lists of words")
    try:
        keys = [_scales()[k] if k in _scales() else Decimal(k) for k in table]
    except InvalidOperation:
        raise TekserError(f"lexicon {name}: a key of “{section}” is not a value") from None
    return [(key, _forms(forms, name)) for key, forms in zip(keys, table.values(), strict=True)]


@lru_cache(maxsize=1)
def _scales() -> dict[str, Decimal]:
    table: dict[str, Decimal] = {}
    for scale, multiplier in _json("scales.json").items():
        if type(multiplier) is not int or multiplier < 1:
            raise TekserError(f"lexicon scales.json: “{scale}” is not a positive integer")
        table[scale] = Decimal(multiplier)
    return table


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    folder = files("tekser") / "lexicons" / "numbers"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@lru_cache(maxsize=16)
def _lexicon(code: str) -> _Lexicon:
    """The lexicon of one language, checked: no word with two meanings."""
    name = f"numbers/{code}.json"
    data = _json(name)
    if data.get("language") != code or data.get("decimal_mark") not in (",", "."):
        raise TekserError(f"lexicon {name}: needs “language”: “{code}” and a decimal_mark")
    sections = {"numbers": "add", "fractions": "fraction", "added_fractions": "plus"}
    sections |= {"scales": "scale", "group_multipliers": "hundred"}
    sections |= {"denominators": "denominator"}
    entries = [(k, v, f) for s, k in sections.items() for v, f in _valued(data, s, name)]
    for section, kind in (("connectors", "connector"), ("units", "unit")):
        entries.append((kind, Decimal(0), _forms(data.get(section, []), name)))
    words: dict[str, tuple[str, Decimal]] = {}
    phrases: list[tuple[tuple[str, ...], str, Decimal]] = []
    dotted: set[str] = set()
    for kind, value, forms in entries:
        for form in forms:
            parts = tuple(_key(clean_form(part)) for part in form.split())
            if len(parts) > 1:
                phrases.append((parts, kind, value))
            elif words.setdefault(parts[0], (kind, value)) != (kind, value):
                raise TekserError(f"lexicon {name}: “{form}” is listed with two meanings")
            elif form.endswith(".") and kind == "scale":
                dotted.add(parts[0])
    if any(v >= 1000 for kind, v in words.values() if kind == "add"):
        raise TekserError(f"lexicon {name}: a number word of 1000 or more belongs in “scales”")
    prefixes = {_key(f): v for v, forms in _valued(data, "fraction_prefixes", name) for f in forms}
    return _Lexicon(
        code=code,
        decimal_mark=data["decimal_mark"],
        words=words,
        phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
        prefixes=prefixes,
        years=frozenset(_key(f) for f in _forms(data.get("year_words", []), name)),
        dotted=frozenset(dotted),
        teen_words=("add", Decimal(11)) in words.values(),
        alone_denominators=data.get("denominator_alone") is True,
        money=money_forms(data.get("money"), name),
        raised=_raised(data.get("raised_decimal_marks", []), name),
        comma_thousands=data.get("comma_thousands") is True,
    )


def _raised(marks: Any, name: str) -> frozenset[str]:
    """A lexicon's “raised_decimal_marks”: single marks that are no digit, letter or space."""
    if not isinstance(marks, list) or not all(
        isinstance(m, str) and len(m) == 1 and not (m.isalnum() or m.isspace()) for m in marks
    ):
        raise TekserError(f"lexicon {name}: “raised_decimal_marks” must be a list of marks")
    return frozenset(marks)


def spaced_groups(code: str) -> bool:
    """The lexicon says its language's old print grouped with a space (de: "64 925 993")."""
    return code in _languages() and _json(f"numbers/{code}.json").get("space_groups") is True


def alone_words(code: str) -> list[str]:
    """The lexicon's “alone” list: scale words that state their number without a number word
    ("тысяча рублей", "mille francs"), unlike a plural ("thousands of", "тысячи людей")."""
    if code not in _languages():
        return []
    forms = _json(f"numbers/{code}.json").get("alone", [])
    if not isinstance(forms, list) or not all(isinstance(form, str) for form in forms):
        raise TekserError(f"lexicon numbers/{code}.json: “alone” must be a list of words")
    return forms
