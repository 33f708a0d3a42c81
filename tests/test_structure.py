"""Structure: tekser checks plain foreign keys itself (frictionless re-reads every referenced
table per reference), and must give exactly what frictionless gives."""

from __future__ import annotations

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
