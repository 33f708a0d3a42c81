"""The drafts/ folder of a package: proposals as rows of its own tables, and their acceptance.

drafts/figures.csv, drafts/provenance.csv and drafts/exclusions.csv have the headers of the
package's tables, and so do drafts/part_whole.csv and drafts/claims.csv when the text states a
structure (`tekser.authoring.drafting.relations`), and drafts/relations.csv the arithmetic it
states (`tekser.authoring.drafting.arithmetic`); drafts/proposals.csv lists each proposal
(`id`, `kind`, `source_id`, `line`, `printed`, `confidence`, `reason`) for the author to check,
most doubtful first.

Accepted rows get readable ids (`tekser.authoring.drafting.naming`): a figure its series and
date, every reference among the rows rewritten with it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from tekser.authoring.anchoring import _header, plan_anchor
from tekser.authoring.drafting.arithmetic_rows import figures_of, movable, name_relations
from tekser.authoring.drafting.naming import KEYS, Naming, readable_ids
from tekser.core.contract import standard_schema
from tekser.core.errors import TekserError
from tekser.core.files import csv_text
from tekser.core.transaction import FileTransaction, settle
from tekser.package.descriptor import Package, Row
from tekser.package.paths import inside
from tekser.package.sources import Corpus, as_int
from tekser.seeds.counted import find_counted_words
from tekser.seeds.text import SourceText

DRAFTS = "drafts"
TABLES = ("figures", "provenance", "exclusions")
STRUCTURE = ("part_whole", "claims", "relations")  # drafted when the text states them; optional
PROPOSALS = "proposals.csv"
PROPOSAL_FIELDS = ["id", "kind", "source_id", "line", "printed", "confidence", "reason"]
ID_FIELD = {"figures": "figure_id", "provenance": "provenance_id", "exclusions": "exclusion_id"}


def headers(package: Package) -> dict[str, list[str]]:
    """The header of each drafted table: the package's own, else tekser's standard one."""
    found = {}
    for name in (*TABLES, *STRUCTURE):
        if package.has_table(name) and package.resource_file(name).is_file():
            found[name] = _header(package, name)
        else:
            found[name] = [f["name"] for f in standard_schema(name)["fields"]]
    return found


def read_drafts(root: Path) -> dict[str, list[Row]]:
    """The rows of each drafts/ file (tables and proposals.csv); missing files are empty."""
    found: dict[str, list[Row]] = {}
    for name in (*TABLES, *STRUCTURE, "proposals"):
        path = draft_file(root, name)
        if not path.is_file():
            found[name] = []
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                found[name] = list(csv.DictReader(handle, strict=True))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise TekserError(f"{DRAFTS}/{name}.csv: cannot be read ({exc})") from None
    return found


def drafts_folder(root: Path) -> Path:
    """The real path of drafts/ (it may not exist yet), once it is known to be a folder inside
    the package: one that is a link leaving the package is refused (UnsafePathError)."""
    return inside(root, DRAFTS, where=DRAFTS, kind="dir")


def draft_file(root: Path, name: str) -> Path:
    """The real path of drafts/<name>.csv (it may not exist yet), once it is known to be a
    regular file inside the package: a link that leaves it, a FIFO or a device is refused
    (UnsafePathError) before anything is read or written."""
    drafts_folder(root)
    return inside(root, f"{DRAFTS}/{name}.csv", where=DRAFTS)


def pending_count(root: Path) -> int:
    drafts = read_drafts(root)
    return sum(len(drafts[name]) for name in ("figures", "exclusions", "claims"))


def write_drafts(package: Package, rows: dict[str, list[Row]], *, force: bool) -> list[str]:
    """Write the drafts/ folder, all its files or none; refuses to replace pending proposals
    without `force`. What an earlier commit left unfinished is resolved first."""
    settle(package.root)
    folder = drafts_folder(package.root)
    if folder.exists() and not force:
        pending = pending_count(package.root)
        if pending:
            raise TekserError(
                f"{DRAFTS}/ already holds {pending} pending proposal(s): check and accept them "
                "(tekser draft --accept), or give --force to draft them again"
            )
    header = headers(package) | {"proposals": PROPOSAL_FIELDS}
    written = []
    with FileTransaction(package.root, "draft") as transaction:  # drafts/ whole, or as it was
        for name, table in rows.items():
            text = csv_text(
                [{k: row.get(k, "") for k in header[name]} for row in table], header[name]
            )
            transaction.write_text(draft_file(package.root, name), text)
            written.append(f"{DRAFTS}/{name}.csv")
    return written


@dataclass(slots=True)
class AcceptResult:
    figures: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    left: int = 0
    files: list[str] = field(default_factory=list)
    naming: Naming = field(default_factory=Naming)


def accept(path: Path | str, only: list[str] | None, agent: str | None) -> AcceptResult:
    """Move proposals (all, or those of `only`) from drafts/ into the package's tables, anchor
    them and refresh the descriptor — all or nothing, even when killed (one commit). What an
    earlier commit left unfinished is resolved first, and said on stderr."""
    package = Package.open(path)
    if settle(package.root):
        package = Package.open(path)
    drafts = read_drafts(package.root)
    if not drafts["figures"] and not drafts["exclusions"] and not drafts["claims"]:
        raise TekserError(f"{DRAFTS}/: no proposals to accept here; run `tekser draft` first")
    for name in TABLES:
        if not package.has_table(name):
            raise TekserError(f"the package has no {name} table to accept drafts into")
    ids = {row.get("figure_id", "") for row in drafts["figures"]}
    ids |= {row.get("exclusion_id", "") for row in drafts["exclusions"]}
    ids |= {row.get("claim_id", "") for row in drafts["claims"]}
    wanted = set(ids) if not only else set(only)
    unknown = sorted(wanted - ids)
    if unknown:
        raise TekserError(
            f"{', '.join(unknown)}: not a proposal in {DRAFTS}/ "
            f"(see {DRAFTS}/{PROPOSALS} for the ids)"
        )
    figures = [r for r in drafts["figures"] if r.get("figure_id") in wanted]
    exclusions = [r for r in drafts["exclusions"] if r.get("exclusion_id") in wanted]
    moved = {r.get("figure_id", "") for r in figures}
    relations = [
        r
        for r in drafts["part_whole"]
        if package.has_table("part_whole")
        and {r.get("whole_figure_id"), r.get("part_figure_id")} <= moved | _accepted(package)
        and {r.get("whole_figure_id"), r.get("part_figure_id")} & moved
    ]
    claims = [
        r
        for r in drafts["claims"]
        if package.has_table("claims") and (r.get("claim_id") in wanted or not only)
    ]
    equations = (
        movable(drafts["relations"], moved, _accepted(package))
        if package.has_table("relations")
        else []
    )
    cited = {
        r.get(k, "")
        for r in (*figures, *relations, *claims, *equations)
        for k in ("provenance_id", "date_provenance_id")
    }
    cited.discard("")
    existing = {r.get("provenance_id", ""): r for r in package.read_table("provenance")}
    records = [
        r
        for r in drafts["provenance"]
        if r.get("provenance_id") in cited and r.get("provenance_id") not in existing
    ]
    missing = cited - {r.get("provenance_id") for r in drafts["provenance"]} - set(existing)
    if missing:
        raise TekserError(
            f"{DRAFTS}/figures.csv cites provenance {', '.join(sorted(missing))}, "
            f"which is neither in {DRAFTS}/provenance.csv nor in the package"
        )
    _check_quotes(package, drafts, records, exclusions)
    for name, rows in (("figures", figures), ("exclusions", exclusions)):
        taken = {r.get(ID_FIELD[name], "") for r in package.read_table(name)}
        clash = sorted(r[ID_FIELD[name]] for r in rows if r.get(ID_FIELD[name]) in taken)
        clash = [c for c in clash if not c.startswith("draft-")]  # those are renamed
        if clash:
            raise TekserError(
                f"{', '.join(clash)}: already in the package's {name} table; "
                f"rename it in {DRAFTS}/ first"
            )
    for row in records:
        row["method"] = "drafted"
        if agent:
            row["agent"] = agent
    tables = {
        "figures": [dict(r) for r in figures],
        "provenance": [dict(r) for r in records],
        "exclusions": [dict(r) for r in exclusions],
        "part_whole": [dict(r) for r in relations],
        "claims": [dict(r) for r in claims],
        "relations": [dict(r) for r in equations],
    }
    held = _taken(package)
    naming = readable_ids(tables, held)
    name_relations(tables["relations"], tables["provenance"], naming, held)
    result = AcceptResult(
        figures=[r["figure_id"] for r in tables["figures"]],
        exclusions=[r["exclusion_id"] for r in tables["exclusions"]],
        provenance=[r["provenance_id"] for r in tables["provenance"]],
        relations=sorted({r["relation_id"] for r in (*tables["part_whole"], *tables["relations"])}),
        claims=[r["claim_id"] for r in tables["claims"]],
        naming=naming,
    )
    gone = {id(r) for r in (*relations, *claims, *equations)}
    _commit(package, drafts, tables, wanted, gone, cited, result)
    return result


def _accepted(package: Package) -> set[str]:
    """The figure ids already in the package's figures table."""
    return {r.get("figure_id", "") for r in package.read_table("figures")}


def _taken(package: Package) -> dict[str, set[str]]:
    """The ids of each table of the package, which a new row's id must not repeat."""
    taken: dict[str, set[str]] = {}
    for name, key in (*KEYS.items(), ("relations", "relation_id")):
        taken[name] = set()
        if package.has_table(name) and package.resource_file(name).is_file():
            taken[name] = {r.get(key, "") for r in package.read_table(name)}
    return taken


def _check_quotes(
    package: Package, drafts: dict[str, list[Row]], records: list[Row], exclusions: list[Row]
) -> None:
    corpus = Corpus.load(package)
    for name, rows in (("provenance", records), ("exclusions", exclusions)):
        numbers = {id(row): index for index, row in enumerate(drafts[name], start=2)}
        for row in rows:
            if name == "exclusions" and row.get("pattern"):
                continue
            label = row.get(ID_FIELD[name], "?")
            where = f"{DRAFTS}/{name}.csv row {numbers.get(id(row), '?')} ({label})"
            source = corpus.texts.get(row.get("source_id", ""))
            if source is None:
                reason = corpus.errors.get(row.get("source_id", ""), "no such source")
                raise TekserError(f"{where}: its seed cannot be read: {reason}")
            start, end = as_int(row.get("start")), as_int(row.get("end"))
            if start is None and end is None:
                continue  # cleared: anchoring finds the quote again
            if start is None or end is None or source.text[start:end] != row.get("quote", ""):
                raise TekserError(
                    f"{where}: the quote is not the seed's text at {row.get('start')}–"
                    f"{row.get('end')}; correct the quote, or clear start and end to have it "
                    "found again"
                )


def _commit(
    package: Package,
    drafts: dict[str, list[Row]],
    moved: dict[str, list[Row]],
    wanted: set[str],
    gone: set[int],
    cited: set[str],
    result: AcceptResult,
) -> None:
    """Every file accepting changes — tables, anchored, the descriptor's hashes, drafts/ (the
    proposals left, their references to the accepted figures renamed, or the folder gone) —
    computed first, then written as one commit. `gone`: the relations and claims moved."""
    folder = drafts_folder(package.root)
    tables = {name: _appended(package, name, rows) for name, rows in moved.items() if rows}
    renamed = result.naming.figures
    keep_figures = [
        _renamed(r, ("base_figure_id",), renamed)
        for r in drafts["figures"]
        if r.get("figure_id") not in wanted
    ]
    kept = {r.get("figure_id", "") for r in keep_figures}
    keep_relations = [
        _renamed(r, ("whole_figure_id", "part_figure_id"), renamed)
        for r in drafts["part_whole"]
        if id(r) not in gone and {r.get("whole_figure_id"), r.get("part_figure_id")} & kept
    ]
    keep_claims = [r for r in drafts["claims"] if id(r) not in gone]
    pending = {k for k, ids in figures_of(drafts["relations"]).items() if ids & kept}
    keep_equations = [
        _renamed(r, ("result_figure_id", "term_figure_id", "weight_figure_id"), renamed)
        for r in drafts["relations"]
        if id(r) not in gone and r.get("relation_id") in pending
    ]
    still = {
        r.get(k, "")
        for r in (*keep_figures, *keep_relations, *keep_claims, *keep_equations)
        for k in ("provenance_id", "date_provenance_id")
    }
    left: dict[str, list[Row]] = {
        "part_whole": keep_relations,
        "claims": keep_claims,
        "relations": keep_equations,
        "figures": keep_figures,
        "provenance": [
            r
            for r in drafts["provenance"]
            if r.get("provenance_id") in still or r.get("provenance_id") not in cited
        ],
        "exclusions": [r for r in drafts["exclusions"] if r.get("exclusion_id") not in wanted],
        "proposals": [r for r in drafts["proposals"] if r.get("id") not in wanted],
    }
    result.left = len(left["figures"]) + len(left["exclusions"]) + len(keep_claims)
    anchored, writes = plan_anchor(package, tables)
    result.files = sorted(
        set(anchored.files)
        | {str(package.resource_file(n).relative_to(package.root)) for n in tables}
    )
    with FileTransaction(package.root, "draft --accept") as transaction:
        for path, data in writes.items():
            transaction.write(path, data)
        if result.left:
            header = headers(package) | {"proposals": PROPOSAL_FIELDS}
            for name, rows in left.items():
                path = draft_file(package.root, name)
                if rows or path.is_file():
                    transaction.write_text(path, csv_text(rows, header[name]))
        else:
            transaction.remove(folder)


def _renamed(row: Row, keys: tuple[str, ...], names: dict[str, str]) -> Row:
    """The row with the figure ids of `keys` renamed as accepting named them."""
    return row | {k: names.get(row[k], row[k]) for k in keys if row.get(k)}


def _appended(package: Package, name: str, rows: list[Row]) -> str:
    """The text of a table with `rows` added at its end, the rows before kept byte for byte."""
    path = package.resource_file(name)
    header = _header(package, name)
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    if not text:
        text = csv_text([], header)
    elif not text.endswith("\n"):
        text += "\n"
    appended = csv_text(
        ({k: row.get(k, "") for k in header} for row in rows), header, with_header=False
    )
    return text + appended


def _held(package: Package, source_id: str, text: str) -> list[tuple[int, int]]:
    """The spans of the seed that the package's provenance records and exclusions quote, and
    those its exclusions' patterns match (a site's line: its words too)."""
    spans: list[tuple[int, int]] = []
    for name in ("provenance", "exclusions"):
        if not package.has_table(name) or not package.resource_file(name).is_file():
            continue
        for row in package.read_table(name):
            start, end = row.get("start", ""), row.get("end", "")
            if row.get("source_id") != source_id:
                continue
            if start.isdigit() and end.isdigit():
                spans.append((int(start), int(end)))
            elif pattern := row.get("pattern", ""):
                try:
                    spans += [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()]
                except re.error:
                    continue  # validate names a bad pattern; drafting passes it over
    return spans


def counted_runs(
    package: Package, source: SourceText, source_id: str, tags: list[str]
) -> list[tuple[int, int]]:
    """The small numbers and fractions in words that count something ("four heats", "two
    thirds"), which coverage does not ask for, as runs to draft — unless a record or an
    exclusion of the package already quotes them."""
    # each declared language's own number words (a source in several languages is read in
    # each of them, never in every language tekser knows: Danish "to" is two, English "to"
    # is none); an undeclared language, in all of them
    languages = list(dict.fromkeys(t for t in tags if t and t != "und")) or [""]
    held = _held(package, source_id, source.text)
    found = {
        (n.start, n.end)
        for language in languages
        for n in find_counted_words(source.text, language)
        if not any(a <= n.start and n.end <= b for a, b in held)
    }
    return sorted(found)
