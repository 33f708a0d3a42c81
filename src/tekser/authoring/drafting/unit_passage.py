"""The unit of a passage: where a paragraph names what its figures count or measure, and
names (nearly) always the same thing, its bare figures count that thing too — a table of
births and deaths flattened into the paragraph that gives the population in persons, the
columns of a table of exports whose paragraph weighs in one unit. A reader takes them so
and checks; so does draft, and says so in the figure's reasons.

Only units a figure's own words name count (a word or a sign right by its number); shares,
fractions and durations ("in 5 years") are left out, since a bare number beside them is
seldom one. The passage must name its unit at least twice and in more than half of the
figures that name one; a year alone never takes it, nor a figure of a table's row under a
heading line of words alone."""

from __future__ import annotations

import re
from collections import Counter

from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.unit_rows import is_row

_OWN = ("after", "sign")
_NOT_CARRIED = frozenset(
    {"", "unspecified", "percent", "per-mille", "fraction", "times"}
    | {"years", "months", "weeks", "days", "hours"}
)
_AT_LEAST = 2  # figures that name the passage's unit
_SHARE = 1 / 2  # of the figures that name a unit in the passage: more than this


def _take(figure: Figure, source: Figure, named: int, total: int) -> None:
    figure.take_unit_of(
        source,
        "passage",
        f"unit {source.unit}: {named} of the {total} figures of its paragraph that name a "
        "unit name this one; check it",
    )


def passage_units(draft: SeedDraft) -> None:
    """Bare figures take the unit their paragraph names (module docstring)."""
    seg = draft.seg
    by_paragraph: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        by_paragraph.setdefault(seg.paragraph(figure.number.start).start, []).append(figure)
    for figures in by_paragraph.values():
        named = [f for f in figures if f.unit_from in _OWN and f.unit not in _NOT_CARRIED]
        if len(named) < _AT_LEAST:
            continue
        counts = Counter(f.unit for f in named)
        unit, count = counts.most_common(1)[0]
        if count < _AT_LEAST or count <= _SHARE * len(named):
            continue
        source = next(f for f in named if f.unit == unit)
        for figure in figures:
            if figure.unit_from or figure.unit not in ("", "unspecified"):
                continue
            if year_like(figure.number) or _in_row(draft, figure):
                continue
            _take(figure, source, count, len(named))


def _in_row(draft: SeedDraft, figure: Figure) -> bool:
    """Whether the figure stands in a table's row under a heading line of words alone (a
    table's own heading says what it counts, not the prose around it)."""
    seg = draft.seg
    line = seg.line_index(figure.number.start)
    if line == 0:
        return False
    row = [f for f in draft.figures if seg.line_index(f.number.start) == line]
    above = seg.raw[seg.line_starts[line - 1] : seg.line_starts[line]]
    return is_row(draft, row) and bool(above.strip()) and not re.search("[0-9]", above)
