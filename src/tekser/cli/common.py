"""What every command shares: turning errors into one line and exit code 2, output formats."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from tekser.errors import TekserError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_UNREADABLE = 2


def reports_errors(command: F) -> F:
    """Turn a TekserError into `Error: …` on stderr and exit code 2; tracebacks only with
    TEKSER_DEBUG set."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except TekserError as exc:
            if os.environ.get("TEKSER_DEBUG"):
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_UNREADABLE)

    return wrapper  # type: ignore[return-value]


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
    """A console for stdout; plain when NO_COLOR is set or stdout is not a terminal."""
    return Console(highlight=False, soft_wrap=False)


package_argument = click.argument(
    "path", type=click.Path(path_type=str), default=".", required=False
)
