"""`tekser upgrade`: a package of an older contract rewritten to the current one, atomically.

Contract 0.1 carried the scale in the unit and wrote the printed digits joined: `per-mille`
615 for "61,5%", `thousand-persons` 12305 for "12 миллионов 305 тысяч". The current contract
writes the value as the printed digits give it, the unit alone and the scale beside it
(61.5 `percent`; 12305 `persons` × `thousand`), so that value × scale is what the number
reader reads from the printed token. `plan_upgrade` says what would change, file by file and
row by row; `upgrade_package` writes it all in one `FileTransaction` (a kill leaves the package
as it was, or upgraded), with the descriptor's contract, byte counts and hashes made true.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tekser.authoring.anchoring import descriptor_with_hashes
from tekser.core.contract import (
    CONTRACT,
    KNOWN_CONTRACTS,
    declared_contract,
    standard_schema,
    standard_tables,
)
from tekser.core.errors import TekserError
from tekser.core.files import csv_text
from tekser.core.transaction import FileTransaction, settle
from tekser.package.descriptor import Package, Row, is_table
from tekser.seeds.numbers import NumberError, plain, read_number, scale_factor
from tekser.stages.quotes import Reading01, read_under_0_1


@dataclass(slots=True)
class UpgradeResult:
    """What `tekser upgrade` did (or, dry, would do): one line per change, the files written."""

    contract: str  # the contract the package declared
    changes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.contract == CONTRACT


def upgrade_package(package: Package, *, dry_run: bool = False) -> UpgradeResult:
    """Rewrite `package` to the current contract (see the module), or with `dry_run` only say
    what would change. Raises TekserError, changing nothing, for a package that is not a tekser
    package, of a contract tekser does not know, or with a figure it cannot rewrite."""
    if not dry_run and settle(package.root):
        package = Package.open(package.descriptor_path)
    result, writes = plan_upgrade(package)
    if writes and not dry_run:
        with FileTransaction(package.root, "upgrade") as transaction:
            for path, data in writes.items():
                transaction.write(path, data)
    return result


def plan_upgrade(package: Package) -> tuple[UpgradeResult, dict[Path, bytes]]:
    """What upgrading `package` would write: each file's path and whole new content; writes
    nothing. Nothing for a package already at the current contract."""
    if "tekser" not in package.descriptor and not (
        package.has_table("sources") and package.has_table("provenance")
    ):
        raise TekserError(
            f"{package.descriptor_path}: not a tekser package (no tekser declaration, no "
            "sources and provenance tables); nothing to upgrade"
        )
    contract = declared_contract(package.descriptor)
    result = UpgradeResult(contract)
    if result.current:
        return result, {}
    if contract not in KNOWN_CONTRACTS:
        raise TekserError(
            f"{package.descriptor_name}: contract {contract!r} is not one tekser knows "
            f"({', '.join(KNOWN_CONTRACTS)}); nothing changed"
        )
    writes: dict[Path, bytes] = {}
    languages = {
        row.get("provenance_id", ""): row.get("language", "")
        for row in package.iter_table("provenance")
    }
    for name in standard_tables():
        resource = package.resource(name)
        if resource is None or not is_table(resource) or name in package.remote:
            continue
        _upgrade_table(package, name, resource, languages, result, writes)
    tekser = package.descriptor.get("tekser")
    declared = dict(tekser) if isinstance(tekser, Mapping) else {}
    package.descriptor["tekser"] = {**declared, "contract": CONTRACT}
    result.changes.append(f"{package.descriptor_name}: contract {contract} → {CONTRACT}")
    descriptor_with_hashes(package, writes)  # bytes and hashes of the files written
    writes[package.descriptor_path] = _descriptor_bytes(package)
    result.files = [path.relative_to(package.root).as_posix() for path in writes]
    return result, writes


def _upgrade_table(
    package: Package,
    name: str,
    resource: dict[str, Any],
    languages: Mapping[str, str],
    result: UpgradeResult,
    writes: dict[Path, bytes],
) -> None:
    """The table `name` with the current contract's schema (its fields as the contract defines
    them, the added ones among them; the package's own fields kept after them) and, for
    figures, each value of contract 0.1 in the current form."""
    schema = package.schema(name)
    old_fields = [f for f in schema.get("fields", []) if isinstance(f, dict)]
    standard = standard_schema(name)["fields"]
    standard_names = {f["name"] for f in standard}
    fields = [copy.deepcopy(f) for f in standard] + [
        f for f in old_fields if f.get("name") not in standard_names
    ]
    rows = package.read_table(name)
    lines: list[str] = []
    changed_rows = _upgrade_figures(rows, languages, lines) if name == "figures" else False
    names = [f.get("name") for f in old_fields]
    before = {f.get("name"): _definition(f) for f in old_fields}
    added = [f["name"] for f in standard if f["name"] not in before]
    redefined = [
        f["name"] for f in standard if f["name"] in before and _definition(f) != before[f["name"]]
    ]
    if added or redefined or names != [f.get("name") for f in fields]:
        said = [f"added {', '.join(added)}"] if added else []
        if redefined:
            said.append(f"{', '.join(redefined)} as the contract now defines them")
        result.changes.append(f"{name} schema: {'; '.join(said) or 'fields in contract order'}")
        _write_schema(package, name, resource, {**schema, "fields": fields}, writes)
    else:
        fields = old_fields  # only the wording of a description differs: left as written
    result.changes.extend(lines)  # after the schema's line: one per figure rewritten
    header = [str(f.get("name")) for f in fields]
    if changed_rows or header != list(rows[0] if rows else _header(package, name)):
        if resource.get("dialect"):
            raise TekserError(
                f"resource {name!r}: a table with its own CSV dialect cannot be rewritten by "
                "upgrade; write it as plain CSV first; nothing changed"
            )
        extra = [column for column in (rows[0] if rows else {}) if column not in header]
        header += extra  # a column the schema does not name stays where frictionless sees it
        table = csv_text([{c: row.get(c, "") for c in header} for row in rows], header)
        writes[package.resource_file(name)] = table.encode("utf-8")


def _definition(field: Mapping[str, Any]) -> tuple[Any, Any]:
    return field.get("type", "string"), field.get("constraints", {})


def _header(package: Package, name: str) -> list[str]:
    header, _ = package.iter_records(name)
    return header


def _upgrade_figures(rows: list[Row], languages: Mapping[str, str], lines: list[str]) -> bool:
    """Each figure that contract 0.1 read by its unit's scale, and the current contract does
    not, rewritten in the current form: value, unit, scale (and `share` for a percent that
    0.1's statistics could only call a count). Raises TekserError, naming each, for figures
    whose current form the printed token does not tell."""
    changed, untold = False, []
    for row in rows:
        found = _reading_0_1(row, languages.get(row.get("provenance_id", ""), ""))
        if found is None:
            continue
        label = f"figures {row.get('figure_id', '?')}"
        if found.value is None:
            untold.append(
                f"{label} ({row.get('value')} {row.get('unit')}, printed “{row.get('printed')}”)"
            )
            continue
        old = f"{row['value']} {row.get('unit', '')}"
        row["value"], row["unit"], row["scale"] = plain(found.value), found.unit, found.scale
        said = ""
        if found.unit == "percent" and row.get("statistic") == "count":
            row["statistic"] = "share" if found.value <= 100 else "ratio"
            said = f" (statistic count → {row['statistic']})"
        lines.append(f"{label}: {old} → {found.shown()}{said}")
        changed = True
    if untold:
        raise TekserError(
            f"{len(untold)} figure(s) of contract 0.1 whose value the printed token does not "
            f"tell in the current contract: {'; '.join(untold)}; give each a note or its "
            "value as printed, then upgrade; nothing changed"
        )
    return changed


def _reading_0_1(row: Row, language: str) -> Reading01 | None:
    """How contract 0.1 read the figure `row`, where the current contract does not read it so
    (value × scale not what the printed token reads as, and no note to say why)."""
    printed = row.get("printed", "")
    if not printed or row.get("scale") or row.get("note", "").strip():
        return None
    try:
        value = Decimal(row.get("value", ""))
        stated = value * scale_factor(row.get("scale", ""))
    except (InvalidOperation, NumberError):
        return None  # validate reports a value or a scale it cannot use
    try:
        reading: Decimal | None = read_number(printed, language)
    except NumberError:
        reading = None
    if reading == stated:
        return None
    return read_under_0_1(value, row.get("unit", ""), printed, reading)


def _write_schema(
    package: Package,
    name: str,
    resource: dict[str, Any],
    schema: dict[str, Any],
    writes: dict[Path, bytes],
) -> None:
    where = resource.get("schema")
    if not isinstance(where, str):
        resource["schema"] = schema  # written inline, in the descriptor
        return
    path = package.resolve(where, where=name)
    writes[path] = _dumped(schema, yaml=where.lower().endswith((".yaml", ".yml")))


def _descriptor_bytes(package: Package) -> bytes:
    return _dumped(package.descriptor, yaml=package.is_yaml)


def _dumped(document: dict[str, Any], *, yaml: bool) -> bytes:
    """A descriptor or schema as tekser writes one: JSON indented by two, or YAML."""
    if yaml:
        import yaml as pyyaml

        text = str(pyyaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    else:
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")
