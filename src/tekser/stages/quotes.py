"""Provenance records as validation holds them: a quoted span of a source, and the finding
of the provenance stage that rests on one; and how contract 0.1 read a value whose unit
carries its scale (`read_under_0_1`), which validation keeps for a 0.1 package and
`tekser upgrade` rewrites in the current contract's form."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from tekser.core.contract import PER_MILLE, unit_scale
from tekser.core.findings import Evidence, Finding, Severity
from tekser.package.descriptor import Row
from tekser.package.sources import as_int
from tekser.seeds.anchor import CONTEXT
from tekser.seeds.numbers import plain, scale_factor
from tekser.seeds.text import SourceText, clean_form, digit_runs

STAGE = "provenance"


class Quote:
    """One provenance record: where in which source a value is stated.

    A record proven against its source (its quote is the text at its span, and its prefix,
    suffix, line and page are what the source has there) keeps only its id and span: the rest
    is read from the source text, which says the same, so that a million quotes fit in memory.
    Any other record keeps its row as recorded.

    `located` is where the quote truly is once `check_span` has proven it, at its recorded span
    or re-anchored (None until then, and for a quote that is nowhere): coverage counts only
    these spans.
    """

    __slots__ = (
        "_at_recorded",
        "_moved",
        "_page",
        "_row",
        "_source",
        "end",
        "id",
        "language",
        "source_id",
        "start",
    )

    def __init__(self, row: Row) -> None:
        self.id: str = row.get("provenance_id", "")
        self.source_id: str = sys.intern(row.get("source_id", ""))
        self.language: str = sys.intern(row.get("language", ""))
        self.start: int | None = as_int(row.get("start"))
        self.end: int | None = as_int(row.get("end"))
        self._row: Row | None = row
        self._source: SourceText | None = None
        self._page: int | None = None
        self._at_recorded = False
        self._moved: tuple[int, int] | None = None

    def locate(self, start: int, end: int) -> None:
        """The quote is at [start, end) of its source: its recorded span, or where it moved."""
        if (start, end) == (self.start, self.end):
            self._at_recorded, self._moved = True, None
        else:
            self._at_recorded, self._moved = False, (start, end)

    @property
    def located(self) -> tuple[int, int] | None:
        if self._at_recorded and self.start is not None and self.end is not None:
            return self.start, self.end
        return self._moved

    def prove(self, source: SourceText, page: int | None) -> None:
        """Drop the recorded row: the source at this span says all of it (checked before)."""
        self._source, self._page, self._row = source, page, None

    @classmethod
    def restored(
        cls,
        provenance_id: str,
        source_id: str,
        language: str,
        source: SourceText,
        span: tuple[int, int],
        page: int | None,
    ) -> Quote:
        """A record proven at its recorded span, made again from what `QuoteStore` kept."""
        quote = cls.__new__(cls)
        quote.id, quote.source_id, quote.language = provenance_id, source_id, language
        quote.start, quote.end = span
        quote._row, quote._source, quote._page = None, source, page
        quote._at_recorded, quote._moved = True, None
        return quote

    def recorded(self, name: str) -> str:
        """A field as recorded: `quote`, `prefix`, `suffix`, `line` or `page`."""
        if self._row is not None:
            return self._row.get(name, "")
        source, start, end = self._source, self.start, self.end
        assert source is not None and start is not None and end is not None
        if name == "quote":
            return source.text[start:end]
        if name == "prefix":
            return source.text[max(0, start - CONTEXT) : start]
        if name == "suffix":
            return source.text[end : end + CONTEXT]
        if name == "line":
            return str(source.line_of(start))
        if name == "page":
            return str(self._page or "")
        return ""

    @property
    def quote(self) -> str:
        return self.recorded("quote")

    def evidence(self) -> Evidence:
        return Evidence(
            provenance_id=self.id,
            source_id=self.source_id,
            start=self.start,
            end=self.end,
            quote=self.quote,
            page=as_int(self.recorded("page")),
            line=as_int(self.recorded("line")),
            prefix=self.recorded("prefix"),
            suffix=self.recorded("suffix"),
        )


# The fields of a proven record packed into one integer, lowest first: the quote's length,
# its start, its page (+1; 0 for none), its language and its source (by number).
_BITS = (("length", 24), ("start", 32), ("page", 21), ("language", 16))


class QuoteStore(Mapping[str, Quote]):
    """The provenance records of a package by id, as `Quote`s, in little memory.

    A record proven at its recorded span is kept as one integer (its source, language, page,
    start and length: some 40 bytes instead of 180) and made a `Quote` again when it is asked
    for; any other record is kept as it is. Adding a record of an id already held replaces it.
    """

    def __init__(self) -> None:
        self._held: dict[str, int | Quote] = {}
        self._sources: list[tuple[str, SourceText]] = []
        self._source_numbers: dict[str, int] = {}
        self._languages: list[str] = []
        self._language_numbers: dict[str, int] = {}

    def add(self, quote: Quote) -> None:
        packed = self._pack(quote)
        self._held[quote.id] = quote if packed is None else packed

    def _pack(self, quote: Quote) -> int | None:
        source, start, end = quote._source, quote.start, quote.end
        if quote._row is not None or not quote._at_recorded or source is None:
            return None
        if start is None or end is None:
            return None
        source_number = self._source_numbers.get(quote.source_id)
        if source_number is None:
            source_number = self._source_numbers[quote.source_id] = len(self._sources)
            self._sources.append((quote.source_id, source))
        elif self._sources[source_number][1] is not source:
            return None
        language = self._language_numbers.get(quote.language)
        if language is None:
            language = self._language_numbers[quote.language] = len(self._languages)
            self._languages.append(quote.language)
        page = 0 if quote._page is None else quote._page + 1
        packed = source_number
        values = (end - start, start, page, language)  # in the order of _BITS
        for value, (_, bits) in zip(reversed(values), reversed(_BITS), strict=True):
            if not 0 <= value < 1 << bits:
                return None
            packed = packed << bits | value
        return packed

    def __getitem__(self, provenance_id: str) -> Quote:
        held = self._held[provenance_id]
        if isinstance(held, Quote):
            return held
        source_number, language, page, start, length = _unpack(held)
        source_id, source = self._sources[source_number]
        return Quote.restored(
            provenance_id,
            source_id,
            self._languages[language],
            source,
            (start, start + length),
            page - 1 if page else None,
        )

    def __contains__(self, provenance_id: object) -> bool:
        return provenance_id in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def spans(self) -> Iterator[tuple[str, str, int, int]]:
        """Each record's source id, id and span where its quote truly is (`Quote.located`), for
        the records proven or re-anchored; without making a `Quote` of each."""
        for provenance_id, held in self._held.items():
            if isinstance(held, Quote):
                if (located := held.located) is not None:
                    yield held.source_id, provenance_id, *located
                continue
            source_number, _, _, start, length = _unpack(held)
            yield self._sources[source_number][0], provenance_id, start, start + length

    def located(self, provenance_id: str) -> tuple[str, str, int, int] | None:
        """One record's source id, language and span where its quote truly is, as `spans`
        gives it (None for an unknown id or a quote that is nowhere); without making a
        `Quote`."""
        held = self._held.get(provenance_id)
        if held is None:
            return None
        if isinstance(held, Quote):
            located = held.located
            return None if located is None else (held.source_id, held.language, *located)
        source_number, language, _, start, length = _unpack(held)
        source_id = self._sources[source_number][0]
        return source_id, self._languages[language], start, start + length


def _unpack(packed: int) -> tuple[int, int, int, int, int]:
    """A packed record's source number, language number, page (+1), start and length."""
    fields = []
    for _, bits in _BITS:
        fields.append(packed & ((1 << bits) - 1))
        packed >>= bits
    length, start, page, language = fields
    return packed, language, page, start, length


def finding(rule: str, severity: Severity, message: str, quote: Quote, **records: str) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        records=[{"resource": "provenance", "provenance_id": quote.id, **records}],
        evidence=[quote.evidence()],
        stage=STAGE,
        # Stable across edits elsewhere: the same record of the same row keeps its id, and a
        # decision on it goes stale (not lost) when what the finding shows changes.
        key="|".join((quote.id, records.get("table", ""), records.get("id", ""))),
    )


def why_different(recorded: str, actual: str) -> str:
    """A hint for a quote that is not the text at its span."""
    if recorded.replace("\r\n", "\n") == actual:
        return " (the quote has CRLF line endings; the source has LF)"
    if unicodedata.normalize("NFC", recorded) == unicodedata.normalize("NFC", actual):
        return " (they differ only in Unicode normalisation: composed vs decomposed letters)"
    if clean_form(recorded) == clean_form(actual):
        return " (they differ only in whitespace)"
    return ""


@dataclass(frozen=True, slots=True)
class Reading01:
    """How contract 0.1 read a figure whose unit carries its scale or a mille (`how`), and the
    figure in the current contract's form — `value` in `unit` × `scale`, whose product is what
    the number reader reads from the printed token — or None where the printed token does not
    tell it (a per-mille value of digits printed with neither % nor ‰)."""

    how: str
    value: Decimal | None = None
    unit: str = ""
    scale: str = ""

    def shown(self) -> str:
        if self.value is None:
            return "(no form of the current contract can be told from the printed token)"
        scaled = f" × {self.scale}" if self.scale else ""
        return f"{plain(self.value)} {self.unit}{scaled}"


def read_under_0_1(
    value: Decimal, unit: str, printed: str, reading: Decimal | None
) -> Reading01 | None:
    """How contract 0.1 read `value` in `unit` from `printed` (`reading`: what the number
    reader reads from it, None if it cannot): for a unit that carries a scale (`thousand-…`,
    `million-…`, `hundred-…`, `billion-…`) the value in that scale (12305 `thousand-persons`
    for "12 миллионов 305 тысяч") or the printed digits joined, the decimal mark dropped;
    for `per-mille` the printed percent in per mille (615 for "61,5%") or the digits joined.
    None for any other value or unit: contract 0.1 did not read it so."""
    digits = "".join(digit_runs(printed))
    joined = Decimal(digits) if digits else None
    if unit == PER_MILLE:
        if reading is not None and value == reading * 10:
            return Reading01("the printed percent in per mille", reading, "percent")
        if joined is None or value != joined:
            return None
        sign = "percent" if "%" in printed else PER_MILLE if "\u2030" in printed else ""
        how = "the printed digits joined, in per mille"
        return Reading01(how, reading, sign) if sign and reading is not None else Reading01(how)
    carried = unit_scale(unit)
    if carried is None:
        return None
    scale, rest = carried
    factor = scale_factor(scale)
    if reading is not None and value * factor == reading:
        return Reading01(f"the value in {scale}s", value, rest, scale)
    if joined is None or value != joined:
        return None
    how = "the printed digits joined"
    if reading is None:
        return Reading01(how)
    if any(character.isalpha() for character in printed):  # its scale words are printed
        return Reading01(how, reading / factor, rest, scale)
    return Reading01(how, reading, unit)  # a table in the unit's scale: its number as printed
