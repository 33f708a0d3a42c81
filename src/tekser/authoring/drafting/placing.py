"""Where a proposed figure's date and quote come from: the nearest date of its clause (before
it, in languages that put dates first), earlier in its sentence or paragraph, or dates taken in
order; its quote is the clause with that date."""

from __future__ import annotations

import re
from datetime import date

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import MAX_QUOTE, Exclusion, Figure, SeedDraft, inside
from tekser.authoring.drafting.segment import Segmented, Span, trim

# -- dates and quotes --------------------------------------------------------------------------


def assign_dates(draft: SeedDraft) -> None:
    seg = draft.seg
    usable = [d for d in draft.dates if d.period is not None]
    for figure in draft.figures:
        start = figure.number.start
        clause, sentence = figure.clause, seg.sentence(start)
        inside = [d for d in usable if clause.start <= d.start and d.end <= clause.end]
        before = [d for d in inside if d.end <= start]
        after = [d for d in inside if d.start >= figure.number.end]
        choice: DateExpr | None = None
        earlier = [d for d in usable if sentence.start <= d.start and d.end <= start]
        if figure.lexicon.date_position == "before" and (before or earlier):
            choice = (before or earlier)[-1]
            figure.date, figure.date_from = choice, "clause" if before else "sentence"
            continue
        if before or after:
            near = [(start - d.end + _across(seg, figure, d.end, start), 0, d) for d in before]
            near += [(d.start - figure.number.end, 1, d) for d in after]
            choice = min(near, key=lambda item: (item[0], item[1]))[2]
        if choice is None and figure.lexicon.date_position == "before" and after:
            choice = after[0]
        if choice is not None:
            figure.date, figure.date_from = choice, "clause"
            continue
        earlier = [d for d in usable if sentence.start <= d.start and d.end <= start]
        if earlier:
            figure.date, figure.date_from = earlier[-1], "sentence"
            continue
        paragraph = seg.paragraph(start)
        earlier = [d for d in usable if paragraph.start <= d.start and d.end <= start]
        if earlier and start - earlier[-1].end < MAX_QUOTE:
            figure.date, figure.date_from = earlier[-1], "paragraph"
            continue
        figure.date_from = "fallback"
        figure.reasons.append("no date in its sentence or paragraph: the period is a placeholder")
    _parallel_dates(draft, usable)
    for figure in draft.figures:
        if figure.date is not None:
            where = {
                "clause": "in its clause",
                "sentence": "earlier in its sentence",
                "paragraph": "earlier in its paragraph",
                "pairs": "in its clause, in order",
            }[figure.date_from]
            figure.reasons.append(
                f"date {figure.date.describe()} {where} (pattern {figure.date.pattern})"
            )


def _across(seg: Segmented, figure: Figure, start: int, end: int) -> int:
    """A date before a figure across a "to" word (с X в 1901 году до Y) dates the other end:
    a penalty that lets the date after the figure win."""
    words = [w for w, _, _ in seg.words(start, end)]
    return 10 * MAX_QUOTE if any(_to_word(figure, w) for w in words) else 0


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
    """Each date that holds an unaccounted run of digits no figure's quote takes in."""
    spans = [(f.quote.start, f.quote.end) for f in draft.figures if f.quote]
    spans += [(f.date_quote.start, f.date_quote.end) for f in draft.figures if f.date_quote]
    excluded = [(e.start, e.end) for e in draft.exclusions]
    for expr in draft.dates:
        held = [(a, b) for a, b in runs if expr.start <= a and b <= expr.end]
        open_runs = [r for r in held if inside(spans, *r) < 0 and inside(excluded, *r) < 0]
        if not open_runs:
            continue
        read = f", read as {expr.describe()}" if expr.period else ""
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
    """Exclusions whose numbers a figure's quote already captures would exclude nothing."""
    spans = [(f.quote.start, f.quote.end) for f in draft.figures if f.quote]
    spans += [(f.date_quote.start, f.date_quote.end) for f in draft.figures if f.date_quote]
    kept = []
    for exclusion in draft.exclusions:
        runs = [
            m.span() for m in re.finditer("[0-9]+", draft.seg.raw[exclusion.start : exclusion.end])
        ]
        runs = [(a + exclusion.start, b + exclusion.start) for a, b in runs]
        if any(inside(spans, a, b) < 0 for a, b in runs):
            kept.append(exclusion)
    draft.exclusions = kept


def fallback_period(
    draft: SeedDraft, source_row: dict[str, str], today: date
) -> tuple[date, date, str]:
    """The period of an undated figure, and the note that says where it comes from."""
    try:
        first = date.fromisoformat(source_row.get("period_start", ""))
        last = date.fromisoformat(source_row.get("period_end", ""))
        return (
            first,
            last,
            (
                "no date printed in or near its clause: the period the source "
                "covers (sources.period_start…period_end); correct it"
            ),
        )
    except ValueError:
        pass
    periods = [d.period for d in draft.dates if d.period is not None]
    if periods:
        first = min(p[0] for p in periods).replace(month=1, day=1)
        last = max(p[1] for p in periods).replace(month=12, day=31)
        return (
            first,
            last,
            (
                "no date printed in or near its clause: the years the seed's "
                "dates span, a placeholder; correct it"
            ),
        )
    return (
        date(today.year, 1, 1),
        date(today.year, 12, 31),
        "no date printed anywhere in the seed: a placeholder; correct it",
    )
