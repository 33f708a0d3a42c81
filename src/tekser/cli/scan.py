"""`tekser scan`."""

from __future__ import annotations

import json

import click
from rich.table import Table
from rich.text import Text

from tekser.cli.common import console, format_option, reports_errors

STATUS_STYLE = {"captured": "green", "excluded": "dim", "unaccounted": "bold red"}


@click.command()
@click.argument("seed", required=False, default=None)
@click.option(
    "--package",
    "package_path",
    default=".",
    show_default=True,
    help="The package whose provenance and exclusions account for the numbers.",
)
@click.option(
    "--status",
    type=click.Choice(["captured", "excluded", "unaccounted"]),
    help="Only numbers with this status.",
)
@format_option("text", "json")
@reports_errors
def scan(seed: str | None, package_path: str, status: str | None, output_format: str) -> None:
    """List every number in a seed, with its context and whether it is captured, excluded
    (and why) or unaccounted.

    SEED is a source_id or a seed path of the package; all seeds when omitted.

    Example: tekser scan --status unaccounted seeds/article.txt
    """
    from tekser.scanning import scan_package

    numbers = scan_package(package_path, seed)
    if status:
        numbers = [n for n in numbers if n.status == status]
    if output_format == "json":
        rows = [
            {
                "source_id": n.source_id,
                "token": n.token,
                "start": n.start,
                "end": n.end,
                "line": n.line,
                "page": n.page,
                "status": n.status,
                "by": n.by,
                "reason": n.reason,
                "context": n.context,
            }
            for n in numbers
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("line", "number", "status", "by / reason", "context"):
        table.add_column(column, overflow="fold")
    for n in numbers:
        why = n.by + (f" ({n.reason})" if n.reason else "")
        table.add_row(
            str(n.line),
            n.token,
            Text(n.status, style=STATUS_STYLE[n.status]),
            Text(why),
            Text(n.context.strip()),
        )
    out = console()
    out.print(table)
    counts = {s: sum(1 for n in numbers if n.status == s) for s in STATUS_STYLE}
    out.print(", ".join(f"{count} {name}" for name, count in counts.items()))
