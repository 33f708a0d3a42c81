"""`tekser decide`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tekser.cli.common import limits_option, package_argument, reports_errors
from tekser.core.names import DECISION_ACTIONS

if TYPE_CHECKING:
    from tekser.core.findings import Finding
    from tekser.package.descriptor import Package


@click.command()
@click.argument("finding_id")
@click.argument("action", type=click.Choice(DECISION_ACTIONS))
@package_argument
@click.option("--reason", required=True, help="Why: what the source says, the likely error.")
@click.option(
    "--value", default=None, help="The corrected value (with correct): 12, 2.5, or 1901-01-01."
)
@click.option(
    "--figure",
    "figure_id",
    default=None,
    help="The figure to correct [default: the first the finding names].",
)
@click.option("--reviewer", default=None, help="Who decides [default: git user, else login].")
@limits_option
@reports_errors
def decide(
    finding_id: str,
    action: str,
    path: str,
    reason: str,
    value: str | None,
    figure_id: str | None,
    reviewer: str | None,
) -> None:
    """Record a decision on one finding, without the review screen (for scripts).

    confirm: the source really says this, keep it as printed; correct: enter the value, or the
    date of the figure's period (the printed one is kept, marked superseded); dismiss: not an
    inconsistency; retract: withdraw the decision in force (an undo, appended to the log).

    Example: tekser decide series.repeated-value:0123456789ab confirm --reason "as printed"
    """
    from tekser.core.errors import TekserError
    from tekser.core.transaction import settle
    from tekser.decisions.log import log_path, require_reason
    from tekser.decisions.make import FigureTable, make_decision, retract
    from tekser.package.descriptor import Package

    require_reason(reason)  # before anything is read: a refusal costs nothing
    package = Package.open(path)
    settle(package.root)  # what a killed anchor or draft --accept left: finished or rolled back
    log_path(package.root)  # a log that leaves the package or is no file: refused before work
    finding = recorded_finding(package, finding_id)
    if finding is None:
        raise TekserError(f"{finding_id}: no such finding in this package (run tekser validate)")
    if action == "retract":
        current = finding.decision  # the decision in force, as validate applied the log
        if current is None:
            raise TekserError(f"{finding_id}: no decision in force to retract")
        if value is not None or figure_id is not None:
            raise TekserError("--value and --figure are only for corrections")
        retraction = retract(package.root, finding, current, reviewer=reviewer, reason=reason)
        click.echo(
            f"{finding_id}: {current.status} by {current.reviewer} retracted by "
            f"{retraction.reviewer}"
        )
        return
    decision = make_decision(
        package.root,
        finding,
        action,
        reason,
        value=value,
        figure_id=figure_id,
        reviewer=reviewer,
        # a correction's figure is checked against the figures table, read for it alone
        context=FigureTable.read(package, finding, figure_id) if action == "correct" else None,
    )
    click.echo(f"{decision.finding_id}: {decision.status} by {decision.reviewer}")


def recorded_finding(package: Package, finding_id: str) -> Finding | None:
    """The finding a decision is recorded against, with its decision in force: as the
    package's last validation gave it, remembered by the content of its files
    (`tekser.decisions.cache`), the log applied again — or, when none is remembered for
    these files or it lacks the finding, as a validation now gives it (remembered for the
    next decision)."""
    from tekser.decisions.cache import package_key, recall, remember

    key = package_key(package)
    remembered = recall(package, key, finding_id)
    if remembered is not None:
        return remembered
    from tekser.validate import validate_opened  # only now: its imports cost a decision

    report = validate_opened(package)
    remember(package, key, report)
    return next((f for f in report.findings if f.finding_id == finding_id), None)
