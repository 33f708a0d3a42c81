"""`tekser validate`: structure, provenance and coverage in one run, one report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from tekser import __version__
from tekser.coverage import (
    CAPTURED,
    EXCLUDED,
    UNACCOUNTED,
    check_coverage,
    exclusion_intervals,
    read_exclusions,
    scan,
)
from tekser.errors import TekserError
from tekser.findings import Finding, Report, Severity, StageSummary
from tekser.package import Package
from tekser.provenance import check_sources, check_spans, check_values, read_quotes
from tekser.sources import Corpus
from tekser.structure import check_structure


def _unreadable(stage: str, exc: TekserError) -> Finding:
    return Finding(
        rule=f"{stage}.unreadable",
        severity=Severity.CRITICAL,
        message=f"{stage} checks skipped: {exc}",
        records=[{"stage": stage}],
        stage=stage,
        key=str(exc),
    )


def _guarded(report: Report, stage: str, work: Callable[[], Iterable[Finding]]) -> None:
    """Run one stage; a table it cannot read becomes a critical finding, not a crash."""
    try:
        report.findings.extend(work())
    except TekserError as exc:
        report.findings.append(_unreadable(stage, exc))


def validate_package(path: Path | str = ".") -> Report:
    """Validate the package at `path`. Raises TekserError only when it cannot be opened."""
    package = Package.open(path)
    report = Report(package=str(package.root), tekser_version=__version__)

    checked, structural = check_structure(package)
    report.findings.extend(structural)
    report.stages.append(StageSummary("structure", checked, "resources checked by frictionless"))

    try:
        corpus = Corpus.load(package)
        quotes = read_quotes(package)
    except TekserError as exc:
        report.findings.append(_unreadable("provenance", exc))
        report.sort()
        return report

    _guarded(report, "provenance", lambda: check_sources(corpus))
    located: dict[str, tuple[int, int]] = {}
    _guarded(report, "provenance", lambda: check_spans(corpus, quotes.values(), located))
    _guarded(report, "provenance", lambda: check_values(package, quotes))
    report.stages.append(StageSummary("provenance", len(quotes), "quotes verified"))

    def coverage() -> list[Finding]:
        exclusions = read_exclusions(package)
        intervals, problems = exclusion_intervals(corpus, exclusions)
        statuses = list(scan(corpus, quotes.values(), located, intervals))
        counts = {CAPTURED: 0, EXCLUDED: 0, UNACCOUNTED: 0}
        for number in statuses:
            counts[number.status] += 1
        report.coverage = {"numbers": len(statuses), **counts}
        report.stages.append(StageSummary("coverage", len(statuses), "numbers in the seeds"))
        ids = [row.get("exclusion_id", "") for row in exclusions]
        return problems + list(check_coverage(statuses, ids))

    _guarded(report, "coverage", coverage)
    report.sort()
    return report
