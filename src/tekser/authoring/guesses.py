"""What `tekser init` proposes from a seed's text, each a guess for the author to check:

* **pages**: lines holding only a number (1–4 digits, no leading zero) that form a run of
  consecutive page numbers in text order, at least two of them and at least `MIN_PAGE_LINES`
  lines apart (so that a column of years is no run of pages). When more text follows the last
  number than precedes the first, the numbers are read as printed at page *tops*: page N runs
  from its number's line to the line before the next number (the last page to the last
  non-blank line). Otherwise at page *bottoms* (the usual case of a text scraped column after
  column): page N runs from the line after the previous number (line 1 for the first) to its
  own line, and text after the last number is on no page.
  A page number may also be decorated ("— 12 —", "page 12", "стр. 12") or be the changing
  number of a running header or footer ("TITLE<tab>12"): `tekser.authoring.furniture`.
* **exclusions**: each page-number line as an anchored quote with its `line`; a line holding
  digits that occurs three times or more identically as a `running-header` pattern, and one
  that repeats up to a growing page number as a pattern too; a reading site's pager ("page N
  of M") as a pattern; each footnote reference (the year and pages of a cited work) as a
  quote; the ISSN as a pattern. Only those that exclude a number are kept, so none is
  reported unused.
* **languages**: from the letters, line by line: Kazakh-specific letters (or a Latin `i` inside
  a Cyrillic word, as scraped Kazakh texts have it) → kk, other Cyrillic → ru, Latin → en.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tekser.authoring.furniture import escape
from tekser.authoring.furniture_lines import Furniture
from tekser.seeds.text import SourceText

MIN_PAGE_LINES = 5
RUNNING_HEADER_REPEATS = 3
ISSN_PATTERN = r"(?i)ISSN\s*[0-9]{4}-[0-9]{3}[0-9Xx]"
LANGUAGE_SHARE = 0.05  # a language is guessed when it writes at least this share of the letters
_PAGE_LINE = re.compile(r"[1-9][0-9]{0,3}")
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[^\W\d_]+")
_KAZAKH = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass(frozen=True, slots=True)
class Page:
    """A printed page proposed from its number: the seed lines it holds."""

    page: int
    first_line: int
    last_line: int
    number_line: int
    offset: int | None = None  # where the number is printed in the seed, when not alone


@dataclass(frozen=True, slots=True)
class Proposal:
    """An exclusion proposed by init, and how many numbers of the seed it excludes."""

    exclusion_id: str
    category: str
    reason: str
    pattern: str = ""
    quote: str = ""
    line: int | None = None
    start: int | None = None
    excludes: int = 0


def guess_languages(text: str) -> list[str]:
    """kk, ru or en, each that writes at least 5 % of the letters (`und` when none does)."""
    letters: Counter[str] = Counter()
    for line in text.splitlines():
        words = _WORD.findall(line)
        cyrillic = [w for w in words if any("\u0400" <= c <= "\u04ff" for c in w)]
        latin = [w for w in words if w.isascii()]
        cyrillic_letters = sum(map(len, cyrillic))
        latin_letters = sum(map(len, latin))
        if latin_letters > cyrillic_letters and len(latin) >= 3:
            letters["en"] += latin_letters
        elif any(_KAZAKH & set(w) or "i" in w.lower() for w in cyrillic):
            letters["kk"] += cyrillic_letters
        elif len(cyrillic) >= 3:
            letters["ru"] += cyrillic_letters
    total = sum(letters.values())
    found = [tag for tag, n in letters.most_common() if total and n >= LANGUAGE_SHARE * total]
    return found or ["und"]


def _line_count(source: SourceText) -> int:
    count = len(source.line_starts)
    return count - 1 if source.text.endswith("\n") else count


def guess_pages(
    source: SourceText, furniture: list[Furniture] | None = None
) -> tuple[list[Page], str | None]:
    """The pages of the seed from its page-number lines (and the page numbers of `furniture`:
    decorated page lines, running headers), and where they are printed (`top` or `bottom`);
    no pages (and None) when the text has no run of page numbers."""
    lines = _line_count(source)
    printed = {
        f.line: (f.page, f.start)
        for f in furniture or []
        if f.page is not None and f.category in ("page-number", "running-header")
    }
    offsets: dict[int, int] = {}
    chains: dict[int, list[tuple[int, int]]] = {}  # last page number -> (line, page) so far
    for line in range(1, lines + 1):
        stripped = source.line_text(line).strip()
        if _PAGE_LINE.fullmatch(stripped):
            number = int(stripped)
        elif line in printed:
            number, offsets[line] = printed[line]
        else:
            continue
        before = chains.get(number - 1, [])
        if before and line - before[-1][0] < MIN_PAGE_LINES:
            before = []
        chain = [*before, (line, number)]
        if len(chain) > len(chains.get(number, [])):
            chains[number] = chain
    best = max(chains.values(), key=len, default=[])
    if len(best) < 2:
        return [], None
    non_blank = [n for n in range(1, lines + 1) if source.line_text(n).strip()]
    first, last = best[0][0], best[-1][0]
    head = sum(1 for n in non_blank if n < first)
    tail = sum(1 for n in non_blank if n > last)
    if tail > head:
        ends = [line - 1 for line, _ in best[1:]] + [non_blank[-1]]
        pages = [
            Page(p, line, end, line, offsets.get(line))
            for (line, p), end in zip(best, ends, strict=True)
        ]
        return pages, "top"
    starts = [1] + [line + 1 for line, _ in best[:-1]]
    pages = [
        Page(p, start, line, line, offsets.get(line))
        for (line, p), start in zip(best, starts, strict=True)
    ]
    return pages, "bottom"


def propose_exclusions(
    source: SourceText,
    pages: list[Page],
    at: str | None,
    furniture: list[Furniture] | None = None,
) -> list[Proposal]:
    """Page numbers, running headers, a reading site's pager, footnote references and the
    ISSN, each said to be a proposal."""
    check = "proposed by `tekser init` from the layout of the text; check it"
    proposals = []
    for page in pages:
        begin = source.line_starts[page.number_line - 1]
        raw = source.line_text(page.number_line)
        number = str(page.page)
        start = page.offset if page.offset is not None else begin + raw.index(number)
        where = "alone on its line" if page.offset is None else "on its line"
        proposals.append(
            Proposal(
                f"page-number-{page.page}",
                "page-number",
                f"The number of printed page {page.page}, {where} at the page's "
                f"{at} (see data/pages.csv); {check}.",
                quote=number,
                line=page.number_line,
                start=start,
            )
        )
    page_lines = {page.number_line for page in pages}
    repeated = Counter(
        source.line_text(n) for n in range(1, _line_count(source) + 1) if n not in page_lines
    )
    headers = [
        text
        for text, count in repeated.items()
        if count >= RUNNING_HEADER_REPEATS and text.strip() and _DIGIT.search(text)
    ]
    for index, text in enumerate(sorted(headers, key=lambda t: -repeated[t]), start=1):
        proposals.append(
            Proposal(
                f"running-header-{index}",
                "running-header",
                f"A line with digits that occurs {repeated[text]} times identically, read as a "
                f"running header or footer; {check}.",
                pattern=rf"(?m)^{escape(text)}\r?$",
            )
        )
    proposals += _furniture_proposals(source, pages, furniture or [], len(headers), check)
    proposals.append(
        Proposal(
            "issn",
            "issn",
            f"The ISSN of the journal, not a statement of the source; {check}.",
            pattern=ISSN_PATTERN,
        )
    )
    return proposals


def _furniture_proposals(
    source: SourceText, pages: list[Page], furniture: list[Furniture], headers: int, check: str
) -> list[Proposal]:
    """The furniture that the pages do not already exclude: page-number lines as quotes,
    running headers and pagers as one pattern each, footnote references as quotes."""
    proposals: list[Proposal] = []
    taken = {f"page-number-{page.page}" for page in pages}
    on_pages = {page.number_line for page in pages}
    patterns: dict[str, str] = {}
    pagers: dict[str, str] = {}
    for item in furniture:
        quote = source.text[item.start : item.end]
        if item.category == "page-number" and item.line not in on_pages:
            name = f"page-number-{item.page}"
            name = name if name not in taken else f"{name}-line-{item.line}"
            taken.add(name)
            proposals.append(
                Proposal(
                    name,
                    "page-number",
                    f"{item.reason[:-1]}; {check}.",
                    quote=quote,
                    line=item.line,
                    start=item.start,
                )
            )
        elif item.category == "running-header" and item.pattern not in patterns:
            patterns[item.pattern] = item.reason
        elif item.category == "aggregator" and not re.search(r"[^\W\d_]", quote):
            proposals.append(  # digits alone ("546"): as a pattern they would take every number
                Proposal(
                    f"aggregator-line-{item.line}-{item.start}",
                    "aggregator",
                    f"{item.reason}; {check}.",
                    quote=quote,
                    line=item.line,
                    start=item.start,
                )
            )
        elif item.category == "aggregator":
            parts = [escape(p).replace(" ", r"\s*") for p in re.split(r"[0-9]+", quote)]
            pagers.setdefault("(?i)" + "[0-9]{1,5}".join(parts), item.reason)
        elif item.category == "bibliographic-reference":
            proposals.append(
                Proposal(
                    f"footnote-reference-{item.line}-{item.start}",
                    "bibliographic-reference",
                    f"{item.reason}; {check}.",
                    quote=quote,
                    line=item.line,
                    start=item.start,
                )
            )
    for index, (pattern, reason) in enumerate(patterns.items(), start=headers + 1):
        proposals.append(
            Proposal(
                f"running-header-{index}",
                "running-header",
                f"{reason[:-1]}; {check}.",
                pattern=pattern,
            )
        )
    for index, (pattern, reason) in enumerate(pagers.items(), start=1):
        proposals.append(
            Proposal(f"aggregator-{index}", "aggregator", f"{reason}; {check}.", pattern=pattern)
        )
    return proposals
