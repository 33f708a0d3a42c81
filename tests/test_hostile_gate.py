"""One gate: whatever `publish` refuses, `validate --fail-on warning` refuses too. A
hand-written decision that `publish` could not apply is a critical finding of validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tekser.core.report import Report
from tests.conftest import edit_rows, read_rows, rehash, run, run_json, set_cells

LOG = Path("provenance") / "decisions.jsonl"
MISPRINT = "dates.printed-year-outside-period"
KOLKHOZ = "jan1.kolkhoz.cells.1931-01-01"
SOVKHOZ = "jan1.sovkhoz.cells.1931-01-01"


def finding_naming(package: Path | Report, rule: str, record_id: str) -> str:
    """The id of the `rule` finding naming `record_id`: in a validation of `package`, or in a
    report already made (the bundled package's, for a copy no test has changed yet)."""
    if isinstance(package, Report):
        report = package.to_dict()
    else:
        _, report = run_json("validate", str(package))
    for finding in report["findings"]:
        if finding["rule"] == rule and any(
            r.get("record_id") == record_id for r in finding["records"]
        ):
            return str(finding["finding_id"])
    raise AssertionError(f"no {rule} finding names {record_id}")


def correct(package: Path, finding_id: str, value: str, figure: str) -> None:
    result = run(
        "decide", finding_id, "correct", str(package), "--value", value, "--figure", figure,
        "--reason", "a transposition of the year in print", "--reviewer", "A. Curator",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def rewrite_last(package: Path, **fields: Any) -> None:
    """Set `fields` on the log's last line, as a hand editing the file would."""
    lines = (package / LOG).read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    record.update(fields)
    lines[-1] = json.dumps(record, ensure_ascii=False, sort_keys=True)
    (package / LOG).write_text("\n".join(lines) + "\n", encoding="utf-8")


def gate(package: Path, tmp_path: Path) -> tuple[int, list[dict[str, Any]], int]:
    """validate --fail-on warning's exit code and its critical findings; publish's exit code."""
    code, report = run_json("validate", str(package), "--fail-on", "warning")
    critical = [f for f in report["findings"] if f["severity"] == "critical"]
    published = run("publish", str(package), "--out", str(tmp_path / "release"))
    return code, critical, published.exit_code


def test_a_correction_in_force_passes_both(
    bundled: Path, bundled_report: Report, tmp_path: Path
) -> None:
    correct(bundled, finding_naming(bundled_report, MISPRINT, KOLKHOZ), "658", KOLKHOZ)
    code, critical, published = gate(bundled, tmp_path)
    assert (code, critical, published) == (0, [], 0)


def test_a_correction_of_a_figure_that_does_not_exist_fails_validate(
    bundled: Path, bundled_report: Report, tmp_path: Path
) -> None:
    finding = finding_naming(bundled_report, MISPRINT, KOLKHOZ)
    correct(bundled, finding, "658", KOLKHOZ)
    rewrite_last(bundled, figure_id="no.such.figure")
    code, critical, published = gate(bundled, tmp_path)
    assert code == 1
    assert [f["rule"] for f in critical] == ["decisions.unknown-figure"]
    line = len((bundled / LOG).read_text(encoding="utf-8").splitlines())  # the last
    assert critical[0]["records"] == [
        {"finding_id": finding, "figure_id": "no.such.figure", "line": line}
    ]
    assert "corrects figure no.such.figure, which is not in figures" in critical[0]["message"]
    assert published == 1
    assert not (tmp_path / "release").exists()


def test_two_corrections_of_one_figure_that_disagree_fail_validate(
    bundled: Path, bundled_report: Report, tmp_path: Path
) -> None:
    first = finding_naming(bundled_report, MISPRINT, KOLKHOZ)
    second = finding_naming(bundled_report, MISPRINT, SOVKHOZ)
    correct(bundled, first, "658", KOLKHOZ)
    correct(bundled, second, "70", SOVKHOZ)
    rewrite_last(bundled, figure_id=KOLKHOZ)
    code, critical, published = gate(bundled, tmp_path)
    assert code == 1
    assert [f["rule"] for f in critical] == ["decisions.corrections-disagree"]
    assert critical[0]["records"][0]["other_finding_id"] == first
    assert (code, published) == (1, 1)


def test_two_corrections_of_one_figure_that_agree_pass(
    bundled: Path, bundled_report: Report, tmp_path: Path
) -> None:
    correct(bundled, finding_naming(bundled_report, MISPRINT, KOLKHOZ), "658", KOLKHOZ)
    correct(bundled, finding_naming(bundled, MISPRINT, SOVKHOZ), "658", SOVKHOZ)
    rewrite_last(bundled, figure_id=KOLKHOZ)
    code, critical, published = gate(bundled, tmp_path)
    assert (code, critical, published) == (0, [], 0)


# --- spreadsheet safety --------------------------------------------------------------------

FORMULA = "structure.spreadsheet-formula"
ANNOUNCEMENTS = Path("data") / "announcements.csv"
ANNOUNCEMENT = "primary.cells.1934-1937"


def formula_findings(package: Path | Report) -> list[dict[str, Any]]:
    """The formula findings of a validation of `package`, or of a report already made."""
    if isinstance(package, Report):
        report = package.to_dict()
    else:
        _, report = run_json("validate", str(package))
    return [f for f in report["findings"] if f["rule"] == FORMULA]


def test_a_cell_a_spreadsheet_would_run_is_an_info_finding_and_left_as_it_is(
    bundled: Path, bundled_report: Report
) -> None:
    before = {f["records"][0]["column"] for f in formula_findings(bundled_report)}
    cell = '=HYPERLINK("http://127.0.0.1/x","see")'
    set_cells(bundled / ANNOUNCEMENTS, "announcement_id", ANNOUNCEMENT, wording_en=cell)
    rehash(bundled)
    found = [f for f in formula_findings(bundled) if f["records"][0]["column"] not in before]
    assert [(f["severity"], f["records"]) for f in found] == [
        ("info", [{"table": "announcements", "column": "wording_en", "row": 2, "cell": cell}])
    ]
    assert found[0]["message"].startswith(
        "1 cell(s) of announcements.wording_en begin like a spreadsheet formula"
    )
    assert run("validate", str(bundled), "--fail-on", "warning").exit_code == 0
    assert [row["wording_en"] for row in read_rows(bundled / ANNOUNCEMENTS)] == [cell]


@pytest.mark.parametrize("note", ["-5", "+3,5", "- 12 %", "-", "—text", "a=b"])
def test_signed_numbers_and_plain_text_are_no_formula(
    bundled: Path, bundled_report: Report, note: str
) -> None:
    before = formula_findings(bundled_report)  # of the package as `bundled` copied it
    set_cells(bundled / ANNOUNCEMENTS, "announcement_id", ANNOUNCEMENT, wording_en=note)
    rehash(bundled)
    assert formula_findings(bundled) == before


def test_the_columnar_scan_finds_what_a_read_of_each_table_finds(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Structure scans the tables its columnar pass reads as it reads them; any other table is
    read for its text columns alone. Both ways give the same findings."""
    from tekser.package.descriptor import Package
    from tekser.stages import formulas

    def extra(rows: list[dict[str, str]]) -> None:
        for number, cell in enumerate(["=1+1", "@SUM(A1)", "+x", "-x"]):
            rows.append({**rows[0], "wording_en": cell, "announcement_id": f"extra.{number}"})

    edit_rows(bundled / ANNOUNCEMENTS, extra)
    rehash(bundled)
    read, alone = formulas._formula_cells, []
    monkeypatch.setattr(
        formulas, "_formula_cells", lambda p, name, c: alone.append(name) or read(p, name, c)
    )
    scanned = formula_findings(bundled)
    assert "announcements" not in alone and "provenance" not in alone  # read once, by columnar
    assert [f["records"][0]["column"] for f in scanned] == ["wording_en", "prefix"]
    assert "4 cell(s) of announcements.wording_en" in scanned[0]["message"]
    monkeypatch.setattr(formulas, "_formula_cells", read)
    each = [f.to_dict() for f in formulas.formula_findings(Package.open(bundled))]
    assert [(f["finding_id"], f["message"], f["records"]) for f in each] == [
        (f["finding_id"], f["message"], f["records"]) for f in scanned
    ]
