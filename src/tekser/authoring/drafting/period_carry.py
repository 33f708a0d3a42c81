"""The period a figure with no date in reach is given until a person gives its own: the last
date the text printed before it, as a report's figures go on under the date its text last named
(a census year, a dateline). A date of a note, of a citation or of a name carries to nothing."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import Figure, SeedDraft
from tekser.authoring.drafting.segment import Segmented
from tekser.seeds.text import SourceText

# a note's paragraph opens with its mark: ²) or 2) or *) (or a superscript digit alone)
_NOTE = re.compile(r"\A\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\)?|\(?[0-9]{1,2}\)|\*{1,3}\)?)\s")
# a year followed by the issue or page of the work it dates: a citation's year
_CITED = re.compile(
    r"\A\s*[,.]?\s*(?:№|No\.|Nr\.|[Hh]eft|[Vv]ol\.|p\.|pp\.|S\.|стр\.|с\.|т\.)\s*[0-9]"
)


def carried_date(draft: SeedDraft, figure: Figure) -> DateExpr | None:
    """The last date printed before `figure` that may carry on to it: one with a period, not
    part of a name, no “since” (the start of a span) nor one of its own sentence only, not in
    a note's paragraph, not a citation's year, and not inside a number the drafting excluded
    (an issue, a page)."""
    seg = draft.seg
    excluded = [(e.start, e.end) for e in draft.exclusions]
    for expr in reversed(draft.dates):
        if expr.end > figure.number.start:
            continue
        if expr.period is None or expr.name or expr.since or expr.attributive:
            continue
        if any(a < expr.end and expr.start < b for a, b in excluded):
            continue
        if aside(seg, expr) or on_furniture(seg, expr):
            continue
        return expr
    return None


@lru_cache(maxsize=8)
def furniture_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the seed's page furniture (page numbers, running headers, a reading site's
    lines): a date printed there dates none of the source's figures."""
    from tekser.authoring.furniture import find_furniture

    return tuple((f.start, f.end) for f in find_furniture(SourceText(Path(""), text, "")))


def on_furniture(seg: Segmented, expr: DateExpr) -> bool:
    return any(a < expr.end and expr.start < b for a, b in furniture_spans(seg.raw))


def aside(seg: Segmented, expr: DateExpr) -> bool:
    """Whether `expr` is a citation's year (an issue or a page follows it) or a date of a
    note's paragraph (one that opens with its mark): it dates nothing outside its note."""
    if _CITED.match(seg.raw[expr.end : expr.end + 12]):
        return True
    paragraph = seg.paragraph(expr.start)
    return bool(_NOTE.match(seg.raw[paragraph.start : paragraph.start + 12]))
