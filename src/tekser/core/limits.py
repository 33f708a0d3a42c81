"""The bounds tekser keeps on what a package may make it read: nesting depth, sizes, columns.

A package may be hostile (CI runs tekser on pull requests), so every input a package holds is
bounded before it is parsed: past a bound it is a finding or a one-line error, never minutes
of work, gigabytes of memory or a traceback. The defaults leave honest archives room; each is
overridable for one run with `--limit NAME=VALUE` (repeatable) on every command that reads a
package, or for a whole CI job with `TEKSER_LIMITS="NAME=VALUE,NAME=VALUE"` in the
environment. Sizes take a suffix: `K`, `M`, `G` (binary: 1K = 1024).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace

from tekser.core.errors import TekserError

ENVIRONMENT = "TEKSER_LIMITS"
_SIZE = re.compile(r"^\s*([0-9]+)\s*([KMG]?)(?:i?B)?\s*$", re.IGNORECASE)
_FACTORS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


@dataclass(frozen=True, slots=True)
class Limits:
    """Each bound by the name a user types (`depth`, `columns`, …, with `-` for `_`)."""

    # nesting of a JSON or YAML document: a descriptor, a Table Schema, a decision's line
    depth: int = 64
    # cells of one table row (a header of 10^4 columns costs frictionless minutes)
    columns: int = 1000
    # bytes of one cell of a table
    field_bytes: int = 16 * 1024**2
    # bytes of one line (record) of a table
    line_bytes: int = 64 * 1024**2
    # bytes of a descriptor, a Table Schema, a rule, a lexicon or any JSON/YAML file
    document_bytes: int = 64 * 1024**2
    # bytes of one seed (the source text)
    seed_bytes: int = 512 * 1024**2
    # bytes of one line of the decisions log
    decision_bytes: int = 1024**2
    # bytes a zipped package unpacks to, in all
    unpacked_bytes: int = 4 * 1024**3
    # how many times larger than the archive its unpacked members may be
    unpacked_ratio: int = 200
    # seconds one query of the consistency suite may run (a recursive query without end)
    rule_seconds: int = 900
    # rows one query of the consistency suite may return (each a finding's row, in memory)
    rule_rows: int = 5_000_000

    @classmethod
    def names(cls) -> list[str]:
        return [field.name.replace("_", "-") for field in fields(cls)]

    def with_settings(self, settings: list[str] | tuple[str, ...]) -> Limits:
        """These limits with `NAME=VALUE` settings applied; TekserError for a bad one."""
        changes: dict[str, int] = {}
        known = {field.name for field in fields(self)}
        for setting in settings:
            name, equals, value = setting.partition("=")
            key = name.strip().lower().replace("-", "_")
            if not equals or key not in known:
                raise TekserError(
                    f"--limit {setting!r}: expected NAME=VALUE, NAME one of "
                    f"{', '.join(self.names())}"
                )
            match = _SIZE.match(value)
            if not match or int(match.group(1)) <= 0:
                raise TekserError(
                    f"--limit {setting!r}: the value must be a positive whole number "
                    "(sizes may end in K, M or G)"
                )
            changes[key] = int(match.group(1)) * _FACTORS[match.group(2).upper()]
        return replace(self, **changes)


def _environment() -> list[str]:
    """The `NAME=VALUE` settings of `TEKSER_LIMITS`."""
    return [part for part in os.environ.get(ENVIRONMENT, "").split(",") if part.strip()]


def _from_environment() -> Limits:
    try:
        return Limits().with_settings(_environment())
    except TekserError:
        return Limits()  # a bad variable is reported when a command sets the limits


_current = _from_environment()


def limits() -> Limits:
    """The limits in force for this process."""
    return _current


def set_limits(settings: list[str] | tuple[str, ...] = ()) -> Limits:
    """Put in force the defaults, then `TEKSER_LIMITS`, then `settings` (`NAME=VALUE`);
    TekserError names a bad setting. Returns the limits now in force."""
    global _current
    try:
        base = Limits().with_settings(_environment())
    except TekserError as exc:
        raise TekserError(f"{ENVIRONMENT}: {exc}") from None
    _current = base.with_settings(list(settings))
    return _current


def exceeded(what: str, size: int, limit: int, name: str) -> str:
    """The one line that says a bound was passed, and how to raise it."""
    return f"{what} is {size:,} where at most {limit:,} is allowed (raise with --limit {name}=N)"
