"""Units and statistics that a figure takes from its neighbours when its own words name none,
as a reader does:

- a list of bare numbers takes the unit of its member that names one ("14, 9, 4 or even 2
  francs"; "12 schools, 15 in 1910 and 20 in 1911"), but not a share's where the member is
  over 100 per cent ("1,450, or 6.2 per cent": a count and the share it makes);
- a figure takes the unit of the figure before it in its sentence, or else of the one after
  it ("145 versts from A and 124 from B"; "1 million in 1801; 3 412 000 francs in 1820");
- a line that names a unit and nothing else ("Francs.", "(en roubles)") is a column's
  heading: the bare figures below it take its unit;
- a measure word on a heading line of the figure's block ("Population of the towns") gives
  the unit of its measure to the bare figures of the table below it, and so does one in the
  sentence before a table of rows (table_measure.py);
- the unit words of a table's heading flattened into the text give its columns their units
  (unit_columns.py);
- a word of degree before the first of two figures joined by "and" is said of both ("about
  40,000 men and 35,000 women");
- the bare figures left take the unit their paragraph names nearly always (unit_passage.py);
- tons in a sentence that counts ships are their register tonnage (tonnage.py).

Each says where its unit came from in the figure's reasons; a year alone never takes one."""

from __future__ import annotations

import re
from itertools import pairwise

from tekser.authoring.drafting.describe import unit_entry
from tekser.authoring.drafting.lexicon import Entry
from tekser.authoring.drafting.model import DEGREES, Figure, SeedDraft, year_like
from tekser.authoring.drafting.statistic_ranges import bounds_of_ranges
from tekser.authoring.drafting.statistic_rows import row_statistics
from tekser.authoring.drafting.table_measure import table_measures
from tekser.authoring.drafting.tonnage import ship_tonnage
from tekser.authoring.drafting.unit_columns import column_units
from tekser.authoring.drafting.unit_nouns import noun_before, sentence_head
from tekser.authoring.drafting.unit_passage import passage_units
from tekser.authoring.drafting.unit_rows import carry_rows
from tekser.authoring.drafting.units import named_unit, stopped

_STRONG = ("after", "sign", "partner", "list", "neighbour", "heading", "rows", "noun")
_CONJUNCTION = r"(?:and|or|und|oder|et|ou|и|или|och|eller|samt|мен|пен|бен|немесе)"
_LISTED = re.compile(
    rf"\s*(?:[,;]\s*(?:{_CONJUNCTION}\s+)?|{_CONJUNCTION}\s+)(?:(?:même|even|sogar|даже|"
    r"selbst|till och med)\s+)?",
    re.IGNORECASE,
)
_JOINED = re.compile(rf"(?<![^\W\d_]){_CONJUNCTION}(?![^\W\d_])", re.IGNORECASE)
_SHARE_LIMITS = {"percent": 100, "per-mille": 1000}  # no share of a whole is over these
_HEADING_REACH = 60  # lines above a figure that a heading of its block is looked for in


def _bare(figure: Figure) -> bool:
    return figure.unit_from in ("", "before") and not year_like(figure.number)


def _carried(source: Figure) -> bool:
    """Whether a neighbour's unit may pass to a bare figure: not a share or a fraction (a
    bare number after "12 per cent" is seldom a percent)."""
    return source.unit not in ("percent", "per-mille", "fraction")


def _lists(draft: SeedDraft) -> None:
    """The bare members of a list take the unit of the member after them that names one."""
    text, figures = draft.seg.raw, draft.figures
    run: list[Figure] = []
    for index, first in enumerate(figures):
        second = figures[index + 1] if index + 1 < len(figures) else None
        joined = (
            second is not None
            and draft.seg.sentence(first.number.start) == draft.seg.sentence(second.number.start)
            and _LISTED.fullmatch(text[first.number.end : second.number.start]) is not None
            and not year_like(first.number)
            and not year_like(second.number)
        )
        run.append(first)
        if joined:
            continue
        if len(run) > 1 and run[-1].unit_from in ("after", "sign"):
            shown = " ".join(text[run[0].number.start : run[-1].number.end].split())
            limit = _SHARE_LIMITS.get(run[-1].unit)
            for member in run[:-1]:
                if limit is not None and member.value > limit:
                    continue  # "1,450, or 6.2 per cent": the count the share restates, none
                if _bare(member):
                    why = f"unit {run[-1].unit} of {run[-1].number.printed}, the last of “{shown}”"
                    member.take_unit_of(run[-1], "list", why)
        run = []


def _side_by_side(draft: SeedDraft, source: Figure, figure: Figure) -> bool:
    """Whether `figure` follows `source` and its unit words with nothing else between (no
    comma, no conjunction, no other word): two quantities set side by side, as a row's label
    and its value, whose units differ."""
    if source.unit_from != "after":
        return False
    between = draft.seg.raw[source.number.end : figure.number.start]
    return re.fullmatch(r"[ \t\u00a0]*(?:[^\W\d_]+\.?[ \t\u00a0]*){1,3}", between) is not None and (
        _JOINED.search(between) is None
    )


def _neighbours(draft: SeedDraft) -> None:
    """A bare figure takes the unit of the figure before it in its sentence, or else of the
    one after it."""
    figures = draft.figures
    for index, figure in enumerate(figures):
        if not _bare(figure):
            continue
        sentence = draft.seg.sentence(figure.number.start)
        earlier = [
            f
            for f in figures[:index]
            if f.number.start >= sentence.start and f.unit_from in _STRONG and _carried(f)
        ]
        later = [
            f
            for f in figures[index + 1 :]
            if f.number.end <= sentence.end and f.unit_from in ("after", "sign") and _carried(f)
        ]
        if earlier and _side_by_side(draft, earlier[-1], figure):
            earlier = []  # "mills above 40 acres 1,250": another quantity, not a second one
        if earlier:
            source = earlier[-1]
            where = "before"
        elif later and figure.unit_from == "":
            source = later[0]
            where = "after"
        else:
            continue
        why = f"unit {source.unit} of {source.number.printed}, the figure {where} it in its "
        why += "sentence"
        figure.take_unit_of(source, "neighbour", why)


def _unit_line(draft: SeedDraft, figure: Figure, line: str) -> Figure | None:
    """A figure-like reading of a line that names a unit and nothing else, or None."""
    from tekser.authoring.drafting.lexicon import WORD, fold

    lexicon = figure.lexicon
    words = [fold(w) for w in WORD.findall(line)]
    if not words or len(words) > 4 or re.search("[0-9]", line):
        return None
    named = [w for w in words if not stopped(lexicon, w)]
    if len(named) != 1:
        return None
    probe = Figure(figure.number, figure.language, lexicon, figure.clause)
    found = unit_entry(lexicon, named, 0)
    if found is not None and found[1] == 1:
        entry = found[0]
        probe.unit = entry.values["unit"]
        probe.measure = entry.values.get("measure", probe.unit)
        probe.unit_statistic = entry.values.get("statistic", "count")
        return probe
    language = figure.language.split("-")[0].casefold()
    reading = named_unit(language, named, lambda w: stopped(lexicon, w))
    if reading is None or reading.length != 1:
        return None
    probe.unit, probe.measure, probe.unit_statistic = (
        reading.unit,
        reading.measure,
        reading.statistic,
    )
    return probe


def _unit_headings(draft: SeedDraft) -> None:
    """A line that names a unit alone is the heading of the bare figures below it, until the
    next such line."""
    seg, figures = draft.seg, draft.figures
    if not figures:
        return
    lines = seg.line_starts
    heading: tuple[Figure, str] | None = None
    by_line: dict[int, list[Figure]] = {}
    for figure in figures:
        by_line.setdefault(seg.line_index(figure.number.start), []).append(figure)
    last = max(by_line)
    for index in range(last + 1):
        end = lines[index + 1] if index + 1 < len(lines) else len(seg.raw)
        line = seg.raw[lines[index] : end].strip()
        if index not in by_line:
            probe = _unit_line(draft, figures[0], line)
            if probe is not None:
                heading = (probe, line)
            continue
        if heading is None:
            continue
        source, shown = heading
        for figure in by_line[index]:
            if figure.unit_from == "" and not year_like(figure.number):
                why = f"unit {source.unit} from the heading line “{shown}” above it"
                figure.take_unit_of(source, "heading", why)


def _measure_statistic(figure: Figure, entry: Entry, label: str) -> None:
    statistic = entry.values["statistic"]
    figure.unit_statistic = statistic
    if figure.statistic not in DEGREES:
        figure.statistic = statistic
    figure.reasons.append(
        f"statistic {statistic}: the measure “{label}” on a heading line of its table names no "
        "unit; check the unit"
    )


def _measure_headings(draft: SeedDraft) -> None:
    """A measure word (population) on a line without numbers above a bare figure, in its
    block, gives the unit of its measure; a measure the lexicon gives no unit (land) gives
    the statistic of its figures alone (an area: amount)."""
    seg = draft.seg
    for figure in draft.figures:
        if figure.unit_from != "" or year_like(figure.number):
            continue
        block = seg.paragraph(figure.number.start)
        first = seg.line_index(block.start)
        here = seg.line_index(figure.number.start)
        for index in range(here - 1, max(first, here - _HEADING_REACH) - 1, -1):
            end = seg.line_starts[index + 1]
            line = seg.raw[seg.line_starts[index] : end]
            if re.search("[0-9]", line):
                if not re.search(r"[0-9][^\w]*$", line):
                    break  # a line of prose, not a row of the table: no heading above it
                continue
            words = [w for w, _, _ in seg.words(seg.line_starts[index], end)]
            hit = next(
                (
                    (entry, i)
                    for i in range(len(words))
                    for entry in figure.lexicon.measures
                    if ("unit" in entry.values or "statistic" in entry.values)
                    and entry.match(words, i)
                ),
                None,
            )
            if hit is None:
                continue
            entry, at = hit
            if "unit" not in entry.values:  # land: areas in a unit the table does not name
                _measure_statistic(figure, entry, entry.label(words, at))
                break
            unit = entry.values["unit"]
            units = [e for e in figure.lexicon.units if e.values.get("unit") == unit]
            statistic = units[0].values.get("statistic", "count") if units else "count"
            if unit in ("percent", "per-mille"):
                statistic = "share"
            figure.take_unit(
                unit,
                entry.values["measure"],
                statistic,
                "heading",
                f"unit {unit} of the measure “{entry.label(words, at)}” on a heading line of "
                "its table",
            )
            break


def carry_units(draft: SeedDraft) -> None:
    """Units for the figures whose own words name none, from their list, sentence, or the
    heading of their table (in that order); not in a language without a drafting lexicon,
    where no word is known to name no unit."""
    if not any(f.lexicon.units or f.lexicon.not_units for f in draft.figures):
        return
    _lists(draft)
    carry_rows(draft)
    _neighbours(draft)
    _unit_headings(draft)
    _measure_headings(draft)
    table_measures(draft)
    column_units(draft)
    noun_before(draft)
    sentence_head(draft)
    _neighbours(draft)
    passage_units(draft)
    ship_tonnage(draft)


_LIST_GAP = re.compile(r"[^0-9.!?;:()]{0,60}")  # a list's members: no sentence end, no bracket


def _average_lists(draft: SeedDraft) -> None:
    """An average said of the first figure of a list is said of the members after it in its
    sentence ("on average 247 in a town, 52.2 in a village and 7.2 in a hamlet"), as long as
    no other statistics word is said of them and nothing but a few words stands between."""
    for first, second in pairwise(draft.figures):
        if first.statistic != "average" or second.statistic not in ("amount", "count"):
            continue
        if draft.seg.sentence(first.number.start) != draft.seg.sentence(second.number.start):
            continue
        if any(r.startswith("statistic ") for r in second.reasons):
            continue
        if second.unit not in (first.unit, "", "unspecified") and second.unit_from == "after":
            continue
        if not _LIST_GAP.fullmatch(draft.seg.raw[first.number.end : second.number.start]):
            continue
        second.statistic = "average"
        second.reasons.append(
            f"statistic average of {first.number.printed} before it: a list of averages"
        )


def carry_degrees(draft: SeedDraft) -> None:
    """A word of a clause after a table's rows is not said of them (statistic_rows.py). Two
    figures joined by the to-word alone are a range (statistic_ranges.py). A word
    of degree said before the first of two figures joined by "and" is said of the second too,
    when nothing but a few words and the conjunction stand between them."""
    row_statistics(draft)
    bounds_of_ranges(draft)
    _average_lists(draft)
    text = draft.seg.raw
    for first, second in pairwise(draft.figures):
        if first.statistic not in DEGREES or second.statistic in DEGREES:
            continue
        if first.partner is not None or first.clause != second.clause:
            continue
        between = text[first.number.end : second.number.start]
        words = draft.seg.words(first.number.end, second.number.start)
        if len(words) > 4 or not _JOINED.search(between) or re.search("[0-9;:]", between):
            continue
        folded = [w for w, _, _ in words]
        after = [e for e in first.lexicon.statistics if e.values["position"] == "after"]
        if any(e.match(folded, i) for e in after for i in range(len(folded))):
            continue  # the word of degree stands after the first: said of it alone
        second.statistic = first.statistic
        second.reasons.append(
            f"statistic {first.statistic} of {first.number.printed} before it: “and” joins them"
        )
