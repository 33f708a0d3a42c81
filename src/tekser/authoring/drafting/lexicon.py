"""Drafting lexicons: the words and patterns of `tekser draft`, per language, as data.

tekser ships `lexicons/draft/<language>.json`; a package extends them with its own
`lexicon/<language>.json` (same schema, `schemas/lexicon.schema.json`), whose entries come
first. A file that does not match the schema is a TekserError naming the file and the place.

The libraries read what they know for any language (units.py: CLDR currency symbols and names,
unit names and percent through Babel, Russian lemmas through pymorphy3; dates.py: month names
through CLDR and dateparser); a lexicon holds only what they lack, and is tried first:

- `units`: words (stems; `$` the whole word; a trailing dot an abbreviation, the whole word)
  or signs after a number, with the unit slug, measure and statistic they give — archival
  units (десятина, verst, arshin), historical currencies (Mark, francs, сом), the people counted
  (men, жителей, адам → persons); `"subunit": true` marks a currency's hundredths (cents,
  коп.), read into the amount before them; `"subunit": "96 danish-rigsdaler, 16 marks"` a
  subunit that is no hundredth, with how many make each currency it divides;
- `not_units`: words after a number that never name what it counts (articles, prepositions,
  "year"): no counted noun is proposed from them; a language without them (and not Russian,
  which pymorphy3 reads) gets no counted nouns;
- `organisations`, `measures`, `statistics`: the words of a clause that give a figure's
  organisation, measure (and a share's base), and statistic;
- the date sections (`months`, `seasons`, `dates` …) and `exclusions`: see the schema.

A package adds a language tekser has no lexicon for by writing `lexicon/<language>.json` with
`"language"` and the sections it needs, e.g. `{"language": "it", "units": [{"words":
["abitant"], "unit": "persons", "statistic": "count"}], "not_units": ["anni$", "di$"]}`; draft
then says no more that the language has no lexicon.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError, UnsafePathError
from tekser.core.limits import exceeded, limits
from tekser.package.paths import inside, json_depth, read_bounded
from tekser.seeds.locales import lexicon_language

# a letter: no digit, and no superscript or subscript either (a note mark glued to a word,
# "persons²", is no part of it)
_LETTER = "[^\\W\\d_\u00b2\u00b3\u00b9\u2070-\u209f]"
WORD = re.compile(f"{_LETTER}+(?:[-']{_LETTER}+)*")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z_0-9]*)\}")
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}


# the letters of an old orthography as today's (pre-1918 Russian ѣ ѳ ѵ, the long s of Fraktur
# and of 18th-century print), so one lexicon word reads both spellings
_OLD_LETTERS = str.maketrans({"ё": "е", "і": "i", "ѣ": "е", "ѳ": "ф", "ѵ": "и", "ſ": "s"})
_HARD_SIGN_END = re.compile(r"ъ(?![^\W\d_])")  # pre-reform words end in ъ: "пудовъ", "болѣе"


def fold(word: str) -> str:
    """A word as lexicons compare it: NFC, case-folded, ё as е, Cyrillic і as Latin i, the
    letters of an old orthography as today's and the hard sign ending a word dropped."""
    folded = unicodedata.normalize("NFC", word).casefold().translate(_OLD_LETTERS)
    return _HARD_SIGN_END.sub("", folded) if "ъ" in folded else folded


@dataclass(frozen=True, slots=True)
class Form:
    """One form of an entry: stems of consecutive words (a trailing '$': the whole word), or a
    sign (no letters)."""

    parts: tuple[tuple[str, bool], ...]
    sign: str = ""

    @classmethod
    def parse(cls, text: str) -> Form:
        if not any(c.isalpha() for c in text):
            return cls((), text.strip())
        parts = []
        for piece in text.split():
            stem = piece.rstrip("$")
            exact = piece.endswith("$") or stem.endswith(".")  # "руб.": the whole word "руб"
            parts.append((fold(stem.rstrip(".") or stem), exact))
        return cls(tuple(parts))

    def matches(self, words: list[str], index: int) -> bool:
        """Whether the folded `words` from `index` on begin with this form."""
        if not self.parts or index + len(self.parts) > len(words):
            return False
        for (stem, exact), word in zip(self.parts, words[index:], strict=False):
            if not (word == stem if exact else word.startswith(stem)):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry of a word list: its forms and what it says (unit, organisation, statistic …)."""

    forms: tuple[Form, ...]
    values: dict[str, str]
    source: str  # "ru lexicon", "package lexicon/ru.json"

    def match(self, words: list[str], index: int) -> int:
        """The number of words a form matches at `index` (longest), 0 if none."""
        return max((len(f.parts) for f in self.forms if f.matches(words, index)), default=0)

    @property
    def signs(self) -> tuple[str, ...]:
        return tuple(f.sign for f in self.forms if f.sign)

    def label(self, words: list[str], index: int) -> str:
        return " ".join(words[index : index + max(1, self.match(words, index))])


@dataclass(frozen=True, slots=True)
class DatePattern:
    id: str
    regex: re.Pattern[str]
    precision: str
    language: str


@dataclass(frozen=True, slots=True)
class ExclusionPattern:
    id: str
    regex: re.Pattern[str]
    category: str
    reason: str
    language: str


@dataclass(slots=True)
class Lexicon:
    """The drafting words of one language, compiled."""

    language: str
    units: list[Entry] = field(default_factory=list)
    organisations: list[Entry] = field(default_factory=list)
    measures: list[Entry] = field(default_factory=list)
    statistics: list[Entry] = field(default_factory=list)
    months: dict[int, list[Form]] = field(default_factory=dict)
    seasons: list[tuple[list[Form], str, str]] = field(default_factory=list)
    fiscal_years: list[tuple[list[Form], str]] = field(default_factory=list)
    halves: dict[int, list[Form]] = field(default_factory=dict)
    dates: list[DatePattern] = field(default_factory=list)
    exclusions: list[ExclusionPattern] = field(default_factory=list)
    date_position: str = "nearest"
    from_words: list[Form] = field(default_factory=list)
    to_words: list[Form] = field(default_factory=list)
    abbreviations: list[Form] = field(default_factory=list)
    case_suffixes: list[Form] = field(default_factory=list)
    ordinal_suffixes: list[Form] = field(default_factory=list)
    year_words: list[Form] = field(default_factory=list)
    name_words: list[Form] = field(default_factory=list)  # nouns a year names (loan of 1866)
    not_units: list[Form] = field(default_factory=list)  # words that never name a unit

    def month_of(self, text: str) -> int | None:
        return _lookup(self.months, text)

    def half_of(self, text: str) -> int | None:
        return _lookup(self.halves, text)

    def season_of(self, text: str) -> tuple[str, str] | None:
        words = _words(text)
        for forms, start, end in self.seasons:
            if any(f.matches(words, 0) for f in forms):
                return start, end
        return None


def _words(text: str) -> list[str]:
    return [fold(w) for w in WORD.findall(re.sub(r"-[ \t]*\r?\n[ \t]*", "", text))]


def _lookup(table: dict[int, list[Form]], text: str) -> int | None:
    words = _words(text)
    for key, forms in table.items():
        if any(f.matches(words, 0) for f in forms):
            return key
    return None


def any_form(forms: list[Form], word: str) -> bool:
    return any(f.matches([fold(word)], 0) for f in forms if len(f.parts) == 1)


# -- loading -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (files("tekser") / "schemas" / "lexicon.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def _read(text: str, name: str) -> dict[str, Any]:
    """A lexicon file's JSON, checked against the schema (one-line TekserError if not)."""
    import jsonschema

    depth = json_depth(text.encode("utf-8"))
    if depth > limits().depth:  # refused before parsing: json.loads recurses once a level
        raise TekserError(
            f"lexicon {name}: {exceeded('its nesting', depth, limits().depth, 'depth')}"
        )
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TekserError(f"lexicon {name}: not valid JSON ({exc})") from None
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
        raise TekserError(f"lexicon {name} does not match its schema at {where}: {message}")
    if not isinstance(data, dict):  # the schema says so; for the type checker
        raise TekserError(f"lexicon {name}: not a JSON object")
    return data


def shipped_languages() -> tuple[str, ...]:
    folder = files("tekser") / "lexicons" / "draft"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


@lru_cache(maxsize=16)
def _shipped(language: str) -> dict[str, Any]:
    resource = files("tekser") / "lexicons" / "draft" / f"{language}.json"
    return _read(resource.read_text(encoding="utf-8"), f"draft/{language}.json")


def load(language: str, extra: Path | None = None, *, root: Path | None = None) -> Lexicon | None:
    """The lexicon of `language` (a primary subtag), tekser's (its macrolanguage's for nb and
    nn, `lexicon_language`) extended by the package file `extra` when it exists; None when
    neither exists. `extra` is a file of the package at
    `root` (by default the folder above `extra`'s, as in `<package>/lexicon/<language>.json`):
    one that leaves the package, or is not a regular file, or is larger than the
    `document-bytes` limit is refused (TekserError), unread."""
    layers: list[tuple[dict[str, Any], str]] = []
    text = _package_lexicon(extra, root) if extra is not None else None
    if extra is not None and text is not None:
        layers.append((_read(text, str(extra)), f"package lexicon/{language}.json"))
    shipped = lexicon_language(language)  # nb and nn read with no.json
    if shipped in shipped_languages():
        layers.append((_shipped(shipped), f"{shipped} lexicon"))
    if not layers:
        return None
    for data, name in layers:
        if data["language"] not in (language, shipped):
            raise TekserError(
                f"lexicon {name}: “language” is {data['language']!r}, not {language!r}"
            )
    return _compile(language, layers)


def _package_lexicon(extra: Path, root: Path | None) -> str | None:
    """The text of a package's lexicon file, None when there is none."""
    base = root if root is not None else extra.parent.parent
    where = "lexicon"
    if not extra.is_relative_to(base):
        raise UnsafePathError(f"{where}: {extra} is not a file of the package and is refused")
    relative = extra.relative_to(base)
    path = inside(base, relative, where=where)
    if not path.exists():
        return None
    data = read_bounded(
        path,
        shown=relative.as_posix(),
        where=where,
        limit=limits().document_bytes,
        limit_name="document-bytes",
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TekserError(f"lexicon {extra}: cannot be read ({exc})") from None


def _entries(layers: list[tuple[dict[str, Any], str]], section: str) -> list[Entry]:
    found = []
    for data, name in layers:
        for item in data.get(section, []):
            values = {
                k: ("yes" if v else "") if isinstance(v, bool) else v
                for k, v in item.items()
                if k != "words"
            }
            found.append(Entry(tuple(Form.parse(w) for w in item["words"]), values, name))
    return found


def _compile(language: str, layers: list[tuple[dict[str, Any], str]]) -> Lexicon:
    lexicon = Lexicon(language)
    lexicon.units = _entries(layers, "units")
    lexicon.organisations = _entries(layers, "organisations")
    lexicon.measures = _entries(layers, "measures")
    lexicon.statistics = _entries(layers, "statistics")

    def forms(section: str) -> list[Form]:
        return [Form.parse(w) for data, _ in layers for w in data.get(section, [])]

    for section in (
        "from_words",
        "to_words",
        "abbreviations",
        "case_suffixes",
        "ordinal_suffixes",
        "year_words",
        "name_words",
        "not_units",
    ):
        setattr(lexicon, section, forms(section))
    for data, _ in reversed(layers):  # the package's words win
        for key, words in data.get("months", {}).items():
            lexicon.months.setdefault(int(key), []).extend(map(Form.parse, words))
        for key, words in data.get("halves", {}).items():
            lexicon.halves.setdefault(int(key), []).extend(map(Form.parse, words))
        lexicon.date_position = data.get("date_position", lexicon.date_position)
    for key, library in _library_months(language).items():  # CLDR's and dateparser's
        lexicon.months.setdefault(key, []).extend(map(Form.parse, library))
    lexicon.seasons = [
        ([Form.parse(w) for w in item["words"]], item["start"], item["end"])
        for data, _ in layers
        for item in data.get("seasons", [])
    ]
    lexicon.fiscal_years = [
        ([Form.parse(w) for w in item["words"]], item["start"])
        for data, _ in layers
        for item in data.get("fiscal_years", [])
    ]
    grammar = _grammar(lexicon, layers)
    for data, name in layers:
        for item in data.get("dates", []):
            regex = _compile_pattern(
                item["pattern"], grammar, f"{name}, date {item['id']}", spaces=True
            )
            lexicon.dates.append(DatePattern(item["id"], regex, item["precision"], language))
        for item in data.get("exclusions", []):
            regex = _compile_pattern(
                item["pattern"], grammar, f"{name}, exclusion {item['id']}", spaces=False
            )
            lexicon.exclusions.append(
                ExclusionPattern(item["id"], regex, item["category"], item["reason"], language)
            )
    if lexicon.dates:  # CLDR's long dates, after the lexicon's own (which win between equals)
        from tekser.authoring.drafting.calendar_words import library_dates

        ids = {pattern.id for pattern in lexicon.dates}
        for item in (x for x in library_dates(language) if x["id"] not in ids):
            regex = _compile_pattern(item["pattern"], grammar, f"CLDR {item['id']}", spaces=True)
            lexicon.dates.append(DatePattern(item["id"], regex, item["precision"], language))
    return lexicon


_BREAK = r"(?:-[ \t]*\r?\n[ \t]*)?"  # a word broken across a line end


def _stem_regex(form: str) -> str:
    """A lexicon form as a regular expression over the text: each stem (which a line-end
    hyphen may break), then the rest of its word (or nothing, for a whole word); words apart
    by whitespace."""
    pieces = []
    for piece in form.split():
        exact = piece.endswith("$")
        stem = fold(piece.rstrip("$"))
        chars = _BREAK.join(
            "[iіIІ]" if c == "i" else "[еёѣ]" if c == "е" else re.escape(c) for c in stem
        )
        pieces.append(chars + (r"ъ?(?![^\W\d_])" if exact else r"[^\W\d_]*"))
    return r"\s+".join(pieces)


def _alternation(forms: list[str]) -> str:
    # the longest text first, a form with its dot before the same word without it ("г." before
    # "г$"), then by the form: the same alternation whatever the order of a set
    ordered = sorted(
        set(forms), key=lambda f: (-len(f.rstrip("$")), not f.rstrip("$").endswith("."), f)
    )
    return (
        "(?:"
        + "|".join(
            _stem_regex(f) if any(c.isalpha() for c in f) and not f.endswith(".") else re.escape(f)
            for f in ordered
        )
        + ")"
    )


def _grammar(lexicon: Lexicon, layers: list[tuple[dict[str, Any], str]]) -> dict[str, str]:
    def words(section: str) -> list[str]:
        return [w for data, _ in layers for w in data.get(section, [])]

    months = [w for data, _ in layers for ws in data.get("months", {}).values() for w in ws]
    months += [w for ws in _library_months(lexicon.language).values() for w in ws]
    seasons = [w for data, _ in layers for item in data.get("seasons", []) for w in item["words"]]
    halves = [w for data, _ in layers for ws in data.get("halves", {}).values() for w in ws]
    roman = "|".join(sorted(_ROMAN, key=len, reverse=True)).replace("I", "[IІ]")
    year_words = words("year_words") or ["$never$"]
    return {
        "year": r"(?P<year>(?<![0-9])[0-9]{4}(?![0-9]))",
        "year2": r"(?P<year2>(?<![0-9])[0-9]{4}(?![0-9]))",
        "short_year": r"(?P<year>(?<![0-9])[0-9]{3,4}(?![0-9]))",
        "yy": r"(?P<yy>[0-9]{2}(?:[0-9]{2})?(?![0-9]))",
        "day": r"(?P<day>(?<![0-9])[0-3]?[0-9](?![0-9]))",
        "day2": r"(?P<day2>(?<![0-9])[0-3]?[0-9](?![0-9]))",
        "month": f"(?P<month>{_alternation(months)})" if months else "(?P<month>(?!))",
        "month2": f"(?P<month2>{_alternation(months)})" if months else "(?P<month2>(?!))",
        "roman": f"(?P<roman>(?:{roman}))(?![^\\W\\d_])",
        "year_word": _alternation(year_words),
        "season": f"(?P<season>{_alternation(seasons)})" if seasons else "(?P<season>(?!))",
        "half": f"(?P<half>{_alternation(halves)})" if halves else "(?P<half>(?!))",
    }


def _compile_pattern(
    pattern: str, grammar: dict[str, str], where: str, *, spaces: bool
) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in grammar:
            raise TekserError(f"lexicon {where}: unknown placeholder {{{name}}}")
        return grammar[name]

    text = pattern.replace(" ", r"\s+") if spaces else pattern
    try:
        return re.compile(_PLACEHOLDER.sub(expand, text), re.IGNORECASE)
    except re.error as exc:
        raise TekserError(f"lexicon {where}: not a valid regular expression ({exc})") from None


def _library_months(language: str) -> dict[int, tuple[str, ...]]:
    from tekser.authoring.drafting.calendar_words import month_forms

    return month_forms(language)


def roman_month(text: str) -> int | None:
    return _ROMAN.get(text.upper().replace("І", "I"))
