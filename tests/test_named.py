"""One answer to "which rows does this finding name" and one flat row per finding, shared by the
report page, the release database and `tekser.load`."""

from __future__ import annotations

from tekser.core.findings import FINDING_COLUMNS, Decision, Evidence, Finding, Severity
from tekser.core.named import named_rows


def _finding(records: list[dict[str, object]], spans: list[str]) -> Finding:
    evidence = [Evidence(span, "s1", 0, 1, "x") for span in spans]
    return Finding("series.repeated-value", Severity.WARNING, "m", records, evidence)


def test_rows_are_named_by_id_then_by_the_spans_of_the_evidence() -> None:
    tables = {
        "figures": [
            {"figure_id": "f1", "provenance_id": "p1"},
            {"figure_id": "f2", "provenance_id": "p2"},
            {"figure_id": "f3", "provenance_id": "p3"},
        ],
        "claims": [{"claim_id": "c1", "provenance_id": "p3"}],
    }
    finding = _finding([{"figure_id": "f2", "previous_figure_id": "f1"}], ["p3"])
    assert named_rows(finding, tables) == {"figures": ["f2", "f1", "f3"], "claims": ["c1"]}


def test_a_generic_record_id_names_a_row_of_its_table_only() -> None:
    finding = _finding([{"record_id": "e1", "table_name": "events"}], [])
    assert named_rows(finding, {}) == {"events": ["e1"]}
    unnamed = _finding([{"record_id": "x1"}], [])
    assert set(named_rows(unnamed, {})) == {
        "figures",
        "terms",
        "events",
        "claims",
        "part_whole",
        "bounds",
        "announcements",
    }


def test_a_flat_finding_has_the_columns_in_order_and_its_decision_field_by_field() -> None:
    finding = _finding([{"figure_id": "f1"}], [])
    assert tuple(finding.flat()) == FINDING_COLUMNS
    assert finding.flat()["decision_action"] is None
    finding.decision = Decision(
        finding.finding_id, "confirm", "as printed", "ana", "2026-01-01", "h", line=3
    )
    flat = finding.flat()
    assert (flat["decision_line"], flat["decision_action"], flat["decision_reviewer"]) == (
        3,
        "confirm",
        "ana",
    )
