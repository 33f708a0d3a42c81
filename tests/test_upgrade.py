"""Contract versions: a 0.1 package by another author (the scale carried in the unit, the
printed digits joined) validates as 0.1 read it, `tekser upgrade` rewrites it to the current
contract atomically, listing every change; and a printed form the reader fully explains (its
grouping, its decimal mark) is released as printed, not as normalised."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tekser.core.contract import CONTRACT
from tekser.package.descriptor import Package
from tekser.release.curation import release_tables
from tests.builder import build_package
from tests.conftest import ROOT, run, run_json, run_json_shared, tree_digest
from tests.test_hostile_kills import Killed, killed_before, leftover, steps_of

FIXTURE = ROOT / "tests" / "fixtures" / "other-0.1"
ARTICLE_0_1 = ROOT / "tests" / "fixtures" / "article-0.1"

# What upgrade writes for each figure of the fixture that 0.1 read by its unit's scale.
REWRITTEN = {
    "population.total.1926": ("14358", "persons", "thousand", "count"),
    "population.urban.1926": ("2.4", "persons", "million", "count"),
    "literacy.urban.1926": ("84.5", "percent", "", "share"),
    "literacy.rural.1926": ("31.2", "percent", "", "share"),
    "budget.revenue.1926": ("12.7", "roubles", "million", "count"),
}


@pytest.fixture
def other(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "other-0.1"))


def figures(package: Path) -> dict[str, dict[str, str]]:
    with (package / "data" / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return {row["figure_id"]: row for row in csv.DictReader(handle)}


def by_rule(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["rule"], []).append(finding)
    return found


def declare(package: Path, contract: str) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["tekser"] = {"contract": contract}
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")


def test_a_0_1_package_whose_units_carry_the_scale_validates_as_0_1_read_it(other: Path) -> None:
    code, report = run_json("validate", str(other), "--fail-on", "warning")
    assert code == 0
    assert report["summary"]["by_severity"]["critical"] == 0
    shown = by_rule(report)
    assert set(shown) == {"provenance.contract-0.1-value"}
    assert {f["severity"] for f in shown["provenance.contract-0.1-value"]} == {"info"}
    messages = {f["records"][0]["id"]: f["message"] for f in shown["provenance.contract-0.1-value"]}
    assert set(messages) == set(REWRITTEN)
    assert "writes it as 84.5 percent" in messages["literacy.urban.1926"]
    assert "writes it as 14358 persons × thousand" in messages["population.total.1926"]
    # the row printed as the table prints it ("11 958", in thousands) reads as it is
    assert figures(other)["population.rural.1926"]["unit"] == "thousand-persons"


def test_the_same_rows_declared_0_2_are_findings(other: Path) -> None:
    declare(other, CONTRACT)
    run("anchor", str(other))  # the descriptor's hashes true again
    code, report = run_json("validate", str(other))
    assert code == 1
    unexplained = by_rule(report)["provenance.unexplained-value"]
    assert {f["records"][0]["id"] for f in unexplained} == set(REWRITTEN)
    assert "provenance.contract-0.1-value" not in by_rule(report)


def test_a_declared_0_1_reads_as_an_undeclared_one(other: Path) -> None:
    declare(other, "0.1")
    run("anchor", str(other))
    code, report = run_json("validate", str(other), "--fail-on", "warning")
    assert code == 0
    assert set(by_rule(report)) == {"provenance.contract-0.1-value"}


def test_a_value_0_1_did_not_read_so_stays_a_finding(other: Path) -> None:
    """The printed digits are 845 and the reading 84.5 %: a per-mille value of 846 is
    neither, under any contract."""
    path = other / "data" / "figures.csv"
    path.write_text(path.read_text("utf-8").replace(',845,"84,5%"', ',846,"84,5%"'), "utf-8")
    run("anchor", str(other))
    code, report = run_json("validate", str(other))
    assert code == 1
    (finding,) = by_rule(report)["provenance.unexplained-value"]
    assert finding["records"][0]["id"] == "literacy.urban.1926"


def test_upgrade_dry_run_lists_every_change_and_writes_nothing(other: Path) -> None:
    before = tree_digest(other)
    result = run("upgrade", str(other), "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"contract 0.1 → {CONTRACT}: 9 change(s)"
    assert (
        "  figures literacy.urban.1926: 845 per-mille → 84.5 percent (statistic count → share)"
        in lines
    )
    assert (
        "  figures population.total.1926: 14358 thousand-persons → 14358 persons × thousand"
        in lines
    )
    assert "  figures budget.revenue.1926: 127 million-roubles → 12.7 roubles × million" in lines
    assert f"  datapackage.json: contract 0.1 → {CONTRACT}" in lines
    assert not any("population.rural" in line or "schools" in line for line in lines)
    assert lines[-1].startswith("would change 6 file(s): ")
    assert tree_digest(other) == before


def test_upgrade_rewrites_validates_clean_and_is_then_current(other: Path) -> None:
    result = run("upgrade", str(other))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("changed 6 file(s): ")
    rows = figures(other)
    for figure_id, (value, unit, scale, statistic) in REWRITTEN.items():
        row = rows[figure_id]
        assert (row["value"], row["unit"], row["scale"], row["statistic"]) == (
            value, unit, scale, statistic
        ), figure_id  # fmt: skip
    assert (rows["population.rural.1926"]["value"], rows["schools.total.1926"]["value"]) == (
        "11958", "1245"
    )  # fmt: skip
    descriptor = json.loads((other / "datapackage.json").read_text("utf-8"))
    assert descriptor["tekser"] == {"contract": CONTRACT}
    schema = json.loads((other / "schemas" / "figures.schema.json").read_text("utf-8"))
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["value"]["type"] == "number" and "scale" in fields
    code, report = run_json("validate", str(other), "--fail-on", "info")
    assert code == 0, [f["message"] for f in report["findings"]]
    assert report["findings"] == []
    again = run("upgrade", str(other))
    assert again.exit_code == 0
    assert again.stdout == f"already at contract {CONTRACT}; nothing to do\n"


def test_upgrading_the_0_1_article_keeps_its_findings(tmp_path: Path) -> None:
    """The bundled article as released under 0.1 (its own suite and decisions): after the
    upgrade, the same findings, by id — no new one, none lost."""
    package = Path(shutil.copytree(ARTICLE_0_1, tmp_path / "article-0.1"))
    # the fixture as released, validated in place (validate writes nothing) once per session
    code, before = run_json_shared("validate", str(ARTICLE_0_1), "--fail-on", "warning")
    assert run("upgrade", str(package)).exit_code == 0
    again, after = run_json("validate", str(package), "--fail-on", "warning")
    assert again == code
    assert after["summary"]["by_severity"]["critical"] == 0
    ids = sorted(f["finding_id"] for f in after["findings"])
    assert ids == sorted(f["finding_id"] for f in before["findings"])


def test_an_upgrade_killed_at_any_step_leaves_the_old_package_or_the_new(
    other: Path, tmp_path: Path
) -> None:
    old = tree_digest(other)
    done = Path(shutil.copytree(other, tmp_path / "done"))
    total = steps_of(lambda: run("upgrade", str(done)))
    new = tree_digest(done)
    for step in range(total):
        package = Path(shutil.copytree(other, tmp_path / f"killed-{step}"))
        with pytest.raises(Killed), killed_before(step):
            run("upgrade", str(package))
        state = tree_digest(package)
        assert state in (old, new) or leftover(package), f"step {step}"
        again = run("upgrade", str(package))
        assert again.exit_code == 0, again.output
        if state not in (old, new):
            assert "an interrupted `upgrade`" in again.stderr.splitlines()[0]
        assert tree_digest(package) == new, f"step {step}"
    assert total >= 5, total


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda root: None, "no data package here"),
        (lambda root: (root / "datapackage.json").write_text('{"resources": [', "utf-8"),
         "invalid JSON"),
        (lambda root: (root / "datapackage.json").write_text('{"resources": []}', "utf-8"),
         "not a tekser package"),
    ],
)  # fmt: skip
def test_upgrading_what_is_no_tekser_package_is_a_one_line_error(
    tmp_path: Path, make: Any, words: str
) -> None:
    root = tmp_path / "folder"
    root.mkdir()
    make(root)
    before = tree_digest(root)
    result = run("upgrade", str(root))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and words in lines[0]
    assert tree_digest(root) == before


def test_a_figure_whose_current_form_the_print_does_not_tell_stops_the_upgrade(
    other: Path,
) -> None:
    """845 per mille printed "8,45" (no % nor ‰): 0.1 read the digits joined, but the
    current contract's value cannot be told; nothing is written."""
    path = other / "data" / "figures.csv"
    path.write_text(path.read_text("utf-8").replace(',845,"84,5%"', ',845,"8,45"'), "utf-8")
    seed = other / "seeds" / "guberniya-essay.txt"
    seed.write_text(seed.read_text("utf-8").replace("84,5%", "8,45"), "utf-8")
    quotes = other / "data" / "provenance.csv"
    quotes.write_text(quotes.read_text("utf-8").replace("84,5%", "8,45"), "utf-8")
    sources = other / "data" / "sources.csv"
    with sources.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["sha256"] = ""
    with sources.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    descriptor = json.loads((other / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "seed-guberniya-essay":
            del resource["bytes"], resource["hash"]  # a new seed: anchor records them
    (other / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")
    assert run("anchor", str(other)).exit_code == 0
    assert run_json("validate", str(other))[0] == 0  # as 0.1 read it: the digits joined
    before = tree_digest(other)
    result = run("upgrade", str(other))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "figures literacy.urban.1926 (845 per-mille, printed “8,45”)" in line
    assert tree_digest(other) == before


# --- a printed form the reader explains is no normalisation ----------------------------------


def test_english_thousands_groups_are_released_as_printed(tmp_path: Path) -> None:
    quote = "In 1895 the schools of the county had 1,234 pupils and 12,345.5 pounds"
    year = {"period_start": "1895-01-01", "period_end": "1895-12-31", "date_printed": "1895",
            "date_precision": "year", "quote_language": "en", "quote": quote}  # fmt: skip
    rows = [
        {"figure_id": "all.pupils.1895", "series_id": "all.pupils", "organisation": "all",
         "measure": "pupils", "unit": "pupils", "value": "1234", "printed": "1,234", **year},
        {"figure_id": "all.funds.1895", "series_id": "all.funds", "organisation": "all",
         "measure": "funds", "unit": "british-pounds", "statistic": "amount",
         "value": "12345.5", "printed": "12,345.5", **year},
        {"figure_id": "all.teachers.1895", "series_id": "all.teachers", "organisation": "all",
         "measure": "teachers", "unit": "pupils", "value": "1243", "printed": "1,234",
         "note": "the digits transposed in print (test)", **year},
    ]  # fmt: skip
    root = build_package(tmp_path / "p", f"{quote}.\n", {"figures": rows},
                         source={"languages": "en"})  # fmt: skip
    code, report = run_json("validate", str(root))
    assert code == 0
    named = {f["records"][0].get("figure_id", f["records"][0].get("id")) for f in report["findings"]
             if "normalised" in f["rule"]}  # fmt: skip
    assert named == {"all.teachers.1895"}
    released = release_tables(Package.open(root), {})["figures"].rows
    status = {row["figure_id"]: row["status"] for row in released}
    assert status == {
        "all.pupils.1895": "as-printed",
        "all.funds.1895": "as-printed",
        "all.teachers.1895": "normalised",
    }
