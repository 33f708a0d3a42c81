"""The consistency suite, rule by rule: each rule's examples (`checks/examples/<rule>.json`,
cases on which it fires and cases on which it does not) run by tekser's own harness,
`tekser.authoring.rule_examples`, as `tekser check-rules` runs them; each case's package is
built and validated once per test session and shared by the tests that read it. The rule names
are read from checks/, so a rule without examples fails the suite. What an example cannot say
(a broken rule, stable ids, the bundled packages' findings, one execution per query) is tested
here.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tekser.authoring.rule_examples import (
    Example,
    Outcome,
    RuleInfo,
    build_example,
    coverage,
    held_to,
    judge,
    read_examples,
)
from tekser.core.findings import Finding
from tekser.core.report import Report
from tekser.stages.catalogue import python_rules
from tekser.stages.consistency.suite import load_suite
from tekser.validate import validate_package
from tests.builder import CHECKS
from tests.conftest import ROOT, run

Rows = dict[str, list[dict[str, Any]]]


# --- the rules as checks/ declares them, and their examples ------------------------------------


def declared_rules(folder: Path = CHECKS) -> dict[str, str]:
    """Every rule of a suite folder and its severity, read from the files themselves."""
    rules: dict[str, str] = {}
    for path in sorted((folder / "rules").glob("*.sql")):
        header = dict(re.findall(r"^-- (rule|severity): *(\S+)", path.read_text("utf-8"), re.M))
        rules[header["rule"]] = header["severity"]
    columns = json.loads((folder / "columns.json").read_text(encoding="utf-8"))
    for expectation in columns["expectations"]:
        rules[expectation["meta"]["rule"]] = expectation.get("severity", "critical")
    return rules


RULES = declared_rules()
# The Python stages' rules of the catalogue (a family and a rule of plain packages are not one
# rule a package can show), each with the stage that raises it and its severity.
PYTHON = {
    entry.rule: RuleInfo(entry.rule, entry.severity.value, entry.stage)
    for entry in python_rules()
    if not entry.family and not entry.only
}
INFO = {rule: RuleInfo(rule, severity) for rule, severity in RULES.items()} | PYTHON
EXAMPLES = read_examples(CHECKS, INFO)


@dataclass(frozen=True)
class Scenario:
    """A case as the other test modules build it (tests/builder.py): seed, rows and source."""

    seed: str
    tables: Rows
    source: dict[str, Any]


def _scenario(rule: str, broken: bool) -> Scenario:
    """The first case of `rule` on which it fires (`broken`), or on which it passes."""
    example = next(case for case in EXAMPLES[rule] if case.passes is not broken)
    return Scenario(example.seed, dict(example.tables), dict(example.source))


# Each rule's severity, and its first case that fires (True) or passes (False), for the tests
# of other modules that build a rule's package (the JUnit report, Spark against SQLite).
CASES: dict[str, tuple[str, Callable[[bool], Scenario]]] = {
    rule: (severity, partial(_scenario, rule)) for rule, severity in RULES.items()
}


# --- building and validating each case once --------------------------------------------------


@dataclass(frozen=True)
class Built:
    root: Path
    report: Report
    outcome: Outcome


class Reports:
    """Each case's package, built and validated once per session (cases made of the same
    package share it)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.packages: dict[str, tuple[Path, Report]] = {}
        self.built: dict[tuple[str, str], Built] = {}

    def get(self, rule: str, case: str) -> Built:
        if (rule, case) not in self.built:
            (example,) = [e for e in EXAMPLES[rule] if e.case == case]
            key = example.package_key()
            if key not in self.packages:
                with held_to(example.limits):
                    root = build_example(example, self.factory.mktemp(rule) / case)
                    self.packages[key] = (root, validate_package(root))
            root, report = self.packages[key]
            self.built[rule, case] = Built(root, report, judge(example, report, INFO[rule]))
        return self.built[rule, case]


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    return Reports(tmp_path_factory)


def of_rule(report: Report, rule: str) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule == rule]


def summary(report: Report) -> list[str]:
    return [f"{f.severity.value} {f.rule}: {f.message}" for f in report.findings]


def test_every_rule_of_the_suite_has_examples() -> None:
    """A new rule in checks/ must come with a case where it fires and one where it does not,
    and its examples expect the severity it declares."""
    suite = {rule.name: rule.severity.value for rule in load_suite(CHECKS)}
    assert suite == RULES, "tekser reads checks/ differently from its files"
    assert [outcome.line() for outcome in coverage(RULES, EXAMPLES)] == []
    assert {rule: {case.severity for case in cases} for rule, cases in EXAMPLES.items()} == {
        rule: {INFO[rule].severity} for rule in EXAMPLES
    }


def test_every_python_rule_has_examples() -> None:
    """The Python stages' rules have examples too (built from rows, from edits of the written
    package, or under a lowered limit), as the catalogue declares them."""
    assert sorted(EXAMPLES) == sorted(INFO)
    assert [outcome.line() for outcome in coverage(PYTHON, EXAMPLES)] == []


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_rule_does_what_its_examples_say(reports: Reports, rule: str) -> None:
    """Every case of the rule: the findings it must give (severity, stage, evidence as real
    spans, message words, never "None"), or none; and no other rule firing but those the
    case names."""
    cases: list[Example] = EXAMPLES[rule]
    failed = [reports.get(rule, case.case).outcome.line() for case in cases]
    assert [line for line in failed if not line.endswith(" ok")] == []


# --- a broken rule, stable ids ----------------------------------------------------------------


def test_a_broken_rule_is_a_critical_finding_not_a_crash(reports: Reports, tmp_path: Path) -> None:
    root = reports.get("series.repeated-value", "broken").root
    checks = tmp_path / "checks"
    (checks / "rules").mkdir(parents=True)
    shutil.copy2(CHECKS / "rules" / "series.repeated-value.sql", checks / "rules")
    (checks / "rules" / "figures.broken.sql").write_text(
        "-- rule: figures.broken\n-- severity: warning\n-- table: figures\n"
        "-- description: A rule whose query names a column no table has.\n"
        "-- message: {figure_id} is broken\n"
        "SELECT figure_id AS finding_key, figure_id FROM {batch} WHERE no_such_column > 0\n",
        encoding="utf-8",
    )
    result = run("validate", str(root), "--checks", str(checks), "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["rule"] == "consistency.rule-error"]
    assert len(errors) == 1, report["findings"]
    assert errors[0]["severity"] == "critical"
    assert "figures.broken" in errors[0]["message"]
    assert "no_such_column" in errors[0]["message"]
    # The other rule on the same table still ran.
    assert [f["rule"] for f in report["findings"] if f["stage"] == "consistency"] == [
        "consistency.rule-error",
        "series.repeated-value",
    ]


def test_finding_ids_are_stable_across_runs_and_folders(reports: Reports, tmp_path: Path) -> None:
    built = reports.get("claims.direction-contradicted", "broken")
    root, first = built.root, built.report
    (example,) = [e for e in EXAMPLES["claims.direction-contradicted"] if e.case == "broken"]
    again = build_example(example, tmp_path / "elsewhere")
    ids = [f.finding_id for f in first.findings]
    assert ids
    assert [f.finding_id for f in validate_package(root).findings] == ids
    assert [f.finding_id for f in validate_package(again).findings] == ids


# --- the bundled package ----------------------------------------------------------------------

BUNDLED_WARNINGS = {
    "announcements.data-missing": 1,
    "claims.direction-contradicted": 2,
    "claims.pace-contradicted": 3,
    "claims.reading-contradicted": 1,
    "dates.printed-year-outside-period": 3,
    "languages.terms-disagree": 1,
    "series.break-between-series": 2,
    "series.repeated-value": 1,
    "terms.overlap-or-gap": 1,
}
BUNDLED_CLEAN = (
    "part-whole.sum-mismatch",
    "part-whole.parts-exceed-whole",
    "part-whole.rounding",  # the 1927 census adds up exactly
    "bounds.ratio-violated",
    "events.restatements-disagree",
    "dates.outside-source-period",
    "claims.claims-disagree",  # the two "slowly" of kolkhoz cells agree; "sharply" twice
    "claims.pace-word-mismatch",
    "claims.magnitude-contradicted",
    "shares.part-base-mismatch",
    "shares.complements-bases-differ",
    "shares.complements-sum-mismatch",
    "shares.base-unlinked",
)


# `bundled_report` and `example_report`: validated once per session (tests/conftest.py)


def test_bundled_package_has_nothing_critical(bundled_report: Report) -> None:
    assert bundled_report.counts()["critical"] == 0, summary(bundled_report)


@pytest.mark.parametrize("rule", BUNDLED_CLEAN)
def test_bundled_package_negative_controls(bundled_report: Report, rule: str) -> None:
    assert rule in {summary.name for summary in bundled_report.rules}
    assert not of_rule(bundled_report, rule), summary(bundled_report)


def test_bundled_package_warnings(bundled_report: Report) -> None:
    warnings = Counter(f.rule for f in bundled_report.findings if f.severity == "warning")
    assert warnings == Counter(BUNDLED_WARNINGS)


def test_bundled_reading_names_the_reading_that_disagrees(bundled_report: Report) -> None:
    """ "Fell sharply in 1931 and 1932" over counts of 1 January: the members of aul cells
    rise into 1931 (14752 → 16010) and fall within it (16010 → 2295)."""
    (finding,) = of_rule(bundled_report, "claims.reading-contradicted")
    assert "read as the counts at the start of each year" in finding.message
    assert "from 14752 (1930-01-01) to 16010 (1931-01-01)" in finding.message
    assert finding.message.endswith("read as the changes within each year, the figures agree")


# --- the second bundled source: the 1934 report excerpt ---------------------------------------

EXAMPLE = ROOT / "examples" / "stalin-1934"
EXAMPLE_FINDINGS = {
    ("announcements.data-missing", "warning"): 9,  # the lost tables, kind `table`
    ("part-whole.sum-mismatch", "warning"): 1,  # pupils 1933: 91 thousand short
    ("part-whole.rounding", "info"): 1,  # pupils 1929: 1 thousand short, within ±2
    ("claims.claims-disagree", "warning"): 2,  # agriculture: slow (l. 3, 4), mighty (l. 240)
    ("shares.complements-bases-differ", "warning"): 1,  # 65 % of households, 35 % of people
    ("values.normalised", "warning"): 1,
    ("claims.unchecked", "info"): 27,
}
EXAMPLE_CLEAN = (
    "shares.complements-sum-mismatch",  # 84,5 % + 15,5 % of the grain sown area
    "claims.pace-word-mismatch",  # медленнее, медленные, бурными, мощный: as recorded
    "claims.reading-contradicted",
    "claims.magnitude-contradicted",
    "claims.direction-contradicted",
    "claims.pace-contradicted",
    "shares.part-base-mismatch",
    "shares.base-unlinked",
    "part-whole.parts-exceed-whole",  # workers by branch stay below all workers
    "dates.outside-source-period",
)


def test_example_consistency_findings(example_report: Report) -> None:
    found = Counter(
        (f.rule, f.severity.value) for f in example_report.findings if f.stage == "consistency"
    )
    assert found == Counter(EXAMPLE_FINDINGS), summary(example_report)
    assert example_report.counts()["critical"] == 0


@pytest.mark.parametrize("rule", EXAMPLE_CLEAN)
def test_example_negative_controls(example_report: Report, rule: str) -> None:
    assert rule in {summary.name for summary in example_report.rules}
    assert not of_rule(example_report, rule), summary(example_report)


def test_example_rounding_and_beyond(example_report: Report) -> None:
    """The same breakdown of pupils by level, two years: 1 thousand short is rounding (info),
    91 thousand short is beyond it (warning); each says the difference and the tolerance."""
    (rounding,) = of_rule(example_report, "part-whole.rounding")
    assert rounding.records[0]["relation_id"] == "pupils.1929.by-level"
    assert "a difference of -1, within the ±2" in rounding.message
    (beyond,) = of_rule(example_report, "part-whole.sum-mismatch")
    assert {(r["relation_id"], r["difference"], r["tolerance"]) for r in beyond.records} == {
        ("pupils.1933.by-level", -91, 2)
    }


def test_bundled_repeated_value_shows_both_quotes(bundled_report: Report) -> None:
    (finding,) = of_rule(bundled_report, "series.repeated-value")
    assert "14752" in finding.message
    assert len(finding.evidence) == 2
    for evidence in finding.evidence:
        assert "14752" in evidence.quote


# --- each rule's query executed once ---------------------------------------------------------

MANY_ROWS_RULE = (
    "-- rule: figures.many-rows\n-- severity: info\n-- table: figures\n"
    "-- description: More failing rows than Great Expectations hands back by default.\n"
    "-- message: row {row_number}\n"
    "WITH RECURSIVE numbers (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < 250)\n"
    "SELECT 'row-' || n AS finding_key, n AS row_number\n"
    "FROM numbers WHERE EXISTS (SELECT 1 FROM {batch})\n"
)


def _executed(work: Callable[[], Report]) -> tuple[Report, list[str]]:
    """The report `work` gives, and every SQL statement run on SQLite meanwhile."""
    import sqlalchemy
    from sqlalchemy.engine import Engine

    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sqlalchemy.event.listen(Engine, "before_cursor_execute", record)
    try:
        return work(), statements
    finally:
        sqlalchemy.event.remove(Engine, "before_cursor_execute", record)


def test_each_rule_query_is_executed_once(reports: Reports) -> None:
    """GX executes each rule's SQL once, counts its rows and returns them all: no second run
    to count, none to fetch the rest."""
    from tekser.package.descriptor import Package

    root = reports.get("series.repeated-value", "broken").root
    report, statements = _executed(lambda: validate_package(root))
    assert of_rule(report, "series.repeated-value")
    tables = {resource["name"] for resource in Package.open(root).resources}
    ran = [rule for rule in load_suite(CHECKS) if rule.sql and rule.table in tables]
    assert len(ran) > 10
    for rule in ran:
        # the rule's text around `{batch}` (GX puts the table, or a selection of it, there)
        pieces = rule.sql.split("{batch}")
        runs = [s for s in statements if all(piece in s for piece in pieces)]
        assert len(runs) == 1, rule.name
        assert runs[0].startswith(pieces[0]), rule.name  # as written, not wrapped in a COUNT


def test_more_rows_than_gx_returns_by_default_are_all_findings(
    reports: Reports, tmp_path: Path
) -> None:
    """250 failing rows (GX's own limit is 200): every one a finding, from one execution."""
    root = reports.get("series.repeated-value", "broken").root
    (tmp_path / "checks" / "rules").mkdir(parents=True)
    (tmp_path / "checks" / "rules" / "figures.many-rows.sql").write_text(
        MANY_ROWS_RULE, encoding="utf-8"
    )
    report, statements = _executed(lambda: validate_package(root, checks=tmp_path / "checks"))
    found = of_rule(report, "figures.many-rows")
    assert sorted(f.message for f in found) == sorted(f"row {n}" for n in range(1, 251))
    assert len([s for s in statements if "'row-' || n AS finding_key" in s]) == 1
