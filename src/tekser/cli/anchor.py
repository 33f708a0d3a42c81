"""`tekser anchor`."""

from __future__ import annotations

import click

from tekser.cli.common import limits_option, package_argument, reports_errors


@click.command()
@package_argument
@limits_option
@reports_errors
def anchor(path: str) -> None:
    """Fill or refresh start, end, page, line, prefix and suffix from each quote.

    A quote typed loosely (other whitespace, look-alike letters, a word broken across lines)
    is re-typed exactly as the source has it. Nothing is written unless every quote is found
    once; then the descriptor's byte counts and hashes are refreshed. Figures whose value ×
    scale is not what their printed words read as are listed, for the author to mend.

    Example: tekser anchor path/to/package
    """
    from tekser.authoring.anchoring import anchor_package
    from tekser.package.descriptor import Package

    result = anchor_package(Package.open(path))
    click.echo(f"anchored {result.checked} quote(s); {len(result.changed)} updated")
    for label in result.retyped:
        click.echo(f"  {label}: quote re-typed exactly as the source has it")
    for name in result.files:
        click.echo(f"  wrote {name}")
    if result.readings:
        click.echo(
            f"{len(result.readings)} figure(s) whose value is not what the printed "
            "words read as (tekser validate will report them):"
        )
        for reading in result.readings:
            click.echo(f"  {reading}")
