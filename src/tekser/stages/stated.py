"""What states a number of a seed: the numbers of each seed as the reader finds them (a
grouped or decimal number, or one with its scale words, is one number), and, among those inside
a proven quote, the ones a record of the package states — a printed column of a row citing the
quote (`printed`, `date_printed`, `magnitude_printed` …), or the provenance record's own
`citation` (a footnote mark) or the source's `citation_pattern`. Coverage (`tekser.stages.
coverage`) counts a number as captured only when it is stated; lying inside a quote is not
enough."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus
from tekser.seeds.languages import language_blocks
from tekser.seeds.printed import PrintedNumber, find_numbers, number_spans
from tekser.seeds.text import SourceText, clean_form
from tekser.stages.quotes import QuoteStore

# how a number is stated: by a printed column of a row, or named by a citation
STATED, CITED = 1, 2
# what may stand between a quote's end and the footnote mark its record cites
_BEFORE_MARK = re.compile(r"[\s.,;:!?)\]»”\"'’]{0,3}")


def seed_language(source: Row) -> str:
    """The language of a seed, for the number reader: its one language, or "" (every
    lexicon) for a seed in several (whose lines `seed_numbers` reads each in its own)."""
    languages = seed_tags(source)
    return languages[0] if len(languages) == 1 else ""


def seed_tags(source: Row) -> list[str]:
    """The language tags a source row gives (`languages`, separated by spaces or commas)."""
    return source.get("languages", "").replace(",", " ").split()


def seed_numbers(source: SourceText, row: Row) -> list[PrintedNumber]:
    """The numbers of a seed as `find_numbers` reads them, each run of lines in its language
    (`language_blocks`: a seed in several languages is read line by line, as drafted)."""
    found: list[PrintedNumber] = []
    text = source.text
    for start, end, language in language_blocks(text, source.line_starts, seed_tags(row)):
        numbers = find_numbers(text[start:end], language)
        found.extend(replace(n, start=n.start + start, end=n.end + start) for n in numbers)
    return found


@dataclass(slots=True)
class SeedNumbers:
    """The numbers of one seed, in text order, as machine integers (an archive holds millions),
    and for each how it is stated (0: not stated; `STATED`; `CITED`)."""

    text: str
    starts: array[int]
    ends: array[int]
    stated: bytearray

    @classmethod
    def read(cls, source: SourceText, row: Row) -> SeedNumbers:
        """Where the numbers of the seed are, each run of lines read in its language."""
        starts, ends = array("q"), array("q")
        text = source.text
        for start, end, language in language_blocks(text, source.line_starts, seed_tags(row)):
            spans = number_spans(text[start:end], language)
            if start:
                spans = [(a + start, b + start) for a, b in spans]
            starts.extend(a for a, _ in spans)
            ends.extend(b for _, b in spans)
        return cls(text, starts, ends, bytearray(len(starts)))

    def __len__(self) -> int:
        return len(self.starts)

    def within(self, start: int, end: int) -> range:
        """The indexes of the numbers wholly inside [start, end)."""
        first = bisect.bisect_left(self.starts, start)
        # the numbers do not overlap, so their ends rise too: a number that starts inside but
        # runs past the end is not inside, and none after it is
        return range(first, max(first, bisect.bisect_right(self.ends, end, first)))

    def key(self, index: int) -> str:
        return number_key(self.text[self.starts[index] : self.ends[index]])

    def state(self, start: int, end: int, keys: tuple[str, ...], how: int = STATED) -> None:
        """Each of `keys` states one number inside [start, end) that reads the same: the first
        not stated yet, else (the same number stated again, by another row) none more."""
        starts, ends, stated, text = self.starts, self.ends, self.stated, self.text
        first = bisect.bisect_left(starts, start)
        span = range(first, bisect.bisect_right(ends, end, first))  # as `within`, inlined
        for wanted in keys:
            for index in span:
                if not stated[index] and number_key(text[starts[index] : ends[index]]) == wanted:
                    stated[index] = how
                    break


@lru_cache(maxsize=65536)
def number_key(printed: str) -> str:
    """A printed number as compared with another: without whitespace (a line break or a
    no-break space between its groups or its words), a hyphen broken across lines or between
    letters, nor case."""
    if printed.isdigit():
        return printed
    return clean_form(printed).replace(" ", "").replace("\u2060", "").casefold()


@lru_cache(maxsize=65536)
def printed_keys(printed: str, language: str) -> tuple[str, ...]:
    """The numbers a printed column states, as `number_key`s: "1910—1911 жж." states two."""
    if printed.isdigit():
        return (printed,)
    return tuple(number_key(number.printed) for number in find_numbers(printed, language))


@dataclass(slots=True)
class SeedIndex(Mapping[str, SeedNumbers]):
    """The numbers of each readable seed of a corpus, read when first asked for."""

    corpus: Corpus
    _read: dict[str, SeedNumbers] = field(default_factory=dict)

    def __getitem__(self, source_id: str) -> SeedNumbers:
        numbers = self._read.get(source_id)
        if numbers is None:
            source = self.corpus.texts[source_id]
            row = self.corpus.rows.get(source_id, {})
            numbers = self._read[source_id] = SeedNumbers.read(source, row)
        return numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self.corpus.texts)

    def __len__(self) -> int:
        return len(self.corpus.texts)

    def release(self, source_id: str) -> None:
        """Forget a seed's numbers once it is counted."""
        self._read.pop(source_id, None)


def printed_columns(header: list[str]) -> list[int]:
    """The columns of a table that print a number: `printed` and every `…_printed`."""
    return [i for i, name in enumerate(header) if name == "printed" or name.endswith("_printed")]


def state_numbers(package: Package, corpus: Corpus, quotes: QuoteStore) -> SeedIndex:
    """The numbers of every seed, each marked with how a record states it (`SeedNumbers.
    stated`): by a printed column of a row of any table that cites a provenance record,
    located in the quote of that record (a `date_printed` in the quote of `date_provenance_id`
    first, when there is one); or by the record's `citation`, in its quote or right after it;
    or by a match of the source's `citation_pattern` inside a quote."""
    index = SeedIndex(corpus)
    for table in package.tables_referencing("provenance"):
        header, records = package.iter_records(table)
        columns = printed_columns(header)
        if "provenance_id" not in header or not columns:
            continue
        cited = header.index("provenance_id")
        dated = header.index("date_provenance_id") if "date_provenance_id" in header else None
        date_column = header.index("date_printed") if "date_printed" in header else None
        for record in records:
            looked_up, located = False, None  # the cited quote, looked up once per record
            for column in columns:
                printed = record[column]
                if not printed:
                    continue
                if column == date_column and dated is not None and record[dated]:
                    _state(index, quotes.located(record[dated]), printed)
                if not looked_up:
                    looked_up, located = True, quotes.located(record[cited])
                _state(index, located, printed)
    _state_citations(package, corpus, quotes, index)
    return index


def _state(index: SeedIndex, located: tuple[str, str, int, int] | None, printed: str) -> None:
    # a quote that is nowhere states nothing (provenance reports it)
    if located is None or located[0] not in index.corpus.texts:
        return
    source_id, language, start, end = located
    keys = printed_keys(printed, language)
    if keys:
        index[source_id].state(start, end, keys)


def _state_citations(
    package: Package, corpus: Corpus, quotes: QuoteStore, index: SeedIndex
) -> None:
    """Footnote marks: a record's `citation`, in its quote or right after it; a match of the
    source's `citation_pattern` inside any quote of the source."""
    patterns: dict[str, re.Pattern[str]] = {}
    for source_id, row in corpus.rows.items():
        try:
            if row.get("citation_pattern"):
                patterns[source_id] = re.compile(row["citation_pattern"])
        except re.error:
            continue  # provenance reports it
    header, records = package.iter_records("provenance")
    if "citation" in header:
        column, named = header.index("citation"), header.index("provenance_id")
        for record in records:
            if record[column]:
                _state_citation(index, quotes, record[named], record[column])
    if not patterns:
        return
    for source_id, _, start, end in quotes.spans():
        pattern = patterns.get(source_id)
        if pattern is None or source_id not in corpus.texts:
            continue
        numbers = index[source_id]
        for match in pattern.finditer(numbers.text, start, end):
            for i in numbers.within(*match.span()):
                numbers.stated[i] = numbers.stated[i] or CITED


def _state_citation(index: SeedIndex, quotes: QuoteStore, provenance_id: str, mark: str) -> None:
    located = quotes.located(provenance_id)
    if located is None or located[0] not in index.corpus.texts:
        return
    source_id, language, start, end = located
    keys = printed_keys(mark, language)
    if not keys:
        return
    numbers = index[source_id]
    numbers.state(start, end, keys, CITED)
    gap = _BEFORE_MARK.match(numbers.text, end)
    after = gap.end() if gap else end
    if numbers.text.startswith(mark, after):
        numbers.state(after, after + len(mark), keys, CITED)
