"""The README is true: its Quickstart is what CI runs, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tekser.cli import main
from tests.conftest import ROOT, run


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Quickstart has a sh code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quickstart_has_exactly_two_commands() -> None:
    commands = quickstart_commands()
    assert len(commands) == 2
    assert commands[0].endswith("tekser validate")
    assert "'.[test]'" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_second_quickstart_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quickstart_commands()[1] in ci


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_command_reference_is_what_help_says() -> None:
    """`cog --check`: the README's command reference is the one `--help` generates now."""
    from cogapp import Cog

    assert Cog().main(["cog", "--check", str(ROOT / "README.md")]) == 0, "run: cog -r README.md"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_and_option_is_in_the_reference(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"### `tekser {command}`\n", 1)[1].split("\n### ", 1)[0]
    for parameter in main.commands[command].params:
        if getattr(parameter, "hidden", False):
            continue  # a deprecated spelling, kept for one release
        for option in getattr(parameter, "opts", []):
            if option.startswith("--"):
                assert option in section, f"{command} {option}"


def test_a_stale_reference_is_caught(tmp_path: Path) -> None:
    from cogapp import Cog

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = tmp_path / "README.md"
    stale.write_text(readme.replace("- `--timings`", "- `--timing`"), encoding="utf-8")
    assert Cog().main(["cog", "--check", str(stale)]) != 0


def test_a_stale_rules_reference_is_caught(tmp_path: Path) -> None:
    """The rules reference is the catalogue's: a rule left out of the README is caught."""
    from cogapp import Cog

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `coverage.unaccounted`"))
    stale = tmp_path / "README.md"
    stale.write_text(readme.replace(row + "\n", ""), encoding="utf-8")
    assert Cog().main(["cog", "--check", str(stale)]) != 0
