"""`tekser review`."""

from __future__ import annotations

import click

from tekser.cli.common import EXIT_INTERRUPTED, limits_option, package_argument, reports_errors
from tekser.core.errors import TekserError
from tekser.core.findings import Severity

KEYS = {"c": "confirm", "x": "correct", "d": "dismiss", "s": "skip", "q": "quit"}


@click.command()
@package_argument
@click.option("--rule", "rules", multiple=True, help="Only findings of this rule (or family).")
@click.option(
    "--severity",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Only findings at or above this severity.",
)
@click.option("--all", "include_decided", is_flag=True, help="Decided findings too.")
@click.option("--reviewer", default=None, help="Who decides [default: git user, else login].")
@click.option(
    "--lines",
    "line_mode",
    is_flag=True,
    help="One finding after another on the line, even in a terminal.",
)
@limits_option
@reports_errors
def review(
    path: str,
    rules: tuple[str, ...],
    severity: str | None,
    include_decided: bool,
    reviewer: str | None,
    line_mode: bool,
) -> None:
    """Review open findings with the source's words in front of you.

    In a terminal, a full-screen desk: the queue and the finding in view; c confirm (the source
    really says this), x correct (pick the figure, type its value or date), d dismiss (not an
    inconsistency), s skip, n/p next and previous, u undo the last decision of the session,
    / filter, b batch, ? help, q quit. Piped (or with --lines), one finding after another on
    the line. Every decision asks for a reason and is appended to provenance/decisions.jsonl.

    Example: tekser review --severity warning
    """
    import sys

    from rich.prompt import Prompt
    from rich.text import Text

    from tekser.core.transaction import settle
    from tekser.decisions.cache import package_key, remember
    from tekser.decisions.log import default_reviewer, log_path
    from tekser.decisions.make import make_decision, read_correction
    from tekser.package.descriptor import Package
    from tekser.render.card import ReviewContext, queue, render_card, review_console
    from tekser.validate import validate_opened

    console = review_console()
    package = Package.open(path)
    settle(package.root)  # what a killed anchor or draft --accept left: finished or rolled back
    log_path(package.root)  # a log that leaves the package or is no file: refused before work
    key = package_key(package)  # the files as validated: remembered for `tekser decide`
    report = validate_opened(package)
    remember(package, key, report)
    context = ReviewContext.load(package, report.decisions)
    todo = queue(
        report,
        rules=rules,
        severity=Severity(severity) if severity else None,
        include_decided=include_decided,
    )
    if not todo:
        console.print("Nothing to review.")
        return
    who = reviewer or default_reviewer()
    if not line_mode and sys.stdin.isatty() and sys.stdout.isatty():
        from tekser.desk import ReviewSession, run_desk

        session = ReviewSession(report=report, context=context, findings=todo, reviewer=who)
        if run_desk(session) == EXIT_INTERRUPTED:
            raise KeyboardInterrupt  # "Interrupted.", exit 130, as every command
        click.echo(
            f"{session.decided} decision(s) recorded in provenance/decisions.jsonl for {who}"
        )
        return
    decided = 0
    for index, finding in enumerate(todo, start=1):
        console.print(render_card(finding, report, context, f"{index}/{len(todo)}"))
        key = Prompt.ask(
            Text("[c]onfirm  e[x] correct  [d]ismiss  [s]kip  [q]uit"),
            choices=list(KEYS),
            show_choices=False,
            console=console,
        )
        action = KEYS[key]
        if action == "quit":
            break
        if action == "skip":
            continue
        value: int | float | str | None = None
        figure_id: str | None = None
        if action == "correct":
            figures = [row["figure_id"] for row in context.figures_of(finding)]
            if not figures:
                console.print("This finding names no figure to correct.")
                continue
            figure_id = figures[0]
            if len(figures) > 1:  # by its number in the card's records, or its id
                numbers = [str(n) for n in range(1, len(figures) + 1)]
                answer = Prompt.ask(
                    f"Figure to correct (1–{len(figures)} or its id)",
                    choices=[*numbers, *figures],
                    default="1",
                    show_choices=False,
                    console=console,
                )
                figure_id = figures[int(answer) - 1] if answer in numbers else answer
            while value is None:  # a number in the figure's unit and scale, or a date
                answer = Prompt.ask("Corrected value", console=console)
                try:
                    value = read_correction(answer, context.figures.get(figure_id))
                except TekserError as exc:
                    console.print(Text(str(exc)))
        reason = ""
        while len(reason.strip()) < 3:
            reason = Prompt.ask("Reason", console=console)
        decision = make_decision(
            package.root,
            finding,
            action,
            reason,
            value=value,
            figure_id=figure_id,
            reviewer=who,
            context=context,
        )
        decided += 1
        console.print(f"recorded: {decision.status} ({decision.finding_id})")
    console.print(f"{decided} decision(s) recorded in provenance/decisions.jsonl")
