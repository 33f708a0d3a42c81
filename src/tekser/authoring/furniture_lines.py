"""Page furniture found line by line, for `tekser.authoring.furniture`: labels of notes and lists,
a digital library's titles of scanned pages and a reading site's statistics lines, a page's
header in capitals with its page number, a page number after a dash alone on its line.

* **labels**: the number that opens a note or a paragraph after a blank line ("1. Maggiolo…"),
  or a line after one that ends a sentence ("3. Third part …"); the marks of a list run into a
  sentence ("… changed 1) by adding …, 2) by leaving out …"), each with its neighbour.
* **a digital library or reading site**: a scanned page's title ("Page:Title, 1904.djvu/325",
  "Title.djvu # 11": `scan_titles`) and the lines of word statistics a reading site prints above
  a text (`site_lines`).
* **a page's header in capitals**: a line of capitals between blank lines, a page number at
  one end ("THE REPORT ON THE SCHOOLS. 212").
* **a dashed page number**: "— 17" alone between blank lines (a page number whose second dash
  the scan lost).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from tekser.seeds.text import SourceText

_YEARS = (1000, 2100)
_HEADER_LENGTH = 120


@dataclass(frozen=True, slots=True)
class Furniture:
    """A number (or a reference) of the seed that is furniture: its span, line and kind."""

    category: str  # page-number, running-header, aggregator, bibliographic-reference
    start: int
    end: int
    line: int
    reason: str
    page: int | None = None  # the page number it prints, when it prints one
    pattern: str = ""  # running headers: the pattern of every occurrence


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (files("tekser") / "lexicons" / "furniture.json").read_text("utf-8")
    )
    return data


_LABEL = re.compile(
    r"(?:\A|\n[ \t]*\n)[ \t]*([1-9][0-9]{0,2})[.)][ \t]+(?=[^\W\d_])"
    r"|(?<=[.:;!?])[ \t]*\n[ \t]*([1-9][0-9]?)[.)][ \t]+(?=[^\W\d_\s][^\W\d_]+)"
)


def labels(source: SourceText) -> list[Furniture]:
    """The label of a note or of a numbered paragraph: a number with a point or a bracket
    that opens a paragraph ("1. Maggiolo, les Écoles…", "2) The schools…"), or a line after
    one that ends a sentence, its word in capitals ("3. Third part …")."""
    found = []
    for match in _LABEL.finditer(source.text):
        group = 1 if match.group(1) is not None else 2
        if group == 2 and not source.text[match.end()].isupper():
            continue
        start, end = match.span(group)
        reason = f"The label that opens a note or a numbered paragraph (“{match.group().strip()}”)."
        found.append(Furniture("enumeration", start, end, source.line_of(start), reason))
    return found


_INLINE = re.compile(r"(?:(?<=[\s,;:])|^)([1-9][0-9]?)\)(?=[ \t\n]+[^\W\d_])", re.M)
_INLINE_REACH = 800  # characters between two marks of one list, at most


def inline_enumerations(source: SourceText) -> list[Furniture]:
    """The marks of a list run into a sentence ("… 1) by adding …, 2) by leaving out …"): a
    small number and a closing bracket before a word, with the mark before or after it in the
    run (N − 1 or N + 1) near."""
    marks = [(int(m.group(1)), m.start(1), m.end(1)) for m in _INLINE.finditer(source.text)]
    found = []
    for number, start, end in marks:
        near = [
            n
            for n, s, _ in marks
            if abs(s - start) <= _INLINE_REACH and n in (number - 1, number + 1)
        ]
        if near:
            reason = f"The mark of an item of a list run into a sentence (“{number})”)."
            found.append(Furniture("enumeration", start, end, source.line_of(start), reason))
    return found


@cache
def _scan_pattern() -> re.Pattern[str]:
    return re.compile("(?m)" + "|".join(f"(?:{p})" for p in _data()["scan_titles"]))


def scan_titles(source: SourceText) -> list[Furniture]:
    """A digital library's title of a scanned page ("Page:Title, 1904.djvu/325"), its
    digits all the library's, none the source's."""
    found = []
    for match in _scan_pattern().finditer(source.text):
        start, end = match.span()
        reason = f"The title of a digital library's scanned page (“{match.group().strip()}”)."
        found.append(Furniture("aggregator", start, end, source.line_of(start), reason))
    return found


@cache
def _site_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in _data()["site_lines"]]


def site_lines(source: SourceText) -> list[Furniture]:
    """A reading site's statistics of the text ("Total number of words is 3789"): its numbers
    count the site's words, none the source's."""
    found = []
    for pattern in _site_patterns():
        for match in pattern.finditer(source.text):
            start, end = match.span()
            while start < end and source.text[start].isspace():
                start += 1
            reason = (
                f"A reading site's statistics of the text (“{' '.join(match.group().split())}”)."
            )
            found.append(Furniture("aggregator", start, end, source.line_of(start), reason))
    return found


def _blank_around(lines: list[str], index: int) -> bool:
    before = index == 0 or not lines[index - 1].strip()
    after = index + 1 >= len(lines) or not lines[index + 1].strip()
    return before and after


def capital_headers(source: SourceText) -> list[Furniture]:
    """A page's header in capitals between blank lines, its page number at one end ("THE
    REPORT ON THE SCHOOLS. 212"): three words or more, no other digit, not a year."""
    text = source.text
    lines = text.split("\n")
    found: list[Furniture] = []
    offset = 0
    for index, line in enumerate(lines):
        begin, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped or len(stripped) > _HEADER_LENGTH or not _blank_around(lines, index):
            continue
        if len(re.findall(r"[0-9]+", stripped)) != 1:
            continue
        words = re.findall(r"[^\W\d_]{2,}", stripped)
        letters = "".join(words)
        if len(words) < 3 or not letters.isupper():
            continue
        match = re.search(r"^([0-9]{1,4})\b|\b([0-9]{1,4})\.?$", stripped)
        if match is None:
            continue
        group = 1 if match.group(1) is not None else 2
        number = int(match.group(group))
        if _YEARS[0] <= number <= _YEARS[1]:
            continue
        start = begin + line.index(stripped) + match.start(group)
        reason = f"A page's header in capitals with its page number (“{stripped}”)."
        found.append(
            Furniture(
                "page-number", start, start + len(match.group(group)), index + 1, reason, number
            )
        )
    return found


_DASHED = re.compile(r"[ \t]*[—–-]+[ \t]*([0-9]{1,4})[ \t]*|[ \t]*([0-9]{1,4})[ \t]*[—–-]+[ \t]*")


def dashed_pages(source: SourceText) -> list[Furniture]:
    """A page number after (or before) a dash alone on its line between blank lines ("— 17"),
    the other dash lost by the scan; not a year."""
    lines = source.text.split("\n")
    found: list[Furniture] = []
    offset = 0
    for index, line in enumerate(lines):
        begin, offset = offset, offset + len(line) + 1
        match = _DASHED.fullmatch(line)
        if match is None or not _blank_around(lines, index):
            continue
        group = 1 if match.group(1) is not None else 2
        number = int(match.group(group))
        if _YEARS[0] <= number <= _YEARS[1]:
            continue
        start, end = begin + match.start(group), begin + match.end(group)
        reason = f"A page number after a dash, alone on its line (“{line.strip()}”)."
        found.append(Furniture("page-number", start, end, index + 1, reason, number))
    return found


_ROW = re.compile(r"[ \t]*([1-9][0-9]{0,2})(?![0-9])[.)»’'*,:]*[ \t]+(?=\S)")
_ROW_RUN = 3  # rows numbered one after another, at least


def row_numbers(source: SourceText) -> list[Furniture]:
    """The numbers of a table's rows or a list's items: three lines or more in a row (blank
    lines between allowed) that open with 1, 2, 3 … — each the one before plus one — and go on
    with more ("1.» 1801 2,345" / "2.» 1811 2,456" / "3.» 1821 2,567")."""
    lines = source.text.split("\n")
    run: list[tuple[int, int, int, int]] = []  # number, start, end, line
    found: list[Furniture] = []

    def close() -> None:
        if len(run) >= _ROW_RUN:
            shown = f"{run[0][0]}, {run[1][0]}, … {run[-1][0]}"
            reason = (
                f"The number of a row or an item: lines that open with numbers one after "
                f"another ({shown})."
            )
            found.extend(Furniture("enumeration", s, e, line, reason) for _, s, e, line in run)
        run.clear()

    offset = 0
    for index, line in enumerate(lines):
        begin, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        match = _ROW.match(line)
        if match is None:
            close()
            continue
        number = int(match.group(1))
        if run and number != run[-1][0] + 1:
            close()
        run.append((number, begin + match.start(1), begin + match.end(1), index + 1))
    close()
    return found


_PAGER = re.compile(r"[ \t]*(?:[0-9]{1,4}[ \t]+|(?:\.\.\.|…)[ \t]+)+[0-9]{1,4}[ \t]*")


def pager_bars(source: SourceText) -> list[Furniture]:
    """A viewer's bar of links to its pages ("1  2  3  4  5  …  20"): a line of four numbers or
    more, the first 1 or 2, each the one before plus one until an ellipsis, the last the
    largest."""
    found: list[Furniture] = []
    offset = 0
    for index, line in enumerate(source.text.split("\n")):
        begin, offset = offset, offset + len(line) + 1
        if _PAGER.fullmatch(line.rstrip("\r")) is None:
            continue
        runs = list(re.finditer(r"[0-9]+", line))
        numbers = [int(r.group()) for r in runs]
        head = numbers[: len(re.split(r"\.\.\.|…", line)[0].split())]
        if len(numbers) < 4 or head[0] not in (1, 2) or len(head) < 3:
            continue
        if any(b != a + 1 for a, b in pairwise(head)):
            continue
        if numbers[-1] != max(numbers):
            continue
        reason = f"A viewer's bar of links to its pages (“{' '.join(line.split())}”)."
        start, end = begin + runs[0].start(), begin + runs[-1].end()
        found.append(Furniture("aggregator", start, end, index + 1, reason))
    return found


_LIST_MARK = re.compile(r"[ \t]*[-–•*][ \t]*")


def metadata_blocks(source: SourceText) -> list[Furniture]:
    """A digital library's catalogue record printed as a list of keys and values ("- Pages" /
    "- 546"): three keys of `metadata_keys` or more, each on its marked line with its value on
    the next; every number of a value is the library's."""
    keys = {k.casefold() for k in _data()["metadata_keys"]}
    lines = source.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[Furniture] = []
    index = 0
    while index + 1 < len(lines):
        pairs: list[int] = []  # the lines of the values
        at = index
        while at + 1 < len(lines):
            key, value = _LIST_MARK.match(lines[at]), _LIST_MARK.match(lines[at + 1])
            if key is None or value is None or re.search("[0-9]", lines[at]):
                break
            if not 1 <= len(lines[at][key.end() :].split()) <= 3:
                break
            pairs.append(at + 1)
            at += 2
        named = sum(1 for v in pairs if lines[v - 1].strip(" \t-–•*\r").casefold() in keys)
        if named >= 3:
            reason = "A value of a digital library's catalogue record (a list of keys and values)."
            for row in pairs:
                for run in re.finditer(r"[0-9]+(?:[.,][0-9]+)*", lines[row]):
                    start = starts[row] + run.start()
                    found.append(
                        Furniture("aggregator", start, start + len(run.group()), row + 1, reason)
                    )
        index = at + 1 if pairs else index + 1
    return found


_MARK = re.compile(r"(?<![0-9(])(\()?([1-9][0-9]?)\)(?![0-9])")
_NOTE_REACH = 3000  # characters between a footnote's mark and its note, at most


def note_marks(source: SourceText) -> list[Furniture]:
    """A footnote's mark in the text ("… the villages 1).", "… tons (1) ;") and the same mark
    opening its note further on — at a line's start or after a sentence's end ("1) Not
    counted …", "(1) In these data …"): both are the note's, neither counts."""
    text = source.text
    marks = list(_MARK.finditer(text))
    found: list[Furniture] = []
    for index, mark in enumerate(marks):
        if not re.search(r"[^\W\d_][ \t]*\(?$", text[max(0, mark.start() - 3) : mark.start(2)]):
            continue  # the mark follows a word
        for note in marks[index + 1 :]:
            if note.start() - mark.end() > _NOTE_REACH:
                break
            if note.group(1) != mark.group(1) or note.group(2) != mark.group(2):
                continue
            before = text[text.rfind("\n", 0, note.start()) + 1 : note.start()]
            opens = not before.strip() or re.search(r"[.!?][ \t]*$", before) is not None
            if not opens or not re.match(r"[ \t]*[^\W\d_]", text[note.end() :]):
                continue
            reason = (
                f"A footnote's mark (“{mark.group().strip()}”) and the note it opens further on."
            )
            for item in (mark, note):
                start, end = item.span(2)
                found.append(Furniture("footnote-mark", start, end, source.line_of(start), reason))
            break
    return found


_SIGNATURE_REACH = 8  # lines from a printer's signature to the page break, at most


def sheet_signatures(source: SourceText) -> list[Furniture]:
    """A printer's signature at the foot of a page: a number of one or two digits alone
    between blank lines, after which only blank lines or lines without digits (a library's
    stamp) come before the page break (a form feed)."""
    lines = source.text.split("\n")
    found: list[Furniture] = []
    offset = 0
    for index, line in enumerate(lines):
        begin, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not re.fullmatch(r"[1-9][0-9]?", stripped) or not _blank_around(lines, index):
            continue
        for after in lines[index + 1 : index + 1 + _SIGNATURE_REACH]:
            if "\f" in after:
                start = begin + line.index(stripped)
                reason = f"A printer's signature (“{stripped}”) alone at the foot of a page."
                found.append(
                    Furniture("page-number", start, start + len(stripped), index + 1, reason)
                )
                break
            if re.search("[0-9]", after):
                break
    return found


def line_furniture(source: SourceText) -> list[Furniture]:
    """All the furniture found line by line, in the order of the finders."""
    finders = (
        scan_titles,
        labels,
        site_lines,
        capital_headers,
        dashed_pages,
        inline_enumerations,
        row_numbers,
        pager_bars,
        metadata_blocks,
        note_marks,
        sheet_signatures,
    )
    return [item for finder in finders for item in finder(source)]
