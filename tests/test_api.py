"""The Python API for notebooks: `tekser.load` on both bundled packages (and a zip of one),
figures joined with their quotes, findings as a DataFrame, the same report as the CLI, and an
`import tekser` that loads neither pandas nor frictionless."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tekser
from tekser.core.errors import TekserError
from tekser.core.report import Report
from tests.conftest import ROOT, read_rows, run_shared

PACKAGES = {"ainakulov": ROOT, "stalin-1934": ROOT / "examples" / "stalin-1934"}


def test_import_is_light_and_documented() -> None:
    code = (
        "import sys, tekser; "
        "heavy = [m for m in ('pandas', 'frictionless', 'great_expectations', 'jinja2') "
        "if m in sys.modules]; "
        "assert not heavy, heavy; assert callable(tekser.load)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert "tekser.load" in (tekser.__doc__ or "")
    assert tekser.load.__doc__ and tekser.Dataset.figures.__doc__


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_figures_carry_their_quotes(name: str) -> None:
    package = PACKAGES[name]
    dataset = tekser.load(package)
    figures = dataset.figures
    rows = read_rows(package / "data" / "figures.csv")
    spans = {r["provenance_id"]: r for r in read_rows(package / "provenance" / "provenance.csv")}
    assert list(figures["figure_id"]) == [r["figure_id"] for r in rows]
    for column in ("quote", "page", "line", "language", "citation", "source_citation"):
        assert column in figures.columns, column
    for _, figure in figures.iterrows():
        span = spans[figure["provenance_id"]]
        assert figure["quote"] == span["quote"]
        assert figure["language"] == span["language"]
        assert int(figure["line"]) == int(span["line"])
    assert figures["value"].dtype.kind in "if"
    if name == "stalin-1934":
        row = figures.loc[figures["value"] == 160.5].iloc[0]
        assert (row["scale"], row["scaled_value"]) == ("million", 160_500_000.0)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_validate_is_the_report_of_the_cli(name: str) -> None:
    package = PACKAGES[name]
    dataset = tekser.load(package)
    report = dataset.validate()
    assert isinstance(report, Report)
    cli = json.loads(run_shared("validate", str(package), "--format", "json").stdout)
    assert report.to_dict() == cli
    findings = dataset.findings
    assert list(findings["finding_id"]) == [f["finding_id"] for f in cli["findings"]]
    assert set(findings["status"]) <= {"open", "stale", "confirmed", "corrected", "dismissed"}
    decided = findings[findings["status"] == "confirmed"]
    assert decided["decision_reviewer"].notna().all()
    named = [ids for ids in findings["figure_ids"] if ids]
    assert named and all(isinstance(ids, list) for ids in named)
    assert "<!DOCTYPE html>" in dataset.html()


def test_load_reads_a_zip_and_the_tables(tmp_path: Path) -> None:
    archive = tmp_path / "stalin.zip"
    package = PACKAGES["stalin-1934"]
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                bundle.write(path, "stalin-1934/" + path.relative_to(package).as_posix())
    dataset = tekser.load(archive)
    assert dataset.name == "stalin-1934"
    assert len(dataset.figures) == len(read_rows(package / "data" / "figures.csv"))
    assert "claims" in dataset.tables and len(dataset.table("claims")) > 0
    with pytest.raises(TekserError):
        dataset.table("no-such-table")


def test_load_refuses_what_is_not_a_package(tmp_path: Path) -> None:
    with pytest.raises(TekserError):
        tekser.load(tmp_path)
