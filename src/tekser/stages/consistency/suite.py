"""The consistency suite as data: SQL rules and column expectations read from `checks/`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tekser.core.errors import LimitExceeded, MalformedSuite
from tekser.core.findings import Severity
from tekser.core.limits import exceeded, limits
from tekser.core.rules import Rule, Suite, standard_checks
from tekser.package.paths import inside, json_depth, read_bounded

_META = re.compile(r"^--\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_CONTINUED = re.compile(r"^--\s{2,}(?P<value>\S.*)$")
REQUIRED = ("rule", "severity", "table", "description", "message")
# `restates: RULE`: the rule shows what a provenance finding of RULE shows, and more (a
# misprinted year and the reading of it): a row it names is not reported twice.
# `requires: TABLE, …`: other tables the query reads; a package without one of them is not
# checked by the rule (as one without the rule's own table), instead of the rule failing.
# `explain: …`: what a curator reads on the card of a finding of the rule, in a sentence;
# without it the card shows the description.
OPTIONAL = ("restates", "requires", "explain")
# `index: TABLE (COLUMN OR EXPRESSION, …)`, as many as the rule needs: an index of the
# database the suite runs in (SQLite) that its joins want; never a result, only a speed.
REPEATED = ("index",)
_INDEX = re.compile(r"^(?P<table>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<columns>.*\S.*)\)$")
# The standard suite is the repository's top-level `checks/`, shipped inside tekser; a
# package's own `checks/` adds to it, and may replace or disable a standard rule by its name
# (`checks/suite.json`, with a reason).
STANDARD = standard_checks()
SETTINGS = "suite.json"


def _read(path: Path, what: str) -> str:
    """The text of a file of a checks folder: inside the folder (a symbolic link out of it is
    refused, its target unread), a regular file, no larger than `--limit document-bytes`."""
    folder = path.parent.parent if path.parent.name == "rules" else path.parent
    try:
        real = inside(folder, path.relative_to(folder), where=str(folder), must_exist=True)
        data = read_bounded(
            real,
            shown=path.relative_to(folder).as_posix(),
            where=str(folder),
            limit=limits().document_bytes,
            limit_name="document-bytes",
        )
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedSuite(f"{path}: cannot read {what} ({exc})") from None


def read_json(path: Path, what: str) -> object:
    """A JSON file of a checks folder, read as `_read` does, its nesting bounded (`depth`)."""
    text = _read(path, what)
    depth = json_depth(text.encode("utf-8"))
    if depth > limits().depth:
        raise LimitExceeded(f"{path}: {exceeded('its nesting', depth, limits().depth, 'depth')}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedSuite(f"{path}: cannot read {what} ({exc})") from None


def parse_sql_rule(path: Path) -> Rule:
    """A rule file: `-- key: value` header lines (continued by `--   …`), then one query."""
    text = _read(path, "rule")
    meta: dict[str, str] = {}
    indexes: list[str] = []
    body: list[str] = []
    last = ""
    for line in text.splitlines():
        if not body:
            match = _META.match(line)
            if match and match["key"] in REQUIRED + OPTIONAL:
                last = match["key"]
                meta[last] = match["value"].strip()
                continue
            if match and match["key"] in REPEATED:
                last = match["key"]
                indexes.append(match["value"].strip())
                continue
            continued = _CONTINUED.match(line)
            if continued and last in REPEATED:
                indexes[-1] += " " + continued["value"].strip()
                continue
            if continued and last:
                meta[last] += " " + continued["value"].strip()
                continue
        if line.strip() or body:
            body.append(line)
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise MalformedSuite(f"{path}: rule header lacks {', '.join(missing)}")
    if "{batch}" not in "\n".join(body):
        raise MalformedSuite(f"{path}: the query must read its table as {{batch}}")
    return Rule(
        name=meta["rule"],
        severity=_severity(meta["severity"], path),
        table=meta["table"],
        description=meta["description"],
        message=meta["message"],
        sql="\n".join(body).strip().rstrip(";"),
        explain=meta.get("explain", ""),
        origin=str(path),
        restates=meta.get("restates", ""),
        requires=tuple(t.strip() for t in meta.get("requires", "").split(",") if t.strip()),
        indexes=tuple(_index(index, path) for index in indexes),
    )


def _index(value: str, path: Path) -> str:
    """An `index:` header as `TABLE (COLUMNS)`, checked for its shape (SQLite reads the
    columns; one it cannot build is left out, as the speed it was for)."""
    match = _INDEX.match(value)
    if match is None or ";" in value:
        raise MalformedSuite(f"{path}: `index: {value}` is not TABLE (COLUMN OR EXPRESSION, …)")
    return f"{match['table']} ({match['columns'].strip()})"


def _severity(value: str, where: Path | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise MalformedSuite(f"{where}: severity must be critical, warning or info") from None


def parse_column_rules(path: Path) -> list[Rule]:
    """Column expectations in Great Expectations' serialised form, with tekser's `meta`."""
    document = read_json(path, "column expectations")
    if not isinstance(document, dict):
        raise MalformedSuite(f"{path}: column expectations must be a JSON object")
    rules = []
    for index, expectation in enumerate(document.get("expectations", [])):
        meta = expectation.get("meta", {})
        missing = [k for k in ("rule", "table", "key", "message") if not meta.get(k)]
        if missing or "type" not in expectation:
            raise MalformedSuite(
                f"{path}: expectation #{index} lacks {', '.join(missing) or 'type'}"
            )
        rules.append(
            Rule(
                name=meta["rule"],
                severity=_severity(expectation.get("severity", "critical"), path),
                table=meta["table"],
                description=expectation.get("description", ""),
                message=meta["message"],
                explain=str(meta.get("explain", "")),
                expectation=expectation,
                key=meta["key"],
                origin=str(path),
            )
        )
    return rules


def load_suite(folder: Path) -> list[Rule]:
    """Every rule in `folder` (`rules/*.sql` and `columns.json`), ordered by name."""
    rules = [parse_sql_rule(path) for path in sorted((folder / "rules").glob("*.sql"))]
    columns = folder / "columns.json"
    if columns.exists():
        rules.extend(parse_column_rules(columns))
    names = [rule.name for rule in rules]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise MalformedSuite(f"{folder}: rule names must be unique: {', '.join(duplicated)}")
    return sorted(rules, key=lambda rule: rule.name)


def _settings(folder: Path) -> dict[str, dict[str, str]]:
    """`checks/suite.json`: `{"disable": {rule: reason}, "override": {rule: reason}}`."""
    path = folder / SETTINGS
    if not path.exists():
        return {"disable": {}, "override": {}}
    document = read_json(path, "suite settings")
    if not isinstance(document, dict) or set(document) - {"disable", "override", "description"}:
        raise MalformedSuite(f"{path}: expected an object with `disable` and `override` only")
    settings: dict[str, dict[str, str]] = {}
    for key in ("disable", "override"):
        entries = document.get(key, {})
        if not isinstance(entries, dict) or not all(
            isinstance(reason, str) for reason in entries.values()
        ):
            raise MalformedSuite(f"{path}: `{key}` must map rule names to reasons")
        unexplained = sorted(name for name, reason in entries.items() if not reason.strip())
        if unexplained:
            raise MalformedSuite(f"{path}: `{key}` of {', '.join(unexplained)} needs a reason")
        settings[key] = entries
    return settings


def compose_suite(folder: Path | None, version: str) -> Suite:
    """The standard suite with the package's `folder` (its `checks/`, or --checks) applied.

    A package rule with a standard rule's name replaces it (a reason may be given under
    `override` in `suite.json`); `disable` names standard rules not to run. Naming a rule
    the standard suite does not have, in either, is an error: a typo must not silently leave
    a rule running."""
    standard = {rule.name: rule for rule in load_suite(STANDARD)}
    own = load_suite(folder) if folder is not None else []
    settings = _settings(folder) if folder is not None else {"disable": {}, "override": {}}
    where = folder / SETTINGS if folder is not None else Path(SETTINGS)
    for key in ("disable", "override"):
        unknown = sorted(set(settings[key]) - set(standard))
        if unknown:
            raise MalformedSuite(
                f"{where}: `{key}` names {', '.join(unknown)}, which the standard suite "
                "does not have"
            )
    own_names = {rule.name for rule in own}
    both = sorted(own_names & set(settings["disable"]))
    if both:
        raise MalformedSuite(f"{where}: {', '.join(both)} both disabled and given by the package")
    not_given = sorted(set(settings["override"]) - own_names)
    if not_given:
        raise MalformedSuite(
            f"{where}: `override` names {', '.join(not_given)}, but the package's checks "
            "have no rule of that name"
        )
    rules = {name: rule for name, rule in standard.items() if name not in settings["disable"]}
    overridden: dict[str, str] = {}
    added: list[str] = []
    for rule in own:
        if rule.name in standard:
            overridden[rule.name] = settings["override"].get(
                rule.name, "the package's own rule of this name"
            )
        else:
            added.append(rule.name)
        rules[rule.name] = rule
    return Suite(
        rules=sorted(rules.values(), key=lambda rule: rule.name),
        version=version,
        standard=len(standard),
        added=sorted(added),
        overridden=overridden,
        disabled=dict(settings["disable"]),
        folder="" if folder is None else str(folder),
    )


def own_suite(folder: Path, version: str) -> Suite:
    """Only the rules of `folder`, for a package that is not a tekser package: the standard
    suite is written for the contract's tables, which such a package does not have."""
    rules = load_suite(folder)
    return Suite(
        rules=rules,
        version=version,
        standard=0,
        added=[rule.name for rule in rules],
        folder=str(folder),
    )
