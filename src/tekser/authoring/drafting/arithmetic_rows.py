"""The rows of drafts/relations.csv for the equations `tekser.authoring.drafting.arithmetic`
proposes, once the figures have their draft ids (one row per term, one reading `as-printed`,
a provenance record of its own quoting the sentence that states it), and their acceptance: a
relation moves into the package's `relations` table with the last of its figures, named after
its result (`<result figure id>`, lower case), its record `p.relation.<relation id>`."""

from __future__ import annotations

import re
from typing import Any

from tekser.authoring.drafting.arithmetic import Equation
from tekser.authoring.drafting.naming import Naming
from tekser.package.descriptor import Row
from tekser.package.sources import Corpus
from tekser.seeds.anchor import context

READING = "as-printed"
FIGURE_KEYS = ("result_figure_id", "term_figure_id", "weight_figure_id")


def relation_rows(
    rows: dict[str, list[Row]],
    proposals: list[dict[str, Any]],
    equations: list[Equation],
    source_id: str,
    corpus: Corpus,
    taken: set[str],
) -> list[dict[str, Any]]:
    """drafts/relations.csv rows (in `rows["relations"]`) and their provenance records (in
    `rows["provenance"]`), and one dict per equation (as `--format json` prints them)."""
    records = {r["provenance_id"]: r for r in rows["provenance"]}
    pids = {p["id"]: p["provenance_id"] for p in proposals}
    source = corpus.texts[source_id]
    found: list[dict[str, Any]] = []
    for equation in equations:
        rid = _unique(f"draft-eq-{equation.result.id}", taken, ".")
        pid = _unique(f"p.{rid}", taken, ".")
        line = source.line_of(equation.start)
        prefix, suffix = context(source, equation.start, equation.end)
        page = corpus.page_of(source_id, line)
        rows["provenance"].append(
            records[pids[equation.result.id]]
            | {
                "provenance_id": pid,
                "start": str(equation.start),
                "end": str(equation.end),
                "quote": source.text[equation.start : equation.end],
                "prefix": prefix,
                "suffix": suffix,
                "line": str(line),
                "page": "" if page is None else str(page),
                "citation": "",
            }
        )
        note = "" if equation.holds else "drafted from its words; as drafted it does not hold"
        for number, (figure, sign) in enumerate(equation.terms, start=1):
            rows["relations"].append(
                {
                    "relation_id": rid,
                    "reading": READING,
                    "term": str(number),
                    "kind": equation.kind,
                    "result_figure_id": equation.result.id,
                    "term_figure_id": figure.id,
                    "sign": sign,
                    "words": equation.words,
                    "provenance_id": pid,
                    "note": note,
                }
            )
        found.append(
            {
                "id": rid,
                "source_id": source_id,
                "kind": equation.kind,
                "result": equation.result.id,
                "terms": [[f.id, sign] for f, sign in equation.terms],
                "words": equation.words,
                "holds": equation.holds,
                "quote": source.text[equation.start : equation.end],
            }
        )
    return found


def figures_of(rows: list[Row]) -> dict[str, set[str]]:
    """The figures each relation of `rows` names, by relation id."""
    named: dict[str, set[str]] = {}
    for row in rows:
        ids = named.setdefault(row.get("relation_id", ""), set())
        ids |= {row[k] for k in FIGURE_KEYS if row.get(k)}
    return named


def movable(rows: list[Row], moved: set[str], accepted: set[str]) -> list[Row]:
    """The rows of the relations whose figures are all moved or already accepted, one of
    them moved now: a relation moves with the last of its figures."""
    named = figures_of(rows)
    ready = {r for r, ids in named.items() if r and ids <= moved | accepted and ids & moved}
    return [row for row in rows if row.get("relation_id") in ready]


def name_relations(
    rows: list[Row], provenance: list[Row], naming: Naming, held: dict[str, set[str]]
) -> None:
    """Readable ids for accepted relation rows (after the figures are named, `naming`): each
    relation after its result, its quote's record after it; the figure ids they name and the
    records rewritten, in place. Only the ids `tekser draft` gave are renamed."""
    taken = held.setdefault("relations", set())
    records = held.setdefault("provenance", set())
    drafted = {r.get("provenance_id", "") for r in provenance}
    relations: dict[str, str] = {}
    for row in rows:
        old = row.get("relation_id", "")
        if old not in relations:
            result = row.get("result_figure_id", "")
            result = naming.figures.get(result, result)
            relations[old] = _unique(_clean(result), taken) if old.startswith("draft-") else old
            pid = row.get("provenance_id", "")
            if pid.startswith("p.draft-") and pid in drafted and pid not in naming.provenance:
                naming.provenance[pid] = _unique(f"p.relation.{relations[old]}", records)
    for row in rows:
        row["relation_id"] = relations[row.get("relation_id", "")]
        for key in FIGURE_KEYS:
            if row.get(key):
                row[key] = naming.figures.get(row[key], row[key])
        if row.get("provenance_id"):
            row["provenance_id"] = naming.provenance.get(row["provenance_id"], row["provenance_id"])
    for record in provenance:
        pid = record.get("provenance_id", "")
        record["provenance_id"] = naming.provenance.get(pid, pid)
    naming.relations.update((old, new) for old, new in relations.items())


def _clean(text: str) -> str:
    """An id the relations schema takes: lower case letters, digits, '.' and '-'."""
    text = re.sub(r"[^a-z0-9.-]+", "-", text.lower()).strip("-.")
    return re.sub(r"\.{2,}", ".", text) or "relation"


def _unique(base: str, taken: set[str], mark: str = "-") -> str:
    """`base`, or `base-2` (a draft id: `base.2`), `base-3` … the first `taken` lacks."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}{mark}{suffix}"
    taken.add(candidate)
    return candidate
