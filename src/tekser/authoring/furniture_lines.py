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
