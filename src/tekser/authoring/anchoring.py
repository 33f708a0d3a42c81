"""Authoring a package: spans filled from quotes, descriptor hashes kept true."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tekser.core.errors import AnchorError, TekserError
from tekser.core.files import csv_text, write_atomic
from tekser.core.transaction import FileTransaction, settle
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus, as_int
from tekser.seeds.anchor import context, locate
from tekser.seeds.numbers import NumberError, read_number, scale_factor


@dataclass(slots=True)
class AnchorResult:
    """What `tekser anchor` did: records checked, records changed, quotes it re-typed."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    retyped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # of each provenance record


def _header(package: Package, name: str) -> list[str]:
    path = package.resource_file(name)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def _anchor_rows(
    corpus: Corpus, rows: list[Row], id_field: str, result: AnchorResult, errors: list[str]
) -> bool:
    changed = False
    for row in rows:
        if id_field == "exclusion_id" and row.get("pattern"):
            continue  # a pattern excludes every match; it has no single span
        label = row.get(id_field, "?")
        source = corpus.texts.get(row.get("source_id", ""))
        if source is None:
            errors.append(f"{label}: unknown or unreadable source {row.get('source_id')!r}")
            continue
        result.checked += 1
        start, end, quote = as_int(row.get("start")), as_int(row.get("end")), row.get("quote", "")
        if start is None or end is None or source.text[start:end] != quote or not quote:
            try:
                span = locate(
                    source,
                    quote,
                    prefix=row.get("prefix", ""),
                    suffix=row.get("suffix", ""),
                    line=as_int(row.get("line")),
                    label=label,
                )
            except AnchorError as exc:
                errors.append(str(exc))
                continue
            start, end = span.start, span.end
            if not span.exact:
                result.retyped.append(label)
        prefix, suffix = context(source, start, end)
        line = source.line_of(start)
        page = corpus.page_of(row.get("source_id", ""), line)
        new = {
            "start": str(start),
            "end": str(end),
            "prefix": prefix,
            "suffix": suffix,
            "line": str(line),
            "page": "" if page is None else str(page),
            "quote": source.text[start:end],
        }
        new = {key: value for key, value in new.items() if key in row}
        if any(row.get(key) != value for key, value in new.items()):
            row.update(new)
            result.changed.append(label)
            changed = True
    return changed


def anchor_package(package: Package) -> AnchorResult:
    """Fill or refresh every span of `provenance` and `exclusions` from its quote.

    Writes nothing unless every quote anchors: an absent or ambiguous quote raises AnchorError
    listing each one. Then refreshes `bytes` and `hash` of the descriptor's data resources.
    The tables and the descriptor are written as one commit (`FileTransaction`): a kill
    leaves them all as they were, or all anchored. What an earlier commit left unfinished is
    resolved first, and said on stderr.
    """
    if settle(package.root):
        package = Package.open(package.descriptor_path)
    result, writes = plan_anchor(package)
    if writes:
        with FileTransaction(package.root, "anchor") as transaction:
            for path, data in writes.items():
                transaction.write(path, data)
    if package.has_table("figures"):
        result.readings = check_readings(package.iter_table("figures"), result.languages)
    return result


def plan_anchor(
    package: Package, tables: Mapping[str, str] | None = None
) -> tuple[AnchorResult, dict[Path, bytes]]:
    """What anchoring the package would write, each file's path and whole new content, when
    its tables hold `tables` (a table's new CSV text by resource name) instead of what is on
    disk; writes nothing. The files include each of `tables` and the descriptor when its
    hashes change; `result.files` names those anchoring itself changed.

    Raises AnchorError, listing each quote that is absent or ambiguous, as `anchor_package`.
    """
    tables = dict(tables or {})
    corpus = Corpus.load(package)
    problems = [f"{sid}: {message}" for sid, message in corpus.errors.items()]
    for source_id, text in corpus.texts.items():
        recorded = corpus.rows[source_id].get("sha256", "").removeprefix("sha256:")
        if recorded and recorded != text.sha256:
            problems.append(
                f"source {source_id}: its text changed since it was anchored "
                f"({text.diagnose_change(recorded)}); review the change, then record the new "
                "sha256 in sources to accept it"
            )
    if problems:
        raise AnchorError("; ".join(problems))
    result = AnchorResult()
    errors: list[str] = []
    updates: dict[str, str] = {}
    sources, header = _table(package, "sources", tables)
    if any(not row.get("sha256") and row.get("source_id") in corpus.texts for row in sources):
        # A new seed: record the hash of the text its quotes are anchored on.
        for row in sources:
            if not row.get("sha256") and row.get("source_id") in corpus.texts:
                row["sha256"] = corpus.texts[row["source_id"]].sha256
        updates["sources"] = csv_text(sources, header)
    for name, id_field in (("provenance", "provenance_id"), ("exclusions", "exclusion_id")):
        if not package.has_table(name):
            continue
        rows, header = _table(package, name, tables)
        if name == "provenance":
            result.languages = {r.get("provenance_id", ""): r.get("language", "") for r in rows}
        if _anchor_rows(corpus, rows, id_field, result, errors):
            updates[name] = csv_text(rows, header)
    if errors:
        raise AnchorError(f"{len(errors)} quote(s) could not be anchored:\n" + "\n".join(errors))
    result.files = [str(package.resource_file(name).relative_to(package.root)) for name in updates]
    writes = {
        package.resource_file(name): text.encode("utf-8")
        for name, text in (tables | updates).items()
    }
    descriptor = descriptor_with_hashes(package, writes)
    if descriptor is not None:
        writes[package.descriptor_path] = descriptor
        result.files.append("datapackage.json")
    return result, writes


def _table(package: Package, name: str, tables: Mapping[str, str]) -> tuple[list[Row], list[str]]:
    """The rows and header of table `name`: its text in `tables`, else its file."""
    if name not in tables:
        return package.read_table(name), _header(package, name)
    records = [r for r in csv.reader(io.StringIO(tables[name], newline=""), strict=True) if r]
    header = records[0] if records else []
    return [dict(zip(header, record, strict=True)) for record in records[1:]], header


def check_readings(figures: Iterable[Row], languages: dict[str, str]) -> list[str]:
    """For the author, as soon as the quotes are anchored: each figure whose value × scale is
    not what its printed token reads as (tekser's number reader, in its quote's language) and
    that has no `note` to say why — what `validate` will report as critical."""
    found: list[str] = []
    for row in figures:
        printed, note = row.get("printed", ""), row.get("note", "").strip()
        if not printed or not row.get("value") or note:
            continue
        label = row.get("figure_id", "?")
        try:
            stated = Decimal(row["value"]) * scale_factor(row.get("scale", ""))
        except (InvalidOperation, NumberError):
            continue  # structure or validate reports a value or scale it cannot use
        try:
            reading = read_number(printed, languages.get(row.get("provenance_id", ""), ""))
        except NumberError as exc:
            found.append(f"{label}: printed “{printed}” cannot be read ({exc}); add a note")
            continue
        if reading != stated:
            found.append(
                f"{label}: printed “{printed}” reads as {reading:f}, but value × scale is "
                f"{stated:f}; correct the value or scale, or add a note"
            )
    return found


def refresh_hashes(package: Package) -> bool:
    """Record `bytes` and `sha256` of every file resource; a seed's recorded hash is kept.

    A seed is what provenance was anchored on: its hash changes only by a person's decision.
    Returns whether the descriptor changed.
    """
    descriptor = descriptor_with_hashes(package, {})
    if descriptor is not None:
        write_atomic(package.descriptor_path, descriptor)
    return descriptor is not None


def descriptor_with_hashes(package: Package, contents: Mapping[Path, bytes]) -> bytes | None:
    """The descriptor's new text when the files of `contents` hold their new bytes, with the
    `bytes` and `sha256` of every file resource true (a seed's recorded hash is kept, as in
    `refresh_hashes`), or None when no hash changes. `package.descriptor` is updated."""
    seeds = (
        {row.get("path") for row in package.read_table("sources")}
        if package.has_table("sources")
        else set()
    )
    changed = False
    for resource in package.resources:
        path = resource.get("path")
        if not isinstance(path, str):
            continue
        if path in seeds and resource.get("hash"):
            continue
        where = package.resolve(path, where=str(resource.get("name")))
        try:
            data = contents[where] if where in contents else where.read_bytes()
        except OSError as exc:
            raise TekserError(f"{path}: cannot read ({exc.strerror})") from None
        digest = f"sha256:{hashlib.sha256(data).hexdigest()}"
        if resource.get("bytes") != len(data) or resource.get("hash") != digest:
            resource["bytes"], resource["hash"] = len(data), digest
            changed = True
    if not changed:
        return None
    if package.is_yaml:  # the descriptor stays in the language its author wrote it in
        import yaml

        text = str(yaml.safe_dump(package.descriptor, allow_unicode=True, sort_keys=False))
    else:
        text = json.dumps(package.descriptor, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")
