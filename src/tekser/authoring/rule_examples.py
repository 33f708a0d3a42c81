"""A rule's own examples: small packages on which it must fire, and on which it must not.

Each rule of a suite has a file beside it, `checks/examples/<rule>.json`, holding its cases:

```json
{"severity": "warning",
 "source": {"languages": "en", "period_start": "1880-01-01", "period_end": "1910-12-31"},
 "cases": [
   {"case": "broken", "seed": "In 1887 the mill employed 12 men and 30 women, 40 in all.\\n",
    "tables": {"figures": [{"figure_id": "men", "quote": "12 men", …}, …]},
    "fires": [{"evidence": ["p.all", "p.men", "p.women"], "message": ["add up to 42"]}]},
   {"case": "mended", "seed": "…", "tables": {…}, "passes": true}]}
```

A case is a seed text and the rows of the tables it needs, each row with the `quote` of the
seed that states it (`tekser.authoring.example_package` writes and anchors the package);
`source` gives the source's languages and period (the file's, updated by the case's own).
`edits` change the package once it is written, for the rules that find what no row can state
(a seed changed after anchoring, a file added): each `{"file": PATH, "replace": OLD, "with":
NEW}` (OLD found exactly once) or `{"file": PATH, "text": TEXT}` (the whole file), in order;
then the descriptor's byte counts and hashes are refreshed, as `tekser anchor` does (a seed's
recorded hash is kept: a seed changed after anchoring is found), and last the edits of the
descriptor itself are made. `limits` (`["line-bytes=1K"]`) lowers a bound for the case, as
`--limit` would, so that a rule about a bound needs no file of megabytes.
`fires` lists the findings of the rule the package must give, in report order: the provenance
ids of each one's evidence (any order) and words its message must hold. `passes: true` says
the rule runs and finds nothing. `also` names the other rules the case makes fire (none, as far
as possible); the readings of dates an example leaves unprinted (`READINGS`) are never counted.
`severity`, when given, is the severity the examples expect the rule to declare.

JSON, not YAML: the rest of a suite (`columns.json`, `suite.json`) and every lexicon is JSON,
read by the standard library with no new dependency, and an example is rows of tables, which
JSON states as plainly as the CSV they become.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tekser.authoring.anchoring import refresh_hashes
from tekser.authoring.example_package import ExampleBuildError, build_package
from tekser.core.errors import TekserError
from tekser.core.files import scratch_folder
from tekser.core.findings import Finding
from tekser.core.limits import Limits, limits, set_limits
from tekser.core.report import Report
from tekser.package.descriptor import DESCRIPTOR, Package
from tekser.package.paths import inside

EXAMPLES = "examples"  # the folder of a suite's examples, beside its `rules/`
# What the builder's own readings of a date give: a period left unprinted, or printed as prose.
READINGS = frozenset({"provenance.inferred-date", "provenance.normalised-date"})
CASE_KEYS = {"case", "seed", "tables", "source", "fires", "passes", "also", "edits", "limits"}
FILE_KEYS = {"severity", "source", "cases"}
LARGEST = 4_000_000  # bytes of one example file

Validate = Callable[[Path, Path | None], Report]


class ExampleError(TekserError):
    """An example file that cannot be read: not JSON, or not the shape of one."""


@dataclass(frozen=True)
class Expected:
    """One finding a case must give: its evidence (provenance ids, any order) and words its
    message must hold."""

    evidence: tuple[str, ...]
    message: tuple[str, ...]


@dataclass(frozen=True)
class Edit:
    """A change to a file of a case's package once it is written: `replace` (found exactly
    once) by `with_`, or the whole file set to `text`."""

    file: str
    replace: str | None = None
    with_: str = ""
    text: str | None = None

    def apply(self, root: Path) -> None:
        path = root / self.file
        if self.text is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.text, encoding="utf-8")
            return
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if self.replace is None or old.count(self.replace) != 1:
            raise ExampleBuildError(f"edit of {self.file}: {self.replace!r} is not there once")
        path.write_text(old.replace(self.replace, self.with_), encoding="utf-8")


@dataclass(frozen=True)
class Example:
    """One case of a rule: a package to build, and what the rule must say of it."""

    rule: str
    case: str
    seed: str
    tables: Mapping[str, list[dict[str, Any]]]
    source: Mapping[str, Any]
    fires: tuple[Expected, ...] | None  # None: the rule must find nothing
    also: frozenset[str] = frozenset()
    severity: str | None = None  # the severity the file expects the rule to declare
    edits: tuple[Edit, ...] = ()
    limits: tuple[str, ...] = ()  # `NAME=VALUE` bounds the case is validated under

    @property
    def passes(self) -> bool:
        return self.fires is None

    def package_key(self) -> str:
        """What the case's package is made of: cases with the same key share one validation."""
        edits = [edit.__dict__ for edit in self.edits]
        made = [self.seed, self.tables, self.source, edits, self.limits]
        return json.dumps(made, sort_keys=True)


@dataclass(frozen=True)
class RuleInfo:
    """What the harness needs to know of a rule: its name, severity and stage."""

    name: str
    severity: str
    stage: str = "consistency"


@dataclass(frozen=True)
class Outcome:
    """A case judged: empty `differences` when the rule did what the case expects."""

    rule: str
    case: str
    differences: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.differences

    def line(self) -> str:
        """One line: the rule, the case, ok or FAILED and what differed."""
        if self.ok:
            return f"{self.rule} [{self.case}] ok"
        return f"{self.rule} [{self.case}] FAILED: {'; '.join(self.differences)}"


# --- reading ---------------------------------------------------------------------------------


def _fail(path: Path, why: str) -> ExampleError:
    return ExampleError(f"{path}: {why}")


def _strings(value: object, path: Path, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _fail(path, f"{what} must be a list of strings")
    return tuple(value)


def _object(value: object, path: Path, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, f"{what} must be an object")
    return value


def _expected(value: object, path: Path, where: str) -> Expected:
    finding = _object(value, path, f"{where}: each finding of `fires`")
    unknown = sorted(set(finding) - {"evidence", "message"})
    if unknown or "message" not in finding:
        raise _fail(path, f"{where}: a finding of `fires` has `evidence` and `message` only")
    return Expected(
        _strings(finding.get("evidence", []), path, f"{where}: evidence"),
        _strings(finding["message"], path, f"{where}: message"),
    )


def _tables(value: object, path: Path, where: str) -> dict[str, list[dict[str, Any]]]:
    tables = _object(value, path, f"{where}: tables")
    for table, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise _fail(path, f"{where}: tables.{table} must be a list of rows (objects)")
    return tables


def _edit(value: object, path: Path, where: str) -> Edit:
    edit = _object(value, path, f"{where}: each edit")
    file = edit.get("file")
    parts = Path(file).parts if isinstance(file, str) else ()
    if not parts or Path(str(file)).is_absolute() or ".." in parts or "\\" in str(file):
        raise _fail(path, f"{where}: an edit's `file` is a path inside the package")
    if set(edit) == {"file", "text"} and isinstance(edit["text"], str):
        return Edit(str(file), text=edit["text"])
    if (
        set(edit) == {"file", "replace", "with"}
        and isinstance(edit["replace"], str)
        and edit["replace"]
        and isinstance(edit["with"], str)
    ):
        return Edit(str(file), replace=edit["replace"], with_=edit["with"])
    raise _fail(path, f"{where}: an edit is {{file, replace, with}} or {{file, text}}")


def _case(rule: str, value: object, path: Path, defaults: Mapping[str, Any]) -> Example:
    case = _object(value, path, "each case")
    name = case.get("case")
    if not isinstance(name, str) or not name.strip() or "\n" in name:
        raise _fail(path, "each case needs a `case`: a name of one line")
    where = f"case {name}"
    unknown = sorted(set(case) - CASE_KEYS)
    if unknown:
        raise _fail(path, f"{where}: unknown key {', '.join(unknown)}")
    if not isinstance(case.get("seed"), str):
        raise _fail(path, f"{where}: `seed` must be the text, a string")
    if ("fires" in case) == ("passes" in case):
        raise _fail(path, f"{where}: give either `fires` (a list of findings) or `passes: true`")
    if "passes" in case and case["passes"] is not True:
        raise _fail(path, f"{where}: `passes` can only be true")
    fires = None
    if "fires" in case:
        if not isinstance(case["fires"], list) or not case["fires"]:
            raise _fail(path, f"{where}: `fires` must list the findings, one at least")
        fires = tuple(_expected(item, path, where) for item in case["fires"])
    source = {**defaults, **_object(case.get("source", {}), path, f"{where}: source")}
    return Example(
        rule=rule,
        case=name,
        seed=case["seed"],
        tables=_tables(case.get("tables", {}), path, where),
        source=source,
        fires=fires,
        also=frozenset(_strings(case.get("also", []), path, f"{where}: also")),
        edits=tuple(_edit(edit, path, where) for edit in _list(case.get("edits", []), path, where)),
        limits=_limits(case.get("limits", []), path, where),
    )


def _limits(value: object, path: Path, where: str) -> tuple[str, ...]:
    settings = _strings(value, path, f"{where}: limits")
    try:
        Limits().with_settings(settings)
    except TekserError as error:
        raise _fail(path, f"{where}: {error}") from None
    return settings


@contextlib.contextmanager
def held_to(settings: tuple[str, ...]) -> Iterator[None]:
    """The limits in force, with `settings` (`NAME=VALUE`) applied, while the block runs;
    then the limits as they were."""
    if not settings:
        yield
        return
    before = limits()

    def every(bounds: Limits) -> list[str]:
        return [f"{name}={getattr(bounds, name.replace('-', '_'))}" for name in bounds.names()]

    set_limits(every(before.with_settings(settings)))
    try:
        yield
    finally:
        set_limits(every(before))


def _list(value: object, path: Path, where: str) -> list[object]:
    if not isinstance(value, list):
        raise _fail(path, f"{where}: `edits` must be a list")
    return value


def read_example_file(path: Path) -> list[Example]:
    """The cases of one example file, `<rule>.json`. Raises ExampleError if it cannot be read."""
    try:
        if path.stat().st_size > LARGEST:
            raise _fail(path, f"larger than {LARGEST} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(path, f"cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise _fail(path, f"not JSON: {error}") from None
    except RecursionError:
        raise _fail(path, "nested too deeply") from None
    rule = path.name.removesuffix(".json")
    data = _object(data, path, "an example file")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise _fail(path, f"unknown key {', '.join(unknown)}")
    severity = data.get("severity")
    if severity is not None and not isinstance(severity, str):
        raise _fail(path, "`severity` must be a string")
    defaults = _object(data.get("source", {}), path, "source")
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise _fail(path, "`cases` must list the cases, one at least")
    examples = [_case(rule, value, path, defaults) for value in cases]
    names = [example.case for example in examples]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _fail(path, f"two cases named {', '.join(twice)}")
    return [replace(example, severity=severity) for example in examples]


def read_examples(checks: Path, rules: Iterable[str]) -> dict[str, list[Example]]:
    """The examples of a suite folder (`checks/examples/*.json`), by rule. Raises ExampleError
    for a file that cannot be read, or that names no rule of `rules`."""
    known = set(rules)
    found: dict[str, list[Example]] = {}
    if not (checks / EXAMPLES).is_dir():
        return found
    # a package's examples are its own: a link out of its checks/ folder is refused, unread
    folder = inside(checks, EXAMPLES, where="checks", kind="dir")
    for listed in sorted(folder.iterdir()):
        if listed.suffix != ".json":
            if listed.name.startswith("."):
                continue
            raise _fail(listed, "an example file is <rule>.json")
        rule = listed.name.removesuffix(".json")
        if rule not in known:
            raise _fail(listed, f"no rule {rule} in {checks / 'rules'} to be the example of")
        inside(checks, f"{EXAMPLES}/{listed.name}", where="checks", kind="any")
        found[rule] = read_example_file(listed)
    return found


# --- judging ---------------------------------------------------------------------------------


def _summary(findings: Iterable[Finding]) -> str:
    return " | ".join(f"{f.severity.value} {f.rule}: {f.message}" for f in findings) or "none"


def _judge_finding(finding: Finding, expected: Expected, rule: RuleInfo) -> list[str]:
    differences = []
    if finding.severity.value != rule.severity:
        differences.append(f"severity {finding.severity.value}, not {rule.severity}")
    if finding.stage != rule.stage:
        differences.append(f"stage {finding.stage}, not {rule.stage}")
    evidence = sorted(item.provenance_id or "" for item in finding.evidence)
    if evidence != sorted(expected.evidence):
        differences.append(f"evidence {evidence}, not {sorted(expected.evidence)}")
    differences += [
        f"the message lacks {words!r}: {finding.message!r}"
        for words in expected.message
        if words not in finding.message
    ]
    if "None" in finding.message:
        differences.append(f"the message prints None: {finding.message!r}")
    if rule.stage == "consistency":  # a rule of the suite shows the spans its rows cite
        differences += [
            f"evidence {item.provenance_id} is no span of the source"
            for item in finding.evidence
            if not (item.quote and item.start is not None and item.line)
        ]
    return differences


def judge(example: Example, report: Report, rule: RuleInfo) -> Outcome:
    """What differs between what `example` expects of `rule` and what `report` says."""
    differences: list[str] = []
    if example.severity is not None and example.severity != rule.severity:
        differences.append(f"the examples expect severity {example.severity}, "
                           f"the rule declares {rule.severity}")  # fmt: skip
    found = [f for f in report.findings if f.rule == rule.name]
    if example.fires is None:
        if rule.name not in {s.name for s in report.rules}:
            differences.append("the rule did not run")
        if found:
            differences.append(f"it fires: {_summary(found)}")
    elif len(found) != len(example.fires):
        differences.append(
            f"{len(found)} finding(s), not {len(example.fires)}: {_summary(report.findings)}"
        )
    else:
        for finding, expected in zip(found, example.fires, strict=True):
            differences += _judge_finding(finding, expected, rule)
    others = {f.rule for f in report.findings} - READINGS - {rule.name}
    if others != example.also:
        unexpected = [f for f in report.findings if f.rule in others - example.also]
        if unexpected:
            differences.append(f"other rules fire: {_summary(unexpected)}")
        silent = sorted(example.also - others)
        if silent:
            differences.append(f"`also` rules do not fire: {', '.join(silent)}")
    return Outcome(example.rule, example.case, tuple(differences))


def coverage(rules: Iterable[str], examples: Mapping[str, list[Example]]) -> list[Outcome]:
    """A failure for each rule without a case where it fires and one where it passes."""
    missing = []
    for rule in sorted(rules):
        cases = examples.get(rule, [])
        if not cases:
            missing.append(Outcome(rule, "-", (f"no example: write {EXAMPLES}/{rule}.json",)))
            continue
        if not any(not case.passes for case in cases):
            missing.append(Outcome(rule, "-", ("no case where it fires",)))
        if not any(case.passes for case in cases):
            missing.append(Outcome(rule, "-", ("no case where it passes",)))
    return missing


# --- running ---------------------------------------------------------------------------------


def build_example(example: Example, root: Path, checks: Path | None = None) -> Path:
    """The package of `example`, written and anchored in the new folder `root`, then
    edited."""
    built = build_package(root, example.seed, example.tables, example.source, checks=checks)
    files = [edit for edit in example.edits if edit.file != DESCRIPTOR]
    for edit in files:
        edit.apply(built)
    if files:  # the descriptor's byte counts and hashes follow, as after `tekser anchor`
        refresh_hashes(Package.open(built))
    for edit in example.edits:
        if edit.file == DESCRIPTOR:
            edit.apply(built)
    return built


def validate_example(example: Example, validate: Validate, checks: Path | None) -> Report | str:
    """The report on `example`'s package, built in a scratch folder and validated with
    `checks`; or why it cannot be built."""
    with scratch_folder("tekser-example-") as folder, held_to(example.limits):
        try:
            root = build_example(example, folder / "package")
        except (ExampleBuildError, TekserError, OSError) as error:
            return f"cannot be built: {error}"
        return validate(root, checks)


def check_rules(
    checks: Path, rules: Iterable[RuleInfo], validate: Validate, *, own: bool = False
) -> Iterator[Outcome]:
    """Every example of the `rules` of the suite folder `checks`, run and judged, each outcome
    as soon as it is known, after a failure for each rule that lacks examples. `own`: `checks`
    is a package's, validated with each case (else each case is validated with the standard
    suite alone). Raises ExampleError, before any outcome, for an example file that cannot be
    read."""
    by_name = {rule.name: rule for rule in rules}
    examples = read_examples(checks, by_name)
    return _outcomes(examples, by_name, validate, checks if own else None)


def _outcomes(
    examples: Mapping[str, list[Example]],
    rules: Mapping[str, RuleInfo],
    validate: Validate,
    checks: Path | None,
) -> Iterator[Outcome]:
    yield from coverage(rules, examples)
    reports: dict[str, Report | str] = {}  # cases made of the same package share its report
    for name in sorted(examples):
        for example in examples[name]:
            key = example.package_key()
            if key not in reports:
                reports[key] = validate_example(example, validate, checks)
            report = reports[key]
            if isinstance(report, str):
                yield Outcome(example.rule, example.case, (report,))
            else:
                yield judge(example, report, rules[name])
