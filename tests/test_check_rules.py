"""`tekser check-rules`: a package author's own rule run on its own examples, and the harness
(`tekser.authoring.rule_examples`) that reads, builds and judges them. The package is invented:
a mill's count of its workers in an English text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tekser.authoring.example_package import ExampleBuildError
from tekser.authoring.rule_examples import (
    Edit,
    Example,
    ExampleError,
    Expected,
    RuleInfo,
    coverage,
    held_to,
    judge,
    read_example_file,
    read_examples,
)
from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.limits import limits
from tekser.core.report import Report, RuleSummary
from tests.conftest import run

RULE = """\
-- rule: figures.large-count
-- severity: warning
-- table: figures
-- description: A count above a thousand, for a curator to hold against the source.
-- message: {figure_id}: a count of {value}, above a thousand
SELECT figure_id AS finding_key, figure_id, value, provenance_id
FROM {batch}
WHERE statistic = 'count' AND CAST(value AS REAL) > 1000
"""
SOURCE = {"languages": "en", "period_start": "1880-01-01", "period_end": "1910-12-31"}


def _case(name: str, printed: str, **expect: Any) -> dict[str, Any]:
    quote = f"In 1890 the mill employed {printed} workers"
    figure = {
        "figure_id": "mill.workers.1890", "series_id": "mill.workers", "organisation": "mill",
        "measure": "workers", "statistic": "count", "unit": "persons",
        "period_start": "1890-01-01", "period_end": "1890-12-31", "date_printed": "1890",
        "value": printed.replace(",", ""), "printed": printed, "quote": quote,
    }  # fmt: skip
    return {"case": name, "seed": f"{quote}.\n", "tables": {"figures": [figure]}, **expect}


def _package(folder: Path, words: str) -> Path:
    """A folder with checks/: the rule, and its two cases (the one that fires expects
    `words` in the message)."""
    checks = folder / "checks"
    (checks / "rules").mkdir(parents=True)
    (checks / "examples").mkdir()
    (checks / "rules" / "figures.large-count.sql").write_text(RULE, encoding="utf-8")
    examples = {
        "severity": "warning",
        "source": SOURCE,
        "cases": [
            _case("above", "1,200",
                  fires=[{"evidence": ["p.mill.workers.1890"], "message": [words]}]),
            _case("below", "120", passes=True),
        ],
    }  # fmt: skip
    (checks / "examples" / "figures.large-count.json").write_text(
        json.dumps(examples, ensure_ascii=False), encoding="utf-8"
    )
    return folder


def test_a_package_rule_that_does_what_its_examples_say_passes(tmp_path: Path) -> None:
    result = run("check-rules", str(_package(tmp_path, "mill.workers.1890: a count of 1200")))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "figures.large-count [above] ok",
        "figures.large-count [below] ok",
        "2 case(s): 2 ok, 0 failed",
    ]


def test_an_example_the_rule_does_not_meet_and_a_rule_without_examples_fail(
    tmp_path: Path,
) -> None:
    root = _package(tmp_path, "a count of 999")
    (root / "checks" / "rules" / "figures.no-example.sql").write_text(
        RULE.replace("figures.large-count", "figures.no-example"), encoding="utf-8"
    )
    result = run("check-rules", str(root / "checks"))  # a checks folder itself will do
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "figures.no-example [-] FAILED: no example: write examples/figures.no-example.json",
        "figures.large-count [above] FAILED: the message lacks 'a count of 999': "
        "'mill.workers.1890: a count of 1200, above a thousand'",
        "figures.large-count [below] ok",
        "3 case(s): 1 ok, 2 failed",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"cases": [', "not JSON: Expecting value: line 1 column 12 (char 11)"),
        ('{"cases": []}', "`cases` must list the cases, one at least"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true, "fires": []}]}',
         "case x: give either `fires` (a list of findings) or `passes: true`"),
        ('{"cases": [{"case": "x", "seed": "", "passes": false}]}',
         "case x: `passes` can only be true"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true, "rows": {}}]}',
         "case x: unknown key rows"),
        ('{"cases": [{"case": "x", "seed": "", "fires": [{"words": []}]}]}',
         "case x: a finding of `fires` has `evidence` and `message` only"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true},'
         ' {"case": "x", "seed": "", "passes": true}]}', "two cases named x"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true,'
         ' "edits": [{"file": "../elsewhere", "text": ""}]}]}',
         "case x: an edit's `file` is a path inside the package"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true,'
         ' "edits": [{"file": "data/figures.csv", "replace": "a"}]}]}',
         "case x: an edit is {file, replace, with} or {file, text}"),
        ('{"cases": [{"case": "x", "seed": "", "passes": true, "limits": ["lines=1K"]}]}',
         "case x: --limit 'lines=1K': expected NAME=VALUE, NAME one of depth, columns, "
         "field-bytes, line-bytes, document-bytes, seed-bytes, decision-bytes, unpacked-bytes, "
         "unpacked-ratio, rule-seconds, rule-rows"),
    ],
)  # fmt: skip
def test_an_example_file_that_cannot_be_read_is_one_error(
    tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "figures.large-count.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExampleError) as raised:
        read_example_file(path)
    assert str(raised.value) == f"{path}: {error}"


def test_a_malformed_example_file_is_exit_2_in_one_line(tmp_path: Path) -> None:
    root = _package(tmp_path, "above a thousand")
    path = root / "checks" / "examples" / "figures.large-count.json"
    path.write_text('{"cases": [', encoding="utf-8")
    result = run("check-rules", str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: not JSON: Expecting value: line 1 column 12 (char 11)\n"
    )


def test_an_example_file_linked_out_of_the_checks_folder_is_refused_unread(
    tmp_path: Path,
) -> None:
    root = _package(tmp_path / "pkg", "above a thousand")
    path = root / "checks" / "examples" / "figures.large-count.json"
    outside = tmp_path / "outside.json"
    outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    result = run("check-rules", str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: checks: path 'examples/figures.large-count.json' resolves outside the package "
        "and is refused (not read)\n"
    )


def test_an_example_of_a_rule_the_suite_lacks_is_exit_2(tmp_path: Path) -> None:
    root = _package(tmp_path, "above a thousand")
    stray = root / "checks" / "examples" / "figures.no-such-rule.json"
    stray.write_text('{"cases": [{"case": "x", "seed": "", "passes": true}]}', encoding="utf-8")
    result = run("check-rules", str(root))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {stray}: no rule figures.no-such-rule in {root / 'checks' / 'rules'} "
        "to be the example of\n"
    )
    with pytest.raises(ExampleError):
        read_examples(root / "checks", ["figures.large-count"])


def test_a_folder_without_checks_is_exit_2(tmp_path: Path) -> None:
    result = run("check-rules", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {tmp_path}: no checks/ folder (rules/ and examples/) to check\n"
    )


# --- judging, on reports made by hand -----------------------------------------------------------


def _example(fires: tuple[Expected, ...] | None, also: frozenset[str] = frozenset()) -> Example:
    return Example("figures.large-count", "a", "", {}, SOURCE, fires, also)


def _finding(rule: str, message: str) -> Finding:
    span = Evidence("p.a", "example-source", 0, 4, "1200", line=1)
    return Finding(rule, Severity.WARNING, message, evidence=[span], stage="consistency")


def _report(*findings: Finding) -> Report:
    ran = RuleSummary("figures.large-count", "consistency", Severity.WARNING, "")
    return Report("p", findings=list(findings), rules=[ran])


RULE_INFO = RuleInfo("figures.large-count", "warning")


def test_judge_names_each_difference() -> None:
    fires = (Expected(("p.a", "p.b"), ("a count of 1200",)),)
    outcome = judge(
        _example(fires),
        _report(
            _finding("figures.large-count", "a count of None"),
            _finding("figures.other", "something else"),
        ),
        RULE_INFO,
    )
    assert outcome.differences == (
        "evidence ['p.a'], not ['p.a', 'p.b']",
        "the message lacks 'a count of 1200': 'a count of None'",
        "the message prints None: 'a count of None'",
        "other rules fire: warning figures.other: something else",
    )


def test_judge_holds_a_case_to_the_other_rules_it_names() -> None:
    fires = (Expected(("p.a",), ("1200",)),)
    finding = _finding("figures.large-count", "a count of 1200")
    assert judge(_example(fires), _report(finding), RULE_INFO).ok
    named = judge(_example(fires, frozenset({"figures.other"})), _report(finding), RULE_INFO)
    assert named.differences == ("`also` rules do not fire: figures.other",)
    # a passing case: the rule ran and found nothing; the builder's date readings do not count
    reading = Finding("provenance.inferred-date", Severity.INFO, "read", stage="provenance")
    assert judge(_example(None), _report(reading), RULE_INFO).ok
    assert judge(_example(None), _report(finding), RULE_INFO).differences == (
        "it fires: warning figures.large-count: a count of 1200",
    )
    assert judge(_example(None), Report("p"), RULE_INFO).differences == ("the rule did not run",)


def test_coverage_wants_a_case_that_fires_and_one_that_passes() -> None:
    fires = (Expected((), ("x",)),)
    examples = {"a.fires-only": [_example(fires)], "b.passes-only": [_example(None)]}
    assert [o.line() for o in coverage(["a.fires-only", "b.passes-only", "c.none"], examples)] == [
        "a.fires-only [-] FAILED: no case where it passes",
        "b.passes-only [-] FAILED: no case where it fires",
        "c.none [-] FAILED: no example: write examples/c.none.json",
    ]


def test_edits_change_the_written_package_and_an_edit_that_finds_nothing_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.csv").write_text("id,value\nmill,120\n", encoding="utf-8")
    Edit("data/figures.csv", replace="120", with_="125").apply(tmp_path)
    Edit("checks/rules/x.sql", text="SELECT 1\n").apply(tmp_path)
    assert (tmp_path / "data" / "figures.csv").read_text(encoding="utf-8") == "id,value\nmill,125\n"
    assert (tmp_path / "checks" / "rules" / "x.sql").read_text(encoding="utf-8") == "SELECT 1\n"
    with pytest.raises(ExampleBuildError) as raised:
        Edit("data/figures.csv", replace="120", with_="130").apply(tmp_path)
    assert str(raised.value) == "edit of data/figures.csv: '120' is not there once"


def test_a_case_is_held_to_its_own_limits_and_they_are_restored_after() -> None:
    before = limits()
    with held_to(("line-bytes=1K", "columns=20")):
        assert (limits().line_bytes, limits().columns) == (1024, 20)
        assert limits().field_bytes == before.field_bytes
    assert limits() == before
