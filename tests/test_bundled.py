"""The bundled package: every figure of the article, every quote verified, nothing unaccounted."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, run, run_json_shared, run_shared


def test_bundled_package_validates_clean() -> None:
    code, report = run_json_shared("validate", str(ROOT))
    assert code == 0
    assert report["summary"]["by_severity"]["critical"] == 0
    assert report["summary"]["coverage"]["unaccounted"] == 0
    assert report["summary"]["coverage"]["numbers"] > 0


def test_report_matches_its_json_schema() -> None:
    _, report = run_json_shared("validate", str(ROOT))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)


def test_every_figure_quote_holds_its_printed_token() -> None:
    with (ROOT / "provenance" / "provenance.csv").open(encoding="utf-8", newline="") as handle:
        quotes = {row["provenance_id"]: row["quote"] for row in csv.DictReader(handle)}
    with (ROOT / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    assert figures
    for figure in figures:
        assert figure["printed"] in quotes[figure["provenance_id"]], figure["figure_id"]


def test_human_output_ends_with_verdict() -> None:
    result = run_shared("validate", str(ROOT))
    assert result.exit_code == 0
    assert "OK: no open finding at or above critical" in result.stdout


def test_human_output_lists_decided_findings_in_brief_at_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decided findings take two lines each, never wrapped: status, id and reviewer, then the
    start of the reason; the open ones (none here) are the ones shown in full."""
    _, report = run_json_shared("validate", str(ROOT))
    monkeypatch.setenv("COLUMNS", "80")
    result = run_shared("validate", str(ROOT))
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    decided = report["findings"]
    assert f"decided ({len(decided)})" in lines
    for finding in decided:
        (head,) = [line for line in lines if f" {finding['finding_id']} " in line + " "]
        assert head.startswith(finding["status"])
        reason = lines[lines.index(head) + 1].strip().rstrip("…")
        assert finding["decision"]["reason"].startswith(reason[:40])


def test_validate_defaults_to_current_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run("validate").exit_code == 0


BUNDLED = {
    ROOT: {"Голощекин", "ұялар", "Ainakulov", "KazNU", "1563-0269", "emirb", "1391", "kolkhoz"},
    ROOT / "examples" / "stalin-1934": {
        "Сталин", "Stalin", "dikt-prole", "lenin-search", "Госполитиздат", "пуд", "колхоз",
        "полпроцента", "миллионов 200", "перспективе",
    },
}  # fmt: skip


@pytest.mark.parametrize("package", sorted(BUNDLED), ids=lambda path: path.name)
def test_nothing_in_src_names_a_bundled_source(package: Path) -> None:
    """Rules are general: no value, date or phrase of either bundled source appears in the
    code (the lexicons and rules are data, and may)."""
    with (package / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    # Values and years of four digits or more, and decimals, as whole numbers (short ones like
    # 10 or 100 are everyday constants of any code), and words and names of the source.
    numbers = {row["printed"] for row in figures if re.fullmatch(r"[0-9]{4,}", row["printed"])}
    numbers |= {row["value"] for row in figures if re.fullmatch(r"[0-9]+\.[0-9]+", row["value"])}
    numbers |= {re.sub(r"[.]0+$", "", row["value"]) for row in figures if len(row["value"]) >= 4}
    numbers |= {row["period_start"][:4] for row in figures}
    printed_words = {
        row["printed"] for row in figures
        if re.search(r"[^\W\d]{3}", row["printed"]) and len(row["printed"]) >= 12
    }  # fmt: skip
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    for number in sorted(n for n in numbers if not re.fullmatch(r"10+", n)):  # 1000: a constant
        pattern = re.escape(number).replace(r"\.", "[.,]")
        assert not re.search(rf"(?<![0-9A-Za-z_.]){pattern}(?![0-9])", code), number
    for word in sorted(BUNDLED[package] | printed_words):
        # as a whole phrase: "12 миллиардов" does not name "2 миллиардов"
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", code), word


def test_bundled_package_ships_reviewed() -> None:
    """Every finding on the article is decided, with a reason, and none is stale."""
    code, report = run_json_shared("validate", str(ROOT), "--fail-on", "warning")
    assert code == 0
    assert report["summary"]["by_severity"]["warning"] > 0
    assert report["summary"]["by_status"]["open"] == 0
    assert report["summary"]["by_status"]["stale"] == 0
    for finding in report["findings"]:
        assert finding["decision"] is not None, finding["finding_id"]
        assert len(finding["decision"]["reason"]) > 40, finding["finding_id"]
