"""`tekser validate`."""

from __future__ import annotations

import sys

import click

from tekser.cli.common import console, format_option, package_argument, reports_errors
from tekser.findings import Severity


@click.command()
@package_argument
@format_option("text", "json")
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="critical",
    show_default=True,
    help="Exit 1 when an open finding is at or above this severity.",
)
@reports_errors
def validate(path: str, output_format: str, fail_on: str) -> None:
    """Validate a package: structure, provenance, coverage.

    Exit 0 when no open finding reaches --fail-on, 1 when one does, 2 when the package cannot
    be read.

    Example: tekser validate --format json path/to/package
    """
    from tekser.render import print_human, to_json
    from tekser.validate import validate_package

    threshold = Severity(fail_on)
    report = validate_package(path)
    if output_format == "json":
        click.echo(to_json(report, threshold), nl=False)
    else:
        print_human(report, console(), threshold)
    sys.exit(1 if report.failing(threshold) else 0)
