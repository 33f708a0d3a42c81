"""Where a proposed figure's date and quote come from: the nearest date of its clause (before
it, in languages that put dates first), earlier in its sentence or paragraph, or dates taken in
order; its quote is the clause with that date."""

from __future__ import annotations

import re
from datetime import date

from tekser.authoring.drafting.columns import column_dates, inline_header_dates, row_totals
from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import MAX_QUOTE, Exclusion, Figure, SeedDraft, inside
from tekser.authoring.drafting.period_carry import aside, carried_date, on_furniture
from tekser.authoring.drafting.period_ends import range_dates, range_ends
from tekser.authoring.drafting.row_years import opens_run
from tekser.authoring.drafting.segment import Segmented, Span, trim

# -- dates and quotes --------------------------------------------------------------------------


def assign_dates(draft: SeedDraft) -> None:
    """The date of each figure: the nearest of its clause, else the last earlier in its
    sentence or paragraph, else one on the heading line above its paragraph; under a header
    of dated columns, its column's (columns.py). A date that is
    part of a name (the loan of 1866) dates only a figure of its own clause that no other date
    reaches; a date in brackets that hold another figure dates only the figures inside them."""
    seg = draft.seg
    usable = [d for d in draft.dates if d.period is not None and not on_furniture(seg, d)]
    plain = [d for d in usable if not d.name]
    named = [d for d in usable if d.name]
    boxes = _brackets(seg.raw)
    asides = {id(d) for d in plain if aside(seg, d)}
    nows = [d for d in draft.dates if d.now]
    for figure in draft.figures:
        own_paragraph = seg.paragraph(figure.number.start)
        reach = [d for d in plain if id(d) not in asides or d.start >= own_paragraph.start]
        reach = _reachable(reach, figure, boxes, draft.figures)
        figure.date, figure.date_from = _nearest(seg, figure, reach, draft.figures, nows)
        if figure.date_from in ("paragraph", "fallback"):
            start, clause = figure.number.start, figure.clause
            own = [d for d in named if clause.start <= d.start and d.end <= clause.end]
            own = _reachable(own, figure, boxes, draft.figures)
            if own:
                choice = min(own, key=lambda d: abs(d.start - start))
                figure.date, figure.date_from = choice, "name"
        if figure.date_from == "fallback":
            heading = _heading(
                seg, figure, [d for d in plain if id(d) not in asides], draft.figures
            )
            if heading is not None:
                figure.date, figure.date_from = heading, "heading"
    _parallel_dates(draft, [d for d in plain if _box(boxes, d.start, d.end) is None])
    column_dates(draft, plain)
    inline_header_dates(draft, plain)
    row_totals(draft)
    range_ends(draft)
    range_dates(draft)
    for figure in draft.figures:
        if figure.date is None:
            figure.reasons.append(
                "no date printed in its clause, sentence or paragraph, nor on a heading line "
                "above it: give its period"
            )
        else:
            where = {
                "clause": "in its clause",
                "sentence": "earlier in its sentence",
                "paragraph": "earlier in its paragraph",
                "pairs": "in its clause, in order",
                "heading": "on the heading line above it",
                "column": "at the head of its column (by its place in its row)",
                "name": "in its clause, part of a name (" + figure.date.name + "): check that "
                "the figure is about what it names",
            }[figure.date_from]
            figure.reasons.append(
                f"date {figure.date.describe()} {where} (pattern {figure.date.pattern})"
            )


def _past_now(expr: DateExpr, start: int, nows: list[DateExpr]) -> bool:
    """Whether the text turns to the time of writing (“the present population”) between `expr`
    and the figure at `start`: the earlier date no longer reaches it."""
    return any(expr.end <= now.start and now.end <= start for now in nows)


def _nearest(
    seg: Segmented,
    figure: Figure,
    usable: list[DateExpr],
    figures: list[Figure],
    nows: list[DateExpr],
) -> tuple[DateExpr | None, str]:
    start = figure.number.start
    clause, sentence = figure.clause, seg.sentence(start)
    labels = [
        d
        for d in usable
        if start - 12 <= d.end <= start and re.fullmatch(r"[ \t]*:\s*", seg.raw[d.end : start])
    ]
    if labels:  # “1901: 4312”: the value of its label
        return labels[-1], "clause"
    ends = [(d.end, d.pattern == "row-year") for d in usable]
    cells = sorted((f.number.start, f.number.end) for f in figures)
    row = opens_run(seg.raw, ends, (start, figure.number.end), cells)
    if row is not None:  # “1760 . 412 388 61 1761 . …”: a cell of the row its date opens
        return usable[row], "clause"
    # a date that a clause's or sentence's start cuts (“during May, June and July”, a
    # month's abbreviation read as a sentence's end) is of the clause it ends in
    inside = [d for d in usable if clause.start < d.end and d.end <= clause.end]
    before = [d for d in inside if d.end <= start]
    after = [d for d in inside if d.start >= figure.number.end and not _label(seg, d)]
    earlier = [d for d in usable if sentence.start < d.end and d.end <= start]
    earlier = [d for d in earlier if not _past_now(d, start, nows)]
    if figure.lexicon.date_position == "before" and (before or earlier):
        if before:
            return before[-1], "clause"
        if after and _dates_another(seg, earlier[-1], figure, figures):
            return after[0], "clause"  # the earlier date is a neighbouring clause's own
        return earlier[-1], "sentence"
    if before or after:
        taken = bool(before and after and _taken(seg, before[-1], figure, figures))
        penalty = 10 * MAX_QUOTE if taken else 0  # the nearest date before is another's
        near = [
            (start - d.end + _across(seg, figure, d.end, start) + penalty, 0, d) for d in before
        ]
        near += [(d.start - figure.number.end, 1, d) for d in after]
        return min(near, key=lambda item: (item[0], item[1]))[2], "clause"
    trailing = _trailing(seg, figure, usable, figures)
    if trailing is not None:
        return trailing, "clause"
    if earlier:
        return earlier[-1], "sentence"
    paragraph = seg.paragraph(start)
    earlier = [d for d in usable if paragraph.start <= d.start and d.end <= start]
    earlier = [d for d in earlier if not d.since and not d.attributive]  # of its sentence
    earlier = [d for d in earlier if not _past_now(d, start, nows)]
    if earlier and start - earlier[-1].end < MAX_QUOTE:
        return earlier[-1], "paragraph"
    return None, "fallback"


def _trailing(
    seg: Segmented, figure: Figure, usable: list[DateExpr], figures: list[Figure]
) -> DateExpr | None:
    """The date of the clause right after the figure's in its sentence, when that clause
    holds no figure (“grew by 15 per cent, in the space of ten years.”); None otherwise, or
    when the clause before the figure's holds a date and no figure (“in 1829, 100 francs”)."""
    clause, sentence = figure.clause, seg.sentence(figure.number.start)
    following = seg.clause(clause.end + 1)
    if following.start <= clause.start or following.end > sentence.end:
        return None
    previous = seg.clause(clause.start - 2)
    dated_before = (
        previous.end <= clause.start
        and previous.start >= sentence.start
        and not any(previous.start <= f.number.start < previous.end for f in figures)
        and any(previous.start <= d.start and d.end <= previous.end for d in usable)
    )
    if dated_before:
        return None
    if any(following.start <= f.number.start < following.end for f in figures):
        return None
    found = [d for d in usable if following.start <= d.start and d.end <= following.end]
    return found[0] if found else None


def _label(seg: Segmented, expr: DateExpr) -> bool:
    """Whether a colon follows the date (“1875: 1489”): a label of what follows it."""
    return seg.raw[expr.end : expr.end + 3].lstrip(" \t").startswith(":")


def _dates_another(seg: Segmented, expr: DateExpr, figure: Figure, figures: list[Figure]) -> bool:
    """Whether a figure other than `figure` follows `expr` in the clause of `expr`."""
    clause = seg.clause(expr.start)
    return any(
        f is not figure
        and clause.start <= f.number.start < clause.end
        and f.number.start > expr.end
        for f in figures
    )


def _brackets(text: str) -> list[tuple[int, int]]:
    """The spans of the round brackets of `text` that close, innermost first."""
    found: list[tuple[int, int]] = []
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            found.append((opened.pop(), index + 1))
        elif char == "\n" and opened and index - opened[-1] > 400:
            opened.clear()  # a bracket that never closes near it
    return sorted(found, key=lambda span: span[1] - span[0])


def _box(boxes: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in boxes if a <= start and end <= b), None)


def _reachable(
    dates: list[DateExpr], figure: Figure, boxes: list[tuple[int, int]], figures: list[Figure]
) -> list[DateExpr]:
    """The dates that may date `figure`: one in brackets dates the figures inside them, or
    the figure right before them when they hold no figure of their own; a figure in brackets
    that hold a date takes a date of its brackets."""
    number = figure.number
    own = _box(boxes, number.start, number.end)
    if own is not None:
        inner = [d for d in dates if own[0] <= d.start and d.end <= own[1]]
        if inner:
            return inner
    found = []
    for expr in dates:
        box = _box(boxes, expr.start, expr.end)
        if box is not None and not (box[0] <= number.start and number.end <= box[1]):
            others = [
                f
                for f in figures
                if f is not figure and box[0] <= f.number.start and f.number.end <= box[1]
            ]
            if others or number.start >= box[1]:
                continue  # a date in brackets dates no figure after them
        found.append(expr)
    return found


def _heading(
    seg: Segmented, figure: Figure, dates: list[DateExpr], figures: list[Figure]
) -> DateExpr | None:
    """The last date of the heading line above the figure's paragraph: a short line that is a
    paragraph of its own right above it, or the paragraph's first line when the figure's line
    is a short row under it; a line that holds a date, no figure, and no sentence running on
    into the next line (hard-wrapped prose has no heading)."""
    paragraph = seg.paragraph(figure.number.start)
    first = seg.line_index(paragraph.start)
    candidates = []
    line = seg.line_index(figure.number.start)
    row = _line(seg, line)
    after = seg.raw[figure.number.end : seg.line_starts[line] + len(row)]
    if line != first and len(row.strip()) <= 80 and not re.search(r"[^\W\d_]", after):
        candidates.append(first)  # a row that ends with its number, under the first line
    previous = first - 1
    while previous >= 0 and not _line(seg, previous).strip():
        previous -= 1
    above = previous - 1
    if previous >= 0 and (above < 0 or not _line(seg, above).strip()):
        candidates.append(previous)  # a paragraph of one line
    for index in candidates:
        begin = seg.line_starts[index]
        text = _line(seg, index)
        end = begin + len(text)
        if len(text.strip()) > 160 or any(begin <= f.number.start < end for f in figures):
            continue
        following = _line(seg, index + 1).lstrip()[:1] if index + 1 < len(seg.line_starts) else ""
        if index == first and (text.rstrip()[-1:] in "-,;" or following.islower()):
            continue  # a sentence that runs on into the next line
        found = [d for d in dates if begin <= d.start and d.end <= end + 1]
        if found:
            return found[-1]
    return None


def _line(seg: Segmented, index: int) -> str:
    begin = seg.line_starts[index]
    end = seg.line_starts[index + 1] if index + 1 < len(seg.line_starts) else len(seg.raw)
    return seg.raw[begin:end].rstrip("\r\n")


def _across(seg: Segmented, figure: Figure, start: int, end: int) -> int:
    """A date before a figure across a "to" word (с X в 1901 году до Y) dates the other end:
    a penalty that lets the date after the figure win."""
    if re.search(r"[0-9]", seg.raw[start:end]):
        return 0  # “in 1901 from X to Y”: the date is before both ends
    words = [w for w, _, _ in seg.words(start, end)]
    return 10 * MAX_QUOTE if any(_to_word(figure, w) for w in words) else 0


def _taken(seg: Segmented, expr: DateExpr, figure: Figure, figures: list[Figure]) -> bool:
    """Whether a date before `figure` follows another figure of its clause with at most two
    words between them (its unit: “11 pence a year ago and 14 pence two years ago”): that
    figure's date, when a date after `figure` may be its own."""
    clause = figure.clause
    for other in figures:
        if other is figure or not clause.start <= other.number.start < expr.start:
            continue
        between = seg.raw[other.number.end : expr.start]
        near = len(seg.words(other.number.end, expr.start)) <= 2
        if other.number.end <= expr.start and not re.search(r"[0-9]", between) and near:
            return True
    return False


def _to_word(figure: Figure, word: str) -> bool:
    return any(f.matches([word], 0) for f in figure.lexicon.to_words if len(f.parts) == 1)


def _parallel_dates(draft: SeedDraft, usable: list[DateExpr]) -> None:
    """A clause whose n dates all precede its n figures ("from April of one year to January of
    another the cells grew from A to B"), and from … to pairs without dates of their own after a
    dated pair in the same sentence, take the dates in order."""
    by_clause: dict[tuple[int, int], list[Figure]] = {}
    for figure in draft.figures:
        by_clause.setdefault((figure.clause.start, figure.clause.end), []).append(figure)
    for (start, end), figures in by_clause.items():
        dates = [d for d in usable if start <= d.start and d.end <= end]
        if (
            len(dates) >= 2
            and len(dates) == len(figures)
            and dates[-1].end <= figures[0].number.start
        ):
            for figure, expr in zip(figures, dates, strict=True):
                figure.date, figure.date_from = expr, "pairs"
    pairs = [
        f
        for f in draft.figures
        if f.partner is not None and f.partner is not f and f.number.start < f.partner.number.start
    ]
    last: tuple[Figure, Figure] | None = None
    for first in pairs:
        second = first.partner
        assert second is not None
        own = first.date_from == "clause" and second.date_from == "clause"
        if own and first.date is not second.date:
            last = (first, second)
            continue
        if own and last is not None and first.date and first.date.start > last[1].number.end:
            continue  # a date of its own clause, printed after the dated pair
        if last is not None and draft.seg.sentence(last[0].number.start) == draft.seg.sentence(
            first.number.start
        ):
            for figure, model in ((first, last[0]), (second, last[1])):
                figure.date, figure.date_from = model.date, "sentence"


def place_quote(
    draft: SeedDraft, figure: Figure, patterns: list[tuple[int, int, str, str, int]]
) -> None:
    seg = draft.seg
    number = figure.number
    start, end = figure.clause.start, figure.clause.end
    if end - start > 2 * MAX_QUOTE // 3:  # a long clause: the words around the number
        start = max(start, seg.raw.rfind(" ", start, max(start, number.start - 200)) + 1)
        space = seg.raw.find(" ", min(end, number.end + 200), end)
        end = space if space != -1 else end
    date = figure.date
    if date is not None:
        joined = (min(start, date.start), max(end, date.end))
        if joined[1] - joined[0] <= 2 * MAX_QUOTE:  # within the 1500 of provenance.quote-length
            start, end = joined
        else:
            figure.date_quote = Span(date.start, date.end)
    keep = (
        min(number.start, date.start if date and not figure.date_quote else number.start),
        max(number.end, date.end if date and not figure.date_quote else number.end),
    )
    start, end = trim(seg.raw, start, end, keep)
    figure.quote = Span(start, end)
    sentence = seg.sentence(number.start)
    for a, b, category, _, _ in patterns:
        if category == "footnote-mark" and end <= a < sentence.end + 8:
            figure.citation = seg.raw[a:b].strip()
            break


def date_exclusions(draft: SeedDraft, runs: list[tuple[int, int]]) -> None:
    """Each date that holds an unaccounted run of digits no figure's quote takes in: a year of
    a name as a `name`, any other as a `narrative-year`. A date that dates a proposed figure is
    never excluded: it is taken into that figure's quote, or its date quote."""
    for figure in draft.figures:
        expr = figure.date
        quote = figure.quote
        if expr is None or figure.date_quote is not None or quote is None:
            continue
        if not (quote.start <= expr.start and expr.end <= quote.end):
            figure.date_quote = Span(expr.start, expr.end)
    dating = {id(f.date) for f in draft.figures if f.date is not None}
    spans = _stated(draft)
    excluded = [(e.start, e.end) for e in draft.exclusions]
    for expr in draft.dates:
        if id(expr) in dating:
            continue
        held = [(a, b) for a, b in runs if expr.start <= a and b <= expr.end]
        open_runs = [r for r in held if inside(spans, *r) < 0 and inside(excluded, *r) < 0]
        if not open_runs:
            continue
        read = f", read as {expr.describe()}" if expr.period else ""
        if expr.name:
            draft.exclusions.append(
                Exclusion(
                    expr.start,
                    expr.end,
                    "name",
                    f"A date{read} that is part of a name (“{expr.name}” before it; pattern "
                    f"{expr.pattern}): it names, it dates no figure tekser draft proposes.",
                    70,
                )
            )
            continue
        draft.exclusions.append(
            Exclusion(
                expr.start,
                expr.end,
                "narrative-year",
                f"A date{read} (pattern {expr.pattern}) that dates no figure tekser draft "
                "proposes; "
                "if it dates an event, a claim or a term, capture it in that table instead.",
                70,
            )
        )


def drop_covered(draft: SeedDraft) -> None:
    """Exclusions whose numbers a figure states (its printed number, or its printed date)
    would exclude nothing; a number that only lies in some quote is not stated by it."""
    spans = _stated(draft)
    kept = []
    for exclusion in draft.exclusions:
        runs = [
            m.span() for m in re.finditer("[0-9]+", draft.seg.raw[exclusion.start : exclusion.end])
        ]
        runs = [(a + exclusion.start, b + exclusion.start) for a, b in runs]
        if any(inside(spans, a, b) < 0 for a, b in runs):
            kept.append(exclusion)
    draft.exclusions = kept


def _stated(draft: SeedDraft) -> list[tuple[int, int]]:
    """The spans a proposed figure states: its printed number and its printed date."""
    spans = [(f.number.start, f.number.end) for f in draft.figures]
    spans += [(f.date.start, f.date.end) for f in draft.figures if f.date is not None]
    return spans


def fallback_period(
    draft: SeedDraft, source_row: dict[str, str], today: date, figure: Figure | None = None
) -> tuple[date, date, str]:
    """The period of a figure with no date printed near it, and the note that says so: the
    period the source covers, else the date the text printed last before `figure`
    (period_carry.py), else the years of the seed's dates; never a date read for it:
    `date_printed` stays empty."""
    said = (
        "no date is printed near this figure (its clause, sentence, paragraph or the heading "
        "above it): give its period; "
    )
    try:
        first = date.fromisoformat(source_row.get("period_start", ""))
        last = date.fromisoformat(source_row.get("period_end", ""))
        return first, last, said + "until then, the period the source covers"
    except ValueError:
        pass
    carried = carried_date(draft, figure) if figure is not None else None
    if carried is not None and carried.period is not None:
        first, last = carried.period
        return (
            first,
            last,
            said + f"until then, that of {carried.describe()}, the date printed last before it",
        )
    periods = [d.period for d in draft.dates if d.period is not None]
    if periods:
        first = min(p[0] for p in periods).replace(month=1, day=1)
        last = max(p[1] for p in periods).replace(month=12, day=31)
        return first, last, said + "until then, the years the seed's dates span"
    return (
        date(today.year, 1, 1),
        date(today.year, 12, 31),
        "no date is printed anywhere in the seed: give this figure's period; until then, "
        "a placeholder of the current year",
    )
