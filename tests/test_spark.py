"""The consistency suite on Spark gives the findings it gives on SQLite.

Runs only where PySpark is installed (`pip install -e '.[spark]'`; CI installs it after the
main suite); without it, `--engine spark` must fail cleanly, which is tested here too.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tekser.stages.consistency.spark import spark_sql
from tests.conftest import ROOT, STANDARD_CHECKS, run

HAS_PYSPARK = importlib.util.find_spec("pyspark") is not None


def _generated(tmp_path: Path, figures: int) -> tuple[Path, dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path / f"archive-{figures}"
    manifest: dict[str, Any] = generate(figures, folder)
    return folder, manifest


def _comparable(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding as both engines must give it: records compared as a set (the order of the
    rows of one finding is the engine's), everything else as it is."""
    return {
        **finding,
        "records": sorted(json.dumps(record, sort_keys=True) for record in finding["records"]),
        "evidence": sorted(json.dumps(item, sort_keys=True) for item in finding["evidence"]),
    }


def _findings(path: Path, engine: str) -> dict[str, dict[str, Any]]:
    from tekser.validate import validate_package

    report = validate_package(path, engine=engine).to_dict()
    return {finding["finding_id"]: _comparable(finding) for finding in report["findings"]}


spark_only = pytest.mark.skipif(not HAS_PYSPARK, reason="PySpark is not installed")


@spark_only
def test_spark_finds_what_sqlite_finds_on_a_generated_archive(tmp_path: Path) -> None:
    folder, manifest = _generated(tmp_path, 1000)
    on_sqlite = _findings(folder, "sqlite")
    on_spark = _findings(folder, "spark")
    assert sorted(on_spark) == sorted(on_sqlite)
    assert on_spark == on_sqlite
    rules = {finding["rule"] for finding in on_spark.values()}
    consistency = {name for name in manifest["expected"] if "." in name}
    assert consistency <= rules  # every planted kind, so every rule kind, found on Spark


@spark_only
def test_column_expectation_rows_are_fetched_alike_on_both_engines(tmp_path: Path) -> None:
    """When GX returns fewer unexpected rows than it counts, tekser fetches them all with a
    query of its own; on Spark that query is tekser's alone, so it is run here on both."""
    from tekser.package.descriptor import Package
    from tekser.stages.consistency.run import SqliteEngine, _column_query, _plain
    from tekser.stages.consistency.spark import SparkEngine
    from tekser.stages.consistency.suite import load_suite

    folder, _ = _generated(tmp_path, 1000)
    package = Package.open(folder)
    # the archive runs the standard suite (it has no checks/ of its own)
    rules = [rule for rule in load_suite(STANDARD_CHECKS) if not rule.sql]
    assert rules
    engines = [SqliteEngine(package, tmp_path / "package.sqlite"), SparkEngine(package, tmp_path)]
    try:
        for rule in rules:
            on_sqlite, on_spark = (
                sorted(json.dumps(_plain(row), sort_keys=True)
                       for row in engine.fetch(_column_query(engine, rule, {})))
                for engine in engines
            )  # fmt: skip
            assert on_sqlite, rule.name  # the archive plants a failure of every rule
            assert on_spark == on_sqlite, rule.name
    finally:
        for engine in engines:
            engine.close()


@spark_only
def test_spark_finds_what_sqlite_finds_on_the_bundled_package() -> None:
    on_sqlite = _findings(ROOT, "sqlite")
    assert on_sqlite
    assert _findings(ROOT, "spark") == on_sqlite


@spark_only
def test_spark_finds_what_sqlite_finds_on_the_report_excerpt() -> None:
    example = ROOT / "examples" / "stalin-1934"
    on_sqlite = _findings(example, "sqlite")
    assert {finding["rule"] for finding in on_sqlite.values()} >= {
        "claims.claims-disagree", "shares.complements-bases-differ", "part-whole.rounding",
    }  # fmt: skip
    assert _findings(example, "spark") == on_sqlite


@spark_only
def test_spark_finds_what_sqlite_finds_for_every_rule_of_the_suite(tmp_path: Path) -> None:
    """Each rule's broken package (the cases of tests/test_consistency.py) on both engines:
    the rule's finding, and every other, the same."""
    from tests.builder import build_package
    from tests.test_consistency import CASES

    for rule, (_, case) in sorted(CASES.items()):
        scenario = case(True)
        folder = tmp_path / rule
        root = build_package(folder, scenario.seed, scenario.tables, source=scenario.source)
        on_sqlite = _findings(root, "sqlite")
        assert rule in {finding["rule"] for finding in on_sqlite.values()}, rule
        assert _findings(root, "spark") == on_sqlite, rule


@pytest.mark.skipif(HAS_PYSPARK, reason="PySpark is installed")
def test_spark_engine_without_pyspark_is_a_clean_error() -> None:
    result = run("validate", str(ROOT), "--engine", "spark")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: the spark engine needs PySpark")
    assert "Traceback" not in result.stderr


def test_validate_from_python_c_reports_instead_of_ending_silently() -> None:
    """With PySpark 4 installed, importing GX from a `python -c` program once ended the
    process with status 0 and no report (PySpark took it for a doctest run): a silent pass.
    Without PySpark this is the plain path, and must give the same report."""
    program = "from tekser.cli import main; main(['validate', '.', '--format', 'json'])"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["stages"]["consistency"] > 0
    decided = (
        report["summary"]["by_status"]["confirmed"] + report["summary"]["by_status"]["dismissed"]
    )
    assert decided == report["summary"]["findings"] > 0


@spark_only
def test_spark_engine_is_quiet() -> None:
    """The JVM's start-up notices and Spark's log go to a file in the run's temporary
    folder, not to the user's terminal: stderr stays empty, stdout is the report alone."""
    tekser = Path(sys.executable).with_name("tekser")
    done = subprocess.run(
        [str(tekser), "validate", str(ROOT), "--engine", "spark", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["summary"]["findings"] > 0


def test_rules_are_adapted_to_spark_sql_only_where_it_differs() -> None:
    assert spark_sql("SELECT CAST(p.start AS VARCHAR) || ':' FROM {batch}") == (
        "SELECT CAST(p.start AS STRING) || ':' FROM {batch}"
    )
    assert (
        spark_sql("SELECT CAST(x AS VARCHAR(12)) FROM t") == "SELECT CAST(x AS VARCHAR(12)) FROM t"
    )
    framed = (
        "SELECT ROW_NUMBER() OVER w AS n, FIRST_VALUE(v) OVER w AS f FROM t "
        "WINDOW w AS (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING "
        "AND UNBOUNDED FOLLOWING)"
    )
    assert spark_sql(framed).startswith(
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS n, FIRST_VALUE(v) OVER w AS f"
    )
    for rule in sorted((STANDARD_CHECKS / "rules").glob("*.sql")):
        text = rule.read_text(encoding="utf-8")
        if "VARCHAR" not in text and "ROW_NUMBER" not in text:
            assert spark_sql(text) == text  # every other rule runs on Spark as written


@spark_only
def test_spark_checks_claims_about_plans_as_sqlite_does(tmp_path: Path) -> None:
    """A claim about the plan against the plan's figures (tests/test_readings.py), and one
    about actual figures never against them, on both engines."""
    from tests.test_readings import plan_package

    for statistic in ("plan", None):
        root = plan_package(tmp_path / str(statistic), statistic)
        on_sqlite = _findings(root, "sqlite")
        assert _findings(root, "spark") == on_sqlite, statistic
