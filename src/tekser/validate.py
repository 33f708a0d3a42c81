"""`tekser validate`: structure, provenance, coverage and consistency in one run, one report,
with the curators' decisions applied."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from tekser.authoring.drafting.store import DRAFTS
from tekser.core.errors import MalformedSuite, MissingEngine, TekserError
from tekser.core.findings import Finding, Severity
from tekser.core.names import ENGINES
from tekser.core.report import Report, StageSummary
from tekser.core.rules import Suite
from tekser.core.transaction import JOURNAL, STAGING, pending_commit
from tekser.core.version import __version__
from tekser.decisions.apply import apply as apply_decisions
from tekser.decisions.apply import correction_findings
from tekser.package.archive import unpacked_package
from tekser.package.descriptor import Package, Row, is_table
from tekser.package.figures import printed_as_value
from tekser.package.paths import inside
from tekser.package.sources import Corpus
from tekser.progress import Progress, observing, stage
from tekser.stages.catalogue import rules_run
from tekser.stages.consistency.run import run_rules
from tekser.stages.consistency.suite import compose_suite, own_suite
from tekser.stages.coverage import account, coverage_findings, exclusion_intervals, read_exclusions
from tekser.stages.provenance import check_sources, check_values, read_and_check_spans
from tekser.stages.stated import state_numbers
from tekser.stages.structure import check_file, check_structure


def _unreadable(stage: str, exc: TekserError, root: Path | None = None) -> Finding:
    message = str(exc)
    if root is not None:
        # relative: the finding (and its id) must not change with where the package lives
        message = message.replace(f"{root}{os.sep}", "").replace(str(root), ".")
    return Finding(
        rule=f"{stage}.unreadable",
        severity=Severity.CRITICAL,
        message=f"{stage} checks skipped: {message}",
        records=[{"stage": stage}],
        stage=stage,
        key=message,
    )


def _guarded(report: Report, stage: str, work: Callable[[], Iterable[Finding]], root: Path) -> None:
    """Run one stage; a table it cannot read becomes a critical finding, not a crash."""
    try:
        report.findings.extend(work())
    except TekserError as exc:
        report.findings.append(_unreadable(stage, exc, root))


DESCRIPTOR_SUFFIXES = (".json", ".yaml", ".yml")


def validate_package(
    path: Path | str = ".",
    checks: Path | str | None = None,
    engine: str = "sqlite",
    progress: Progress | None = None,
) -> Report:
    """Validate the package at `path`: structure, provenance, coverage and the consistency
    suite — tekser's standard suite with the rules of `checks` (default: the package's own
    `checks/` folder, if it has one) added, replacing or disabling standard ones — run on
    `engine` (`sqlite`, or `spark` with PySpark installed). `progress`, if given, is told
    each stage as it begins and ends (`tekser.progress`); it changes nothing of the report.

    Raises TekserError only when the package or the suite cannot be opened, or the engine
    is not there.
    """
    if progress is None:
        return _validate_path(path, checks, engine)
    with observing(progress):
        return _validate_path(path, checks, engine)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise MissingEngine(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "spark":
        from tekser.stages.consistency.spark import require_pyspark

        require_pyspark()


def _validate_path(path: Path | str, checks: Path | str | None, engine: str) -> Report:
    _check_engine(engine)
    target = Path(path)
    if target.is_file() and target.suffix.lower() == ".zip":
        with unpacked_package(target) as folder:
            report = _validate(Package.open(folder, allow_remote=True), checks, engine)
        report.package = str(target)
        return report
    if target.is_file() and target.suffix.lower() not in DESCRIPTOR_SUFFIXES:
        return _validate_file(target)
    report = _validate(Package.open(target, allow_remote=True), checks, engine)
    report.package = str(path)  # the path as given: a relative one stays relative
    return report


def validate_opened(
    package: Package,
    checks: Path | str | None = None,
    engine: str = "sqlite",
    progress: Progress | None = None,
) -> Report:
    """Validate a package already opened (as `validate_package` does the one at a path), so
    that a command that goes on from the report — publish, decide, review — opens it once."""
    _check_engine(engine)
    if progress is None:
        return _validate(package, checks, engine)
    with observing(progress):
        return _validate(package, checks, engine)


def is_tekser_package(package: Package) -> bool:
    """A tekser package says so in its descriptor (`"tekser": {"contract": …}`, as `tekser
    init` writes it), or has the contract's `sources` and `provenance` tables (every package
    of contract 0.1 has them)."""
    return "tekser" in package.descriptor or (
        package.has_table("sources") and package.has_table("provenance")
    )


def _validate_file(path: Path) -> Report:
    """A bare file, validated as frictionless validates it, as one resource."""
    report = Report(package=str(path), tekser_version=__version__)
    with stage("structure", "1 file"):
        checked, structural = check_file(path)
    report.findings.extend(structural)
    report.stages.append(StageSummary("structure", checked, "resources checked by frictionless"))
    report.findings.append(_not_tekser("a single file, validated as one resource"))
    report.sort()
    return report


def _not_tekser(what: str) -> Finding:
    return Finding(
        rule="package.not-tekser",
        severity=Severity.INFO,
        message=f"not a tekser package ({what}): its structure was validated as frictionless "
        "validates it; provenance, coverage and the standard consistency suite did not apply "
        '(a tekser package says "tekser": {"contract": "0.2"} in its descriptor, or has '
        "sources and provenance tables)",
        records=[{"stage": "package"}],
        stage="structure",
        key=what,
    )


def _validate(package: Package, checks: Path | str | None, engine: str) -> Report:
    # the package's own checks/ must lie in it (a link out of it is refused, unread); a
    # folder given with --checks is the user's, not the package's
    folder = (
        Path(checks)
        if checks is not None
        else inside(package.root, "checks", where="checks", kind="dir")
    )
    if checks is not None and not folder.is_dir():
        raise MalformedSuite(f"{folder}: no such checks folder")
    tekser = is_tekser_package(package)
    if tekser:
        suite: Suite | None = compose_suite(folder if folder.is_dir() else None, __version__)
    else:
        # a plain package runs only the checks it is given, on whatever tables it has
        suite = own_suite(folder, __version__) if checks is not None else None
    if suite is not None and folder.is_dir() and folder.resolve().is_relative_to(package.root):
        # relative: the report must not change with where the package lives
        suite.folder = folder.resolve().relative_to(package.root).as_posix()
    rules = suite.rules if suite else []
    report = Report(package=str(package.root), tekser_version=__version__, suite=suite)

    with stage("structure", _count(len(package.resources), "resource")):
        formulas: list[Finding] = []
        checked, structural = check_structure(package, formulas)
        report.findings.extend(formulas)
        report.findings.extend(_interrupted_commit(package))
    report.findings.extend(structural)
    report.stages.append(StageSummary("structure", checked, "resources checked by frictionless"))
    if not tekser:
        report.findings.append(_not_tekser("no tekser declaration, no provenance tables"))
        report.rules = rules_run(rules, tekser=False)  # structure's, and those given
        if rules:
            given = partial(run_rules, package, rules, {}, engine)
            with stage("consistency", _count(len(rules), "rule")):
                _guarded(report, "consistency", given, package.root)
            report.stages.append(StageSummary("consistency", len(rules), "rules given"))
        report.sort()
        return report

    with stage("provenance", "seeds, quotes and values"):
        try:
            corpus = Corpus.load(package)
            quotes, spans = read_and_check_spans(package, corpus)
        except TekserError as exc:
            report.findings.append(_unreadable("provenance", exc, package.root))
            report.sort()
            return report

        report.sources = {sid: row.get("path", "") for sid, row in corpus.rows.items()}
        _guarded(report, "provenance", lambda: check_sources(corpus), package.root)
        report.findings.extend(spans)
        _guarded(report, "provenance", lambda: check_values(package, quotes), package.root)
    report.stages.append(StageSummary("provenance", len(quotes), "quotes verified"))

    def coverage() -> list[Finding]:
        exclusions = read_exclusions(package)
        intervals, problems = exclusion_intervals(corpus, exclusions)
        stated = state_numbers(package, corpus, quotes)
        accounting = account(corpus, quotes.spans(), intervals, stated)
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

    with stage("coverage", _count(len(corpus.texts), "seed")):
        _guarded(report, "coverage", coverage, package.root)

    report.rules = rules_run(rules)  # every Python stage's rules, and the suite's
    if rules:
        suite_run = partial(run_rules, package, rules, quotes, engine)
        with stage("consistency", _count(len(rules), "rule")):
            _guarded(report, "consistency", suite_run, package.root)
        report.stages.append(StageSummary("consistency", len(rules), "rules of the suite"))
    with stage("decisions"):
        _guarded(report, "provenance", lambda: _pending_drafts(package), package.root)
        report.drop_restated({rule.name: rule.restates for rule in rules if rule.restates})
        try:
            apply_decisions(report, package.root)
        except TekserError as exc:
            report.findings.append(_unreadable("decisions", exc, package.root))
        else:
            corrected = partial(correction_findings, report, partial(_figure_ids, package))
            _guarded(report, "decisions", corrected, package.root)
    report.sort()
    return report


def _interrupted_commit(package: Package) -> list[Finding]:
    """What a killed `anchor` or `draft --accept` left in the package (validate never changes
    a file: the next command that writes the package finishes or rolls it back). Critical
    once committed (the package's files are part old, part new); info before the commit
    point (the package is as it was, with unfinished files beside it)."""
    note = pending_commit(package.root)
    if note is None:
        return []
    committed = os.path.lexists(package.root / JOURNAL)
    return [
        Finding(
            rule="package.interrupted-commit",
            severity=Severity.CRITICAL if committed else Severity.INFO,
            message=note,
            records=[{"file": JOURNAL if committed else STAGING}],
            stage="structure",
            key=JOURNAL if committed else STAGING,
        )
    ]


def _figure_ids(package: Package) -> set[str]:
    """The `figure_id` of every row of figures (none without the table or the column)."""
    if not package.has_table("figures"):
        return set()
    header, records = package.iter_records("figures")
    if "figure_id" not in header:
        return set()
    at = header.index("figure_id")
    return {record[at] for record in records}


def _pending_drafts(package: Package) -> list[Finding]:
    """`draft.pending` findings; `tekser.authoring.draft` (and its lexicons) only imported when the
    package has a drafts/ folder — without one there is nothing pending."""
    if not (package.root / DRAFTS).exists():
        return []
    from tekser.authoring.draft import pending_drafts

    return pending_drafts(package)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def read_tables(path: Path) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    """The descriptor and every readable table of the package at `path`; a table that cannot
    be read is left out (validation reports it). Each figure without a `status` gets one:
    `as-printed` when its value is what its printed token reads as, else `normalised`."""
    if path.is_file() and path.suffix.lower() == ".zip":
        from tekser.package.archive import unpacked_package

        with unpacked_package(path) as folder:
            return read_tables(folder)
    bare = {"name": path.name, "title": path.name, "resources": []}
    if path.is_file() and path.suffix.lower() not in DESCRIPTOR_SUFFIXES:
        return bare, {}
    try:
        package = Package.open(path, allow_remote=True)
    except TekserError:
        return bare, {}
    tables: dict[str, list[Row]] = {}
    for resource in package.resources:
        name = resource.get("name")
        if isinstance(name, str) and is_table(resource) and name not in package.remote:
            try:
                tables[name] = package.read_table(name)
            except TekserError:
                continue
    if "figures" in tables:
        languages = {
            row.get("provenance_id", ""): row.get("language", "")
            for row in tables.get("provenance", [])
        }
        for row in tables["figures"]:
            language = languages.get(row.get("provenance_id", ""), "")
            as_printed = printed_as_value(row, language)
            row.setdefault("status", "as-printed" if as_printed else "normalised")
    return package.descriptor, tables
