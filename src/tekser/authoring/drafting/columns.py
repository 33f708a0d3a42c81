"""Tables whose columns are dated by a header: a line of dates alone above rows of numbers
(“1870. 1871.”), or the column heads printed one under the other, each opening with its date
(“1881. Estimates” then “1880. Final accounts”). A figure of a row under such a header takes
the date of its column, counted by its place among the numbers printed side by side."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from tekser.authoring.drafting.dates import DateExpr
from tekser.authoring.drafting.model import Figure, SeedDraft
from tekser.authoring.drafting.segment import Segmented

_MAX_ROWS = 120  # lines a header reaches at most
_HEAD_LINE = 80  # the longest line a column head is printed on
_GAP_LINES = 4  # lines without a date between two heads of one header


@dataclass(slots=True)
class _Header:
    dates: list[DateExpr]
    last_line: int  # the header's last line


def column_dates(draft: SeedDraft, dates: list[DateExpr]) -> None:
    """Each figure under a column header whose own line prints no date takes its column's
    date: the n numbers of a row side by side (only spaces, dots, stars between them) are the
    last n columns when there are as many or more of them than columns, repeating (a row that
    prints two years' pairs), the first ones when fewer."""
    seg = draft.seg
    if not dates or not draft.figures:
        return
    by_line: dict[int, list[DateExpr]] = {}
    for expr in dates:
        by_line.setdefault(seg.line_index(expr.start), []).append(expr)
    figure_lines: dict[int, list[Figure]] = {}
    for figure in draft.figures:
        figure_lines.setdefault(seg.line_index(figure.number.start), []).append(figure)
    headers = _headers(seg, by_line, figure_lines)
    for number, header in enumerate(headers):
        stop = headers[number + 1].dates[0] if number + 1 < len(headers) else None
        last = seg.line_index(stop.start) if stop is not None else len(seg.line_starts)
        last = min(last, header.last_line + 1 + _MAX_ROWS)
        for line in range(header.last_line + 1, last):
            if line in by_line or _prose(seg, line):
                break  # a date of its own, or a paragraph of prose: the table has ended
            for run in _runs(seg, sorted(figure_lines.get(line, []), key=_start)):
                for figure, column in zip(run, _columns(len(run), len(header.dates)), strict=True):
                    figure.date, figure.date_from = header.dates[column], "column"


def _start(figure: Figure) -> int:
    return figure.number.start


def _headers(
    seg: Segmented, by_line: dict[int, list[DateExpr]], figure_lines: dict[int, list[Figure]]
) -> list[_Header]:
    """The column headers of the seed, top to bottom: a line of dates alone (a word at most
    besides them), or two or more short lines each opening with a date of its own, a few
    lines apart, with no figure between them."""
    found: list[_Header] = []
    heads: list[tuple[int, DateExpr]] = []  # lines opening with a date, one under the other

    def close() -> None:
        if len(heads) >= 2 and len({d.period for _, d in heads}) == len(heads):
            found.append(_Header([d for _, d in heads], heads[-1][0]))
        heads.clear()

    for line in range(len(seg.line_starts)):
        if line in figure_lines:
            close()
            continue
        if heads and line - heads[-1][0] > _GAP_LINES:
            close()
        exprs = sorted(by_line.get(line, []), key=lambda d: d.start)
        if not exprs:
            continue
        text = _text(seg, line)
        begin = seg.line_starts[line]
        rest = text
        for expr in reversed(exprs):
            rest = rest[: expr.start - begin] + " " + rest[expr.end - begin :]
        if len(exprs) >= 2 and len(re.findall(r"[^\W\d_]+", rest)) <= 1:
            close()
            found.append(_Header(exprs, line))
            continue
        opens = not re.search(r"[^\W_]", text[: exprs[0].start - begin])
        if len(exprs) == 1 and opens and len(text.strip()) <= _HEAD_LINE:
            heads.append((line, exprs[0]))
        else:
            close()
    close()
    return sorted(found, key=lambda h: h.last_line)


def _text(seg: Segmented, line: int) -> str:
    begin = seg.line_starts[line]
    end = seg.line_starts[line + 1] if line + 1 < len(seg.line_starts) else len(seg.raw)
    return seg.raw[begin:end].rstrip("\r\n")


def _prose(seg: Segmented, line: int) -> bool:
    """A line of running prose: ten words or more, most of them in lower case, no leader
    dots (a table's row labels are short, capitalised or dotted)."""
    text = _text(seg, line)
    words: list[str] = re.findall(r"[^\W\d_]+", text)
    if len(words) < 10 or re.search(r"\.{3,}|…", text):
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower >= 0.7 * len(words)


def _runs(seg: Segmented, figures: list[Figure]) -> list[list[Figure]]:
    """The figures of one line in runs printed side by side: only spaces, dots, stars or
    brackets between one and the next."""
    runs: list[list[Figure]] = []
    for figure in figures:
        if runs:
            gap = seg.raw[runs[-1][-1].number.end : figure.number.start]
            if re.fullmatch(r"[\s.*…()\[\]]*", gap):
                runs[-1].append(figure)
                continue
        runs.append([figure])
    return runs


def _columns(count: int, columns: int) -> list[int]:
    """The column of each of `count` numbers side by side under `columns` dated columns."""
    if count < columns:
        return list(range(count))
    return [columns - 1 - ((count - 1 - i) % columns) for i in range(count)]


def inline_header_dates(draft: SeedDraft, dates: list[DateExpr]) -> None:
    """A header of two or more years side by side inside a line of a flattened table
    (“1761 1762 1763 Wheat 410 qrs. 388 qrs. 402 qrs. Barley 96 — 101 — 99 —”): the figures
    after it take its years in turn, while at most two words (a row's label, a unit word)
    stand between one figure and the next and no date comes between; only when they fill
    whole rows."""
    seg = draft.seg
    ordered = sorted(dates, key=lambda d: d.start)
    figures = sorted(draft.figures, key=_start)
    index = 0
    while index < len(ordered):
        run = [ordered[index]]
        while index + len(run) < len(ordered):
            following = ordered[index + len(run)]
            if not re.fullmatch(r"[ \t]+", seg.raw[run[-1].end : following.start]):
                break
            run.append(following)
        index += len(run)
        years = [d.year for d in run if d.year is not None and d.precision == "year"]
        if len(run) < 2 or len(years) < len(run) or years != sorted(years):
            continue
        if len(set(years)) < len(years) or not re.match(r"\s+[^\W\d_]", seg.raw[run[-1].end :]):
            continue  # a row of values after years, not a header
        block: list[Figure] = []
        end = run[-1].end
        for figure in figures:
            if figure.number.start < end:
                continue
            gap = seg.raw[end : figure.number.start]
            if len(seg.words(end, figure.number.start)) > 2 or re.search(r"[0-9]", gap):
                break
            block.append(figure)
            end = figure.number.end
        if not block or len(block) % len(run):
            continue
        for number, figure in enumerate(block):
            figure.date, figure.date_from = run[number % len(run)], "column"


def row_totals(draft: SeedDraft) -> None:
    """A table whose rows open with years (row_years.py) and whose last row runs on past the
    cells its other rows hold: the cells past them are the table's totals, of the years of
    all its rows (1760 … 1764, the total row after the row of 1764)."""
    seg = draft.seg
    labels = sorted(
        {
            id(f.date): f.date for f in draft.figures if f.date and f.date.pattern == "row-year"
        }.values(),
        key=lambda d: d.start,
    )
    tables: list[list[DateExpr]] = []
    for label in labels:
        if tables and not re.search(r"[^\W\d_]{3,}", seg.raw[tables[-1][-1].end : label.start]):
            tables[-1].append(label)
        else:
            tables.append([label])
    for table in tables:
        if len(table) < 3:
            continue
        rows = [[f for f in draft.figures if f.date is label] for label in table]
        sizes = {len(cells) for cells in rows[:-1]}
        last = sorted(rows[-1], key=_start)
        if len(sizes) != 1 or len(last) - min(sizes) < max(2, min(sizes) // 2):
            continue
        first_year, last_year = table[0].year, table[-1].year
        if first_year is None or last_year is None or first_year >= last_year:
            continue
        span = (date(first_year, 1, 1), date(last_year, 12, 31))
        total = replace(table[-1], period=span, precision="years")
        for figure in last[min(sizes) :]:
            figure.date = total
            figure.reasons.append(
                f"past the {min(sizes)} cells of each row of years: a total of the table's "
                f"years {first_year}…{last_year}"
            )
