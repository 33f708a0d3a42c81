"""A release opened with the tools its readers have: Datasette (its metadata, canned queries and
full-text search on the quotes, through the JSON API of a server on 127.0.0.1), a
CITATION.cff valid against the CFF 1.2 schema, a README that says how to cite, check and open
it, and findings' records as rows linked to the figures they name."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tekser.release.publish import publish_package
from tests.conftest import ROOT, read_rows, run

EXAMPLE = ROOT / "examples" / "stalin-1934"
CFF_SCHEMA = ROOT / "src" / "tekser" / "schemas" / "citation-1.2.0.schema.json"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 1934 excerpt published (undecided warnings, if a new rule brings any, as open
    questions), into a folder whose parents do not exist yet."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1764633600")
        out = tmp_path_factory.mktemp("releases") / "not" / "yet" / "stalin-1934"
        publish_package(EXAMPLE, out, allow_undecided=True, zip_=True)
    return out


def test_missing_parent_folders_are_created_with_the_release(release: Path) -> None:
    assert (release / "SHA256SUMS").is_file()
    assert (release.parent / "stalin-1934.zip").is_file()
    top = release.parent.parent
    assert sorted(p.name for p in top.parent.iterdir()) == ["not"]  # no staging folder left


def test_citation_cff_is_valid_cff_1_2(release: Path) -> None:
    citation = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(citation)
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == descriptor["title"]
    assert citation["version"] == descriptor["version"]
    assert citation["date-released"] == descriptor["created"][:10]
    assert citation["license"] == descriptor["licenses"][0]["name"]
    (reference,) = citation["references"]
    source = read_rows(release / "data" / "sources.csv")[0]
    assert reference["title"] == source["title"] and reference["year"] == int(source["year"])
    assert reference["languages"] == ["ru"]


def test_readme_says_what_it_is_and_how_to_cite_check_and_open_it(release: Path) -> None:
    readme = (release / "README.md").read_text(encoding="utf-8")
    for said in ("## How to cite", "sha256sum -c SHA256SUMS", "datasette stalin-1934.sqlite",
                 "tekser.load", "CITATION.cff", "report.html"):  # fmt: skip
        assert said in readme, said
    assert read_rows(release / "data" / "sources.csv")[0]["citation"] in readme


def test_datasette_metadata_comes_from_the_table_schemas(release: Path) -> None:
    metadata = json.loads((release / "metadata.json").read_text(encoding="utf-8"))
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"]
    assert metadata["license"] == descriptor["licenses"][0]["name"]
    assert metadata["source"].startswith("Сталин")
    database = metadata["databases"]["stalin-1934"]
    schema = json.loads((release / "schemas" / "figures.schema.json").read_text("utf-8"))
    columns = database["tables"]["figures"]["columns"]
    for field in schema["fields"]:
        assert columns[field["name"]] == field["description"], field["name"]
    assert database["tables"]["provenance"]["fts_table"] == "provenance_fts"
    assert {"figures_with_their_quotes", "findings_with_their_decisions"} <= set(
        database["queries"]
    )


def test_findings_records_are_rows_linked_to_figures(release: Path) -> None:
    connection = sqlite3.connect(release / "stalin-1934.sqlite")
    try:
        keys = connection.execute("PRAGMA foreign_key_list(tekser_finding_records)").fetchall()
        assert {row[2] for row in keys} == {"tekser_findings", "figures"}
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        linked = connection.execute(
            "SELECT r.finding_id, f.figure_id, f.value FROM tekser_finding_records r "
            "JOIN figures f ON f.figure_id = r.figure_id"
        ).fetchall()
        assert linked
        report = json.loads((release / "validation-report.json").read_text(encoding="utf-8"))
        cells = sum(len(record) for f in report["findings"] for record in f["records"])
        count = connection.execute("SELECT COUNT(*) FROM tekser_finding_records").fetchone()[0]
        assert count == cells
        found = connection.execute(
            "SELECT p.provenance_id FROM provenance_fts JOIN provenance p "
            "ON p.rowid = provenance_fts.rowid WHERE provenance_fts MATCH 'миллиона'"
        ).fetchall()
        assert found
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # loopback only
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture
def datasette(release: Path) -> Iterator[str]:
    """Datasette serving the release on 127.0.0.1 (a free port); stopped however the test
    ends, within a bounded time."""
    port = _free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(release / "stalin-1934.sqlite"),
               "--metadata", str(release / "metadata.json"), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env=environment)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"datasette did not start: {output[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_datasette_serves_canned_queries_and_full_text_search(
    datasette: str, release: Path
) -> None:
    database = f"{datasette}/stalin-1934"
    figures = _get(f"{database}/figures_with_their_quotes.json?_shape=array")
    released = read_rows(release / "data" / "figures.csv")
    assert len(figures) == len(released)
    row = next(r for r in figures if r["value"] == 160.5)
    assert "160,5 миллиона" in row["quote"] and row["language"] == "ru"
    assert row["source"].startswith("Сталин")
    decisions = _get(f"{database}/findings_with_their_decisions.json?_shape=array")
    assert decisions and all("reviewer" in r for r in decisions)
    word = urllib.parse.quote("миллиона")
    searched = _get(f"{database}/provenance.json?_search={word}&_shape=array")
    assert searched and all("миллиона" in r["quote"].lower() for r in searched)
    canned = _get(f"{database}/search_quotes.json?q={word}&_shape=array")
    assert {r["provenance_id"] for r in canned} == {r["provenance_id"] for r in searched}
    metadata = _get(f"{datasette}/-/metadata.json")
    written = json.loads((release / "metadata.json").read_text(encoding="utf-8"))
    assert (metadata["title"], metadata["license"]) == (written["title"], written["license"])


def test_publish_help_example_works_on_a_fresh_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--out release/NAME` with no `release/` folder yet."""
    monkeypatch.chdir(tmp_path)
    result = run("publish", str(EXAMPLE), "--out", "release/stalin-1934-0.1.0",
                 "--allow-undecided")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "release" / "stalin-1934-0.1.0" / "SHA256SUMS").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
