"""The seeds a package quotes: their texts, hashes and journal pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from tekser.core.errors import TekserError
from tekser.package.descriptor import Package, Row, check_safe_path
from tekser.seeds.text import SourceText


def as_int(value: str | None) -> int | None:
    """An integer cell, or None when empty or not an integer (structure reports those)."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@dataclass(slots=True)
class Corpus:
    """Every source of a package, read once, with why any could not be read."""

    rows: dict[str, Row] = field(default_factory=dict)
    texts: dict[str, SourceText] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    pages: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)

    @classmethod
    def load(cls, package: Package) -> Corpus:
        corpus = cls()
        for row in package.read_table("sources"):
            source_id = row.get("source_id", "")
            corpus.rows[source_id] = row
            try:
                relative = check_safe_path(row.get("path", ""), where=f"source {source_id!r}")
                path = package.resolve(relative, where=f"source {source_id!r}")
                corpus.texts[source_id] = SourceText.read(path)
            except TekserError as exc:
                corpus.errors[source_id] = str(exc)
        if package.has_table("pages"):
            for row in package.read_table("pages"):
                page, first, last = (
                    as_int(row.get(k)) for k in ("page", "first_line", "last_line")
                )
                if page is not None and first is not None and last is not None:
                    corpus.pages.setdefault(row.get("source_id", ""), []).append(
                        (first, last, page)
                    )
        return corpus

    def page_of(self, source_id: str, line: int) -> int | None:
        """The journal page that seed line `line` is printed on, if the package maps pages."""
        for first, last, page in self.pages.get(source_id, []):
            if first <= line <= last:
                return page
        return None
