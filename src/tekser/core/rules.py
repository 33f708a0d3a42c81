"""The consistency suite as data: a rule (SQL of unexpected rows, or a column
expectation) and the suite that ran on a package."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tekser.core.errors import TekserError
from tekser.core.findings import Severity


@cache
def standard_checks() -> Path:
    """The folder of tekser's standard suite: the top-level `checks/` of the repository,
    shipped in the wheel as package data (`tekser/checks`), read from the repository itself
    in an editable install or a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the tekser package
    for folder in (here / "checks", here.parent.parent / "checks"):
        if (folder / "rules").is_dir():
            return folder
    raise TekserError(f"tekser's standard suite is missing (no checks/ beside or above {here})")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the suite: an SQL query of unexpected rows, or a GX column expectation."""

    name: str
    severity: Severity
    table: str
    description: str
    message: str
    sql: str = ""
    # what a curator reads on a finding's card (`explain:`); the description when not given
    explain: str = ""
    expectation: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    origin: str = ""
    restates: str = ""
    # SQLite indexes the rule's joins want (`TABLE (COLUMN OR EXPRESSION, …)`), built once
    # after the load and shared by every rule; an engine without indexes ignores them
    indexes: tuple[str, ...] = ()
    # Other tables the rule reads (`requires: figures, events`): without any of them the rule
    # does not apply, as without its own table
    requires: tuple[str, ...] = ()

    def applies(self, tables: Collection[str]) -> bool:
        """Whether the rule's table and every table it requires are among `tables`."""
        return all(name in tables for name in (self.table, *self.requires))

    def query(self, table: str | None = None) -> str:
        """The rule's SQL with `{batch}` bound to a table name (GX binds it itself)."""
        return self.sql.replace("{batch}", table or self.table)


@dataclass(slots=True)
class Suite:
    """The rules that run on a package: tekser's standard suite with the package's own
    additions, replacements and disabled rules, each replacement and disabling with its
    reason."""

    rules: list[Rule]
    version: str
    standard: int
    added: list[str] = field(default_factory=list)
    overridden: dict[str, str] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)
    folder: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "standard_rules": self.standard,
            "rules": len(self.rules),
            "package_checks": self.folder or None,
            "added": self.added,
            "overridden": self.overridden,
            "disabled": self.disabled,
        }

    def describe(self) -> str:
        """One line for people: which suite ran."""
        parts = [f"tekser standard suite {self.version}: {self.standard} rules"]
        if self.added:
            parts.append(f"{len(self.added)} added by the package")
        if self.overridden:
            parts.append(f"{len(self.overridden)} replaced ({', '.join(sorted(self.overridden))})")
        if self.disabled:
            parts.append(f"{len(self.disabled)} disabled ({', '.join(sorted(self.disabled))})")
        return f"{'; '.join(parts)}; {len(self.rules)} ran"
