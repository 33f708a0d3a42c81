"""Units down a table's column: the rows of a table name the unit once, in their first row
("District A persons 120 / District B 95 / District C 240"), or repeat it by a ditto mark
(`"`, `〃`, "do."), and a reader carries it down the column.

A line is a row when a figure ends it (nothing but signs or ditto marks after its last
number). A bare figure of a row takes the unit of the figure in the same column (counted from
the line's end) of the row above it, blank lines between allowed, when that one has a unit
of its own words or carried down the same way. A share or a fraction goes down a column only
where a ditto mark repeats it: a bare number under a percentage is seldom one. The first row
of a table that a sentence ending in a colon announces ("The 1,200 emigrants went to:") takes
the unit of that sentence's figure."""

from __future__ import annotations

import itertools
import re

from tekser.authoring.drafting.model import Figure, SeedDraft, year_like

# a ditto mark right after a number: it repeats the words above it (the unit)
DITTO = re.compile(r"[ \t]*(?:[\"〃״”“„»]|''|,,|(?:do|dto|detto|ditto)\.)")
# the end of a row: signs, ditto marks, a closing bracket, no word and no number
_ROW_END = re.compile(r"(?:[ \t]*(?:[\"〃״”“„»'’.,;:*)\]|—–-]|(?:do|dto|detto|ditto)\.))*[ \t]*$")
_OWN = ("after", "sign", "before", "partner", "list", "neighbour", "heading", "rows")
_SHARES = ("percent", "per-mille", "fraction")


def _line_end(draft: SeedDraft, offset: int) -> int:
    end = draft.seg.raw.find("\n", offset)
    return len(draft.seg.raw) if end < 0 else end


_UNIT_WORDS = re.compile(r"(?:[ \t]*[^\W\d_]+\.?){0,3}")


def is_row(draft: SeedDraft, figures: list[Figure], *, named: bool = False) -> bool:
    """Whether a figure ends the line of `figures` (or, `named`, its unit words and then
    nothing else: the first row of a table, "Town A 37 per cent.")."""
    last = figures[-1]
    tail = draft.seg.raw[last.number.end : _line_end(draft, last.number.end)]
    if named:
        words = _UNIT_WORDS.match(tail)
        tail = tail[words.end() :] if words else tail
    return _ROW_END.fullmatch(tail) is not None


def _announced(draft: SeedDraft, line: int, row: list[Figure]) -> None:
    """The first row of a table that a sentence ending in a colon announces ("The 1,200
    emigrants went to:") takes the unit of that sentence's figure."""
    seg = draft.seg
    figure = row[-1]
    if figure.unit_from != "" or year_like(figure.number) or not is_row(draft, row):
        return
    above = seg.raw[: seg.line_starts[line]].rstrip()
    if not above.endswith(":") or "\n" not in seg.raw[len(above) : seg.line_starts[line] + 1]:
        return
    colon = len(above) - 1
    sentence = seg.sentence(colon)
    told = [
        f
        for f in draft.figures
        if sentence.start <= f.number.start < colon and f.unit_from in ("after", "sign")
    ]
    if (
        not told
        or told[-1].unit in _SHARES
        or seg.line_index(colon)
        in {seg.line_index(f.number.start) for f in draft.figures if f.number.start > colon}
    ):
        return
    source = told[-1]
    figure.take_unit_of(
        source,
        "rows",
        f"unit {source.unit} of {source.number.printed}, in the sentence that announces its "
        "table with a colon",
    )


def carry_rows(draft: SeedDraft) -> None:
    """The bare figures of a table's rows take the unit of the figure above them in their
    column (see the module's docstring)."""
    seg = draft.seg
    by_line: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        by_line.setdefault(seg.line_index(figure.number.start), []).append(figure)
    lines = sorted(by_line)
    for line in lines:
        _announced(draft, line, by_line[line])
    for above, here in itertools.pairwise(lines):
        between = seg.raw[seg.line_starts[above + 1] : seg.line_starts[here]]
        if between.strip() or not is_row(draft, by_line[here]):
            continue  # rows follow each other, blank lines at most between them
        if not is_row(draft, by_line[above], named=True):
            continue  # the line above is prose, not a row
        upper, lower = by_line[above], by_line[here]
        for back in range(1, len(lower) + 1):
            figure = lower[-back]
            if figure.unit_from not in ("", "before"):
                continue  # (a year-like number too: a year above it has no unit to give)
            if back > len(upper):
                break
            source = upper[-back]
            ditto = DITTO.match(seg.raw, figure.number.end) is not None
            if source.unit_from not in _OWN or source.unit in ("", "unspecified"):
                continue
            if source.unit in _SHARES and not ditto:
                continue
            if figure.unit_from == "before" and not ditto:
                continue  # its own clause names a unit before it
            how = "a ditto mark after it repeats" if ditto else "the row above gives"
            figure.take_unit_of(
                source,
                "rows",
                f"unit {source.unit}: {how} the unit of {source.number.printed} in its column",
            )
