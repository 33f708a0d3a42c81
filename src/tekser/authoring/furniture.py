"""Page furniture and footnote references of a seed: numbers that are not statements of the
source, found from the layout of the text and the words of `lexicons/furniture.json`.

* **page lines**: a line that holds only a page number — bare ("12") between blank lines or page
  breaks, in a run of increasing numbers (not a year: a year alone on its line heads a
  table); or decorated ("— 12 —", "- 12 -", "[12]", "page 12", "p. 12", "S. 12", "стр. 12",
  "бет 12", "12-бет") anywhere.
* **running headers and footers**: lines that repeat, up to one run of digits that changes
  and grows from one to the next (a page number at the start, at the end, before or after a
  tab — not inside a sentence), at least `HEADER_REPEATS` times, some lines apart.
* **a page's title line**: the first line of the text when it is a title with its page number at
  either end ("120 Deutschland.", "THE SCHOOLS 12"); a page number on its line right above the
  page's title in capitals ("302" / "LE RÉGIME MODERNE"); a header a page break set in the
  text (printed twice, or inside a sentence).
* **a reading site's pager**: "page 3 of 120 (2%)", "Seite 3 von 120", "страница 3 из 120"; a
  digital library's title of a scanned page ("Page:Title, 1904.djvu/325", `scan_titles`).
* **labels**: the number that opens a note or a paragraph after a blank line ("1. Maggiolo…").
* **footnote references**: the year and pages of a cited work ("Smith 1890, p. 45"), a repeated
  citation ("Ibid., pp. 12–14", "op. cit., p. 12", "Там же. С. 45"), a volume and a page
  ("т. 2, с. 45", "Bd. 3, S. 123 f.") and a page cited after a comma ("…, S. 123 f.").

`tekser init` (`tekser.authoring.guesses`) and `tekser draft` propose them as exclusions.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise

from tekser.authoring.drafting.model import Exclusion
from tekser.authoring.furniture_lines import Furniture, line_furniture, site_lines
from tekser.seeds.text import SourceText

HEADER_REPEATS = 3
HEADER_GAP = 3  # lines between two occurrences of a running header, at least
HEADER_LENGTH = 120  # a longer line is text, not a header
YEARS = (1000, 2100)  # a bare number in this range alone on its line is read as a year
_DIGITS = re.compile(r"[0-9]+")
_LETTER = re.compile(r"[^\W\d_]")
_DASHES = "-–—‒―·•*~=_"
_BARE = re.compile(r"[1-9][0-9]{0,3}")
_YEAR = r"(?:1[5-9][0-9]{2}|20[0-9]{2})[a-z]?"
_WORDS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class _Words:
    page: str
    page_after: str
    of: str
    volume: str
    volume_named: str  # a volume's word of two letters or more, not a number sign (№, no.)
    citation: str
    following: str
    conjunction: str


def _alternation(words: list[str]) -> str:
    """The words as one regex alternation, longest first; a space matches any spaces, and a
    word that ends in a letter must end there."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = r"\s*".join(re.escape(part) for part in word.split())
        parts.append(escaped + (r"(?![^\W\d_])" if _LETTER.match(word[-1]) else ""))
    return "(?:" + "|".join(parts) + ")"


@cache
def _words() -> _Words:
    data = json.loads((files("tekser") / "lexicons" / "furniture.json").read_text("utf-8"))
    return _Words(
        page=_alternation(data["page_words"]),
        page_after=_alternation(data["page_words_after"]),
        of=_alternation(data["of_words"]),
        volume=_alternation(data["volume_words"]),
        volume_named=_alternation(
            [v for v in data["volume_words"] if len(v.rstrip(".")) > 1 and v not in ("no.", "№")]
        ),
        citation=_alternation(data["citation_words"]),
        following=_alternation(data["following_marks"]),
        conjunction=_alternation(data["and_words"]),
    )


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    w = _words()
    start = r"(?<![^\W\d_])"
    page = r"[0-9]{1,5}(?:\s*[-–—]\s*[0-9]{1,5})?"
    more = rf"(?:\s*(?:,|{w.conjunction})\s*{page}(?![0-9.,]*[0-9]|\s*[^\W\d_]{{2,}}))*"
    pages = rf"{page}{more}(?:\s*{w.following})?"
    page_ref = rf"{start}{w.page}\s*{pages}"
    volume_ref = rf"{start}{w.volume}\s*(?:[0-9]{{1,4}}|[IVXLC]{{1,6}})(?![0-9])"
    decor = f"[{re.escape(_DASHES)}]"
    return {
        "decorated": re.compile(
            rf"(?i)\s*(?:{decor}+\s*(?P<a>[0-9]{{1,4}})\s*{decor}+"
            rf"|\[\s*(?P<b>[0-9]{{1,4}})\s*\]"
            rf"|{decor}*\s*{w.page}\s*(?P<c>[0-9]{{1,4}})\s*{decor}*"
            rf"|(?P<d>[0-9]{{1,4}})\s*-?\s*{w.page_after}\s*)\s*"
        ),
        "aggregator": re.compile(
            rf"(?i){start}{w.page}\s*(?P<n>[0-9]{{1,5}})\s*(?:{w.of}|/)\s*[0-9]{{1,5}}"
            rf"(?:\s*\(\s*[0-9]{{1,3}}(?:[.,][0-9]+)?\s*%\s*\))?"
        ),
        # a viewer's page number between dashes after its page word ("Image of page - 12 -")
        "dashed_page": re.compile(
            rf"(?i){start}{w.page}[ \t]*{decor}+[ \t]*(?P<n>[0-9]{{1,4}})[ \t]*{decor}+(?![0-9])"
        ),
        # a volume named by its number alone ("Volume 20", "Bd. 3"): the work's, not a figure
        "volume": re.compile(
            rf"(?i){start}{w.volume_named}\s*(?:[0-9]{{1,4}}|[IVXLC]{{1,6}})(?![.,]?[0-9])"
        ),
        "citation": re.compile(
            "(?i)"
            + "|".join(
                (
                    # Ibid., p. 12 / op. cit., vol. 2, pp. 12–14 / Там же. С. 45
                    rf"{start}{w.citation}[.,]?\s*(?:{volume_ref}\s*[.,]?\s*)?{page_ref}",
                    # Ibid., 45 (a bare page only after the citation's own point or comma)
                    rf"{start}{w.citation}(?<=[.])\s*,?\s*[0-9]{{1,5}}(?:\s*[-–]\s*[0-9]{{1,5}})?"
                    rf"|{start}{w.citation}\s*[.,]\s*[0-9]{{1,5}}(?:\s*[-–]\s*[0-9]{{1,5}})?",
                    # Smith 1890, p. 45 / 1890, S. 123 f. / 1913, т. 2, с. 45
                    rf"(?<![0-9]){_YEAR}\s*[,:]\s*(?:{volume_ref}\s*[.,]?\s*)?{page_ref}",
                    # (Smith 1890: 45)
                    rf"(?<=\()[^()0-9\n]{{2,40}}?(?<![0-9]){_YEAR}\s*:\s*{pages}(?=\s*\))",
                    # т. 2, с. 45 / Bd. 3, S. 12 / vol 52 cc 269-70
                    rf"{volume_ref}\s*[.,]?\s*{page_ref}",
                    # т. II, 157, 314 (a volume in Roman numerals, then its pages)
                    rf"{start}{w.volume}\s*[IVXLC]{{1,6}}\s*,\s*[0-9]{{1,5}}{more}",
                    # Acta leg., I, 22 и 116 (a title's point, a volume in capitals, pages)
                    rf"(?<=[.],\s)(?-i:[IVXLC]{{1,6}})\s*,\s*[0-9]{{1,5}}{more}",
                    # …, p. 45 / (S. 123 f.)
                    rf"(?<=[,;(])\s*{page_ref}",
                    # Kraków 1892. p. 28 (after a point, on its line)
                    rf"(?<=[.])[ \t]*{page_ref}",
                )
            )
        ),
    }


def find_furniture(source: SourceText) -> list[Furniture]:
    """The furniture of the seed, in text order, none overlapping another."""
    found = _page_lines(source) + _running_headers(source) + _first_header(source)
    found += _broken_headers(source)
    found += line_furniture(source)
    found += _matches(source, "aggregator", "aggregator", _AGGREGATOR)
    found += _matches(source, "citation", "bibliographic-reference", _CITATION)
    found += _matches(source, "dashed_page", "page-number", _DASHED_PAGE)
    found += _matches(source, "volume", "bibliographic-reference", _VOLUME)
    kept: list[Furniture] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if not any(k.start < item.end and item.start < k.end for k in kept):
            kept.append(item)
    return kept


_AGGREGATOR = (
    "The pager of the reading site or aggregator the text was taken from (page N of M): "
    "it counts the site's screens, not the source's figures."
)
_DASHED_PAGE = "A page number between dashes after its page word: the page's, not a figure."
_VOLUME = "The number of a volume of the work: it names the volume, it counts nothing."
_CITATION = (
    "A footnote reference: the year, volume or pages of a cited work, not a statement of the "
    "source."
)


def _line_count(source: SourceText) -> int:
    count = len(source.line_starts)
    return count - 1 if source.text.endswith("\n") else count


def _blank(text: str) -> bool:
    return not text.strip(" \t\r\n\f\v\u00a0")


def _page_lines(source: SourceText) -> list[Furniture]:
    """Decorated page-number lines, and bare ones between blank lines in a run of growing
    numbers."""
    count = _line_count(source)
    lines = [source.line_text(n) for n in range(1, count + 1)]
    found: list[Furniture] = []
    bare: list[tuple[int, int, int]] = []  # line, offset, number
    pattern = _patterns()["decorated"]
    for index, raw in enumerate(lines):
        body = raw.rstrip("\r\n")
        stripped = body.strip(" \t\f\v\u00a0")
        if not stripped:
            continue
        begin = source.line_starts[index]
        if _BARE.fullmatch(stripped):
            before = index == 0 or _blank(lines[index - 1]) or "\f" in body
            after = index + 1 >= count or _blank(lines[index + 1]) or "\f" in lines[index + 1]
            if before and after:
                bare.append((index + 1, begin + body.index(stripped), int(stripped)))
            elif index + 1 < count and _capitals(lines[index + 1]) and not _year(stripped):
                offset, number = begin + body.index(stripped), int(stripped)
                title = lines[index + 1].strip()
                reason = (
                    f"A page number on its line above the page's title in capitals (“{title}”)."
                )
                found.append(
                    Furniture(
                        "page-number",
                        offset,
                        offset + len(stripped),
                        index + 1,
                        reason,
                        page=number,
                    )
                )
            continue
        match = pattern.fullmatch(body)
        if match is None:
            continue
        group = next(g for g in "abcd" if match.group(g) is not None)
        number = int(match.group(group))
        found.append(
            Furniture(
                "page-number",
                begin + match.start(group),
                begin + match.end(group),
                index + 1,
                f"A page number alone on its line (“{stripped}”).",
                page=number,
            )
        )
    bare = [b for b in bare if not YEARS[0] <= b[2] <= YEARS[1]]  # a year alone is a heading
    for position, (line, offset, number) in enumerate(bare):
        neighbours = bare[max(0, position - 1) : position] + bare[position + 1 : position + 2]
        if any(_pages_apart(a, b) for a, b in ((n, (line, offset, number)) for n in neighbours)):
            found.append(
                Furniture(
                    "page-number",
                    offset,
                    offset + len(str(number)),
                    line,
                    "A number alone between blank lines, in a run of growing numbers: a page "
                    "number.",
                    page=number,
                )
            )
    return found


def _first_header(source: SourceText) -> list[Furniture]:
    """The first line of the text when it is a page's running header: short, a title whose
    page number (1–4 digits, not a year) begins or ends it ("120 Deutschland.", "THE
    SCHOOLS 12"), no other digit on it; a short line with no digit above it, or a reading
    site's line, is passed over."""
    site = {item.line for item in site_lines(source)}
    for index in range(min(_line_count(source), 3)):
        body = source.line_text(index + 1).rstrip("\r\n")
        if _blank(body) or index + 1 in site:
            continue  # a blank line, or a reading site's line above the header
        stripped = body.strip()
        runs = list(_DIGITS.finditer(stripped))
        if not runs and len(body) <= HEADER_LENGTH:
            continue  # a site's line above the header ("Latin Common Turkic")
        if len(runs) != 1 or len(body) > HEADER_LENGTH or not _BARE.fullmatch(runs[0].group()):
            return []
        run, number = runs[0], int(runs[0].group())
        title = (stripped[run.end() :] if run.start() == 0 else stripped[: run.start()]).strip()
        at_edge = run.start() == 0 or run.end() == len(stripped)
        if not at_edge or YEARS[0] <= number <= YEARS[1] or len(_WORDS.findall(title)) < 1:
            return []
        start = source.line_starts[index] + body.index(stripped) + run.start()
        reason = (
            f"The first line of the text, a title with its page number (“{stripped}”): a "
            "running header."
        )
        return [
            Furniture("page-number", start, start + len(run.group()), index + 1, reason, number)
        ]
    return []


def _title_page(line: str) -> re.Match[str] | None:
    """The page number (not a year) at one end of a title line of 2–6 words ("Россия. 15")."""
    runs = list(_DIGITS.finditer(stripped := line.strip()))
    if len(runs) != 1 or not 2 <= len(stripped.split()) <= 6 or not _WORDS.search(stripped):
        return None
    at_edge = runs[0].start() == 0 or runs[0].end() == len(stripped)
    good = at_edge and _BARE.fullmatch(runs[0].group()) and not _year(runs[0].group())
    return runs[0] if good else None


def _broken_headers(source: SourceText) -> list[Furniture]:
    """A page's header that a page break set in a scanned text: printed twice, on its line and
    opening the next ("Губерния. 27" / "Губерния.  27 учителей…"); or a title of up to three
    words inside a sentence (the line before ends in a letter or "-", the next goes on in lower)."""
    found: list[Furniture] = []
    for index in range(1, _line_count(source)):
        body = source.line_text(index).rstrip("\r\n")
        if (run := _title_page(body)) is None:
            continue
        words, titles, number = body.split(), _WORDS.findall(body), int(run.group())
        following = source.line_text(index + 1).rstrip("\r\n")
        before = source.line_text(index - 1).rstrip() if index > 1 else ""
        spans: list[tuple[int, re.Match[str] | None]] = []
        if following.split()[: len(words)] == words:  # quoted whole: its number may repeat
            header = r"\s+".join(map(re.escape, words))
            spans = [(at, re.search(header, source.line_text(at))) for at in (index, index + 1)]
        elif len(words) <= 3 and len(titles) == 1 and titles[0][0].isupper():
            goes_on = following.lstrip()[:1].isalpha() and following.lstrip()[:1].islower()
            if goes_on and (before[-1:].isalpha() or before.endswith("-")):
                spans = [(index, re.search(re.escape(body.strip()), body))]
        reason = f"A page's header (“{' '.join(words)}”) that a page break set in the text."
        for line, match in spans:
            assert match is not None
            start, end = (source.line_starts[line - 1] + at for at in match.span())
            found.append(Furniture("page-number", start, end, line, reason, number))
    return found


def _year(digits: str) -> bool:
    return YEARS[0] <= int(digits) <= YEARS[1]


def _capitals(line: str) -> bool:
    """A running title: a short line of words in capitals, no digit ("LE RÉGIME MODERNE")."""
    words = _WORDS.findall(line)
    return (
        len(line.strip()) <= 60
        and bool(words)
        and not _DIGITS.search(line)
        and all(w.isupper() for w in words)
        and sum(map(len, words)) >= 6
    )


def _pages_apart(one: tuple[int, int, int], other: tuple[int, int, int]) -> bool:
    """Two bare lines read as page numbers: the later one larger, by a step no longer than
    the text between them could fill."""
    (line_a, _, a), (line_b, _, b) = sorted((one, other))
    gap = line_b - line_a
    return gap >= HEADER_GAP and 1 <= b - a <= max(2, gap // 2)


def _running_headers(source: SourceText) -> list[Furniture]:
    """Short lines that repeat up to one run of digits, which grows from one to the next."""
    groups: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for line in range(1, _line_count(source) + 1):
        text = source.line_text(line).rstrip("\r\n")
        stripped = text.strip()
        if len(stripped) > HEADER_LENGTH or not _DIGITS.search(stripped):
            continue
        skeleton = tuple(_DIGITS.split(stripped))
        if not any(_LETTER.search(part) or "\t" in part for part in skeleton):
            continue
        groups[skeleton].append((line, text))
    found: list[Furniture] = []
    for skeleton, occurrences in groups.items():
        if len(occurrences) < HEADER_REPEATS:
            continue
        kept = [occurrences[0]]
        for line, text in occurrences[1:]:
            if line - kept[-1][0] >= HEADER_GAP:
                kept.append((line, text))
        if len(kept) < HEADER_REPEATS:
            continue
        digits = [[m.group() for m in _DIGITS.finditer(text)] for _, text in kept]
        varying = [i for i in range(len(skeleton) - 1) if len({d[i] for d in digits}) > 1]
        if len(varying) != 1:
            continue  # identical lines are init's exact repeats; two changing runs are data
        at = varying[0]
        if not _at_an_edge(skeleton, at):
            continue  # a number inside a repeated sentence is a figure's
        values = [int(d[at]) for d in digits]
        if any(len(d[at]) > 4 for d in digits) or any(b <= a for a, b in pairwise(values)):
            continue
        pattern = _header_pattern(skeleton, digits[0], at)
        reason = (
            f"A line that repeats {len(kept)} times up to its page number, which grows from "
            f"one to the next ({values[0]}, {values[1]}, …): a running header or footer."
        )
        for (line, text), value in zip(kept, values, strict=True):
            begin = source.line_starts[line - 1]
            match = list(_DIGITS.finditer(text))[at]
            found.append(
                Furniture(
                    "running-header",
                    begin + match.start(),
                    begin + match.end(),
                    line,
                    reason,
                    page=value,
                    pattern=pattern,
                )
            )
            for other in list(_DIGITS.finditer(text)):
                if other is not match:  # the constant digits of the header (a year, an issue)
                    found.append(
                        Furniture(
                            "running-header",
                            begin + other.start(),
                            begin + other.end(),
                            line,
                            reason,
                            pattern=pattern,
                        )
                    )
    return found


def _at_an_edge(skeleton: tuple[str, ...], at: int) -> bool:
    """The run of digits `at` begins or ends the line (but for dashes, brackets, dots), or a
    tab stands before or after it."""
    before, after = skeleton[at], skeleton[at + 1]
    plain = f"{_DASHES}[]()., "
    return (
        not before.strip(plain)
        or not after.strip(plain)
        or before.endswith("\t")
        or after.startswith("\t")
    )


def _header_pattern(skeleton: tuple[str, ...], digits: list[str], at: int) -> str:
    """The pattern of a running header's lines: its words and constant digits as printed, its
    page number any number."""
    parts = []
    for index, words in enumerate(skeleton):
        parts.append(r"[ \t]+".join(escape(w) for w in re.split(r"[ \t]+", words)))
        if index < len(digits):
            parts.append("[0-9]{1,4}" if index == at else digits[index])
    return rf"(?m)^[ \t]*{''.join(parts)}[ \t]*\r?$"


def _matches(source: SourceText, name: str, category: str, reason: str) -> list[Furniture]:
    found = []
    for match in _patterns()[name].finditer(source.text):
        start, end = match.span()
        while start < end and source.text[start].isspace():
            start += 1
        if not _DIGITS.search(source.text, start, end):
            continue
        page = match.groupdict().get("n")
        found.append(
            Furniture(
                category,
                start,
                end,
                source.line_of(start),
                f"{reason} (“{' '.join(source.text[start:end].split())}”)",
                page=int(page) if page else None,
            )
        )
    return found


def escape(text: str) -> str:
    """`re.escape`, readable: plain spaces kept, other spaces and invisibles as \\uXXXX."""

    def one(c: str) -> str:
        if c == " " or (c.isprintable() and not c.isspace()):
            return re.escape(c) if c != " " else c
        return f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"

    return "".join(map(one, text))


def furniture_exclusions(source: SourceText, runs: list[tuple[int, int]]) -> list[Exclusion]:
    """The page furniture and footnote references of the seed that hold an unaccounted run of
    digits, as exclusions: a running header's line whole, the others as printed."""
    found: list[Exclusion] = []
    for item in find_furniture(source):
        start, end = item.start, item.end
        if item.category == "running-header":
            line = source.line_text(item.line).rstrip("\r\n")
            begin = source.line_starts[item.line - 1]
            start = begin + len(line) - len(line.lstrip())
            end = begin + len(line.rstrip())
            if any(e.start == start for e in found):
                continue
        if any(start <= a and b <= end for a, b in runs):
            found.append(Exclusion(start, end, item.category, item.reason, 80))
    return found
