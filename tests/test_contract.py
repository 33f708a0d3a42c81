"""Contract 0.2 on real packages built for one thing each: a decimal value, a unit and a
scale read from the printed words without a note; and each bad input a clear finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.builder import build_package
from tests.conftest import run, run_json

YEAR = {"period_end": "1933-12-31", "date_precision": "year", "date_printed": "1933"}


def figure(figure_id: str, quote: str, printed: str, value: str, **cells: Any) -> dict[str, Any]:
    return {
        "figure_id": figure_id, "series_id": figure_id.rsplit(".", 1)[0],
        "organisation": "all", "measure": figure_id.split(".")[1], "period_start": "1933-01-01",
        "value": value, "printed": printed, "quote": quote, "unit": "heads", **YEAR, **cells,
    }  # fmt: skip


def validate(
    tmp_path: Path, seed: str, rows: list[dict[str, Any]], **tables: Any
) -> dict[str, Any]:
    root = build_package(tmp_path / "p", seed, {"figures": rows, **tables})
    _, report = run_json("validate", str(root))
    return report


def rules(report: dict[str, Any]) -> list[str]:
    return sorted(f["rule"] for f in report["findings"])


READ = [
    ("14 миллионов 358 тысяч", "14358", "thousand", "count", "ru"),
    ("160,5 миллиона", "160.5", "million", "count", "ru"),
    ("49 миллиардов", "49000", "million", "amount", "ru"),
    ("84,5", "84.5", "", "share", "ru"),
    ("үш", "3", "", "count", "kk"),
    ("twelve million", "12", "million", "count", "en"),
    ("полтора миллиона", "1500", "thousand", "approximate", "ru"),
]


@pytest.mark.parametrize(("printed", "value", "scale", "statistic", "language"), READ)
def test_value_times_scale_is_what_the_printed_words_read_as(
    tmp_path: Path, printed: str, value: str, scale: str, statistic: str, language: str
) -> None:
    quote = f"В 1933 году было {printed} голов"
    unit = "percent" if statistic == "share" else "heads"
    row = figure("all.cattle.1933", quote, printed, value, scale=scale, statistic=statistic,
                 unit=unit, quote_language=language)  # fmt: skip
    root = build_package(tmp_path / "p", f"{quote}.\n", {"figures": [row]},
                         source={"languages": "ru kk en"})  # fmt: skip
    _, report = run_json("validate", str(root))
    assert rules(report) == [], [f["message"] for f in report["findings"]]


def test_decimals_reach_the_rules_without_floating_point_drift(tmp_path: Path) -> None:
    """0,1 + 0,2 of an exhaustive breakdown is 0,3: no part-whole finding, and the values
    in the report are the printed digits."""
    quote = "В 1933 году всего 0,3 млн. голов, из них 0,1 млн. и 0,2 млн."
    rows = [
        figure("all.cattle.1933", quote, "0,3 млн.", "0.3", scale="million"),
        figure("all.cattle-a.1933", quote, "0,1 млн.", "0.1", scale="million"),
        figure("all.cattle-b.1933", quote, "0,2 млн.", "0.2", scale="million"),
    ]
    relation = [
        {"relation_id": "cattle", "whole_figure_id": "all.cattle.1933", "exhaustive": True,
         "part_figure_id": part, "provenance_id": "p.all.cattle.1933"}
        for part in ("all.cattle-a.1933", "all.cattle-b.1933")
    ]  # fmt: skip
    report = validate(tmp_path, f"{quote}\n", rows, part_whole=relation)
    assert rules(report) == []
    # and a wrong whole is reported with the exact sum
    broken = [figure("all.cattle.1933", quote, "0,3 млн.", "0.4", scale="million",
                     note="a test's wrong whole"), *rows[1:]]  # fmt: skip
    report = validate(tmp_path / "broken", f"{quote}\n", broken, part_whole=relation)
    mismatch = [f for f in report["findings"] if f["rule"] == "part-whole.sum-mismatch"]
    assert [f["message"] for f in mismatch] == [
        "cattle: the parts add up to 0.3, but the whole is 0.4 (all.cattle.1933)"
    ]


BAD = {
    "unknown number word": (
        {"printed": "трилльон", "value": "1"},
        "provenance.unreadable-number",
        "“трилльон”",
    ),
    "a decimal in a count": (
        {"printed": "12,5", "value": "12.5", "statistic": "count"},
        "figures.fractional-count",
        "a count of 12.5 is not a whole number",
    ),
    "an unknown scale": (
        {"printed": "12 тысяч", "value": "12", "scale": "myriad"},
        "figures.unknown-scale",
        "myriad",
    ),
    "a value the printed words do not give": (
        {"printed": "12 тысяч", "value": "12"},
        "provenance.unexplained-value",
        "value 12 differs from printed “12 тысяч” (read as 12000)",
    ),
    "a share above 100 %": (
        {"printed": "112,5", "value": "112.5", "statistic": "share", "unit": "percent"},
        "figures.value-range",
        "share 112.5 percent is outside 0…100",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_value_is_one_critical_finding(tmp_path: Path, case: str) -> None:
    cells, rule, words = BAD[case]
    printed = cells["printed"]
    quote = f"В 1933 году было {printed} голов"
    row = figure("all.cattle.1933", quote, **{"value": "1", **cells})
    report = validate(tmp_path, f"{quote}.\n", [row])
    found = [f for f in report["findings"] if f["severity"] == "critical"]
    assert [f["rule"] for f in found] == [rule]
    assert words in found[0]["message"]


def test_an_unknown_language_tag_is_critical(tmp_path: Path) -> None:
    quote = "В 1933 году было 12 голов"
    row = figure("all.cattle.1933", quote, "12", "12", quote_language="xx-yy")
    report = validate(tmp_path, f"{quote}.\n", [row])
    critical = {f["rule"]: f["message"] for f in report["findings"] if f["severity"] == "critical"}
    assert "provenance.unknown-language" in critical
    assert "“xx-yy” is not a BCP 47 language tag" in critical["provenance.unknown-language"]


def test_a_citation_not_of_the_declared_form_is_critical(tmp_path: Path) -> None:
    quote = "В 1933 году было 12 голов"
    root = build_package(
        tmp_path / "p", f"{quote}.\n",
        {"figures": [figure("all.cattle.1933", quote, "12", "12")]},
        source={"citation_pattern": r"\[[0-9]+\]"},
    )  # fmt: skip
    path = root / "provenance" / "provenance.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",,ru,", ",77,ru,"), encoding="utf-8")
    from tests.conftest import rehash

    rehash(root)
    _, report = run_json("validate", str(root))
    assert rules(report) == ["provenance.citation-form"]
    assert (
        "citation “77” is not of the form the source declares" in report["findings"][0]["message"]
    )


def test_the_report_keeps_a_decimal_value_as_printed(tmp_path: Path) -> None:
    quote = "В 1933 году было 160,5 миллиона голов"
    row = figure("all.cattle.1933", quote, "160,5 миллиона", "160.5", scale="million",
                 note="a test's note, so that values.normalised shows the value")  # fmt: skip
    report = validate(tmp_path, f"{quote}.\n", [row])
    shown = [f for f in report["findings"] if f["rule"] == "values.normalised"]
    assert shown and shown[0]["records"][0]["value"] == 160.5
    assert json.dumps(shown[0]["records"][0]["value"]) == "160.5"


def test_anchor_lists_the_figures_whose_value_the_printed_words_do_not_give(
    tmp_path: Path,
) -> None:
    quote = "В 1933 году было 12 тысяч голов и 14 миллионов 358 тысяч овец"
    rows = [
        figure("all.cattle.1933", quote, "12 тысяч", "12"),  # no scale: wrong
        figure("all.sheep.1933", quote, "14 миллионов 358 тысяч", "14358", scale="thousand"),
    ]
    root = build_package(tmp_path / "p", f"{quote}.\n", {"figures": rows})
    result = run("anchor", str(root))
    assert result.exit_code == 0
    assert "1 figure(s) whose value is not what the printed words read as" in result.stdout
    assert "all.cattle.1933: printed “12 тысяч” reads as 12000, but value × scale is 12;" in (
        result.stdout
    )
    assert "all.sheep" not in result.stdout
