"""`tekser publish`."""

from __future__ import annotations

import sys

import click

from tekser.cli.common import EXIT_INTERRUPTED, limits_option, package_argument, reports_errors


@click.command()
@package_argument
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=str),
    help="The release folder to create (missing parent folders are created with it).",
)
@click.option(
    "--zip",
    "zip_",
    is_flag=True,
    help="Also write DIR.zip beside the folder, reproducible byte for byte.",
)
@click.option(
    "--allow-undecided",
    is_flag=True,
    help="Publish open or stale warnings as open questions (critical findings always refuse).",
)
@click.option(
    "--force", is_flag=True, help="Replace an existing release at --out (and DIR.zip with --zip)."
)
@limits_option
@reports_errors
def publish(path: str, out: str, zip_: bool, allow_undecided: bool, force: bool) -> None:
    """Publish a validated, reproducible release of the package at PATH into --out.

    Refuses (exit 1, listing each finding) while any critical finding exists or any warning is
    open or stale. The release holds the package with curated figures, the decisions log, the
    validation report, W3C PROV-JSON, a SQLite database with its Datasette metadata.json, a
    self-contained report.html, README.md, CITATION.cff and SHA256SUMS; it is built beside
    --out (or beside the first of its parents that does not exist) and renamed into place,
    so it appears whole or not at all.

    Example: tekser publish --out release/ainakulov-0.1.0 --zip
    """
    from tekser.release.publish import PublishRefused, publish_package
    from tekser.render.terminal import safe

    try:
        result = publish_package(path, out, zip_=zip_, allow_undecided=allow_undecided, force=force)
    except KeyboardInterrupt:
        click.echo("Interrupted: nothing was published, nothing replaced.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except PublishRefused as refused:
        click.echo(f"Refused: {len(refused.reasons)} finding(s) stop the release:", err=True)
        for reason in refused.reasons:
            click.echo(f"  {safe(str(reason))}", err=True)
        click.echo(
            "Decide them with `tekser review` or `tekser decide`; undecided warnings "
            "may go out as open questions with --allow-undecided.",
            err=True,
        )
        sys.exit(1)
    click.echo(
        f"published {result.name} {result.version} ({result.created}) to {result.out}: "
        f"{len(result.files)} files"
    )
    if result.zip_path is not None:
        click.echo(f"  zip: {result.zip_path}")
    for correction in result.corrections:
        click.echo(
            f"  corrected: {correction.figure_id} = {correction.value} "
            f"({correction.finding.finding_id})"
        )
    for finding in result.open_questions:
        click.echo(
            safe(
                f"  open question: {finding.finding_id} [{finding.severity.value}, "
                f"{finding.status}]: {finding.message}"
            )
        )
    for decision in result.orphaned:
        click.echo(
            f"  note: decision on {decision.finding_id} (log line {decision.line}) "
            "applies to no current finding"
        )
