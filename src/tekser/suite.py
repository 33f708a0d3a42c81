"""The consistency suite as data: SQL rules and column expectations read from `checks/`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tekser.errors import TekserError
from tekser.findings import Severity

_META = re.compile(r"^--\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_CONTINUED = re.compile(r"^--\s{2,}(?P<value>\S.*)$")
REQUIRED = ("rule", "severity", "table", "description", "message")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the suite: an SQL query of unexpected rows, or a GX column expectation."""

    name: str
    severity: Severity
    table: str
    description: str
    message: str
    sql: str = ""
    expectation: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    origin: str = ""

    def query(self, table: str | None = None) -> str:
        """The rule's SQL with `{batch}` bound to a table name (GX binds it itself)."""
        return self.sql.replace("{batch}", table or self.table)


def parse_sql_rule(path: Path) -> Rule:
    """A rule file: `-- key: value` header lines (continued by `--   …`), then one query."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TekserError(f"{path}: cannot read rule ({exc})") from None
    meta: dict[str, str] = {}
    body: list[str] = []
    last = ""
    for line in text.splitlines():
        if not body:
            match = _META.match(line)
            if match and match["key"] in REQUIRED:
                last = match["key"]
                meta[last] = match["value"].strip()
                continue
            continued = _CONTINUED.match(line)
            if continued and last:
                meta[last] += " " + continued["value"].strip()
                continue
        if line.strip() or body:
            body.append(line)
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise TekserError(f"{path}: rule header lacks {', '.join(missing)}")
    if "{batch}" not in "\n".join(body):
        raise TekserError(f"{path}: the query must read its table as {{batch}}")
    return Rule(
        name=meta["rule"],
        severity=_severity(meta["severity"], path),
        table=meta["table"],
        description=meta["description"],
        message=meta["message"],
        sql="\n".join(body).strip().rstrip(";"),
        origin=str(path),
    )


def _severity(value: str, where: Path | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise TekserError(f"{where}: severity must be critical, warning or info") from None


def parse_column_rules(path: Path) -> list[Rule]:
    """Column expectations in Great Expectations' serialised form, with tekser's `meta`."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TekserError(f"{path}: cannot read column expectations ({exc})") from None
    rules = []
    for index, expectation in enumerate(document.get("expectations", [])):
        meta = expectation.get("meta", {})
        missing = [k for k in ("rule", "table", "key", "message") if not meta.get(k)]
        if missing or "type" not in expectation:
            raise TekserError(f"{path}: expectation #{index} lacks {', '.join(missing) or 'type'}")
        rules.append(
            Rule(
                name=meta["rule"],
                severity=_severity(expectation.get("severity", "critical"), path),
                table=meta["table"],
                description=expectation.get("description", ""),
                message=meta["message"],
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
        raise TekserError(f"{folder}: rule names must be unique: {', '.join(duplicated)}")
    return sorted(rules, key=lambda rule: rule.name)
