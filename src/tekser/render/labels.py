"""How a figure reads to a person: its value with its scale and unit ("2.5 million
persons"), its date as read at the precision the source gives it ("first half of 1901",
"1902"), and its series in words. Used by the HTML report; nothing here changes a value."""

from __future__ import annotations

from datetime import date

from tekser.package.descriptor import Row

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
THIN = "\u202f"  # a narrow no-break space: groups digits and never breaks a number
UNIT_SIGNS = {"percent": "%", "per-mille": "‰"}
STATISTIC_WORDS = {
    "lower-bound": "at least",
    "upper-bound": "at most",
    "approximate": "about",
    "target": "target",
    "plan": "plan",
    "average": "average",
}


def words(slug: str) -> str:
    """A slug in words: `aul-village` → `aul village`."""
    return slug.replace("-", " ").replace("_", " ").strip()


def group_digits(number: str) -> str:
    """A decimal as written in the CSV, its whole part grouped by thousands: `12345` →
    `12 345`, `2.5` stays. A number of four digits stays whole (a year reads as one)."""
    sign, rest = ("-", number[1:]) if number.startswith("-") else ("", number)
    whole, point, fraction = rest.partition(".")
    if not whole.isdigit() or len(whole) <= 4:
        return number
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + THIN.join(groups) + point + fraction


def unit_words(row: Row) -> str:
    """The unit with its scale, as words after a number: `million persons`, `%`."""
    unit = row.get("unit", "")
    if unit in UNIT_SIGNS:
        return UNIT_SIGNS[unit]
    return " ".join(part for part in (row.get("scale", ""), words(unit)) if part)


def value_text(row: Row, value: str | None = None) -> str:
    """The value with its scale and unit: `2.5 million persons`, `12.5 %`, `at least 3
    members` (the statistic said where it is not a plain count or amount)."""
    number = group_digits(value if value is not None else row.get("value", ""))
    unit = unit_words(row)
    said = f"{number}{THIN}{unit}" if unit in UNIT_SIGNS.values() else f"{number} {unit}"
    word = STATISTIC_WORDS.get(row.get("statistic", ""))
    return f"{word} {said.strip()}" if word else said.strip()


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def period_text(start_text: str, end_text: str, precision: str) -> str:
    """A period as read, at its precision: `1 Jan 1901`, `Jan 1901`, `first half of 1901`,
    `1901`, `end of 1901`, `1901/02`, `1901–1903`; both ends where the precision is unknown."""
    start, end = _day(start_text), _day(end_text) or _day(start_text)
    if start is None or end is None:
        return " – ".join(part for part in (start_text, end_text) if part)
    if precision == "day" and start == end:
        return f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    if precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[start.month - 1]} {start.year}"
    if precision == "day":
        return (
            f"{start.day} {MONTHS[start.month - 1]} {start.year} – "
            f"{end.day} {MONTHS[end.month - 1]} {end.year}"
        )
    if precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if precision == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == "half-year":
        return f"{'first' if start.month <= 6 else 'second'} half of {start.year}"
    if precision == "season" and start.year == end.year:
        return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {start.year}"
    if precision == "year" and start.year == end.year:
        return str(start.year)
    if precision == "year-start":
        return f"start of {start.year}"
    if precision == "year-end":
        return f"end of {end.year}"
    if precision == "split-year" and end.year == start.year + 1:
        return f"{start.year}/{str(end.year)[-2:]}"
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if precision in ("year", "years", "split-year") and whole_years and start.year != end.year:
        return f"{start.year}–{end.year}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def row_period(row: Row) -> str:
    """A row's period as read (`period_start`, `period_end`, `date_precision`)."""
    return period_text(
        row.get("period_start", ""), row.get("period_end", ""), row.get("date_precision", "")
    )


def series_title(row: Row) -> str:
    """A series in words, from its first figure: `aul village: members (communists)` (slugs
    are not capitalised: `ussr` might be an acronym, `all` is not)."""
    organisation = words(row.get("organisation", ""))
    measure = words(row.get("measure", ""))
    unit = words(row.get("unit", ""))
    head = ": ".join(part for part in (organisation, measure) if part)
    if unit and unit != measure:
        head += f" ({unit_words(row)})" if head else unit
    return head or row.get("series_id", "")
