"""The rule catalogue: every rule a finding can carry, Python or SQL, declared once as data in
the standard suite's folder (`checks/`). The SQL rules declare themselves in their headers
(`rules/*.sql`, `columns.json`); the rules the Python stages raise are declared in
`python_rules.json`, with the same fields: the id, the stage, the severity, a description of
what the rule checks and the explanation a curator reads on a finding's card. The report
lists the rules that ran from here, the card explains a finding from here, and the README's
rules reference is generated from here (`cog -r README.md`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tekser.core.errors import TekserError
from tekser.core.findings import Finding, Severity
from tekser.core.report import Report, RuleSummary
from tekser.core.rules import Rule, standard_checks
from tekser.stages.consistency.suite import load_suite

PYTHON_RULES = "python_rules.json"
# The stages in the order validate runs them; the suite's SQL rules are the consistency stage's.
STAGES = ("structure", "provenance", "coverage", "consistency", "decisions")
_REQUIRED = ("rule", "stage", "severity", "description", "explain")
# `severity_note`: when the rule can have another severity, and why; `only: plain`: raised on
# a package that is not a tekser package only (it never runs on a tekser package)
_OPTIONAL = ("severity_note", "only")


@dataclass(frozen=True, slots=True)
class Entry:
    """One rule of the catalogue. `rule` ending in `.*` is a family: one id per error type
    of the checker it names (`structure.*`: frictionless's error types)."""

    rule: str
    stage: str
    severity: Severity
    description: str
    explain: str
    kind: str  # "python": raised by a stage's code; "sql": a rule of the suite
    severity_note: str = ""
    only: str = ""

    @property
    def family(self) -> bool:
        return self.rule.endswith(".*")

    def covers(self, rule: str) -> bool:
        """Whether a finding of id `rule` is this entry's (itself, or a member of the family)."""
        if self.family:
            prefix = self.rule[:-1]
            return rule.startswith(prefix) and len(rule) > len(prefix)
        return rule == self.rule

    def summary(self) -> RuleSummary:
        return RuleSummary(self.rule, self.stage, self.severity, self.description, self.explain)


def python_rules(folder: Path | None = None) -> list[Entry]:
    """The rules of the Python stages, as `python_rules.json` of `folder` (the standard
    suite's by default) declares them; a malformed declaration is a one-line error."""
    path = (folder or standard_checks()) / PYTHON_RULES
    # tekser's own file, not a package's: read whole, whatever `--limit` a package is held to
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TekserError(f"{path}: cannot read the Python stages' rules ({exc})") from None
    rules = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(rules, list):
        raise TekserError(f"{path}: must be an object with a list of `rules`")
    entries: list[Entry] = []
    for index, item in enumerate(rules):
        where = f"{path}: rule #{index}"
        if not isinstance(item, dict):
            raise TekserError(f"{where} is not an object")
        missing = [k for k in _REQUIRED if not isinstance(item.get(k), str) or not item[k]]
        unknown = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
        if missing:
            raise TekserError(f"{where} lacks {', '.join(missing)}")
        if unknown:
            raise TekserError(f"{where} has unknown keys: {', '.join(unknown)}")
        if item.get("only", "plain") != "plain":
            raise TekserError(f"{where}: `only` may only be plain")
        if item["stage"] not in STAGES:
            raise TekserError(f"{where}: stage must be one of {', '.join(STAGES)}")
        try:
            severity = Severity(item["severity"])
        except ValueError:
            raise TekserError(f"{where}: severity must be critical, warning or info") from None
        entries.append(
            Entry(
                rule=item["rule"],
                stage=item["stage"],
                severity=severity,
                description=item["description"],
                explain=item["explain"],
                kind="python",
                severity_note=str(item.get("severity_note", "")),
                only=str(item.get("only", "")),
            )
        )
    names = [entry.rule for entry in entries]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise TekserError(f"{path}: rule ids must be unique: {', '.join(duplicated)}")
    return entries


def sql_entry(rule: Rule) -> Entry:
    """A rule of the suite as the catalogue holds it."""
    return Entry(
        rule=rule.name,
        stage="consistency",
        severity=rule.severity,
        description=rule.description,
        explain=rule.explain or rule.description,
        kind="sql",
    )


@cache
def catalogue() -> tuple[Entry, ...]:
    """Every rule tekser ships: the Python stages' rules, then the standard suite's, in the
    order the stages run (an id is declared once: a suite rule may not take a Python id)."""
    python = python_rules()
    sql = [sql_entry(rule) for rule in load_suite(standard_checks())]
    taken = {entry.rule for entry in python}
    clash = sorted(entry.rule for entry in sql if entry.rule in taken)
    if clash:
        raise TekserError(f"rules declared twice, in SQL and in {PYTHON_RULES}: {clash}")
    return tuple(_in_stage_order([*python, *sql]))


def _in_stage_order(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: STAGES.index(entry.stage))


def find(rule: str, entries: Iterable[Entry] | None = None) -> Entry | None:
    """The entry of a finding's rule id: its own, else its family's."""
    candidates = list(catalogue() if entries is None else entries)
    for entry in sorted(candidates, key=lambda entry: entry.family):  # its own first
        if entry.covers(rule):
            return entry
    return None


def rules_run(suite: Sequence[Rule], *, tekser: bool = True) -> list[RuleSummary]:
    """What `report.rules` lists: the rules of every Python stage that ran (a family is not
    one rule), with the suite that ran (`suite`: the standard rules and the package's own, or
    the rules a plain package is given) as the consistency stage's, in the order the stages
    run. On a tekser package every stage runs, the consistency stage when it has rules; on a
    plain package (`tekser=False`) only structure does, and the rules it is given, and the
    rules of plain packages (`only: plain`) with them."""
    sql = [sql_entry(rule).summary() for rule in suite]
    taken = {summary.name for summary in sql}  # a package's own rule may take a Python id
    stages = set(STAGES if tekser else ("structure", "consistency"))
    if not suite:
        stages.discard("consistency")
    python = [
        entry.summary()
        for entry in catalogue()
        if entry.kind == "python"
        and not entry.family
        and entry.stage in stages
        and not (tekser and entry.only)
        and entry.rule not in taken
    ]
    return sorted([*python, *sql], key=lambda summary: STAGES.index(summary.stage))


def explain(finding: Finding, report: Report) -> str:
    """What a curator reads about a finding's rule: the rule as it ran (a package's own rule
    replaces a standard one), else as the catalogue declares it."""
    for rule in report.rules:
        if rule.name == finding.rule:
            return rule.explain or rule.description
    entry = find(finding.rule)
    return entry.explain if entry else ""


_SEEN = "## Where each rule was seen"


def seen_examples(folder: Path | None = None) -> dict[str, str]:
    """What each rule found in real sources, as the suite's README lists it (`- `RULE`: …`
    under its heading): documentation for the README's rules reference, read by no rule."""
    text = ((folder or standard_checks()) / "README.md").read_text(encoding="utf-8")
    section = text.split(_SEEN, 1)[1].split("\n## ", 1)[0] if _SEEN in text else ""
    found: dict[str, str] = {}
    for line in section.splitlines():
        if line.startswith("- `") and "`: " in line:
            rule, example = line[3:].split("`: ", 1)
            found[rule] = example.strip()
    return found


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference() -> str:
    """The README's rules reference: one row per rule of the catalogue, in the order the
    stages run, with what it found in real sources (`seen_examples`). A seen example of a
    rule the catalogue does not have is an error, so that the two cannot drift apart."""
    entries = catalogue()
    seen = seen_examples()
    unknown = sorted(set(seen) - {entry.rule for entry in entries})
    if unknown:
        raise TekserError(f"the suite's README shows rules the catalogue lacks: {unknown}")
    lines = [
        "| rule | stage | severity | what it means | example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in entries:
        severity = entry.severity.value
        if entry.severity_note:
            severity += f" ({entry.severity_note})"
        name = "structure.<error-type>" if entry.rule == "structure.*" else entry.rule
        lines.append(
            f"| `{name}` | {entry.stage} | {_cell(severity)} | {_cell(entry.explain)} "
            f"| {_cell(seen.get(entry.rule, '—'))} |"
        )
    return "\n".join(lines) + "\n"
