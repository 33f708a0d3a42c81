"""Date expressions of a seed, found by the lexicons' patterns (and, for a language without a
lexicon, by patterns built from CLDR's long dates), read as ISO periods; a date that is part of
a name (the loan of 1866, перепись 1866 года) is marked with the noun it names."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from tekser.authoring.drafting.lexicon import Form, Lexicon, roman_month
from tekser.authoring.drafting.period_relative import RELATIVE, relative_period
from tekser.authoring.drafting.row_years import row_years
from tekser.authoring.drafting.segment import Segmented
from tekser.seeds.text import clean_form


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date expression at [start, end) of the seed; `period` is None when it cannot be read
    (no year, a day that does not exist, a range that runs backwards). `name` is the noun
    before it when the date is part of a name (“loan” in “the loan of 1866”)."""

    start: int
    end: int
    text: str
    precision: str
    pattern: str
    language: str
    period: tuple[date, date] | None
    year: int | None
    name: str = ""
    since: bool = False  # “since 1908”: the start of an open span, no date of later sentences
    attributive: bool = False  # “the 1920 crop”, “in ten years”: dates its own sentence only
    relative: bool = False  # “a year ago”: read from an anchor (period_relative.py)
    now: bool = False  # “the present”: the time of writing, past which no earlier date reaches

    @property
    def printed(self) -> str:
        """The date as printed, whitespace and line-end hyphens folded (as validate compares)."""
        return clean_form(self.text)

    def describe(self) -> str:
        if self.period is None:
            return f"“{self.printed}”"
        first, last = (d.isoformat() for d in self.period)
        return f"“{self.printed}” ({first}" + (f"…{last})" if last != first else ")")


@lru_cache(maxsize=64)
def library_lexicon(language: str) -> Lexicon | None:
    """A lexicon of dates alone for a language tekser has no lexicon of, from CLDR's long
    dates, its month names and dateparser's (`calendar_words`); None when no library knows
    the language."""
    from tekser.authoring.drafting.calendar_words import library_dates, year_words
    from tekser.authoring.drafting.lexicon import _compile

    patterns = library_dates(language)
    if not patterns:
        return None
    data = {"language": language, "dates": list(patterns), "year_words": list(year_words(language))}
    return _compile(language, [(data, f"{language} CLDR and dateparser data")])


def _with_library(seg: Segmented, lexicons: list[Lexicon]) -> list[Lexicon]:
    """`lexicons`, and the library's lexicon of each language of the seed that none is of (or
    whose lexicon has no date patterns)."""
    known = {lexicon.language for lexicon in lexicons if lexicon.dates}
    found = list(lexicons)
    for tag in dict.fromkeys(seg.languages):
        primary = tag.split("-")[0].casefold()
        if primary not in known:
            known.add(primary)
            extra = library_lexicon(primary)
            if extra is not None:
                found.append(extra)
    return found


def find_dates(seg: Segmented, lexicons: list[Lexicon]) -> list[DateExpr]:
    """Every date expression, left to right; where patterns overlap the longest one wins (the
    first listed, between equals). A pattern without a year takes the year of the date before
    it in its sentence."""
    # a language read with the libraries' date patterns keeps its own lexicon's name words
    name_words = {lexicon.language: lexicon.name_words for lexicon in lexicons}
    lexicons = _with_library(seg, lexicons)
    accounts = _fiscal_start(seg, lexicons)
    joined, back = _joined(seg.raw)
    candidates = []
    pairs = [(lexicon, pattern) for lexicon in lexicons for pattern in lexicon.dates]
    for order, (lexicon, pattern) in enumerate(pairs):
        for match in pattern.regex.finditer(joined):
            if match.end() > match.start():
                start, end = back[match.start()], back[match.end() - 1] + 1
                candidates.append((start, -(end - start), order, end, match, lexicon, pattern))
    candidates.sort(key=lambda c: c[:3])
    found: list[DateExpr] = []
    fiscal: tuple[list[int], list[int]] = ([], [])  # in `found`: with an end, of a year
    reach = 0
    for start, _, _, end, match, lexicon, pattern in candidates:
        if start < reach:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        bare = match.group()[-1:].isdigit()  # the year ends the match
        if pattern.precision == "year" and bare and _counts(seg, end, lexicon):
            continue  # "for 1895 persons": a number of things, not a year
        year = int(groups["year"]) if "year" in groups else None
        if year is None:
            year = _year_before(found, seg, start)
        period, precision = _period(pattern.precision, groups, year, lexicon)
        if "base" in groups or "now" in groups:  # a comparison's base, the present: no date
            period = None
        elif any(key in groups for key in RELATIVE):
            period = relative_period(groups, found, seg, start, lexicon.language, accounts)
            year = period[0].year if period is not None else None
            if period is not None and precision == "month" and period[0] == period[1]:
                precision = "day"
        found.append(
            DateExpr(
                start,
                end,
                seg.raw[start:end],
                precision,
                pattern.id,
                lexicon.language,
                period,
                year,
                _name_before(
                    seg, start, lexicon.name_words or name_words.get(lexicon.language, [])
                ),
                pattern.precision == "since-year",
                "own" in groups or "span_years" in groups,
                any(key in groups for key in RELATIVE),
                "now" in groups,
            )
        )
        if pattern.precision in ("fiscal-year", "fiscal-year-of") and period is not None:
            fiscal[pattern.precision == "fiscal-year-of"].append(len(found) - 1)
        reach = end
    _fiscal_years_of(found, *fiscal)
    return _with_bare_years(seg, lexicons, found)


def _fiscal_start(seg: Segmented, lexicons: list[Lexicon]) -> tuple[int, int] | None:
    """The (month, day) the seed's years of account start on, when it names an institution
    whose years start on a day other than 1 January (a lexicon's `fiscal_years`)."""
    pairs = [(forms, begin) for x in lexicons for forms, begin in x.fiscal_years]
    if not pairs:
        return None
    words = [w for w, _, _ in seg.words(0, len(seg.raw))]
    for forms, begin in pairs:
        if any(f.matches(words, i) for f in forms for i in range(len(words))):
            month, day = begin.split("-")
            return int(month), int(day)
    return None


# a word broken across a line end by a hyphen (“at the clo-\nse of”), as segment.py joins it
_BROKEN = re.compile(r"(?<=[^\W\d_])[-\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])")


def _joined(text: str) -> tuple[str, list[int]]:
    """`text` with its words broken across line ends joined, and for each of its characters
    (and its end) the offset in `text`: date patterns read a broken word whole."""
    breaks = list(_BROKEN.finditer(text))
    if not breaks:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    back: list[int] = []
    last = 0
    for match in breaks:
        pieces.append(text[last : match.start()])
        back.extend(range(last, match.start()))
        last = match.end()
    pieces.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return "".join(pieces), back


def _fiscal_years_of(found: list[DateExpr], ends: list[int], indexes: list[int]) -> None:
    """“The fiscal year 1917” ends where the seed's fiscal years end: on the last day of the
    fiscal year printed with its end (“the fiscal year ending June 30, 1916”) nearest before it,
    else the first after it; with none printed, it stays the calendar year."""
    for index in indexes:
        expr = found[index]
        if not ends or expr.year is None:
            continue
        before = [i for i in ends if i < index]
        model = found[before[-1] if before else ends[0]].period
        assert model is not None
        end = _same_day(model[1], expr.year)
        first = _same_day(model[1], expr.year - 1) + timedelta(days=1)
        precision = "year" if (first.month, first.day) == (1, 1) else "split-year"
        found[index] = replace(expr, period=(first, end), precision=precision)


def _same_day(day: date, year: int) -> date:
    """`day` in `year` (the last of February for a 29 February)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 3, 1) - timedelta(days=1)


_BARE = re.compile(r"(?<![^\s(\[«„“\"—–])(1[5-9][0-9]{2}|20[0-9]{2})(?![0-9]|[.,][0-9]|-?[^\W\d_])")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def _with_bare_years(
    seg: Segmented, lexicons: list[Lexicon], found: list[DateExpr]
) -> list[DateExpr]:
    """`found` and the years printed bare (1870. 1871. above a table's columns, “1907 stand
    …”) that no pattern took: a four-digit number from 1500 to 2099 after a space or a bracket,
    not the value of a label (after a colon), not followed by what it counts, and not a cell
    among numbers on its line that are no years, unless it opens a row of a table whose rows
    open with years (row_years.py)."""
    taken = [(d.start, d.end) for d in found]
    rows = row_years(seg.raw)
    extra = []
    for match in _BARE.finditer(seg.raw):
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        label = re.match(r"[ \t]*:", seg.raw[end : end + 3])
        if not label and re.search(r":[ \t]*\n?[ \t]*\Z", seg.raw[max(0, start - 4) : start]):
            continue  # “1875: 1489”: the label's value (unless a label itself)
        lexicon = _lexicon_at(seg, lexicons, start)
        if lexicon is not None and _counts(seg, end, lexicon, across=True):
            continue
        if start not in rows and _table_cell(seg, start, end):
            continue
        year = int(match.group())
        period = (date(year, 1, 1), date(year, 12, 31))
        language = lexicon.language if lexicon is not None else ""
        names = lexicon.name_words if lexicon is not None else []
        extra.append(
            DateExpr(
                start,
                end,
                match.group(),
                "year",
                "row-year" if start in rows else "bare-year",
                language,
                period,
                year,
                _name_before(seg, start, names),
            )
        )
    return sorted([*found, *extra], key=lambda d: d.start)


def _lexicon_at(seg: Segmented, lexicons: list[Lexicon], offset: int) -> Lexicon | None:
    primary = seg.language_at(offset).split("-")[0].casefold()
    return next((x for x in lexicons if x.language == primary), lexicons[0] if lexicons else None)


def _table_cell(seg: Segmented, start: int, end: int) -> bool:
    """Whether the number at [start, end) stands next to another number of its line that is
    no year, with only spaces, dots or stars between them: a cell of a row of figures."""
    line = seg.line_index(start)
    begin = seg.line_starts[line]
    stop = seg.line_starts[line + 1] if line + 1 < len(seg.line_starts) else len(seg.raw)
    text = seg.raw[begin:stop]
    numbers = [(m.start() + begin, m.end() + begin, m.group()) for m in _NUMBER.finditer(text)]
    index = next((i for i, n in enumerate(numbers) if n[0] <= start < n[1]), None)
    if index is None:
        return False
    for other in (index - 1, index + 1):
        if 0 <= other < len(numbers):
            a, b, token = numbers[other]
            gap = seg.raw[min(b, numbers[index][1]) : max(a, numbers[index][0])]
            year = re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", token)
            if re.fullmatch(r"[\s*.…]*", gap) and not year:
                return True
    return False


def _counts(seg: Segmented, end: int, lexicon: Lexicon, *, across: bool = False) -> bool:
    """Whether the word right after a bare year is a unit of the lexicon (what it counts), on
    its line (or, `across`, on the next when the year ends its line)."""
    text = seg.raw[end : end + 40]
    text = re.sub(r"\A[ \t]*\r?\n", " ", text) if across else text
    text = text.split("\n")[0]
    if not re.match(r"\s+[^\W\d_]", text):
        return False
    words = [w for w, _, _ in seg.words(end, end + len(text))][:3]
    if not words or any(f.matches(words, 0) for f in lexicon.year_words):
        return False
    return any(entry.match(words, 0) for entry in lexicon.units if not entry.signs)


def _name_before(seg: Segmented, start: int, names: list[Form]) -> str:
    """The naming noun right before a date, across up to three short link words (of, the, vom,
    du: three letters at most) and the number that identifies the act or treaty it names
    (“the act No. 12 of …”), “” if none."""
    if not names:
        return ""
    clause = seg.clause(start)
    words = [w.split("'")[-1] for w, _, _ in seg.words(max(clause.start, start - 60), start)]
    for _ in range(5):
        for size in (2, 1):
            tail = words[-size:]
            if len(words) >= size and any(
                len(f.parts) == size and f.matches(tail, 0) for f in names
            ):
                return " ".join(tail)
        if not words or (len(words[-1]) > 3 and not words[-1].isdigit()):
            break
        words.pop()
    return ""


def _year_before(found: list[DateExpr], seg: Segmented, start: int) -> int | None:
    """The year of a date printed without one (Sept. 10, the end of May): that of the last
    date before it in its sentence, else of the last date before it that prints a month or
    a day (a report's dateline, a day named earlier), not one of a name."""
    sentence = seg.sentence(start)
    for expr in reversed(found):
        if expr.end <= sentence.start:
            break
        if expr.year is not None:
            return expr.year
    for expr in reversed(found):
        if expr.year is not None and not expr.name and expr.precision in ("day", "month"):
            return expr.year
    return None


def _period(
    precision: str, groups: dict[str, str], year: int | None, lexicon: Lexicon
) -> tuple[tuple[date, date] | None, str]:
    """The period of a date and its precision (a fiscal year is a `split-year`, or a `year`
    when it is the calendar year; "1880-90" a range of `years`)."""
    if precision == "century":  # the XII century, das 12. Jahrhundert: 1101…1200
        number = _century(groups.get("century") or groups.get("century2", ""))
        if number is None:
            return None, "years"
        return (date(100 * number - 99, 1, 1), date(100 * number, 12, 31)), "years"
    if year is None or year < 1:
        return None, _shown(precision)
    try:
        if precision == "fiscal-year":
            return _fiscal(groups, year, lexicon)
        if precision == "split-year":
            return _split(groups, year)
        if precision in ("since-year", "fiscal-year-of"):  # a year; the seed's fiscal year
            return _plain("year", groups, year, lexicon), "year"
        if precision == "decade":  # the 1880s: 1880…1889
            first, last = (date(year, 1, 1), date(year + 9, 12, 31))
            return ((first, last) if year % 10 == 0 else None), "years"
        return _plain(precision, groups, year, lexicon), precision
    except ValueError:
        return None, _shown(precision)


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _century(text: str) -> int | None:
    """A century's number printed in digits or in Roman numerals (Cyrillic Х for X too)."""
    if text.isdigit():
        number = int(text)
    else:
        values = [_ROMAN_DIGITS.get(c) for c in text.upper().replace("Х", "X")]
        digits = [v for v in values if v is not None]
        if not digits or len(digits) < len(values):
            return None
        number = sum(-v if v < w else v for v, w in zip(digits, [*digits[1:], 0], strict=True))
    return number if 1 <= number <= 21 else None


def _shown(precision: str) -> str:
    return {"fiscal-year": "split-year", "decade": "years", "century": "years"}.get(
        precision, precision
    )


def _fiscal(
    groups: dict[str, str], year: int, lexicon: Lexicon
) -> tuple[tuple[date, date] | None, str]:
    """A year ending on the printed day (the day, or the month's last day): 1865-07-01…
    1866-06-30 for "the fiscal year ending June 30, 1866"."""
    month = _month(groups, "month", lexicon)
    if month is None:
        return None, "split-year"
    day = int(groups["day"]) if "day" in groups else calendar.monthrange(year, month)[1]
    last = date(year, month, day)
    if (month, day) == (2, 29) or (month == 2 and day == 28):
        first = date(year - 1, 3, 1)
    else:
        first = last.replace(year=year - 1) + timedelta(days=1)
    return (first, last), ("year" if (first.month, first.day) == (1, 1) else "split-year")


def _split(groups: dict[str, str], year: int) -> tuple[tuple[date, date] | None, str]:
    """1911/12, 1911/2, 1911/1912 → 1911-01-01…1912-12-31 (a split year); 1880-90, where the
    second part is more than a year on, a range of years."""
    text = groups.get("yy", "")
    if len(text) not in (1, 2, 4):  # “1873 / 283”: a year and a page, no second year
        return None, "split-year"
    size = 10 ** len(text)
    other = int(text) if len(text) >= 4 else year - year % size + int(text)
    if len(text) < 4 and other <= year:
        other += size
    if other == year + 1:
        return (date(year, 1, 1), date(other, 12, 31)), "split-year"
    if other > year + 1 and len(text) >= 2:
        return (date(year, 1, 1), date(other, 12, 31)), "years"
    return None, "split-year"


def _plain(
    precision: str, groups: dict[str, str], year: int, lexicon: Lexicon
) -> tuple[date, date] | None:
    if precision == "day":
        month = _month(groups, "month", lexicon)
        if month is None or "day" not in groups:
            return None
        first = date(year, month, int(groups["day"]))
        last = first
        if "day2" in groups:
            month2 = _month(groups, "month2", lexicon) or month
            last = date(year, month2, int(groups["day2"]))
        return (first, last) if last >= first else None
    if precision == "month":
        month = _month(groups, "month", lexicon)
        if month is None:
            return None
        final = _month(groups, "month2", lexicon) or month  # July, August and September
        if final < month:
            return None
        end = date(year, final, calendar.monthrange(year, final)[1])
        if "last" in groups:  # the end of a month: its last day
            return end, end
        return date(year, month, 1), end
    if precision == "years" and "next" in groups:  # two years named (1873 and 1874)
        other = int(groups["next"])  # (1880 and 1870: the span that compares them)
        low, high = sorted((year, other))
        return (date(low, 1, 1), date(high, 12, 31)) if low != high else None
    if precision == "years" and "back" in groups:  # the decade ending 1880: the ten years to it
        digits = re.sub(r"[^0-9]", "", groups["back"])
        return date(year - (int(digits) if digits else 10), 1, 1), date(year, 12, 31)
    if precision in ("years", "year") and "year2" in groups:
        other = int(groups["year2"])
        return (date(year, 1, 1), date(other, 12, 31)) if other >= year else None
    if precision == "year-end":
        return date(year, 12, 31), date(year, 12, 31)
    if precision == "year-start":
        return date(year, 1, 1), date(year, 1, 1)
    if precision == "season":
        season = lexicon.season_of(groups.get("season", ""))
        if season is None:
            return None
        (m1, d1), (m2, d2) = (map(int, part.split("-")) for part in season)
        last_year = year + 1 if (m2, d2) < (m1, d1) else year  # a winter runs into the next
        return date(year, m1, d1), date(last_year, m2, d2)
    if precision == "half-year":
        half = lexicon.half_of(groups.get("half", ""))
        if half is None:
            return None
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if half == 1
            else (date(year, 7, 1), date(year, 12, 31))
        )
    return date(year, 1, 1), date(year, 12, 31)


def _month(groups: dict[str, str], name: str, lexicon: Lexicon) -> int | None:
    if name == "month" and "roman" in groups:
        return roman_month(groups["roman"])
    return lexicon.month_of(groups[name]) if name in groups else None
