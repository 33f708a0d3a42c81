"""Provenance: every stated value proven against the words of its source."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from tekser.core.contract import CONTRACT_0_1, declared_contract
from tekser.core.findings import Evidence, Finding, Severity
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus
from tekser.seeds.anchor import context, relocate
from tekser.seeds.numbers import NumberError, plain, read_number, scale_factor
from tekser.seeds.text import SourceText, clean_form, digit_runs, holds_token
from tekser.stages.quotes import STAGE, Quote, QuoteStore, read_under_0_1, why_different
from tekser.stages.quotes import finding as _finding

__all__ = ["STAGE", "Quote", "check_sources", "check_span", "check_values", "read_and_check_spans"]


def check_sources(corpus: Corpus) -> Iterator[Finding]:
    """Each seed readable, and byte for byte the text that was anchored (its recorded sha256)."""
    for source_id, row in corpus.rows.items():
        evidence = [Evidence(None, source_id, None, None, "")]
        records = [{"resource": "sources", "source_id": source_id, "path": row.get("path", "")}]
        if source_id in corpus.errors:
            yield Finding(
                "source.unreadable",
                Severity.CRITICAL,
                corpus.errors[source_id],
                records,
                evidence,
                stage=STAGE,
            )
            continue
        text = corpus.texts[source_id]
        expected = row.get("sha256", "").removeprefix("sha256:").lower()
        if text.sha256 != expected:
            yield Finding(
                "source.hash-mismatch",
                Severity.CRITICAL,
                f"{row.get('path')}: sha256 is {text.sha256}, recorded {expected or 'nothing'}; "
                f"{text.diagnose_change(expected)} since it was anchored",
                records,
                evidence,
                stage=STAGE,
            )


def check_span(corpus: Corpus, quote: Quote) -> list[Finding]:
    """The quote is exactly the text at its span; a drifted span is found again by its quote,
    prefix and suffix. Records on the quote where it truly is (`Quote.locate`), recorded or
    re-anchored, so that coverage counts only proven spans; a quote proven in full keeps only
    its span (Quote.prove)."""
    source = corpus.texts.get(quote.source_id)
    if source is None:
        return []  # unknown or unreadable source: reported by structure or check_sources
    start, end = quote.start, quote.end
    text = quote.quote
    if not text:
        return [
            _finding(
                "provenance.empty-quote",
                Severity.CRITICAL,
                f"{quote.id}: the quote is empty",
                quote,
            )
        ]
    if start is None or end is None:
        return [
            _finding(
                "provenance.unanchored",
                Severity.CRITICAL,
                f"{quote.id}: no span recorded; run `tekser anchor`",
                quote,
            )
        ]
    actual = source.text[start:end]
    if actual == text:
        quote.locate(start, end)
        return list(_check_context(corpus, source, quote, start, end))
    prefix, suffix = quote.recorded("prefix"), quote.recorded("suffix")
    spans = relocate(source, text, prefix=prefix, suffix=suffix)
    if len(spans) == 1:
        span = spans[0]
        quote.locate(span.start, span.end)
        line = source.line_of(span.start)
        return [
            _finding(
                "provenance.span-drift",
                Severity.CRITICAL,
                f"{quote.id}: the quote is no longer at {start}–{end}; it is now at "
                f"{span.start}–{span.end} (line {line}); run `tekser anchor` to record it",
                quote,
                found_start=str(span.start),
                found_end=str(span.end),
                found_line=str(line),
            )
        ]
    where = f"found at {len(spans)} places" if spans else "not found anywhere in the source"
    return [
        _finding(
            "provenance.quote-mismatch",
            Severity.CRITICAL,
            f"{quote.id}: the quote is not the text at {start}–{end}, and is {where}"
            f"{why_different(text, actual)}; the source there reads {actual!r}",
            quote,
        )
    ]


def _check_context(
    corpus: Corpus, source: SourceText, quote: Quote, start: int, end: int
) -> Iterator[Finding]:
    """Prefix, suffix, line and page recorded beside a verified span must still be true."""
    prefix, suffix = context(source, start, end)
    line = source.line_of(start)
    page = corpus.page_of(quote.source_id, line)
    expected = {
        "prefix": prefix,
        "suffix": suffix,
        "line": str(line),
        "page": str(page or ""),
    }
    stale = [name for name, value in expected.items() if quote.recorded(name) != value]
    if stale:
        yield _finding(
            "provenance.stale-anchor",
            Severity.CRITICAL,
            f"{quote.id}: recorded {', '.join(stale)} no longer match the source; "
            "run `tekser anchor`",
            quote,
            fields=",".join(stale),
        )
    else:
        quote.prove(source, page)


def check_values(package: Package, quotes: Mapping[str, Quote]) -> Iterator[Finding]:
    """Each value is what its quote says: printed tokens in the quote, normalisations explained.

    Applies to every table with a foreign key into `provenance`, by column convention:
    `printed` (with `value` and `note`) and `date_printed` (with `period_start`,
    `period_end` and `date_note`). The package's contract decides how a value is read: under
    0.1 a unit may carry the scale (`read_under_0_1`).
    """
    under_0_1 = declared_contract(package.descriptor) == CONTRACT_0_1
    used: set[str] = set()
    readings: dict[tuple[str, ...], list[tuple[str, str, Quote]]] = {}
    for table in package.tables_referencing("provenance"):
        # a table unreadable half-way through gives no findings at all, not half of them
        found: list[Finding] = []
        read: list[tuple[tuple[str, ...], tuple[str, str, Quote]]] = []
        for row in package.iter_table(table):
            quote = quotes.get(row.get("provenance_id", ""))
            if quote is None:
                continue  # a dangling foreign key: reported by structure
            used.add(quote.id)
            found.extend(_check_row(table, row, quote, quotes, under_0_1))
            reading = _inferred_reading(row, quote)
            if reading is not None:
                read.append((reading, (table, _row_key(table, row), quote)))
        yield from found
        for reading, row_of in read:
            readings.setdefault(reading, []).append(row_of)
    yield from (_inferred_date(reading, rows) for reading, rows in readings.items())
    for provenance_id in quotes:
        if provenance_id not in used:
            yield _finding(
                "provenance.unreferenced",
                Severity.WARNING,
                f"{provenance_id}: no row of any table cites this provenance record",
                quotes[provenance_id],
            )


def _inferred_reading(row: Row, quote: Quote) -> tuple[str, ...] | None:
    """The date of a row that is the packager's reading, not the source's print: no date
    printed (the period comes from the context, said in `date_note`), or a date printed in
    words alone, without a digit. None for any other row (and for one with no `date_note`
    and nothing printed: `provenance.unexplained-date`)."""
    if not row.get("period_start"):
        return None
    printed, note = row.get("date_printed", ""), row.get("date_note", "").strip()
    if (printed and digit_runs(printed)) or not (printed or note):
        return None
    source = row.get("source_id") or quote.source_id
    return (source, row.get("period_start", ""), row.get("period_end", ""), printed, note)


def _inferred_date(reading: tuple[str, ...], rows: list[tuple[str, str, Quote]]) -> Finding:
    """One `info` finding per inferred reading of a date (the same period read the same way
    for every row it names), so that a curator sees each inference once and can confirm it."""
    _, start, end, printed, note = reading
    named = ", ".join(f"{table} {key}" for table, key, _ in rows[:3])
    if len(rows) > 3:
        named += f" and {len(rows) - 3} more"
    how = f"date printed in words “{printed}”" if printed else "no date printed"
    if note.casefold().startswith(how.casefold()):
        how, note = note, ""  # the note says it already
    evidence: list[Evidence] = []
    for _, _, quote in rows:
        if all(item.provenance_id != quote.id for item in evidence):
            evidence.append(quote.evidence())
    return Finding(
        rule="provenance.inferred-date",
        severity=Severity.INFO,
        message=f"{named}: read as {start}…{end}, the packager's reading; {how}"
        + (f": {note}" if note else ""),
        records=[
            {"resource": "provenance", "provenance_id": quote.id, "table": table, "id": key}
            for table, key, quote in rows
        ],
        evidence=evidence,
        stage=STAGE,
        key="|".join(reading),
    )


def _row_key(table: str, row: Row) -> str:
    return next((v for k, v in row.items() if k and k.endswith("_id") and v), "")


def _check_row(
    table: str, row: Row, quote: Quote, quotes: Mapping[str, Quote], under_0_1: bool
) -> Iterator[Finding]:
    key = _row_key(table, row)
    records = {"table": table, "id": key}
    printed = row.get("printed", "")
    if "printed" in row and not holds_token(quote.quote, printed):
        yield _finding(
            "provenance.printed-not-in-quote",
            Severity.CRITICAL,
            f"{table} {key}: printed “{printed}” does not occur in quote {quote.id}",
            quote,
            **records,
        )
    if "value" in row and row["value"] and printed:
        yield from _check_number(table, key, row, quote, records, under_0_1)
    yield from _check_date(table, key, row, quote, quotes, records)


def _check_number(
    table: str, key: str, row: Row, quote: Quote, records: dict[str, str], under_0_1: bool
) -> Iterator[Finding]:
    """value × scale is what the printed token reads as (tekser's number reader, in the
    quote's language); where it is not, a `note` must say why. A count is a whole number.
    In a package of contract 0.1, a value its unit's scale explains is as 0.1 read it."""
    try:
        value = Decimal(row["value"])
    except InvalidOperation:
        return  # not a number: structure's finding (a type error), not this one
    printed, note = row.get("printed", ""), row.get("note", "").strip()
    scale = row.get("scale", "")
    value_records = {**records, "printed": printed, "value": row["value"], "note": note}
    if scale:
        value_records["scale"] = scale
    try:
        factor = scale_factor(scale)
    except NumberError as exc:
        yield _finding(
            "figures.unknown-scale",
            Severity.CRITICAL,
            f"{table} {key}: {exc}",
            quote,
            **value_records,
        )
        return
    stated = value * factor
    if row.get("statistic") == "count" and stated != stated.to_integral_value():
        yield _finding(
            "figures.fractional-count",
            Severity.CRITICAL,
            f"{table} {key}: a count of {plain(stated)} is not a whole number "
            f"(value {row['value']}{f' × {scale}' if scale else ''})",
            quote,
            **value_records,
        )
    try:
        reading: Decimal | None = read_number(printed, quote.language)
        unread = ""
    except NumberError as exc:
        reading, unread = None, str(exc)
    if reading is not None and reading == stated:
        return
    unit = row.get("unit", "")
    if under_0_1 and not scale and (old := read_under_0_1(value, unit, printed, reading)):
        yield _finding(
            "provenance.contract-0.1-value",
            Severity.INFO,
            f"{table} {key}: value {row['value']} {unit} for printed “{printed}”, read as "
            f"contract 0.1 read it ({old.how}); `tekser upgrade` writes it as {old.shown()}",
            quote,
            **value_records,
        )
        return
    if note:
        yield _finding(
            "provenance.normalised-value",
            Severity.INFO,
            f"{table} {key}: printed “{printed}”, normalised to {plain(stated)}: {note}",
            quote,
            **value_records,
        )
    elif reading is None:
        yield _finding(
            "provenance.unreadable-number",
            Severity.CRITICAL,
            f"{table} {key}: printed “{printed}” cannot be read ({unread}); give a `note` "
            f"that says how it gives {plain(stated)}",
            quote,
            **value_records,
        )
    else:
        scaled = f" ({row['value']} × {scale})" if scale else ""
        yield _finding(
            "provenance.unexplained-value",
            Severity.CRITICAL,
            f"{table} {key}: value {plain(stated)}{scaled} differs from printed “{printed}” "
            f"(read as {plain(reading)}) and no `note` gives the reason",
            quote,
            **value_records,
        )


def _check_date(
    table: str,
    key: str,
    row: Row,
    quote: Quote,
    quotes: Mapping[str, Quote],
    records: dict[str, str],
) -> Iterator[Finding]:
    """The printed date is in the quote (or the quote of `date_provenance_id`), and every year
    (and, for a day, every day) printed in it is one the period holds, unless a note says why."""
    if not row.get("period_start"):
        return
    printed = row.get("date_printed", "")
    if not printed:
        if not row.get("date_note", "").strip():
            yield _finding(
                "provenance.unexplained-date",
                Severity.CRITICAL,
                f"{table} {key}: no date printed and no `date_note` says how the period "
                f"{row.get('period_start')}…{row.get('period_end')} was inferred",
                quote,
                **records,
            )
        return
    records = {
        **records,
        "date_printed": printed,
        "period_start": row.get("period_start", ""),
        "period_end": row.get("period_end", ""),
        "date_note": row.get("date_note", ""),
    }
    date_quote = quotes.get(row.get("date_provenance_id", ""), quote)
    if clean_form(printed) not in clean_form(date_quote.quote):
        yield _finding(
            "provenance.printed-not-in-quote",
            Severity.CRITICAL,
            f"{table} {key}: date printed “{printed}” does not occur in quote {date_quote.id}",
            date_quote,
            **records,
        )
    bounds = (row.get("period_start", ""), row.get("period_end", ""))
    years = {value[:4] for value in bounds}
    days = {value[8:10].lstrip("0") for value in bounds}
    by_day = row.get("date_precision") == "day"
    odd = [
        token
        for token in digit_runs(printed)
        if (len(token) >= 3 and token not in years)
        or (len(token) <= 2 and by_day and token.lstrip("0") not in days)
    ]
    if not odd:
        return
    if row.get("date_note", "").strip():
        yield _finding(
            "provenance.normalised-date",
            Severity.INFO,
            f"{table} {key}: date printed “{printed}”, read as "
            f"{bounds[0]}…{bounds[1]}: {row['date_note']}",
            quote,
            **records,
        )
    else:
        yield _finding(
            "provenance.unexplained-date",
            Severity.CRITICAL,
            f"{table} {key}: date printed “{printed}” has {', '.join(odd)}, which the period "
            f"{bounds[0]}…{bounds[1]} does not; give a `date_note`",
            quote,
            **records,
        )


def read_and_check_spans(package: Package, corpus: Corpus) -> tuple[QuoteStore, list[Finding]]:
    """The provenance records by id, and the findings of `check_span` on each (and of each
    record's language and citation form), in one pass over the provenance table, so that each
    proven quote is packed as it is read (`QuoteStore`) and the table is never held whole. A
    later record of a duplicated id replaces the earlier one (the duplicate itself is reported
    by structure, as a primary-key error)."""
    quotes = QuoteStore()
    findings: dict[str, list[Finding]] = {}
    forms = _citation_forms(corpus)
    languages: dict[str, Quote] = {}
    for row in package.iter_table("provenance"):
        quote = Quote(row)
        if quote.id in quotes:
            findings.pop(quote.id, None)
        languages.setdefault(quote.language, quote)
        found = _check_citation(row, quote, forms)
        found.extend(check_span(corpus, quote))
        quotes.add(quote)
        if found:
            findings[quote.id] = found
    listed = [finding for found in findings.values() for finding in found]
    return quotes, [*_form_problems(corpus, forms), *listed, *_check_languages(corpus, languages)]


def _citation_forms(corpus: Corpus) -> dict[str, re.Pattern[str] | str]:
    """Each source's declared form of its citations (`sources.citation_pattern`): a compiled
    pattern, or the reason it does not compile."""
    forms: dict[str, re.Pattern[str] | str] = {}
    for source_id, row in corpus.rows.items():
        pattern = row.get("citation_pattern", "")
        if pattern:
            try:
                forms[source_id] = re.compile(pattern)
            except re.error as exc:
                forms[source_id] = str(exc)
    return forms


def _form_problems(corpus: Corpus, forms: dict[str, re.Pattern[str] | str]) -> Iterator[Finding]:
    for source_id, form in forms.items():
        if isinstance(form, str):
            pattern = corpus.rows[source_id].get("citation_pattern", "")
            yield Finding(
                "sources.bad-citation-pattern",
                Severity.CRITICAL,
                f"{source_id}: citation_pattern {pattern!r} is not a regular expression ({form})",
                [{"resource": "sources", "source_id": source_id, "citation_pattern": pattern}],
                [Evidence(None, source_id, None, None, "")],
                stage=STAGE,
            )


def _check_citation(
    row: Row, quote: Quote, forms: dict[str, re.Pattern[str] | str]
) -> list[Finding]:
    citation = row.get("citation", "")
    form = forms.get(quote.source_id)
    if not citation or not isinstance(form, re.Pattern) or form.fullmatch(citation):
        return []
    return [
        _finding(
            "provenance.citation-form",
            Severity.CRITICAL,
            f"{quote.id}: citation “{citation}” is not of the form the source declares "
            f"({form.pattern})",
            quote,
            citation=citation,
        )
    ]


def _check_languages(corpus: Corpus, first: dict[str, Quote]) -> Iterator[Finding]:
    """Every language tag, of a quote or of a source, a registered BCP 47 tag."""
    import langcodes

    for tag, quote in sorted(first.items()):
        if tag and not langcodes.tag_is_valid(tag):
            yield _finding(
                "provenance.unknown-language",
                Severity.CRITICAL,
                f"{quote.id}: language “{tag}” is not a BCP 47 language tag (kk, ru, en, "
                "ru-Latn …)",
                quote,
                language=tag,
            )
    for source_id, row in sorted(corpus.rows.items()):
        bad = [t for t in row.get("languages", "").split() if not langcodes.tag_is_valid(t)]
        if bad:
            yield Finding(
                "sources.unknown-language",
                Severity.CRITICAL,
                f"{source_id}: {', '.join(bad)} in `languages` is not a BCP 47 language tag",
                [{"resource": "sources", "source_id": source_id, "languages": row["languages"]}],
                [Evidence(None, source_id, None, None, "")],
                stage=STAGE,
            )
