"""`tekser upgrade`."""

from __future__ import annotations

import click

from tekser.cli.common import limits_option, package_argument, reports_errors


@click.command()
@package_argument
@click.option("--dry-run", is_flag=True, help="List the changes; write nothing.")
@limits_option
@reports_errors
def upgrade(path: str, dry_run: bool) -> None:
    """Rewrite a package of an older contract to the current one.

    Contract 0.1 carried the scale in the unit and wrote the printed digits joined
    (`per-mille` 615 for "61,5%", `thousand-persons` 12305 for "12 миллионов 305 тысяч");
    the current contract writes value, unit and scale (61.5 `percent`; 12305 `persons` ×
    `thousand`). The schemas get the current contract's columns, the descriptor its contract,
    byte counts and hashes, all in one commit. Every change is listed, one line each.

    Example: tekser upgrade path/to/package --dry-run
    """
    from tekser.authoring.upgrade import upgrade_package
    from tekser.core.contract import CONTRACT
    from tekser.package.descriptor import Package

    result = upgrade_package(Package.open(path), dry_run=dry_run)
    if result.current:
        click.echo(f"already at contract {CONTRACT}; nothing to do")
        return
    done = "would change" if dry_run else "changed"
    click.echo(f"contract {result.contract} → {CONTRACT}: {len(result.changes)} change(s)")
    for change in result.changes:
        click.echo(f"  {change}")
    click.echo(f"{done} {len(result.files)} file(s): {', '.join(result.files)}")
