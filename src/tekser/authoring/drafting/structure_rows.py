"""The rows of drafts/part_whole.csv and drafts/claims.csv for the relations and claims
`tekser.authoring.drafting.relations` proposes, once the figures have their draft ids; a
claim gets a provenance record of its own, the quote of its sentence. The equations of
`tekser.authoring.drafting.arithmetic` get theirs from `arithmetic_rows`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tekser.authoring.drafting.arithmetic import Equation
from tekser.authoring.drafting.arithmetic_rows import relation_rows
from tekser.authoring.drafting.relations import Claim, Relation
from tekser.package.descriptor import Row
from tekser.package.sources import Corpus
from tekser.seeds.anchor import context
from tekser.seeds.numbers import plain


def structure_rows(
    rows: dict[str, list[Row]],
    proposals: list[dict[str, Any]],
    relations: list[Relation],
    claims: list[Claim],
    source_id: str,
    corpus: Corpus,
    taken: set[str],
    equations: Sequence[Equation] = (),
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """drafts/part_whole.csv and drafts/claims.csv rows (a claim with its provenance record,
    the quote of its sentence), and drafts/relations.csv rows for `equations`, once the
    figures have their ids."""
    records = {r["provenance_id"]: r for r in rows["provenance"]}
    pids = {p["id"]: p["provenance_id"] for p in proposals}
    found_relations: list[dict[str, Any]] = []
    found_claims: list[dict[str, Any]] = []
    source = corpus.texts[source_id]
    for relation in relations:
        rid = unique(f"draft-rel-{relation.whole.id}", taken)
        for part in relation.parts:
            rows["part_whole"].append(
                {
                    "relation_id": rid,
                    "whole_figure_id": relation.whole.id,
                    "part_figure_id": part.id,
                    "exhaustive": "true" if relation.exhaustive else "false",
                    "provenance_id": pids[part.id],
                }
            )
        found_relations.append(
            {
                "id": rid,
                "source_id": source_id,
                "whole": relation.whole.id,
                "parts": [p.id for p in relation.parts],
                "exhaustive": relation.exhaustive,
                "marker": relation.marker,
            }
        )
    for claim in claims:
        first, last = claim.figures[0], claim.figures[-1]
        assert first.date is not None and first.date.period is not None
        assert last.date is not None and last.date.period is not None
        line = source.line_of(claim.start)
        cid = unique(f"draft-claim-{line}-{claim.start}", taken)
        pid = unique(f"p.{cid}", taken)
        prefix, suffix = context(source, claim.start, claim.end)
        record = records[pids[first.id]] | {
            "provenance_id": pid,
            "start": str(claim.start),
            "end": str(claim.end),
            "quote": source.text[claim.start : claim.end],
            "prefix": prefix,
            "suffix": suffix,
            "line": str(line),
            "page": _page(corpus.page_of(source_id, line)),
            "citation": "",
        }
        rows["provenance"].append(record)
        span = (first.date.period[0], last.date.period[1])
        row = {
            "claim_id": cid,
            "source_id": source_id,
            "organisation": first.organisation,
            "measure": first.measure,
            "direction": claim.direction,
            "pace": claim.pace,
            "pace_printed": claim.pace_printed,
            "wording_en": f"{first.measure} ({first.organisation}) {claim.direction}s"
            f"{ {'sharp': ' sharply', 'slow': ' slowly'}.get(claim.pace, '') } from "
            f"{plain(first.value)} to {plain(last.value)} {first.unit}, "
            f"{span[0].year}–{span[1].year} (drafted from “{claim.word}”: reword it)",
            "language": first.language,
            "period_start": span[0].isoformat(),
            "period_end": span[1].isoformat(),
            "date_precision": "years" if span[0].year != span[1].year else "year",
            "date_printed": "",
            "date_note": "the period of the figures its sentence gives",
            "provenance_id": pid,
        }
        rows["claims"].append(row)
        rows["proposals"].append(
            {
                "id": cid,
                "kind": "claim",
                "source_id": source_id,
                "line": str(line),
                "printed": claim.word,
                "confidence": "0.50",
                "reason": f"a {claim.direction} of {first.organisation}.{first.measure} said "
                f"by “{claim.word}”, over the figures of its sentence",
            }
        )
        found_claims.append(row | {"quote": record["quote"], "start": claim.start})
    rows.setdefault("relations", [])
    found = relation_rows(rows, proposals, list(equations), source_id, corpus, taken)
    return found_relations, found_claims, found


def _page(page: int | None) -> str:
    return "" if page is None else str(page)


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base.2`, `base.3` … the first that `taken` lacks (then taken)."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}.{suffix}"
    taken.add(candidate)
    return candidate
