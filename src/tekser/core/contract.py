"""The data contract of a tekser package: its standard Table Schemas and vocabularies.

Contract 0.2 serves any source: decimal values with a unit and a scale, BCP 47 languages,
open citation forms and exclusion categories, optional pages. A package written for 0.1 keeps
validating: the columns added since are optional, and a table that lacks one reads it as
empty wherever tekser loads the package for its rules. The contract a package declares
(`declared_contract`) decides how its values are read: under 0.1 a unit could carry the scale
(`thousand-persons`, `per-mille`) and a value be the printed digits joined; `tekser upgrade`
rewrites such a package to the current contract.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

CONTRACT = "0.2"
CONTRACT_0_1 = "0.1"  # what a package that declares no contract was written for
KNOWN_CONTRACTS = (CONTRACT_0_1, CONTRACT)
TABLES = files("tekser") / "schemas" / "tables"
LEXICONS = files("tekser") / "lexicons"

# Optional columns added to standard tables since contract 0.1, with their types.
ADDED_SINCE_0_1: dict[str, tuple[tuple[str, str], ...]] = {
    "figures": (
        ("scale", "string"),
        ("base_figure_id", "string"),
        ("base", "string"),
        ("part_figure_id", "string"),
        ("complement_group", "string"),
    ),
    "sources": (("citation_pattern", "string"),),
    "claims": (
        ("pace_printed", "string"),
        ("magnitude", "number"),
        ("magnitude_kind", "string"),
        ("magnitude_printed", "string"),
        ("statistic", "string"),
    ),
    "announcements": (("kind", "string"), ("announced_count", "integer")),
    "events": (("measure", "string"),),
}


def declared_contract(descriptor: Mapping[str, Any]) -> str:
    """The contract a package is written for: `"tekser": {"contract": …}` of its descriptor
    (as `tekser init` and `tekser upgrade` write it), else 0.1 — packages of contract 0.1
    declared none."""
    declared = descriptor.get("tekser")
    if isinstance(declared, Mapping) and isinstance(declared.get("contract"), str):
        return str(declared["contract"])
    return CONTRACT_0_1


def standard_tables() -> tuple[str, ...]:
    """The names of the contract's standard tables (those with a schema in tekser)."""
    suffix = ".schema.json"
    return tuple(
        sorted(item.name[: -len(suffix)] for item in TABLES.iterdir() if item.name.endswith(suffix))
    )


@lru_cache(maxsize=1)
def _scales() -> dict[str, int]:
    loaded: dict[str, int] = json.loads((LEXICONS / "scales.json").read_text(encoding="utf-8"))
    return loaded


# Under contract 0.1 a share in per mille was the printed percent's digits: "61,5%" as 615.
PER_MILLE = "per-mille"


def unit_scale(unit: str) -> tuple[str, str] | None:
    """The scale a contract-0.1 unit carries and the unit without it: ("thousand", "persons")
    for `thousand-persons`, ("million", "roubles") for `million-roubles`; None for a unit that
    carries none (`persons`, `per-mille`)."""
    head, _, rest = unit.partition("-")
    return (head, rest) if rest and head in _scales() else None


@lru_cache(maxsize=32)
def standard_schema(table: str) -> dict[str, Any]:
    """tekser's Table Schema of a standard table (`figures`, `provenance`, …)."""
    loaded: dict[str, Any] = json.loads(
        (TABLES / f"{table}.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def table_fields(table: str, schema: dict[str, Any]) -> list[tuple[str, str]]:
    """The (name, type) of every field of `table` as its schema declares them, then the
    optional columns of the current contract that an older package's schema lacks, so that
    the standard rules read the same columns on every package (empty where absent)."""
    fields = [
        (f["name"], f.get("type", "string"))
        for f in schema.get("fields", [])
        if isinstance(f, dict) and isinstance(f.get("name"), str)
    ]
    names = {name for name, _ in fields}
    return fields + [item for item in ADDED_SINCE_0_1.get(table, ()) if item[0] not in names]


@lru_cache(maxsize=1)
def pace_lexicon() -> dict[str, dict[str, tuple[str, ...]]]:
    """The pace words of each language (`lexicons/pace.json`): for a primary language subtag,
    the stems that say a change was `sharp` and those that say it was `slow`."""
    loaded = json.loads((LEXICONS / "pace.json").read_text(encoding="utf-8"))["languages"]
    return {
        language: {pace: tuple(stems) for pace, stems in paces.items()}
        for language, paces in loaded.items()
    }


@lru_cache(maxsize=1)
def exclusion_categories() -> dict[str, str]:
    """The known exclusion categories and what each means (an open vocabulary)."""
    loaded: dict[str, str] = json.loads(
        (LEXICONS / "exclusion-categories.json").read_text(encoding="utf-8")
    )["categories"]
    return loaded
