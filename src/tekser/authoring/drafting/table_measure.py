"""The measure a sentence names before a table: "… the population of the towns at several
dates" and then rows of one line each ("1. 1801 12,400", "2. 1821 15,050", …) whose figures
name no unit — a reader takes them as that measure (population: persons).

A row is a line that a figure ends; the table is three rows or more one after another (blank
lines between them allowed). Above its first row, lines without numbers that say little (a
caption, a column's heading, a placeholder where a scan lost the table) are passed over up to
the paragraph of prose before it; the last sentence of that paragraph must name a measure of
the lexicon that gives a unit. Only the bare figures of the rows take it, never a year."""

from __future__ import annotations

import re

from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.unit_rows import is_row

_LEAST_ROWS = 3
_CAPTION_WORDS = 6  # a line of no more words above a table is its caption or heading


def _runs(draft: SeedDraft) -> list[list[int]]:
    """The line indexes of the tables: rows one after another, blank lines between."""
    seg = draft.seg
    by_line: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        by_line.setdefault(seg.line_index(figure.number.start), []).append(figure)
    rows = [line for line in sorted(by_line) if is_row(draft, by_line[line])]
    runs: list[list[int]] = []
    for line in rows:
        if runs:
            gap = seg.raw[seg.line_starts[runs[-1][-1] + 1] : seg.line_starts[line]]
            if not gap.strip():
                runs[-1].append(line)
                continue
        runs.append([line])
    return [run for run in runs if len(run) >= _LEAST_ROWS]


def _line(draft: SeedDraft, index: int) -> tuple[int, int]:
    starts = draft.seg.line_starts
    end = starts[index + 1] if index + 1 < len(starts) else len(draft.seg.raw)
    return starts[index], end


def table_measures(draft: SeedDraft) -> None:
    """The bare figures of a table take the measure the sentence before it names."""
    seg = draft.seg
    for run in _runs(draft):
        index = run[0] - 1
        while index >= 0:
            start, end = _line(draft, index)
            line = seg.raw[start:end]
            said = seg.words(start, end)
            if line.strip() and (re.search("[0-9]", line) or len(said) > _CAPTION_WORDS):
                break
            index -= 1
        if index < 0:
            continue
        start, end = _line(draft, index)
        above = [f for f in draft.figures if start <= f.number.start < end]
        if above and is_row(draft, above):
            continue  # a row of another table
        sentence = seg.sentence(start + len(seg.raw[start:end].rstrip()) - 1)
        words = [w for w, _, _ in seg.words(sentence.start, sentence.end)]
        figures = [
            f
            for f in draft.figures
            if run[0] <= seg.line_index(f.number.start) <= run[-1]
            and f.unit_from == ""
            and not year_like(f.number)
        ]
        if not figures:
            continue
        lexicon = figures[0].lexicon
        hits = [
            (entry, i)
            for i in range(len(words))
            for entry in lexicon.measures
            if "unit" in entry.values and entry.match(words, i)
        ]
        if not hits:
            continue
        entry, at = hits[-1]
        unit = entry.values["unit"]
        units = [e for e in lexicon.units if e.values.get("unit") == unit]
        statistic = units[0].values.get("statistic", "count") if units else "count"
        for figure in figures:
            label = entry.label(words, at)
            figure.take_unit(
                unit,
                entry.values["measure"],
                statistic,
                "heading",
                f"unit {unit} of the measure “{label}” that the sentence before its table "
                "names; check it",
            )
