"""`tekser validate`."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tekser.cli.common import (
    console,
    format_option,
    limits_option,
    package_argument,
    quiet_broken_pipe,
    reports_errors,
)
from tekser.core.errors import TekserError
from tekser.core.findings import Severity
from tekser.core.names import ENGINES, REPORT_FORMATS

if TYPE_CHECKING:
    from tekser.core.report import Report
    from tekser.progress import Timings


@click.command()
@package_argument
@format_option(*REPORT_FORMATS)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="critical",
    show_default=True,
    help="Exit 1 when an open finding is at or above this severity.",
)
@click.option(
    "--checks",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="The consistency suite to run [default: the package's own checks/ folder].",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="sqlite",
    show_default=True,
    help="Where the consistency suite runs: an embedded SQLite database, or a local Spark "
    "session (needs the `spark` extra: pip install 'tekser[spark]').",
)
@click.option(
    "--timings",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write the seconds each stage took to FILE, as JSON: `stages` (structure, "
    "provenance, coverage, consistency, decisions), `parts` (of a stage, `stage/part`), "
    "`other` (the report's rendering) and `total`; written whole, atomically, once the report "
    "is out (not when the package cannot be read).",
)
@limits_option
@reports_errors
def validate(
    path: str,
    output_format: str,
    fail_on: str,
    checks: str | None,
    engine: str,
    timings: Path | None,
) -> None:
    """Validate a package: structure, provenance, coverage and consistency.

    Exit 0 when no open finding reaches --fail-on, 1 when one does, 2 when the package cannot
    be read. --format junit gives one test case per rule (decided findings skipped, with
    their decision); --format github gives workflow annotations on the seed's lines (decided
    findings as notices); --format html gives the self-contained report page. Piped into a
    reader that stops early (`| head`), it ends quietly with the same exit code.

    On a terminal, each stage's progress is shown on stderr while it runs (never on a pipe,
    with CI set in the environment, or with a machine --format).

    Example: tekser validate --format html path/to/package > report.html
    """
    from tekser.decisions.cache import remembering
    from tekser.progress import Observers, Progress, Timings, observing, shown_on_terminal, stage
    from tekser.validate import validate_package

    if timings is not None and not timings.parent.is_dir():
        raise TekserError(f"{timings}: cannot write the timings (no folder {timings.parent})")
    threshold = Severity(fail_on)
    timer = Timings() if timings is not None else None
    with shown_on_terminal(output_format == "text") as display:
        watching: list[Progress] = [o for o in (display, timer) if o is not None]
        observer = Observers(*watching) if watching else None
        keep = remembering(path, checks, engine)  # for `tekser decide` (tekser.decisions.cache)
        report = validate_package(path, checks=checks, engine=engine, progress=observer)
        keep(report)
    code = 1 if report.failing(threshold) else 0
    try:
        with quiet_broken_pipe(code), observing(timer), stage("report"):
            _print(report, path, output_format, threshold)
    except SystemExit:  # a reader that stopped early: the run was whole all the same
        _write_timings(timer, timings)
        raise
    _write_timings(timer, timings)
    sys.exit(code)


def _print(report: Report, path: str, output_format: str, threshold: Severity) -> None:
    from tekser.render.terminal import print_human, to_github, to_junit, write_json

    if output_format == "json":
        write_json(report, threshold, partial(click.echo, nl=False))
    elif output_format == "junit":
        click.echo(to_junit(report, threshold), nl=False)
    elif output_format == "github":
        click.echo(to_github(report, threshold), nl=False)
    elif output_format == "html":
        from tekser.render.page import validation_html
        from tekser.validate import read_tables

        descriptor, tables = read_tables(Path(path))
        page = validation_html(report, descriptor, tables, threshold, location=path)
        click.echo(page, nl=False)
    else:
        print_human(report, console(), threshold)
    sys.stdout.flush()


def _write_timings(timer: Timings | None, path: Path | None) -> None:
    if timer is not None and path is not None:
        timer.write(path)
