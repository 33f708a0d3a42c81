"""`tekser validate`."""

from __future__ import annotations

import sys

import click

from tekser.cli.common import (
    console,
    format_option,
    package_argument,
    quiet_broken_pipe,
    reports_errors,
)
from tekser.findings import Severity


@click.command()
@package_argument
@format_option("text", "json", "junit", "github", "html")
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
    type=click.Choice(["sqlite", "spark"]),
    default="sqlite",
    show_default=True,
    help="Where the consistency suite runs: an embedded SQLite database, or a local Spark "
    "session (needs the `spark` extra: pip install 'tekser[spark]').",
)
@reports_errors
def validate(path: str, output_format: str, fail_on: str, checks: str | None, engine: str) -> None:
    """Validate a package: structure, provenance, coverage and consistency.

    Exit 0 when no open finding reaches --fail-on, 1 when one does, 2 when the package cannot
    be read. --format junit gives one test case per rule (decided findings skipped, with
    their decision); --format github gives workflow annotations on the seed's lines (decided
    findings as notices); --format html gives the self-contained report page. Piped into a
    reader that stops early (`| head`), it ends quietly with the same exit code.

    Example: tekser validate --format html path/to/package > report.html
    """
    from tekser.render import print_human, to_github, to_json, to_junit
    from tekser.validate import validate_package

    threshold = Severity(fail_on)
    report = validate_package(path, checks=checks, engine=engine)
    code = 1 if report.failing(threshold) else 0
    with quiet_broken_pipe(code):
        if output_format == "json":
            click.echo(to_json(report, threshold), nl=False)
        elif output_format == "junit":
            click.echo(to_junit(report, threshold), nl=False)
        elif output_format == "github":
            click.echo(to_github(report, threshold), nl=False)
        elif output_format == "html":
            from tekser.html_report import validation_html

            click.echo(validation_html(report, path, threshold), nl=False)
        else:
            print_human(report, console(), threshold)
        sys.stdout.flush()
    sys.exit(code)
