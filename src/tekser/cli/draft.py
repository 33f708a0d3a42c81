"""`tekser draft`."""

from __future__ import annotations

import json

import click

from tekser.cli.common import limits_option, package_argument, reports_errors
from tekser.core.names import LISTING_FORMATS


@click.command()
@package_argument
@click.option(
    "--seed",
    default=None,
    metavar="SOURCE_ID",
    help="Only this seed: its source_id or its file [default: every seed].",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(LISTING_FORMATS),
    default=None,
    help="Print the proposals (a table, or JSON) instead of writing drafts/.",
)
@click.option("--force", is_flag=True, help="Replace proposals already pending in drafts/.")
@click.option(
    "--accept",
    "accepting",
    is_flag=True,
    help="Move the proposals of drafts/ into the tables, anchored, all or nothing.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    help="With --accept: only this proposal (figure_id or exclusion_id); repeat.",
)
@click.option(
    "--agent",
    default=None,
    help="Who drafts or accepts [default: the git user, else the login name].",
)
@limits_option
@reports_errors
def draft(
    path: str,
    seed: str | None,
    output_format: str | None,
    force: bool,
    accepting: bool,
    only: tuple[str, ...],
    agent: str | None,
) -> None:
    """Propose figures, with their quotes, for the numbers no quote or exclusion accounts for.

    Each figure gets its value (read from the printed token), unit, scale, statistic and date
    from the words around it, and the clause that states it as its quote; a number that is
    plainly not a figure (a date, a footnote mark, a reference) gets an exclusion. Every
    proposal has a confidence and its reasons. Without --format the proposals are written to
    drafts/ (never into the tables); check and edit them, then --accept.

    Example: tekser draft my-package && tekser draft my-package --accept
    """
    from tekser.core.errors import TekserError

    if only and not accepting:
        raise TekserError("--only names proposals to accept: give it with --accept")
    if accepting:
        from tekser.authoring.draft import accept_drafts

        accepted = accept_drafts(path, list(only) or None, agent)
        click.echo(
            f"accepted {len(accepted.figures)} figure(s) and {len(accepted.exclusions)} "
            f"exclusion(s), anchored; {accepted.left} proposal(s) left in drafts/"
        )
        for name in accepted.files:
            click.echo(f"  wrote {name}")
        for line in accepted.naming.lines():
            click.echo(line)
        return
    from tekser.authoring.draft import draft_package
    from tekser.authoring.draft_view import render_table, summary

    _language_notes(path)
    result = draft_package(path, seed, agent=agent)
    if output_format == "json":  # JSON whatever there is to draft, none included
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if result.unaccounted == 0:
        click.echo("Nothing to draft: every number of the seeds is captured or excluded.")
        return
    if output_format == "text":
        from tekser.render.terminal import safe

        click.echo(safe(render_table(result)))
        return
    written = result.write(force=force)
    click.echo(summary(result))
    for name in written:
        click.echo(f"  wrote {name}")
    click.echo(
        f"Check drafts/proposals.csv (least confident first), edit drafts/*.csv, then: "
        f"tekser draft {path} --accept"
    )


def _language_notes(path: str) -> None:
    """One line on stderr for each language of the seeds that draft cannot read in full."""
    from tekser.authoring.drafting.units import language_notes
    from tekser.package.descriptor import Package

    package = Package.open(path)
    if not package.has_table("sources") or not package.resource_file("sources").is_file():
        return
    tags = [
        tag
        for row in package.read_table("sources")
        if row.get("path")
        for tag in (row.get("languages", "").replace(",", " ").split() or ["und"])
    ]
    for note in language_notes(tags, package.root):
        click.echo(f"tekser draft: {note}", err=True)
