"""Structure as frictionless sees it, on any Data Package: the descriptor the user names (JSON
or YAML, any name), a zipped package, a bare CSV, a plain package that is not a tekser one —
with frictionless as the referee."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import frictionless
import pytest
import yaml

from tests.conftest import ROOT, copy_package, run, run_json

RU_MINI = ROOT / "tests" / "fixtures" / "ru-mini"


def plain_package(root: Path, rows: list[list[str]] | None = None) -> Path:
    """A plain Data Package (no tekser declaration, no provenance tables): one CSV table."""
    root.mkdir(parents=True)
    table = rows or [["id", "name"], ["1", "one"], ["2", "two"]]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(table)
    (root / "items.csv").write_text(out.getvalue(), encoding="utf-8")
    descriptor = {
        "name": "items",
        "resources": [
            {
                "name": "items",
                "path": "items.csv",
                "schema": {
                    "fields": [{"name": "id", "type": "integer"}, {"name": "name"}],
                    "primaryKey": ["id"],
                },
            }
        ],
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root


def structure_errors(report: dict[str, Any]) -> list[tuple[str, Any, str]]:
    return [
        (f["rule"], f["records"][0].get("row"), f["records"][0].get("resource"))
        for f in report["findings"]
        if f["stage"] == "structure" and f["severity"] == "critical"
    ]


def frictionless_errors(source: str) -> list[tuple[str, Any, str]]:
    report = frictionless.validate(source)
    return [
        (f"structure.{error.type}", getattr(error, "row_number", None), task.name)
        for task in report.tasks
        for error in task.errors
    ]


def one_line_error(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# --- a plain Data Package -------------------------------------------------------------------


def test_a_plain_valid_package_exits_0_and_says_the_other_stages_did_not_apply(
    tmp_path: Path,
) -> None:
    code, report = run_json("validate", str(plain_package(tmp_path / "p")))
    assert code == 0
    assert [f["rule"] for f in report["findings"]] == ["package.not-tekser"]
    assert report["findings"][0]["severity"] == "info"
    assert (
        "provenance, coverage and the standard consistency suite did not apply"
        in (report["findings"][0]["message"])
    )
    assert report["suite"] is None
    assert set(report["summary"]["stages"]) == {"structure"}


def test_a_plain_package_runs_the_checks_it_is_given(tmp_path: Path) -> None:
    root = plain_package(tmp_path / "p")
    checks = tmp_path / "checks"
    (checks / "rules").mkdir(parents=True)
    (checks / "rules" / "items.two.sql").write_text(
        "-- rule: items.two\n-- severity: warning\n-- table: items\n"
        "-- description: A rule of its own.\n-- message: {name}\n"
        "SELECT id AS finding_key, name FROM {batch} WHERE name = 'two'\n",
        encoding="utf-8",
    )
    code, report = run_json("validate", str(root), "--checks", str(checks), "--fail-on", "warning")
    assert code == 1
    assert sorted(f["rule"] for f in report["findings"]) == ["items.two", "package.not-tekser"]
    assert report["suite"]["rules"] == 1 and report["suite"]["standard_rules"] == 0


def test_plain_package_errors_are_frictionless_errors_in_table_order(tmp_path: Path) -> None:
    rows = [["id", "name"], ["x", "a"], ["2", "b"], ["2", "c"], ["y", "d"]]
    root = plain_package(tmp_path / "p", rows)
    code, report = run_json("validate", str(root))
    assert code == 1
    assert structure_errors(report) == frictionless_errors(str(root / "datapackage.json"))
    rows_in_order = [row for _, row, _ in structure_errors(report)]
    assert rows_in_order == sorted(rows_in_order)


def test_finding_ids_do_not_depend_on_where_the_package_lives(tmp_path: Path) -> None:
    ids = []
    for folder in ("here", "somewhere/else/entirely"):
        root = plain_package(tmp_path / folder, [["id", "name"], ["x", "a"]])
        _, report = run_json("validate", str(root))
        ids.append([f["finding_id"] for f in report["findings"]])
    assert ids[0] and ids[0] == ids[1]


# --- the descriptor the user names ----------------------------------------------------------


def test_a_descriptor_of_another_name_is_the_one_validated(tmp_path: Path) -> None:
    root = plain_package(tmp_path / "p")
    other = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    other["resources"][0]["schema"]["fields"][1]["type"] = "integer"  # "one" is no integer
    (root / "other.json").write_text(json.dumps(other), encoding="utf-8")
    code, report = run_json("validate", str(root / "other.json"))
    assert code == 1
    assert structure_errors(report) == frictionless_errors(str(root / "other.json"))
    assert [rule for rule, _, _ in structure_errors(report)] == ["structure.type-error"] * 2
    code, report = run_json("validate", str(root))  # the folder: its datapackage.json
    assert code == 0


@pytest.mark.parametrize("name", ["datapackage.yaml", "datapackage.yml", "package.yaml"])
def test_a_yaml_descriptor_validates_as_its_json(tmp_path: Path, name: str) -> None:
    root = plain_package(tmp_path / "p", [["id", "name"], ["x", "a"]])
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    (root / "datapackage.json").unlink()
    (root / name).write_text(yaml.safe_dump(descriptor), encoding="utf-8")
    target = root if name.startswith("datapackage") else root / name
    code, report = run_json("validate", str(target))
    assert code == 1
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert structure_errors(report) == frictionless_errors(str(root / "datapackage.json"))
    assert next(r for r, _, _ in structure_errors(report)) == "structure.type-error"


def test_a_descriptor_neither_json_nor_yaml_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "datapackage.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert "neither JSON nor valid YAML" in one_line_error("validate", str(root))


def test_from_a_subfolder_tekser_says_where_the_package_is(tmp_path: Path) -> None:
    root = copy_package(RU_MINI, tmp_path / "ru-mini")
    line = one_line_error("validate", str(root / "data"))
    assert "is inside the package at" in line and str(root) in line


# --- zipped packages and bare files ---------------------------------------------------------


def zip_folder(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                bundle.write(path, prefix + path.relative_to(folder).as_posix())
    return archive


@pytest.mark.parametrize("prefix", ["", "ru-mini/"])
def test_a_zipped_package_validates_as_its_folder(tmp_path: Path, prefix: str) -> None:
    folder = copy_package(RU_MINI, tmp_path / "ru-mini")
    code_folder, folder_report = run_json("validate", str(folder))
    archive = zip_folder(folder, tmp_path / "ru-mini.zip", prefix)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, report = run_json("validate", str(archive))
    assert code == code_folder
    ids = [f["finding_id"] for f in report["findings"]]
    assert ids == [f["finding_id"] for f in folder_report["findings"]]
    assert report["package"] == str(archive)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing unpacked here


def test_a_zip_slip_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("datapackage.json", '{"resources": []}')
        bundle.writestr("../escaped.txt", "out")
    assert "would be written outside the package" in one_line_error("validate", str(archive))
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_zip_without_a_descriptor_is_one_line(tmp_path: Path) -> None:
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("notes.txt", "no package here")
    assert "no data package inside" in one_line_error("validate", str(archive))


@pytest.mark.parametrize(
    "text", ["id,name\n1,one\n2,two\n", "id,name\n1,one,extra\n2\n"], ids=["valid", "ragged"]
)
def test_a_bare_csv_validates_as_frictionless_validates_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    code, report = run_json("validate", str(path))
    expected = frictionless_errors(str(path))
    assert structure_errors(report) == expected
    assert code == (1 if expected else 0)
    assert any(f["rule"] == "package.not-tekser" for f in report["findings"])


# --- keys as the data has them --------------------------------------------------------------


def test_a_duplicated_key_is_a_structure_finding_not_a_traceback(bundled: Path) -> None:
    figures = bundled / "data" / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines(keepends=True)
    figures.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    from tests.conftest import rehash

    rehash(bundled)
    result = run("validate", str(bundled), "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    rules = {f["rule"] for f in report["findings"] if f["severity"] == "critical"}
    assert "structure.primary-key" in rules
    assert not any(rule.endswith(".unreadable") for rule in rules)
