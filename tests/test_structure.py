"""Structure: tekser checks plain foreign keys itself (frictionless re-reads every referenced
table per reference), and must give exactly what frictionless gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tekser.core.findings import Finding
from tekser.package.descriptor import Package
from tekser.stages.structure import _finding, check_structure
from tests.conftest import edit_text, rehash, set_cells


def by_frictionless(package: Path) -> list[Finding]:
    """The findings of plain `frictionless.validate`, every check done by frictionless."""
    import frictionless

    root = str(package.resolve())
    report = frictionless.validate(str(package / "datapackage.json"))
    findings = [_finding(error, resource="datapackage.json", root=root) for error in report.errors]
    for task in report.tasks:
        findings.extend(_finding(error, resource=task.name, root=root) for error in task.errors)
    return findings


def summary(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.finding_id, f.rule, f.message) for f in findings)


def dangling_provenance(package: Path) -> None:
    set_cells(package / "data" / "figures.csv", "figure_id",
              "census-1927.peasant.cells.1927-h1", provenance_id="p.no-such-quote")  # fmt: skip


def dangling_part(package: Path) -> None:
    set_cells(package / "data" / "part_whole.csv", "part_figure_id",
              "census-1927.sovkhoz.cells.1927-h1", part_figure_id="no-such-figure")  # fmt: skip


def blank_row_then_dangling_source(package: Path) -> None:
    edit_text(package / "data" / "terms.csv", lambda text: text.replace("\n", "\n\n", 2))
    terms = package / "data" / "terms.csv"
    edit_text(terms, lambda text: text.replace("mirzoyan.kk,ainakulov-2013", "mirzoyan.kk,no"))


def missing_referenced_table(package: Path) -> None:
    (package / "provenance" / "provenance.csv").unlink()


BREAKS: dict[str, Callable[[Path], None]] = {
    "dangling provenance": dangling_provenance,
    "dangling part": dangling_part,
    "blank row, dangling source": blank_row_then_dangling_source,
    "referenced table missing": missing_referenced_table,
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_foreign_keys_are_what_frictionless_says(bundled: Path, name: str) -> None:
    BREAKS[name](bundled)
    if name != "referenced table missing":
        rehash(bundled)
    _, findings = check_structure(Package.open(bundled))
    assert summary(findings) == summary(by_frictionless(bundled))
    if name != "referenced table missing":
        assert "structure.foreign-key" in {f.rule for f in findings}


def test_clean_package_has_no_structure_finding(bundled: Path) -> None:
    checked, findings = check_structure(Package.open(bundled))
    assert checked > 0
    assert findings == by_frictionless(bundled) == []


# --- tables proven clean with pyarrow (`columnar`): one break, frictionless's very finding ----


def figure_cell(**cells: str) -> Callable[[Path], None]:
    def change(package: Path) -> None:
        set_cells(package / "data" / "figures.csv", "figure_id",
                  "census-1927.peasant.cells.1927-h1", **cells)  # fmt: skip

    return change


def figures_text(change: Callable[[str], str]) -> Callable[[Path], None]:
    return lambda package: edit_text(package / "data" / "figures.csv", change)


def duplicate_figure(package: Path) -> None:
    lines = (package / "data" / "figures.csv").read_text(encoding="utf-8").splitlines(True)
    (package / "data" / "figures.csv").write_text("".join([*lines, lines[1]]), encoding="utf-8")


def row_of_missing_cells(text: str) -> str:
    header = text.split("\n", 1)[0]
    return text + "," * header.count(",") + "\n"


def second_line(end: str) -> Callable[[str], str]:
    """The end of the first row of cells (the header's line is left as it is) replaced."""

    def change(text: str) -> str:
        header, first, rest = text.split("\n", 2)
        return f"{header}\n{first}{end}{rest}"

    return change


def descriptor_bytes(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "figures":
            resource["bytes"] += 1
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


COLUMNAR_BREAKS: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "not an integer": (figure_cell(value="x"), ["structure.type-error"]),
    "below the minimum": (figure_cell(value="-1"), ["structure.constraint-error"]),
    "not in the enum": (figure_cell(statistic="median"), ["structure.constraint-error"]),
    "against the pattern": (figure_cell(series_id="Bad_Id"), ["structure.constraint-error"]),
    "required and missing": (figure_cell(printed=""), ["structure.constraint-error"]),
    "not a date": (figure_cell(period_start="1927-02-30"), ["structure.type-error"]),
    "a duplicate key": (duplicate_figure, ["structure.unique-error", "structure.primary-key"]),
    "a blank row": (
        figures_text(row_of_missing_cells),
        ["structure.blank-row", "structure.primary-key"],
    ),
    "an empty line": (
        figures_text(second_line("\n\n")),
        ["structure.blank-row", "structure.primary-key"],
    ),
    "an extra cell": (figures_text(second_line(",x\n")), ["structure.extra-cell"]),
    "a label renamed": (
        figures_text(lambda t: t.replace("figure_id,", "figure,", 1)),
        ["structure.incorrect-label"],
    ),
    "the bytes declared": (descriptor_bytes, ["structure.byte-count"]),
}


@pytest.mark.parametrize("name", sorted(COLUMNAR_BREAKS))
def test_one_break_in_a_table_is_frictionless_s_finding(bundled: Path, name: str) -> None:
    from tekser.stages import columnar

    change, rules = COLUMNAR_BREAKS[name]
    change(bundled)
    if name != "the bytes declared":
        rehash(bundled)
    columnar.COUNTS.clear()
    _, findings = check_structure(Package.open(bundled))
    assert [f.rule for f in findings] == rules
    assert summary(findings) == summary(by_frictionless(bundled))
    assert columnar.COUNTS == {"frictionless": 1, "columnar": 10}  # the broken table alone


def test_clean_tables_are_proven_clean(bundled: Path) -> None:
    from tekser.stages import columnar

    columnar.COUNTS.clear()
    checked, findings = check_structure(Package.open(bundled))
    assert (checked, findings) == (12, [])
    assert columnar.COUNTS == {"columnar": 11}


def test_a_bad_cell_in_a_proven_table_is_frictionless_s_message(bundled: Path) -> None:
    figure_cell(value="x")(bundled)
    rehash(bundled)
    _, findings = check_structure(Package.open(bundled))
    assert [f.message for f in findings] == [
        'figures row 8 field \'value\': Type error in the cell "x" in row "8" and field '
        '"value" at position "13": type is "integer/default"'
    ]
