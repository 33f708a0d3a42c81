"""Machine formats of `tekser validate`: JUnit XML for CI test reports, GitHub annotations."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from tekser.render.terminal import _github_escape
from tests.builder import build_package
from tests.conftest import ROOT, STANDARD_CHECKS, copy_package, run, run_shared
from tests.test_consistency import BUNDLED_WARNINGS, CASES, RULES

SEED = ROOT / "seeds" / "ainakulov-2013-lower-party-cells.txt"
EXAMPLE = ROOT / "examples" / "stalin-1934"
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),title=(?P<title>[^,:]+)::(?P<message>.+)$"
)


@pytest.fixture
def undecided(tmp_path: Path) -> Path:
    """The bundled package and its suite as before its curators decided: findings open."""
    package = copy_package(ROOT, tmp_path / "undecided")
    shutil.copytree(STANDARD_CHECKS, package / "checks")
    (package / "provenance" / "decisions.jsonl").unlink()
    return package


def junit(*args: str, shared: bool = False) -> tuple[int, ET.Element]:
    """The JUnit report of `tekser validate ARGS…`; `shared`: of a package no test writes,
    run once per session."""
    result = (run_shared if shared else run)("validate", *args, "--format", "junit")
    return result.exit_code, ET.fromstring(result.stdout)


def cases_of(suites: ET.Element) -> dict[str, ET.Element]:
    cases = suites.findall("./testsuite/testcase")
    names = Counter(case.get("name") for case in cases)
    assert all(count == 1 for count in names.values()), names
    return {str(case.get("name")): case for case in cases}


def test_junit_has_one_case_per_rule_and_passes_at_the_default_threshold() -> None:
    code, suites = junit(str(ROOT), shared=True)
    assert code == 0
    cases = cases_of(suites)
    for rule in RULES:
        assert cases[rule].get("classname") == "tekser.consistency"
    (suite,) = suites.findall("testsuite")
    assert suite.get("tests") == suites.get("tests") == str(len(cases))
    assert suite.get("failures") == suites.get("failures") == "0"
    assert not suites.findall(".//failure")
    # Decided findings are skipped, with their status, reviewer and reason, never failed.
    shown = cases["series.repeated-value"].find("skipped")
    assert shown is not None and "14752" in (shown.text or "")
    assert shown.get("message") == "1 decided: 1 confirmed by tekser curation team"
    assert "[warning, confirmed]" in (shown.text or "") and " — confirmed by " in (shown.text or "")
    assert int(suite.get("skipped", "0")) >= len(BUNDLED_WARNINGS)


def test_junit_passes_decided_findings_at_any_threshold() -> None:
    code, suites = junit(str(ROOT), "--fail-on", "info", shared=True)
    assert code == 0
    assert suites.get("failures") == "0"


def test_junit_fails_the_rules_at_or_above_fail_on(undecided: Path) -> None:
    code, suites = junit(str(undecided), "--fail-on", "warning")
    assert code == 1
    cases = cases_of(suites)
    failed = {name: case for name, case in cases.items() if case.find("failure") is not None}
    assert set(failed) == set(BUNDLED_WARNINGS)
    assert suites.get("failures") == str(len(failed))
    for rule, count in BUNDLED_WARNINGS.items():
        failure = failed[rule].find("failure")
        assert failure is not None
        assert failure.get("type") == "warning"
        assert failure.get("message") == f"{count} finding(s)"
        assert len((failure.text or "").splitlines()) == count
    for rule in set(RULES) - set(BUNDLED_WARNINGS):
        assert cases[rule].find("failure") is None


def github(*args: str) -> tuple[int, list[str]]:
    result = run("validate", *args, "--format", "github")
    return result.exit_code, result.stdout.splitlines()


def test_github_annotates_decided_findings_as_notices() -> None:
    report = json.loads(run_shared("validate", str(EXAMPLE), "--format", "json").stdout)
    decided = [f for f in report["findings"] if f["status"] not in ("open", "stale")]
    code, lines = github(str(EXAMPLE))
    assert code == 0
    notices = [line for line in lines if "(confirmed)::" in line]
    assert len(notices) == len(decided) > 0
    for line in notices:
        match = ANNOTATION.match(line)
        assert match and match["level"] == "notice", line
        assert " — confirmed by " in match["message"]
    assert lines[-1].startswith("::notice title=tekser::tekser: 0 open finding(s)")


def test_github_annotations_point_at_seed_lines_from_the_repository_root(
    undecided: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(undecided)
    code, lines = github()
    assert code == 0
    *annotations, verdict = lines
    assert verdict == "::notice title=tekser::tekser: 0 open finding(s) at or above critical"
    assert len(annotations) >= sum(BUNDLED_WARNINGS.values())
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    levels: Counter[tuple[str, str]] = Counter()
    for annotation in annotations:
        # Every finding of the bundled package that reads its source has evidence, so every
        # annotation a file (a cell a spreadsheet would run is about a table, not the source).
        if "title=structure.spreadsheet-formula::" in annotation:
            continue
        match = ANNOTATION.match(annotation)
        assert match, annotation
        assert match["file"] == "seeds/ainakulov-2013-lower-party-cells.txt"
        assert 1 <= int(match["line"]) <= len(seed_lines)
        levels[match["level"], match["title"]] += 1
    for rule, count in BUNDLED_WARNINGS.items():
        assert levels["warning", rule] == count


def test_github_file_paths_are_relative_to_the_working_folder(
    undecided: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, lines = github(str(undecided), "--fail-on", "warning")
    assert code == 1
    seed = undecided / SEED.relative_to(ROOT)
    files = {match["file"] for line in lines if (match := ANNOTATION.match(line))}
    assert files == {os.path.relpath(seed, elsewhere)}
    assert (elsewhere / files.pop()).resolve() == seed.resolve()
    assert lines[-1].startswith("::error title=tekser::tekser: ")


def _escaping_package(folder: Path) -> tuple[Path, Path]:
    """A package with a figure, and a suite whose one rule's name and message hold the
    characters a workflow command must escape: `%`, `,`, `:` and a line break."""
    scenario = CASES["values.normalised"][1](False)
    root = build_package(folder, scenario.seed, scenario.tables, checks=None)
    checks = folder.parent / "odd-checks"
    (checks / "rules").mkdir(parents=True)
    (checks / "rules" / "odd.sql").write_text(
        "-- rule: figures.odd:name,with-marks\n-- severity: warning\n-- table: figures\n"
        "-- description: A rule whose message holds a line break and a percent sign.\n"
        "-- message: {figure_id}: 100% {text}\n"
        "SELECT figure_id AS finding_key, figure_id,\n"
        "       'first line' || CHAR(10) || 'second line, 50%' AS text, provenance_id\n"
        "FROM {batch}\n",
        encoding="utf-8",
    )
    return root, checks


def test_github_annotations_escape_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, checks = _escaping_package(tmp_path / "package, v1")
    monkeypatch.chdir(tmp_path)
    code, lines = github(str(root), "--checks", str(checks))
    assert code == 0
    assert all(line.startswith("::") for line in lines), lines
    (annotation,) = [line for line in lines if "title=figures" in line]
    assert annotation.startswith(
        "::warning file=package%2C v1/seeds/test-source.txt,line=1,"
        "title=figures.odd%3Aname%2Cwith-marks::"
    )
    assert "sovkhoz.cells.1932: 100%25 first line%0Asecond line, 50%25 [" in annotation


def test_junit_escapes_data(tmp_path: Path) -> None:
    root, checks = _escaping_package(tmp_path / "package")
    code, suites = junit(str(root), "--checks", str(checks), "--fail-on", "warning")
    assert code == 1
    failure = cases_of(suites)["figures.odd:name,with-marks"].find("failure")
    assert failure is not None
    assert "100% first line\nsecond line, 50%" in (failure.text or "")


def test_github_escape() -> None:
    assert _github_escape("50%\r\nnext") == "50%25%0D%0Anext"
    assert _github_escape("a: b, c") == "a: b, c"
    assert _github_escape("a: b, c%", prop=True) == "a%3A b%2C c%25"
    assert _github_escape("%0A") == "%250A"  # an escape in the data stays data


def test_the_consistency_rules_are_in_every_junit_report(tmp_path: Path) -> None:
    """Rules of the package's own suite run and show as cases even when nothing fails."""
    scenario = CASES["series.repeated-value"][1](False)
    root = build_package(tmp_path / "package", scenario.seed, scenario.tables)
    code, suites = junit(str(root))
    assert code == 0
    cases = cases_of(suites)
    assert set(RULES) <= set(cases)
    assert not suites.findall(".//failure")


# --- pipes, paths and plain text ---------------------------------------------------------------


def _piped_into_a_closed_reader(*args: str) -> subprocess.CompletedProcess[str]:
    """`tekser validate ARGS | head -c 0`: the reader is gone before a byte is written."""
    command = [sys.executable, "-c", "from tekser.cli import main; main()", "validate", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(command, process.returncode, "", stderr.decode())


@pytest.mark.parametrize("output_format", ["text", "json", "html"])
def test_a_broken_pipe_ends_quietly_with_the_validation_exit_code(
    undecided: Path, output_format: str
) -> None:
    done = _piped_into_a_closed_reader(str(undecided), "--format", output_format,
                                       "--fail-on", "warning")  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "")
    if output_format == "json":
        done = _piped_into_a_closed_reader(str(EXAMPLE), "--format", "json")
        assert (done.returncode, done.stderr) == (0, "")


def test_the_report_names_the_package_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for given in ("examples/stalin-1934", "examples/stalin-1934/datapackage.json", "."):
        report = json.loads(run("validate", given, "--format", "json").stdout)
        assert report["package"] == given
    # from a relative path, the quotes of the human report still come from the seed
    _code, lines = github("examples/stalin-1934")
    assert any("file=examples/stalin-1934/seeds/" in line for line in lines)


def test_plain_text_marks_the_quoted_span(undecided: Path) -> None:
    result = run("validate", str(undecided))
    assert "\x1b[" not in result.stdout  # not a terminal: no escape codes
    spans = re.findall(r"⟦[^⟧]+⟧", result.stdout.replace("\n", " "))
    assert len(spans) >= sum(BUNDLED_WARNINGS.values())
