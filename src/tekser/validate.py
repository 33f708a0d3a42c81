"""`tekser validate`: structure, provenance, coverage and consistency in one run, one report,
with the curators' decisions applied."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from tekser import __version__
from tekser.consistency import ENGINES, run_rules
from tekser.coverage import account, coverage_findings, exclusion_intervals, read_exclusions
from tekser.decisions import apply as apply_decisions
from tekser.errors import TekserError
from tekser.findings import Finding, Report, RuleSummary, Severity, StageSummary
from tekser.package import Package
from tekser.provenance import check_sources, check_values, read_and_check_spans
from tekser.sources import Corpus
from tekser.structure import check_structure
from tekser.suite import compose_suite


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


def validate_package(
    path: Path | str = ".", checks: Path | str | None = None, engine: str = "sqlite"
) -> Report:
    """Validate the package at `path`: structure, provenance, coverage and the consistency
    suite — tekser's standard suite with the rules of `checks` (default: the package's own
    `checks/` folder, if it has one) added, replacing or disabling standard ones — run on
    `engine` (`sqlite`, or `spark` with PySpark installed).

    Raises TekserError only when the package or the suite cannot be opened, or the engine
    is not there.
    """
    if engine not in ENGINES:
        raise TekserError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "spark":
        from tekser.spark import require_pyspark

        require_pyspark()
    package = Package.open(path)
    folder = Path(checks) if checks is not None else package.root / "checks"
    if checks is not None and not folder.is_dir():
        raise TekserError(f"{folder}: no such checks folder")
    suite = compose_suite(folder if folder.is_dir() else None, __version__)
    if folder.is_dir() and folder.resolve().is_relative_to(package.root):
        # relative: the report must not change with where the package lives
        suite.folder = folder.resolve().relative_to(package.root).as_posix()
    rules = suite.rules
    report = Report(package=str(package.root), tekser_version=__version__, suite=suite)

    checked, structural = check_structure(package)
    report.findings.extend(structural)
    report.stages.append(StageSummary("structure", checked, "resources checked by frictionless"))

    located: dict[str, tuple[int, int]] = {}
    try:
        corpus = Corpus.load(package)
        quotes, spans = read_and_check_spans(package, corpus, located)
    except TekserError as exc:
        report.findings.append(_unreadable("provenance", exc))
        report.sort()
        return report

    report.sources = {sid: row.get("path", "") for sid, row in corpus.rows.items()}
    _guarded(report, "provenance", lambda: check_sources(corpus))
    report.findings.extend(spans)
    _guarded(report, "provenance", lambda: check_values(package, quotes))
    report.stages.append(StageSummary("provenance", len(quotes), "quotes verified"))

    def coverage() -> list[Finding]:
        exclusions = read_exclusions(package)
        intervals, problems = exclusion_intervals(corpus, exclusions)
        accounting = account(corpus, quotes.values(), located, intervals)
        report.coverage = {"numbers": accounting.numbers, **accounting.counts}
        report.stages.append(StageSummary("coverage", accounting.numbers, "numbers in the seeds"))
        # an exclusion of an unreadable seed, or one already reported bad, is not "unused"
        bad = {record.get("exclusion_id") for p in problems for record in p.records}
        ids = [
            row.get("exclusion_id", "")
            for row in exclusions
            if row.get("source_id", "") in corpus.texts and row.get("exclusion_id") not in bad
        ]
        return problems + list(
            coverage_findings(accounting.unaccounted, accounting.used_exclusions, ids)
        )

    _guarded(report, "coverage", coverage)

    report.rules = [
        RuleSummary(rule.name, "consistency", rule.severity, rule.description) for rule in rules
    ]
    if rules:
        _guarded(report, "consistency", lambda: run_rules(package, rules, quotes, engine))
        report.stages.append(StageSummary("consistency", len(rules), "rules of the suite"))
    try:
        apply_decisions(report, package.root)
    except TekserError as exc:
        report.findings.append(_unreadable("decisions", exc))
    report.sort()
    return report
