"""The statistic a column's head gives its figures: a figure dated by the head of its column
(a year, then "Estimates"; a year, then "Accounts") is a plan or a target when the words of
that head are a plan's or a target's in the lexicon's `statistics` ("Voranschlag",
"estimates"), as a reader takes the column of a budget's estimates beside the column of the
last year's accounts."""

from __future__ import annotations

from tekser.authoring.drafting.model import SeedDraft

_PLANS = ("plan", "target")


def column_statistics(draft: SeedDraft) -> None:
    """Figures under a column head that names a plan or a target take that statistic."""
    seg = draft.seg
    for figure in draft.figures:
        if figure.date_from != "column" or figure.date is None:
            continue
        if figure.statistic not in ("amount", "count"):
            continue
        start = figure.date.start
        end = seg.raw.find("\n", start)
        words = [w for w, _, _ in seg.words(start, len(seg.raw) if end < 0 else end)]
        for entry in figure.lexicon.statistics:
            if entry.values["statistic"] not in _PLANS or entry.values["position"] != "clause":
                continue
            if entry.values.get("unit") and entry.values["unit"] != figure.unit:
                continue
            hit = next(
                (entry.label(words, i) for i in range(len(words)) if entry.match(words, i)), ""
            )
            if hit:
                figure.statistic = entry.values["statistic"]
                figure.reasons.append(
                    f"statistic {figure.statistic} from “{hit}”, the head of its column"
                )
                break
