"""Units down a table's column: the rows of a table name the unit once, in their first row
("District A persons 120 / District B 95 / District C 240"), or repeat it by a ditto mark
(`"`, `〃`, "do."), and a reader carries it down the column.

A line is a row when a figure ends it (nothing but signs or ditto marks after its last
number). A bare figure of a row takes the unit of the figure in the same column (counted from
the line's end) of the row above it, blank lines between allowed, when that one has a unit
of its own words or carried down the same way. A share or a fraction goes down a column only
where a ditto mark repeats it: a bare number under a percentage is seldom one. The first row
of a table that a sentence ending in a colon announces ("The 1,200 emigrants went to:") takes
the unit of that sentence's figure. A row flattened into one line after the row before it
repeats that row's units by a dash after each of its figures (dash_rows)."""

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
_LEAST_DITTOS = 2  # figures of a row that repeat the row before by dashes


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


# a dash after a number in a table's row, where the row above prints its unit: a ditto mark
_DASH = re.compile(r"[ \t\u00a0]*[—–-][ \t\u00a0]*")
_LABEL = re.compile(r"[ \t\u00a0]*(?:[^\W\d_]+\.?[ \t\u00a0]*){0,3}")
_UNIT_GAP = re.compile(r"[ \t\u00a0]*(?:[^\W\d_]+\.?[ \t\u00a0]*){1,3}")


def _dashed_run(draft: SeedDraft, figures: list[Figure], start: int) -> int:
    """How many figures from `start` on are bare, each followed by a dash and nothing else
    before the next."""
    text, end = draft.seg.raw, start
    while end < len(figures):
        figure = figures[end]
        dash = _DASH.match(text, figure.number.end)
        if figure.unit_from not in ("", "before") or dash is None or not dash.group().strip():
            break
        following = figures[end + 1].number.start if end + 1 < len(figures) else None
        if following is not None and dash.end() != following:
            end += 1
            break
        end += 1
    return end - start


def dash_rows(draft: SeedDraft) -> None:
    """A row of a table flattened into a line ("Oats 1,250 puds 1,480 puds Rye 960 —
    1,105 —") repeats the units of the row before it by a dash after each figure, as a ditto
    mark does: a run of bare figures each followed by a dash takes the units of as many
    figures just before it that each name the same unit after them, a row's label at most
    between the two runs."""
    text, figures = draft.seg.raw, draft.figures
    index = 0
    while index < len(figures):
        size = _dashed_run(draft, figures, index)
        if size < _LEAST_DITTOS or index < size:
            index += max(size, 1)
            continue
        above = figures[index - size : index]
        run = figures[index : index + size]
        unit = above[0].unit
        gaps = [text[a.number.end : b.number.start] for a, b in itertools.pairwise(above)]
        if (
            all(f.unit_from == "after" and f.unit == unit for f in above)
            and unit not in ("", "unspecified")
            and all(_UNIT_GAP.fullmatch(gap) for gap in gaps)
            and _label_between(text, above[-1], run[0])
        ):
            for source, figure in zip(above, run, strict=True):
                figure.take_unit_of(
                    source,
                    "rows",
                    f"unit {source.unit}: the dash after it repeats the unit of "
                    f"{source.number.printed} in the row before it",
                )
        index += size


def _label_between(text: str, last: Figure, first: Figure) -> bool:
    """Whether the unit words of the row above and a row's label alone stand between it and
    the next row (no digit, no sentence end)."""
    gap = text[last.number.end : first.number.start]
    return re.search(r"[0-9!?;:]", gap) is None and _LABEL.fullmatch(gap) is not None


def carry_rows(draft: SeedDraft) -> None:
    """The bare figures of a table's rows take the unit of the figure above them in their
    column (see the module's docstring); a row flattened into a line repeats the units of
    the row before it by dashes (dash_rows)."""
    dash_rows(draft)
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
