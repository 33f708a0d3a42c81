"""The packager's readings shown once each: an inferred date is an `info` finding (one per
inference, naming every row read that way), a misprint is shown by one finding, not two; and
a claim about a plan is checked against the plan's figures, never against actual ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tekser.core.findings import Finding
from tekser.core.report import Report
from tekser.validate import validate_package
from tests.builder import build_package

CONTEXT = "the reporting period of the paragraph before, 1930 to 1933"
SEED = (
    "За отчетный период производство выросло.\n"
    "За тот же период выросла и добыча.\n"
    "В прошлом году было построено 12 заводов.\n"
)


def claim(claim_id: str, measure: str, quote: str, **cells: Any) -> dict[str, Any]:
    row = {
        "claim_id": claim_id,
        "organisation": "industry",
        "measure": measure,
        "direction": "rise",
        "period_start": "1930-01-01",
        "period_end": "1933-12-31",
        "quote": quote,
    }
    return row | cells


def of_rule(report: Report, rule: str) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule == rule]


def inferred_package(root: Path, second_note: str = CONTEXT) -> Path:
    return build_package(
        root,
        SEED,
        {
            "claims": [
                claim(
                    "output.rise",
                    "output",
                    "За отчетный период производство выросло",
                    date_note=CONTEXT,
                ),
                claim(
                    "mining.rise",
                    "mining",
                    "За тот же период выросла и добыча",
                    date_note=second_note,
                ),
            ],
            "figures": [
                {
                    "figure_id": "industry.plants.1933",
                    "series_id": "industry.plants",
                    "organisation": "industry",
                    "measure": "plants",
                    "unit": "plants",
                    "period_start": "1933-01-01",
                    "period_end": "1933-12-31",
                    "date_printed": "В прошлом году",
                    "date_note": "said in January 1934 of the year before",
                    "value": 12,
                    "quote": "В прошлом году было построено 12 заводов",
                }
            ],
        },
    )


def test_one_info_per_inference_naming_every_row_read_that_way(tmp_path: Path) -> None:
    report = validate_package(inferred_package(tmp_path / "p"))
    found = of_rule(report, "provenance.inferred-date")
    assert [(f.severity.value, [r["id"] for r in f.records]) for f in found] == [
        ("info", ["output.rise", "mining.rise"]),
        ("info", ["industry.plants.1933"]),
    ]
    both, words = found
    assert both.message == (
        "claims output.rise, claims mining.rise: read as 1930-01-01…1933-12-31, the packager's "
        f"reading; no date printed: {CONTEXT}"
    )
    assert [e.provenance_id for e in both.evidence] == ["p.output.rise", "p.mining.rise"]
    assert "date printed in words “В прошлом году”" in words.message
    assert "said in January 1934 of the year before" in words.message
    assert {f.severity.value for f in report.findings} == {"info"}


def test_a_different_reading_is_a_finding_of_its_own(tmp_path: Path) -> None:
    report = validate_package(inferred_package(tmp_path / "p", "the same years, 1930–1933"))
    found = of_rule(report, "provenance.inferred-date")
    assert [[r["id"] for r in f.records] for f in found] == [
        ["output.rise"],
        ["mining.rise"],
        ["industry.plants.1933"],
    ]


def test_a_printed_date_in_digits_is_no_inference(tmp_path: Path) -> None:
    seed = "В 1930–1933 гг. производство выросло.\n"
    root = build_package(
        tmp_path / "p",
        seed,
        {
            "claims": [
                claim("output.rise", "output", seed.strip(" .\n"), date_printed="1930–1933 гг.")
            ]
        },
    )
    assert not of_rule(validate_package(root), "provenance.inferred-date")


def test_a_decided_inference_stays_decided_until_its_note_changes(tmp_path: Path) -> None:
    from tests.conftest import edit_text, rehash, run

    root = inferred_package(tmp_path / "p")
    (finding, _) = of_rule(validate_package(root), "provenance.inferred-date")
    reason = "the paragraph before names the reporting period, 1930 to 1933"
    assert (
        run("decide", finding.finding_id, "confirm", str(root), "--reason", reason).exit_code == 0
    )
    (decided, _) = of_rule(validate_package(root), "provenance.inferred-date")
    assert decided.status == "confirmed"
    edit_text(root / "data" / "claims.csv", lambda text: text.replace(CONTEXT, "1930–1933", 1))
    rehash(root)
    statuses = {
        tuple(r["id"] for r in f.records): f.status
        for f in of_rule(validate_package(root), "provenance.inferred-date")
    }
    # the rows now read their period differently: the changed one is a new inference, open;
    # the decision on the other rested on both rows, so it is stale until decided again
    assert statuses == {
        ("output.rise",): "open",
        ("mining.rise",): "stale",
        ("industry.plants.1933",): "open",
    }


# Plans and targets against plans and targets.

PLAN_SEED = (
    "По плану производство должно было расти.\n"
    "План: 100 в 1931 г., 90 в 1932 г.\n"
    "Фактически: 80 в 1931 г., 95 в 1932 г.\n"
)


def plan_package(root: Path, claim_statistic: str | None) -> Path:
    def year(kind: str, year: int, value: int, quote: str) -> dict[str, Any]:
        return {
            "figure_id": f"industry.output.{kind}.{year}",
            "series_id": f"industry.output.{kind}",
            "organisation": "industry",
            "measure": "output",
            "statistic": "amount" if kind == "actual" else kind,
            "unit": "roubles",
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
            "date_printed": f"{year} г.",
            "value": value,
            "quote": quote,
        }

    return build_package(
        root,
        PLAN_SEED,
        {
            "claims": [
                claim(
                    "output.planned-rise",
                    "output",
                    "По плану производство должно было расти",
                    period_start="1931-01-01",
                    period_end="1932-12-31",
                    date_note="the years of the plan's figures that follow",
                    statistic=claim_statistic,
                )
            ],
            "figures": [
                year("plan", 1931, 100, "100 в 1931 г."),
                year("plan", 1932, 90, "90 в 1932 г."),
                year("actual", 1931, 80, "80 в 1931 г."),
                year("actual", 1932, 95, "95 в 1932 г."),
            ],
        },
    )


def test_a_claim_about_the_plan_is_checked_against_the_plan(tmp_path: Path) -> None:
    report = validate_package(plan_package(tmp_path / "p", "plan"))
    (finding,) = of_rule(report, "claims.direction-contradicted")
    assert "industry.output.plan went from 100 (1931-01-01) to 90 (1932-01-01)" in finding.message
    assert not of_rule(report, "claims.unchecked")


def test_a_claim_about_actual_figures_is_never_checked_against_the_plan(tmp_path: Path) -> None:
    report = validate_package(plan_package(tmp_path / "p", None))
    # the actual figures rose (80 → 95), as the claim says; the plan's fall is not its concern
    assert not of_rule(report, "claims.direction-contradicted")
    assert not of_rule(report, "claims.unchecked")
    assert {f.rule for f in report.findings if f.severity.value != "info"} == set()


def test_plan_and_actual_claims_do_not_disagree_with_each_other(tmp_path: Path) -> None:
    root = plan_package(tmp_path / "p", "plan")
    rows = (root / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()
    header, planned = rows[0].split(","), rows[1]
    actual = planned.replace("output.planned-rise", "output.actual-fall").replace(
        ",rise,", ",fall,"
    )
    actual = actual.replace(",plan", ",")
    assert actual.count(",") == len(header) - 1
    (root / "data" / "claims.csv").write_text("\n".join([*rows, actual]) + "\n", encoding="utf-8")
    from tests.conftest import rehash

    rehash(root)
    report = validate_package(root)
    assert not of_rule(report, "claims.claims-disagree"), json.dumps(
        [f.message for f in report.findings], ensure_ascii=False
    )
    # the actual claim of a fall is checked against the actual rise
    (contradicted,) = [f for f in of_rule(report, "claims.direction-contradicted")
                       if f.records[0]["claim_id"] == "output.actual-fall"]  # fmt: skip
    assert "industry.output.actual went from 80" in contradicted.message
