"""`tekser publish`: a validated, reproducible, atomic release that carries its provenance.

The bundled package is published once per module (every finding decided, one value corrected
by a curator whose name and reason hold `<`, `&` and quotes); the release is then re-validated,
loaded into SQLite and PROV, rebuilt byte for byte and opened in headless Chromium. The small
Russian fixture, with the bundled suite and no decisions, has two undecided warnings: refused,
then published with --allow-undecided. Interrupted publishes leave nothing behind.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tekser.core.errors import TekserError
from tekser.core.findings import Severity
from tekser.core.report import Report
from tekser.decisions.make import make_decision
from tekser.package.descriptor import Package
from tekser.release.publish import PublishRefused, publish_package
from tekser.render.card import ReviewContext
from tests.conftest import (
    ROOT,
    STANDARD_CHECKS,
    copy_package,
    read_rows,
    run,
    set_cells,
    tree_digest,
)

FIXTURE = ROOT / "tests" / "fixtures" / "ru-mini"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
REVIEWER = 'Test Curator <qa@example.org> & "friends"'
REASON = 'checked against the printed page: the figure <as typeset> & "as meant" differ'
GENERATED = (
    "datapackage.json", "SHA256SUMS", "validation-report.json", "provenance.prov.json",
    "report.html", "provenance/decisions.jsonl", "schemas/report.schema.json",
    "schemas/decision.schema.json", "README.md", "CITATION.cff", "metadata.json",
)  # fmt: skip


def with_checks(source: Path, target: Path) -> Path:
    """A copy of a package's data parts, with the bundled consistency suite beside them."""
    copy_package(source, target)
    shutil.copytree(STANDARD_CHECKS, target / "checks")
    return target


def log_lines(package: Path) -> list[dict[str, Any]]:
    log = package / "provenance" / "decisions.jsonl"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Published:
    package: Path
    out: Path
    finding_id: str
    figure_id: str
    old_value: str
    new_value: int
    report: Report


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    """The bundled package with every finding decided and one figure corrected, published."""
    from tekser.validate import validate_package

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        base = tmp_path_factory.mktemp("published")
        package = with_checks(ROOT, base / "package")
        report = validate_package(package)
        context = ReviewContext.load(Package.open(package))
        # A curator corrects one figure a warning names; a repeated value is the classic case.
        candidates = [
            f for f in report.findings
            if f.severity is Severity.WARNING
            and any(r.get("figure_id") in context.figures for r in f.records)
        ]  # fmt: skip
        target = min(candidates, key=lambda f: f.rule != "series.repeated-value")
        figure_id = next(r["figure_id"] for r in target.records if r.get("figure_id"))
        old = context.figures[figure_id]["value"]
        new = int(old) + 1
        make_decision(package, target, "correct", REASON, value=new, figure_id=figure_id,
                      reviewer=REVIEWER, context=context)  # fmt: skip
        for finding in report.findings:
            if finding is not target and finding.status in ("open", "stale"):
                make_decision(package, finding, "confirm", "as printed; checked in the source",
                              reviewer=REVIEWER)  # fmt: skip
        out = base / "release"
        result = run("publish", str(package), "--out", str(out), "--zip")
        assert result.exit_code == 0, result.stderr + result.stdout
        yield Published(package, out, target.finding_id, figure_id, old, new, report)


# --- the release ---------------------------------------------------------------------------


def test_release_has_every_part(published: Published) -> None:
    out = published.out
    name = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["name"]
    for part in (*GENERATED, f"{name}.sqlite", "data/figures.csv", "checks/columns.json"):
        assert (out / part).is_file(), part
    assert (out.parent / f"{out.name}.zip").is_file()
    for path in out.rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), path


def test_descriptor_describes_every_file_with_bytes_and_hash(published: Published) -> None:
    out = published.out
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"].endswith("/2.0/datapackage.json")
    for key in ("name", "title", "version", "created", "licenses", "contributors", "sources"):
        assert descriptor.get(key), key
    assert {"title": REVIEWER, "roles": ["curator"]} in descriptor["contributors"]
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    described = {r["path"]: r for r in descriptor["resources"]}
    assert set(described) == files - {"datapackage.json", "SHA256SUMS"}
    for path, resource in described.items():
        data = (out / path).read_bytes()
        assert resource["bytes"] == len(data), path
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), path
    tables = {r["name"] for r in descriptor["resources"] if r.get("type") == "table"}
    source = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert tables == {r["name"] for r in source["resources"] if r.get("type") == "table"}
    assert descriptor["tekser"]["open_questions"] == []
    assert descriptor["tekser"]["corrections"] == [published.figure_id]


def test_created_is_the_latest_decision(published: Published) -> None:
    descriptor = json.loads((published.out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == max(d["timestamp"] for d in log_lines(published.package))


def test_sha256sums_cover_every_other_file_sorted(published: Published) -> None:
    out = published.out
    lines = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1) for line in lines]
    names = [name for _, name in listed]
    assert names == sorted(names)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [name for name in files if name != "SHA256SUMS"]
    for digest, name in listed:
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


def test_report_is_the_validation_report_without_this_machine(published: Published) -> None:
    text = (published.out / "validation-report.json").read_text(encoding="utf-8")
    report = json.loads(text)
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["package"] == "ainakulov-2013-lower-party-cells"
    assert str(published.package) not in text and str(published.out.parent) not in text
    assert report["valid"] is True and report["fail_on"] == "warning"
    assert {f["finding_id"] for f in report["findings"]} == {
        f.finding_id for f in published.report.findings
    }
    corrected = next(f for f in report["findings"] if f["finding_id"] == published.finding_id)
    assert corrected["status"] == "corrected"
    assert corrected["decision"]["reviewer"] == REVIEWER


def test_decisions_log_travels_byte_for_byte(published: Published) -> None:
    log = "provenance/decisions.jsonl"
    assert (published.out / log).read_bytes() == (published.package / log).read_bytes()


def test_correction_shows_in_released_figures(published: Published) -> None:
    released = {row["figure_id"]: row for row in read_rows(published.out / "data/figures.csv")}
    original = {row["figure_id"]: row for row in read_rows(published.package / "data/figures.csv")}
    row = released[published.figure_id]
    assert row["value"] == str(published.new_value)
    assert row["printed"] == original[published.figure_id]["printed"]
    assert row["value_normalised"] == published.old_value
    assert row["status"] == "corrected"
    assert row["decision_finding_id"] == published.finding_id
    assert REASON in row["note"] and REVIEWER in row["note"]
    for figure_id, other in released.items():
        if figure_id != published.figure_id:
            assert other["value"] == other["value_normalised"] == original[figure_id]["value"]
            assert other["status"] in ("as-printed", "normalised")
            assert other["decision_finding_id"] == ""
    header = next(csv.reader((published.out / "data/figures.csv").open(encoding="utf-8")))
    schema = json.loads((published.out / "schemas/figures.schema.json").read_text("utf-8"))
    assert header == [field["name"] for field in schema["fields"]]
    assert header.index("value_normalised") == header.index("printed") + 1


def test_package_itself_is_untouched(published: Published) -> None:
    for part in ("data/figures.csv", "datapackage.json", "schemas/figures.schema.json"):
        assert (published.package / part).read_bytes() == (ROOT / part).read_bytes(), part


# --- the release re-validated --------------------------------------------------------------


def test_release_validates_with_frictionless(published: Published) -> None:
    import frictionless

    report = frictionless.validate(str(published.out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_release_validates_with_tekser(published: Published) -> None:
    result = run("validate", str(published.out), "--format", "json")
    assert result.exit_code == 0, result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert report["summary"]["by_severity"]["critical"] == 0
    assert report["summary"]["coverage"]["unaccounted"] == 0
    released = {f["finding_id"]: f["status"] for f in report["findings"]}
    # Decisions made on the package hold in the release, except on findings whose evidence the
    # correction changed: those are stale (or no longer arise), for a curator to look again.
    confirmed = [f for f in published.report.findings if f.status == "confirmed"]
    assert confirmed
    for finding in confirmed:
        if published.figure_id in json.dumps(finding.records):
            assert released.get(finding.finding_id) in (None, "stale")
        else:
            assert released.get(finding.finding_id) == "confirmed", finding.finding_id


# --- SQLite and PROV -----------------------------------------------------------------------


def test_database_holds_every_table_with_its_keys(published: Published) -> None:
    out = published.out
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["name"]: r["path"] for r in descriptor["resources"] if r.get("type") == "table"}
    connection = sqlite3.connect(out / f"{descriptor['name']}.sqlite")
    try:
        for name, path in tables.items():
            count = connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            assert count == len(read_rows(out / path)), name
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = connection.execute("PRAGMA foreign_key_list(figures)").fetchall()
        assert {row[2] for row in keys} >= {"sources", "provenance", "tekser_findings"}
        assert connection.execute("PRAGMA foreign_key_list(part_whole)").fetchall()
        findings = connection.execute("SELECT COUNT(*) FROM tekser_findings").fetchone()[0]
        assert findings == len(published.report.findings)
        decisions = connection.execute("SELECT COUNT(*) FROM tekser_decisions").fetchone()[0]
        assert decisions == len(log_lines(published.package))
        value, status, rule = connection.execute(
            "SELECT f.value, f.status, t.rule FROM figures f JOIN tekser_findings t "
            "ON t.finding_id = f.decision_finding_id WHERE f.figure_id = ?",
            (published.figure_id,),
        ).fetchone()
        assert (value, status) == (published.new_value, "corrected")
        assert published.finding_id.startswith(rule + ":")
    finally:
        connection.close()


def test_prov_json_loads_back_with_every_record(published: Published) -> None:
    from prov.model import (
        ProvActivity,
        ProvAgent,
        ProvAssociation,
        ProvDerivation,
        ProvDocument,
        ProvEntity,
        ProvGeneration,
    )

    out = published.out
    document = ProvDocument.deserialize(
        content=(out / "provenance.prov.json").read_text(encoding="utf-8"), format="json"
    )
    sources = read_rows(out / "data/sources.csv")
    spans = read_rows(out / "provenance/provenance.csv")
    figures = read_rows(out / "data/figures.csv")
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    statements = 0
    for resource in descriptor["resources"]:
        if resource.get("type") != "table" or resource["name"] in ("figures", "provenance"):
            continue
        rows = read_rows(out / resource["path"])
        if rows and "provenance_id" in rows[0]:
            statements += len(rows)
    report = json.loads((out / "validation-report.json").read_text(encoding="utf-8"))
    log = log_lines(published.package)
    corrected = sum(1 for row in figures if row["status"] == "corrected")
    entities = list(document.get_records(ProvEntity))
    expected = len(sources) + len(spans) + len(figures) + statements + corrected
    assert len(entities) == expected + len(report["findings"])
    assert len(list(document.get_records(ProvActivity))) == len(log)
    assert len(list(document.get_records(ProvAgent))) == len({d["reviewer"] for d in log})
    assert len(list(document.get_records(ProvAssociation))) == len(log)

    by_id = {str(entity.identifier): entity for entity in entities}
    span = by_id[f"span:{spans[0]['provenance_id']}"]
    attributes = {str(key): value for key, value in span.attributes}
    assert attributes["tekser:quote"] == spans[0]["quote"]
    assert attributes["tekser:start"] == int(spans[0]["start"])
    for key in ("tekser:end", "tekser:page", "tekser:line"):
        assert key in attributes
    quoted = {
        str(relation.get_attribute("prov:generatedEntity").pop())
        for relation in document.get_records(ProvDerivation)
        if "prov:Quotation" in {str(v) for v in relation.get_attribute("prov:type")}
    }
    assert all(f"figure:{row['figure_id']}" in quoted for row in figures)
    generated = [
        (str(g.get_attribute("prov:entity").pop()), str(g.get_attribute("prov:activity").pop()))
        for g in document.get_records(ProvGeneration)
    ]
    assert (f"figure:{published.figure_id}", f"decision:{len(log)}") in generated


# --- reproducible --------------------------------------------------------------------------


def test_same_inputs_give_the_same_bytes_zip_included(published: Published, tmp_path: Path) -> None:
    """Rebuilt in another process (another hash seed), into a folder of another name."""
    again = tmp_path / "elsewhere" / "other-name"
    again.parent.mkdir()
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    command = [sys.executable, "-c", "from tekser.cli import main; main()", "publish",
               str(published.package), "--out", str(again), "--zip"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    assert done.returncode == 0, done.stderr
    assert tree_digest(again) == tree_digest(published.out)
    first = (published.out.parent / f"{published.out.name}.zip").read_bytes()
    second = (again.parent / "other-name.zip").read_bytes()
    assert first == second


def test_zip_holds_the_release_under_name_and_version(published: Published) -> None:
    with zipfile.ZipFile(published.out.parent / f"{published.out.name}.zip") as bundle:
        infos = bundle.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        prefix = "ainakulov-2013-lower-party-cells-0.1.0/"
        assert all(name.startswith(prefix) for name in names)
        assert len({info.date_time for info in infos}) == 1
        for path in published.out.rglob("*"):
            if path.is_file():
                name = prefix + path.relative_to(published.out).as_posix()
                assert bundle.read(name) == path.read_bytes(), name


# --- refusals and open questions -----------------------------------------------------------


@pytest.fixture
def ru_mini(tmp_path: Path) -> Path:
    """The Russian fixture with the bundled suite: two undecided warnings, no decisions."""
    return with_checks(FIXTURE, tmp_path / "ru-mini")


def test_undecided_warning_refuses_then_goes_out_as_open_question(
    ru_mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "releases" / "ru"
    out.parent.mkdir()
    refused = run("publish", str(ru_mini), "--out", str(out))
    assert refused.exit_code == 1
    ids = re.findall(r"dates\.printed-year-outside-period:[0-9a-f]{12}", refused.stderr)
    assert len(set(ids)) == 2, refused.stderr
    assert "[warning, open]" in refused.stderr and "--allow-undecided" in refused.stderr
    assert list(out.parent.iterdir()) == []

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    allowed = run("publish", str(ru_mini), "--out", str(out), "--allow-undecided")
    assert allowed.exit_code == 0, allowed.stderr
    assert "open question: " + ids[0] in allowed.stdout
    report = json.loads((out / "validation-report.json").read_text(encoding="utf-8"))
    statuses = {f["finding_id"]: f["status"] for f in report["findings"]}
    assert all(statuses[fid] == "open" for fid in ids)
    assert report["valid"] is False
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {q["finding_id"] for q in descriptor["tekser"]["open_questions"]} == set(ids)
    assert descriptor["created"] == "2023-11-14T22:13:20Z"
    page = (out / "report.html").read_text(encoding="utf-8")
    questions = page.split('id="open-questions"', 1)[1].split("</section>", 1)[0]
    assert all(fid in questions for fid in ids)
    assert (out / "provenance/decisions.jsonl").read_bytes() == b""
    assert run("validate", str(out)).exit_code == 0


def test_critical_finding_refuses_even_with_allow_undecided(ru_mini: Path, tmp_path: Path) -> None:
    set_cells(ru_mini / "data/figures.csv", "figure_id", "jan1.rural.libraries.1926-01-01",
              value="132")  # fmt: skip
    result = run("publish", str(ru_mini), "--out", str(tmp_path / "out"), "--allow-undecided")
    assert result.exit_code == 1
    assert "[critical, open]" in result.stderr
    assert "provenance.unexplained-value:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_library_refusal_lists_reasons(ru_mini: Path, tmp_path: Path) -> None:
    with pytest.raises(PublishRefused) as refused:
        publish_package(ru_mini, tmp_path / "out")
    assert [reason.severity for reason in refused.value.reasons] == ["warning", "warning"]
    assert all(reason.status == "open" for reason in refused.value.reasons)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [("version", None, "needs a `version`"), ("licenses", [], "needs `licenses`"),
     ("name", "Not A Name", "needs a `name`")],
)  # fmt: skip
def test_descriptor_without_release_metadata_is_bad_input(
    ru_mini: Path, tmp_path: Path, key: str, value: Any, message: str
) -> None:
    path = ru_mini / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    if value is None:
        del descriptor[key]
    else:
        descriptor[key] = value
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = run("publish", str(ru_mini), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def undecided_warnings(report: Report) -> list[Any]:
    """The open warnings of `report`: `ru_report`'s are those of a fresh `ru_mini`."""
    return [f for f in report.findings if f.severity is Severity.WARNING and f.status == "open"]


@pytest.mark.parametrize("problem", ["unknown figure", "disagreeing corrections"])
def test_corrections_that_cannot_apply_refuse(
    ru_mini: Path, ru_report: Report, tmp_path: Path, problem: str
) -> None:
    first, second = undecided_warnings(ru_report)
    figure = "jan1.rural.libraries.1927-01-01"
    if problem == "unknown figure":
        make_decision(ru_mini, first, "correct", REASON, value=1, figure_id="no-such-figure")
        expected = "figure no-such-figure, which is not in figures"
    else:
        make_decision(ru_mini, first, "correct", REASON, value=188, figure_id=figure)
        make_decision(ru_mini, second, "correct", REASON, value=189, figure_id=figure)
        expected = f"corrections of figure {figure} disagree"
    result = run("publish", str(ru_mini), "--out", str(tmp_path / "out"), "--allow-undecided")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_release_is_made_from_the_bytes_it_validated(
    ru_mini: Path, ru_report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision appended while publishing runs goes into the next release, not this one."""
    from tekser.validate import validate_opened

    late = undecided_warnings(ru_report)[0]

    def validate_while_a_curator_decides(package: Package) -> Report:
        make_decision(ru_mini, late, "confirm", "decided while publishing", reviewer="late")
        return validate_opened(package)

    monkeypatch.setattr("tekser.release.publish.validate_opened", validate_while_a_curator_decides)
    out = tmp_path / "out"
    publish_package(ru_mini, out, allow_undecided=True)
    assert len(log_lines(ru_mini)) == 1
    assert (out / "provenance/decisions.jsonl").read_bytes() == b""
    report = json.loads((out / "validation-report.json").read_text(encoding="utf-8"))
    assert (
        next(f for f in report["findings"] if f["finding_id"] == late.finding_id)["status"]
        == "open"
    )


@pytest.mark.usefixtures("quick")
def test_bad_source_date_epoch_is_bad_input(
    ru_mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("publish", str(ru_mini), "--out", str(tmp_path / "out"), "--allow-undecided")
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr
    assert leftovers(tmp_path) == ["ru-mini"]


# --- atomic --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ru_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The fixture's validation report, computed once: these tests are about writing."""
    from tekser.validate import validate_package

    return validate_package(with_checks(FIXTURE, tmp_path_factory.mktemp("ru") / "ru-mini"))


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch, ru_report: Report) -> None:
    monkeypatch.setattr("tekser.release.publish.validate_opened", lambda package: ru_report)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_interrupted_publish_leaves_nothing(
    ru_mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    interruption: type[BaseException],
) -> None:  # fmt: skip
    releases = tmp_path / "releases"
    releases.mkdir()

    def interrupt(*args: object, **kwargs: object) -> bytes:
        raise interruption()

    monkeypatch.setattr("tekser.release.database.build_database", interrupt)
    with pytest.raises(interruption):
        publish_package(ru_mini, releases / "ru", zip_=True, allow_undecided=True)
    assert leftovers(releases) == []
    # with parents to create: none of them is left either
    with pytest.raises(interruption):
        publish_package(ru_mini, releases / "a" / "b" / "ru", zip_=True, allow_undecided=True)
    assert leftovers(releases) == []


def test_terminated_publish_cleans_up(ru_mini: Path, tmp_path: Path) -> None:
    """SIGTERM while the release is being built: nothing half-written stays behind."""
    releases = tmp_path / "releases"
    releases.mkdir()
    command = [sys.executable, "-c", "from tekser.cli import main; main()", "publish",
               str(ru_mini), "--out", str(releases / "ru"), "--allow-undecided"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not leftovers(releases) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "publish ended before it could be terminated"
    assert leftovers(releases)[0].startswith(".ru.")  # the staging folder, hidden, beside
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "nothing was published" in stderr
    assert leftovers(releases) == []


@pytest.mark.usefixtures("quick")
def test_existing_release_is_untouched_without_force(ru_mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "ru"
    publish_package(ru_mini, out, zip_=True, allow_undecided=True)
    before = tree_digest(tmp_path)
    result = run("publish", str(ru_mini), "--out", str(out), "--allow-undecided")
    assert result.exit_code == 2
    assert "exists; give --force" in result.stderr
    assert tree_digest(tmp_path) == before
    (tmp_path / "new.zip").write_bytes(b"someone else's zip")
    with pytest.raises(TekserError, match=r"new\.zip exists"):
        publish_package(ru_mini, tmp_path / "new", zip_=True, allow_undecided=True)
    assert not (tmp_path / "new").exists()
    assert (tmp_path / "new.zip").read_bytes() == b"someone else's zip"


@pytest.mark.usefixtures("quick")
def test_force_replaces_atomically_and_an_interrupted_force_changes_nothing(
    ru_mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ru"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    publish_package(ru_mini, out, zip_=True, allow_undecided=True)
    before = tree_digest(tmp_path)

    def fail(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("tekser.release.html.render_html", fail)
        with pytest.raises(KeyboardInterrupt):
            publish_package(ru_mini, out, zip_=True, allow_undecided=True, force=True)
    assert tree_digest(tmp_path) == before

    # The last move fails: what was moved aside is put back.
    real_rename = os.rename

    def rename(source: Any, destination: Any) -> None:
        if Path(source).name == "release" and Path(destination) == out:
            raise OSError("disk gone")
        real_rename(source, destination)

    with monkeypatch.context() as patch:
        patch.setattr("tekser.release.publish.os.rename", rename)
        patch.setattr("tekser.release.commit._exchange", lambda first, second: False)
        with pytest.raises(OSError, match="disk gone"):
            publish_package(ru_mini, out, zip_=True, allow_undecided=True, force=True)
    assert tree_digest(tmp_path) == before

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    publish_package(ru_mini, out, zip_=True, allow_undecided=True, force=True)
    assert leftovers(tmp_path) == ["ru", "ru-mini", "ru.zip"]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["created"] == "2027-01-15T08:00:00Z"
    with zipfile.ZipFile(tmp_path / "ru.zip") as bundle:
        name = "lebedeva-2019-rural-libraries-0.1.0/datapackage.json"
        assert bundle.read(name) == (out / "datapackage.json").read_bytes()


@pytest.mark.usefixtures("quick")
def test_force_never_replaces_what_is_not_a_release(ru_mini: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me", encoding="utf-8")
    for out in (notes, ru_mini, tmp_path):
        result = run("publish", str(ru_mini), "--out", str(out), "--force", "--allow-undecided")
        assert result.exit_code == 2, out
    assert (notes / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert (ru_mini / "datapackage.json").is_file()
    result = run("publish", str(ru_mini), "--out", str(tmp_path / "no" / "such" / "dir"))
    assert result.exit_code == 1 and "Refused" in result.stderr  # undecided warnings
    assert not (tmp_path / "no").exists()  # the parents it would have made are not left


# --- the HTML report -----------------------------------------------------------------------


def test_html_is_self_contained_and_escaped(published: Published) -> None:
    page = (published.out / "report.html").read_text(encoding="utf-8")
    lowered = page.lower()
    for loader in ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
                   'href="http', "href='http", "//fonts"):  # fmt: skip
        assert loader not in lowered, loader
    assert REVIEWER not in page and "<qa@example.org>" not in page
    assert "Test Curator &lt;qa@example.org&gt; &amp; &#34;friends&#34;" in page
    assert "<as typeset>" not in page and "&lt;as typeset&gt;" in page


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def test_html_report_in_headless_chromium(published: Published, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    page = (published.out / "report.html").as_uri()
    dumped = chromium("--dump-dom", page, profile=tmp_path / "profile-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    figures = read_rows(published.out / "data/figures.csv")
    series = {row["series_id"] for row in figures}
    shown = re.findall(r'<(?:section|tbody)[^>]*\bdata-series="([^"]*)"', dom)
    assert sorted(shown) == sorted(series)
    charted = set(re.findall(r'<svg[^>]*\bdata-series="([^"]*)"', dom))
    assert charted and charted < series  # a series stated for one date is a row
    report = json.loads((published.out / "validation-report.json").read_text(encoding="utf-8"))
    for finding in report["findings"]:
        assert finding["finding_id"] in dom, finding["finding_id"]
    flagged = re.search(rf'class="flag [a-z]+" data-figure="{re.escape(published.figure_id)}"',
                        dom)  # fmt: skip
    assert flagged, "the corrected figure is marked on its chart"
    assert "&lt;qa@example.org&gt;" in dom

    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(published.out / "report.html", ARTIFACTS / "publish-report.html")
    shot = ARTIFACTS / "publish-report.png"
    shot.unlink(missing_ok=True)
    taken = chromium(f"--screenshot={shot}", "--window-size=1280,4000", page,
                     profile=tmp_path / "profile-shot")  # fmt: skip
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
