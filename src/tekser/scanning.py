"""`tekser scan`: every number of a seed and how the package accounts for it."""

from __future__ import annotations

from pathlib import Path

from tekser.coverage import NumberStatus, exclusion_intervals, read_exclusions, scan
from tekser.errors import TekserError
from tekser.package import Package
from tekser.provenance import read_and_check_spans
from tekser.sources import Corpus


def scan_package(path: Path | str, seed: str | None = None) -> list[NumberStatus]:
    """Numbers of one seed (by source_id or path) or of all seeds of the package at `path`."""
    package = Package.open(path)
    corpus = Corpus.load(package)
    wanted = set(corpus.rows)
    if seed is not None:
        wanted = {
            source_id
            for source_id, row in corpus.rows.items()
            if seed in (source_id, row.get("path"))
            or (package.root / row.get("path", "")).resolve() == Path(seed).resolve()
        }
        if not wanted:
            raise TekserError(f"{seed}: not a source of the package at {package.root}")
        corpus.texts = {k: v for k, v in corpus.texts.items() if k in wanted}
    for source_id in sorted(wanted):
        if source_id in corpus.errors:
            raise TekserError(corpus.errors[source_id])
    located: dict[str, tuple[int, int]] = {}
    # scan lists statuses; validate reports the spans that do not hold
    quotes, _ = read_and_check_spans(package, corpus, located)
    intervals, _ = exclusion_intervals(corpus, read_exclusions(package))
    return list(scan(corpus, quotes.values(), located, intervals))
