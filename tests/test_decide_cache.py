"""`tekser decide` against the package's last validation, remembered outside the package by
the content of its files: no second validation when nothing changed, a new one when a file
did, the log applied again on load, and a cache file that is not whole ignored."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import tekser.validate
from tekser.core.report import Report
from tests.conftest import ROOT, copy_package, run, run_json

FIXTURE = ROOT / "tests" / "fixtures" / "ru-mini"
LOG = Path("provenance") / "decisions.jsonl"
REASON = "checked against the printed page"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (the variable a user sets to move it)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEKSER_CACHE_DIR", str(folder))
    monkeypatch.delenv("TEKSER_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return copy_package(FIXTURE, tmp_path / "ru-mini")


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The packages `decide` validates from now on (validate_opened, counted)."""
    seen: list[Path] = []
    real = tekser.validate.validate_opened

    def counted(package: Any, *args: Any, **kwargs: Any) -> Report:
        seen.append(package.root)
        return real(package, *args, **kwargs)

    monkeypatch.setattr(tekser.validate, "validate_opened", counted)
    return seen


def validated(package: Path) -> list[dict[str, Any]]:
    """`tekser validate` once (which remembers it): the findings."""
    _code, report = run_json("validate", str(package))
    return list(report["findings"])


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "validations").glob("*.json")) if cache.exists() else []


def log_lines(package: Path) -> list[dict[str, Any]]:
    text = (package / LOG).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def decide(package: Path, finding_id: str, action: str, *extra: str) -> tuple[int, str]:
    result = run("decide", finding_id, action, str(package), "--reason", REASON, *extra)
    return result.exit_code, result.stdout + result.stderr


def test_decide_records_against_the_remembered_validation(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    findings = validated(package)
    [entry] = entries(cache)
    assert not str(entry).startswith(str(package))
    first = findings[0]
    assert decide(package, first["finding_id"], "confirm")[0] == 0
    assert validations == []  # no validation in decide's path
    [line] = log_lines(package)
    assert (line["finding_id"], line["action"]) == (first["finding_id"], "confirm")
    # the decision rests on the evidence validate saw: the finding is confirmed, not stale
    after = {f["finding_id"]: f["status"] for f in validated(package)}
    assert after[first["finding_id"]] == "confirmed"


def test_the_log_is_applied_again_on_load(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    target = validated(package)[0]["finding_id"]
    assert decide(package, target, "dismiss")[0] == 0
    code, said = decide(package, target, "retract")
    assert code == 0 and said.startswith(f"{target}: dismissed by ")
    code, said = decide(package, target, "retract")
    assert code == 2 and "no decision in force to retract" in said
    assert validations == []
    assert [line["action"] for line in log_lines(package)] == ["dismiss", "retract"]


def test_a_changed_file_is_validated_again_then_remembered(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    target = validated(package)[0]["finding_id"]
    (package / "schemas" / "notes.md").write_text("A file beside the schemas.\n", "utf-8")
    assert decide(package, target, "confirm")[0] == 0
    assert validations == [package.resolve()]
    assert decide(package, target, "dismiss")[0] == 0
    assert validations == [package.resolve()]  # remembered by the decide that validated


def test_the_decisions_log_is_not_part_of_the_key(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    target = validated(package)[0]["finding_id"]
    (package / LOG).write_text("\n", encoding="utf-8")
    assert decide(package, target, "confirm")[0] == 0
    assert validations == []


def test_a_correction_reads_the_figures_not_a_validation(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    findings = validated(package)
    # a misprinted year of a figure's date: the finding names the figure by its record id
    target = next(f for f in findings if f["records"][0].get("table_name") == "figures")
    figure = target["records"][0]["record_id"]
    code, said = decide(package, target["finding_id"], "correct", "--value", "12")
    assert code == 0, said
    [line] = log_lines(package)
    assert (line["figure_id"], line["value"]) == (figure, 12)
    code, said = decide(package, target["finding_id"], "correct", "--value", "1",
                        "--figure", "no-such-figure")  # fmt: skip
    assert code == 2 and "no-such-figure: no such figure" in said
    assert validations == []


def test_a_finding_not_remembered_is_looked_for_in_a_validation(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    validated(package)
    code, said = decide(package, "dates.invented:000000000000", "confirm")
    assert code == 2 and "no such finding in this package" in said
    assert validations == [package.resolve()]


@pytest.mark.parametrize(
    "spoil",
    [
        "not JSON",
        "a link",
        "another key",
        "another version",
        "a finding changed",
        "a folder",
    ],
)
def test_a_corrupt_or_hostile_cache_file_is_ignored(
    cache: Path, package: Path, validations: list[Path], spoil: str, tmp_path: Path
) -> None:
    findings = validated(package)
    [entry] = entries(cache)
    document = json.loads(entry.read_text(encoding="utf-8"))
    if spoil == "not JSON":
        entry.write_text('{"format": 1, "findings": [', encoding="utf-8")
    elif spoil == "a link":
        outside = tmp_path / "elsewhere.json"
        outside.write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
        entry.unlink()
        entry.symlink_to(outside)
    elif spoil == "another key":
        document["key"] = "0" * 64
        entry.write_text(json.dumps(document), encoding="utf-8")
    elif spoil == "another version":
        document["tekser"] = "0.0.1"
        entry.write_text(json.dumps(document), encoding="utf-8")
    elif spoil == "a finding changed":
        record = json.loads(document["findings"][findings[0]["finding_id"]])
        record["records"] = [{"figure_id": "forged"}]
        document["findings"][findings[0]["finding_id"]] = json.dumps(record)
        entry.write_text(json.dumps(document), encoding="utf-8")
    else:
        entry.unlink()
        entry.mkdir()
    assert decide(package, findings[0]["finding_id"], "confirm")[0] == 0
    assert validations == [package.resolve()]


def test_the_cache_is_never_inside_the_package(
    package: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEKSER_CACHE_DIR", str(package / "cache"))
    monkeypatch.delenv("TEKSER_NO_CACHE", raising=False)
    target = validated(package)[0]["finding_id"]
    assert decide(package, target, "confirm")[0] == 0
    assert not (package / "cache").exists()
    assert validations == [package.resolve()]


def test_the_cache_can_be_turned_off(
    cache: Path, package: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEKSER_NO_CACHE", "1")
    target = validated(package)[0]["finding_id"]
    assert decide(package, target, "confirm")[0] == 0
    assert entries(cache) == []
    assert validations == [package.resolve()]


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tekser.decisions.cache import cache_folder

    monkeypatch.delenv("TEKSER_CACHE_DIR", raising=False)
    monkeypatch.delenv("TEKSER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "tekser"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "tekser"
    monkeypatch.setenv("TEKSER_NO_CACHE", "1")
    assert cache_folder() is None


def test_the_reason_is_refused_before_anything_is_read(
    cache: Path, tmp_path: Path, validations: list[Path]
) -> None:
    missing = tmp_path / "no-package-here"
    result = run("decide", "dates.invented:000000000000", "confirm", str(missing),
                 "--reason", "ok")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == "Error: a decision needs a reason (what the source says, and why)\n"
    assert not os.path.exists(cache)


def test_review_validates_once_for_many_decisions_and_remembers_it(
    cache: Path, package: Path, validations: list[Path]
) -> None:
    answers = "c\nchecked against the printed page\nd\nnot an inconsistency\nq\n"
    result = run("review", str(package), "--lines", "--reviewer", "A. Curator", input=answers)
    assert result.exit_code == 0, result.stderr
    assert [line["action"] for line in log_lines(package)] == ["confirm", "dismiss"]
    assert validations == [package.resolve()]  # one validation, two decisions
    [first, _second] = log_lines(package)
    assert decide(package, first["finding_id"], "retract")[0] == 0
    assert validations == [package.resolve()]  # review's validation, remembered


def test_a_correction_reads_only_the_figures_it_can_name(package: Path) -> None:
    from tekser.decisions.make import FigureTable, figures_named
    from tekser.package.descriptor import Package
    from tekser.validate import validate_package

    report = validate_package(package)
    opened = Package.open(package)
    whole = FigureTable.read(opened).figures
    last = list(whole)[-1]
    named = 0
    for finding in report.findings:
        some = FigureTable.read(opened, finding, last).figures
        assert figures_named(finding, some) == figures_named(finding, whole)
        assert last in some and len(some) < len(whole)
        named += bool(figures_named(finding, whole))
    assert named >= 1


@pytest.mark.parametrize("kind", ["a link loop", "a file"])
def test_a_cache_folder_that_cannot_be_used_is_passed_by(
    kind: str,
    tmp_path: Path,
    package: Path,
    validations: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocked = tmp_path / "blocked"
    if kind == "a link loop":
        blocked.symlink_to(blocked)
    else:
        blocked.write_text("not a folder\n", "utf-8")
    monkeypatch.setenv("TEKSER_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.delenv("TEKSER_NO_CACHE", raising=False)
    target = validated(package)[0]["finding_id"]
    assert decide(package, target, "confirm")[0] == 0
    assert validations == [package.resolve()]
