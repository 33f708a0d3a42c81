"""The progress of a run, for whoever watches it: each stage of `validate` as it begins and
ends, shown on a terminal (`TerminalProgress`) or timed (`Timings`, for `--timings`).

An observer is optional and changes nothing of the run or its report. `validate_package`
makes the one it is given current for the run (`observing`), so that a stage's own module
can report its parts without another parameter: `with stage("consistency/database"):` (a
part is named `stage/part` and begins and ends within its stage). Without an observer
`stage` does nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from tekser.core.errors import TekserError
from tekser.core.files import write_text_atomic

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

STAGES = ("structure", "provenance", "coverage", "consistency", "decisions")
"""The stages of `validate`, in the order they run."""


class Progress(Protocol):
    """What a run tells its observer."""

    def begin(self, name: str, detail: str = "") -> None:
        """Stage (or part, `stage/part`) `name` begins; `detail` says what it works on."""

    def end(self, name: str) -> None:
        """Stage (or part) `name` has ended, done or not."""


_CURRENT: ContextVar[Progress | None] = ContextVar("tekser_progress", default=None)


@contextlib.contextmanager
def observing(observer: Progress | None) -> Iterator[None]:
    """Make `observer` the one `stage` reports to, for the duration of the block."""
    token = _CURRENT.set(observer)
    try:
        yield
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def stage(name: str, detail: str = "") -> Iterator[None]:
    """Tell the current observer, if any, that `name` begins, and that it ends with the block
    (however the block ends)."""
    observer = _CURRENT.get()
    if observer is None:
        yield
        return
    observer.begin(name, detail)
    try:
        yield
    finally:
        observer.end(name)


class Observers:
    """Several observers told the same."""

    def __init__(self, *observers: Progress) -> None:
        self.observers = observers

    def begin(self, name: str, detail: str = "") -> None:
        for observer in self.observers:
            observer.begin(name, detail)

    def end(self, name: str) -> None:
        for observer in self.observers:
            observer.end(name)


class Timings:
    """The seconds spent in each stage and part (a stage run twice adds up), and in the whole
    run since this observer was made."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self._created = time.perf_counter()

    def begin(self, name: str, detail: str = "") -> None:
        self._started[name] = time.perf_counter()

    def end(self, name: str) -> None:
        started = self._started.pop(name, None)
        if started is not None:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def to_dict(self) -> dict[str, Any]:
        """`stages` (each of `validate`'s stages that ran, in their order), `parts` (those the
        stages reported, `stage/part`, in the order they began), `other` (anything else
        timed: the report), and `total`, the seconds since this observer was made."""
        stages = {name: round(self.seconds[name], 6) for name in STAGES if name in self.seconds}
        parts = {name: round(s, 6) for name, s in self.seconds.items() if "/" in name}
        other = {
            name: round(s, 6)
            for name, s in self.seconds.items()
            if name not in stages and name not in parts
        }
        total = round(time.perf_counter() - self._created, 6)
        return {"stages": stages, "parts": parts, "other": other, "total": total}

    def write(self, path: Path) -> None:
        """The timings as a small JSON file, written atomically."""
        text = json.dumps(self.to_dict(), indent=2) + "\n"
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise TekserError(f"{path}: cannot write the timings ({exc.strerror or exc})") from None


def interactive(stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> bool:
    """Whether a person is watching: stdout and stderr both terminals (not a pipe, not a
    file), not in CI (`CI` set, as every CI service sets it), and a terminal that can redraw
    a line (`TERM` not `dumb`)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    for stream in (stdout or sys.stdout, stderr or sys.stderr):
        try:
            if not stream.isatty():
                return False
        except (AttributeError, ValueError):
            return False
    return True


class TerminalProgress:
    """Each stage on a line of stderr while the run lasts (a spinner, then ✓, and its seconds),
    the current part beside its stage; gone when the run ends, leaving the report alone.

    It writes to its own copy of file descriptor 2, so that a stage that points descriptor 2
    elsewhere for a while (the Spark engine, for the JVM's output) does not take it along.
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import SpinnerColumn, TextColumn

        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        self._stream = open(  # noqa: SIM115 - closed by close()
            os.dup(sys.stderr.fileno()), "w", encoding=encoding, errors="replace"
        )
        console = Console(file=self._stream, highlight=False)
        self._progress: RichProgress = RichProgress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description}"),
            TextColumn("[dim]{task.elapsed:.1f} s[/]"),
            console=console,
            transient=True,
            redirect_stdout=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._labels: dict[str, str] = {}
        self._started = False

    def begin(self, name: str, detail: str = "") -> None:
        if not self._started:
            self._progress.start()
            self._started = True
        from rich.markup import escape

        top, _, part = name.partition("/")
        said = f" · {escape(detail)}" if detail else ""
        if part:
            task = self._tasks.get(top)
            if task is not None:
                label = f"{self._labels[top]} [dim]› {escape(part)}{said}[/]"
                self._progress.update(task, description=label)
            return
        self._labels[name] = f"[bold]{escape(name)}[/]{said}"
        self._tasks[name] = self._progress.add_task(self._labels[name], total=None)

    def end(self, name: str) -> None:
        top, _, part = name.partition("/")
        task = self._tasks.get(top)
        if task is None:
            return
        if part:
            self._progress.update(task, description=self._labels[top])
        else:
            self._progress.update(task, total=1, completed=1)
            self._progress.stop_task(task)  # its time stays what the stage took

    def close(self) -> None:
        """Take the lines away and give the terminal back."""
        try:
            if self._started:
                self._progress.stop()
        finally:
            self._stream.close()


@contextlib.contextmanager
def shown_on_terminal(wanted: bool) -> Iterator[TerminalProgress | None]:
    """A `TerminalProgress` for the block when `wanted` and a person is watching
    (`interactive`), else None; closed however the block ends."""
    if not (wanted and interactive()):
        yield None
        return
    try:
        display = TerminalProgress()
    except (OSError, ValueError):  # a terminal without a file descriptor to copy: no display
        yield None
        return
    try:
        yield display
    finally:
        display.close()
