"""What every command shares: turning errors into one line and exit code 2, output formats."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TypeVar

import click
from rich.console import Console

from tekser.errors import TekserError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_UNREADABLE = 2


EXIT_INTERRUPTED = 130


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, `timeout`) unwinds like Ctrl-C, so that every `finally`
    runs: temporary folders are removed, half-built files deleted, nothing is left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def reports_errors(command: F) -> F:
    """Turn a TekserError into `Error: …` on stderr and exit code 2 (tracebacks only with
    TEKSER_DEBUG set), and Ctrl-C or SIGTERM into `Interrupted.` and exit code 130 — never
    exit 1, which means findings."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with terminate_as_interrupt():
                return command(*args, **kwargs)
        except TekserError as exc:
            if os.environ.get("TEKSER_DEBUG"):
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_UNREADABLE)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def quiet_broken_pipe(code: int) -> Iterator[None]:
    """A reader that stops early (`tekser validate | head`) ends the command quietly, with
    `code` (the validation's own exit code), not a traceback or exit 1: stdout is pointed at
    the null device, so that nothing more is written to the closed pipe, even at exit."""
    try:
        yield
    except BrokenPipeError:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        except (OSError, ValueError):
            pass  # a stdout without a descriptor (a test runner's): nothing to redirect
        finally:
            os.close(null)
        sys.exit(code)


def format_option(*choices: str) -> Callable[[F], F]:
    """The shared `--format` option."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output for people (text) or machines.",
    )


class _Console(Console):
    """rich's console, except that a closed pipe is left to `quiet_broken_pipe` (rich's own
    handling exits 1, the code for findings)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def console() -> Console:
    """A console for stdout; plain when NO_COLOR is set or stdout is not a terminal."""
    return _Console(highlight=False, soft_wrap=False)


package_argument = click.argument(
    "path", type=click.Path(path_type=str), default=".", required=False
)


class NumberParam(click.ParamType):  # type: ignore[type-arg]
    """A value as a curator types it: an integer, or a decimal with a point or a comma
    (2.5, 2,5), kept as an int when whole."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from decimal import Decimal, InvalidOperation

        if isinstance(value, int | float):
            return value
        text = str(value).strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return int(number) if number == number.to_integral_value() else float(text)


NUMBER = NumberParam()
