"""The standard suite ships inside tekser: a package without checks/ runs it, a package's own
checks add to it, replace a rule or disable one by name (with a reason), and the report says
which suite ran. A package of contract 0.1 keeps validating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tekser.stages.catalogue import catalogue
from tekser.stages.consistency.suite import STANDARD, load_suite
from tests.builder import build_package
from tests.conftest import ROOT, run, run_json, run_json_shared

FIXTURE_01 = ROOT / "tests" / "fixtures" / "article-0.1"

SEED = "На 1 января 1930 г. ячеек было 40, на 1 января 1931 г. ячеек было 40.\n"


def repeated(root: Path) -> Path:
    """A package whose one series repeats a value: `series.repeated-value` finds it."""
    quote_1930 = "На 1 января 1930 г. ячеек было 40"
    quote_1931 = "на 1 января 1931 г. ячеек было 40"
    rows = [
        {"figure_id": f"primary.cells.{year}", "series_id": "jan1.primary.cells",
         "organisation": "primary", "measure": "cells", "period_start": f"{year}-01-01",
         "value": 40, "date_printed": f"1 января {year} г.", "quote": quote}
        for year, quote in ((1930, quote_1930), (1931, quote_1931))
    ]  # fmt: skip
    return build_package(root, SEED, {"figures": rows})


def add_checks(root: Path, settings: dict[str, object] | None = None, **rules: str) -> Path:
    folder = root / "checks"
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    for name, sql in rules.items():
        (folder / "rules" / f"{name}.sql").write_text(sql, encoding="utf-8")
    if settings is not None:
        (folder / "suite.json").write_text(json.dumps(settings), encoding="utf-8")
    return root


OWN_RULE = """-- rule: figures.own
-- severity: warning
-- table: figures
-- description: A rule of the package's own.
-- message: {figure_id}: forty
SELECT figure_id AS finding_key, figure_id, provenance_id FROM {batch} WHERE value = 40
"""

QUIET_REPEATS = """-- rule: series.repeated-value
-- severity: info
-- table: figures
-- description: The package's own version of the rule: repeats are for the record only.
-- message: {figure_id}: repeated
SELECT figure_id AS finding_key, figure_id, provenance_id FROM {batch} WHERE 1 = 0
"""


def test_a_package_without_checks_runs_the_standard_suite(tmp_path: Path) -> None:
    root = repeated(tmp_path / "p")
    assert not (root / "checks").exists()
    code, report = run_json("validate", str(root), "--fail-on", "warning")
    assert code == 1
    assert [f["rule"] for f in report["findings"]] == ["series.repeated-value"]
    standard = load_suite(STANDARD)
    suite = report["suite"]
    assert suite["standard_rules"] == suite["rules"] == len(standard)
    assert suite["package_checks"] is None
    assert (suite["added"], suite["overridden"], suite["disabled"]) == ([], {}, {})
    # every rule that ran: the suite's, and the Python stages' (the rule catalogue's)
    stages = {e.rule for e in catalogue() if e.kind == "python" and not e.family and not e.only}
    ran = {rule["rule"] for rule in report["rules"]}
    assert ran == {rule.name for rule in standard} | stages
    assert not any(f["rule"] == "consistency.no-suite" for f in report["findings"])


def test_the_human_report_says_which_suite_ran(tmp_path: Path) -> None:
    root = repeated(tmp_path / "p")
    result = run("validate", str(root))
    assert "tekser standard suite" in result.stdout


def test_package_rules_add_replace_and_disable(tmp_path: Path) -> None:
    root = add_checks(
        repeated(tmp_path / "p"),
        {"disable": {"claims.unchecked": "this package has no claims table"},
         "override": {"series.repeated-value": "repeats are common in this source"}},
        **{"figures.own": OWN_RULE, "series.repeated-value": QUIET_REPEATS},
    )  # fmt: skip
    code, report = run_json("validate", str(root), "--fail-on", "warning")
    assert code == 1
    assert sorted(f["rule"] for f in report["findings"]) == ["figures.own", "figures.own"]
    suite = report["suite"]
    assert suite["added"] == ["figures.own"]
    assert suite["overridden"] == {"series.repeated-value": "repeats are common in this source"}
    assert suite["disabled"] == {"claims.unchecked": "this package has no claims table"}
    assert suite["package_checks"] == "checks"
    assert suite["rules"] == suite["standard_rules"]  # one added, one disabled
    ran = {rule["rule"] for rule in report["rules"]}
    assert "claims.unchecked" not in ran and "figures.own" in ran


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"disable": {"series.no-such-rule": "a typo"}}, "does not have"),
        ({"disable": {"series.repeated-value": " "}}, "needs a reason"),
        ({"override": {"series.repeated-value": "no such file"}}, "have no rule of that name"),
        ({"disabled": {}}, "`disable` and `override` only"),
    ],
)
def test_bad_suite_settings_are_one_line_errors(
    tmp_path: Path, settings: dict[str, object], words: str
) -> None:
    root = add_checks(repeated(tmp_path / "p"), settings)
    before = (root / "checks" / "suite.json").read_bytes()
    result = run("validate", str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]
    assert (root / "checks" / "suite.json").read_bytes() == before


def test_a_package_of_contract_0_1_still_validates() -> None:
    """The bundled article as released under contract 0.1 (integer values, its own copy of
    the suite as it then was): exit 0, and 0 with --fail-on warning (every finding decided)."""
    # validated in place (validate writes nothing), once per session
    code, report = run_json_shared("validate", str(FIXTURE_01), "--fail-on", "warning")
    assert code == 0, [f["finding_id"] for f in report["findings"] if f["status"] == "open"]
    assert report["summary"]["by_severity"]["critical"] == 0
    assert report["summary"]["coverage"]["unaccounted"] == 0
    assert report["suite"]["overridden"]  # its own copies of the rules, as it shipped them


def test_the_rules_indexes_are_built_once_and_used_by_their_rules(tmp_path: Path) -> None:
    """A rule's `index:` headers are built once in the validation database, after the load,
    and SQLite's plan of the rule searches through its index rather than scanning."""
    import sqlite3

    from tekser.package.descriptor import Package
    from tekser.stages.consistency.sqlite import load_sqlite

    rules = [rule for rule in load_suite(STANDARD) if rule.indexes]
    assert rules, "the standard suite asks for no index"
    database = tmp_path / "package.sqlite"
    load_sqlite(Package.open(ROOT), database, [i for rule in rules for i in rule.indexes])
    connection = sqlite3.connect(database)
    built = {
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'tekser_rule_index_%'"
        )
    }
    assert len(built) == len({i for rule in rules for i in rule.indexes})
    for rule in rules:
        plan = " ".join(
            str(row[-1]) for row in connection.execute("EXPLAIN QUERY PLAN " + rule.query())
        )
        assert any(f"USING INDEX {name}" in plan for name in built), (rule.name, plan)
    connection.close()


RANGED_REPEATS = """-- rule: figures.ranged
-- severity: warning
-- table: figures
-- description: Figures of forty, with an index of a column the table has and one it lacks.
-- index: figures (series_id,
--   period_start)
-- index: figures (no_such_column)
-- message: {figure_id}: forty
SELECT figure_id AS finding_key, figure_id, provenance_id FROM {batch} WHERE value = 40
"""


def test_an_index_sqlite_cannot_build_is_left_out(tmp_path: Path) -> None:
    """An index is a speed, never a result: one naming a column the table lacks is not
    built, and the rule runs as it would without it; a continued header is one index."""
    from tekser.stages.consistency.suite import parse_sql_rule

    root = add_checks(repeated(tmp_path / "p"), **{"figures.ranged": RANGED_REPEATS})
    rule = parse_sql_rule(root / "checks" / "rules" / "figures.ranged.sql")
    assert rule.indexes == ("figures (series_id, period_start)", "figures (no_such_column)")
    code, report = run_json("validate", str(root), "--fail-on", "warning")
    assert code == 1
    assert sorted(f["rule"] for f in report["findings"]) == [
        "figures.ranged",
        "figures.ranged",
        "series.repeated-value",
    ]


@pytest.mark.parametrize(
    "index", ["figures", "figures (a); DROP TABLE figures", "(a, b)", "figures ()"]
)
def test_a_malformed_index_header_is_a_one_line_error(tmp_path: Path, index: str) -> None:
    rule = RANGED_REPEATS.replace("-- index: figures (no_such_column)", f"-- index: {index}")
    root = add_checks(repeated(tmp_path / "p"), **{"figures.ranged": rule})
    result = run("validate", str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "index:" in lines[0]
