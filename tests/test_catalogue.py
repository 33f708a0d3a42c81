"""The rule catalogue: every id a stage can raise is declared once (SQL headers and
`checks/python_rules.json`), with the severity it is raised with; the report lists the rules
that ran from it; a card's explanation reads it; and the standard suite is found, and
shipped, from the repository's top-level `checks/`."""

from __future__ import annotations

import ast
import json
import tomllib
from dataclasses import replace
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

import frictionless
import pytest

from tekser.core.errors import TekserError
from tekser.core.findings import Finding, Severity
from tekser.core.report import Report, RuleSummary
from tekser.core.rules import standard_checks
from tekser.stages.catalogue import (
    STAGES,
    catalogue,
    explain,
    find,
    python_rules,
    reference,
    rules_run,
    seen_examples,
)
from tekser.stages.consistency.suite import load_suite, parse_sql_rule
from tests.conftest import ROOT

SOURCE = ROOT / "src" / "tekser"
FINDING_CALLS = {"Finding", "finding", "_finding"}
SEVERITY = {f"Severity.{s.name}": s for s in Severity}


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text("utf-8")) for path in sorted(SOURCE.rglob("*.py"))}


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's `NAME = "text"` assignments."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "id", getattr(node.func, "attr", ""))


def _argument(node: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for item in node.keywords:
        if item.arg == keyword:
            return item.value
    return node.args[position] if len(node.args) > position else None


def _severities(node: ast.expr | None) -> set[Severity]:
    """The severities a `severity` argument can take (`A if x else B` gives both)."""
    if isinstance(node, ast.IfExp):
        return _severities(node.body) | _severities(node.orelse)
    return (
        {SEVERITY[ast.unparse(node)]}
        if node is not None and ast.unparse(node) in SEVERITY
        else set()
    )


@cache
def raised() -> dict[str, set[Severity]]:
    """Every rule id tekser's code can raise, with the severities it is raised with: ids given
    as text (or a module constant) to a finding; the `structure.<frictionless error>` family;
    tables refused past a bound (`Overrun`); a stage's `unreadable`; the parts of a descriptor
    that are never fetched (`structure.remote-…`). A rule of the suite raises its own name."""
    found: dict[str, set[Severity]] = {}
    unreadable: set[str] = set()
    for path, tree in _trees().items():
        names = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            rule = _argument(node, 0, "rule")
            if name in FINDING_CALLS and rule is not None:
                severity = _severities(_argument(node, 1, "severity"))
                if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                    found.setdefault(rule.value, set()).update(severity)
                elif isinstance(rule, ast.Name) and rule.id in names:
                    found.setdefault(names[rule.id], set()).update(severity)
                elif (
                    isinstance(rule, ast.JoinedStr) and ast.unparse(rule) == "f'{stage}.unreadable'"
                ):
                    unreadable.add("unreadable")
                elif isinstance(rule, ast.JoinedStr):
                    head = rule.values[0]
                    assert isinstance(head, ast.Constant), f"{path}: {ast.unparse(rule)}"
                    if "overrun" not in ast.unparse(rule):
                        found.setdefault(f"{head.value}*", set()).update(severity)
            if name == "Overrun" and isinstance(rule, ast.Constant):
                found.setdefault(f"structure.{rule.value}", set()).add(Severity.CRITICAL)
            if name in ("_unreadable", "_guarded"):
                stage = node.args[0 if name == "_unreadable" else 1]
                if isinstance(stage, ast.Constant):
                    found.setdefault(f"{stage.value}.unreadable", set()).add(Severity.CRITICAL)
        # the descriptor's parts never fetched: their rule ids are data of the module
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and (
                text.startswith("structure.remote-") or text == "structure.unknown-profile"
            ):
                found.setdefault(text, set()).add(Severity.CRITICAL)
    assert unreadable, "validate raises a stage's `unreadable`"
    return found


def test_the_scan_sees_each_kind_of_raise() -> None:
    ids = raised()
    # a literal, a module constant, the frictionless family, a bound, a stage unreadable, a
    # remote part, and a severity that depends on the case
    assert ids["provenance.span-drift"] == {Severity.CRITICAL}
    assert ids["structure.spreadsheet-formula"] == {Severity.INFO}
    assert ids["structure.*"] == {Severity.CRITICAL}
    assert ids["structure.line-too-long"] == {Severity.CRITICAL}
    assert ids["coverage.unreadable"] == {Severity.CRITICAL}
    assert "structure.remote-schema" in ids
    assert ids["package.interrupted-commit"] == {Severity.CRITICAL, Severity.INFO}


def test_every_id_a_stage_can_raise_is_in_the_catalogue_with_its_severity() -> None:
    entries = {entry.rule: entry for entry in catalogue()}
    for rule, severities in sorted(raised().items()):
        entry = entries.get(rule) or find(rule)
        assert entry is not None, f"{rule} is raised but not in the catalogue"
        assert entry.severity in severities or not severities, rule
        # a rule raised with more than one severity says when it has the other
        assert (len(severities) > 1) == bool(entry.severity_note), rule


def test_every_python_rule_of_the_catalogue_is_raised_somewhere() -> None:
    ids = raised()
    declared = {entry.rule for entry in catalogue() if entry.kind == "python"}
    assert sorted(declared - set(ids)) == []


def test_every_frictionless_error_is_the_family_unless_tekser_declares_it() -> None:
    types = {
        error.type
        for error in vars(frictionless.errors).values()
        if isinstance(error, type) and getattr(error, "type", None)
    }
    assert "type-error" in types and "foreign-key" in types
    for error_type in sorted(types):
        entry = find(f"structure.{error_type}")
        assert entry is not None and entry.stage == "structure", error_type
    assert find("structure.type-error").rule == "structure.*"  # type: ignore[union-attr]
    assert find("structure.not-a-file").rule == "structure.not-a-file"  # type: ignore[union-attr]
    assert find("structure.") is None and find("nothing.such") is None


def test_the_catalogue_holds_each_sql_rule_of_the_standard_suite_once() -> None:
    entries = catalogue()
    sql = [entry for entry in entries if entry.kind == "sql"]
    assert sorted(entry.rule for entry in sql) == sorted(
        r.name for r in load_suite(standard_checks())
    )
    names = [entry.rule for entry in entries]
    assert len(names) == len(set(names))
    assert [STAGES.index(entry.stage) for entry in entries] == sorted(
        STAGES.index(entry.stage) for entry in entries
    )
    # every standard rule has a sentence for the curator of its own, not its description
    assert all(entry.explain and entry.explain != entry.description for entry in sql)


def test_the_report_lists_every_rule_that_ran(bundled_report: Report) -> None:
    listed = [rule.name for rule in bundled_report.rules]
    assert len(listed) == len(set(listed))
    python = [
        entry.rule
        for entry in catalogue()
        if entry.kind == "python" and not entry.family and not entry.only
    ]
    assert bundled_report.suite is not None
    assert set(listed) == set(python) | {rule.name for rule in bundled_report.suite.rules}
    assert "package.not-tekser" not in listed and "structure.*" not in listed
    # in the order the stages run, each with the stage its findings carry
    stages = [rule.stage for rule in bundled_report.rules]
    assert stages == sorted(stages, key=STAGES.index)
    by_name = {rule.name: rule for rule in bundled_report.rules}
    for finding in bundled_report.findings:
        assert by_name[finding.rule].stage == finding.stage, finding.rule
        assert by_name[finding.rule].severity == finding.severity, finding.rule
    report = bundled_report.to_dict()
    entry = next(rule for rule in report["rules"] if rule["rule"] == "provenance.span-drift")
    assert entry == {
        "rule": "provenance.span-drift",
        "stage": "provenance",
        "severity": "critical",
        "description": find("provenance.span-drift").description,  # type: ignore[union-attr]
        "findings": 0,
    }


def test_a_package_rule_that_takes_a_python_id_is_listed_once() -> None:
    (own,) = [r for r in load_suite(standard_checks()) if r.name == "series.repeated-value"]
    taken = replace(own, name="provenance.unreferenced")
    listed = [rule.name for rule in rules_run([taken])]
    assert listed.count("provenance.unreferenced") == 1
    (summary,) = [rule for rule in rules_run([taken]) if rule.name == "provenance.unreferenced"]
    assert summary.stage == "consistency"


def _finding(rule: str) -> Finding:
    return Finding(rule, Severity.WARNING, "made up", [{"id": "x"}], stage="consistency")


def test_a_cards_explanation_reads_the_catalogue() -> None:
    ran = Report(package="p")
    ran.rules = [
        RuleSummary("own.rule", "consistency", Severity.WARNING, "What it checks.", "Why look."),
        RuleSummary("own.plain", "consistency", Severity.WARNING, "Only a description."),
    ]
    assert explain(_finding("own.rule"), ran) == "Why look."
    assert explain(_finding("own.plain"), ran) == "Only a description."
    assert explain(_finding("structure.type-error"), ran) == (
        "The package does not match its descriptor or Table Schemas (frictionless)."
    )
    assert explain(_finding("structure.spreadsheet-formula"), ran).startswith(
        "Cells a spreadsheet would run as formulas"
    )
    assert explain(_finding("provenance.unanchored"), ran) == "The quote has no span yet."
    assert explain(_finding("series.repeated-value"), ran) == (
        "The same value at consecutive dates of one series (a repeated 0 is not flagged)."
    )
    assert explain(_finding("nothing.such"), ran) == ""


def test_a_rule_header_may_explain_the_rule_for_a_curator(tmp_path: Path) -> None:
    rules = tmp_path / "checks" / "rules"
    rules.mkdir(parents=True)
    (rules / "mills.closed.sql").write_text(
        "-- rule: mills.closed\n-- severity: info\n-- table: figures\n"
        "-- description: A mill counted after it closed.\n"
        "-- explain: The mill had closed by then:\n--   check the date.\n"
        "-- message: {figure_id}\nSELECT figure_id AS finding_key, figure_id FROM {batch}\n",
        "utf-8",
    )
    rule = parse_sql_rule(rules / "mills.closed.sql")
    assert (rule.description, rule.explain) == (
        "A mill counted after it closed.",
        "The mill had closed by then: check the date.",
    )
    (listed,) = [r for r in rules_run([rule]) if r.name == "mills.closed"]
    assert (listed.stage, listed.explain) == ("consistency", rule.explain)


GOOD = {
    "rule": "mills.unreadable",
    "stage": "provenance",
    "severity": "critical",
    "description": "A mill's ledger that cannot be read.",
    "explain": "The ledger cannot be read.",
}


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ("not a list", "must be an object with a list of `rules`"),
        (["a rule"], "rule #0 is not an object"),
        ([{**GOOD, "explain": ""}], "rule #0 lacks explain"),
        ([{**GOOD, "stage": "milling"}], "stage must be one of structure, provenance"),
        ([{**GOOD, "severity": "grave"}], "severity must be critical, warning or info"),
        ([{**GOOD, "colour": "red"}], "rule #0 has unknown keys: colour"),
        ([{**GOOD, "only": "tekser"}], "`only` may only be plain"),
        ([GOOD, GOOD], "rule ids must be unique: mills.unreadable"),
    ],
)
def test_a_malformed_declaration_is_a_one_line_error(
    tmp_path: Path, rules: object, words: str
) -> None:
    (tmp_path / "python_rules.json").write_text(json.dumps({"rules": rules}), "utf-8")
    with pytest.raises(TekserError) as caught:
        python_rules(tmp_path)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_good_declaration_is_read_as_written(tmp_path: Path) -> None:
    (tmp_path / "python_rules.json").write_text(json.dumps({"rules": [GOOD]}), "utf-8")
    (entry,) = python_rules(tmp_path)
    assert (entry.rule, entry.stage, entry.severity, entry.kind, entry.family) == (
        "mills.unreadable", "provenance", Severity.CRITICAL, "python", False,
    )  # fmt: skip


def test_the_readme_reference_has_one_row_per_rule() -> None:
    rows = [line for line in reference().splitlines() if line.startswith("| `")]
    assert len(rows) == len(catalogue())
    assert rows[0].startswith("| `structure.<error-type>` | structure | critical |")
    (drift,) = [row for row in rows if row.startswith("| `package.interrupted-commit`")]
    assert "| critical (info before the commit point" in drift
    readme = (ROOT / "README.md").read_text("utf-8")
    assert reference() in readme  # the generated table is the README's (cog keeps it so)


def test_the_seen_examples_are_read_from_the_suites_readme(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# A suite\n\n## Where each rule was seen\n\nIntro.\n\n"
        "- `mills.closed`: a ledger of 1880: one mill, twice\n- `mills.open`: none\n"
        "\n## Next\n\n- `not.this`: no\n",
        "utf-8",
    )
    assert seen_examples(tmp_path) == {
        "mills.closed": "a ledger of 1880: one mill, twice",
        "mills.open": "none",
    }
    assert set(seen_examples()) <= {entry.rule for entry in catalogue()}


# --- where the suite lives and how it ships ----------------------------------------------------


def test_the_standard_suite_is_the_repositorys_top_level_checks() -> None:
    assert standard_checks() == ROOT / "checks"
    assert not (SOURCE / "checks").exists()


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    tool: dict[str, object] = config["tool"]["setuptools"]
    return tool


def test_the_wheel_ships_the_suite_as_tekser_checks() -> None:
    tool = _setuptools()
    assert tool["package-dir"] == {"": "src", "tekser.checks": "checks"}
    assert "tekser.checks" in tool["packages"]  # type: ignore[operator]
    globs = tool["package-data"]["tekser.checks"]  # type: ignore[index]
    shipped = [
        path.relative_to(ROOT / "checks").as_posix()
        for path in sorted((ROOT / "checks").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert "python_rules.json" in shipped and "rules/series.repeated-value.sql" in shipped
    assert [path for path in shipped if not any(fnmatch(path, g) for g in globs)] == []


def test_every_folder_of_python_modules_is_a_listed_package() -> None:
    """`packages` is a list (the suite's mapping from outside src/ rules out `find`): a new
    folder of modules must be added to it, or the wheel would leave it out."""
    folders = {
        ".".join(path.parent.relative_to(ROOT / "src").parts)
        for path in SOURCE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sorted(folders | {"tekser.checks"}) == sorted(_setuptools()["packages"])  # type: ignore[arg-type]


def test_an_unreadable_declaration_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "python_rules.json").write_text('{"rules": [', "utf-8")
    with pytest.raises(TekserError, match=r"cannot read the Python stages' rules \(") as caught:
        python_rules(tmp_path)
    assert "\n" not in str(caught.value)


def _plain(root: Path) -> Path:
    """A plain Frictionless package: one valid table, no tekser declaration."""
    (root / "data").mkdir(parents=True)
    (root / "data" / "mills.csv").write_text("id,name\n1,upper mill\n", encoding="utf-8")
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}
    resource = {"name": "mills", "type": "table", "path": "data/mills.csv", "schema": schema}
    descriptor = {"name": "plain", "resources": [resource]}
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


def test_a_plain_package_lists_the_rules_that_ran_on_it(tmp_path: Path) -> None:
    from tekser.validate import validate_package

    structure = [
        entry.rule
        for entry in catalogue()
        if entry.kind == "python" and entry.stage == "structure" and not entry.family
    ]
    report = validate_package(_plain(tmp_path / "plain"))
    assert [f.rule for f in report.findings] == ["package.not-tekser"]
    assert [rule.name for rule in report.rules] == structure
    assert "package.not-tekser" in structure
    # given rules, the consistency stage runs them, with its own Python rules
    rules = tmp_path / "given" / "rules"
    rules.mkdir(parents=True)
    (rules / "mills.named.sql").write_text(
        "-- rule: mills.named\n-- severity: info\n-- table: mills\n"
        "-- description: Every mill has a name.\n-- message: {id}\n"
        "SELECT id AS finding_key, id FROM {batch} WHERE name = ''\n",
        "utf-8",
    )
    report = validate_package(tmp_path / "plain", checks=tmp_path / "given")
    consistency = [e.rule for e in catalogue() if e.kind == "python" and e.stage == "consistency"]
    assert [rule.name for rule in report.rules] == [*structure, *consistency, "mills.named"]
