"""The desk's widgets: a header, the queue with its counts, the finding in view, the keys.

Everything they show from a package goes through rich `Text` (never markup) and
`tekser.render.terminal.safe` (no terminal escapes), as the line mode's card does."""

from __future__ import annotations

import textwrap

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from tekser.core.findings import Severity
from tekser.desk.session import ReviewSession
from tekser.render.card import card, facet_counts
from tekser.render.terminal import STYLE, safe

EXPLANATION_LINES = 4  # as desk.tcss gives #explanation
SHORT = {"critical": "CRIT", "warning": "WARN", "info": "INFO"}
KEYS = (  # the footer's key-action pairs, as the footer shows them: kept as written
    ("c", "confirm"), ("x", "correct"), ("d", "dismiss"), ("s", "skip"), ("n p", ""),
    ("u", "undo"), ("/", "filter"), ("b", "batch"), ("?", "help"), ("q", "quit"),
)  # fmt: skip


def package_name(session: ReviewSession) -> str:
    package = session.context.package
    name = package.descriptor.get("name")
    return str(name) if isinstance(name, str) and name else package.root.name


class DeskHeader(Static):
    """Which package, for whom the decisions are recorded, and how many this session."""

    def show(self, session: ReviewSession) -> None:
        decided = session.decided
        said = f"{decided} decision{'' if decided == 1 else 's'} this session"
        self.update(
            Text.assemble(
                (safe(package_name(session)), "bold"),
                ("  for ", "dim"),
                (safe(session.reviewer), "bold"),
                "  ",
                said,
            )
        )


class QueueCounts(Static):
    """How many findings are shown, the filter in force, and their counts by severity and
    status."""

    def show(self, session: ReviewSession) -> None:
        shown = session.shown
        total = len(session.findings)
        text = Text(f"{total} findings" if not session.filters else f"{len(shown)} of {total}")
        if session.filters:
            said = " ".join(f"{facet}={value}" for facet, value in session.filters.items())
            text.append_text(Text.assemble((" · filter ", "dim"), (safe(said), "bold")))
        counts = facet_counts(shown)
        for severity in sorted(Severity, key=lambda s: -s.rank):
            if counts["severity"].get(severity.value):
                count = counts["severity"][severity.value]
                text.append_text(
                    Text.assemble(" · ", (severity.value, STYLE[severity.value]), f" {count}")
                )
        for status, count in sorted(counts["status"].items()):
            text.append(f" · {status} {count}")
        self.update(text)


class QueueTable(DataTable[Text]):
    """One row a finding: severity, rule, status and the start of its message. It follows
    the session (keys move the finding in view), so it never takes the focus."""

    can_focus = False

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = False
        self.show_header = False
        self.add_column("severity", width=4)
        self.add_column("rule", width=34)
        self.add_column("status", width=9)
        self.add_column("message")

    def show(self, session: ReviewSession) -> None:
        self.clear()
        for finding in session.shown:
            severity = finding.severity.value
            message = safe(finding.message).replace("\n", " ")
            self.add_row(
                Text(SHORT[severity], style=STYLE[severity]),
                Text(safe(finding.rule)),
                Text(finding.status, style="bold" if finding.status.undecided else ""),
                Text(message[:120], no_wrap=True, overflow="ellipsis"),
                key=finding.finding_id,
            )
        if session.shown:
            self.move_cursor(row=session.index, animate=False)


class CardScroll(VerticalScroll, can_focus=False):
    """The card's body: scrolled by the desk's keys (and the mouse), never focused, so that
    the arrows always move through the queue."""


class FindingView(Vertical):
    """The finding in view: its head and the rule's explanation stay in view; the records,
    the quotes in their windows, the series and the decisions scroll beneath."""

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="explanation")
        with CardScroll(id="body"):
            yield Static(id="card")

    session: ReviewSession | None = None

    def on_resize(self) -> None:
        if self.session is not None:  # the explanation may fit its lines now, or no longer
            self.show(self.session)

    def show(self, session: ReviewSession) -> None:
        self.session = session
        finding = session.current
        head = self.query_one("#head", Static)
        explanation = self.query_one("#explanation", Static)
        body = self.query_one("#card", Static)
        if finding is None:
            head.update(Text("No finding matches the filter: / to change it.", style="bold"))
            explanation.update("")
            body.update("")
            return
        shown = card(finding, session.report, session.context, session.position)
        head.update(Text.assemble(shown.title, (" · ", "dim"), finding.status))
        # The rule's explanation stays in view when it fits its lines, else it scrolls first.
        width = max(self.size.width - 2, 20)
        fits = len(textwrap.wrap(shown.explanation.plain, width)) <= EXPLANATION_LINES
        explanation.update(shown.explanation if fits else "")
        explanation.display = fits and bool(shown.explanation.plain)
        first = [] if fits else [shown.explanation]
        body.update(Group(*shown.lead, *first, shown.subtitle, *shown.body))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def scroll_page(self, pages: int) -> None:
        """A page down (1) or up (-1); to the end (more) or the top (less)."""
        scroll = self.query_one("#body", VerticalScroll)
        if pages > 1:
            scroll.scroll_end(animate=False)
        elif pages < -1:
            scroll.scroll_home(animate=False)
        elif pages > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)


class KeyBar(Static):
    """The keys, one line."""

    def on_mount(self) -> None:
        text = Text()
        for key, what in KEYS:
            text.append_text(Text.assemble((key, "bold reverse"), f" {what} " if what else " "))
        self.update(text)
