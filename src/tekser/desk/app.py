"""The curator's desk: `tekser review` as a full-screen application.

A thin layer of keys and screens over a `ReviewSession`, which records through
`tekser.decisions.make` and `tekser.decisions.log`: the desk shows the line mode's card, and every
decision is one whole line appended to the log under its lock."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable

from tekser.core.errors import TekserError
from tekser.core.findings import Decision, Finding
from tekser.desk.screens import (
    ChoiceScreen,
    Correction,
    CorrectionScreen,
    FilterScreen,
    HelpScreen,
    ReasonScreen,
)
from tekser.desk.session import BATCH_ACTIONS, ReviewSession
from tekser.desk.widgets import DeskHeader, FindingView, KeyBar, QueueCounts, QueueTable
from tekser.render.terminal import safe

EXIT_INTERRUPTED = 130
# The keys that change the queue or the log: not while a prompt is open.
DESK_ACTIONS = {
    "decide",
    "correct",
    "skip",
    "move",
    "scroll",
    "undo",
    "filter",
    "batch",
    "help",
    "quit_desk",
}


class DeskApp(App[int]):
    """The queue above (beside, on a wide terminal) the finding in view; one key a decision."""

    CSS_PATH = "desk.tcss"
    TITLE = "tekser review"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (as App declares it)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "decide('confirm')", "confirm"),
        Binding("x", "correct", "correct"),
        Binding("d", "decide('dismiss')", "dismiss"),
        Binding("s", "skip", "skip"),
        Binding("n,down", "move(1)", "next"),
        Binding("p,up", "move(-1)", "previous"),
        Binding("pagedown,space", "scroll(1)", "scroll down", show=False),
        Binding("pageup", "scroll(-1)", "scroll up", show=False),
        Binding("end", "scroll(2)", "the end of the finding", show=False),
        Binding("home", "scroll(-2)", "the top of the finding", show=False),
        Binding("u", "undo", "undo"),
        Binding("slash", "filter", "filter"),
        Binding("b", "batch", "batch"),
        Binding("question_mark", "help", "help"),
        Binding("q", "quit_desk", "quit"),
        Binding("ctrl+c", "interrupt", "interrupt", show=False, priority=True),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.notices: list[str] = []  # what the desk said, in order

    def compose(self) -> ComposeResult:
        yield DeskHeader(id="header")
        yield QueueCounts(id="counts")
        with Horizontal(id="main"):
            yield QueueTable(id="queue")
            yield FindingView(id="finding")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        # SIGTERM (a cancelled job, `timeout`) leaves as Ctrl-C does: through Textual's own
        # shutdown, which gives the terminal back as it found it.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTERM, self.action_interrupt)
        self.refresh_desk()

    def on_unmount(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in DESK_ACTIONS or self.screen is self.screen_stack[0]

    def refresh_desk(self) -> None:
        session = self.session
        self.query_one(DeskHeader).show(session)
        self.query_one(QueueCounts).show(session)
        self.query_one(QueueTable).show(session)
        self.query_one(FindingView).show(session)

    def say(self, message: str, *, error: bool = False) -> None:
        """A notice in the corner: never markup, never an escape from the data."""
        self.notices.append(message)
        self.notify(
            safe(message), markup=False, severity="error" if error else "information", timeout=4
        )

    def _for_whom(self, what: str) -> Text:
        finding = self.session.current
        named = finding.finding_id if finding is not None else ""
        return Text.assemble(
            (what, "bold"),
            f" {safe(named)}",
            ("  for ", "dim"),
            (safe(self.session.reviewer), "bold"),
        )

    # --- decisions ------------------------------------------------------------------------

    def action_decide(self, action: str) -> None:
        if self.session.current is None:
            return

        def record(reason: str | None) -> None:
            if reason is not None:
                self._record(action, reason)

        self.push_screen(ReasonScreen(self._for_whom(action)), record)

    def action_correct(self) -> None:
        finding = self.session.current
        if finding is None:
            return
        figures = self.session.context.figures_of(finding)
        if not figures:
            self.say("This finding names no figure to correct.", error=True)
            return

        def reason_for(correction: Correction | None) -> None:
            if correction is None:
                return
            figure_id, value = correction

            def record(reason: str | None) -> None:
                if reason is not None:
                    self._record("correct", reason, value=value, figure_id=figure_id)

            title = self._for_whom("correct")
            title.append(f"\n{safe(figure_id)} → {value}")
            self.push_screen(ReasonScreen(title), record)

        self.push_screen(CorrectionScreen(figures), reason_for)

    def _record(
        self,
        action: str,
        reason: str,
        *,
        value: int | float | str | None = None,
        figure_id: str | None = None,
    ) -> None:
        try:
            decision = self.session.decide(action, reason, value=value, figure_id=figure_id)
        except TekserError as exc:
            self.say(str(exc), error=True)
            return
        self.say(f"recorded: {decision.status} ({decision.finding_id})")
        self.refresh_desk()

    def action_skip(self) -> None:
        self.session.move(1)
        self.refresh_desk()

    def action_move(self, step: int) -> None:
        self.session.move(step)
        self.refresh_desk()

    def action_scroll(self, pages: int) -> None:
        self.query_one(FindingView).scroll_page(pages)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        for finding in self.session.shown:
            if finding.finding_id == event.row_key.value:
                self.session.go_to(finding)
        self.refresh_desk()

    def action_undo(self) -> None:
        try:
            retractions = self.session.undo()
        except TekserError as exc:
            self.say(str(exc), error=True)
            return
        self.say(_undone(retractions))
        self.refresh_desk()

    # --- the queue ------------------------------------------------------------------------

    def action_filter(self) -> None:
        def apply(filters: dict[str, str] | None) -> None:
            if filters is not None:
                self.session.set_filters(filters)
                self.refresh_desk()

        self.push_screen(FilterScreen(self.session.counts(), self.session.filters), apply)

    def action_batch(self) -> None:
        targets = self.session.undecided_shown()
        if not targets:
            self.say("No undecided finding is shown: nothing to decide.", error=True)
            return
        count = len(targets)
        scope = " ".join(f"{k}={v}" for k, v in self.session.filters.items()) or "no filter"
        question = Text.assemble(
            ("Batch", "bold"),
            f": one decision and one reason for the {count} undecided "
            f"finding{'' if count == 1 else 's'} shown ({safe(scope)}).\n",
            ("c", "bold reverse"),
            " confirm  ",
            ("d", "bold reverse"),
            " dismiss  ",
            ("Escape", "bold reverse"),
            " cancel",
        )

        def reason_for(action: str | None) -> None:
            if action not in BATCH_ACTIONS:
                return

            def confirm(reason: str | None) -> None:
                if reason is None:
                    return
                asked = Text.assemble(
                    (f"{action.capitalize()} {count} finding{'' if count == 1 else 's'}", "bold"),
                    f" ({safe(scope)}) for {safe(self.session.reviewer)}, with the reason:\n",
                    safe(reason),
                    "\n",
                    ("y", "bold reverse"),
                    " record  ",
                    ("n", "bold reverse"),
                    " cancel",
                )
                self.push_screen(
                    ChoiceScreen(asked, {"y": "yes", "n": "no"}),
                    lambda answer: self._batch(action, reason, targets, answer == "yes"),
                )

            title = Text.assemble((f"{action} {count} findings", "bold"), f" ({safe(scope)})")
            self.push_screen(ReasonScreen(title), confirm)

        self.push_screen(ChoiceScreen(question, {"c": "confirm", "d": "dismiss"}), reason_for)

    def _batch(self, action: str, reason: str, targets: list[Finding], go: bool) -> None:
        if not go:
            self.say("Batch cancelled: nothing recorded.")
            return
        try:
            done = self.session.batch(action, reason, targets)
        except TekserError as exc:
            self.say(str(exc), error=True)
            done = []
        if done:
            self.say(f"recorded: {len(done)} × {done[0].status}")
        self.refresh_desk()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_quit_desk(self) -> None:
        self.exit(0)

    def action_interrupt(self) -> None:
        self.exit(EXIT_INTERRUPTED, return_code=EXIT_INTERRUPTED)


def _undone(retractions: list[Decision]) -> str:
    if len(retractions) == 1:
        return f"undone: {retractions[0].reason} ({retractions[0].finding_id})"
    return f"undone: {len(retractions)} decisions of a batch"
