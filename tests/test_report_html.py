"""The historian's report: `tekser validate --format html` on both bundled packages, opened in
headless Chromium — every figure's quote in the page's visible text, every series and every
finding present, one-date series as rows, ranges as ranges — and screenshots at 1280 and
800 px kept in test-artifacts/. Its words (dates at their precision, values with scale and
unit) and its escaping are tested as text."""

from __future__ import annotations

import html
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tekser.core.findings import Severity
from tekser.core.report import Report
from tekser.render.labels import period_text, value_text
from tests.conftest import ROOT, read_rows, run

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
PACKAGES = {"ainakulov": ROOT, "stalin-1934": ROOT / "examples" / "stalin-1934"}
LOADERS = ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "@font-face",
           'href="http', "href='http", "//fonts")  # fmt: skip


@pytest.fixture(scope="module", params=sorted(PACKAGES))
def page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[str, Path, str]
]:  # fmt: skip
    """The report page of one bundled package, as `validate --format html` writes it."""
    name = request.param
    result = run("validate", str(PACKAGES[name]), "--format", "html")
    assert result.exit_code == 0, result.stderr
    path = tmp_path_factory.mktemp("html") / f"{name}.html"
    path.write_text(result.stdout, encoding="utf-8")
    yield name, PACKAGES[name], result.stdout


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def visible_text(dom: str) -> str:
    """The text a reader sees: the body without its tags, SVG tooltips (<title>) and
    styles, entities decoded, with no whitespace (so that wrapping does not matter)."""
    body = dom.split("<body", 1)[1]
    body = re.sub(r"<(title|style)\b.*?</\1>", "", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    return "".join(text.replace("⏎", "").split())


def squeezed(quote: str) -> str:
    return "".join(quote.split())


def test_page_is_self_contained(page: tuple[str, Path, str]) -> None:
    _name, _package, text = page
    lowered = text.lower()
    for loader in LOADERS:
        assert loader not in lowered, loader
    assert "default-src 'none'" in text
    assert "@media print" in text and "@media (max-width" in text
    assert text.startswith("<!DOCTYPE html>")


def test_page_in_headless_chromium(page: tuple[str, Path, str], tmp_path: Path) -> None:
    name, package, text = page
    path = tmp_path / f"{name}.html"
    path.write_text(text, encoding="utf-8")
    dumped = chromium("--dump-dom", path.as_uri(), profile=tmp_path / "profile-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    seen = visible_text(dom)

    figures = read_rows(package / "data" / "figures.csv")
    spans = {r["provenance_id"]: r for r in read_rows(package / "provenance" / "provenance.csv")}
    for figure in figures:
        quote = spans[figure["provenance_id"]]["quote"]
        assert squeezed(quote) in seen, (figure["figure_id"], quote)
    series = {row["series_id"] for row in figures}
    shown = set(re.findall(r'<(?:section|tbody)[^>]*\bdata-series="([^"]*)"', dom))
    assert shown == series
    charted = set(re.findall(r'<svg[^>]*\bdata-series="([^"]*)"', dom))
    periods: dict[str, set[str]] = {}
    for row in figures:
        periods.setdefault(row["series_id"], set()).add(row["period_start"] + row["period_end"])
    assert charted == {s for s, found in periods.items() if len(found) > 1}  # one date: a row
    result = run("validate", str(package), "--format", "json")
    import json

    for finding in json.loads(result.stdout)["findings"]:
        assert finding["finding_id"] in dom, finding["finding_id"]
    assert "Contents" in seen and "Findingsbyruleandstatus" in seen

    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 800):
        shot = ARTIFACTS / f"report-{name}-{width}.png"
        shot.unlink(missing_ok=True)
        taken = chromium(f"--screenshot={shot}", f"--window-size={width},3000", path.as_uri(),
                         profile=tmp_path / f"profile-{width}")  # fmt: skip
        assert taken.returncode == 0, taken.stderr[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
    (ARTIFACTS / f"report-{name}.html").write_text(text, encoding="utf-8")


def test_dates_values_and_ranges_read_as_printed(page: tuple[str, Path, str]) -> None:
    name, _package, text = page
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    if name == "stalin-1934":
        assert "160.5 million persons" in plain
        assert "84.5\u202f%" in plain
        assert "end of 1930" in plain
    else:
        assert "first half of 1927" in plain  # not 1927-01-01
        assert "a range: 50–100 versts, 1925" in plain
        assert "1 Jan 1928" in plain
        for section in ("terms", "events", "claims", "part_whole", "bounds", "announcements"):
            assert f'<section id="{section}">' in text, section


def test_words_of_the_page() -> None:
    assert period_text("1927-01-01", "1927-06-30", "half-year") == "first half of 1927"
    assert period_text("1925-01-01", "1925-12-31", "year") == "1925"
    assert period_text("1925-01-01", "1933-12-31", "year") == "1925–1933"
    assert period_text("1929-01-01", "1930-12-31", "split-year") == "1929/30"
    assert period_text("1934-01-08", "1934-01-16", "day") == "8–16 Jan 1934"
    assert period_text("1930-12-31", "1930-12-31", "year-end") == "end of 1930"
    assert period_text("1930-04-01", "1930-04-30", "month") == "Apr 1930"
    row = {"value": "160.5", "scale": "million", "unit": "persons", "statistic": "count"}
    assert value_text(row) == "160.5 million persons"
    assert value_text({"value": "14752", "unit": "communists"}) == "14\u202f752 communists"
    assert value_text({"value": "3", "unit": "members", "statistic": "lower-bound"}) == (
        "at least 3 members"
    )


def test_hostile_data_is_escaped() -> None:
    from tekser.core.findings import Evidence, Finding
    from tekser.render.page import PageData, render_page

    hostile = '<script>alert("x")</script>&amp;'
    figure = {
        "figure_id": "f<1>", "series_id": '<s a="1">&', "period_start": "1930-01-01",
        "period_end": "1930-12-31", "date_precision": "year", "value": "5", "printed": "<5>",
        "date_printed": "&amp;", "unit": "<u>", "organisation": "o'rg", "measure": "m",
        "provenance_id": "p1",
    }  # fmt: skip
    second = {**figure, "figure_id": "f2", "period_start": "1931-01-01",
              "period_end": "1931-12-31"}  # fmt: skip
    span = {
        "provenance_id": "p1",
        "source_id": "s",
        "quote": hostile,
        "prefix": "<b>",
        "suffix": "</b>",
        "page": "1",
        "line": "2",
        "language": "ru",
        "citation": "[<1>]",
    }
    finding = Finding(
        rule="x.rule",
        severity=Severity.WARNING,
        message=hostile,
        records=[{"figure_id": "f<1>"}],
        evidence=[Evidence("p1", "s", 0, 5, hostile, 1, 2, "<i>", "</i>")],
    )
    report = Report(package=".", findings=[finding])
    text = render_page(PageData(report, Severity.CRITICAL, {"title": hostile, "resources": []},
                                {"figures": [figure, second], "provenance": [span]}))  # fmt: skip
    for raw in ("<script", "<s a=", "<u>", "<5>", "f<1>", "<b>", "<i>", "[<1>]"):
        assert raw not in text, raw
    assert "&lt;script&gt;" in text and "&amp;amp;" in text
    assert 'data-series="&lt;s a=&#34;1&#34;&gt;&amp;"' in text
