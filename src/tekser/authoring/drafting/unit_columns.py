"""Units that the heading of a table flattened into running text gives its columns: a scan
read as text puts the heading's words ("Wheat Rye Oats … bushels bushels quarters") before
rows of bare figures ("1850 120,400 80,210 9,300 — 1851 …"). A reader matches the unit words
of the heading, in order, to the columns; where the heading names fewer units than the rows
have figures, its last unit spans the columns left (a heading printed once over several).

The heading is the text after the figure or sentence before it, with no digit in it, whose
unit words no number precedes; a word printed letter-spaced ("q u a r t e r s") is read
joined. The rows are the bare figures after it, cut where a date or a year stands between two
of them; every row must have as many figures, at least two rows, at least as many figures
a row as units named. Each figure says so in its reasons."""

from __future__ import annotations

import itertools
import re

from tekser.authoring.drafting.describe import unit_entry
from tekser.authoring.drafting.lexicon import WORD, fold
from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.units import named_unit, stopped

_SPACED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_][ \t]{1,2}){2,}[^\W\d_](?![^\W\d_])")
_LEAST_ROWS = 2


def _unit_words(draft: SeedDraft, start: int, end: int, figure: Figure) -> list[tuple[str, str]]:
    """The units named in text[start:end], in order: (unit, the words that name it)."""
    text = draft.seg.raw[start:end]
    text = _SPACED.sub(lambda m: re.sub(r"[ \t]", "", m.group()), text)
    words = [fold(w) for w in WORD.findall(text)]
    lexicon, language = figure.lexicon, figure.language.split("-")[0].casefold()
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        entry = unit_entry(lexicon, words, index)
        if entry is not None:
            found.append((entry[0].values["unit"], " ".join(words[index : index + entry[1]])))
            index += entry[1]
            continue
        if not stopped(lexicon, words[index]):
            reading = named_unit(language, words[index:], lambda w: stopped(lexicon, w))
            if reading is not None and reading.unit not in ("percent", "per-mille"):
                found.append((reading.unit, " ".join(words[index : index + reading.length])))
                index += reading.length
                continue
        index += 1
    return found


def _rows(draft: SeedDraft, run: list[Figure]) -> list[list[Figure]]:
    """The run cut into rows where a date or a year stands between two figures."""
    text = draft.seg.raw
    dates = [(d.start, d.end) for d in draft.dates]
    rows: list[list[Figure]] = [[run[0]]]
    for before, figure in itertools.pairwise(run):
        a, b = before.number.end, figure.number.start
        cut = any(a <= s and e <= b for s, e in dates) or re.search(
            r"(?<![0-9,.])1[5-9][0-9]{2}(?![0-9,.])", text[a:b]
        )
        if cut:
            rows.append([figure])
        else:
            rows[-1].append(figure)
    return rows


def _take(figure: Figure, unit: str, shown: str, column: int, spans: bool) -> None:
    entries = [e for e in figure.lexicon.units if e.values.get("unit") == unit]
    statistic = entries[0].values.get("statistic", "amount") if entries else "amount"
    over = ", printed once over the columns left" if spans else ""
    figure.take_unit(
        unit,
        unit,
        statistic,
        "heading",
        f"unit {unit}: “{shown}” heads column {column + 1} of its table in the heading before "
        f"it{over}; check it",
    )


def column_units(draft: SeedDraft) -> None:
    """Bare figures of a flattened table take the units its heading names (module docstring)."""
    seg, figures = draft.seg, draft.figures
    for index, first in enumerate(figures):
        if first.unit_from != "" or year_like(first.number):
            continue
        paragraph = seg.paragraph(first.number.start)
        previous = figures[index - 1] if index > 0 else None
        start = paragraph.start
        if previous is not None:
            start = max(start, previous.number.end)
        heading = seg.raw[start : first.number.start]
        digit = re.search("[0-9]", heading)  # the first row's label, a year, opens there
        units = _unit_words(draft, start, start + (digit.start() if digit else len(heading)), first)
        if units and previous is not None and previous.unit_from in ("after", "sign"):
            opening = fold(" ".join(re.findall(r"[^\W\d_]+", heading)[:1]))
            if units[0][1].split()[0].rstrip(".") == opening:
                units = units[1:]  # the unit words of the number before: not a heading's
        if len(units) < 2:
            continue
        run = [first]
        for later in figures[index + 1 :]:
            if later.unit_from != "" or seg.paragraph(later.number.start) != paragraph:
                break
            run.append(later)
        rows = _rows(draft, run)
        width = len(rows[0])
        if len(rows) < _LEAST_ROWS or width < len(units) or any(len(r) != width for r in rows):
            continue
        for row in rows:
            for column, figure in enumerate(row):
                spans = column >= len(units) - 1 and width > len(units)
                unit, shown = units[min(column, len(units) - 1)]
                if not year_like(figure.number):
                    _take(figure, unit, shown, column, spans)
