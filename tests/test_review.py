"""`tekser review`: end to end through a pseudo-terminal, and its screen rendered as text."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from tekser.core.findings import Evidence, Finding, Severity
from tekser.core.report import Report
from tekser.package.descriptor import Package
from tekser.render.card import ReviewContext, queue, render_card
from tekser.render.terminal import print_human
from tekser.validate import validate_package
from tests.builder import SOURCE_ID, build_package
from tests.conftest import ROOT, STANDARD_CHECKS, copy_package, run
from tests.test_scan import CAPTURED_QUOTE, FILLER, PUPILS
from tests.test_scan import SEED as PARAGRAPH_SEED

TEKSER = str(Path(sys.executable).with_name("tekser"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def reviewed(bundled: Path) -> Path:
    """The bundled package with its consistency suite, so that warnings are there to review."""
    shutil.copytree(STANDARD_CHECKS, bundled / "checks")
    log = bundled / "provenance" / "decisions.jsonl"
    if log.exists():
        log.unlink()  # review from scratch
    return bundled


def spawn(package: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("FORCE_COLOR", None)
    return pexpect.spawn(TEKSER, ["review", str(package), "--lines", *args], env=env,
                         encoding="utf-8", timeout=60, dimensions=(50, 80))  # fmt: skip


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
    """In the line mode in-process (the terminal's own prompts are the two tests above)."""
    result = run("review", str(reviewed), "--lines", input="q\n")
    assert result.exit_code == 0, result.output
    assert "[c]onfirm" in result.stdout
    assert not (reviewed / "provenance" / "decisions.jsonl").exists()


def render(finding: Finding, report: Report, package: Path, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    context = ReviewContext.load(Package.open(package))
    console.print(render_card(finding, report, context, "1/1"))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output.replace("\xa0", " ")  # the seed's no-break spaces, for readable asserts


@pytest.fixture(scope="module")
def reviewed_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """`reviewed` validated once for the tests that only read it and its report."""
    package = copy_package(ROOT, tmp_path_factory.mktemp("reviewed") / "package")
    shutil.copytree(STANDARD_CHECKS, package / "checks")
    (package / "provenance" / "decisions.jsonl").unlink(missing_ok=True)
    return package, validate_package(package)


def test_card_renders_as_text_at_80_columns(reviewed_report: tuple[Path, Report]) -> None:
    reviewed, report = reviewed_report
    [finding] = queue(report, rules=("series.repeated-value",))
    text = render(finding, report, reviewed)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "WARNING series.repeated-value 1/1" in lines[0]
    assert "The same value at consecutive dates of one series" in text  # its explain:
    # each quote in a window of its seed: the lines it spans, a few words either side
    assert "│ 339–343 │ …1039 ⏎ ұялар – 16889 коммунистердi ⟦1929 жылы ⏎ (барлық" in text
    assert "│ 341–344 │ …отыр) ⏎ 878  ұялар-14752  коммунистердi, ⟦1930 жылы ⏎ 1242" in text
    assert "коммунистердi⟧, 1931 жылы ⏎ 940  ұялар – 16010…" in text
    assert "series jan1.aul-village.members" in text
    series = text[text.index("series jan1.aul-village.members") :]
    assert re.search(r"1929-01-01 │ 14752\s+│ 14752\s+│ ◀", series)
    assert re.search(r"1930-01-01 │ 14752\s+│ 14752\s+│ ◀", series)
    assert re.search(r"1928-01-01 │ 16889\s+│ 16889\s+│\s+│", series)


def test_card_escapes_markup_and_terminal_codes(reviewed_report: tuple[Path, Report]) -> None:
    reviewed, report = reviewed_report
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


def test_queue_orders_most_severe_first_and_filters(reviewed_report: tuple[Path, Report]) -> None:
    _, report = reviewed_report
    everything = queue(report)
    ranks = [f.severity.rank for f in everything]
    assert ranks == sorted(ranks, reverse=True)
    assert {f.severity for f in queue(report, severity=Severity.WARNING)} == {Severity.WARNING}
    claims = {f.rule for f in queue(report, rules=("claims",))}
    assert {"claims.direction-contradicted", "claims.pace-contradicted"} <= claims
    assert all(rule.startswith("claims.") for rule in claims)


def unwrapped(text: str) -> str:
    """The text of a rendered card or report without its borders and line wrapping."""
    inner = (line.strip().strip("│╭╮╰╯").strip() for line in text.splitlines())
    return " ".join(" ".join(inner).split())


@pytest.fixture
def paragraphs(tmp_path: Path) -> Path:
    """A package whose seed has one line of ~1,400 code points (a JSON text corpus)."""
    return build_package(
        tmp_path / "paragraphs",
        PARAGRAPH_SEED,
        {"figures": [dict(PUPILS)]},
        checks=None,
    )


def paragraph_finding(package: Path) -> Finding:
    [record] = Package.open(package).read_table("provenance")
    start, end = int(record["start"]), int(record["end"])
    evidence = Evidence(record["provenance_id"], SOURCE_ID, start, end, record["quote"], line=1,
                        prefix=record["prefix"], suffix=record["suffix"])  # fmt: skip
    return Finding(
        rule="provenance.normalised-value",
        severity=Severity.WARNING,
        message="pupils.1929: printed 14 миллионов 358 тысяч, value 14358000",
        records=[{"figure_id": "pupils.1929"}],
        evidence=[evidence],
    )


def test_card_shows_a_window_of_a_long_line_not_the_line(paragraphs: Path) -> None:
    report = validate_package(paragraphs)
    text = render(paragraph_finding(paragraphs), report, paragraphs)
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = unwrapped(text)
    assert (
        f"1 │ …книги. Численность учащихся выросла ⟦{CAPTURED_QUOTE}⟧ до 26 миллионов. "
        "Это предложение нужно…"
    ) in flat
    assert FILLER * 2 not in flat
    lines = text.splitlines()
    heading = next(i for i, line in enumerate(lines) if "test-source, line 1" in line)
    assert "series pupils" in lines[heading + 3]  # the window: two lines of the card
    # a quote that is no longer the seed's text at its span: what the seed has, then the quote
    finding = paragraph_finding(paragraphs)
    finding.evidence = [replace(finding.evidence[0], quote="с 14 миллионов 385 тысяч в 1929 году")]
    flat = unwrapped(render(finding, report, paragraphs))
    assert f"выросла ⟦{CAPTURED_QUOTE}⟧ до 26" in flat
    assert "quoted: с 14 миллионов 385 тысяч в 1929 году" in flat


def test_report_shows_each_quote_in_a_window_of_its_seed(paragraphs: Path) -> None:
    finding = paragraph_finding(paragraphs)
    seed = f"seeds/{SOURCE_ID}.txt"
    for sources in ({SOURCE_ID: seed}, {}):  # the seed read, or only the recorded context
        report = Report(package=str(paragraphs), findings=[finding], sources=sources)
        console = Console(file=io.StringIO(), width=80, force_terminal=False, color_system=None)
        print_human(report, console, Severity.CRITICAL)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert max(len(line) for line in text.splitlines()) <= 80
        flat = unwrapped(text)
        assert f"⟦{CAPTURED_QUOTE}⟧" in flat
        assert FILLER * 2 not in flat
        assert re.search(r"test-source, line 1, p\.pupils\.1929: …\S.{10,40} ⟦с 14", flat), flat
        assert re.search(r"⟧ .{10,40}\S…", flat), flat
