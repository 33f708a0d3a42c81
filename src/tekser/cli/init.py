"""`tekser init`."""

from __future__ import annotations

from pathlib import Path

import click

from tekser.cli.common import console, limits_option, reports_errors


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=str))
@click.option(
    "--seed",
    required=True,
    metavar="FILE",
    type=click.Path(path_type=str),
    help="The source text (UTF-8), copied byte for byte into DIR/seeds/.",
)
@click.option(
    "--citation", default=None, help="Full bibliographic citation [default: the seed's file name]."
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="TAG",
    help="A BCP 47 language tag of the text; repeat for each "
    "[default: guessed from the letters: kk, ru, en].",
)
@click.option(
    "--source-id",
    default=None,
    help="Id of the source [default: the seed's file name as a slug, ≤ 40 characters].",
)
@click.option("--title", default=None, help="Title of the package.")
@limits_option
@reports_errors
def init(
    folder: str,
    seed: str,
    citation: str | None,
    languages: tuple[str, ...],
    source_id: str | None,
    title: str | None,
) -> None:
    """Create a new package in DIR (new or empty) around a seed text.

    Writes the descriptor, the standard Table Schemas and the tables (sources filled in, the
    rest with their headers), proposes pages from page-number lines and exclusions for page
    numbers, running headers and the ISSN, anchors them, and prints the next steps. The
    package is built beside DIR and renamed into place: it appears whole or not at all.

    Example: tekser init annual-report --seed report.txt --language ru
    """
    from rich.text import Text

    from tekser.authoring.init import init_package
    from tekser.render.terminal import safe

    result = init_package(
        Path(folder),
        Path(seed),
        citation=citation,
        languages=list(languages) or None,
        source_id=source_id,
        title=title,
    )
    from tekser.authoring.drafting.units import language_notes

    for note in language_notes(list(result.languages)):
        click.echo(f"tekser init: {note}", err=True)
    out = console()

    def say(line: str, style: str = "") -> None:
        # soft wrap: a long line (a path, a command) is never broken, so it can be copied
        out.print(Text(safe(line), style=style), soft_wrap=True)

    say(f"created {folder}: {len(result.files)} files, source {result.source_id}", "bold")
    guessed = " (a guess)" if result.languages_guessed else ""
    say(f"  seed       seeds/{result.seed.name}, languages {' '.join(result.languages)}{guessed}")
    if result.pages:
        first, last = result.pages[0], result.pages[-1]
        say(
            f"  pages      {first.page}–{last.page} ({len(result.pages)} proposed, page numbers "
            f"at the page {result.page_numbers_at}s)"
        )
    else:
        say("  pages      none found (no pages table)")
    for proposal in result.exclusions:
        where = (
            f"line {proposal.line}"
            if proposal.line
            else proposal.pattern
            if len(proposal.pattern) <= 40
            else proposal.pattern[:39] + "…"
        )
        say(
            f"  excluded   {proposal.excludes} number(s) by {proposal.exclusion_id} "
            f"({proposal.category}, {where})"
        )
    say(f"  numbers    {result.numbers} in the seed, {result.unaccounted} unaccounted")
    say("")
    say("Next steps:", "bold")
    for line in result.next_steps.splitlines():
        say(f"  {line}")
