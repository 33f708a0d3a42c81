"""`tekser review`."""

from __future__ import annotations

import click

from tekser.cli.common import NUMBER, package_argument, reports_errors
from tekser.findings import Severity

KEYS = {"c": "confirm", "x": "correct", "d": "dismiss", "s": "skip", "q": "quit"}


@click.command()
@package_argument
@click.option("--rule", "rules", multiple=True, help="Only findings of this rule (or family).")
@click.option("--severity", type=click.Choice([s.value for s in Severity]), default=None,
              help="Only findings at or above this severity.")  # fmt: skip
@click.option("--all", "include_decided", is_flag=True, help="Decided findings too.")
@click.option("--reviewer", default=None, help="Who decides [default: git user, else login].")
@reports_errors
def review(
    path: str, rules: tuple[str, ...], severity: str | None, include_decided: bool,
    reviewer: str | None,
) -> None:  # fmt: skip
    """Review open findings one by one, with the source's words in front of you.

    For each finding: c confirm (the source really says this), x correct (enter the value),
    d dismiss (not an inconsistency), s skip, q quit. Every decision asks for a reason and is
    appended to provenance/decisions.jsonl.

    Example: tekser review --severity warning
    """
    from rich.prompt import Prompt
    from rich.text import Text

    from tekser.decisions import default_reviewer
    from tekser.package import Package
    from tekser.review import ReviewContext, make_decision, queue, render_card, review_console
    from tekser.validate import validate_package

    console = review_console()
    report = validate_package(path)
    package = Package.open(path)
    context = ReviewContext.load(package)
    todo = queue(report, rules=rules, severity=Severity(severity) if severity else None,
                 include_decided=include_decided)  # fmt: skip
    if not todo:
        console.print("Nothing to review.")
        return
    who = reviewer or default_reviewer()
    decided = 0
    for index, finding in enumerate(todo, start=1):
        console.print(render_card(finding, report, context, f"{index}/{len(todo)}"))
        key = Prompt.ask(
            Text("[c]onfirm  e[x] correct  [d]ismiss  [s]kip  [q]uit"),
            choices=list(KEYS), show_choices=False, console=console,
        )  # fmt: skip
        action = KEYS[key]
        if action == "quit":
            break
        if action == "skip":
            continue
        value: int | float | None = None
        figure_id: str | None = None
        if action == "correct":
            figures = [row["figure_id"] for row in context.figures_of(finding)]
            if not figures:
                console.print("This finding names no figure to correct.")
                continue
            figure_id = (
                figures[0]
                if len(figures) == 1
                else Prompt.ask(
                    "Figure to correct", choices=figures, default=figures[0], console=console
                )
            )
            while value is None:  # a whole or decimal number, in the figure's unit and scale
                answer = Prompt.ask("Corrected value", console=console)
                try:
                    value = NUMBER.convert(answer, None, None)
                except click.BadParameter as exc:
                    console.print(exc.message)
        reason = ""
        while len(reason.strip()) < 3:
            reason = Prompt.ask("Reason", console=console)
        decision = make_decision(package.root, finding, action, reason, value=value,
                                 figure_id=figure_id, reviewer=who, context=context)  # fmt: skip
        decided += 1
        console.print(f"recorded: {decision.status} ({decision.finding_id})")
    console.print(f"{decided} decision(s) recorded in provenance/decisions.jsonl")
