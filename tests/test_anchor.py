"""`tekser anchor` on real broken copies of the bundled package: it restores what was anchored,
and refuses, naming the record and writing nothing, when a quote is absent or ambiguous."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import (
    ROOT,
    copy_package,
    edit_rows,
    edit_text,
    read_rows,
    rehash,
    run,
    set_cells,
    tree_digest,
)

SEED = "seeds/ainakulov-2013-lower-party-cells.txt"
PROVENANCE = "provenance/provenance.csv"
SPAN_FIELDS = ("start", "end", "prefix", "suffix", "line", "page")
COMMON_WORD = "ұялар"  # "cells": dozens of places in the seed


def anchored_exclusions() -> int:
    """Exclusions anchored by a quote (a pattern has no single span)."""
    return sum(1 for row in read_rows(ROOT / "provenance" / "exclusions.csv") if not row["pattern"])


def a_figure_quote_id() -> str:
    return read_rows(ROOT / "data" / "figures.csv")[0]["provenance_id"]


def test_anchor_restores_blanked_spans_exactly(tmp_path: Path, bundled: Path) -> None:
    original = tree_digest(copy_package(ROOT, tmp_path / "original"))
    original_bytes = (bundled / PROVENANCE).read_bytes()

    def blank(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row.update(dict.fromkeys(SPAN_FIELDS, ""))

    edit_rows(bundled / PROVENANCE, blank)
    rehash(bundled)
    assert (bundled / PROVENANCE).read_bytes() != original_bytes
    quotes = len(read_rows(ROOT / PROVENANCE))

    result = run("anchor", str(bundled))

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"anchored {quotes + anchored_exclusions()} quote(s); {quotes} updated",
        f"  wrote {PROVENANCE}",
        "  wrote datapackage.json",
    ]
    assert (bundled / PROVENANCE).read_bytes() == original_bytes
    assert tree_digest(bundled) == original
    assert run("validate", str(bundled)).exit_code == 0


def test_anchor_on_an_anchored_package_changes_nothing(bundled: Path) -> None:
    before = tree_digest(bundled)
    result = run("anchor", str(bundled))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("; 0 updated")
    assert tree_digest(bundled) == before


def test_anchor_retypes_quotes_saved_with_crlf(tmp_path: Path, bundled: Path) -> None:
    """A provenance table saved with CRLF: anchor finds each quote loosely, re-types it as the
    source has it, and the table comes back byte for byte."""
    original = tree_digest(copy_package(ROOT, tmp_path / "original"))
    edit_text(bundled / PROVENANCE, lambda text: text.replace("\n", "\r\n"))
    rehash(bundled)
    multi_line = [
        row["provenance_id"] for row in read_rows(ROOT / PROVENANCE) if "\n" in row["quote"]
    ]

    result = run("anchor", str(bundled))

    assert result.exit_code == 0, result.stderr
    retyped = re.findall(
        r"(?m)^  (\S+): quote re-typed exactly as the source has it$", result.stdout
    )
    assert sorted(retyped) == sorted(multi_line)
    assert tree_digest(bundled) == original


def test_anchor_refuses_a_quote_absent_from_the_seed(bundled: Path) -> None:
    pid = a_figure_quote_id()
    set_cells(bundled / PROVENANCE, "provenance_id", pid, quote="words the article never prints")
    rehash(bundled)
    before = tree_digest(bundled)

    result = run("anchor", str(bundled))

    assert result.exit_code == 2
    assert result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first == "Error: 1 quote(s) could not be anchored:"
    assert second.startswith(f"{pid}: quote not found in {Path(SEED).name}: ")
    assert "words the article never prints" in second
    assert tree_digest(bundled) == before


def assert_ambiguous(package: Path, pid: str) -> None:
    before = tree_digest(package)
    result = run("anchor", str(package))
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: 1 quote(s) could not be anchored:\n")
    match = re.search(
        rf"(?m)^{re.escape(pid)}: quote is ambiguous in {re.escape(Path(SEED).name)} "
        r"\(lines ([0-9, ]+)\); lengthen it",
        result.stderr,
    )
    assert match, result.stderr
    assert len(match.group(1).split(", ")) > 1
    assert tree_digest(package) == before


def test_anchor_refuses_an_ambiguous_quote(bundled: Path) -> None:
    pid = a_figure_quote_id()
    assert (ROOT / SEED).read_bytes().decode("utf-8").count(COMMON_WORD) > 2
    set_cells(
        bundled / PROVENANCE,
        "provenance_id",
        pid,
        quote=COMMON_WORD,
        **dict.fromkeys(SPAN_FIELDS, ""),
    )
    rehash(bundled)
    assert_ambiguous(bundled, pid)


def test_anchor_refuses_an_ambiguous_quote_despite_a_stale_context(bundled: Path) -> None:
    """The quote is changed to a common word; its line is blanked, its old prefix and suffix
    stay (as a person editing the quote leaves them)."""
    pid = a_figure_quote_id()
    set_cells(bundled / PROVENANCE, "provenance_id", pid, quote=COMMON_WORD, line="")
    rehash(bundled)
    assert_ambiguous(bundled, pid)


def test_anchor_refuses_to_anchor_on_a_changed_seed(bundled: Path) -> None:
    seed = bundled / SEED
    seed.chmod(seed.stat().st_mode | 0o200)
    edit_text(seed, lambda text: "a line inserted near the top\n" + text)
    before = tree_digest(bundled)

    result = run("anchor", str(bundled))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: source ainakulov-2013: its text changed since it was anchored (its content changed)"
    )
    assert result.stderr.count("\n") == 1
    assert tree_digest(bundled) == before
