"""`tekser scan` on a seed whose line is a paragraph, and the context window it shows."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tekser.seeds.window import ELLIPSIS, LINE_BREAK, window
from tests.builder import SOURCE_ID, build_package, columns
from tests.conftest import rehash, run

# One paragraph a line, as a JSON text corpus holds a book: the first line is ~1,400 code
# points with numbers all along it.
FILLER = "Это предложение нужно только для того, чтобы строка была длинной как абзац книги. "
PARAGRAPH = (
    FILLER * 4
    + "Численность учащихся выросла с 14 миллионов 358 тысяч в 1929 году до 26 миллионов. "
    + FILLER * 3
    + "Колхозы владеют 73,9% посевных площадей, единоличники – 15,5% площадей. "
    + FILLER * 3
    + "Около 780 миллионов пудов сдали в 1930 году, а в 1933 году – 1200 миллионов пудов. "
    + FILLER * 2
)
SEED = f'    "{PARAGRAPH.strip()}",\n    "Второй абзац: 7 строк.",\n'
CAPTURED_QUOTE = "с 14 миллионов 358 тысяч в 1929 году"
EXCLUSIONS = {
    "narrative-years": ("date", "A year of the narrative, recorded with the figure it dates."),
    "shares": ("share", "A share in per cent; the package records counts only."),
}
PUPILS = {
    "figure_id": "pupils.1929",
    "series_id": "pupils",
    "organisation": "school",
    "measure": "pupils",
    "unit": "persons",
    "period_start": "1929-01-01",
    "period_end": "1929-12-31",
    "date_printed": "1929 году",
    "value": 14358000,
    "printed": "14 миллионов 358 тысяч",
    "note": "the number as read from its number and scale words",
    "quote": CAPTURED_QUOTE,
}
WIDTH = 40  # the context either side that `scan --format json` shows


@pytest.fixture
def paragraph_package(tmp_path: Path) -> Path:
    """A package of the long-line seed: one figure captured, years and shares excluded by a
    pattern each, the other numbers unaccounted."""
    root = build_package(tmp_path / "paragraphs", SEED, {"figures": [dict(PUPILS)]}, checks=None)
    patterns = {
        "narrative-years": r"(?<![0-9])19[0-9]{2}(?![0-9])",
        "shares": r"[0-9]+(?:,[0-9]+)?%",
    }
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns("exclusions"), lineterminator="\n")
    writer.writeheader()
    for exclusion_id, (category, reason) in EXCLUSIONS.items():
        writer.writerow(
            {name: "" for name in columns("exclusions")}
            | {
                "exclusion_id": exclusion_id,
                "source_id": SOURCE_ID,
                "category": category,
                "reason": reason,
                "pattern": patterns[exclusion_id],
            }
        )
    (root / "provenance" / "exclusions.csv").write_text(out.getvalue(), encoding="utf-8")
    rehash(root)
    return root


def scan_json(*args: str) -> list[dict[str, Any]]:
    result = run("scan", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_each_number_has_a_bounded_word_aligned_window(paragraph_package: Path) -> None:
    numbers = scan_json(str(paragraph_package))
    # numbers as the reader finds them: a number with its scale words, or a decimal, is one
    expected = [
        "14 миллионов 358 тысяч", "1929", "26 миллионов", "73,9", "15,5", "780 миллионов",
        "1930", "1933", "1200 миллионов", "7",
    ]  # fmt: skip
    assert [n["token"] for n in numbers] == expected
    assert all(SEED[n["start"] : n["end"]] == n["token"] for n in numbers)
    flat = SEED.replace("\n", LINE_BREAK)
    for n in numbers:
        before, after = n["context_before"], n["context_after"]
        assert n["context"] == before + n["token"] + after
        assert len(before) <= WIDTH + 1 and len(after) <= WIDTH + 1, n  # not the whole line
        assert "\n" not in n["context"]
        # the window is the seed, cut at whitespace and marked where it was cut
        shown_before, shown_after = before.removeprefix(ELLIPSIS), after.removesuffix(ELLIPSIS)
        begin, end = n["start"] - len(shown_before), n["end"] + len(shown_after)
        assert flat[begin:end] == shown_before + n["token"] + shown_after
        assert before.startswith(ELLIPSIS) == (begin > 0)
        if begin > 0:
            assert flat[begin - 1].isspace() and not flat[begin].isspace()
        if after.endswith(ELLIPSIS):
            assert flat[end].isspace() and not flat[end - 1].isspace()
    statuses = Counter(n["status"] for n in numbers)
    assert statuses == Counter(captured=2, excluded=4, unaccounted=4)
    assert {n["by"] for n in numbers if n["status"] == "excluded"} == set(EXCLUSIONS)
    assert {n["by"] for n in numbers if n["status"] == "captured"} == {"p.pupils.1929"}


def test_a_number_over_scale_words_reads_as_its_value(paragraph_package: Path) -> None:
    numbers = scan_json(str(paragraph_package))
    reads_as = {n["token"]: n["reads_as"] for n in numbers if n["line"] == 1}
    assert reads_as["14 миллионов 358 тысяч"] == "14358000"  # one printed number
    assert reads_as["26 миллионов"] == "26000000"
    assert reads_as["780 миллионов"] == "780000000"
    assert reads_as["1929"] is None and reads_as["73,9"] is None  # no scale word
    text = run("scan", str(paragraph_package), "--status", "captured").stdout
    assert re.search(r"^\s+=14358000\s", text, re.M), text


def test_scan_text_fits_80_columns_and_gives_each_reason_once(
    paragraph_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = run("scan", str(paragraph_package))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # 10 numbers, two lines each at most, and a header, a legend and a summary: never the
    # paragraph again for every number
    assert len(lines) <= 2 * 10 + 10, result.stdout
    assert len(PARAGRAPH) > 1000 and PARAGRAPH[:200] not in result.stdout
    rows = [
        line
        for line in lines
        if re.match(r"\s*1 +[0-9][0-9,]*(?: \w+)* +(captured|excluded|unaccounted)", line)
    ]
    assert len(rows) == 9  # every number of line 1 has a row
    assert result.stdout.count("⟦") == result.stdout.count("⟧") == 10  # its window marks it
    for exclusion_id, (category, reason) in EXCLUSIONS.items():
        text = " ".join(result.stdout.split())
        assert text.count(reason) == 1, exclusion_id  # in the legend, not on every number
        assert re.search(rf"^{exclusion_id} +{category}: ", result.stdout, re.M)
    assert lines[-1] == "10 numbers: 2 captured, 4 excluded, 4 unaccounted"


def test_summary_gives_the_totals_and_the_filtered_count_apart(paragraph_package: Path) -> None:
    result = run("scan", str(paragraph_package), "--status", "unaccounted")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "10 numbers: 2 captured, 4 excluded, 4 unaccounted; showing 4 unaccounted"
    assert "exclusions" not in result.stdout  # no exclusion among the numbers shown
    shown = scan_json(str(paragraph_package), "--status", "unaccounted")
    assert [(n["token"], n["status"]) for n in shown] == [
        ("26 миллионов", "unaccounted"), ("780 миллионов", "unaccounted"),
        ("1200 миллионов", "unaccounted"), ("7", "unaccounted"),
    ]  # fmt: skip
    excluded = run("scan", str(paragraph_package), "--status", "excluded").stdout
    assert excluded.splitlines()[-1].endswith("; showing 4 excluded")
    assert not re.search(r"\b(captured|unaccounted)\s+p?\.", excluded)


def test_scan_takes_the_package_as_path_and_the_seed_by_option(
    paragraph_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = scan_json(str(paragraph_package))
    assert scan_json(str(paragraph_package), "--seed", SOURCE_ID) == everything
    assert scan_json(str(paragraph_package / "datapackage.json")) == everything
    seed_file = paragraph_package / "seeds" / f"{SOURCE_ID}.txt"
    assert scan_json(str(paragraph_package), "--seed", str(seed_file)) == everything
    monkeypatch.chdir(paragraph_package)
    assert scan_json() == everything  # PATH defaults to .
    assert scan_json("--seed", f"seeds/{SOURCE_ID}.txt") == everything
    # the form before PATH, kept for one release: --package, and the seed positional
    monkeypatch.chdir(tmp_path)
    assert scan_json("--package", str(paragraph_package)) == everything
    assert scan_json(str(seed_file), "--package", str(paragraph_package)) == everything


def test_scan_refuses_an_unknown_seed_and_a_seed_given_as_path(paragraph_package: Path) -> None:
    result = run("scan", str(paragraph_package), "--seed", "no-such-source")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no-such-source: not a source of the package")
    seed_file = paragraph_package / "seeds" / f"{SOURCE_ID}.txt"
    result = run("scan", str(seed_file))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--seed" in result.stderr


# --- window() -------------------------------------------------------------------------------

WORDS = "alpha beta gamma delta 42 epsilon zeta eta theta"


def test_window_cuts_at_whitespace_and_marks_the_cuts() -> None:
    start = WORDS.index("42")
    shown = window(WORDS, start, start + 2, width=12)
    assert (shown.before, shown.span, shown.after) == ("…gamma delta ", "42", " epsilon…")
    assert shown.text == "…gamma delta 42 epsilon…"
    assert shown.marked() == "…gamma delta ⟦42⟧ epsilon…"
    assert WORDS[shown.start : shown.end] == "gamma delta 42 epsilon"
    assert (shown.first_line, shown.last_line, shown.lines) == (1, 1, "1")


def test_window_reaches_both_ends_of_the_text_without_a_mark() -> None:
    whole = window(WORDS, WORDS.index("42"), WORDS.index("42") + 2, width=100)
    assert whole.text == WORDS and not whole.text.startswith(ELLIPSIS)
    first = window(WORDS, 0, 5, width=6)
    assert (first.before, first.span, first.after) == ("", "alpha", " beta…")
    last = window(WORDS, len(WORDS) - 5, len(WORDS), width=6)
    assert (last.before, last.span, last.after) == ("…eta ", "theta", "")
    assert window("", 0, 0).text == ""


def test_window_keeps_a_span_longer_than_the_width_whole() -> None:
    start, end = WORDS.index("beta"), WORDS.index("theta")
    shown = window(WORDS, start, end, width=6)
    assert shown.span == WORDS[start:end]
    assert (shown.before, shown.after) == ("alpha ", "theta")


def test_window_cuts_inside_a_word_only_when_it_is_longer_than_the_width() -> None:
    text = "x" * 50 + " 7 " + "y" * 50
    shown = window(text, 51, 52, width=10)
    assert shown.before == "…" + "x" * 10 + " "
    assert shown.after == " " + "y" * 10 + "…"
    # a word no longer than the width is shown whole even if it starts a little further off
    text = "aaa bbbbbbbbb 7 ccccccccc ddd"
    shown = window(text, 14, 15, width=9)
    assert window(text, 14, 15, width=8).before == "…bbbbbbbb "  # one longer than the width
    assert shown.marked() == "…bbbbbbbbb ⟦7⟧ ccccccccc…"
    # a number inside a longer token keeps what is attached to it
    text = "слово " * 20 + "ұялар-14752 " + "слово " * 20
    start = text.index("14752")
    assert window(text, start, start + 5, width=12).before == "…слово ұялар-"
    assert window(text, start, start + 5, width=10).before == "…ұялар-"


def test_window_shows_line_breaks_and_the_lines_it_spans() -> None:
    text = "first line\r\nsecond 42 line\nthird\n"
    start = text.index("42")
    shown = window(text, start, start + 2, width=20)
    assert shown.text == f"first line{LINE_BREAK}second 42 line{LINE_BREAK}third"
    assert (shown.first_line, shown.last_line, shown.lines) == (1, 3, "1–3")
    narrow = window(text, start, start + 2, width=7)
    assert narrow.text == "…second 42 line…" and narrow.lines == "2"
    starts = [0, text.index("second"), text.index("third")]
    assert window(text, start, start + 2, width=20, line_starts=starts) == shown
    across = window(text, text.index("line"), text.index("42"), width=0)
    assert across.span == f"line{LINE_BREAK}second " and across.lines == "1–2"


def test_window_refuses_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError):
        window(WORDS, 5, len(WORDS) + 1)
    with pytest.raises(ValueError):
        window(WORDS, 5, 4)
