"""A second package, not the bundled one: a small invented Russian article (tests/fixtures/ru-mini)
built with the bundled package's table schemas and validated by the same code.

The seed counts rural libraries and their readers on 1 January 1925–1928 in a fictional
province, gives the parts of the 1928 total, prints one year wrongly ("1/I 1297" for 1927, kept
as printed with a date_note), and states a sharp rise, a dated congress and a term of office. It
is typeset like a scraped two-column article: a running header, page numbers between the columns,
words broken across line ends, footnote marks [n] and /n/, non-breaking spaces in dates and in
thousands ("6 480").

Every test works on a copy in tmp_path; nothing under tests/fixtures is ever changed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import (
    ROOT,
    STANDARD_CHECKS,
    copy_package,
    edit_text,
    rehash,
    rules_of,
    run,
    run_json,
    run_json_shared,
)

FIXTURE = ROOT / "tests" / "fixtures" / "ru-mini"
SEED = "seeds/lebedeva-2019-rural-libraries.txt"
SPAN_FIELDS = ("start", "end", "prefix", "suffix", "line", "page")
NBSP = "\u00a0"
MISPRINT = "1297"

# What the fixture states: 11 figures, 34 runs of digits in the seed.
# numbers as the reader counts them: "6\u00a0480", grouped by a no-break space, is one
NUMBERS, CAPTURED, EXCLUDED = 30, 22, 8
EXCLUDED_BY = {"running-header-journal": 3, "page-numbers": 2, "footnote-marks": 3}
FIGURES = {
    "jan1.rural.libraries.1925-01-01": 112,
    "jan1.rural.readers.1925-01-01": 6480,
    "jan1.rural.libraries.1926-01-01": 131,
    "jan1.rural.readers.1926-01-01": 8215,
    "jan1.rural.libraries.1927-01-01": 187,
    "jan1.rural.readers.1927-01-01": 11940,
    "jan1.rural.libraries.1928-01-01": 203,
    "jan1.rural.readers.1928-01-01": 13702,
    "jan1.izba-chitalnya.libraries.1928-01-01": 148,
    "jan1.volost-library.libraries.1928-01-01": 41,
    "jan1.mobile-library.libraries.1928-01-01": 14,
}
# The fixture's schemas are the bundled ones, unchanged: nothing in them is tied to one article.
DOMAIN_ENUMS: dict[tuple[str, str], list[str]] = {}


@pytest.fixture
def ru_mini(tmp_path: Path) -> Path:
    """A private copy of the ru-mini package, free to break."""
    return copy_package(FIXTURE, tmp_path / "ru-mini")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def blank_spans(package: Path, loosen: bool = False) -> set[str]:
    """Empty every span field of provenance and of quoted exclusions, as an author leaves them;
    with `loosen`, also re-type each quote as a person would. Returns the ids whose quote changed.
    """
    changed = set()
    for name, id_field in (("provenance", "provenance_id"), ("exclusions", "exclusion_id")):
        path = package / "provenance" / f"{name}.csv"
        rows = read_rows(path)
        for row in rows:
            if not row["quote"]:
                continue  # a pattern exclusion has no span
            row.update(dict.fromkeys(SPAN_FIELDS, ""))
            if loosen:
                typed = loosely_typed(row["quote"])
                if typed != row["quote"]:
                    row["quote"] = typed
                    changed.add(row[id_field])
        write_rows(path, rows)
    return changed


def loosely_typed(quote: str) -> str:
    """A quote as a person types it from the page: words broken at a line end joined, every
    run of whitespace (non-breaking spaces and line breaks included) one space, plain dashes
    and quotation marks."""
    quote = re.sub(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])", "", quote)
    quote = re.sub(r"\s+", " ", quote)
    return quote.replace("–", "-").replace("«", '"').replace("»", '"')


def package_bytes(package: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(package)): path.read_bytes()
        for path in sorted(package.rglob("*"))
        if path.is_file()
    }


# The fixture is a real, clean package.


def test_fixture_validates_clean() -> None:
    code, report = run_json_shared("validate", str(FIXTURE))
    assert code == 0, [f["message"] for f in report["findings"] if f["severity"] != "info"]
    assert report["valid"] is True
    assert report["summary"]["by_severity"]["critical"] == 0
    assert report["summary"]["coverage"]["unaccounted"] == 0
    own_stages = [f for f in report["findings"] if f["stage"] != "consistency"]
    # the claim dated by its context, not by a print; the misprint is the suite's warning
    assert [(f["rule"], [r["id"] for r in f["records"]]) for f in own_stages] == [
        ("provenance.inferred-date", ["rural.readers.rise-1925-1928"])
    ]


def test_fixture_numbers_are_all_accounted_for() -> None:
    _, report = run_json_shared("validate", str(FIXTURE))
    assert report["summary"]["coverage"] == {
        "numbers": NUMBERS,
        "captured": CAPTURED,
        "excluded": EXCLUDED,
        "unaccounted": 0,
    }
    assert report["summary"]["stages"]["provenance"] == 15


def test_fixture_report_matches_the_report_schema() -> None:
    _, report = run_json_shared("validate", str(FIXTURE))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)


def test_fixture_figures_are_the_stated_ones() -> None:
    figures = read_rows(FIXTURE / "data" / "figures.csv")
    assert {row["figure_id"]: int(row["value"]) for row in figures} == FIGURES
    for row in figures:
        assert "".join(re.findall("[0-9]+", row["printed"])) == row["value"], row["figure_id"]


def test_fixture_parts_add_up_to_the_total() -> None:
    """The source's own arithmetic holds: a consistency suite must find nothing here."""
    values = {
        row["figure_id"]: int(row["value"]) for row in read_rows(FIXTURE / "data" / "figures.csv")
    }
    relations = read_rows(FIXTURE / "data" / "part_whole.csv")
    assert relations
    wholes = {row["whole_figure_id"] for row in relations}
    for whole in wholes:
        parts = [values[r["part_figure_id"]] for r in relations if r["whole_figure_id"] == whole]
        assert sum(parts) == values[whole], whole


def test_fixture_uses_the_bundled_table_schemas() -> None:
    """Same schemas as the bundled package, copied; only the vocabulary of what is counted is
    extended (the bundled enums name party cells and communists)."""
    descriptor = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    assert {r["name"] for r in tables} >= {"sources", "figures", "provenance", "exclusions"}
    for resource in tables:
        ours = json.loads((FIXTURE / resource["schema"]).read_text(encoding="utf-8"))
        bundled = json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))
        for field in ours["fields"]:
            added = DOMAIN_ENUMS.get((resource["name"], field["name"]))
            if added:
                enum = field["constraints"]["enum"]
                assert enum[-len(added) :] == added
                field["constraints"]["enum"] = enum[: -len(added)]
        assert ours == bundled, resource["name"]


def test_seed_is_typeset_like_a_scraped_article() -> None:
    """Guards the fixture against an editor that 'cleans' it."""
    data = (FIXTURE / SEED).read_bytes()
    text = data.decode("utf-8")
    assert b"\r" not in data
    assert NBSP in text
    assert re.search(r"[а-я]-\n[а-я]", text), "a word broken across a line end"
    assert re.search(r"\[[0-9]+\]", text) and re.search(r"/[0-9]+/", text), "footnote marks"
    assert re.search(r"(?m)^46 $", text) and re.search(r"(?m)^47 $", text), "page numbers"
    assert f"1/I{NBSP}{MISPRINT}" in text


def test_validate_and_scan_leave_the_fixture_untouched() -> None:
    before = package_bytes(FIXTURE)
    assert run("validate", str(FIXTURE)).exit_code == 0
    assert run("scan", "--package", str(FIXTURE)).exit_code == 0
    assert package_bytes(FIXTURE) == before


# Anchoring is reproducible.


def test_anchor_restores_blanked_spans_byte_for_byte(ru_mini: Path) -> None:
    before = package_bytes(ru_mini)
    blank_spans(ru_mini)
    assert package_bytes(ru_mini) != before
    result = run("anchor", str(ru_mini))
    assert result.exit_code == 0, result.output
    assert "anchored 16 quote(s); 16 updated" in result.stdout
    assert "re-typed" not in result.stdout
    assert package_bytes(ru_mini) == before


def test_anchor_retypes_loosely_typed_quotes_exactly(ru_mini: Path) -> None:
    """Quotes typed as a person reads them (no line breaks, no non-breaking spaces, words
    joined, plain dashes and quotes) anchor to the very same spans, re-typed as printed."""
    before = package_bytes(ru_mini)
    loosened = blank_spans(ru_mini, loosen=True)
    assert len(loosened) >= 10
    result = run("anchor", str(ru_mini))
    assert result.exit_code == 0, result.output
    retyped = set(
        re.findall(r"(?m)^  (\S+): quote re-typed exactly as the source has it$", result.stdout)
    )
    assert retyped == loosened
    assert package_bytes(ru_mini) == before


def test_anchor_on_the_anchored_fixture_changes_nothing(ru_mini: Path) -> None:
    before = package_bytes(ru_mini)
    result = run("anchor", str(ru_mini))
    assert result.exit_code == 0
    assert "16 quote(s); 0 updated" in result.stdout
    assert "wrote" not in result.stdout
    assert package_bytes(ru_mini) == before


# The misprinted year is kept, explained and shown.


def rows_printing_the_misprint() -> set[tuple[str, str]]:
    """(table, row id) of every row whose date_printed carries the misprinted year."""
    found = set()
    for path in sorted((FIXTURE / "data").glob("*.csv")):
        for row in read_rows(path):
            if MISPRINT in row.get("date_printed", ""):
                id_field = next(key for key in row if key.endswith("_id"))
                found.add((path.stem, row[id_field]))
    return found


def test_misprinted_year_is_shown_once_for_each_row_that_carries_it() -> None:
    """The suite's warning shows the printed year and its reading; the provenance stage's
    `normalised-date` (the same reading) is not shown beside it."""
    carriers = rows_printing_the_misprint()
    assert carriers == {
        ("figures", "jan1.rural.libraries.1927-01-01"),
        ("figures", "jan1.rural.readers.1927-01-01"),
        ("claims", "rural.libraries.sharp-rise-1926"),
    }
    _, report = run_json_shared("validate", str(FIXTURE))
    naming = Counter()
    for finding in report["findings"]:
        for record in finding["records"]:
            row = (
                record.get("table_name") or record.get("table"),
                record.get("record_id") or record.get("id"),
            )
            if row in carriers:
                naming[row, finding["rule"]] += 1
    assert naming == Counter({(row, "dates.printed-year-outside-period"): 1 for row in carriers})
    for finding in report["findings"]:
        if finding["rule"] == "dates.printed-year-outside-period":
            assert MISPRINT in finding["message"]
            assert MISPRINT in finding["evidence"][0]["quote"]


def test_misprinted_year_is_an_info_per_row_when_the_suite_rule_is_off(ru_mini: Path) -> None:
    (ru_mini / "checks").mkdir(exist_ok=True)
    (ru_mini / "checks" / "suite.json").write_text(
        json.dumps({"disable": {"dates.printed-year-outside-period": "a test"}}),
        encoding="utf-8",
    )
    _, report = run_json("validate", str(ru_mini))
    normalised = [f for f in report["findings"] if f["rule"] == "provenance.normalised-date"]
    seen = Counter((f["records"][0]["table"], f["records"][0]["id"]) for f in normalised)
    assert seen == Counter(rows_printing_the_misprint())
    for finding in normalised:
        assert finding["severity"] == "info"
        assert MISPRINT in finding["message"]
        assert MISPRINT in finding["evidence"][0]["quote"]


def test_misprinted_year_without_its_note_is_critical(ru_mini: Path) -> None:
    edit_text(
        ru_mini / "data" / "figures.csv",
        lambda text: text.replace(
            "printed 1297: a transposition of 1927; the series runs 1/I 1925 to 1/I 1928 "
            "year by year",
            "",
            1,
        ),
    )
    rehash(ru_mini)
    code, report = run_json("validate", str(ru_mini))
    assert code == 1
    unexplained = [f for f in report["findings"] if f["rule"] == "provenance.unexplained-date"]
    assert [f["records"][0]["id"] for f in unexplained] == ["jan1.rural.libraries.1927-01-01"]
    # the rows that keep their note are shown by the suite's warning, not again as readings
    assert rules_of(report).count("provenance.normalised-date") == 0
    assert rules_of(report).count("dates.printed-year-outside-period") == 2


# A changed value is caught.


@pytest.mark.parametrize(
    ("figure_id", "printed", "value", "changed"),
    [
        ("jan1.rural.libraries.1927-01-01", "187", "187", "178"),
        ("jan1.rural.readers.1928-01-01", f"13{NBSP}702", "13702", "13720"),
    ],
)
def test_value_changed_without_a_note_fails(
    ru_mini: Path, figure_id: str, printed: str, value: str, changed: str
) -> None:
    edit_text(
        ru_mini / "data" / "figures.csv",
        lambda text: text.replace(f",{value},{printed},,", f",{changed},{printed},,", 1),
    )
    rehash(ru_mini)
    code, report = run_json("validate", str(ru_mini))
    assert code == 1
    critical = [f for f in report["findings"] if f["severity"] == "critical"]
    assert [f["rule"] for f in critical] == ["provenance.unexplained-value"]
    assert critical[0]["records"][0]["id"] == figure_id
    assert report["summary"]["coverage"]["unaccounted"] == 0


def test_value_changed_with_a_note_is_kept_and_shown(ru_mini: Path) -> None:
    edit_text(
        ru_mini / "data" / "figures.csv",
        lambda text: text.replace(",187,187,,", ",178,187,a curator's reading (test),", 1),
    )
    rehash(ru_mini)
    code, report = run_json("validate", str(ru_mini))
    assert code == 0
    # shown once: by the suite's warning (printed, value, note), not again by provenance
    shown = [f for f in report["findings"] if f["rule"] == "values.normalised"]
    assert [f["records"][0]["figure_id"] for f in shown] == ["jan1.rural.libraries.1927-01-01"]
    assert shown[0]["severity"] == "warning"
    assert "normalised-value" not in " ".join(rules_of(report))


# scan lists every number of the seed.


def test_scan_json_lists_every_number_with_a_status() -> None:
    result = run("scan", str(FIXTURE / SEED), "--package", str(FIXTURE), "--format", "json")
    assert result.exit_code == 0
    numbers = json.loads(result.stdout)
    text = (FIXTURE / SEED).read_text(encoding="utf-8")
    grouped = "[0-9]+(?:\u00a0[0-9]{3})*"  # digits, and their groups after a no-break space
    expected = [(m.start(), m.end(), m.group()) for m in re.finditer(grouped, text)]
    assert [(n["start"], n["end"], n["token"]) for n in numbers] == expected
    assert len(numbers) == NUMBERS
    for number in numbers:
        assert number["status"] in ("captured", "excluded"), number
        assert number["by"], number
        assert number["page"] in (46, 47), number
        assert number["token"] in number["context"]
    statuses = Counter(n["status"] for n in numbers)
    assert statuses == Counter(captured=CAPTURED, excluded=EXCLUDED)
    excluded_by = Counter(n["by"] for n in numbers if n["status"] == "excluded")
    assert excluded_by == Counter(EXCLUDED_BY)


def test_scan_of_a_blanked_copy_shows_what_is_left_to_capture(ru_mini: Path) -> None:
    """Before anchoring, no quote proves a span: everything but the pattern exclusions is
    unaccounted, which is what an author starts from."""
    blank_spans(ru_mini)
    code, numbers = run_json("scan", "--package", str(ru_mini))
    assert code == 0
    statuses = Counter(n["status"] for n in numbers)
    pattern_excluded = EXCLUDED_BY["page-numbers"] + EXCLUDED_BY["footnote-marks"]
    assert statuses == Counter(excluded=pattern_excluded, unaccounted=NUMBERS - pattern_excluded)


# The bundled consistency suite, run on this package.


def bundled_suite() -> Path:
    checks = STANDARD_CHECKS
    if not (checks / "rules").is_dir():
        pytest.skip("no consistency suite in checks/")
    return checks


def test_bundled_suite_finds_only_the_misprint() -> None:
    """The rules written for the first article apply to this one: the parts add up, the claims
    agree with their series, the term and the dates hold; only the misprinted year is shown to
    a curator, as the source disagreeing with itself."""
    code, report = run_json("validate", str(FIXTURE), "--checks", str(bundled_suite()))
    assert code == 0, [f["message"] for f in report["findings"] if f["severity"] == "critical"]
    assert report["summary"]["stages"]["consistency"] > 0
    consistency = [f for f in report["findings"] if f["stage"] == "consistency"]
    assert {f["rule"] for f in consistency} == {"dates.printed-year-outside-period"}
    for finding in consistency:
        assert finding["severity"] == "warning"
        assert {record["token"] for record in finding["records"]} == {MISPRINT}


def test_bundled_suite_catches_parts_that_do_not_add_up(ru_mini: Path) -> None:
    edit_text(
        ru_mini / "data" / "part_whole.csv",
        lambda text: re.sub(r"(?m)^[^\n]*mobile-library[^\n]*\n", "", text),
    )
    rehash(ru_mini)
    code, report = run_json("validate", str(ru_mini), "--checks", str(bundled_suite()))
    assert code == 0  # a warning: the source disagreeing with itself is for a curator
    (mismatch,) = [f for f in report["findings"] if f["rule"] == "part-whole.sum-mismatch"]
    assert mismatch["severity"] == "warning"
    assert "189" in mismatch["message"] and "203" in mismatch["message"]


def test_last_group_of_a_spaced_number_is_not_the_printed_token(ru_mini: Path) -> None:
    """Russian typography groups thousands with a non-breaking space: '6 480' is one number.
    A figure transcribed as its last group (480) misreads the source and must not pass."""
    edit_text(
        ru_mini / "data" / "figures.csv",
        lambda text: text.replace(f",6480,6{NBSP}480,,", ",480,480,,", 1),
    )
    rehash(ru_mini)
    code, report = run_json("validate", str(ru_mini))
    assert "provenance.printed-not-in-quote" in rules_of(report)
    assert code == 1
