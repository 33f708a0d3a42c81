"""Strict coverage: a number of a seed is accounted for by a record that states it (a printed
column, a footnote mark its provenance record cites) or by an exclusion — never by lying inside
some quote — and numbers are counted as the reader finds them, grouped, decimal or in words."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.builder import SOURCE_ID, build_package, columns
from tests.conftest import rehash, run, run_json

SEED = (
    "Report of the district committee.\n"
    "In 1930 the district had 120 cells with 45 members [7].\n"
    "The committee met again later.\n"
)
CELLS = {
    "figure_id": "cells.1930",
    "series_id": "cells",
    "organisation": "district",
    "measure": "cells",
    "period_start": "1930-01-01",
    "period_end": "1930-12-31",
    "date_printed": "1930",
    "value": 120,
    "printed": "120",
}
COVERAGE = ("coverage.unaccounted", "coverage.unstated-in-quote", "coverage.unused-exclusion")


def _package(tmp_path: Path, quote: str, seed: str = SEED, **figure: Any) -> Path:
    row = dict(CELLS, quote=quote, **figure)
    return build_package(
        tmp_path / "package", seed, {"figures": [row]}, source={"languages": "en"}, checks=None
    )


def _rewrite(path: Path, rows: list[dict[str, str]], header: list[str]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _cite(root: Path, citation: str) -> None:
    """Give the one provenance record of the package a `citation`."""
    path = root / "provenance" / "provenance.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for row in rows:
        row["citation"] = citation
    _rewrite(path, rows, columns("provenance"))
    rehash(root)


def _exclude(root: Path, exclusion_id: str, pattern: str, reason: str) -> None:
    row = {name: "" for name in columns("exclusions")} | {
        "exclusion_id": exclusion_id,
        "source_id": SOURCE_ID,
        "category": "footnote-mark" if "[" in pattern else "other",
        "reason": reason,
        "pattern": pattern,
    }
    _rewrite(root / "provenance" / "exclusions.csv", [row], columns("exclusions"))
    rehash(root)


def _coverage(root: Path) -> list[dict[str, Any]]:
    _, report = run_json("validate", str(root))
    return [f for f in report["findings"] if f["rule"] in COVERAGE]


def test_a_second_number_in_a_figure_quote_that_nothing_states_is_one_warning(
    tmp_path: Path,
) -> None:
    root = _package(tmp_path, "In 1930 the district had 120 cells with 45 members")
    _exclude(root, "marks", r"\[[0-9]+\]", "Footnote marks after sentences.")
    findings = _coverage(root)
    assert [(f["rule"], f["severity"]) for f in findings] == [
        ("coverage.unstated-in-quote", "warning")
    ]
    message = findings[0]["message"]
    assert "number 45 " in message and "p.cells.1930" in message
    assert "state it as a figure, or exclude it with a reason" in message
    assert findings[0]["records"][0]["provenance_id"] == "p.cells.1930"
    # scan lists it as unaccounted, by the quote that holds it; 1930 is the date printed
    result = run("scan", str(root), "--status", "unaccounted", "--format", "json")
    shown = json.loads(result.stdout)
    assert [(n["token"], n["by"]) for n in shown] == [("45", "p.cells.1930")]
    captured = run("scan", str(root), "--status", "captured", "--format", "json")
    assert [n["token"] for n in json.loads(captured.stdout)] == ["1930", "120"]


def test_the_same_number_excluded_with_a_reason_gives_no_finding(tmp_path: Path) -> None:
    root = _package(tmp_path, "In 1930 the district had 120 cells with 45 members")
    _exclude(root, "members", r"(?:45 members|\[[0-9]+\])", "Members are not recorded here.")
    assert _coverage(root) == []


def test_a_footnote_mark_in_the_quote_is_accounted_for_by_the_record_citing_it(
    tmp_path: Path,
) -> None:
    quote = "In 1930 the district had 120 cells with 45 members [7]"
    root = _package(tmp_path / "uncited", quote, printed="120")
    rules = [(f["rule"], f["message"].split(": ")[1].split(" lies")[0]) for f in _coverage(root)]
    assert sorted(rules) == [
        ("coverage.unstated-in-quote", "number 45"),
        ("coverage.unstated-in-quote", "number 7"),
    ]
    _cite(root, "[7]")
    findings = _coverage(root)  # 7 is the mark the record names; 45 is still stated by nothing
    assert [(f["rule"], "number 45 " in f["message"]) for f in findings] == [
        ("coverage.unstated-in-quote", True)
    ]


def test_a_footnote_mark_right_after_the_quote_is_named_by_its_citation(tmp_path: Path) -> None:
    root = _package(tmp_path, "In 1930 the district had 120 cells with 45 members")
    _exclude(root, "members", r"45 members", "Members are not recorded here.")
    assert [f["rule"] for f in _coverage(root)] == ["coverage.unaccounted"]  # the mark [7]
    _cite(root, "[7]")
    assert _coverage(root) == []


def test_a_grouped_decimal_number_is_one_number_to_scan(tmp_path: Path) -> None:
    seed = "The budget of 1930 was 123,456,789.01 dollars in all.\n"
    root = build_package(
        tmp_path / "package",
        seed,
        {
            "figures": [
                {
                    "figure_id": "budget.1930",
                    "series_id": "budget",
                    "organisation": "district",
                    "measure": "budget",
                    "statistic": "amount",
                    "unit": "us-dollars",
                    "period_start": "1930-01-01",
                    "period_end": "1930-12-31",
                    "date_printed": "1930",
                    "value": "123456789.01",
                    "printed": "123,456,789.01",
                    "quote": "The budget of 1930 was 123,456,789.01 dollars",
                }
            ]
        },
        source={"languages": "en"},
        checks=None,
    )
    result = run("scan", str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    numbers = json.loads(result.stdout)
    assert [(n["token"], n["status"]) for n in numbers] == [
        ("1930", "captured"),
        ("123,456,789.01", "captured"),
    ]
    assert run("scan", str(root)).stdout.splitlines()[-1] == (
        "2 numbers: 2 captured, 0 excluded, 0 unaccounted"
    )
    assert _coverage(root) == []


def test_a_number_written_in_words_is_counted_by_scan(tmp_path: Path) -> None:
    seed = "In 1930 the district had three thousand members and 120 cells.\n"
    root = _package(tmp_path, "In 1930 the district had three thousand members and 120 cells", seed)
    result = run("scan", str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    numbers = json.loads(result.stdout)
    assert [(n["token"], n["status"]) for n in numbers] == [
        ("1930", "captured"),
        ("three thousand", "unaccounted"),
        ("120", "captured"),
    ]
    findings = _coverage(root)
    assert [f["rule"] for f in findings] == ["coverage.unstated-in-quote"]
    assert "number three thousand " in findings[0]["message"]


def test_a_year_is_stated_by_the_date_printed_of_any_table(tmp_path: Path) -> None:
    seed = "The congress of librarians met in 1926 in the capital.\n"
    event = {
        "event_id": "congress-1926",
        "event_key": "librarians-congress",
        "period_start": "1926-01-01",
        "period_end": "1926-12-31",
        "quote": "The congress of librarians met in 1926",
    }

    def build(name: str, **cells: str) -> Path:
        return build_package(
            tmp_path / name,
            seed,
            {"events": [dict(event, **cells)]},
            source={"languages": "en"},
            checks=None,
        )

    assert _coverage(build("printed", date_printed="1926")) == []
    # the same event dated by a note alone: its year is in the quote, but nothing states it
    findings = _coverage(build("noted", date_note="the year of the congress, from its quote"))
    assert [(f["rule"], f["records"][0]["token"]) for f in findings] == [
        ("coverage.unstated-in-quote", "1926")
    ]
