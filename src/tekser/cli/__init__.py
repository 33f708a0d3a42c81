"""The `tekser` command line: one thin file per command over the library."""

from __future__ import annotations

import atexit
import gc

import click

from tekser.cli.anchor import anchor
from tekser.cli.check_rules import check_rules
from tekser.cli.decide import decide
from tekser.cli.draft import draft
from tekser.cli.init import init
from tekser.cli.publish import publish
from tekser.cli.relations import relations
from tekser.cli.review import review
from tekser.cli.scan import scan
from tekser.cli.upgrade import upgrade
from tekser.cli.validate import validate
from tekser.core.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tekser")
def main() -> None:
    """tekser: archival data validation with per-value provenance.

    Every value of a Frictionless data package carries the exact quote of the source that
    states it; tekser proves on every run that it still does.
    """


# A command's process ends with it: the objects still alive then (with Great Expectations,
# pandas and frictionless loaded, millions) are left to the operating system instead of being
# searched for cycles one last time as the interpreter shuts down — half a second of every
# `tekser validate`. `gc.freeze` changes nothing else: exit handlers still run, and files are
# closed and temporary folders removed by the commands themselves, before this.
atexit.register(gc.freeze)

main.add_command(validate)
main.add_command(anchor)
main.add_command(scan)
main.add_command(relations)
main.add_command(review)
main.add_command(decide)
main.add_command(publish)
main.add_command(init)
main.add_command(draft)
main.add_command(upgrade)
main.add_command(check_rules)
