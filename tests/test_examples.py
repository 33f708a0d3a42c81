"""The second real source: the 1934 report excerpt, packaged with `tekser init` and `tekser
anchor` under contract 0.2, validates clean — every quote verified, every number accounted
for, every finding decided — with the same code as the article."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from tests.conftest import ROOT, copy_package, run_json

EXAMPLE = ROOT / "examples" / "stalin-1934"


def test_the_report_excerpt_validates_with_every_finding_decided(tmp_path: Path) -> None:
    package = copy_package(EXAMPLE, tmp_path / "stalin-1934")
    code, report = run_json("validate", str(package), "--fail-on", "warning")
    assert code == 0, [f["finding_id"] for f in report["findings"] if f["status"] == "open"]
    summary = report["summary"]
    assert summary["by_severity"]["critical"] == 0
    assert summary["coverage"]["unaccounted"] == 0
    assert (
        summary["coverage"]["numbers"]
        == summary["coverage"]["captured"] + summary["coverage"]["excluded"]
    )
    assert summary["by_status"]["open"] == summary["by_status"]["stale"] == 0
    for finding in report["findings"]:
        assert finding["decision"] and len(finding["decision"]["reason"]) > 40
    with (EXAMPLE / "provenance" / "provenance.csv").open(encoding="utf-8", newline="") as f:
        assert summary["stages"]["provenance"] == len(list(csv.DictReader(f)))
    assert report["suite"]["package_checks"] is None  # the standard suite alone


def test_the_seed_is_the_shared_source_byte_for_byte() -> None:
    seed = EXAMPLE / "seeds" / "stalin-1934-xvii-congress-report-agriculture-living.txt"
    note = seed.with_suffix(".SOURCE.md")
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert digest in note.read_text(encoding="utf-8")  # the hash the source note records
    shared = ROOT.parent / "shared" / "seeds" / seed.name
    if shared.exists():
        assert shared.read_bytes() == seed.read_bytes()


def test_figures_use_the_contract_of_any_source() -> None:
    """Decimal values, scales and shares, read from printed words without a note."""
    with (EXAMPLE / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    assert len(figures) >= 90
    assert any("." in row["value"] for row in figures)
    assert {row["scale"] for row in figures} >= {"thousand", "million", "billion"}
    assert {"share", "amount", "count"} <= {row["statistic"] for row in figures}
    noted = [row["figure_id"] for row in figures if row["note"]]
    assert len(noted) <= 1, noted  # only where the reader cannot get there
