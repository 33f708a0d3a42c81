"""`tekser review`: end to end through a pseudo-terminal, and its screen rendered as text."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from tekser.findings import Evidence, Finding, Report, Severity
from tekser.package import Package
from tekser.review import ReviewContext, queue, render_card
from tekser.validate import validate_package
from tests.conftest import ROOT

TEKSER = str(Path(sys.executable).with_name("tekser"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def reviewed(bundled: Path) -> Path:
    """The bundled package with its consistency suite, so that warnings are there to review."""
    shutil.copytree(ROOT / "checks", bundled / "checks")
    log = bundled / "provenance" / "decisions.jsonl"
    if log.exists():
        log.unlink()  # review from scratch
    return bundled


def spawn(package: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("FORCE_COLOR", None)
    return pexpect.spawn(TEKSER, ["review", str(package), *args], env=env, encoding="utf-8",
                         timeout=60, dimensions=(50, 80))  # fmt: skip


def test_review_session_through_a_terminal(reviewed: Path) -> None:
    child = spawn(reviewed, "--rule", "series.repeated-value", "--rule", "languages",
                  "--reviewer", "A. Curator")  # fmt: skip
    child.expect("languages.terms-disagree")  # queue order: severity, then rule
    child.expect(r"\[c\]onfirm")
    child.sendline("s")
    child.expect("series.repeated-value")
    child.expect(r"\[c\]onfirm")
    screen = ANSI.sub("", child.before or "").replace("\xa0", " ")
    assert "14752" in screen
    assert "⟦" in screen and "⟧" in screen  # the quoted span is marked
    assert max(len(line) for line in screen.splitlines()) <= 80
    child.sendline("c")
    child.expect("Reason")
    child.sendline("The source prints 14752 for both years; kept as printed")
    child.expect("recorded: confirmed")
    child.expect("1 decision")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = (reviewed / "provenance" / "decisions.jsonl").read_text(encoding="utf-8")
    [decision] = [json.loads(line) for line in lines.splitlines()]
    assert decision["rule"] == "series.repeated-value"
    assert decision["action"] == "confirm"
    assert decision["reviewer"] == "A. Curator"
    assert decision["reason"] == "The source prints 14752 for both years; kept as printed"


def test_review_correction_through_a_terminal(reviewed: Path) -> None:
    child = spawn(reviewed, "--rule", "series.repeated-value")
    child.expect(r"\[c\]onfirm")
    child.sendline("x")
    child.expect("Figure to correct")
    child.sendline("jan1.aul-village.members.1930-01-01")
    child.expect("Corrected value")
    child.sendline("not a number")
    child.expect("Corrected value")  # asked again, nothing written
    child.sendline("15752")
    child.expect("Reason")
    child.sendline("")
    child.expect("Reason")  # a reason is required
    child.sendline("Archival report gives 15752 for 1930; the repeat is a typesetting slip")
    child.expect("recorded: corrected")
    child.expect(pexpect.EOF)
    child.close()
    decision = json.loads((reviewed / "provenance" / "decisions.jsonl").read_text("utf-8"))
    assert (decision["action"], decision["value"]) == ("correct", 15752)
    assert decision["figure_id"] == "jan1.aul-village.members.1930-01-01"


def test_quit_writes_nothing(reviewed: Path) -> None:
    child = spawn(reviewed)
    child.expect(r"\[c\]onfirm")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (reviewed / "provenance" / "decisions.jsonl").exists()


def render(finding: Finding, report: Report, package: Path, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    context = ReviewContext.load(Package.open(package))
    console.print(render_card(finding, report, context, "1/1"))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output.replace("\xa0", " ")  # the seed's no-break spaces, for readable asserts


def test_card_renders_as_text_at_80_columns(reviewed: Path) -> None:
    report = validate_package(reviewed)
    [finding] = queue(report, rules=("series.repeated-value",))
    text = render(finding, report, reviewed)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "WARNING series.repeated-value 1/1" in lines[0]
    assert "The same value at two consecutive dates of one series" in text
    assert " 342 │ 878  ұялар-14752  коммунистердi, ⟦1930 жылы" in text  # source line, numbered
    assert "⟦1930 жылы" in text  # the second quote starts on line 342
    assert "series jan1.aul-village.members" in text
    series = text[text.index("series jan1.aul-village.members") :]
    assert re.search(r"1929-01-01 │ 14752\s+│ 14752\s+│ ◀", series)
    assert re.search(r"1930-01-01 │ 14752\s+│ 14752\s+│ ◀", series)
    assert re.search(r"1928-01-01 │ 16889\s+│ 16889\s+│\s+│", series)


def test_card_escapes_markup_and_terminal_codes(reviewed: Path) -> None:
    report = validate_package(reviewed)
    hostile = Finding(
        rule="provenance.normalised-value",
        severity=Severity.INFO,
        message="[bold red]not markup[/] \x1b[31mnot a colour\x1b[0m [12]",
        records=[{"note": "[link=file:///etc/passwd]x[/link]"}],
        evidence=[Evidence(None, "ainakulov-2013", None, None, "quote with [6] and \x07 bell")],
    )
    text = render(hostile, report, reviewed)
    assert "[bold red]not markup[/]" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31mnot a colour" in text
    assert "[link=file:///etc/passwd]x[/link]" in text
    assert "[6]" in text and "[12]" in text


def test_queue_orders_most_severe_first_and_filters(reviewed: Path) -> None:
    report = validate_package(reviewed)
    everything = queue(report)
    ranks = [f.severity.rank for f in everything]
    assert ranks == sorted(ranks, reverse=True)
    assert {f.severity for f in queue(report, severity=Severity.WARNING)} == {Severity.WARNING}
    assert {f.rule for f in queue(report, rules=("claims",))} == {
        "claims.direction-contradicted",
        "claims.pace-contradicted",
    }
