"""A package's own SQL runs in a sandbox: a rule may read the validation database and
nothing else. Each hostile rule is one critical `consistency.rule-refused` finding naming
the rule and what it tried; nothing of it runs, no file outside the package is created,
read or changed, and the other rules find what they find without it."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tekser.package.descriptor import Package
from tekser.stages.consistency import sandbox
from tekser.stages.consistency.run import SqliteEngine, _sandboxed
from tekser.stages.consistency.spark import SparkEngine, spark_sql
from tekser.stages.consistency.sqlite import empty_tables
from tekser.stages.consistency.suite import STANDARD, load_suite
from tests.conftest import ROOT, copy_package, run_json, tree_digest

READ_ONLY = "(a rule may only read the validation database)"
SECRET = "outside-secret-7f3a"


def _rule(name: str, body: str, message: str = "{finding_key}") -> str:
    return (
        f"-- rule: {name}\n-- severity: warning\n-- table: figures\n"
        f"-- description: A probe of the sandbox.\n-- message: {message}\n{body}\n"
    )


def _probes(outside: Path) -> dict[str, tuple[str, str]]:
    """Each hostile rule: its query, and what the sandbox says it refuses."""
    written, copied, secret = outside / "written.db", outside / "copy.db", outside / "secret.db"
    return {
        "hostile.attach": (
            f"ATTACH DATABASE '{written}' AS x -- {{batch}}",
            f"ATTACH is not allowed {READ_ONLY}",
        ),
        "hostile.create-there": (
            "CREATE TABLE x.t AS SELECT figure_id AS finding_key FROM {batch}",
            f"CREATE TABLE is not allowed {READ_ONLY}",
        ),
        "hostile.vacuum-into": (
            f"VACUUM INTO '{copied}' -- {{batch}}",
            f"VACUUM is not allowed {READ_ONLY}",
        ),
        "hostile.attach-secret": (
            f"ATTACH DATABASE '{secret}' AS s -- {{batch}}",
            f"ATTACH is not allowed {READ_ONLY}",
        ),
        "hostile.read-secret": (
            "SELECT s.secret AS finding_key FROM s.secret s JOIN {batch} f ON 1 = 1",
            f"reading the database s is not allowed {READ_ONLY}",
        ),
        "hostile.pragma": (
            "PRAGMA writable_schema = 1 -- {batch}",
            f"PRAGMA writable_schema is not allowed {READ_ONLY}",
        ),
        "hostile.pragma-function": (
            "SELECT name AS finding_key FROM pragma_table_info('figures') JOIN {batch} ON 1 = 1",
            f"PRAGMA table_info is not allowed {READ_ONLY}",
        ),
        "hostile.load-extension": (
            "SELECT load_extension('x') AS finding_key FROM {batch}",
            f"the function load_extension() is not allowed {READ_ONLY}",
        ),
        "hostile.two-statements": (
            "SELECT figure_id AS finding_key FROM {batch}; DROP TABLE figures",
            f"more than one statement is not allowed {READ_ONLY}",
        ),
        "hostile.delete": ("DELETE FROM {batch}", f"DELETE is not allowed {READ_ONLY}"),
        "hostile.insert": (
            "INSERT INTO figures SELECT * FROM {batch}",
            f"INSERT is not allowed {READ_ONLY}",
        ),
        "hostile.update": ("UPDATE {batch} SET value = 0", f"UPDATE is not allowed {READ_ONLY}"),
        "hostile.create": (
            "CREATE TABLE copied AS SELECT * FROM {batch}",
            f"CREATE TABLE is not allowed {READ_ONLY}",
        ),
        "hostile.with-delete": (
            "WITH doomed AS (SELECT figure_id FROM figures) DELETE FROM {batch}",
            f"DELETE is not allowed {READ_ONLY}",
        ),
        "hostile.batch-in-comment": (
            "SELECT figure_id AS finding_key, figure_id FROM figures -- {batch}",
            "its query does not read {batch} (a comment or a string does not count)",
        ),
    }


# a legitimate rule: WITH RECURSIVE, a window function; it fires once per series of two or
# more figures
LEGITIMATE = """WITH RECURSIVE one (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM one WHERE n < 1),
counted AS (
  SELECT series_id, figure_id, provenance_id,
         COUNT(*) OVER (PARTITION BY series_id) AS figures
  FROM {batch}
)
SELECT series_id AS finding_key, series_id, figure_id, provenance_id
FROM counted JOIN one ON one.n = 1
WHERE figures >= 2"""


@dataclass
class Runs:
    package: Path
    outside: Path
    probes: dict[str, tuple[str, str]]
    clean: tuple[int, dict[str, Any]]
    hostile: tuple[int, dict[str, Any]]
    before: dict[str, str]
    after: dict[str, str]
    outside_before: dict[str, str]
    outside_after: dict[str, str]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    base = tmp_path_factory.mktemp("hostile-sql")
    package = copy_package(ROOT, base / "package")
    outside = base / "outside"
    outside.mkdir()
    with sqlite3.connect(outside / "secret.db") as connection:
        connection.execute("CREATE TABLE secret (secret TEXT)")
        connection.execute("INSERT INTO secret VALUES (?)", (SECRET,))
    connection.close()
    clean = run_json("validate", str(package), "--fail-on", "critical")
    probes = _probes(outside)
    rules = package / "checks" / "rules"
    rules.mkdir(parents=True)
    for name, (body, _) in probes.items():
        (rules / f"{name}.sql").write_text(_rule(name, body), encoding="utf-8")
    (rules / "own.window.sql").write_text(
        _rule("own.window", LEGITIMATE, "{series_id} has {figures} figures"), encoding="utf-8"
    )
    before, outside_before = tree_digest(package), tree_digest(outside)
    hostile = run_json("validate", str(package), "--fail-on", "critical")
    return Runs(
        package, outside, probes, clean, hostile, before, tree_digest(package),
        outside_before, tree_digest(outside),
    )  # fmt: skip


def _refused(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = [f for f in report["findings"] if f["rule"] == "consistency.rule-refused"]
    return {f["records"][0]["rule"]: f for f in found}


def test_the_clean_package_passes_the_gate(runs: Runs) -> None:
    code, report = runs.clean
    assert code == 0
    assert not _refused(report)


def test_hostile_rules_fail_the_gate(runs: Runs) -> None:
    code, report = runs.hostile
    assert code == 1
    assert sorted(_refused(report)) == sorted(runs.probes)


@pytest.mark.parametrize("name", sorted(_probes(Path("/nowhere"))))
def test_each_hostile_rule_is_one_critical_refusal(runs: Runs, name: str) -> None:
    _, report = runs.hostile
    reason = runs.probes[name][1]
    origin = runs.package / "checks" / "rules" / f"{name}.sql"
    finding = _refused(report)[name]
    assert finding["severity"] == "critical"
    assert finding["stage"] == "consistency"
    assert finding["message"] == f"rule {name} ({origin}) refused: {reason}"
    assert finding["records"] == [{"rule": name, "table": "figures", "refused": reason}]
    # nothing of it ran: it has no finding of its own, and no error
    assert not [f for f in report["findings"] if f["rule"] == name]
    assert not [f for f in report["findings"] if f["rule"] == "consistency.rule-error"]


def test_the_other_rules_find_what_they_find_without_the_hostile_ones(runs: Runs) -> None:
    _, clean = runs.clean
    _, hostile = runs.hostile
    added = {*runs.probes, "own.window", "consistency.rule-refused"}
    kept = [(f["finding_id"], f["message"]) for f in hostile["findings"] if f["rule"] not in added]
    assert kept == [(f["finding_id"], f["message"]) for f in clean["findings"]]
    assert [r["rule"] for r in hostile["rules"] if r["rule"] not in added] == [
        r["rule"]
        for r in clean["rules"]
        if r["rule"] not in added  # rule-refused: both list it
    ]


def test_refusal_ids_are_stable(runs: Runs, tmp_path: Path) -> None:
    """The same rule refused in another copy of the package has the same finding id."""
    _, first = runs.hostile
    again = copy_package(runs.package, tmp_path / "again")
    rules = again / "checks" / "rules"
    rules.mkdir(parents=True)
    body, _ = runs.probes["hostile.vacuum-into"]
    (rules / "hostile.vacuum-into.sql").write_text(_rule("hostile.vacuum-into", body), "utf-8")
    _, second = run_json("validate", str(again))
    ids = {f["finding_id"] for f in _refused(second).values()}
    assert ids == {_refused(first)["hostile.vacuum-into"]["finding_id"]}


def test_nothing_outside_the_package_is_written_or_read(runs: Runs) -> None:
    assert runs.after == runs.before
    assert runs.outside_after == runs.outside_before
    assert sorted(p.name for p in runs.outside.iterdir()) == ["secret.db"]
    assert not (runs.outside / "written.db").exists()
    assert not (runs.outside / "copy.db").exists()
    assert SECRET not in json.dumps(runs.hostile[1])


def test_a_legitimate_with_and_window_rule_still_runs_and_fires(runs: Runs) -> None:
    _, report = runs.hostile
    with (runs.package / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        counts = Counter(row["series_id"] for row in csv.DictReader(handle))
    expected = {series for series, n in counts.items() if n >= 2 and series}
    found = [f for f in report["findings"] if f["rule"] == "own.window"]
    assert expected
    assert {f["records"][0]["series_id"] for f in found} == expected
    assert all(f["severity"] == "warning" for f in found)


# --- the connection rules run on, should a rule slip past the check ---------------------------


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "validation.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE figures (figure_id TEXT, value REAL)")
        connection.execute("INSERT INTO figures VALUES ('a', 1)")
    connection.close()
    return path


@pytest.mark.parametrize(
    "statement",
    [
        "ATTACH DATABASE '{out}' AS x",
        "VACUUM INTO '{out}'",
        "CREATE TABLE copied AS SELECT * FROM figures",
        "CREATE TEMP TABLE copied AS SELECT * FROM figures",
        "INSERT INTO figures VALUES ('b', 2)",
        "DELETE FROM figures",
        "PRAGMA writable_schema = 1",
        "PRAGMA query_only = OFF",
        "SELECT load_extension('x')",
        "BEGIN IMMEDIATE",
    ],
)
def test_the_rules_connection_reads_and_does_nothing_else(
    database: Path, tmp_path: Path, statement: str
) -> None:
    out = tmp_path / "out.db"
    before = tree_digest(tmp_path)
    connection = sandbox.connect(database)
    try:
        for execute in (connection.execute, connection.cursor().execute):
            with pytest.raises(sqlite3.DatabaseError):
                execute(statement.format(out=out))
        with pytest.raises(sqlite3.DatabaseError):
            connection.executescript(statement.format(out=out))
        assert connection.execute("SELECT figure_id, value FROM figures").fetchall() == [("a", 1)]
    finally:
        connection.close()
    assert not out.exists()
    assert tree_digest(tmp_path) == before


def test_a_rule_that_slips_past_the_check_still_cannot_write(
    runs: Runs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the check switched off, the rules run on the guarded connection: they fail as
    rules that could not run, and write nothing."""
    package = copy_package(runs.package, tmp_path / "package")
    rules = package / "checks" / "rules"
    rules.mkdir(parents=True)
    written, copied = tmp_path / "written.db", tmp_path / "copy.db"
    probes = {
        "slip.attach": f"ATTACH DATABASE '{written}' AS x -- {{batch}}",
        "slip.vacuum": f"VACUUM INTO '{copied}' -- {{batch}}",
        "slip.delete": "DELETE FROM {batch}",
    }
    for name, body in probes.items():
        (rules / f"{name}.sql").write_text(_rule(name, body), encoding="utf-8")
    monkeypatch.setattr(SqliteEngine, "refusal", lambda self, rule: "")
    before = tree_digest(package)
    code, report = run_json("validate", str(package), "--fail-on", "critical")
    assert code == 1
    errors = [f for f in report["findings"] if f["rule"] == "consistency.rule-error"]
    assert sorted(f["records"][0]["rule"] for f in errors) == sorted(probes)
    assert all("not authorized" in f["message"] for f in errors), errors
    assert not written.exists() and not copied.exists()
    assert tree_digest(package) == before
    _, clean = runs.clean
    assert [
        f["finding_id"] for f in report["findings"] if f["rule"] != "consistency.rule-error"
    ] == [f["finding_id"] for f in clean["findings"]]


# --- the same check on Spark --------------------------------------------------------------------


def test_spark_refuses_the_same_rules_with_the_same_reasons(runs: Runs) -> None:
    """On Spark the rule's SQL is checked against the package's tables, empty, in SQLite:
    every probe is refused for the same reason (PySpark is not needed to check)."""
    connection = empty_tables(Package.open(runs.package))
    sandbox.guard(connection)
    try:
        for body, reason in runs.probes.values():
            assert sandbox.refusal(connection, spark_sql(body), "figures", strict=True) == reason
        assert sandbox.refusal(connection, spark_sql(LEGITIMATE), "figures", strict=True) == ""
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "SELECT * FROM csv.`/etc/passwd` JOIN {batch} ON 1 = 1",
            f"reading the database csv is not allowed {READ_ONLY}",
        ),
        (
            "SELECT reflect('java.lang.System', 'getenv', 'HOME') AS k FROM {batch}",
            "it cannot be checked against the package's tables (no such function: reflect)",
        ),
        (
            "SELECT figure_id FROM {batch} WHERE figure_id = 'a\\' OR 1 = 1 --'",
            "a backslash in a string is not allowed on Spark (Spark SQL reads it otherwise)",
        ),
        (
            "SELECT /*+ REPARTITION(100000) */ figure_id FROM {batch}",
            "a nested comment or a hint is not allowed on Spark (Spark SQL reads it otherwise)",
        ),
    ],
)
def test_spark_refuses_what_only_spark_would_read(runs: Runs, body: str, reason: str) -> None:
    connection = empty_tables(Package.open(runs.package))
    sandbox.guard(connection)
    try:
        assert sandbox.refusal(connection, spark_sql(body), "figures", strict=True) == reason
    finally:
        connection.close()


def test_an_index_header_builds_an_index_and_nothing_else(database: Path, tmp_path: Path) -> None:
    """A rule's `index:` header is a package's text, run by tekser as it loads: under
    `IndexGuard` it may build an index of a table, and attach, write or create nothing."""
    connection = sqlite3.connect(database)
    connection.set_authorizer(sandbox.IndexGuard())
    try:
        connection.execute("CREATE INDEX wanted ON figures (figure_id, lower(figure_id))")
        for statement in (
            f"ATTACH DATABASE '{tmp_path / 'out.db'}' AS x",
            "CREATE TABLE copied (a)",
            "CREATE TEMP TABLE copied (a)",
            "DROP INDEX wanted",
            "PRAGMA writable_schema = 1",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
                connection.execute(statement)
    finally:
        connection.close()
    assert not (tmp_path / "out.db").exists()
    with sqlite3.connect(database) as check:
        names = [row[0] for row in check.execute("SELECT name FROM sqlite_master")]
    check.close()
    assert names == ["figures", "wanted"]


def test_spark_gives_the_same_refusal_findings(runs: Runs) -> None:
    """The Spark engine's refusal (without a Spark session: its check needs none) makes the
    same findings of the same rules as the SQLite run did, ids and messages alike."""
    connection = empty_tables(Package.open(runs.package))
    sandbox.guard(connection)
    spark = object.__new__(SparkEngine)
    spark._checker = connection
    spark.tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    try:
        rules = load_suite(runs.package / "checks")
        allowed, refused = _sandboxed(spark, rules)
    finally:
        connection.close()
    assert [rule.name for rule in allowed] == ["own.window"]
    _, report = runs.hostile
    on_sqlite = sorted((f["finding_id"], f["message"]) for f in _refused(report).values())
    assert sorted((f.finding_id, f.message) for f in refused) == on_sqlite


@pytest.mark.parametrize("package", [ROOT, ROOT / "examples" / "stalin-1934"])
def test_no_shipped_rule_is_refused_on_either_engine(package: Path) -> None:
    connection = empty_tables(Package.open(package))
    sandbox.guard(connection)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    try:
        for rule in load_suite(STANDARD):
            if rule.sql and rule.table in tables:
                assert sandbox.refusal(connection, rule.sql, rule.table) == "", rule.name
                spark = spark_sql(rule.sql)
                assert sandbox.refusal(connection, spark, rule.table, strict=True) == "", rule.name
    finally:
        connection.close()


# --- a query without end ---------------------------------------------------------------------

ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r"


@pytest.fixture
def limited() -> Any:
    from tekser.core.limits import set_limits

    yield set_limits
    set_limits()


def _guarded_database(tmp_path: Path) -> sqlite3.Connection:
    database = tmp_path / "validation.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE figures (figure_id TEXT)")
    return sandbox.connect(database)


def test_a_query_past_rule_seconds_is_stopped(tmp_path: Path, limited: Any) -> None:
    limited(["rule-seconds=1"])
    connection = _guarded_database(tmp_path)
    with pytest.raises(sqlite3.OperationalError, match=r"ran past 1 s \(raise with --limit rule"):
        connection.execute(f"SELECT count(*) FROM ({ENDLESS})").fetchall()
    # the clock starts again with the next query
    assert connection.execute("SELECT count(*) FROM figures").fetchall() == [(0,)]


def test_a_query_past_rule_rows_is_stopped_as_its_rows_come(tmp_path: Path, limited: Any) -> None:
    limited(["rule-rows=1000"])
    connection = _guarded_database(tmp_path)
    assert len(connection.execute(f"{ENDLESS} LIMIT 1000").fetchall()) == 1000
    for fetch in ("fetchall", "fetchmany", "iterate"):
        cursor = connection.execute(f"{ENDLESS} LIMIT 100000")
        with pytest.raises(sqlite3.OperationalError, match="at most 1,000 is allowed"):
            if fetch == "iterate":
                list(cursor)
            else:
                getattr(cursor, fetch)(*([5000] if fetch == "fetchmany" else []))


def test_a_rule_without_end_is_one_rule_error_and_the_others_run(tmp_path: Path) -> None:
    package = copy_package(ROOT, tmp_path / "package")
    (package / "checks" / "rules").mkdir(parents=True)
    endless = _rule("hostile.endless", f"{ENDLESS}, {{batch}} LIMIT 1000000000", "{x}")
    (package / "checks" / "rules" / "hostile.endless.sql").write_text(endless, "utf-8")
    _, report = run_json("validate", str(package), "--limit", "rule-seconds=2")
    errors = [f for f in report["findings"] if f["rule"].startswith("consistency.")]
    assert [f["rule"] for f in errors] == ["consistency.rule-error"]
    assert "hostile.endless" in errors[0]["message"]
    assert "ran past 2 s (raise with --limit rule-seconds=N)" in errors[0]["message"]
    assert report["summary"]["stages"]["consistency"] > 1
