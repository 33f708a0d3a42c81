"""A word of a clause is said of the figures of its own prose, not of a table's rows above it:
a scan read as text often runs a table's rows (no stop between them) into the sentence under
the table ("… 1862 240 15 / 1872 318 24 / The yearly average growth of 2.9 per cent …"), so
the clause that holds the word of an average or a plan also holds every row. A reader takes
such a word for the sentence after the table only.

A figure of a row (a line that a figure ends, beside another such line) keeps a statistic a
clause word gave it when that word stands in the clause before the end of the figure's line
(its own row or a heading above it); a word only after it, past the rows, is undone: the
figure takes its unit's statistic back, and says so in its reasons."""

from __future__ import annotations

from itertools import pairwise

from tekser.authoring.drafting.model import Figure, SeedDraft, year_like
from tekser.authoring.drafting.unit_rows import is_row


def _row_lines(draft: SeedDraft) -> set[int]:
    """The indexes of the lines that are a table's rows: a figure ends them, and the line
    before or after (blank lines between allowed) is one too."""
    seg = draft.seg
    by_line: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        by_line.setdefault(seg.line_index(figure.number.start), []).append(figure)
    rows = sorted(line for line, figures in by_line.items() if is_row(draft, figures))
    table: set[int] = set()
    for above, below in pairwise(rows):
        between = seg.raw[seg.line_starts[above + 1] : seg.line_starts[below]]
        if not between.strip():
            table.update((above, below))
    return table


def _line_end(draft: SeedDraft, offset: int) -> int:
    end = draft.seg.raw.find("\n", offset)
    return len(draft.seg.raw) if end < 0 else end


def row_statistics(draft: SeedDraft) -> None:
    """Undo a clause word's statistic on a table's rows above it (module docstring)."""
    seg = draft.seg
    rows: set[int] | None = None
    for figure in draft.figures:
        if figure.statistic in ("count", "amount", "share") or year_like(figure.number):
            continue
        said = [
            e
            for e in figure.lexicon.statistics
            if e.values["position"] == "clause" and e.values["statistic"] == figure.statistic
        ]
        if not said:
            continue
        if rows is None:
            rows = _row_lines(draft)
        if seg.line_index(figure.number.start) not in rows:
            continue
        end = min(figure.clause.end, _line_end(draft, figure.number.end))
        before = [w for w, _, _ in seg.words(figure.clause.start, end)]
        if any(e.match(before, i) for e in said for i in range(len(before))):
            continue  # its own row or a heading above it says it
        after = [w for w, _, _ in seg.words(end, figure.clause.end)]
        if not any(e.match(after, i) for e in said for i in range(len(after))):
            continue  # set by other words (a range, a word right by it)
        word = next(e.label(after, i) for e in said for i in range(len(after)) if e.match(after, i))
        old = figure.statistic
        figure.statistic = figure.unit_statistic or "count"
        figure.reasons = [r for r in figure.reasons if not r.startswith(f"statistic {old} ")]
        figure.reasons.append(
            f"statistic {figure.statistic}: “{word}” stands after its table's rows, said of "
            "the sentence under the table, not of this row"
        )
