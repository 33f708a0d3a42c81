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
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tekser.core.errors import (
    LimitExceeded,
    MalformedSuite,
    MissingEngine,
    RefusedWrite,
    TekserError,
    UnreadablePackage,
)

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])
EXIT_UNREADABLE = 2

# The exit code of each kind of error (`tekser.core.errors`), its line always `Error: …`:
# each is 2 — the input could not be read or used — never 1, which means findings.
EXIT_CODES: dict[type[TekserError], int] = {
    UnreadablePackage: EXIT_UNREADABLE,
    MalformedSuite: EXIT_UNREADABLE,
    MissingEngine: EXIT_UNREADABLE,
    RefusedWrite: EXIT_UNREADABLE,
    LimitExceeded: EXIT_UNREADABLE,
    TekserError: EXIT_UNREADABLE,
}


def exit_code(error: TekserError) -> int:
    """The exit code of an error: that of its kind, or of the nearest kind it is one of."""
    for kind in type(error).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    return EXIT_UNREADABLE


EXIT_INTERRUPTED = 130


# the termination signals received during the current command
_SIGNALLED: list[int] = []


def _terminated(signum: int, frame: FrameType | None) -> None:
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled, `timeout`) unwinds like Ctrl-C, so that every `finally`
    runs: temporary folders are removed, half-built files deleted, nothing is left behind.

    Both are remembered, so that the command ends as interrupted even when a library turned
    the interruption into something else: an extension module interrupted while it loads
    raises ImportError, which an optional import takes for a missing library and carries on;
    one raised where Python cannot raise it (a callback of the import system) is not printed
    as "Exception ignored", with its traceback. (Ctrl-C is left alone where it was ignored,
    as in a job started in the background.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _SIGNALLED.clear()
    signals = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signals.append(signal.SIGINT)
    previous = {signum: signal.signal(signum, _terminated) for signum in signals}
    hook = sys.unraisablehook

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        if not (_SIGNALLED and isinstance(info.exc_value, KeyboardInterrupt)):
            hook(info)

    sys.unraisablehook = unraisable
    try:
        yield
    finally:
        sys.unraisablehook = hook
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupted() -> None:
    click.echo("Interrupted.", err=True)
    sys.exit(EXIT_INTERRUPTED)


def os_error_line(exc: OSError) -> str:
    """An error of the operating system in one line: what failed, why, and on which path —
    `tekser decide stopped: Read-only file system (provenance/decisions.jsonl)`; a path
    inside the working folder relative to it."""
    context = click.get_current_context(silent=True)
    what = f"tekser {context.info_name}" if context is not None and context.info_name else "tekser"
    why = exc.strerror or str(exc) or type(exc).__name__
    paths = [_shown(name) for name in (exc.filename, exc.filename2) if name is not None]
    where = f" ({' -> '.join(paths)})" if paths else ""
    return f"{what} stopped: {why}{where}"


def _shown(name: object) -> str:
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if not isinstance(name, str):
        return str(name)  # a file descriptor
    with contextlib.suppress(ValueError, OSError):
        relative = os.path.relpath(name)
        if not relative.startswith(os.pardir):
            name = relative
    return name if name.isprintable() else repr(name)  # a newline in a name: still one line


def reports_errors(command: F) -> F:
    """Turn a TekserError into `Error: …` on stderr and its kind's exit code (`EXIT_CODES`:
    2), an error of the system
    nothing else caught (an OSError with an errno: a read-only package, a full disk) into
    `Error: <command> stopped: <why> (<path>)` and exit code 2 (tracebacks only with
    TEKSER_DEBUG set), and Ctrl-C or SIGTERM into `Interrupted.` and exit code 130 — never
    exit 1, which means findings, nor 0, however the command ended after it."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with terminate_as_interrupt():
                result = command(*args, **kwargs)
        except KeyboardInterrupt:
            _interrupted()
        except SystemExit as exc:
            if _SIGNALLED and exc.code != EXIT_INTERRUPTED:
                _interrupted()  # the command said how it ended, but it was interrupted
            raise
        except TekserError as exc:
            if _SIGNALLED:
                _interrupted()
            if os.environ.get("TEKSER_DEBUG"):
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exit_code(exc))
        except OSError as exc:
            # the net under every read and write a command did not word itself: a read-only
            # package, a full disk, a folder where a file belongs — one line, not a traceback.
            # (An OSError without an errno is a library's own error, not the system's: a bug.)
            if _SIGNALLED:
                _interrupted()
            if os.environ.get("TEKSER_DEBUG") or exc.errno is None:
                raise
            click.echo(f"Error: {os_error_line(exc)}", err=True)
            sys.exit(EXIT_UNREADABLE)
        except Exception:
            if _SIGNALLED:
                _interrupted()
            raise
        if _SIGNALLED:
            _interrupted()
        return result

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


def console() -> Console:
    """A console for stdout; plain when NO_COLOR is set or stdout is not a terminal. A closed
    pipe is left to `quiet_broken_pipe` (rich's own handling exits 1, the code for findings).
    rich is imported here, not with the command line (`tekser --help` stays quick)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return _Console(highlight=False, soft_wrap=False)


def _set_limits(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    from tekser.core.limits import set_limits

    try:
        set_limits(value)
    except TekserError as exc:
        raise click.BadParameter(str(exc).removeprefix("--limit "), ctx, param) from None


def limits_option(command: F) -> F:
    """The shared `--limit NAME=VALUE` option: raise (or lower) one of the bounds kept on what
    a package may make tekser read (`tekser.core.limits`), for this run."""
    return click.option(
        "--limit",
        "limits",
        multiple=True,
        metavar="NAME=VALUE",
        callback=_set_limits,
        expose_value=False,
        is_eager=True,
        help="Raise a bound on what the package may make tekser read, for this run: depth, "
        "columns, field-bytes, line-bytes, document-bytes, seed-bytes, decision-bytes, "
        "unpacked-bytes, unpacked-ratio, rule-seconds, rule-rows (sizes may end in K, M, G); "
        "repeat for each.",
    )(command)


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
