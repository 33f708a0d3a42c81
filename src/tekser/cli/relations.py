"""`tekser relations`."""

from __future__ import annotations

import json

import click

from tekser.cli.common import (
    console,
    format_option,
    limits_option,
    package_argument,
    reports_errors,
)
from tekser.core.names import LISTING_FORMATS

STATUSES = ("exact", "rounding", "fails", "invalid", "circular")


@click.command()
@package_argument
@click.option("--status", type=click.Choice(STATUSES), help="Only readings with this status.")
@format_option(*LISTING_FORMATS)
@limits_option
@reports_errors
def relations(path: str, status: str | None, output_format: str) -> None:
    """List the equations of the package at PATH (default .), the `relations` table: each
    reading with its equation, the result as printed, what the terms give, the difference, the
    tolerance of the printed precision and whether it holds (exact, rounding, fails, invalid,
    circular). Reads two tables only; `tekser validate` reports the same as findings.

    Example: tekser relations --status fails
    """
    from tekser.package.descriptor import Package
    from tekser.stages.consistency.equations import package_equations

    rows = [r for r in package_equations(Package.open(path)) if status in (None, r["status"])]
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from tekser.render.terminal import print_relations

    print_relations(rows, console())
