"""Real broken copies of the bundled package, each broken in exactly one way.

Every test copies the bundled package, breaks one thing, makes the descriptor's hashes true
again when a table changed (so that only the intended break remains), and asserts the exit
code and the exact finding rule or one-line error the break must produce.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result

from tests.conftest import (
    ROOT,
    copy_package,
    edit_rows,
    edit_text,
    read_rows,
    rehash,
    rules_of,
    run,
    run_json,
    run_json_shared,
    set_cells,
    tree_digest,
)

SEED = "seeds/ainakulov-2013-lower-party-cells.txt"
FIGURES = "data/figures.csv"
PROVENANCE = "provenance/provenance.csv"
EXCLUSIONS = "provenance/exclusions.csv"
COMMANDS = ("validate", "anchor", "scan")

Report = dict[str, Any]
Break = Callable[[Path], None]


# --- helpers -----------------------------------------------------------------------------------


def critical_rules(report: Report) -> set[str]:
    return {f["rule"] for f in report["findings"] if f["severity"] == "critical"}


def findings(report: Report, rule: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule]


def table_readers(package: Path) -> set[str]:
    """The `*.unreadable` rules of the stages that read every table: each reports a table it
    cannot read instead of crashing (coverage reads the printed columns of every table that
    cites a quote)."""
    return {"provenance.unreadable", "coverage.unreadable", "consistency.unreadable"}


def with_suite(package: Path) -> Path:
    """The package as it is: tekser's standard suite runs on every package."""
    return package


def command_args(command: str, package: Path) -> list[str]:
    """The arguments that point `command` at `package` (scan takes it as an option)."""
    if command == "scan":
        return ["scan", "--package", str(package)]
    return [command, str(package)]


def assert_one_line_error(result: Result, *needles: str) -> None:
    """Exit 2, nothing on stdout, one `Error: …` line on stderr naming every needle."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def writable(path: Path) -> Path:
    """Seeds are stored read-only; a test that breaks one must be allowed to write it."""
    path.chmod(path.stat().st_mode | 0o200)
    return path


def edit_descriptor(package: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit datapackage.json as a JSON object, written back in the format tekser writes."""
    path = package / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    descriptor = json.loads(text)

    def dump(value: dict[str, Any]) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2) + "\n"

    assert dump(descriptor) == text, "the descriptor does not round-trip; edit it as text"
    change(descriptor)
    path.write_text(dump(descriptor), encoding="utf-8")


def resource_of(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    resource: dict[str, Any] = next(r for r in descriptor["resources"] if r["name"] == name)
    return resource


def plain_figure() -> dict[str, str]:
    """A figure stated as printed: value equals printed, and no note."""
    return next(
        row
        for row in read_rows(ROOT / FIGURES)
        if row["value"] == row["printed"] and not row["note"] and not row["date_note"]
    )


def plain_figure_row() -> int:
    """The CSV row number of `plain_figure` as frictionless counts it (the header is row 1)."""
    return read_rows(ROOT / FIGURES).index(plain_figure()) + 2


def quotes_by_id() -> dict[str, dict[str, str]]:
    return {row["provenance_id"]: row for row in read_rows(ROOT / PROVENANCE)}


def footnote_exclusion() -> dict[str, str]:
    return next(
        row for row in read_rows(ROOT / EXCLUSIONS) if row["exclusion_id"] == "footnote-marks"
    )


def footnote_numbers() -> list[tuple[int, str]]:
    """(offset, digits) of every footnote mark in the seed, by the exclusion's own pattern."""
    text = (ROOT / SEED).read_bytes().decode("utf-8")
    marks = list(re.finditer(footnote_exclusion()["pattern"], text))
    assert marks, "the bundled seed has footnote marks"
    numbers = []
    for mark in marks:
        digits = re.search(r"[0-9]+", mark.group())
        assert digits
        numbers.append((mark.start() + digits.start(), digits.group()))
    return numbers


def unnamed_footnote_numbers() -> list[tuple[int, str]]:
    """`footnote_numbers` less the marks a provenance record names: its `citation`, printed
    inside its quote or right after it (punctuation and spaces between). Strict coverage counts
    those as accounted for by the record; the others only the exclusion accounts for."""
    text = (ROOT / SEED).read_bytes().decode("utf-8")
    named: set[int] = set()
    for record in read_rows(ROOT / PROVENANCE):
        mark = record["citation"]
        if not mark:
            continue
        start, end = int(record["start"]), int(record["end"])
        inside = text.find(mark, start, end)
        after = re.match(r"[\s.,;:!?)\]»”\"'’]{0,3}", text[end:])
        at = end + (after.end() if after else 0)
        digit = next(i for i, c in enumerate(mark) if c.isdigit())
        for found in (inside, at if text.startswith(mark, at) else -1):
            if found >= 0:
                named.add(found + digit)
    numbers = [(offset, digits) for offset, digits in footnote_numbers() if offset not in named]
    assert 0 < len(numbers) < len(footnote_numbers()), "some marks are named, some are not"
    return numbers


# --- the breaks, each one way ------------------------------------------------------------------


def delete_events_table(package: Path) -> None:
    (package / "data" / "events.csv").unlink()


def figure_value_not_an_integer(package: Path) -> None:
    set_cells(package / FIGURES, "figure_id", plain_figure()["figure_id"], value="12a")
    rehash(package)


def dangling_foreign_key(package: Path) -> None:
    set_cells(package / FIGURES, "figure_id", plain_figure()["figure_id"], provenance_id="p.nope")
    rehash(package)


def seed_as_utf16(package: Path) -> None:
    seed = writable(package / SEED)
    seed.write_bytes(seed.read_bytes().decode("utf-8").encode("utf-16"))


def seed_with_crlf(package: Path) -> None:
    edit_text(writable(package / SEED), lambda text: text.replace("\n", "\r\n"))


def footnote_exclusion_removed(package: Path) -> None:
    def drop(rows: list[dict[str, str]]) -> None:
        rows[:] = [row for row in rows if row["exclusion_id"] != "footnote-marks"]

    edit_rows(package / EXCLUSIONS, drop)
    rehash(package)


def quote_nfd(package: Path) -> None:
    row = nfd_candidate()
    set_cells(
        package / PROVENANCE,
        "provenance_id",
        row["provenance_id"],
        quote=unicodedata.normalize("NFD", row["quote"]),
    )
    rehash(package)


def nfd_candidate() -> dict[str, str]:
    """A one-line quote holding a composed letter (й, ё…) that NFD decomposes."""
    return next(
        row
        for row in read_rows(ROOT / PROVENANCE)
        if "\n" not in row["quote"] and unicodedata.normalize("NFD", row["quote"]) != row["quote"]
    )


BREAKS: dict[str, Break] = {
    "missing-table": delete_events_table,
    "type-error": figure_value_not_an_integer,
    "foreign-key": dangling_foreign_key,
    "seed-utf16": seed_as_utf16,
    "seed-crlf": seed_with_crlf,
    "footnotes-unexcluded": footnote_exclusion_removed,
    "quote-nfd": quote_nfd,
}


# --- 1–3: the descriptor cannot be read --------------------------------------------------------


def _no_descriptor(package: Path) -> None:
    (package / "datapackage.json").unlink()


def _invalid_json(package: Path) -> None:
    # line 3 is `  "name": "ainakulov-…",`; the colon goes missing
    edit_text(package / "datapackage.json", lambda text: text.replace('"name": ', '"name" ', 1))


def _json_array(package: Path) -> None:
    (package / "datapackage.json").write_text("[]\n", encoding="utf-8")


def _descriptor_utf16(package: Path) -> None:
    path = package / "datapackage.json"
    path.write_bytes(path.read_bytes().decode("utf-8").encode("utf-16"))


def _resources_not_a_list(package: Path) -> None:
    edit_descriptor(package, lambda descriptor: descriptor.update(resources={}))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("break_descriptor", "needle"),
    [
        pytest.param(_no_descriptor, "datapackage.json missing", id="missing"),
        pytest.param(_invalid_json, "invalid JSON at line 3, column 10", id="invalid-json"),
        pytest.param(_json_array, "must be a JSON object", id="json-array"),
        pytest.param(_descriptor_utf16, "not UTF-8 text", id="not-utf8"),
        pytest.param(_resources_not_a_list, "`resources` must be a list", id="resources-object"),
    ],
)
def test_unreadable_descriptor_is_one_line_exit_2(
    bundled: Path, command: str, break_descriptor: Break, needle: str
) -> None:
    break_descriptor(bundled)
    before = tree_digest(bundled)
    assert_one_line_error(run(*command_args(command, bundled)), needle)
    assert tree_digest(bundled) == before


# --- 4–5: paths that would leave the package ---------------------------------------------------

UNSAFE_PATHS = ["/etc/passwd", "../outside.csv", "~/x.csv", "https://example.org/x.csv"]


@pytest.mark.parametrize(
    ("command", "unsafe"),
    [
        (command, unsafe)
        for command in COMMANDS
        for unsafe in UNSAFE_PATHS
        # validate reports a remote resource as a finding: see test_remote_resource_…
        if not (command == "validate" and unsafe.startswith("https:"))
    ],
)
def test_unsafe_resource_path_is_refused_and_nothing_changes(
    tmp_path: Path, bundled: Path, command: str, unsafe: str
) -> None:
    (tmp_path / "outside.csv").write_bytes((bundled / "data" / "bounds.csv").read_bytes())
    edit_descriptor(bundled, lambda d: resource_of(d, "bounds").update(path=unsafe))
    before = tree_digest(tmp_path)
    assert_one_line_error(run(*command_args(command, bundled)), "resource", "bounds", unsafe)
    assert tree_digest(tmp_path) == before


# a remote schema is a finding of validate (structure.remote-schema): tests/test_hostile_input.py
@pytest.mark.parametrize("unsafe", [p for p in UNSAFE_PATHS if not p.startswith("https:")])
def test_unsafe_schema_path_is_refused(bundled: Path, unsafe: str) -> None:
    edit_descriptor(bundled, lambda d: resource_of(d, "bounds").update(schema=unsafe))
    before = tree_digest(bundled)
    assert_one_line_error(run("validate", str(bundled)), "schema of", "bounds", unsafe)
    assert tree_digest(bundled) == before


def test_unsafe_seed_path_in_sources_is_a_critical_finding(bundled: Path) -> None:
    """The seed path in the sources table is data: refused, reported, never read."""
    edit_text(
        bundled / "data" / "sources.csv",
        lambda text: text.replace(f",{SEED},", ",/etc/passwd,", 1),
    )
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"source.unreadable"}
    (finding,) = findings(report, "source.unreadable")
    assert re.search(r"absolute path \W?/etc/passwd\W? refused", finding["message"])
    assert finding["records"][0]["path"] == "/etc/passwd"


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("link", ["file", "folder"])
def test_symlink_out_of_the_package_is_refused(
    tmp_path: Path, bundled: Path, command: str, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    if link == "file":
        target = outside / "bounds.csv"
        (bundled / "data" / "bounds.csv").rename(target)
        (bundled / "data" / "bounds.csv").symlink_to(target)
        named = "data/bounds.csv"
    else:
        target = outside / "data"
        (bundled / "data").rename(target)
        (bundled / "data").symlink_to(target, target_is_directory=True)
        named = "data/sources.csv"  # the first table under data/ in the descriptor
    before = tree_digest(tmp_path)
    assert_one_line_error(
        run(*command_args(command, bundled)), named, "resolves outside the package"
    )
    assert tree_digest(tmp_path) == before


# --- 6–9: structure, as frictionless reports it ------------------------------------------------


def test_missing_data_file_is_a_scheme_error(bundled: Path) -> None:
    delete_events_table(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (scheme,) = findings(report, "structure.scheme-error")
    assert scheme["severity"] == "critical"
    assert scheme["records"] == [{"resource": "events"}]
    assert "No such file or directory" in scheme["message"]
    # the stages that read every table cannot read it either, and say so instead of crashing
    assert critical_rules(report) == {"structure.scheme-error"} | table_readers(bundled)
    (unreadable,) = findings(report, "provenance.unreadable")
    assert "data/events.csv: file not found" in unreadable["message"]


def test_extra_cell_is_reported(bundled: Path) -> None:
    figure_id = plain_figure()["figure_id"]
    edit_text(
        bundled / FIGURES,
        lambda text: re.sub(rf"(?m)^({re.escape(figure_id)},.*)$", r"\1,extra", text, count=1),
    )
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (extra,) = findings(report, "structure.extra-cell")
    assert extra["records"][0]["resource"] == "figures"
    assert extra["records"][0]["row"] == plain_figure_row()
    assert critical_rules(report) == {"structure.extra-cell"} | table_readers(bundled)
    (unreadable,) = findings(report, "provenance.unreadable")
    assert (
        f"data/figures.csv: row {plain_figure_row()} has a different number of cells"
        in unreadable["message"]
    )


def test_type_error_is_reported(bundled: Path) -> None:
    figure_value_not_an_integer(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (error,) = findings(report, "structure.type-error")
    assert error["records"] == [
        {"resource": "figures", "row": plain_figure_row(), "field": "value", "cell": "12a"}
    ]


def test_type_error_is_reported_once(bundled: Path) -> None:
    figure_value_not_an_integer(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"structure.type-error"}


def test_dangling_foreign_key_is_reported(bundled: Path) -> None:
    dangling_foreign_key(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"structure.foreign-key"}
    (error,) = findings(report, "structure.foreign-key")
    assert error["records"] == [{"resource": "figures", "row": plain_figure_row()}]
    assert '"p.nope"' in error["message"]
    # the record the figure cited is now cited by nothing: a warning, not a second critical
    orphan = plain_figure()["provenance_id"]
    unreferenced = findings(report, "provenance.unreferenced")
    assert [f["records"][0]["provenance_id"] for f in unreferenced] == [orphan]


# --- 10–12: the seed itself changed -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["kz1048", "utf-16"])
def test_seed_in_another_encoding_is_unreadable(bundled: Path, encoding: str) -> None:
    seed = writable(bundled / SEED)
    seed.write_bytes(seed.read_bytes().decode("utf-8").encode(encoding))
    code, report = run_json("validate", str(bundled))
    assert code == 1
    # frictionless sees only bytes: the descriptor's hash and byte count no longer hold
    assert critical_rules(report) == {
        "source.unreadable",
        "structure.hash-count",
        "structure.byte-count",
    }
    (unreadable,) = findings(report, "source.unreadable")
    assert "not UTF-8" in unreadable["message"]
    assert "re-encode the source as UTF-8" in unreadable["message"]
    human = run("validate", str(bundled))
    assert human.exit_code == 1
    assert "Traceback" not in human.stdout + human.stderr
    assert "source.unreadable" in human.stdout


def test_unreadable_seed_does_not_make_its_exclusions_unused(bundled: Path) -> None:
    seed_as_utf16(bundled)
    _, report = run_json("validate", str(bundled))
    assert "source.unreadable" in rules_of(report)
    assert findings(report, "coverage.unused-exclusion") == []


def test_seed_converted_to_crlf(bundled: Path) -> None:
    seed_with_crlf(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (mismatch,) = findings(report, "source.hash-mismatch")
    assert mismatch["severity"] == "critical"
    assert "its line endings were converted to CRLF since it was anchored" in mismatch["message"]
    # every offset after the first line moved: no quote is at its recorded span any more
    moved = {
        f["records"][0]["provenance_id"]
        for rule in ("provenance.span-drift", "provenance.quote-mismatch")
        for f in findings(report, rule)
    }
    assert moved == set(quotes_by_id())


def test_seed_renormalised_to_nfd(bundled: Path) -> None:
    edit_text(writable(bundled / SEED), lambda text: unicodedata.normalize("NFD", text))
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (mismatch,) = findings(report, "source.hash-mismatch")
    assert "it was re-normalised to decomposed Unicode (NFD)" in mismatch["message"]
    assert {"provenance.span-drift", "provenance.quote-mismatch"} <= critical_rules(report)


# --- 13–14: the provenance table changed ------------------------------------------------------


def test_provenance_saved_with_crlf(bundled: Path) -> None:
    edit_text(bundled / PROVENANCE, lambda text: text.replace("\n", "\r\n"))
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    multi_line = {pid for pid, row in quotes_by_id().items() if "\n" in row["quote"]}
    assert multi_line, "the bundled package has quotes spanning lines"
    mismatches = findings(report, "provenance.quote-mismatch")
    assert {f["records"][0]["provenance_id"] for f in mismatches} == multi_line
    for finding in mismatches:
        assert "(the quote has CRLF line endings; the source has LF)" in finding["message"]
    # (the one cell a spreadsheet would run, a prefix, is another cell now: its finding is
    # about what the cell holds, not how the file is stored)
    structural = [r for r in rules_of(report) if r.startswith(("structure.", "source."))]
    assert structural in ([], ["structure.spreadsheet-formula"])


def test_quote_renormalised_to_nfd(bundled: Path) -> None:
    row = nfd_candidate()
    quote_nfd(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (mismatch,) = findings(report, "provenance.quote-mismatch")
    assert mismatch["records"][0]["provenance_id"] == row["provenance_id"]
    assert "differ only in Unicode normalisation" in mismatch["message"]
    # its numbers are no longer captured by a proven span
    assert critical_rules(report) == {"provenance.quote-mismatch", "coverage.unaccounted"}
    start, end = int(row["start"]), int(row["end"])
    for number in findings(report, "coverage.unaccounted"):
        assert start <= number["records"][0]["start"] < end


# --- 15: a seed edited after anchoring --------------------------------------------------------

INSERTED = "a line inserted near the top\n"


def test_seed_edited_after_anchoring_drifts_every_span(bundled: Path) -> None:
    edit_text(writable(bundled / SEED), lambda text: INSERTED + text)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (mismatch,) = findings(report, "source.hash-mismatch")
    assert "its content changed since it was anchored" in mismatch["message"]
    drifts = {
        f["records"][0]["provenance_id"]: f for f in findings(report, "provenance.span-drift")
    }
    quotes = quotes_by_id()
    assert set(drifts) == set(quotes)
    shift = len(INSERTED)
    for pid, row in quotes.items():
        start, end, line = int(row["start"]), int(row["end"]), int(row["line"])
        assert (
            f"it is now at {start + shift}–{end + shift} (line {line + 1})"
            in drifts[pid]["message"]
        )
        assert drifts[pid]["records"][0]["found_line"] == str(line + 1)


# --- 16–17: values against their quotes -------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "rule", "severity", "exit_code"),
    [
        ("", "provenance.unexplained-value", "critical", 1),
        # shown once, by the suite's rule: not again as the provenance stage's reading
        ("misprint in the source; corrected", "values.normalised", "warning", 0),
    ],
)
def test_value_differing_from_printed(
    bundled: Path, note: str, rule: str, severity: str, exit_code: int
) -> None:
    figure = plain_figure()
    value = str(int(figure["value"]) + 1)
    set_cells(bundled / FIGURES, "figure_id", figure["figure_id"], value=value, note=note)
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == exit_code
    (finding,) = findings(report, rule)
    assert finding["severity"] == severity
    record = finding["records"][0]
    assert record.get("id", record.get("figure_id")) == figure["figure_id"]
    assert critical_rules(report) == ({rule} if severity == "critical" else set())
    assert "provenance.normalised-value" not in {f["rule"] for f in report["findings"]}
    if note:
        assert note in finding["message"]


def test_printed_token_not_in_quote(bundled: Path) -> None:
    figure = plain_figure()
    set_cells(bundled / FIGURES, "figure_id", figure["figure_id"], printed="9999", value="9999")
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"provenance.printed-not-in-quote"}
    (finding,) = findings(report, "provenance.printed-not-in-quote")
    assert re.search(r"printed \W?9999\W? does not occur in quote", finding["message"])
    assert finding["records"][0]["provenance_id"] == figure["provenance_id"]


# --- 18–19: coverage --------------------------------------------------------------------------


def test_removed_exclusion_leaves_its_numbers_unaccounted(bundled: Path) -> None:
    footnote_exclusion_removed(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"coverage.unaccounted"}
    unaccounted = [
        (f["records"][0]["start"], f["records"][0]["token"])
        for f in findings(report, "coverage.unaccounted")
    ]
    assert sorted(unaccounted) == unnamed_footnote_numbers()
    assert report["summary"]["coverage"]["unaccounted"] == len(unnamed_footnote_numbers())


def test_invalid_exclusion_pattern(bundled: Path) -> None:
    pattern = footnote_exclusion()["pattern"]
    set_cells(bundled / EXCLUSIONS, "exclusion_id", "footnote-marks", pattern="(" + pattern)
    rehash(bundled)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    (bad,) = findings(report, "coverage.bad-exclusion")
    assert bad["severity"] == "critical"
    assert bad["message"].startswith("exclusion footnote-marks: invalid pattern")
    assert "missing )" in bad["message"]
    # what it should have excluded is reported, not silently counted as excluded
    assert critical_rules(report) == {"coverage.bad-exclusion", "coverage.unaccounted"}
    unaccounted = [
        (f["records"][0]["start"], f["records"][0]["token"])
        for f in findings(report, "coverage.unaccounted")
    ]
    assert sorted(unaccounted) == unnamed_footnote_numbers()


def test_invalid_exclusion_pattern_is_reported_once(bundled: Path) -> None:
    pattern = footnote_exclusion()["pattern"]
    set_cells(bundled / EXCLUSIONS, "exclusion_id", "footnote-marks", pattern="(" + pattern)
    rehash(bundled)
    _, report = run_json("validate", str(bundled))
    assert findings(report, "coverage.unused-exclusion") == []


# --- 20–21: thresholds and stable ids ---------------------------------------------------------


def undecided(package: Path) -> Path:
    """The package without its curator's decisions: every finding open."""
    (package / "provenance" / "decisions.jsonl").unlink(missing_ok=True)
    return package


@pytest.mark.parametrize(("fail_on", "exit_code"), [("info", 1), ("warning", 1), ("critical", 0)])
def test_fail_on_threshold(bundled: Path, fail_on: str, exit_code: int) -> None:
    """Undecided, the bundled package has open warnings and info findings, none critical."""
    code, report = run_json("validate", str(undecided(bundled)), "--fail-on", fail_on)
    counts = report["summary"]["by_severity"]
    assert counts["critical"] == 0
    assert counts["warning"] > 0 and counts["info"] > 0
    assert {f["status"] for f in report["findings"]} == {"open"}
    assert code == exit_code
    assert report["valid"] is (exit_code == 0)
    assert report["fail_on"] == fail_on


@pytest.mark.parametrize("fail_on", ["info", "warning", "critical"])
def test_decided_findings_fail_no_threshold(fail_on: str) -> None:
    """As shipped, a curator has decided every finding: none is open, no threshold fails."""
    code, report = run_json_shared("validate", str(with_suite(ROOT)), "--fail-on", fail_on)
    counts = report["summary"]["by_severity"]
    assert counts["warning"] > 0 and counts["info"] > 0
    assert "open" not in {f["status"] for f in report["findings"]}
    assert code == 0


class Broken:
    """Each break applied to a copy of its own (with its consistency suite), validated once
    for the module: the first run the tests below compare with (validate writes nothing, as
    the last of them shows)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.done: dict[str, tuple[Path, int, Report]] = {}
        self.digests: dict[str, tuple[dict[str, str], dict[str, str]]] = {}

    def get(self, name: str) -> tuple[Path, int, Report]:
        if name not in self.done:
            folder = self.factory.mktemp(name)
            package = with_suite(copy_package(ROOT, folder / "here"))
            BREAKS[name](package)
            before = tree_digest(folder)
            self.done[name] = (package, *run_json("validate", str(package)))
            self.digests[name] = (before, tree_digest(folder))
        return self.done[name]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Broken:
    return Broken(tmp_path_factory)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_finding_ids_are_stable_run_after_run(broken: Broken, name: str) -> None:
    package, _, first = broken.get(name)
    _, second = run_json("validate", str(package))
    ids = [f["finding_id"] for f in first["findings"]]
    assert [f["finding_id"] for f in second["findings"]] == ids
    assert len(set(ids)) == len(ids), "two findings share an id"


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_finding_ids_do_not_depend_on_where_the_package_lives(
    broken: Broken, tmp_path: Path, name: str
) -> None:
    """The same data, checked out in two folders (with its consistency suite), gets the same
    finding ids: decisions are keyed on them."""
    _, _, here = broken.get(name)
    package = with_suite(copy_package(ROOT, tmp_path / "somewhere" / "else"))
    BREAKS[name](package)
    _, elsewhere = run_json("validate", str(package))
    assert [f["finding_id"] for f in elsewhere["findings"]] == [
        f["finding_id"] for f in here["findings"]
    ]


# --- validate reads, never writes -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_validate_never_changes_a_file(
    broken: Broken, tmp_path: Path, bundled: Path, name: str
) -> None:
    """The human report here; the JSON one of the same break, from its own copy, checked
    against the report's schema."""
    BREAKS[name](bundled)
    before = tree_digest(tmp_path)
    human = run("validate", str(bundled))
    assert tree_digest(tmp_path) == before
    _, code, report = broken.get(name)
    before_json, after_json = broken.digests[name]
    assert after_json == before_json
    assert code == human.exit_code == 1
    assert "Traceback" not in human.stdout + human.stderr
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)


# --- 23: scan ---------------------------------------------------------------------------------


def scan_json(package: Path, *args: str) -> list[dict[str, Any]]:
    result = run("scan", "--package", str(package), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_scan_bundled_accounts_for_every_number(bundled: Path) -> None:
    numbers = scan_json(bundled)
    _, report = run_json("validate", str(bundled))
    coverage = report["summary"]["coverage"]
    assert len(numbers) == coverage["numbers"] > 0
    for status in ("captured", "excluded"):
        assert sum(n["status"] == status for n in numbers) == coverage[status] > 0
    assert {n["status"] for n in numbers} == {"captured", "excluded"}
    quotes = quotes_by_id()
    exclusion_ids = {row["exclusion_id"] for row in read_rows(ROOT / EXCLUSIONS)}
    seed = (ROOT / SEED).read_bytes().decode("utf-8")
    for number in numbers:
        assert seed[number["start"] : number["end"]] == number["token"]
        assert number["by"] in (quotes if number["status"] == "captured" else exclusion_ids)
    assert scan_json(bundled, "--status", "unaccounted") == []


def test_scan_lists_the_numbers_a_removed_exclusion_covered(bundled: Path) -> None:
    footnote_exclusion_removed(bundled)
    unaccounted = scan_json(bundled, "--status", "unaccounted")
    assert sorted((n["start"], n["token"]) for n in unaccounted) == unnamed_footnote_numbers()
    assert {n["by"] for n in unaccounted} == {""}


def test_scan_of_an_unreadable_seed_by_name_is_an_error(bundled: Path) -> None:
    seed_as_utf16(bundled)
    result = run("scan", "--package", str(bundled), "ainakulov-2013")
    assert_one_line_error(result, "not UTF-8")


def test_scan_of_all_seeds_does_not_skip_an_unreadable_one(bundled: Path) -> None:
    seed_as_utf16(bundled)
    assert_one_line_error(run("scan", "--package", str(bundled)), "not UTF-8")


def test_remote_resource_is_a_finding_and_the_rest_is_validated(
    tmp_path: Path, bundled: Path
) -> None:
    """tekser never reaches the network: the remote resource is a critical finding of its
    own, and every other resource is validated (the bounds rule does not apply without it)."""
    edit_descriptor(
        bundled, lambda d: resource_of(d, "bounds").update(path="https://example.org/x.csv")
    )
    before = tree_digest(tmp_path)
    code, report = run_json("validate", str(bundled))
    assert code == 1
    assert critical_rules(report) == {"structure.remote-resource"}
    (finding,) = findings(report, "structure.remote-resource")
    assert "bounds: remote path 'https://example.org/x.csv' was not read" in finding["message"]
    assert "never reaches the network" in finding["message"]
    assert (
        report["summary"]["stages"]["structure"]
        == len(json.loads((bundled / "datapackage.json").read_text(encoding="utf-8"))["resources"])
        - 1
    )
    assert tree_digest(tmp_path) == before
