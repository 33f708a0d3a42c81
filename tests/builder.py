"""Small tekser packages written from Python data, for tests of one rule at a time.

The builder is tekser's own (`tekser.authoring.example_package`, the one the rules' examples
are built with); this module gives it the defaults the tests rely on: a Russian source of
1920–1945 whose id is `test-source`, and for each row the columns a curator would write for a
plain one (a count, in cells or communists; a first secretary; a plenum) unless the row says
otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tekser.authoring import example_package
from tekser.authoring.example_package import DATA_TABLES, columns, primary_key, provenance_id
from tekser.core.rules import standard_checks

__all__ = [
    "CHECKS",
    "DATA_TABLES",
    "SOURCE",
    "SOURCE_ID",
    "build_package",
    "columns",
    "plain_row",
    "primary_key",
    "provenance_id",
]

CHECKS = standard_checks()  # the standard suite
SOURCE_ID = "test-source"
SOURCE = {
    "source_id": SOURCE_ID,
    "languages": "ru",
    "period_start": "1920-01-01",
    "period_end": "1945-12-31",
}
UNITS = {
    "cells": "cells",
    "members": "communists",
    "distance-to-town": "versts",
    "distance-to-cell": "versts",
}

Cells = Mapping[str, Any]


def plain_row(table: str, row: Cells) -> dict[str, Any]:
    """`row` with the columns a test leaves out filled as a curator would for a plain row."""
    filled = dict(row)
    defaults: dict[str, Any] = {}
    if table == "figures":
        defaults = {"statistic": "count", "unit": UNITS.get(row.get("measure", ""), "")}
    elif table == "terms":
        defaults = {"name_printed": row.get("person", ""), "office": "first secretary"}
    elif table == "events":
        defaults = {"kind": "plenum", "description": "an event of a test"}
    elif table in ("claims", "announcements", "bounds"):
        defaults = {"wording_en": f"a {table[:-1]} of a test"}
    for key, value in defaults.items():
        filled.setdefault(key, value)
    return filled


def build_package(
    root: Path,
    seed: str,
    tables: Mapping[str, Sequence[Cells]],
    *,
    source: Cells | None = None,
    checks: Path | None = None,
) -> Path:
    """Write a package into the new folder `root` and anchor it; return `root`.

    As `tekser.authoring.example_package.build_package`, with the tests' defaults: `source`
    overrides cells of the Russian source of 1920–1945 (`period_start`, `languages`…), and each
    row's plain columns are filled (`plain_row`). `checks` is copied to `root/checks`.
    """
    filled = {table: [plain_row(table, row) for row in rows] for table, rows in tables.items()}
    built: Path = example_package.build_package(
        root, seed, filled, {**SOURCE, **(source or {})}, checks=checks
    )
    return built
