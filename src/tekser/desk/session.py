"""A review session: the queue, its filter, the finding in view and the decisions made, as
plain objects that the desk's screens show and its keys change (no Textual here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tekser.core.errors import TekserError
from tekser.core.findings import Decision, Finding
from tekser.core.report import Report
from tekser.decisions.apply import settle
from tekser.decisions.log import in_force
from tekser.decisions.make import make_decision, retract
from tekser.render.card import ReviewContext, facet_counts, matches

# A batch gives many findings one reason: a correction is one figure's value, never a batch's.
BATCH_ACTIONS = ("confirm", "dismiss")


@dataclass(frozen=True, slots=True)
class Act:
    """What one key did to the log: one decision, or a batch of them; undone as a whole."""

    decisions: tuple[tuple[Finding, Decision], ...]


@dataclass(slots=True)
class ReviewSession:
    """The findings under review (most severe first, as `review.queue` orders them), the
    facets they are filtered by, the one in view, and this session's acts, newest last."""

    report: Report
    context: ReviewContext
    findings: list[Finding]
    reviewer: str
    filters: dict[str, str] = field(default_factory=dict)
    index: int = 0
    acts: list[Act] = field(default_factory=list)

    @property
    def shown(self) -> list[Finding]:
        """The findings the filter lets through, in queue order."""
        return [finding for finding in self.findings if matches(finding, self.filters)]

    @property
    def current(self) -> Finding | None:
        shown = self.shown
        if not shown:
            return None
        self.index = min(max(self.index, 0), len(shown) - 1)
        return shown[self.index]

    @property
    def position(self) -> str:
        shown = self.shown
        return f"{self.index + 1}/{len(shown)}" if shown else "0/0"

    @property
    def decided(self) -> int:
        """Decisions recorded this session and not undone."""
        return sum(len(act.decisions) for act in self.acts)

    def counts(self) -> dict[str, dict[str, int]]:
        """Facet counts of the whole queue (not only of what the filter shows)."""
        return facet_counts(self.findings)

    def move(self, step: int) -> None:
        """To the next (step 1) or previous (-1) finding shown, stopping at either end."""
        self.index = min(max(self.index + step, 0), max(len(self.shown) - 1, 0))

    def go_to(self, finding: Finding) -> None:
        shown = self.shown
        if finding in shown:
            self.index = shown.index(finding)

    def set_filters(self, filters: dict[str, str]) -> None:
        """Filter the queue; the finding in view stays in view when the filter keeps it."""
        keep = self.current
        self.filters = dict(filters)
        self.index = 0
        if keep is not None:
            self.go_to(keep)

    def undecided_shown(self) -> list[Finding]:
        return [finding for finding in self.shown if finding.status.undecided]

    def resettle(self) -> None:
        """Read the log again and give every finding the status of its decision in force
        (another curator's lines included)."""
        self.context.reload_log()
        current = in_force(self.context.log)
        for finding in self.report.findings:
            settle(finding, current.get(finding.finding_id))

    def decide(
        self,
        action: str,
        reason: str,
        *,
        value: int | float | str | None = None,
        figure_id: str | None = None,
    ) -> Decision:
        """Record a decision on the finding in view, then show the next one."""
        finding = self.current
        if finding is None:
            raise TekserError("no finding in view")
        decision = make_decision(
            self.context.package.root,
            finding,
            action,
            reason,
            value=value,
            figure_id=figure_id,
            reviewer=self.reviewer,
            context=self.context,
        )
        self.acts.append(Act(((finding, decision),)))
        self.resettle()
        self.move(1)
        return decision

    def batch(self, action: str, reason: str, findings: Sequence[Finding]) -> list[Decision]:
        """The same decision, with one reason, on each of `findings` (one whole line each);
        undone as one act."""
        if action not in BATCH_ACTIONS:
            raise TekserError(f"a batch can {' or '.join(BATCH_ACTIONS)}, not {action}")
        done: list[tuple[Finding, Decision]] = []
        try:
            for finding in findings:
                decision = make_decision(
                    self.context.package.root,
                    finding,
                    action,
                    reason,
                    reviewer=self.reviewer,
                    context=self.context,
                )
                done.append((finding, decision))
        finally:
            if done:  # what was written stays undoable, even when the batch stopped midway
                self.acts.append(Act(tuple(done)))
            self.resettle()
        return [decision for _finding, decision in done]

    def undo(self) -> list[Decision]:
        """Retract the last act of this session (newest decision first) and show its first
        finding; the retractions are appended to the log."""
        if not self.acts:
            raise TekserError("nothing to undo in this session")
        act = self.acts.pop()
        retractions = []
        left = list(act.decisions)
        try:
            while left:
                finding, decision = left[-1]
                root = self.context.package.root
                retractions.append(retract(root, finding, decision, reviewer=self.reviewer))
                left.pop()
        finally:
            if left:  # stopped midway: what is not retracted stays undoable
                self.acts.append(Act(tuple(left)))
            self.resettle()
        self.go_to(act.decisions[0][0])
        return retractions
