"""The curator's desk (`tekser review` in a terminal): keys in, decisions and screen out.

Headless through Textual's pilot on copies of the bundled packages, with SVG screenshots
left in test-artifacts/; and once end to end in a real pseudo-terminal of 80×24."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import re
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tekser.cli import main
from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.report import Report
from tekser.decisions.apply import apply
from tekser.decisions.log import read_log
from tekser.desk.app import DeskApp
from tekser.desk.screens import CorrectionScreen, ReasonScreen
from tekser.desk.session import ReviewSession
from tekser.package.descriptor import Package
from tekser.render.card import ReviewContext, queue
from tekser.validate import validate_package
from tests.conftest import ROOT, copy_package, run

LOG = Path("provenance") / "decisions.jsonl"
ARTIFACTS = ROOT / "test-artifacts"
TEKSER = str(Path(sys.executable).with_name("tekser"))
REVIEWER = "A. Curator"
REPEATED = "series.repeated-value"


def fresh_copy(source: Path, target: Path) -> Path:
    """A copy of a bundled package as it was before its curators decided anything."""
    package = copy_package(source, target)
    (package / LOG).unlink(missing_ok=True)
    return package


@pytest.fixture(scope="module")
def article_report(undecided_report: Report) -> Report:
    """The article before its curators decided, validated once for the session (finding ids
    do not depend on where a package lies); each test reviews it on a copy of its own."""
    return undecided_report


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return fresh_copy(ROOT, tmp_path / "article")


def session_on(package: Path, report: Report, **filters: str) -> ReviewSession:
    report = copy.deepcopy(report)
    session = ReviewSession(
        report=report,
        context=ReviewContext.load(Package.open(package)),
        findings=queue(report),
        reviewer=REVIEWER,
    )
    session.set_filters(filters)
    return session


def log_lines(package: Path) -> list[dict[str, Any]]:
    path = package / LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def screen_text(app: DeskApp) -> str:
    """What the terminal shows, as text."""
    console = Console(width=app.size.width, file=open(os.devnull, "w"), record=True)  # noqa: SIM115
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().replace("\xa0", " ")


def dialog_text(app: DeskApp) -> str:
    """The words of the prompt open on the screen, its line breaks taken out."""
    said = []
    for widget in app.screen.query(Static):
        content = widget.content
        said.append(content.plain if isinstance(content, Text) else str(content))
    return " ".join(" ".join(said).split())


Steps = Callable[[DeskApp, Pilot[int]], Awaitable[None]]


def drive(session: ReviewSession, steps: Steps, size: tuple[int, int] = (80, 24)) -> DeskApp:
    async def main() -> DeskApp:
        app = DeskApp(session)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(app, pilot)
        return app

    return asyncio.run(main())


async def say(pilot: Pilot[int], text: str) -> None:
    await pilot.press(*text)


def test_confirm_records_one_line_and_the_screen_says_so(
    article: Path, article_report: Report
) -> None:
    session = session_on(article, article_report, rule=REPEATED)
    [finding] = session.shown

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        text = screen_text(app)
        assert "WARNING series.repeated-value 1/1 · open" in text
        assert "The same value at consecutive dates" in text  # the rule explained
        assert REVIEWER in text.splitlines()[0] and "0 decisions this session" in text
        await pilot.press("c")
        assert isinstance(app.screen, ReasonScreen)
        assert f"confirm {finding.finding_id}  for {REVIEWER}" in screen_text(app)
        await pilot.press("enter")  # no reason: asked again, nothing written
        assert "A decision needs a reason" in screen_text(app)
        assert log_lines(article) == []
        await say(pilot, "Printed twice; kept as printed")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1 decision this session" in text
        assert "confirmed" in text
        app.save_screenshot("desk-confirmed-80x24.svg", str(ARTIFACTS))

    ARTIFACTS.mkdir(exist_ok=True)
    drive(session, steps)
    [line] = log_lines(article)
    assert (line["finding_id"], line["action"]) == (finding.finding_id, "confirm")
    assert (line["reviewer"], line["reason"]) == (REVIEWER, "Printed twice; kept as printed")
    assert session.shown[0].status == "confirmed"


def test_escape_cancels_a_decision(article: Path, article_report: Report) -> None:
    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("d")
        await say(pilot, "not yet")
        await pilot.press("escape")
        assert not isinstance(app.screen, ReasonScreen)

    drive(session_on(article, article_report, rule=REPEATED), steps)
    assert log_lines(article) == []


def test_correct_picks_the_figure_by_its_number_and_checks_the_value(
    article: Path, article_report: Report
) -> None:
    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("x")
        assert isinstance(app.screen, CorrectionScreen)
        text = screen_text(app)
        assert "1 jan1.aul-village.members.1929-01-01" in text
        assert "2 jan1.aul-village.members.1930-01-01" in text
        await pilot.press("2")
        await say(pilot, "15752,5")
        await pilot.press("enter")
        assert "a count is a whole number once scaled" in screen_text(app)
        await pilot.press(*["backspace"] * 2)
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonScreen)
        assert "jan1.aul-village.members.1930-01-01 → 15752" in screen_text(app)
        await say(pilot, "The archive's report gives 15752 for 1930")
        await pilot.press("enter")

    drive(session_on(article, article_report, rule=REPEATED), steps)
    [line] = log_lines(article)
    assert line["action"] == "correct"
    assert (line["figure_id"], line["value"]) == ("jan1.aul-village.members.1930-01-01", 15752)


def test_correct_takes_a_date_for_a_figure_read_at_another_date(
    article: Path, article_report: Report
) -> None:
    session = session_on(article, article_report, rule="dates.printed-year-outside-period")
    [target] = [f for f in session.shown if any(r.get("record_id") == "jan1.sovkhoz.cells."
                                                 "1931-01-01" for r in f.records)]  # fmt: skip
    session.go_to(target)

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("x", "1")  # one figure, picked as any other
        await say(pilot, "1931-02-30")
        await pilot.press("enter")
        assert "'1931-02-30' is not a date" in screen_text(app)
        await pilot.press(*["backspace"] * 10)
        await say(pilot, "1931-01-01")
        await pilot.press("enter")
        await say(pilot, "931 is 1931 with its first digit lost")
        await pilot.press("enter")

    drive(session, steps)
    [line] = log_lines(article)
    assert (line["action"], line["date"], line["figure_id"]) == (
        "correct", "1931-01-01", "jan1.sovkhoz.cells.1931-01-01",
    )  # fmt: skip
    assert "value" not in line


def test_dismiss_skip_and_back(article: Path, article_report: Report) -> None:
    session = session_on(article, article_report, severity="warning")
    first, second, third = session.shown[:3]

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        assert session.current is first
        await pilot.press("s")  # skip: the next finding, nothing written
        assert session.current is second
        assert f"2/{len(session.shown)}" in screen_text(app)
        await pilot.press("p")  # back
        assert session.current is first
        await pilot.press("down", "up", "n")
        assert session.current is second
        await pilot.press("d")
        await say(pilot, "Not an inconsistency: two series")
        await pilot.press("enter")
        assert session.current is third  # on to the next
        await pilot.press("up")
        assert session.current is second
        assert f"{second.rule} 2/{len(session.shown)} · dismissed" in screen_text(app)

    drive(session, steps)
    [line] = log_lines(article)
    assert (line["finding_id"], line["action"]) == (second.finding_id, "dismiss")


def test_undo_appends_a_retraction_and_the_finding_is_open_again(
    article: Path, article_report: Report
) -> None:
    session = session_on(article, article_report, rule=REPEATED)
    [finding] = session.shown

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("c")
        await say(pilot, "kept as printed")
        await pilot.press("enter")
        await pilot.press("u")
        await pilot.pause()
        text = screen_text(app)
        assert "0 decisions this session" in text
        assert "1/1 · open" in text
        await pilot.press("end")
        text = screen_text(app)
        assert "confirm by A. Curator: kept as printed" in text  # the log's lines on the
        assert "retract by A. Curator: undoes the confirm of" in text  # finding, both
        await pilot.press("u")  # nothing left to undo: said, nothing written
        await pilot.pause()
        assert app.notices[-1] == "nothing to undo in this session"

    drive(session, steps)
    _confirm, retraction = log_lines(article)
    assert retraction["action"] == "retract"
    assert retraction["finding_id"] == finding.finding_id
    decisions, corrupt = read_log(article)
    assert corrupt == []
    assert retraction["retracts"] == decisions[0].key
    assert finding.status == "open" and finding.decision is None
    report = copy.deepcopy(article_report)
    apply(report, article)  # as validate applies the log
    assert next(f for f in report.findings if f.finding_id == finding.finding_id).status == "open"


def test_filter_by_a_facet_then_batch_after_naming_the_count(
    article: Path, article_report: Report
) -> None:
    session = session_on(article, article_report)
    inferred = [f for f in session.findings if f.rule == "provenance.inferred-date"]
    assert len(inferred) > 1

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash")
        facets = app.screen.query_one(OptionList)
        wanted = "rule\tprovenance.inferred-date"
        facets.highlighted = next(
            i for i in range(facets.option_count) if facets.get_option_at_index(i).id == wanted
        )
        await pilot.press("enter")
        await pilot.pause()
        assert session.shown == inferred
        text = screen_text(app)
        assert f"{len(inferred)} of {len(session.findings)} · filter rule=provenance." in text
        await pilot.press("b")
        assert f"for the {len(inferred)} undecided findings shown" in dialog_text(app)
        await pilot.press("c")
        await say(pilot, "Each reading checked against the source")
        await pilot.press("enter")
        asked = dialog_text(app)
        assert f"Confirm {len(inferred)} findings (rule=provenance.inferred-date)" in asked
        app.save_screenshot("desk-batch-80x24.svg", str(ARTIFACTS))
        assert log_lines(article) == []  # nothing before the count is confirmed
        await pilot.press("y")
        await pilot.pause()
        assert f"{len(inferred)} decisions this session" in screen_text(app)
        await pilot.press("u")  # a batch is undone as it was made: whole
        await pilot.pause()

    ARTIFACTS.mkdir(exist_ok=True)
    drive(session, steps)
    lines = log_lines(article)
    count = len(inferred)
    assert [line["action"] for line in lines] == ["confirm"] * count + ["retract"] * count
    assert {line["finding_id"] for line in lines[:count]} == {f.finding_id for f in inferred}
    assert {line["reason"] for line in lines[:count]} == {"Each reading checked against the source"}
    assert all(f.status == "open" for f in inferred)


def test_batch_refused_at_n_writes_nothing(article: Path, article_report: Report) -> None:
    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("b", "d")
        await say(pilot, "not inconsistencies")
        await pilot.press("enter", "n")

    drive(session_on(article, article_report, rule="provenance.normalised-date"), steps)
    assert log_lines(article) == []


def test_ctrl_c_leaves_with_130_and_writes_nothing(article: Path, article_report: Report) -> None:
    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        await pilot.press("c")
        await say(pilot, "half typed")
        await pilot.press("ctrl+c")

    app = drive(session_on(article, article_report), steps)
    assert app.return_code == 130
    assert log_lines(article) == []


def test_source_text_is_shown_inertly(article: Path, article_report: Report) -> None:
    hostile = Finding(
        rule="provenance.normalised-value",
        severity=Severity.WARNING,
        message="[bold red]not markup[/] \x1b[31mnot a colour\x1b[0m",
        evidence=[Evidence(None, "ainakulov-2013", None, None, "quote [link=x]y[/link] \x07")],
    )
    session = session_on(article, article_report)
    session.report.findings.append(hostile)
    session.findings = [hostile]

    async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
        text = screen_text(app)
        assert "[bold red]not markup[/]" in text
        assert "\\x1b[31mnot a colour" in text
        assert "[link=x]y[/link]" in text
        assert "\x1b" not in text and "\x07" not in text

    drive(session, steps)


def test_screenshots_at_80x24_and_120x40(tmp_path: Path, article_report: Report) -> None:
    """The desk on both bundled sources, narrow and wide, kept as SVG artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    stalin = fresh_copy(ROOT / "examples" / "stalin-1934", tmp_path / "stalin")
    sources = {
        "article": (fresh_copy(ROOT, tmp_path / "article"), article_report),
        "stalin-1934": (stalin, validate_package(stalin)),
    }
    for name, (package, report) in sources.items():
        for width, height in ((80, 24), (120, 40)):

            async def steps(app: DeskApp, pilot: Pilot[int]) -> None:
                text = screen_text(app)
                lines = text.splitlines()
                assert (max(map(len, lines)), len(lines)) == app.size
                first = app.session.current
                assert first is not None
                assert f"{first.severity.value.upper()} {first.rule} 1/" in text
                app.save_screenshot(f"desk-{name}-{width}x{height}.svg", str(ARTIFACTS))  # noqa: B023

            drive(session_on(package, report, severity="warning"), steps, size=(width, height))
        assert (ARTIFACTS / f"desk-{name}-120x40.svg").read_text("utf-8").startswith("<svg")


def test_no_color_is_honoured(
    article: Path, article_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert DeskApp(session_on(article, article_report)).no_color


def test_review_all_shows_the_decision_and_its_retraction(
    article: Path, article_report: Report
) -> None:
    """The line mode (stdin not a terminal), after a decision and its undo."""
    [target] = [f for f in article_report.to_dict()["findings"] if f["rule"] == REPEATED]
    assert run("decide", target["finding_id"], "confirm", str(article), "--reason",
               "kept as printed", "--reviewer", REVIEWER).exit_code == 0  # fmt: skip
    retracted = run("decide", target["finding_id"], "retract", str(article), "--reason",
                    "confirmed too soon", "--reviewer", REVIEWER)  # fmt: skip
    assert retracted.stdout.strip() == (
        f"{target['finding_id']}: confirmed by {REVIEWER} retracted by {REVIEWER}"
    )
    after = json.loads(run("validate", str(article), "--format", "json").stdout)
    [again] = [f for f in after["findings"] if f["finding_id"] == target["finding_id"]]
    assert (again["status"], again["decision"]) == ("open", None)
    shown = CliRunner().invoke(main, ["review", str(article), "--all", "--rule", REPEATED],
                               input="q\n").stdout  # fmt: skip
    flat = " ".join(line.strip(" │") for line in shown.splitlines())
    flat = " ".join(flat.split())
    assert "confirm by A. Curator: kept as printed" in flat
    assert "retract by A. Curator: confirmed too soon" in flat


# --- in a real terminal --------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>].?")


class Terminal:
    """`tekser review` in a pseudo-terminal of 80×24, read as the text it paints."""

    def __init__(self, package: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL"):
            env.pop(name, None)
        self.child = pexpect.spawn(TEKSER, ["review", str(package), "--reviewer", REVIEWER],
                                   env=env, encoding="utf-8", dimensions=(24, 80),
                                   timeout=60)  # fmt: skip
        self.raw = ""

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in ESCAPES.sub("", self.raw).replace("\xa0", " "):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on the screen")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.raw += self.child.before or ""
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def test_desk_in_a_real_terminal(article: Path, article_report: Report) -> None:
    first = queue(article_report)[0]
    terminal = Terminal(article)
    terminal.wait_for(f"{first.severity.value.upper()} {first.rule} 1/")
    terminal.child.send("c")
    terminal.wait_for("Enter records")
    terminal.child.send("The source announces a table it does not give")
    terminal.child.send("\r")
    terminal.wait_for("1 decision this session")
    assert [line["action"] for line in log_lines(article)] == ["confirm"]
    terminal.child.send("u")
    terminal.wait_for("0 decisions this session")
    terminal.child.send("q")
    assert terminal.finish() == 0
    assert [line["action"] for line in log_lines(article)] == ["confirm", "retract"]
    assert "\x1b[?1049l" in terminal.raw  # the terminal's own screen given back
    assert "0 decision(s) recorded" in ESCAPES.sub("", terminal.raw)


def test_sigterm_in_a_real_terminal_exits_130(article: Path, article_report: Report) -> None:
    first = queue(article_report)[0]
    terminal = Terminal(article)
    terminal.wait_for(f"{first.rule} 1/")
    terminal.child.kill(signal.SIGTERM)
    assert terminal.finish() == 130
    assert "\x1b[?1049l" in terminal.raw
    assert "Interrupted." in terminal.raw
    assert log_lines(article) == []
