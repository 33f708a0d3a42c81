"""The bundled package: every figure of the article, every quote verified, nothing unaccounted."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import (
    ROOT,
    copy_package,
    read_rows,
    rehash,
    run,
    run_json_shared,
    run_shared,
)


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


SCALES = {"": 1, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def _as_relations(package: Path) -> dict[str, list[dict[str, str]]]:
    """The exhaustive breakdowns of `package` (`part_whole`), restated as `sum` readings of a
    `relations` table in the package's copy: one row per part, quoting the part's words."""
    breakdowns: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(package / "data" / "part_whole.csv"):
        if row["exhaustive"] == "true":
            breakdowns.setdefault(row["relation_id"], []).append(row)
    relations = [
        {
            "relation_id": relation_id,
            "reading": "as-printed",
            "term": str(number),
            "kind": "sum",
            "result_figure_id": part["whole_figure_id"],
            "term_figure_id": part["part_figure_id"],
            "sign": "+",
            "provenance_id": part["provenance_id"],
        }
        for relation_id, parts in breakdowns.items()
        for number, part in enumerate(parts, 1)
    ]
    schema = ROOT / "src" / "tekser" / "schemas" / "tables" / "relations.schema.json"
    shutil.copy2(schema, package / "schemas" / "relations.schema.json")
    header = [field["name"] for field in json.loads(schema.read_text("utf-8"))["fields"]]
    with (package / "data" / "relations.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(relations)
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    descriptor["resources"].append(
        {
            "name": "relations",
            "type": "table",
            "path": "data/relations.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": "schemas/relations.schema.json",
        }
    )
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (package / "datapackage.json").write_text(text, encoding="utf-8")
    rehash(package)
    return breakdowns


# The verdict on each exhaustive breakdown of the bundled packages, as the part-whole rules give it.
BREAKDOWNS = {
    ROOT: {"census-1927.aul-village.cells": "exact", "census-1927.aul-village.members": "exact"},
    ROOT / "examples" / "stalin-1934": {
        "sent-to-countryside.communists.by-post": "exact",
        "pupils.1929.by-level": "rounding",
        "pupils.1933.by-level": "fails",
    },
}


@pytest.mark.parametrize("package", sorted(BREAKDOWNS), ids=lambda path: path.name)
def test_relations_judge_the_bundled_breakdowns_as_part_whole_does(
    package: Path, tmp_path: Path
) -> None:
    """Neither bundled text states an equation between its figures beyond the sums its
    `part_whole` holds (both were re-read for it). Restated as `sum` relations, those sums get
    the verdict the part-whole rules give them, with the same difference and tolerance at the
    figures' scale: a sum of the relations check is the rounding rule of a breakdown."""
    _, report = run_json_shared("validate", str(package))
    verdicts = {"part-whole.sum-mismatch": "fails", "part-whole.rounding": "rounding"}
    judged = {
        finding["records"][0]["relation_id"]: (verdicts[finding["rule"]], finding["records"][0])
        for finding in report["findings"]
        if finding["rule"] in verdicts
    }
    scales = {
        row["figure_id"]: SCALES[row.get("scale", "")]
        for row in read_rows(package / "data" / "figures.csv")
    }
    copy = copy_package(package, tmp_path / "package")
    assert set(_as_relations(copy)) == set(BREAKDOWNS[package])
    result = run("relations", str(copy), "--format", "json")
    assert result.exit_code == 0
    readings: list[dict[str, Any]] = json.loads(result.stdout)
    statuses = {reading["relation_id"]: reading["status"] for reading in readings}
    assert statuses == BREAKDOWNS[package]
    assert {key: status for key, (status, _) in judged.items()} == {
        key: status for key, status in statuses.items() if status != "exact"
    }
    for reading in readings:
        if reading["relation_id"] in judged:
            record = judged[reading["relation_id"]][1]
            scale = scales[reading["result_figure_id"]]
            assert Decimal(reading["difference"]) == record["difference"] * scale
            assert Decimal(reading["tolerance"]) == record["tolerance"] * scale
