"""The desk's prompts, each a modal screen: a decision's reason, a correction (the figure and
its value), the filter, a batch and its confirmation, and the keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tekser.core.errors import TekserError
from tekser.decisions.log import MIN_REASON
from tekser.decisions.make import read_correction
from tekser.package.descriptor import Row
from tekser.render.card import FACETS, value_in_scale
from tekser.render.terminal import safe

Correction = tuple[str, int | float | str]


class ReasonScreen(ModalScreen[str | None]):
    """Why: asked for every decision. Enter records, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, title: Text) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Input(placeholder="what the source says, and why", id="reason")
            yield Static(id="error", classes="error")
            yield Static(Text("Enter records · Escape cancels", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if len(event.value.strip()) < MIN_REASON:
            self.query_one("#error", Static).update(
                Text("A decision needs a reason: what the source says, and why.")
            )
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def figure_line(number: int, row: Row) -> Text:
    said = f"printed {row.get('printed', '')}, value {value_in_scale(row)}"
    if row.get("period_start"):
        said += f", date {row['period_start']}"
    return Text.assemble(
        (f"{number} ", "bold"), (safe(row["figure_id"]), "bold"), "  ", (safe(said), "dim")
    )


def value_hint(row: Row) -> str:
    unit = " ".join(part for part in (row.get("unit", ""), row.get("scale", "")) if part)
    kind = "a whole number" if row.get("statistic") == "count" else "a number (2.5 or 2,5)"
    return f"{kind}{f' in {unit}' if unit else ''}, or a date YYYY-MM-DD"


class CorrectionScreen(ModalScreen[Correction | None]):
    """A correction: the figure picked from a numbered list (its number, or the arrows and
    Enter), then its value, checked in the figure's type before anything is recorded."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, figures: Sequence[Row]) -> None:
        super().__init__()
        self.figures = list(figures)
        self.chosen: Row | None = None  # picked even when there is one: the same keys always

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text("Correct which figure? (its number, or ↑↓ and Enter)"), classes="title"
            )
            options = [
                Option(figure_line(n, row), id=str(n - 1))
                for n, row in enumerate(self.figures, start=1)
            ]
            yield OptionList(*options, id="figures")
            yield Static(id="chosen")
            yield Input(placeholder="the corrected value", id="value")
            yield Static(id="error", classes="error")
            yield Static(Text("Enter takes the value · Escape cancels", style="dim"))

    def on_mount(self) -> None:
        figures = self.query_one("#figures", OptionList)
        figures.highlighted = 0
        figures.focus()

    def _choose(self, index: int) -> None:
        self.chosen = self.figures[index]
        self.query_one("#chosen", Static).update(
            Text.assemble(("correcting ", "dim"), figure_line(index + 1, self.chosen))
        )
        value = self.query_one("#value", Input)
        value.placeholder = value_hint(self.chosen)
        value.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(int(event.option.id or 0))

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.figures):
                event.stop()
                self._choose(index)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#error", Static)
        if self.chosen is None:
            error.update(Text("Pick the figure first (its number)."))
            self.query_one("#figures", OptionList).focus()
            return
        try:
            value = read_correction(event.value, self.chosen)
        except TekserError as exc:
            error.update(Text(safe(str(exc))))
            return
        self.dismiss((self.chosen["figure_id"], value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterScreen(ModalScreen[dict[str, str] | None]):
    """Facets of the queue with their counts: picking a value filters by it (again: drops
    it); the first line clears the filter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, counts: dict[str, dict[str, int]], filters: dict[str, str]) -> None:
        super().__init__()
        self.counts = counts
        self.filters = dict(filters)

    def compose(self) -> ComposeResult:
        options = [Option(Text("clear the filter: every finding of the queue"), id="")]
        for facet in FACETS:
            for value, count in sorted(self.counts[facet].items()):
                mark = "✓" if self.filters.get(facet) == value else " "
                prompt = Text.assemble(
                    f"{mark} ", (f"{facet:<9}", "dim"), safe(value), (f"  {count}", "bold")
                )
                options.append(Option(prompt, id=f"{facet}\t{value}"))
        with Vertical(classes="dialog"):
            yield Static(Text("Filter the queue by (Enter picks, Escape cancels)"), classes="title")
            yield OptionList(*options, id="facets")

    def on_mount(self) -> None:
        self.query_one("#facets", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            self.dismiss({})
            return
        facet, value = event.option.id.split("\t", 1)
        if self.filters.get(facet) == value:
            del self.filters[facet]
        else:
            self.filters[facet] = value
        self.dismiss(self.filters)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A question answered by one key of `keys` (key → answer); Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, question: Text, keys: dict[str, str]) -> None:
        super().__init__()
        self.question = question
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="title")

    def on_key(self, event: events.Key) -> None:
        if event.character in self.keys:
            event.stop()
            self.dismiss(self.keys[event.character])

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP = """\
c  confirm: the source really says this; keep it as printed
x  correct: pick the figure, type its value (or date); the printed one is kept
d  dismiss: not an inconsistency
s  skip to the next finding, deciding nothing
n, ↓  next finding      p, ↑  previous finding
PgDn, PgUp, Space, Home, End  scroll the finding
u  undo the last decision of this session (a retraction is appended to the log)
/  filter the queue by rule, severity, status, stage or source
b  batch: one decision and one reason for every undecided finding shown
?  this help        q  quit        Ctrl-C  interrupt (exit 130)

Every decision asks for its reason: Enter records it, Escape cancels.
Decisions are appended to provenance/decisions.jsonl, one whole line each."""


class HelpScreen(ModalScreen[None]):
    """The keys; any key closes it."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Keys", style="bold"), classes="title")
            yield Static(Text(HELP))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)
