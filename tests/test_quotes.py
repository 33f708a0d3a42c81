"""The store of provenance records: a record proven at its span, packed into one integer, is
the same record when it is asked for again (every field, every piece of evidence), and a
record that is not proven is kept as it was read."""

from __future__ import annotations

from pathlib import Path

from tekser.package.descriptor import Package
from tekser.package.sources import Corpus
from tekser.stages.provenance import check_span, read_and_check_spans
from tekser.stages.quotes import Quote, QuoteStore
from tests.conftest import edit_rows

FIELDS = ("quote", "prefix", "suffix", "line", "page")
ROOT = Path(__file__).resolve().parents[1]


def _read(root: Path) -> tuple[QuoteStore, list[Quote]]:
    """The store, and the same records checked one by one and kept as objects."""
    package = Package.open(root)
    corpus = Corpus.load(package)
    store, _ = read_and_check_spans(package, corpus)
    kept: dict[str, Quote] = {}
    for row in package.iter_table("provenance"):
        quote = Quote(row)
        check_span(corpus, quote)
        kept[quote.id] = quote
    return store, list(kept.values())


def _same(restored: Quote, quote: Quote) -> None:
    assert (restored.id, restored.source_id, restored.language) == (
        quote.id,
        quote.source_id,
        quote.language,
    )
    assert (restored.start, restored.end, restored.located) == (
        quote.start,
        quote.end,
        quote.located,
    )
    assert [restored.recorded(name) for name in FIELDS] == [quote.recorded(name) for name in FIELDS]
    assert restored.evidence() == quote.evidence()


def test_every_record_of_both_bundled_sources_is_itself_again() -> None:
    for root in (ROOT, ROOT / "examples" / "stalin-1934"):
        store, quotes = _read(root)
        assert len(store) == len(quotes) > 0
        assert list(store) == [quote.id for quote in quotes]
        for quote in quotes:
            _same(store[quote.id], quote)
        # packed, not kept: a proven record comes back as a new object each time
        proven = [q for q in quotes if q.located == (q.start, q.end)]
        assert proven and store[proven[0].id] is not store[proven[0].id]
        assert sorted(store.spans()) == sorted(
            (q.source_id, q.id, *q.located) for q in quotes if q.located is not None
        )


def test_unproven_drifted_and_duplicated_records(bundled: Path) -> None:
    shifted: dict[str, str] = {}

    def change(rows: list[dict[str, str]]) -> None:
        # one record's span moved by one (re-anchored from its quote), one quote no longer
        # the source's, and a record of the first id again at the end (which replaces it)
        first, second = rows[0], rows[1]
        shifted.update(first)
        first["start"], first["end"] = str(int(first["start"]) + 1), str(int(first["end"]) + 1)
        second["quote"] = second["quote"] + "!"
        rows.append(dict(first, page="999"))

    edit_rows(bundled / "provenance" / "provenance.csv", change)
    store, quotes = _read(bundled)
    assert len(store) == len(quotes)
    moved, mismatched = store[quotes[0].id], store[quotes[1].id]
    assert moved.recorded("page") == "999"  # the later record of the id
    assert moved.located == (int(shifted["start"]), int(shifted["end"]))
    assert mismatched.located is None
    assert mismatched.recorded("quote").endswith("!")
    for quote in quotes:
        _same(store[quote.id], quote)
    located = {pid: (start, end) for _, pid, start, end in store.spans()}
    assert quotes[1].id not in located
    assert located[quotes[0].id] == moved.located


def test_a_record_whose_fields_do_not_fit_is_kept_whole() -> None:
    store, quotes = _read(ROOT)
    quote = next(q for q in quotes if q.located == (q.start, q.end) and q.recorded("page"))
    source = Corpus.load(Package.open(ROOT)).texts[quote.source_id]
    quote.prove(source, 1 << 22)  # a page beyond what the packed integer holds
    store.add(quote)
    assert store[quote.id] is quote
    assert store[quote.id].recorded("page") == str(1 << 22)
    assert (quote.source_id, quote.id, quote.start, quote.end) in set(store.spans())
