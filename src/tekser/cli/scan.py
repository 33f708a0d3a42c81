"""`tekser scan`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tekser.cli.common import (
    console,
    format_option,
    limits_option,
    package_argument,
    reports_errors,
)
from tekser.core.errors import TekserError
from tekser.core.names import LISTING_FORMATS, NUMBER_STATUSES


@click.command()
@package_argument
@click.option(
    "--seed",
    default=None,
    metavar="SOURCE_ID_OR_FILE",
    help="Only this seed: its source_id or its file [default: every seed].",
)
@click.option(
    "--status",
    type=click.Choice(NUMBER_STATUSES),
    help="Only numbers with this status (the totals stay those of the whole seed).",
)
# Deprecated, for one release: `tekser scan [SEED] --package PATH`, the form before PATH.
@click.option("--package", "package_path", default=None, hidden=True)
@format_option(*LISTING_FORMATS)
@limits_option
@reports_errors
def scan(
    path: str,
    seed: str | None,
    status: str | None,
    package_path: str | None,
    output_format: str,
) -> None:
    """List every number of the seeds of the package at PATH (default .), each with the seed
    around it and whether it is captured (by which quote), excluded (by which exclusion; the
    reasons follow the table, once each) or unaccounted.

    Example: tekser scan --status unaccounted --seed seeds/article.txt
    """
    from tekser.authoring.scanning import scan_package

    if package_path is not None:
        # the old form: the package by --package, a positional argument is the seed
        if path != "." and seed is None:
            seed = path
        path = package_path
    elif Path(path).is_file() and not path.endswith(".json"):
        raise TekserError(
            f"{path}: a file, not a package; give a seed with --seed "
            f"(tekser scan [PATH] --seed {path})"
        )
    result = scan_package(path, seed, status=status)
    if output_format == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    from tekser.render.terminal import print_scan

    print_scan(result, console())
