"""Readable ids for accepted drafts, as the contract names them.

A figure is named by its series and its date, `<series_id>.<date>` (`school.pupils.1880`,
`all.population.1897-01-28`, `school.pupils.1880-1884`; `.lower`/`.upper` for the ends of a
range; `undated` when no date is printed for it); its provenance record `p.<figure_id>`; a
record that dates several figures `p.date.<the date as printed>`; an exclusion
`<category>.<line>`; a part–whole relation by its whole; a claim
`<organisation>.<measure>.<direction>-<first year>-<last year>`. An id the package (or an
earlier row) already holds gets `-2`, `-3` …; the rows are named in their order in drafts/,
so the same drafts accepted into the same package get the same ids. Only the ids `tekser draft`
gave (`draft-…`, `p.draft-…`) are renamed: one the author wrote in drafts/ is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from anyascii import anyascii

from tekser.package.descriptor import Row

ID_LIMIT = 120
_REFERENCES = {
    "figures": ("figure_id", "base_figure_id", "part_figure_id"),
    "part_whole": ("whole_figure_id", "part_figure_id"),
}
_PROVENANCE_REFERENCES = ("provenance_id", "date_provenance_id")
KEYS = {
    "figures": "figure_id",
    "provenance": "provenance_id",
    "exclusions": "exclusion_id",
    "part_whole": "relation_id",
    "claims": "claim_id",
}
_BOUNDS = {"lower-bound": "lower", "upper-bound": "upper"}


@dataclass(slots=True)
class Naming:
    """Old id → new id, by kind, in the order they were named."""

    figures: dict[str, str] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    exclusions: dict[str, str] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)

    def lines(self, width: int = 80, limit: int = 40) -> list[str]:
        """How the ids were named, one `old → new` line each (cut to `width`), at most
        `limit` of them and a line saying how many more; the provenance ids, which follow
        their figure's, only counted."""
        renamed = [
            (old, new)
            for names in (self.figures, self.exclusions, self.relations, self.claims)
            for old, new in names.items()
            if old != new
        ]
        if not renamed and not self.provenance:
            return []
        head = f"ids: {len(renamed)} renamed"
        if self.provenance:
            head += f", and {len(self.provenance)} provenance record(s) after them (p.<id>)"
        lines = [_cut(head, width)]
        for old, new in renamed[:limit]:
            lines.append(_cut(f"  {old} → {new}", width))
        if len(renamed) > limit:
            lines.append(f"  … and {len(renamed) - limit} more (see the tables)")
        return lines


def readable_ids(tables: dict[str, list[Row]], held: dict[str, set[str]]) -> Naming:
    """Name the rows of `tables` (figures, provenance, exclusions, part_whole, claims, as
    they are accepted) and rewrite every id and reference among them, in place. `held`: the
    ids each table of the package already holds (updated); an id is unique in its table."""
    naming = Naming()
    figures = tables.get("figures", [])
    for name, key in KEYS.items():
        held.setdefault(name, set())
        held[name] |= {r[key] for r in tables.get(name, []) if not _drafts_id(r[key])}
    taken = held["figures"]
    for row in figures:
        naming.figures[row["figure_id"]] = _name(row["figure_id"], _figure_base(row), taken)
    for row in figures:
        old = row.get("provenance_id", "")
        if old and old not in naming.provenance and _drafted(old, tables):
            base = f"p.{naming.figures[row['figure_id']]}"
            naming.provenance[old] = _name(old, base, held["provenance"])
    for row in figures:
        old = row.get("date_provenance_id", "")
        if old and old not in naming.provenance and _drafted(old, tables):
            printed = _slug(row.get("date_printed", "")) or row.get("period_start", "")[:4]
            base = f"p.date.{printed or 'undated'}"
            naming.provenance[old] = _name(old, base, held["provenance"])
    for row in tables.get("claims", []):
        first, last = row.get("period_start", "")[:4], row.get("period_end", "")[:4]
        years = first if first == last else f"{first}-{last}"
        base = f"{row.get('organisation')}.{row.get('measure')}.{row.get('direction')}-{years}"
        naming.claims[row["claim_id"]] = _name(row["claim_id"], _clean(base), held["claims"])
        old = row.get("provenance_id", "")
        if old and old not in naming.provenance and _drafted(old, tables):
            base = f"p.claim.{naming.claims[row['claim_id']]}"
            naming.provenance[old] = _name(old, base, held["provenance"])
    for row in tables.get("exclusions", []):
        base = f"{row.get('category') or 'excluded'}.{row.get('line') or row.get('start')}"
        old = row["exclusion_id"]
        naming.exclusions[old] = _name(old, _clean(base), held["exclusions"])
    for row in tables.get("part_whole", []):
        old = row["relation_id"]
        if old not in naming.relations:
            whole = naming.figures.get(row["whole_figure_id"], row["whole_figure_id"])
            naming.relations[old] = _name(old, _clean(whole.lower()), held["part_whole"])
    _rewrite(tables, naming)
    return naming


def _drafts_id(old: str) -> bool:
    """An id `tekser draft` gave, which accepting renames."""
    return old.startswith(("draft-", "p.draft-"))


def _name(old: str, base: str, taken: set[str]) -> str:
    return _unique(base, taken) if _drafts_id(old) else old


def _drafted(pid: str, tables: dict[str, list[Row]]) -> bool:
    return any(r.get("provenance_id") == pid for r in tables.get("provenance", []))


def _rewrite(tables: dict[str, list[Row]], naming: Naming) -> None:
    for row in tables.get("figures", []):
        for key in _REFERENCES["figures"]:
            if row.get(key):
                row[key] = naming.figures.get(row[key], row[key])
    for row in tables.get("part_whole", []):
        row["relation_id"] = naming.relations.get(row["relation_id"], row["relation_id"])
        for key in _REFERENCES["part_whole"]:
            row[key] = naming.figures.get(row[key], row[key])
    for row in tables.get("exclusions", []):
        row["exclusion_id"] = naming.exclusions[row["exclusion_id"]]
    for row in tables.get("claims", []):
        row["claim_id"] = naming.claims[row["claim_id"]]
    for name in ("figures", "provenance", "part_whole", "claims"):
        for row in tables.get(name, []):
            for key in _PROVENANCE_REFERENCES:
                if row.get(key):
                    row[key] = naming.provenance.get(row[key], row[key])


def _figure_base(row: Row) -> str:
    series = row.get("series_id") or f"{row.get('organisation')}.{row.get('measure')}"
    base = f"{series}.{_date_part(row)}"
    bound = _BOUNDS.get(row.get("statistic", ""))
    return _clean(f"{base}.{bound}" if bound else base)


def _date_part(row: Row) -> str:
    """The figure's date as its id says it: a year, a span of years, a month, a day."""
    undated = not row.get("date_printed") and not row.get("date_provenance_id")
    if undated and (row.get("date_note") or not row.get("period_start")):
        return "undated"
    first, last = row.get("period_start", ""), row.get("period_end", "")
    precision = row.get("date_precision", "")
    if not first:
        return "undated"
    if precision == "year" or (precision in ("years", "split-year") and first[:4] == last[:4]):
        return first[:4]
    if precision in ("years", "split-year"):
        return f"{first[:4]}-{last[:4]}"
    if precision == "month":
        return first[:7]
    if precision == "half-year":
        return f"{first[:4]}-h{1 if first[5:7] <= '06' else 2}"
    if precision == "quarter":
        return f"{first[:4]}-q{(int(first[5:7] or 1) - 1) // 3 + 1}"
    if precision == "year-end":
        return last or first
    return first if first == last or not last else f"{first}-{last}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:40].strip("-")


def _clean(text: str) -> str:
    """An id the contract's pattern takes: ASCII letters, digits, '.', '_' and '-'."""
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", anyascii(text)).strip("-._")
    text = re.sub(r"\.{2,}", ".", text)[:ID_LIMIT].strip("-._")
    return text or "drafted"


def _unique(base: str, taken: set[str]) -> str:
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    taken.add(candidate)
    return candidate


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
