"""`tekser check-rules`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tekser.cli.common import limits_option, reports_errors
from tekser.core.errors import TekserError


def _suite_folder(path: str) -> Path:
    """The checks folder PATH names: a package's `checks/`, or a checks folder itself."""
    given = Path(path)
    if (given / "checks").is_dir():
        return given / "checks"
    if (given / "rules").is_dir() or (given / "examples").is_dir():
        return given
    raise TekserError(f"{path}: no checks/ folder (rules/ and examples/) to check")


@click.command("check-rules")
@click.argument("path", type=click.Path(path_type=str), required=False)
@limits_option
@reports_errors
def check_rules(path: str | None) -> None:
    """Run each rule's examples: build the small package of each case in a scratch folder,
    validate it and compare. Without PATH, the rules tekser ships (the standard suite's and
    the Python stages', as the catalogue declares them) and their examples; with PATH, the
    package's own rules (PATH/checks/rules) and their examples
    (PATH/checks/examples/<rule>.json), validated with the package's suite. Prints one line a
    case: the rule, the case, ok or FAILED and what differed; a rule without a case where it
    fires and one where it passes is FAILED too. Exit 0 when all pass, 1 when any fails, 2
    when an example file cannot be read.

    Example: tekser check-rules path/to/package
    """
    from tekser.authoring.rule_examples import RuleInfo
    from tekser.authoring.rule_examples import check_rules as run
    from tekser.core.rules import standard_checks
    from tekser.stages.catalogue import python_rules
    from tekser.stages.consistency.suite import load_suite
    from tekser.validate import validate_package

    folder = standard_checks() if path is None else _suite_folder(path)
    rules = [RuleInfo(rule.name, rule.severity.value) for rule in load_suite(folder)]
    if path is None:  # the Python stages' rules of the catalogue have examples too
        rules += [
            RuleInfo(entry.rule, entry.severity.value, entry.stage)
            for entry in python_rules()
            if not entry.family and not entry.only
        ]
    outcomes = run(
        folder,
        rules,
        lambda root, checks: validate_package(root, checks=checks),
        own=path is not None,
    )
    cases = failed = 0
    for outcome in outcomes:  # each line as soon as its case is judged
        click.echo(outcome.line())
        cases, failed = cases + 1, failed + (not outcome.ok)
    click.echo(f"{cases} case(s): {cases - failed} ok, {failed} failed")
    sys.exit(1 if failed else 0)
