"""`tekser decide` and the decisions log: each action, concurrent appends, corrupt lines,
stale decisions, and validate honouring them."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from tekser.core.report import Report
from tests.conftest import edit_text, rehash, run, run_json

LOG = Path("provenance") / "decisions.jsonl"
KOLKHOZ_1931 = "jan1.kolkhoz.cells.1931-01-01"
# the finding the tests decide: the misprinted year of that figure's date
MISPRINT = "dates.printed-year-outside-period"


@pytest.fixture
def bundled(bundled: Path) -> Path:
    """The bundled package as it was before its curators decided anything."""
    (bundled / LOG).unlink(missing_ok=True)
    return bundled


def findings(package: Path, *args: str) -> list[dict[str, Any]]:
    _, report = run_json("validate", str(package), *args)
    return list(report["findings"])


def finding_for(package: Path, rule: str, record_id: str) -> dict[str, Any]:
    return finding_among(findings(package), rule, record_id)


def finding_among(found: list[dict[str, Any]], rule: str, record_id: str) -> dict[str, Any]:
    for finding in found:
        named = {r.get("id") or r.get("record_id") for r in finding["records"]}
        if finding["rule"] == rule and record_id in named:
            return finding
    raise AssertionError(f"no {rule} finding for {record_id}")


@pytest.fixture
def undecided(undecided_report: Report) -> list[dict[str, Any]]:
    """The findings of the package as `bundled` starts, validated once per session: what a
    test reads before it changes anything."""
    findings: list[dict[str, Any]] = undecided_report.to_dict()["findings"]
    return findings


@pytest.fixture
def misprint(undecided: list[dict[str, Any]]) -> dict[str, Any]:
    """The finding the tests decide, as the undecided package gives it."""
    return finding_among(undecided, MISPRINT, KOLKHOZ_1931)


def log_lines(package: Path) -> list[dict[str, Any]]:
    text = (package / LOG).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("action", "extra", "status"),
    [
        ("confirm", [], "confirmed"),
        ("dismiss", [], "dismissed"),
        ("correct", ["--value", "658"], "corrected"),
    ],
)
def test_decide_records_each_action(
    bundled: Path, misprint: dict[str, Any], action: str, extra: list[str], status: str
) -> None:
    target = misprint
    result = run(
        "decide", target["finding_id"], action, str(bundled),
        "--reason", "the series runs 1928-1932; 1391 is a transposition of 1931",
        "--reviewer", "A. Curator", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"{target['finding_id']}: {status} by A. Curator"
    [line] = log_lines(bundled)
    assert line["finding_id"] == target["finding_id"]
    assert line["action"] == action
    assert line["reviewer"] == "A. Curator"
    assert line["timestamp"].endswith("Z")
    assert line["evidence_hash"].startswith("sha256:")
    if action == "correct":
        assert (line["value"], line["figure_id"]) == (658, KOLKHOZ_1931)
    after = finding_for(bundled, MISPRINT, KOLKHOZ_1931)
    assert after["status"] == status
    assert after["decision"]["reason"].startswith("the series runs")


def test_decide_refuses_bad_requests_without_writing(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    target = misprint["finding_id"]
    cases = [
        (["series.repeated-value:000000000000", "confirm", "--reason", "why not"], "no such"),
        ([target, "correct", "--reason", "a correction"], "needs the corrected value"),
        ([target, "confirm", "--reason", "  "], "needs a reason"),
        ([target, "confirm", "--reason", "ok then", "--value", "3"], "only for corrections"),
    ]
    for args, message in cases:
        result = run("decide", *args[:2], str(bundled), *args[2:])
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert not (bundled / LOG).exists()


def test_later_decision_supersedes_and_both_stay(bundled: Path, misprint: dict[str, Any]) -> None:
    target = misprint["finding_id"]
    for action in ("dismiss", "confirm"):
        result = run("decide", target, action, str(bundled), "--reason", f"{action} it")
        assert result.exit_code == 0
    assert [line["action"] for line in log_lines(bundled)] == ["dismiss", "confirm"]
    assert finding_for(bundled, MISPRINT, KOLKHOZ_1931)["status"] == ("confirmed")


def _append_many(args: tuple[str, int]) -> None:
    from tekser.core.findings import Decision
    from tekser.decisions.log import append

    root, worker = args
    for index in range(40):
        append(
            Path(root),
            Decision(
                finding_id=f"provenance.normalised-date:{worker:06x}{index:06x}",
                action="confirm",
                reason=f"worker {worker} decision {index} " + "x" * 300,
                reviewer=f"reviewer-{worker}",
                timestamp="2026-11-25T00:00:00Z",
                evidence_hash="sha256:" + "0" * 64,
            ),
        )


def test_concurrent_appends_lose_and_tear_no_line(bundled: Path) -> None:
    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        pool.map(_append_many, [(str(bundled), worker) for worker in range(8)])
    lines = (bundled / LOG).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 * 40
    records = [json.loads(line) for line in lines]
    assert len({r["finding_id"] for r in records}) == 8 * 40
    from tekser.decisions.log import read_log

    decisions, corrupt = read_log(bundled)
    assert (len(decisions), corrupt) == (320, [])


def test_corrupt_line_is_reported_with_its_number_and_kept(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    target = misprint["finding_id"]
    assert run("decide", target, "confirm", str(bundled), "--reason", "as printed").exit_code == 0
    log = bundled / LOG
    good = log.read_text(encoding="utf-8")
    log.write_text('{"finding_id": "broken", "action": \n' + good, encoding="utf-8")
    before = log.read_bytes()
    code, report = run_json("validate", str(bundled))
    assert code == 1
    [corrupt] = [f for f in report["findings"] if f["rule"] == "decisions.corrupt-line"]
    assert corrupt["severity"] == "critical"
    assert "line 1 " in corrupt["message"]
    decided = [f for f in report["findings"] if f["finding_id"] == target]
    assert decided[0]["status"] == "confirmed"  # the valid line is still honoured
    assert log.read_bytes() == before


def test_torn_last_line_stays_apart_from_the_next_append(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    target = misprint["finding_id"]
    log = bundled / LOG
    log.parent.mkdir(exist_ok=True)
    log.write_text('{"finding_id": "torn by a cra', encoding="utf-8")
    assert run("decide", target, "confirm", str(bundled), "--reason", "as printed").exit_code == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"finding_id": "torn by a cra'
    assert json.loads(lines[1])["finding_id"] == target


def test_schema_invalid_line_is_corrupt(bundled: Path) -> None:
    log = bundled / LOG
    line = {"finding_id": "x", "action": "approve", "reason": "r", "reviewer": "", "timestamp": "t",
            "evidence_hash": "h"}  # fmt: skip
    log.write_text(json.dumps(line) + "\n", encoding="utf-8")
    rules = [f["rule"] for f in findings(bundled)]
    assert rules.count("decisions.corrupt-line") == 1


def test_changed_evidence_makes_a_decision_stale_until_decided_again(
    bundled: Path, undecided_report: Report
) -> None:
    from tekser.decisions.make import make_decision

    first, *others = undecided_report.findings
    for finding in undecided_report.findings:
        result = run("decide", finding.finding_id, "confirm", str(bundled), "--reason", "ok")
        assert result.exit_code == 2  # a reason of two letters is not a reason
    result = run("decide", first.finding_id, "confirm", str(bundled),
                 "--reason", "checked against the source")  # fmt: skip
    assert result.exit_code == 0
    # the others as `decide` records them, without a validation of the package each
    for finding in others:
        make_decision(bundled, finding, "confirm", "checked against the source")
    assert len(log_lines(bundled)) == len(undecided_report.findings) > 1
    assert run("validate", str(bundled), "--fail-on", "info").exit_code == 0

    edit_text(
        bundled / "data" / "figures.csv",
        lambda text: text.replace("a transposition of 1931", "a misprint of 1931", 1),
    )
    rehash(bundled)
    code, report = run_json("validate", str(bundled), "--fail-on", "info")
    assert code == 1
    # the one finding that shows the date's note: the misprinted year (its reading is not
    # shown twice)
    stale = [f for f in report["findings"] if f["status"] == "stale"]
    assert [f["rule"] for f in stale] == ["dates.printed-year-outside-period"]
    for finding in stale:
        notes = [r["date_note"] for r in finding["records"] if r.get("date_note")]
        assert any(note.startswith("printed 1391: a misprint") for note in notes)
        result = run("decide", finding["finding_id"], "confirm", str(bundled),
                     "--reason", "reading re-checked after the note changed")  # fmt: skip
        assert result.exit_code == 0
    assert run("validate", str(bundled), "--fail-on", "info").exit_code == 0


def test_retraction_leaves_the_finding_as_before_the_decision_it_names(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    from tekser.decisions.apply import line_states
    from tekser.decisions.log import in_force, latest, read_log
    from tekser.validate import validate_package

    target = misprint["finding_id"]
    for action in ("dismiss", "confirm"):
        assert (
            run("decide", target, action, str(bundled), "--reason", f"{action} it").exit_code == 0
        )
    assert run("decide", target, "retract", str(bundled), "--reason", "too soon").exit_code == 0
    # the confirm is withdrawn: the dismissal is in force again, and all three lines stay
    assert [line["action"] for line in log_lines(bundled)] == ["dismiss", "confirm", "retract"]
    decisions, corrupt = read_log(bundled)
    assert corrupt == []
    assert log_lines(bundled)[2]["retracts"] == decisions[1].key
    assert in_force(decisions)[target].action == "dismiss"
    assert finding_for(bundled, MISPRINT, KOLKHOZ_1931)["status"] == ("dismissed")
    assert run("decide", target, "retract", str(bundled), "--reason", "that too").exit_code == 0
    after = finding_for(bundled, MISPRINT, KOLKHOZ_1931)
    assert (after["status"], after["decision"]) == ("open", None)
    decisions, _ = read_log(bundled)
    assert target not in in_force(decisions)
    assert latest(decisions)[target].action == "retract"  # the line in force: open again
    # a release sees each line's state: nothing in force but the last retraction
    states = line_states(decisions, validate_package(bundled))
    assert list(states.values()) == ["superseded", "superseded", "superseded", "in-force"]
    result = run("decide", target, "retract", str(bundled), "--reason", "nothing left")
    assert result.exit_code == 2 and "no decision in force to retract" in result.stderr


def test_a_retraction_naming_no_decision_is_reported(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    target = misprint["finding_id"]
    line = {"finding_id": target, "action": "retract", "reason": "undo", "reviewer": "A",
            "timestamp": "2026-11-25T00:00:00Z", "evidence_hash": "sha256:" + "0" * 64,
            "retracts": "sha256:" + "1" * 64}  # fmt: skip
    (bundled / LOG).parent.mkdir(exist_ok=True)
    (bundled / LOG).write_text(json.dumps(line) + "\n", encoding="utf-8")
    [corrupt] = [f for f in findings(bundled) if f["rule"] == "decisions.corrupt-line"]
    assert "retracts: names no earlier decision" in corrupt["message"]


def test_decide_corrects_a_date_and_refuses_one_that_is_not(
    bundled: Path, misprint: dict[str, Any]
) -> None:
    target = misprint["finding_id"]
    for bad, said in (("1931-02-30", "is not a date"), ("1/I 1931", "neither a number nor")):
        result = run("decide", target, "correct", str(bundled), "--value", bad,
                     "--reason", "the year as read")  # fmt: skip
        assert result.exit_code == 2 and said in result.stderr
    assert not (bundled / LOG).exists()
    result = run("decide", target, "correct", str(bundled), "--value", "1931-01-01",
                 "--reason", "1391 is 1931 transposed")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [line] = log_lines(bundled)
    assert (line["date"], line["figure_id"], "value" in line) == ("1931-01-01", KOLKHOZ_1931, False)
    assert finding_for(bundled, MISPRINT, KOLKHOZ_1931)["status"] == ("corrected")
