"""`tekser init`: a new contract-0.2 package around a seed, for an author who has only a text.

Built in a hidden folder beside the target and renamed into place last: it appears whole or
not at all. What it proposes — pages, exclusions, languages (`tekser.authoring.guesses`) — is
a guess from the text, said to be one, for the author to check.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from tekser.authoring.anchoring import anchor_package
from tekser.authoring.furniture import find_furniture
from tekser.authoring.guesses import (
    Page,
    Proposal,
    guess_languages,
    guess_pages,
    propose_exclusions,
)
from tekser.core.errors import TekserError
from tekser.core.files import csv_text
from tekser.core.names import EXCLUDED, UNACCOUNTED
from tekser.package.descriptor import DESCRIPTOR, Package, Row
from tekser.package.sources import Corpus
from tekser.seeds.text import SourceText
from tekser.stages.coverage import exclusion_intervals, scan

CONTRACT = "0.2"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SOURCE_ID_LIMIT = 40
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")

# name, folder, description: the standard tables of a new package, in descriptor order
TABLES: tuple[tuple[str, str, str], ...] = (
    ("sources", "data", "The seeds: path, hash, citation, languages, retrieval."),
    ("pages", "data", "Which seed lines each printed page holds (proposed by tekser init)."),
    ("figures", "data", "Every statistical figure the source states, one row per value."),
    ("claims", "data", "What the narrative says about change, tied to series and periods."),
    ("part_whole", "data", "Part–whole relations between figures."),
    ("relations", "data", "Equations between figures: differences, rates, averages, growth …"),
    ("announcements", "data", "Data the text announces, whether or not the source holds it."),
    ("provenance", "provenance", "One record per stated value: the exact quoted span."),
    ("exclusions", "provenance", "Numbers of the seed that are not figures, with a reason."),
)

# Cyrillic to Latin for source ids: letter for letter, the pairs aligned (kept as written).
_TRANSLIT = str.maketrans({
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
    **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
    "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ь": "", "ю": "iu", "я": "ia",
})  # fmt: skip


@dataclass(slots=True)
class InitResult:
    """What `tekser init` made."""

    folder: Path
    source_id: str
    seed: Path
    languages: list[str]
    languages_guessed: bool
    pages: list[Page]
    page_numbers_at: str | None
    exclusions: list[Proposal]
    numbers: int
    unaccounted: int
    next_steps: str = ""
    files: list[str] = field(default_factory=list)


def init_package(
    target: Path,
    seed: Path,
    *,
    citation: str | None = None,
    languages: list[str] | None = None,
    source_id: str | None = None,
    title: str | None = None,
    today: date | None = None,
) -> InitResult:
    """Create a new contract-0.2 package in `target` around the text file `seed`.

    Raises TekserError, with nothing written, when `target` exists and is not an empty folder,
    the seed is not a regular file (a device such as /dev/zero, a FIFO, a folder: refused
    before it is opened) or is larger than the `seed-bytes` limit (refused by its size, before
    it is read) or cannot be read as UTF-8, a language is not a valid BCP 47 tag or the source id is
    not one.
    """
    shown = str(target)
    target = Path(os.path.abspath(target))
    parent = target.parent
    _check_target(target)
    if not parent.is_dir():
        raise TekserError(f"{parent}: no such folder (create it first)")
    source = SourceText.read(Path(seed))
    if not _plain_name(source.path.name):
        raise TekserError(f"{seed}: rename the seed to a plain file name first")
    languages_guessed = not languages
    tags = _check_languages(languages) if languages else guess_languages(source.text)
    sid = source_id if source_id is not None else default_source_id(source.path)
    if not _SOURCE_ID.fullmatch(sid):
        raise TekserError(
            f"--source-id {sid!r}: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    today = today or datetime.now(UTC).date()
    seed_name = source.path.name
    seed_path = f"seeds/{seed_name}"
    data = source.text.encode("utf-8")  # strict UTF-8 decodes and encodes back byte for byte
    furniture = find_furniture(source)
    pages, at = guess_pages(source, furniture)
    source_row = {
        "source_id": sid,
        "path": seed_path,
        "sha256": source.sha256,
        "citation": citation or seed_name,
        "languages": " ".join(tags),
        "retrieved_on": today.isoformat(),
    }
    corpus = Corpus(
        rows={sid: source_row},
        texts={sid: source},
        pages={sid: [(p.first_line, p.last_line, p.page) for p in pages]} if pages else {},
    )
    proposals, numbers, unaccounted = _account(
        corpus, sid, propose_exclusions(source, pages, at, furniture)
    )
    descriptor = _descriptor(
        target,
        title or f"The figures of {citation or seed_name}, with per-value provenance",
        citation or seed_name,
        seed_path,
        sid,
        data,
        today,
        with_pages=bool(pages),
    )

    tables: dict[str, list[Row]] = {
        "sources": [source_row],
        "pages": [
            {
                "source_id": sid,
                "page": str(p.page),
                "first_line": str(p.first_line),
                "last_line": str(p.last_line),
            }
            for p in pages
        ],
        "exclusions": [_exclusion_row(p, sid, anchored=False) for p in proposals],
    }
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".init", dir=parent))
    except OSError as exc:
        raise TekserError(f"{parent}: cannot create a folder here ({exc.strerror})") from None
    moved: list[Path] = []
    try:
        mask = os.umask(0o022)  # the temporary folder is private (0700): give it the mode
        os.umask(mask)  # of a new folder
        os.chmod(work, 0o777 & ~mask)
        _write(work / seed_path, data)
        for name, folder, _ in TABLES:
            if name == "pages" and not pages:
                continue
            schema = _standard_schema(name)
            _write(work / "schemas" / f"{name}.schema.json", schema)
            header = [f["name"] for f in json.loads(schema.decode("utf-8"))["fields"]]
            rows = tables.get(name, [])
            _write(work / folder / f"{name}.csv", csv_text(rows, header).encode("utf-8"))
        _write(work / DESCRIPTOR, _json_bytes(descriptor))
        anchor_package(Package.open(work))  # fills the spans of the page-number quotes, hashes
        made = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
        _check_target(target)
        try:
            if target.is_dir():  # an empty folder is kept (its mode, a shell inside it): filled
                for entry in sorted(work.iterdir(), key=lambda p: p.name == DESCRIPTOR):
                    os.rename(entry, target / entry.name)
                    moved.append(target / entry.name)
                work.rmdir()
            else:
                os.rename(work, target)
        except OSError as exc:
            raise TekserError(f"{target}: cannot create the package ({exc.strerror})") from None
    except BaseException:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.rmtree(work, ignore_errors=True)
        raise
    result = InitResult(
        folder=target,
        source_id=sid,
        seed=target / seed_path,
        languages=tags,
        languages_guessed=languages_guessed,
        pages=pages,
        page_numbers_at=at,
        exclusions=proposals,
        numbers=numbers,
        unaccounted=unaccounted,
        files=made,
    )
    result.next_steps = next_steps(result, shown, given_citation=citation is not None)
    return result


# -- checks ------------------------------------------------------------------------------------


def _check_target(target: Path) -> None:
    if target.is_symlink():
        raise TekserError(f"{target}: is a symbolic link; give a new folder for the package")
    if target.exists():
        if not target.is_dir():
            raise TekserError(f"{target}: exists and is not a folder")
        if next(target.iterdir(), None) is not None:
            raise TekserError(f"{target}: exists and is not empty; give a new or empty folder")


def _plain_name(name: str) -> bool:
    return not name.startswith(".") and "\\" not in name and name.isprintable()


def _check_languages(languages: list[str]) -> list[str]:
    import langcodes

    tags: list[str] = []
    for tag in languages:
        if not _TAG.fullmatch(tag) or not langcodes.tag_is_valid(tag):
            raise TekserError(f"--language {tag!r}: not a valid BCP 47 language tag (e.g. ru, kk)")
        if tag not in tags:
            tags.append(tag)
    return tags


# -- guesses -----------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by '-', Cyrillic transliterated."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLIT))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def default_source_id(seed: Path) -> str:
    """The seed's file name stem as a slug of at most 40 characters, cut at a word."""
    sid = slug(seed.stem) or "seed"
    if len(sid) > SOURCE_ID_LIMIT:
        cut = sid[: SOURCE_ID_LIMIT + 1].rfind("-")
        sid = sid[:cut] if cut > 0 else sid[:SOURCE_ID_LIMIT]
    return sid.strip("-")


def _exclusion_row(proposal: Proposal, source_id: str, *, anchored: bool) -> Row:
    row = {"exclusion_id": proposal.exclusion_id, "source_id": source_id}
    row |= {key: getattr(proposal, key) for key in ("category", "reason", "pattern", "quote")}
    row["line"] = "" if proposal.line is None else str(proposal.line)
    if anchored and proposal.start is not None:
        row["start"], row["end"] = str(proposal.start), str(proposal.start + len(proposal.quote))
    return row


def _account(
    corpus: Corpus, source_id: str, proposals: list[Proposal]
) -> tuple[list[Proposal], int, int]:
    """The proposals that exclude a number (with how many), the numbers, the unaccounted."""
    rows = [_exclusion_row(p, source_id, anchored=True) for p in proposals]
    intervals, _ = exclusion_intervals(corpus, rows)
    statuses = list(scan(corpus, [], intervals))
    used = Counter(n.by for n in statuses if n.status == EXCLUDED)
    kept = [replace(p, excludes=used[p.exclusion_id]) for p in proposals if used[p.exclusion_id]]
    return kept, len(statuses), sum(1 for n in statuses if n.status == UNACCOUNTED)


# -- files -------------------------------------------------------------------------------------


def _standard_schema(name: str) -> bytes:
    resource = files("tekser") / "schemas" / "tables" / f"{name}.schema.json"
    try:
        return resource.read_bytes()
    except OSError:
        raise TekserError(
            f"tekser's standard Table Schema {name}.schema.json is missing; reinstall tekser"
        ) from None


def _json_bytes(value: Any) -> bytes:
    # as tekser.authoring.anchoring.refresh_hashes writes it, so that anchoring keeps the layout
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _descriptor(
    target: Path,
    title: str,
    citation: str,
    seed_path: str,
    source_id: str,
    data: bytes,
    today: date,
    *,
    with_pages: bool,
) -> dict[str, Any]:
    resources: list[dict[str, Any]] = [
        {
            "name": f"seed-{source_id.lower()}",
            "title": "The source text, byte for byte as received",
            "path": seed_path,
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        }
    ]
    # the tables' bytes and hash are recorded by anchoring, from the files as written
    resources += [
        {
            "name": name,
            "type": "table",
            "description": description,
            "path": f"{folder}/{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": f"schemas/{name}.schema.json",
        }
        for name, folder, description in TABLES
        if name != "pages" or with_pages
    ]
    return {
        "$schema": PROFILE,
        "name": slug(target.name) or "package",
        "title": title,
        "version": "0.1.0",
        "created": f"{today.isoformat()}T00:00:00Z",
        "tekser": {"contract": CONTRACT},
        "sources": [{"title": citation, "path": seed_path}],
        "resources": resources,
    }


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- next steps --------------------------------------------------------------------------------


def next_steps(result: InitResult, shown: str, *, given_citation: bool) -> str:
    """What the author does next, in order, with the commands to run on the folder `shown`
    (as the author named it)."""
    folder = shlex.quote(shown)
    what = "Check" if given_citation else "Complete"
    steps = [
        f"{what} the citation of {result.source_id} in data/sources.csv"
        + ("" if given_citation else " (now only the seed's file name)")
        + "; add author, title, year and period if you know them."
    ]
    if result.languages_guessed:
        steps.append(
            f"Languages {' '.join(result.languages)}: a guess from the letters of the text; "
            "correct `languages` in data/sources.csv (BCP 47 tags, space-separated)."
        )
    count = f"the {len(result.exclusions)} proposed exclusions in provenance/exclusions.csv"
    steps.append(
        f"Check the {len(result.pages)} proposed pages in data/pages.csv (page numbers read at "
        f"the page {result.page_numbers_at}s) and {count}."
        if result.pages
        else f"No page numbers found (no pages table). Check {count}."
        if result.exclusions
        else "No page numbers found (no pages table), no exclusions proposed."
    )
    steps += [
        f"tekser draft {folder}   (proposes figures, their quotes and exclusions in drafts/; "
        f"check them, then tekser draft {folder} --accept)",
        "Complete what draft leaves (data/figures.csv, and claims, part_whole, relations, "
        "announcements; in provenance/provenance.csv one record per stated value with its quote "
        "as you read it); exclude the numbers that are not figures, each with a reason.",
        f"tekser anchor {folder}",
        f"tekser scan {folder} --status unaccounted   "
        f"({result.unaccounted} of {result.numbers} numbers unaccounted now)",
        f"tekser validate {folder}   (until it exits 0; add licenses and contributors to "
        "datapackage.json before tekser publish)",
    ]
    return "\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1))
