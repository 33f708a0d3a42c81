"""Month names, year words and date patterns of any language, from the field's libraries:
CLDR through Babel (month names in their format and stand-alone forms, wide and abbreviated,
and the order of day, month and year in a long date) and dateparser's language data (the
inflected and abbreviated month names and the words for "year" it reads in 200 locales).

A drafting lexicon keeps what is print convention (Roman months, "г.", "жылы", fiscal years,
names with years); the month alternations of its patterns and the date patterns of a language
with no lexicon are built here, once per language."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_SKELETONS = ("yMMMMd", "yMMMd", "yMMMM", "yMMM")
_FIELD = re.compile(r"'([^']*)'|(d{1,2}|[ML]{3,5}|y+|E+|[^'dMLyE]+)")


def _locale(language: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _dateparser_info(language: str) -> dict[str, Any]:
    if not re.fullmatch(r"[a-z]{2,3}", language):
        return {}
    try:
        module = importlib.import_module(f"dateparser.data.date_translation_data.{language}")
    except ImportError:
        return {}
    info = getattr(module, "info", {})
    return info if isinstance(info, dict) else {}


def _letters(name: str) -> int:
    return sum(c.isalpha() for c in name)


@lru_cache(maxsize=64)
def month_forms(language: str) -> dict[int, tuple[str, ...]]:
    """Lexicon forms of each month of `language` (a primary subtag): whole words ("januar$"),
    an abbreviation also with its dot ("janv.$"); empty for a language neither library has."""
    names: dict[int, set[str]] = {}
    locale = _locale(language)
    if locale is not None:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months.get(context, {}).get(width, {}).items():
                    names.setdefault(int(number), set()).add(str(name))
    info = _dateparser_info(language)
    for number, key in enumerate(_MONTHS, start=1):
        for name in info.get(key) or []:
            if isinstance(name, str):
                names.setdefault(number, set()).add(name)
    forms: dict[int, tuple[str, ...]] = {}
    for number, found in names.items():
        words: set[str] = set()
        for name in found:
            bare = name.strip().rstrip(".")
            if _letters(bare) < 3 or not all(c.isalpha() or c in " -'" for c in bare):
                continue
            words.add(bare.casefold() + "$")
            if name.strip().endswith(".") or bare.casefold() != name.casefold().strip():
                words.add(bare.casefold() + ".$")
        if words:
            forms[number] = tuple(sorted(words))
    return forms


@lru_cache(maxsize=64)
def year_words(language: str) -> tuple[str, ...]:
    """The words for "year" that dateparser reads in `language` (two letters or more)."""
    words = _dateparser_info(language).get("year") or []
    return tuple(
        sorted({f"{w.casefold()}$" for w in words if isinstance(w, str) and _letters(w) >= 2})
    )


def _pattern(skeleton: str) -> str:
    """A CLDR date pattern ("d. MMMM y", "y 'ж'. d MMMM") as a lexicon date pattern: a
    literal word of the pattern ('г', 'ж', 'de') and the dot after it are optional."""
    tokens: list[tuple[str, str]] = []  # (kind, text): field, literal, separator
    for match in _FIELD.finditer(skeleton):
        quoted, field = match.group(1), match.group(2)
        if quoted is not None:
            if quoted:
                tokens.append(("literal", quoted))
        elif field[0] in "dMLy":
            tokens.append(("field", field))
        elif not field.startswith("E"):
            tokens.append(("separator", re.sub(r"\s+", " ", field.replace("\u202f", " "))))
    pieces: list[str] = []
    for index, (kind, text) in enumerate(tokens):
        if kind == "literal":
            after = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
            dot = "\\.?" if after[0] == "separator" and after[1].startswith(".") else ""
            pieces.append(f"(?:\\s*{re.escape(text)}{dot})?")
        elif kind == "field":
            pieces.append(
                "{day}(?:\\.|-?[^\\W\\d_]{1,3}\\.?)?"
                if text.startswith("d")
                else "{month}"
                if text[0] in "ML"
                else "{year}"
            )
        else:
            before = tokens[index - 1] if index else ("", "")
            if before[0] == "literal" and text.startswith("."):
                text = text[1:]
            after = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
            if after[0] == "literal":
                text = text.rstrip()
            pieces.append(
                "".join(
                    " " if c == " " else (re.escape(c) + "?" if c in ".,/-" else re.escape(c))
                    for c in text
                )
            )
    return re.sub(r"(?: |,\?|\\\.\?)+$", "", "".join(pieces)).lstrip()


@lru_cache(maxsize=64)
def library_dates(language: str) -> tuple[dict[str, str], ...]:
    """Date patterns of `language` from CLDR's long dates (day, month and year; month and
    year) in the lexicon's format, and the year ranges and split years every language
    prints alike; empty when CLDR does not know the language."""
    locale = _locale(language)
    if locale is None:
        return ()
    found: list[dict[str, str]] = []
    seen: set[str] = set()
    for skeleton in _SKELETONS:
        text = locale.datetime_skeletons.get(skeleton)
        if text is None:
            continue
        pattern = _pattern(str(text))
        if pattern in seen or "{year}" not in pattern or "{month}" not in pattern:
            continue
        seen.add(pattern)
        precision = "day" if "{day}" in pattern else "month"
        found.append(
            {
                "id": f"{language}-cldr-{skeleton.casefold()}",
                "pattern": pattern,
                "precision": precision,
            }
        )
    found.append(
        {
            "id": f"{language}-split-year",
            "pattern": "{year}\\s*/\\s*(?P<yy>[0-9]{1,2}(?![0-9]))",
            "precision": "split-year",
        }
    )
    found.append(
        {
            "id": f"{language}-year-range",
            "pattern": "{year}\\s*[–—-]\\s*{year2}",
            "precision": "years",
        }
    )
    return tuple(found)
