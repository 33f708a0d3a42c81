"""`tekser draft`: from a seed to proposed figures with their quotes, so an author checks
instead of typing.

For every number of a seed that no proven provenance span captures and no exclusion covers,
tekser proposes a figure — its value as tekser's number reader reads the printed token, unit,
scale, statistic, organisation and measure where a lexicon says, the date of its clause — with
the quote that states it (the clause, and its date where adjacent), or an exclusion with its
category where the number is plainly not a figure. Each proposal has a confidence and its
reasons. The words and patterns are data: `lexicons/draft/<language>.json`, extended by a
package's own `lexicon/<language>.json` (`schemas/lexicon.schema.json`).

Proposals go to the package's drafts/ folder, never into its tables, until
`tekser draft --accept` moves them (all, or those named), anchors them and refreshes the
descriptor, all or nothing; `validate` reports pending drafts as `info` (`pending_drafts`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tekser.authoring.drafting.arithmetic import propose_equations
from tekser.authoring.drafting.lexicon import Lexicon, load, shipped_languages
from tekser.authoring.drafting.model import Exclusion, Figure, SeedDraft
from tekser.authoring.drafting.placing import fallback_period
from tekser.authoring.drafting.propose import draft_seed
from tekser.authoring.drafting.relations import propose_structure
from tekser.authoring.drafting.store import (
    DRAFTS,
    STRUCTURE,
    TABLES,
    AcceptResult,
    accept,
    counted_runs,
    read_drafts,
    write_drafts,
)
from tekser.authoring.drafting.structure_rows import structure_rows
from tekser.authoring.drafting.structure_rows import unique as _unique
from tekser.authoring.furniture import furniture_exclusions
from tekser.authoring.scanning import scan_package
from tekser.core.errors import TekserError, UnsafePathError
from tekser.core.findings import Finding, Severity
from tekser.package.descriptor import Package, Row
from tekser.package.sources import Corpus
from tekser.seeds.anchor import context
from tekser.seeds.numbers import plain
from tekser.seeds.text import clean_form

__all__ = ["AcceptResult", "DraftResult", "accept_drafts", "draft_package", "pending_drafts"]

METHOD = "drafted"


@dataclass(slots=True)
class DraftResult:
    """What `tekser draft` proposes for a package: rows for drafts/ and one dict per
    proposal (as `--format json` prints them)."""

    package: Package
    unaccounted: int = 0
    proposals: list[dict[str, Any]] = field(default_factory=list)
    exclusions: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    equations: list[dict[str, Any]] = field(default_factory=list)  # drafts/relations.csv
    rows: dict[str, list[Row]] = field(default_factory=dict)
    left: int = 0  # unaccounted numbers no proposal takes in
    written: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "proposals": self.proposals,
            "exclusions": self.exclusions,
            "relations": self.relations,
            "claims": self.claims,
            "equations": self.equations,
            "unaccounted": self.unaccounted,
            "left": self.left,
        }

    def write(self, *, force: bool = False) -> list[str]:
        self.written = write_drafts(self.package, self.rows, force=force)
        return self.written


def lexicons_for(package: Package, tags: list[str]) -> dict[str, Lexicon]:
    """The drafting lexicons of the languages `tags`, each extended by the package's
    lexicon/<language>.json; every lexicon tekser ships when none of them has one. Every
    file of the package's lexicon/ folder is checked against the schema."""
    folder = package.root / "lexicon"
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            load(path.stem, path)
    found: dict[str, Lexicon] = {}
    for tag in tags:
        primary = tag.split("-")[0].casefold()
        lexicon = load(primary, folder / f"{primary}.json")
        if lexicon is not None:
            found.setdefault(primary, lexicon)
    if not found:
        for primary in shipped_languages():
            lexicon = load(primary, folder / f"{primary}.json")
            if lexicon is not None:
                found[primary] = lexicon
    return found


def draft_package(
    path: Path | str,
    seed: str | None = None,
    *,
    agent: str | None = None,
    today: date | None = None,
) -> DraftResult:
    """Proposals for the unaccounted numbers of the package's seeds (or of one seed)."""
    scanned = scan_package(path, seed, status="unaccounted")
    package = Package.open(path)
    corpus = Corpus.load(package)
    today = today or datetime.now(UTC).date()
    if agent is None:
        from tekser.decisions.log import default_reviewer

        agent = default_reviewer()
    result = DraftResult(package, unaccounted=len(scanned.numbers))
    result.rows = {name: [] for name in (*TABLES, *STRUCTURE, "proposals")}
    taken = _taken_ids(package)
    for source_id, source in scanned.texts.items():
        runs = [(n.start, n.end) for n in scanned.numbers if n.source_id == source_id]
        row = corpus.rows[source_id]
        tags = row.get("languages", "").replace(",", " ").split() or ["und"]
        counted = counted_runs(package, source, source_id, tags)  # words coverage skips
        result.unaccounted += len(counted)  # unaccounted numbers: those too
        if not runs and not counted:
            continue
        furniture = furniture_exclusions(source, runs)
        runs = [r for r in runs if not any(e.start <= r[0] and r[1] <= e.end for e in furniture)]
        runs += [
            r for r in counted if not any(e.start <= r[0] and r[1] <= e.end for e in furniture)
        ]
        drafted = draft_seed(source, tags, lexicons_for(package, tags), runs)
        drafted.exclusions = sorted([*furniture, *drafted.exclusions], key=lambda e: e.start)
        relations, claims = propose_structure(drafted)
        equations = propose_equations(drafted, relations, package.has_table("relations"))
        _rows(result, drafted, source_id, row, corpus, agent, today, taken)
        found = structure_rows(
            result.rows, result.proposals, relations, claims, source_id, corpus, taken, equations
        )
        result.relations += found[0]
        result.claims += found[1]
        result.equations += found[2]
        covered = [(f["start"], f["end"]) for f in result.proposals if f["source_id"] == source_id]
        covered += [
            (d["date_start"], d["date_end"])
            for d in result.proposals
            if d["source_id"] == source_id and d.get("date_start") is not None
        ]
        covered += [
            (e["start"], e["end"]) for e in result.exclusions if e["source_id"] == source_id
        ]
        result.left += sum(1 for a, b in runs if not any(s <= a and b <= e for s, e in covered))
    return result


def _taken_ids(package: Package) -> set[str]:
    taken: set[str] = set()
    for name, key in (
        ("figures", "figure_id"),
        ("provenance", "provenance_id"),
        ("exclusions", "exclusion_id"),
    ):
        if package.has_table(name) and package.resource_file(name).is_file():
            taken |= {row.get(key, "") for row in package.read_table(name)}
    return taken


def _rows(
    result: DraftResult,
    drafted: SeedDraft,
    source_id: str,
    source_row: Row,
    corpus: Corpus,
    agent: str,
    today: date,
    taken: set[str],
) -> None:
    seg = drafted.seg
    text = seg.raw
    per_line: dict[int, int] = {}
    date_records: dict[tuple[int, int], str] = {}
    fallback = fallback_period(drafted, source_row, today)
    pattern = source_row.get("citation_pattern", "")

    def line_of(offset: int) -> int:
        return seg.line_index(offset) + 1

    def record(pid: str, start: int, end: int, language: str, citation: str = "") -> Row:
        prefix, suffix = context_of(start, end)
        line = line_of(start)
        page = corpus.page_of(source_id, line)
        return {
            "provenance_id": pid,
            "source_id": source_id,
            "start": str(start),
            "end": str(end),
            "quote": text[start:end],
            "prefix": prefix,
            "suffix": suffix,
            "page": "" if page is None else str(page),
            "line": str(line),
            "citation": citation,
            "language": language,
            "agent": agent,
            "method": METHOD,
            "extracted_on": today.isoformat(),
        }

    def context_of(start: int, end: int) -> tuple[str, str]:
        return context(corpus.texts[source_id], start, end)

    for figure in drafted.figures:
        assert figure.quote is not None
        line = line_of(figure.number.start)
        per_line[line] = per_line.get(line, 0) + 1
        figure.id = _unique(f"draft-{line}-{per_line[line]}", taken)
        pid = _unique(f"p.{figure.id}", taken)
        citation = figure.citation if not pattern or _matches(pattern, figure.citation) else ""
        result.rows["provenance"].append(
            record(pid, figure.quote.start, figure.quote.end, figure.language, citation)
        )
        date_pid = ""
        if figure.date is not None and figure.date_quote is not None:
            key = (figure.date_quote.start, figure.date_quote.end)
            if key not in date_records:
                date_records[key] = _unique(f"p.draft-date-{line_of(key[0])}-{key[0]}", taken)
                result.rows["provenance"].append(
                    record(date_records[key], *key, seg.language_at(key[0]))
                )
            date_pid = date_records[key]
        own = fallback if figure.date else fallback_period(drafted, source_row, today, figure)
        row = _figure_row(figure, source_id, pid, date_pid, own)
        result.rows["figures"].append(row)
        reason = "; ".join(figure.reasons) or "a number in running text"
        result.rows["proposals"].append(
            {
                "id": figure.id,
                "kind": "figure",
                "source_id": source_id,
                "line": str(line),
                "printed": clean_form(figure.number.printed),
                "confidence": str(figure.confidence),
                "reason": reason,
            }
        )
        proposal: dict[str, Any] = {
            "id": figure.id,
            "source_id": source_id,
            "printed_start": figure.number.start,
            "printed_end": figure.number.end,
            **{
                k: row[k]
                for k in (
                    "value",
                    "printed",
                    "unit",
                    "scale",
                    "statistic",
                    "organisation",
                    "measure",
                    "period_start",
                    "period_end",
                    "date_precision",
                    "date_printed",
                    "date_note",
                    "base",
                    "note",
                )
            },
            "quote": text[figure.quote.start : figure.quote.end],
            "start": figure.quote.start,
            "end": figure.quote.end,
            "line": line_of(figure.quote.start),
            "page": corpus.page_of(source_id, line_of(figure.quote.start)),
            "language": figure.language,
            "confidence": figure.confidence,
            "reasons": figure.reasons,
            "provenance_id": pid,
            "date_provenance_id": date_pid or None,
            "date_start": figure.date_quote.start if figure.date_quote else None,
            "date_end": figure.date_quote.end if figure.date_quote else None,
        }
        result.proposals.append(proposal)
    for exclusion in drafted.exclusions:
        line = line_of(exclusion.start)
        exclusion.id = _unique(f"draft-x-{line}-{exclusion.start}", taken)
        result.rows["exclusions"].append(_exclusion_row(exclusion, source_id, text, corpus))
        result.rows["proposals"].append(
            {
                "id": exclusion.id,
                "kind": "exclusion",
                "source_id": source_id,
                "line": str(line),
                "printed": clean_form(text[exclusion.start : exclusion.end])[:60],
                "confidence": str(exclusion.confidence / 100),
                "reason": exclusion.reason,
            }
        )
        result.exclusions.append(
            {
                "id": exclusion.id,
                "source_id": source_id,
                "category": exclusion.category,
                "quote": text[exclusion.start : exclusion.end],
                "start": exclusion.start,
                "end": exclusion.end,
                "line": line,
                "confidence": exclusion.confidence / 100,
                "reason": exclusion.reason,
            }
        )
    result.rows["proposals"].sort(key=lambda r: float(r["confidence"]))


def _matches(pattern: str, citation: str) -> bool:
    try:
        return re.fullmatch(pattern, citation) is not None
    except re.error:
        return False


def _figure_row(
    figure: Figure, source_id: str, pid: str, date_pid: str, fallback: tuple[date, date, str]
) -> Row:
    date_expr = figure.date
    if date_expr is not None and date_expr.period is not None:
        first, last = date_expr.period
        precision, printed, note = date_expr.precision, date_expr.printed, ""
        if precision == "year" and first.year != last.year:
            precision = "years"
        short = [y for y in re.findall(r"[0-9]{3,}", printed) if len(y) < 4]
        if short:
            note = (
                f"the year is printed with {len(short[0])} digits ({short[0]}) and read as "
                "printed: a misprint? correct the period if so"
            )
    else:
        first, last, note = fallback
        precision, printed = "years", ""
    series = f"{figure.organisation}.{figure.measure}"
    return {
        "figure_id": figure.id,
        "source_id": source_id,
        "series_id": series,
        "organisation": figure.organisation,
        "measure": figure.measure,
        "statistic": figure.statistic,
        "unit": figure.unit,
        "scale": figure.scale,
        "base_figure_id": "",
        "base": figure.base,
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "date_precision": precision,
        "date_printed": printed,
        "date_note": note,
        "value": plain(figure.value),
        "printed": figure.number.printed,
        "note": figure.note,
        "provenance_id": pid,
        "date_provenance_id": date_pid,
    }


def _exclusion_row(exclusion: Exclusion, source_id: str, text: str, corpus: Corpus) -> Row:
    source = corpus.texts[source_id]
    prefix, suffix = context(source, exclusion.start, exclusion.end)
    line = source.line_of(exclusion.start)
    page = corpus.page_of(source_id, line)
    return {
        "exclusion_id": exclusion.id,
        "source_id": source_id,
        "category": exclusion.category,
        "reason": f"{exclusion.reason} Proposed by tekser draft; check it.",
        "pattern": "",
        "quote": text[exclusion.start : exclusion.end],
        "start": str(exclusion.start),
        "end": str(exclusion.end),
        "prefix": prefix,
        "suffix": suffix,
        "page": "" if page is None else str(page),
        "line": str(line),
    }


def accept_drafts(
    path: Path | str, only: list[str] | None = None, agent: str | None = None
) -> AcceptResult:
    """Move the proposals of drafts/ (all, or `only`) into the package's tables, with
    `method` drafted and `agent` (default: the git user, else the login name) — atomically."""
    if agent is None:
        from tekser.decisions.log import default_reviewer

        agent = default_reviewer()
    return accept(path, only, agent)


def pending_drafts(package: Package) -> list[Finding]:
    """An `info` finding (`draft.pending`, stage provenance) per drafts/ file holding
    proposals not yet accepted into the tables."""
    found: list[Finding] = []
    try:
        drafts = read_drafts(package.root)
    except TekserError as exc:
        # drafts/ that cannot be read is pending all the same; one that leads out of the
        # package (or to a FIFO, a device) is the package's fault
        unsafe = isinstance(exc, UnsafePathError)
        return [
            Finding(
                rule="draft.pending",
                severity=Severity.CRITICAL if unsafe else Severity.INFO,
                message=str(exc),
                records=[{"resource": DRAFTS}],
                stage="provenance",
                key=DRAFTS,
            )
        ]
    for name, what in (("figures", "figure"), ("exclusions", "exclusion"), ("claims", "claim")):
        count = len(drafts[name])
        if count:
            where = f"{DRAFTS}/{name}.csv"
            found.append(
                Finding(
                    rule="draft.pending",
                    severity=Severity.INFO,
                    stage="provenance",
                    key=where,
                    message=f"{where}: {count} proposed {what}(s) of tekser draft not yet in the "
                    "tables; check them, then `tekser draft --accept` (or delete drafts/)",
                    records=[{"resource": where, "proposals": count}],
                )
            )
    return found


def read_rows(path: Path) -> list[Row]:
    """The rows of a CSV file (for tests and benchmarks)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
